"""Hypothesis strategies for property-testing rotations in your own suite.

Example::

    from hypothesis import given
    from rotations import assert_fair
    from rotations.testing import CALENDAR_UNITS, rotations

    @given(rotations(units=CALENDAR_UNITS, published=False))
    def test_every_window_is_fair(rotation):
        start = rotation.anchor.on
        assert_fair(rotation.next_terms(3 * len(rotation.members), after=start))

By default `rotations()` draws every kind of rotation the engine knows: every
unit (per-event too), handover days and explicit handovers, published lists
with each `after` rule. Narrow it with its options. The strategies build
valid objects only; every name in ``__all__`` is stable.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import strategies as st

from rotations._errors import RotationError
from rotations._model import (
    After,
    Anchor,
    Change,
    Deputy,
    Join,
    Leave,
    LeavePolicy,
    Position,
    Substitution,
    Swap,
    Unavailable,
    UnavailablePolicy,
)
from rotations._rotation import Rotation
from rotations._units import CalendarClock, Event, MonthDay, Unit, Weekday

__all__ = [
    "CALENDAR_UNITS",
    "UNITS",
    "events",
    "member_names",
    "membership_changes",
    "overrides",
    "rotations",
    "unavailabilities",
]

_POSITIONS: tuple[Position, ...] = ("end", "alphabetical")
CALENDAR_UNITS = tuple(u for u in Unit if u is not Unit.EVENT)
"""Every turn unit that has a calendar (all but per-event)."""
UNITS = tuple(Unit)
"""Every turn unit, per-event included."""

_PLACES = (
    "Arboga", "Botkyrka", "Eskilstuna", "Haninge", "Hällefors", "Kungsör", "Köping",
    "Lindesberg", "Ljusnarsberg", "Lund", "Malmö", "Nora", "Nykvarn", "Salem",
    "Strängnäs", "Södertälje", "Tyresö", "Västerås", "Åre", "Älvdalen", "Örebro", "Ystad",
)  # fmt: skip


def member_names(*, min_size: int = 1, max_size: int = 8) -> st.SearchStrategy[list[str]]:
    """Distinct member names, Swedish letters included."""
    invented = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäöé", min_size=2, max_size=8).map(
        str.capitalize
    )
    return st.lists(
        st.sampled_from(_PLACES) | invented, min_size=min_size, max_size=max_size, unique=True
    )


@st.composite
def rotations(
    draw: st.DrawFn,
    *,
    units: tuple[Unit, ...] = UNITS,
    min_members: int = 1,
    max_members: int = 8,
    alphabetical: bool | None = None,
    deputies: bool = True,
    published: bool | None = None,
    afters: tuple[After, ...] = tuple(After),
    handovers: bool = True,
    anchored: bool = True,
) -> Rotation:
    """Rotations anchored between 1990 and 2100, without changes or exceptions.

    Args:
        draw: supplied by hypothesis.
        units: the turn units to draw from (`CALENDAR_UNITS` leaves out
            per-event rotations, which need `events()` to be useful).
        min_members: fewest members.
        max_members: most members.
        alphabetical: force alphabetical order on or off (``None``: either).
        deputies: whether to draw deputies (``next``, ``other``).
        published: force a published list on or off (``None``: either);
            never for per-event rotations.
        afters: what may follow a published list; leave out ``After.STOP``
            when look-ups past the list must answer.
        handovers: whether to draw handover days (yearly, mandate, weekly)
            and explicit handover dates (yearly).
        anchored: whether every rotation has an anchor with a date; with
            ``False`` a published list may come without one (look-ups before
            the list are then errors).

    """
    names = draw(member_names(min_size=min_members, max_size=max_members))
    unit = draw(st.sampled_from(units))
    anchor_day = draw(st.dates(date(1990, 1, 1), date(2100, 12, 31)))
    every = draw(st.integers(1, 3))
    handover, explicit = draw(_handovers(unit, anchor_day)) if handovers else (None, {})
    deputy = Deputy.NONE
    if deputies:
        choices = [Deputy.NONE, Deputy.NEXT] + ([Deputy.OTHER] if len(names) == 2 else [])
        deputy = draw(st.sampled_from(choices))
    listed: dict[str, str] = {}
    after = After.REPEAT
    with_list = unit is not Unit.EVENT and (draw(st.booleans()) if published is None else published)
    if with_list:
        clock = CalendarClock(unit, every=every, handover=handover, handovers=explicit)
        clock = CalendarClock(
            unit,
            every=every,
            handover=handover,
            handovers=explicit,
            origin=clock.unit_at(anchor_day),
        )
        first = draw(st.integers(-3, 8))
        holders = draw(st.lists(st.sampled_from(names), min_size=1, max_size=2 * len(names) + 2))
        listed = {clock.label(first + i): h for i, h in enumerate(holders)}
        after = draw(st.sampled_from(afters))
    has_anchor = anchored or not listed or draw(st.booleans())
    return Rotation(
        "drawn",
        names,
        unit=unit,
        every=every,
        alphabetical=draw(st.booleans()) if alphabetical is None else alphabetical,
        language=draw(st.sampled_from(["sv", "en"])),
        handover=handover,
        handovers=explicit,
        anchor=Anchor(draw(st.sampled_from(names)), anchor_day) if has_anchor else None,
        published=listed,
        after=after,
        deputy=deputy,
    )


@st.composite
def _handovers(
    draw: st.DrawFn, unit: Unit, anchor_day: date
) -> tuple[MonthDay | Weekday | None, dict[int, date] | dict[str, date]]:
    """A handover day and explicit handover dates that suit `unit`."""
    handover: MonthDay | Weekday | None = None
    explicit: dict[int, date] = {}
    if unit in (Unit.YEAR, Unit.MANDATE) and draw(st.booleans()):
        handover = draw(_month_days())
    if unit in (Unit.SEMESTER, Unit.QUARTER, Unit.MONTH):
        return draw(_short_handovers(unit, anchor_day))
    if unit is Unit.WEEK and draw(st.booleans()):
        handover = draw(st.sampled_from(list(Weekday)))
    if unit is Unit.YEAR and draw(st.booleans()):
        regular = handover if isinstance(handover, MonthDay) else MonthDay(1, 1)
        for year in draw(
            st.sets(st.integers(anchor_day.year - 3, anchor_day.year + 12), max_size=4)
        ):
            moved = regular.in_year(year) + timedelta(days=draw(st.integers(1, 25)))
            if moved.year == year:
                explicit[year] = moved
    return handover, explicit


@st.composite
def _short_handovers(
    draw: st.DrawFn, unit: Unit, anchor_day: date
) -> tuple[MonthDay | None, dict[str, date]]:
    """A handover day (1–28) and explicit dates for semesters, quarters and months."""
    handover = draw(st.none() | _month_days().filter(lambda d: d.day <= 28))
    clock = CalendarClock(unit, handover=handover)
    here = clock.unit_at(anchor_day)
    explicit: dict[str, date] = {}
    for u in draw(st.sets(st.integers(here - 3, here + 12), max_size=3)):
        explicit[clock.unit_label(u)] = clock.unit_start(u) + timedelta(
            days=draw(st.integers(1, 20))
        )
    return handover, explicit


def _month_days() -> st.SearchStrategy[MonthDay]:
    days = st.dates(date(2001, 1, 1), date(2001, 12, 31))  # 2001: no 29 February
    return days.map(lambda d: MonthDay(d.month, d.day))


def events(
    *, min_size: int = 0, max_size: int = 30, start: date = date(2017, 1, 1)
) -> st.SearchStrategy[list[Event]]:
    """Events with unique keys over about two years from `start`, some cancelled or multi-day."""

    @st.composite
    def draw_events(draw: st.DrawFn) -> list[Event]:
        count = draw(st.integers(min_size, max_size))
        found = []
        for i in range(count):
            day = start + timedelta(days=draw(st.integers(0, 730)))
            days = draw(st.integers(1, 3))
            found.append(
                Event(
                    f"e{i}",
                    day,
                    day + timedelta(days=days) if days > 1 else None,
                    cancelled=draw(st.booleans()) and draw(st.booleans()),
                    weight=float(days),
                )
            )
        return found

    return draw_events()


def _turn_start(rotation: Rotation, turn: int) -> date:
    """The first day of turn `turn` (per-event rotations: a week per turn from the anchor)."""
    if rotation.unit is Unit.EVENT:
        assert rotation.anchor is not None
        assert rotation.anchor.on is not None
        return rotation.anchor.on + timedelta(weeks=turn)
    return rotation.clock.span(turn)[0]


@st.composite
def membership_changes(
    draw: st.DrawFn,
    rotation: Rotation,
    *,
    max_changes: int = 3,
    within_turns: int = 40,
    policies: tuple[LeavePolicy, ...] = tuple(LeavePolicy),
    positions: tuple[Position, ...] = ("end", "alphabetical", 0),
) -> list[Change]:
    """Joins and leaves after the rotation's first turn, always leaving one member.

    Args:
        draw: supplied by hypothesis.
        rotation: the rotation the changes are for (any unit; a rotation
            with deputy "other" gets none, since it needs two members).
        max_changes: most changes.
        within_turns: the changes fall within this many turns of the first.
        policies: the leave policies to draw from.
        positions: join positions to draw from; an integer stands for any
            index from 0 to the number of members.

    """
    if rotation.deputy is Deputy.OTHER:
        return []
    current = list(rotation.members)
    changes: list[Change] = []
    turn = 0
    first_day = rotation.anchor.on if rotation.anchor is not None else None
    for _ in range(draw(st.integers(0, max_changes))):
        turn += draw(st.integers(1, max(1, within_turns // max(max_changes, 1))))
        start = _turn_start(rotation, turn)
        on = start - timedelta(days=draw(st.integers(0, 20)))
        previous = _turn_start(rotation, turn - 1)
        if on <= previous or (first_day is not None and on <= first_day):
            on = start
        if len(current) > 1 and draw(st.booleans()):
            who = draw(st.sampled_from(current))
            current.remove(who)
            changes.append(Leave(who, on, draw(st.sampled_from(policies))))
        else:
            who = draw(member_names(min_size=1, max_size=1).filter(lambda n: n[0] not in current))[
                0
            ]
            current.append(who)
            kind = draw(st.sampled_from(positions))
            position: Position = (
                draw(st.integers(0, len(current) - 1)) if isinstance(kind, int) else kind
            )
            changes.append(Join(who, on, position))
    return changes


@st.composite
def unavailabilities(
    draw: st.DrawFn, rotation: Rotation, *, max_count: int = 3, within_turns: int = 30
) -> list[Unavailable]:
    """Deferring unavailabilities, one member at a time, each shorter than a cycle.

    Under these conditions nobody should ever fall more than one turn behind.
    A rotation of one member gets none: nobody could take its turns.
    """
    n = len(rotation.members)
    if n < 2:
        return []
    clock = rotation.clock
    found: list[Unavailable] = []
    turn = 1
    for _ in range(draw(st.integers(0, max_count))):
        turn += draw(st.integers(0, within_turns // max(max_count, 1)))
        length = draw(st.integers(1, max(1, n - 1)))
        start = clock.span(turn)[0]
        end = clock.span(turn + length - 1)[1]
        member = draw(st.sampled_from(rotation.members))
        found.append(Unavailable(member, start, end, UnavailablePolicy.DEFER))
        turn += length + n  # the next window starts after this one is repaid
    return found


@st.composite
def overrides(
    draw: st.DrawFn, rotation: Rotation, *, max_count: int = 3, within_turns: int = 30
) -> list[Substitution | Swap | Unavailable]:
    """Substitutions, swaps and unavailabilities (either policy) near the anchor.

    Unavailabilities need two members or more and never overlap, so someone
    can always take the turn.
    """
    clock = rotation.clock
    n = len(rotation.members)
    kinds = ["substitution", "swap"] + (["unavailable"] if n >= 2 else [])
    found: list[Substitution | Swap | Unavailable] = []
    free_from = 1  # the first turn a new unavailability may touch
    for _ in range(draw(st.integers(0, max_count))):
        kind = draw(st.sampled_from(kinds))
        k = draw(st.integers(1, within_turns))
        if kind == "substitution":
            found.append(Substitution(clock.label(k), draw(st.sampled_from(rotation.members))))
        elif kind == "swap":
            found.append(Swap(clock.label(k), clock.label(k + draw(st.integers(1, 5)))))
        else:
            k = max(k, free_from)
            length = draw(st.integers(1, 3))
            # Someone else must be a member throughout, to take the turn.
            present = [rotation.term(clock.span(t)[0]).members for t in range(k, k + length)]
            if min(len(p) for p in present) < 2:
                continue
            window = Unavailable(
                draw(st.sampled_from(present[0])),
                clock.span(k)[0],
                clock.span(k + length - 1)[1],
                draw(st.sampled_from(list(UnavailablePolicy))),
            )
            found.append(_waivable(rotation, found, window))
            free_from = k + length + 2 * n
    return found


def _waivable(
    rotation: Rotation, found: list[Substitution | Swap | Unavailable], window: Unavailable
) -> Unavailable:
    """`window`, deferred instead where a waive would hand the turn to the waiver itself.

    Nobody waives a turn to itself (docs/rotations.md): a rotation of one
    member, or a published list naming only it, refuses such a waive, so
    the strategy never draws one.
    """
    if window.policy is not UnavailablePolicy.WAIVE:
        return window
    try:
        rotation.evolve(overrides=[*found, window]).terms(window.start, window.end)
    except RotationError as exc:
        if "no other member is next in line" in str(exc):
            return replace(window, policy=UnavailablePolicy.DEFER)
    return window
