"""Hosts and chairs: rotations as the plan uses them, named hosts, per-event turns, overrides."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from calendars._model.body import MeetingOverride
from calendars._model.cooperation import Cooperation
from calendars._model.key import HostSlot, MeetingKey
from calendars._model.meeting import Status
from calendars._planning.drafts import Draft
from rotations import Anchor, Event, Rotation, RotationError, Rule, Term, Unit, Unlisted


def meeting_handovers(
    coop: Cooperation,
    rotation: Rotation,
    name: str,
    drafts: Mapping[str, list[Draft]],
    years: range,
) -> Rotation:
    """`rotation` with its turns passing on the day of a body's meeting (explicit ones win)."""
    at = coop.handovers_at.get(name)
    if at is None:
        return rotation
    explicit = dict(rotation.handovers)
    days: dict[int, date] = {}
    for d in drafts.get(at.body, ()):
        if d.first.month == at.month and d.status is not Status.CANCELLED and not d.month_only:
            days.setdefault(d.first.year, d.first)
    for year in years:
        if year not in days and year not in explicit:
            raise at.origin.error(
                f"{at.body} has no meeting in month {at.month} of {year} to hand the turn over at",
                hint=f"list one under [bodies.{at.body}.dates], or give "
                f'[rotations.{name}.handovers] {year} = "{year}-{at.month:02d}-01"',
            )
    return rotation.evolve(handovers={**days, **explicit})


class Role(StrEnum):
    """Which role a rotation hands out at a meeting."""

    HOST = "host"
    """The host municipality (or joint hosts)."""
    CHAIR = "chair"
    """The chair."""


@dataclass(frozen=True, slots=True)
class _Turn:
    slot: HostSlot
    """The meeting and which of its hosts (or its chair) this turn gives."""
    index: int
    """The draft."""
    named: str | None
    """The host the published calendar names for this turn."""

    @property
    def key(self) -> str:
        """The turn's key in the rotation (`Event.key`, `Term.period`)."""
        return str(self.slot)


def _per_event(
    rotation: Rotation,
    turns: Sequence[_Turn],
    drafts: Sequence[Draft],
    unlisted: Sequence[Unlisted] = (),
) -> dict[str, Term]:
    """Per-event turns: a named host is published, and the rotation goes on after it.

    `unlisted`: the years counted, not drafted (`years.draft_years`); their
    meetings take turns between the drafted ones.
    """

    def event(turn: _Turn) -> Event:
        d = drafts[turn.index]
        return Event(
            turn.key,
            d.first,
            d.last + timedelta(days=1),
            cancelled=d.status is Status.CANCELLED,
            weight=d.weight,
        )

    found: dict[str, Term] = {}
    current = rotation
    after: _Turn | None = None  # the last named turn, whose successor opens the next run
    run: list[_Turn] = []
    for turn in [*turns, None]:
        if turn is not None and turn.named is None:
            if after is not None and not run:
                first = drafts[turn.index].first
                probe = rotation.evolve(anchor=Anchor(after.named or "", drafts[after.index].first))
                following = probe.assign([event(after), event(turn)], unlisted=unlisted)
                if len(following) == 2:
                    current = rotation.evolve(anchor=Anchor(following[1].holder, first))
                after = None
            run.append(turn)
            continue
        if run:
            for term in current.assign([event(t) for t in run], unlisted=unlisted):
                found[term.period] = term
            run = []
        if turn is None:
            break
        d = drafts[turn.index]
        found[turn.key] = _published(turn.named or "", d, turn.key)
        if d.status is not Status.CANCELLED or rotation.count_cancelled:
            after = turn
    return found


def _published(holder: str, d: Draft, period: str) -> Term:
    """The term a published name holds at the meeting `d`: its days, its weight."""
    span = (d.first, d.last + timedelta(days=1))
    return Term(holder, *span, period=period, rule=Rule.PUBLISHED, weight=d.weight)


def _assign(
    rotation: Rotation,
    turns: Sequence[_Turn],
    drafts: Sequence[Draft],
    unlisted: Sequence[Unlisted],
) -> dict[str, Term]:
    if rotation.unit is Unit.EVENT:
        return _per_event(rotation, turns, drafts, unlisted)
    found = {}
    for turn in turns:
        d = drafts[turn.index]
        if rotation.since is not None and d.first < rotation.since:
            # Before the rotation is in force only a published name holds the role.
            if turn.named is not None:
                found[turn.key] = _published(turn.named, d, turn.key)
            continue
        # A calendar turn has a holder on a cancelled meeting's date all the same.
        term = replace(
            rotation.term(d.first),
            start=d.first,
            end=d.last + timedelta(days=1),
            period=turn.key,
            weight=d.weight,
        )
        if turn.named is not None:
            term = replace(term, holder=turn.named, rule=Rule.PUBLISHED)
        found[turn.key] = term
    return found


