"""The public `Rotation`: a role handed to members turn by turn."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import Any

from rotations._collation import LANGUAGES, alphabetical
from rotations._engine import BaseSequence, Step, Waive, build
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
    UnavailablePolicy,
)
from rotations._options import (
    by_period,
    calendar_ends,
    check_listed,
    day_of,
    enum_of,
    handover_day,
    handover_time_of,
    with_event,
)
from rotations._overrides import Resolver, overlapping
from rotations._units import (
    CalendarClock,
    Clock,
    Event,
    EventClock,
    MonthDay,
    Unit,
    Unlisted,
    Weekday,
)


@dataclass(frozen=True, slots=True, init=False, repr=False)
class Rotation:
    """A role (chair, host) handed to members turn by turn.

    A frozen value: two rotations with the same options are equal, and
    `evolve` makes a changed copy.

    Args:
        name: the rotation's name, e.g. "ordforande".
        members: the members in rotation order (or in any order with
            ``alphabetical=True``).
        role: free text shown in event texts, e.g. "chair" or "värd".
        unit: what a turn is counted in.
        every: a turn lasts this many units.
        alphabetical: order the members alphabetically in `language`.
        language: "sv" (Swedish collation: Å, Ä, Ö after Z) or "en".
        handover: the month-day a turn starts (default 1 January): for a
            year or mandate that day, for semesters, quarters and months the
            same day of each of their months (e.g. "05-15": 15 May and
            15 November for semesters); for weeks the weekday (default Monday).
        handovers: explicit handover dates, overriding `handover`: by year
            for yearly and mandate turns, by period ("2026-05", "2026-H2",
            "2026-Q3") for months, semesters and quarters.
        anchor: which member holds the turn that contains a date.
        published: a published list, period name -> holder.
        after: what follows the published list.
        deputy: who deputises for the holder.
        changes: members joining and leaving over time.
        overrides: substitutions, swaps and unavailabilities.
        handover_time: week and day turns only: the time of day the turn
            is handed over (e.g. Friday 17.00); a look-up by date gives the
            turn that starts that day, `term_at` the one at a moment.
        count_cancelled: per-event rotations only: whether a cancelled
            event uses up a turn (by default it does not).
        since: the first day the rotation is in force (the agreement that
            set it up); before it nobody holds the role: a look-up is an
            error, `terms` start there and events before it take no turn.

    Raises:
        RotationError: for anything that does not make a rotation; the
            message says what would be valid.

    """

    name: str
    """The rotation's name."""
    members: tuple[str, ...]
    """The members at the start, in rotation order (sorted if `alphabetical`)."""
    role: str
    """Free text shown in event texts, e.g. "chair"."""
    unit: Unit
    """What a turn is counted in."""
    every: int
    """A turn lasts this many units."""
    alphabetical: bool
    """Whether the order is alphabetical in `language`."""
    language: str
    """ "sv" or "en"."""
    handover: MonthDay | Weekday | None
    """The day a yearly, mandate or weekly turn starts; ``None`` for the default."""
    handovers: tuple[tuple[int | str, date], ...]
    """Explicit handover dates, (year or period, date) pairs in order."""
    anchor: Anchor | None
    """Which member holds the turn that contains a date."""
    published: tuple[tuple[str, str], ...]
    """The published list, (period, holder) pairs as given."""
    after: After
    """What follows the published list."""
    deputy: Deputy
    """Who deputises for the holder."""
    changes: tuple[Change, ...]
    """Joins and leaves, in date order."""
    overrides: tuple[Override, ...]
    """Substitutions, swaps and unavailabilities, as given."""
    count_cancelled: bool
    """Per-event rotations: whether a cancelled event uses up a turn."""
    handover_time: time | None
    """Week and day turns: the time of day the turn is handed over."""
    since: date | None
    """The first day the rotation is in force; ``None``: always."""
    _clock: CalendarClock | None = field(default=None, init=False, compare=False)
    _resolver: Resolver | None = field(default=None, init=False, compare=False)

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
        handover: MonthDay | Weekday | str | None = None,
        handovers: Mapping[int | str, date]
        | Mapping[int, date]
        | Mapping[str, date]
        | Iterable[tuple[int | str, date]]
        | None = None,
        anchor: Anchor | None = None,
        published: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
        after: After | str = After.REPEAT,
        deputy: Deputy | str = Deputy.NONE,
        changes: Iterable[Change] = (),
        overrides: Iterable[Override] = (),
        count_cancelled: bool = False,
        handover_time: time | None = None,
        since: date | None = None,
    ) -> None:
        unit_ = enum_of(Unit, unit, "unit")
        if language not in LANGUAGES:
            msg = f"language {language!r} is not supported; valid: {', '.join(LANGUAGES)}"
            raise RotationError(msg)
        if isinstance(every, bool) or not isinstance(every, int) or every < 1:
            msg = f"every = {every!r}: a turn lasts a whole number of {unit_}s; use 1, 2, 3 …"
            raise RotationError(msg, field="every")
        fields = {
            "name": name,
            "role": role,
            "unit": unit_,
            "every": every,
            "alphabetical": alphabetical,
            "language": language,
            "handover": handover_day(handover, unit_),
            "handovers": tuple(sorted(dict(handovers or {}).items(), key=by_period)),
            "anchor": anchor,
            "published": tuple(dict(published or {}).items()),
            "after": enum_of(After, after, "after"),
            "deputy": enum_of(Deputy, deputy, "deputy"),
            "changes": tuple(sorted(changes, key=lambda c: c.on)),
            "overrides": tuple(overrides),
            "count_cancelled": count_cancelled,
            "handover_time": handover_time_of(handover_time, unit_),
            "since": None if since is None else day_of(since, "since"),
            "_clock": None,
            "_resolver": None,
        }
        for key, value in fields.items():
            object.__setattr__(self, key, value)
        object.__setattr__(self, "members", self._check_members(members))
        self._check()
        if self.unit is not Unit.EVENT:
            # Build now so that every error shows at construction.
            clock = self._make_clock()
            object.__setattr__(self, "_clock", clock)
            resolver = Resolver(
                self._base(clock, 0 if self.anchor else None), clock, self.overrides
            )
            object.__setattr__(self, "_resolver", resolver)

    def evolve(self, **options: Any) -> Rotation:
        """A copy with some constructor options changed (e.g. ``changes=[...]``)."""
        return replace(self, **options)

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

    def _check(self) -> None:
        if self.anchor is None and not self.published:
            msg = (
                f"rotation {self.name!r} needs an anchor (which member holds the turn on "
                "a given date) or a published list of holders"
            )
            raise RotationError(msg)
        self._check_anchor()
        if self.published and self.unit is Unit.EVENT:
            msg = "a published list names periods; per-event rotations cannot have one"
            raise RotationError(msg)
        for period, holder in self.published:
            self._known(holder, f"the published list ({period})", "published")
        self._check_overrides()
        self._check_changes()

    def _check_anchor(self) -> None:
        if self.anchor is not None:
            self._known(self.anchor.holder, "the anchor", "start")
            if self.anchor.holder not in self.members:
                msg = f"the anchor holder {self.anchor.holder!r} must be a member from the start"
                raise RotationError(msg, field="start")
            if self.anchor.on is None and self.unit is not Unit.EVENT:
                msg = f"rotation {self.name!r}: the anchor needs a date for {self.unit} turns"
                raise RotationError(msg, field="start")

    def _check_overrides(self) -> None:
        for o in self.overrides:
            if isinstance(o, Substitution):
                self._known(o.holder, f"the substitution for {o.period}", "overrides")
            elif isinstance(o, Unavailable):
                self._known(o.member, "an unavailability", "overrides")
            elif not isinstance(o, Swap):
                msg = f"unknown exception {o!r}; use Substitution, Swap or Unavailable"
                raise RotationError(msg)

    def _check_changes(self) -> None:
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
    def _base(
        self,
        clock: Clock,
        anchor_turn: int | None,
        known: Sequence[Change] | None = None,
        *,
        check: bool = True,
    ) -> BaseSequence:
        listed = self._listed(clock)
        first = anchor_turn if anchor_turn is not None else (listed or (0,))[0]
        changes = self._change_turns(clock, first, self.changes if known is None else known)
        steps: list[tuple[int, Step]] = [*changes, *self._waives(clock)]
        steps.sort(key=lambda step: (step[0], isinstance(step[1], Waive)))
        base = build(
            order=self.members,
            language=self.language,
            anchor=None if self.anchor is None else (anchor_turn or 0, self.anchor.holder),
            listed=listed,
            after=self.after,
            changes=steps,
            label=clock.label,
            alphabetical=self.alphabetical,
        )
        if check:
            check_listed(base, clock)
        return base

    def _listed(self, clock: Clock) -> tuple[int, tuple[str, ...]] | None:
        """The published list as its first turn and its holders, checked for repeats and gaps."""
        if not self.published:
            return None
        turns = sorted((clock.turn_of_label(p), h) for p, h in self.published)
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
        return (ks[0], tuple(h for _, h in turns))

    @staticmethod
    def _change_turns(
        clock: Clock, first: int, changes: Sequence[Change]
    ) -> list[tuple[int, Change]]:
        """Each change with the turn it takes effect with, which must be after `first`."""
        found: list[tuple[int, Change]] = []
        for c in changes:
            k = clock.first_turn_from(c.on)
            if k <= first:
                msg = (
                    f"the change on {c.on} takes effect with turn {clock.label(k)}, which is "
                    "not after the rotation's first turn"
                )
                raise RotationError(msg, field="changes")
            found.append((k, c))
        return found

    def _waives(self, clock: Clock) -> list[tuple[int, Step]]:
        return [
            (k, Waive(o.member))
            for o in self.overrides
            if isinstance(o, Unavailable) and o.policy is UnavailablePolicy.WAIVE
            for k in overlapping(clock, o)
        ]

    def _make_clock(self) -> CalendarClock:
        handovers = dict(self.handovers)
        probe = CalendarClock(self.unit, handover=self.handover, handovers=handovers)
        if self.anchor is not None and self.anchor.on is not None:
            origin = probe.unit_at(self.anchor.on)
        else:
            origin = min(probe.unit_of_label(p) for p, _ in self.published)
        return CalendarClock(
            self.unit, every=self.every, handover=self.handover, handovers=handovers, origin=origin
        )

    @property
    def clock(self) -> CalendarClock:
        """The calendar clock of a rotation whose turns are calendar units."""
        if self._clock is None:
            msg = f"rotation {self.name!r} turns per event; use assign(events)"
            raise RotationError(msg)
        return self._clock

    @property
    def _calendar(self) -> Resolver:
        if self._resolver is None:
            msg = f"rotation {self.name!r} turns per event; use assign(events)"
            raise RotationError(msg)
        return self._resolver

    def _term(
        self, resolver: Resolver, k: int, weight: float = 1.0, *, on: date | None = None
    ) -> Term:
        """Turn `k` as the rotation stood on `on` (by default its first day)."""
        holder, rule = resolver.holder(k)
        start, end = resolver.clock.span(k)
        if self.since is not None and start < self.since:
            start = self.since  # the turn the rotation begins in starts with it
        planned = resolver.base.holder(k)[0] if k in resolver.fixed else holder
        planned = resolver.base.waived.get(k, planned)
        return Term(
            holder=holder,
            start=start,
            end=end,
            deputy=self._deputy(resolver, k, start if on is None else on),
            period=resolver.clock.label(k),
            index=k,
            rule=rule,
            members=resolver.base.members(k),
            weight=weight,
            planned=planned if planned != holder else None,
            handover_time=self.handover_time,
        )

    def _deputy(self, resolver: Resolver, k: int, on: date) -> str | None:
        """The deputy of turn `k` on `on`: with "next", the next holder as known that day.

        A change dated after `on` is not known yet, so a running term keeps
        its deputy until the change (a term is history as it is held).
        """
        holder = resolver.holder(k)[0]
        if self.deputy is Deputy.OTHER:
            return next(m for m in self.members if m != holder)
        if self.deputy is Deputy.NONE:
            return None
        try:
            return self._as_known(resolver, k, on).holder(k + 1)[0]
        except RotationError:
            # As known that day, the next turn has no holder (a published list
            # stops, or nobody else could take it): there is no deputy.
            return None

    def _as_known(self, resolver: Resolver, k: int, on: date) -> Resolver:
        """`resolver`, or one without the changes dated after `on` if they could move turn k + 1."""
        later = [c for c in self.changes if c.on > on]
        # Without exceptions only a change effective by turn k + 1 can move its
        # holder; an exception (a swap, say) can bring a later turn forward.
        if not (later and self.overrides) and all(
            resolver.clock.first_turn_from(c.on) > k + 1 for c in later
        ):
            return resolver
        known = [c for c in self.changes if c.on <= on]
        first = 0 if self.anchor is not None or self.unit is Unit.EVENT else None
        base = self._base(resolver.clock, first, known, check=False)
        return Resolver(base, resolver.clock, self.overrides)

    def _pieces(self, resolver: Resolver, k: int) -> list[Term]:
        """Turn `k`, split where a change dated inside it changes its deputy."""
        term = self._term(resolver, k)
        if self.deputy is not Deputy.NEXT:
            return [term]
        cuts = sorted({c.on for c in self.changes if term.start < c.on < term.end})
        pieces = [term]
        for day, end in pairwise([*cuts, term.end]):
            deputy = self._deputy(resolver, k, day)
            if deputy == pieces[-1].deputy:
                pieces[-1] = replace(pieces[-1], end=end)
            else:
                pieces[-1] = replace(pieces[-1], end=day)
                pieces.append(replace(term, start=day, end=end, deputy=deputy))
        return pieces

    # -- queries -------------------------------------------------------------
    def term(self, on: date) -> Term:
        """The term that contains `on`."""
        day = day_of(on, "on")
        self._in_force(day)
        with calendar_ends():
            resolver = self._calendar
            pieces = self._pieces(resolver, resolver.clock.turn_at(day))
            return next(p for p in reversed(pieces) if p.start <= day)

    def holder(self, on: date) -> str:
        """The member holding the role on `on`."""
        return self.term(on).holder

    def term_at(self, moment: datetime) -> Term:
        """The term at `moment`: on a handover day, before the handover time, the one before."""
        if not isinstance(moment, datetime):
            msg = f"moment must be a datetime.datetime, not {type(moment).__name__} {moment!r}"
            raise TypeError(msg)
        term = self.term(moment.date())
        at = self.handover_time
        if at is not None and moment.date() == term.start and moment.time() < at:
            return self.term(term.start - timedelta(days=1))
        return term

    def holder_at(self, moment: datetime) -> str:
        """The member holding the role at `moment` (see `term_at`)."""
        return self.term_at(moment).holder

    def deputy_on(self, on: date) -> str | None:
        """The deputy on `on`, or ``None`` if the rotation has none."""
        return self.term(on).deputy

    def terms(self, start: date, end: date) -> list[Term]:
        """The terms that overlap the half-open period ``[start, end)``."""
        first, stop = day_of(start, "start"), day_of(end, "end")
        if self.since is not None:
            first = max(first, self.since)  # nobody holds the role before it
            if stop <= first:
                return []
        with calendar_ends():
            resolver = self._calendar
            return [
                piece
                for k in resolver.clock.turns_overlapping(first, stop)
                for piece in self._pieces(resolver, k)
                if piece.start < stop and first < piece.end
            ]

    def next_terms(self, count: int, *, after: date) -> list[Term]:
        """The `count` terms that start after `after`."""
        day = day_of(after, "after")
        with calendar_ends():
            resolver = self._calendar
            first = self._first_after(resolver, day)
            return [self._term(resolver, k) for k in range(first, first + count)]

    def next_term(self, member: str, *, after: date, horizon: int = 1000) -> Term | None:
        """The first term of `member` that starts after `after`, or ``None``.

        Looks `horizon` turns ahead (a member that has left has no next term).
        """
        day = day_of(after, "after")
        with calendar_ends():
            resolver = self._calendar
            first = self._first_after(resolver, day)
            for k in range(first, first + horizon):
                if resolver.holder(k)[0] == member:
                    return self._term(resolver, k)
        return None

    def _first_after(self, resolver: Resolver, day: date) -> int:
        """The first turn that starts after `day` (before `since`: the one it begins in)."""
        if self.since is not None and day < self.since:
            return resolver.clock.turn_at(self.since)
        return resolver.clock.turn_at(day) + 1

    def _in_force(self, day: date) -> None:
        if self.since is not None and day < self.since:
            msg = (
                f"rotation {self.name!r} is in force from {self.since}; nobody holds the "
                f"role on {day}"
            )
            raise RotationError(msg, field="from")

    def assign(self, events: Sequence[Event], *, unlisted: Sequence[Unlisted] = ()) -> list[Term]:
        """Hand one turn per event, in date order; returns a term per counted event.

        Cancelled events take no turn (and get no term) unless the rotation
        counts them. For rotations in calendar units, each event gets the
        term that contains its first day.

        `unlisted` (per-event rotations): stretches of days whose events took
        turns but are not in `events`, by number only. The events after a
        stretch get the turns they would get with every event listed; a
        change, unavailability or anchor dated inside a stretch is an error.
        """
        with calendar_ends():
            return self._assign(events, unlisted)

    def _assign(self, events: Sequence[Event], unlisted: Sequence[Unlisted]) -> list[Term]:
        if self.since is not None:
            # Before the rotation is in force an event takes no turn and gets no term.
            events = [e for e in events if e.start >= self.since]
            self._no_unlisted_before(unlisted)
        if self.unit is not Unit.EVENT:
            if unlisted:
                msg = f"rotation {self.name!r} turns per {self.unit}; unlisted events have no turns"
                raise RotationError(msg)
            return [
                with_event(self.term(e.start), e)
                for e in sorted(events, key=lambda e: (e.start, e.key))
                if self.count_cancelled or not e.cancelled
            ]
        clock = EventClock(
            events,
            anchor=None if self.anchor is None else self.anchor.on,
            count_cancelled=self.count_cancelled,
            every=self.every,
            unlisted=unlisted,
        )
        if not len(clock):
            return []
        self._check_unlisted(clock)
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

    def _no_unlisted_before(self, unlisted: Sequence[Unlisted]) -> None:
        for u in unlisted:
            if self.since is not None and u.count and u.start < self.since:
                msg = (
                    f"{u} may start before the rotation is in force ({self.since}), "
                    "when they take no turn; count only those from that day"
                )
                raise RotationError(msg)

    def _check_unlisted(self, clock: EventClock) -> None:
        """An unavailability over unlisted events cannot say which turns it takes."""
        for o in self.overrides:
            if isinstance(o, Unavailable):
                for u in clock.unlisted:
                    if u.count and u.start < o.end and o.start < u.end:
                        msg = (
                            f"{o.member} is unavailable from {o.start} to {o.end}, which "
                            f"overlaps {u}; list the events of that stretch instead"
                        )
                        raise RotationError(msg, field="overrides")

    def __repr__(self) -> str:
        return f"Rotation({self.name!r}, {list(self.members)!r}, unit={self.unit.value!r})"
