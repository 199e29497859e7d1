"""Hypothesis strategies for property-testing rotations in your own suite.

Example::

    from hypothesis import given
    from rotations import assert_fair
    from rotations.testing import rotations

    @given(rotations())
    def test_every_window_is_fair(rotation):
        start = rotation.anchor.on
        assert_fair(rotation.next_terms(3 * len(rotation.members), after=start))

The strategies build valid objects only; every name in ``__all__`` is stable.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from rotations._model import (
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
from rotations._units import Unit

__all__ = [
    "CALENDAR_UNITS",
    "member_names",
    "membership_changes",
    "overrides",
    "rotations",
    "unavailabilities",
]

_POSITIONS: tuple[Position, ...] = ("end", "alphabetical")
CALENDAR_UNITS = (Unit.YEAR, Unit.SEMESTER, Unit.QUARTER, Unit.MONTH, Unit.MANDATE)
"""Every turn unit that has a calendar (all but per-event)."""

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
    units: tuple[Unit, ...] = CALENDAR_UNITS,
    min_members: int = 1,
    max_members: int = 8,
    alphabetical: bool | None = None,
    deputies: bool = True,
) -> Rotation:
    """Rotations in calendar units, anchored between 1990 and 2100, no exceptions."""
    names = draw(member_names(min_size=min_members, max_size=max_members))
    unit = draw(st.sampled_from(units))
    anchor_day = draw(st.dates(date(1990, 1, 1), date(2100, 12, 31)))
    deputy = Deputy.NONE
    if deputies:
        choices = [Deputy.NONE, Deputy.NEXT] + ([Deputy.OTHER] if len(names) == 2 else [])
        deputy = draw(st.sampled_from(choices))
    return Rotation(
        "drawn",
        names,
        unit=unit,
        every=draw(st.integers(1, 3)),
        alphabetical=draw(st.booleans()) if alphabetical is None else alphabetical,
        language=draw(st.sampled_from(["sv", "en"])),
        anchor=Anchor(draw(st.sampled_from(names)), anchor_day),
        deputy=deputy,
    )


@st.composite
def membership_changes(
    draw: st.DrawFn, rotation: Rotation, *, max_changes: int = 3, within_turns: int = 40
) -> list[Change]:
    """Joins and leaves after the rotation's anchor, always leaving one member."""
    assert rotation.anchor is not None
    assert rotation.anchor.on is not None
    clock = rotation.clock
    current = list(rotation.members)
    changes: list[Change] = []
    turn = 0
    for _ in range(draw(st.integers(0, max_changes))):
        turn += draw(st.integers(1, max(1, within_turns // max(max_changes, 1))))
        start = clock.span(turn)[0]
        on = start - timedelta(days=draw(st.integers(0, 20)))
        if on <= rotation.anchor.on:
            on = start
        if len(current) > 1 and draw(st.booleans()):
            who = draw(st.sampled_from(current))
            current.remove(who)
            changes.append(Leave(who, on, draw(st.sampled_from(list(LeavePolicy)))))
        else:
            who = draw(member_names(min_size=1, max_size=1).filter(lambda n: n[0] not in current))[
                0
            ]
            current.append(who)
            position: Position = draw(
                st.sampled_from(_POSITIONS) | st.integers(0, len(current) - 1)
            )
            changes.append(Join(who, on, position))
    return changes


@st.composite
def unavailabilities(
    draw: st.DrawFn, rotation: Rotation, *, max_count: int = 3, within_turns: int = 30
) -> list[Unavailable]:
    """Deferring unavailabilities, one member at a time, each shorter than a cycle.

    Under these conditions nobody should ever fall more than one turn behind.
    """
    clock = rotation.clock
    n = len(rotation.members)
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
            found.append(
                Unavailable(
                    draw(st.sampled_from(present[0])),
                    clock.span(k)[0],
                    clock.span(k + length - 1)[1],
                    draw(st.sampled_from(list(UnavailablePolicy))),
                )
            )
            free_from = k + length + 2 * n
    return found