@dataclass(frozen=True, slots=True)
class Drafted:
    """What the planner drafted: the meetings, their keys and overrides, and what it counted."""

    drafts: Sequence[Draft]
    """Every drafted meeting."""
    keys: Sequence[MeetingKey]
    """Each draft's key."""
    overrides: Mapping[tuple[str, date], MeetingOverride]
    """The meeting overrides by body and day."""
    unlisted: Mapping[str, Sequence[Unlisted]]
    """Per per-event rotation: the years whose meetings were counted, not drafted."""


def assign_roles(
    coop: Cooperation,
    rotations: Mapping[str, Rotation],
    drafted: Drafted,
    *,
    role: Role,
) -> tuple[dict[int, list[Term]], dict[str, list[Term]]]:
    """Hosts (or chairs) per draft, and the terms per rotation, with overrides applied."""
    drafts, keys, overrides = drafted.drafts, drafted.keys, drafted.overrides
    per_draft: dict[int, list[Term]] = defaultdict(list)
    per_rotation: dict[str, list[Term]] = {}
    for name, turns in _turns(drafts, keys, role=role).items():
        turns.sort(key=lambda t: (drafts[t.index].first, drafts[t.index].last, t.key))
        try:
            found = _assign(rotations[name], turns, drafts, drafted.unlisted.get(name, ()))
        except RotationError as exc:
            raise coop.origins[name].error(str(exc)) from None
        terms: list[Term] = []
        for turn in turns:
            term = found.get(turn.key)
            if term is None:
                continue  # a cancelled meeting that takes no turn
            d = drafts[turn.index]
            term = _substituted(term, turn, overrides.get((d.body.key, d.first)), role=role)
            per_draft[turn.index].append(term)
            terms.append(term)
        per_rotation[name] = terms
    _given(drafts, keys, overrides, role=role, into=per_draft)
    return per_draft, per_rotation


def _turns(
    drafts: Sequence[Draft], keys: Sequence[MeetingKey], *, role: Role
) -> dict[str, list[_Turn]]:
    """The turns each rotation fills for the role: one per host slot (or chair) of a draft."""
    by_rotation: dict[str, list[_Turn]] = defaultdict(list)
    for i, d in enumerate(drafts):
        name = d.body.host if role is Role.HOST else d.body.chair
        if name is None:
            continue
        named = d.entry.hosts if role is Role.HOST and d.entry is not None else ()
        count = d.body.hosts_per_meeting if role is Role.HOST else 1
        for j in range(count):
            slot = HostSlot(keys[i], j + 1)
            by_rotation[name].append(_Turn(slot, i, named[j] if j < len(named) else None))
    return by_rotation


def _substituted(term: Term, turn: _Turn, override: MeetingOverride | None, *, role: Role) -> Term:
    """The turn's term with the holder its meeting's override names instead, if any."""
    wanted: tuple[str | None, ...] = ()
    if override is not None:
        wanted = override.hosts if role is Role.HOST else (override.chair,)
    j = turn.slot.n - 1
    instead = wanted[j] if j < len(wanted) else None
    if instead is not None and instead != term.holder:
        # A substitution: this turn only; the rotation goes on as it was.
        return replace(term, holder=instead, rule=Rule.SUBSTITUTION, planned=term.holder)
    return term


def _given(
    drafts: Sequence[Draft],
    keys: Sequence[MeetingKey],
    overrides: Mapping[tuple[str, date], MeetingOverride],
    *,
    role: Role,
    into: dict[int, list[Term]],
) -> None:
    """A body without a rotation for the role: the names its dates and overrides give.

    They are that meeting's hosts (or chair), never dropped in silence.
    """
    for i, d in enumerate(drafts):
        if (d.body.host if role is Role.HOST else d.body.chair) is not None:
            continue
        override = overrides.get((d.body.key, d.first))
        if role is Role.HOST:
            given = (override.hosts if override else ()) or (d.entry.hosts if d.entry else ())
        else:
            given = (override.chair,) if override and override.chair else ()
        for name in given:
            into[i].append(_published(name, d, str(keys[i])))


def plan_terms(
    rotations: Mapping[str, Rotation], used: Mapping[str, list[Term]], start: date, end: date
) -> dict[str, tuple[Term, ...]]:
    """The terms of every rotation in ``[start, end)``: per-event ones as the meetings took them."""
    found: dict[str, tuple[Term, ...]] = {}
    for name, rotation in rotations.items():
        if rotation.unit is Unit.EVENT:
            found[name] = tuple(t for t in used.get(name, ()) if t.start < end and t.end > start)
            continue
        try:
            found[name] = tuple(rotation.terms(start, end))
        except RotationError:
            # A published list set to stop has no terms past its end: the known ones.
            found[name] = tuple(_known_terms(rotation, start, end))
    return found


def _known_terms(rotation: Rotation, start: date, end: date) -> list[Term]:
    known = []
    for k in rotation.clock.turns_overlapping(start, end):
        day = rotation.clock.span(k)[0]
        try:
            known.append(rotation.term(max(day, start)))
        except RotationError:
            continue
    return known
