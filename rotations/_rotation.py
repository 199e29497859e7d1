"""The public `Rotation`: a role handed to members turn by turn."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from functools import cached_property
from typing import Any, TypeVar

from rotations._collation import LANGUAGES, alphabetical
from rotations._engine import BaseSequence, build
from rotations._errors import RotationError
from rotations._model import (
    After,
    Anchor,
    Change,
    Deputy,
    Join,
    Leave,
    Override,
    Substitution,
    Swap,
    Term,
    Unavailable,
)
from rotations._overrides import Resolver
from rotations._units import CalendarClock, Clock, Event, EventClock, MonthDay, Unit


class Rotation:
    """A role (chair, host) handed to members turn by turn.

    Args:
        name: the rotation's name, e.g. "ordforande".
        members: the members in rotation order (or in any order with
            ``alphabetical=True``).
        role: free text shown in event texts, e.g. "chair" or "värd".
        unit: what a turn is counted in.
        every: a turn lasts this many units.
        alphabetical: order the members alphabetically in `language`.
        language: "sv" (Swedish collation: Å, Ä, Ö after Z) or "en".
        handover: the month-day a yearly turn starts (default 1 January).
        handovers: explicit handover dates by year, overriding `handover`.
        anchor: which member holds the turn that contains a date.
        published: a published list, period name -> holder.
        after: what follows the published list.
        deputy: who deputises for the holder.
        changes: members joining and leaving over time.
        overrides: substitutions, swaps and unavailabilities.
        count_cancelled: per-event rotations only: whether a cancelled
            event uses up a turn (by default it does not).

    Raises:
        RotationError: for anything that does not make a rotation; the
            message says what would be valid.

    """

    def __init__(
        self,
        name: str,
        members: Sequence[str],
        *,
        role: str = "chair",
        unit: Unit | str = Unit.YEAR,
        every: int = 1,
        alphabetical: bool = False,
        language: str = "sv",
        handover: MonthDay | str | None = None,
        handovers: Mapping[int, date] | None = None,
        anchor: Anchor | None = None,
        published: Mapping[str, str] | None = None,
        after: After | str = After.REPEAT,
        deputy: Deputy | str = Deputy.NONE,
        changes: Iterable[Change] = (),
        overrides: Iterable[Override] = (),
        count_cancelled: bool = False,
    ) -> None:
        self._options: dict[str, object] = {
            "role": role,
            "unit": unit,
            "every": every,
            "alphabetical": alphabetical,
            "language": language,
            "handover": handover,
            "handovers": handovers,
            "anchor": anchor,
            "published": published,
            "after": after,
            "deputy": deputy,
            "changes": tuple(changes),
            "overrides": tuple(overrides),
            "count_cancelled": count_cancelled,
        }
        changes, overrides = self._options["changes"], self._options["overrides"]  # type: ignore[assignment]
        self._given_members = tuple(members)
        self.name = name
        self.role = role
        self.unit = _enum(Unit, unit, "unit")
        self.every = every
        self.alphabetical = alphabetical
        if language not in LANGUAGES:
            msg = f"language {language!r} is not supported; valid: {', '.join(LANGUAGES)}"
            raise RotationError(msg)
        self.language = language
        self.handover = MonthDay.parse(handover) if isinstance(handover, str) else handover
        self.handovers = dict(handovers or {})
        self.anchor = anchor
        self.published = dict(published or {})
        self.after = _enum(After, after, "after")
        self.deputy = _enum(Deputy, deputy, "deputy")
        self.changes = tuple(sorted(changes, key=lambda c: c.on))
        self.overrides = tuple(overrides)
        self.count_cancelled = count_cancelled
        self.members = self._check_members(members)
        self._check()
        if self.unit is not Unit.EVENT:
            # Build now so that every error shows at construction.
            _ = self._calendar

    def evolve(self, **options: Any) -> Rotation:
        """A copy with some constructor options changed (e.g. ``changes=[...]``)."""
        members = options.pop("members", self._given_members)
        return Rotation(self.name, members, **{**self._options, **options})

    # -- validation ----------------------------------------------------------
    def _check_members(self, members: Sequence[str]) -> tuple[str, ...]:
        if isinstance(members, str):
            msg = f"members must be a list of names, not the single string {members!r}"
            raise RotationError(msg)
        names = tuple(members)
        if not names:
            msg = f"rotation {self.name!r} has no members; list at least one"
            raise RotationError(msg)
        for m in names:
            if not isinstance(m, str) or not m.strip():
                msg = f"rotation {self.name!r}: a member name must be non-empty text, not {m!r}"
                raise RotationError(msg)
        dupes = sorted({m for m in names if names.count(m) > 1})
        if dupes:
            msg = f"rotation {self.name!r} lists {', '.join(dupes)} more than once"
            raise RotationError(msg)
        return alphabetical(names, self.language) if self.alphabetical else names

    def _known(self, member: str, where: str, field: str) -> None:
        known = set(self.members) | {c.member for c in self.changes if isinstance(c, Join)}
        if member not in known:
            msg = (
                f"rotation {self.name!r}: {where} names {member!r}, which is not a member; "
                f"valid: {', '.join(sorted(known))}"
            )
            raise RotationError(msg, field=field)

    def _check(self) -> None:  # noqa: PLR0912 - one check per option, in one place
        if self.anchor is None and not self.published:
            msg = (
                f"rotation {self.name!r} needs an anchor (which member holds the turn on "
                "a given date) or a published list of holders"
            )
            raise RotationError(msg)
        if self.anchor is not None:
            self._known(self.anchor.holder, "the anchor", "start")
            if self.anchor.holder not in self.members:
                msg = f"the anchor holder {self.anchor.holder!r} must be a member from the start"
                raise RotationError(msg, field="start")
            if self.anchor.on is None and self.unit is not Unit.EVENT:
                msg = f"rotation {self.name!r}: the anchor needs a date for {self.unit} turns"
                raise RotationError(msg, field="start")
        if self.published and self.unit is Unit.EVENT:
            msg = "a published list names periods; per-event rotations cannot have one"
            raise RotationError(msg)
        for period, holder in self.published.items():
            self._known(holder, f"the published list ({period})", "published")
        for o in self.overrides:
            if isinstance(o, Substitution):
                self._known(o.holder, f"the substitution for {o.period}", "overrides")
            elif isinstance(o, Unavailable):
                self._known(o.member, "an unavailability", "overrides")
            elif not isinstance(o, Swap):
                msg = f"unknown exception {o!r}; use Substitution, Swap or Unavailable"
                raise RotationError(msg)
        for c in self.changes:
            if isinstance(c, Leave):
                self._known(c.member, f"the change on {c.on}", "changes")
        if self.deputy is Deputy.OTHER and (len(self.members) != 2 or self.changes):
            msg = (
                f'rotation {self.name!r}: deputy = "other" needs exactly two members '
                'and no membership changes; use "next" for more'
            )
            raise RotationError(msg)
        if self.anchor is not None and self.anchor.on is not None:
            for c in self.changes:
                if c.on <= self.anchor.on:
                    msg = (
                        f"rotation {self.name!r}: the change on {c.on} is not after the anchor "
                        f"({self.anchor.on}); the member list describes the members at the "
                        "anchor, so list them there or move the anchor earlier"
                    )
                    raise RotationError(msg, field="changes")

    # -- engines -------------------------------------------------------------
    def _base(self, clock: Clock, anchor_turn: int | None) -> BaseSequence:
        listed = None
        if self.published:
            turns = sorted((clock.turn_of_label(p), h) for p, h in self.published.items())
            ks = [k for k, _ in turns]
            if len(set(ks)) != len(ks):
                msg = "the published list names the same period twice"
                raise RotationError(msg, field="published")
            missing = [clock.label(k) for k in range(ks[0], ks[-1] + 1) if k not in set(ks)]
            if missing:
                msg = (
                    f"the published list has gaps: no holder for {', '.join(missing)}; "
                    "a published list names every period from its first to its last"
                )
                raise RotationError(msg, field="published")
            listed = (ks[0], tuple(h for _, h in turns))
        changes: list[tuple[int, Change]] = []
        for c in self.changes:
            k = clock.first_turn_from(c.on)
            if k <= (anchor_turn if anchor_turn is not None else (listed or (0,))[0]):
                msg = (
                    f"the change on {c.on} takes effect with turn {clock.label(k)}, which is "
                    "not after the rotation's first turn"
                )
                raise RotationError(msg, field="changes")
            changes.append((k, c))
        base = build(
            order=self.members,
            alphabetical=self.alphabetical,
            language=self.language,
            anchor=None if self.anchor is None else (anchor_turn or 0, self.anchor.holder),
            listed=listed,
            after=self.after,
            changes=changes,
            label=clock.label,
        )
        if listed is not None:
            for i, holder in enumerate(listed[1]):
                k = listed[0] + i
                if holder not in base.members(k):
                    msg = (
                        f"the published list gives {clock.label(k)} to {holder}, "
                        "which is not a member then"
                    )
                    raise RotationError(msg, field="published")
        return base

    @cached_property
    def clock(self) -> CalendarClock:
        """The calendar clock of a rotation whose turns are calendar units."""
        if self.unit is Unit.EVENT:
            msg = f"rotation {self.name!r} turns per event; use assign(events)"
            raise RotationError(msg)
        probe = CalendarClock(self.unit, handover=self.handover, handovers=self.handovers)
        if self.anchor is not None and self.anchor.on is not None:
            origin = probe.unit_at(self.anchor.on)
        else:
            origin = min(probe.unit_of_label(p) for p in self.published)
        return CalendarClock(
            self.unit,
            every=self.every,
            handover=self.handover,
            handovers=self.handovers,
            origin=origin,
        )

    @cached_property
    def _calendar(self) -> Resolver:
        clock = self.clock
        return Resolver(self._base(clock, 0 if self.anchor else None), clock, self.overrides)

    def _term(self, resolver: Resolver, k: int, weight: float = 1.0) -> Term:
        holder, rule = resolver.holder(k)
        start, end = resolver.clock.span(k)
        if self.deputy is Deputy.OTHER:
            deputy: str | None = next(m for m in self.members if m != holder)
        elif self.deputy is Deputy.NEXT:
            deputy = resolver.holder(k + 1)[0]
        else:
            deputy = None
        return Term(
            holder=holder,
            start=start,
            end=end,
            deputy=deputy,
            period=resolver.clock.label(k),
            index=k,
            rule=rule,
            members=resolver.base.members(k),
            weight=weight,
        )

    # -- queries -------------------------------------------------------------
    def term(self, on: date) -> Term:
        """The term that contains `on`."""
        resolver = self._calendar
        return self._term(resolver, resolver.clock.turn_at(on))

    def holder(self, on: date) -> str:
        """The member holding the role on `on`."""
        return self.term(on).holder

    def deputy_on(self, on: date) -> str | None:
        """The deputy on `on`, or ``None`` if the rotation has none."""
        return self.term(on).deputy

    def terms(self, start: date, end: date) -> list[Term]:
        """The terms that overlap the half-open period ``[start, end)``."""
        resolver = self._calendar
        return [self._term(resolver, k) for k in resolver.clock.turns_overlapping(start, end)]

    def next_terms(self, count: int, *, after: date) -> list[Term]:
        """The `count` terms that start after `after`."""
        resolver = self._calendar
        first = resolver.clock.turn_at(after) + 1
        return [self._term(resolver, k) for k in range(first, first + count)]

    def next_term(self, member: str, *, after: date, horizon: int = 1000) -> Term | None:
        """The first term of `member` that starts after `after`, or ``None``.

        Looks `horizon` turns ahead (a member that has left has no next term).
        """
        resolver = self._calendar
        first = resolver.clock.turn_at(after) + 1
        for k in range(first, first + horizon):
            if resolver.holder(k)[0] == member:
                return self._term(resolver, k)
        return None

    def assign(self, events: Sequence[Event]) -> list[Term]:
        """Hand one turn per event, in date order; returns a term per counted event.

        Cancelled events take no turn (and get no term) unless the rotation
        counts them. For rotations in calendar units, each event gets the
        term that contains its first day.
        """
        if self.unit is not Unit.EVENT:
            return [
                _with_event(self.term(e.start), e)
                for e in sorted(events, key=lambda e: (e.start, e.key))
                if self.count_cancelled or not e.cancelled
            ]
        clock = EventClock(
            events,
            anchor=None if self.anchor is None else self.anchor.on,
            count_cancelled=self.count_cancelled,
            every=self.every,
        )
        if not len(clock):
            return []
        resolver = Resolver(self._base(clock, 0), clock, self.overrides)
        terms = {k: self._term(resolver, k) for k in clock.turns()}
        # One term per event; with every > 1 the events of a turn share its holder.
        found = []
        for e in clock.events:
            k = clock.turn_of_event(e.key)
            assert k is not None
            found.append(
                replace(terms[k], start=e.start, end=e.stop, period=e.key, weight=e.weight)
            )
        return found

    def __repr__(self) -> str:
        return f"Rotation({self.name!r}, {list(self.members)!r}, unit={self.unit.value!r})"


def _with_event(term: Term, event: Event) -> Term:
    return replace(term, start=event.start, end=event.stop, period=event.key, weight=event.weight)


E = TypeVar("E", Unit, After, Deputy)


def _enum(kind: type[E], value: object, key: str) -> E:
    try:
        return kind(str(value))
    except ValueError:
        valid = " | ".join(m.value for m in kind)
        msg = f"{key} = {value!r} is not valid; use {valid}"
        raise RotationError(msg) from None
