"""Invariants of rotations, over rotations drawn by `rotations.testing`."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from itertools import pairwise

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from rotations import (
    After,
    Anchor,
    Event,
    Join,
    Leave,
    LeavePolicy,
    Rotation,
    RotationError,
    Substitution,
    Swap,
    Unavailable,
    Unit,
    fairness,
)
from rotations.testing import (
    CALENDAR_UNITS,
    events,
    membership_changes,
    overrides,
    rotations,
    unavailabilities,
)

# The number of examples comes from the profile (tests/conftest.py).
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Rotations whose look-ups always answer: anchored, calendar units, no "stop".
TOTAL = {"units": CALENDAR_UNITS, "afters": (After.REPEAT, After.CONTINUE)}
# Plain cycles: no published list either.
CYCLES = {"units": CALENDAR_UNITS, "published": False}


def _from_anchor(r: Rotation, count: int) -> list:  # type: ignore[type-arg]
    assert r.anchor is not None and r.anchor.on is not None
    first = r.term(r.anchor.on)
    return [first, *r.next_terms(count - 1, after=first.start)]


@SETTINGS
@given(rotations(deputies=False, **CYCLES), st.randoms(use_true_random=False), st.integers(1, 4))
def test_every_window_holds_each_member_once(r: Rotation, rnd: random.Random, cycles: int) -> None:
    n = len(r.members)
    shuffled = list(r.members)
    rnd.shuffle(shuffled)
    for members in (r.members, tuple(shuffled)):
        rotation = r.evolve(members=members)
        terms = _from_anchor(rotation, cycles * n + rnd.randrange(n))
        report = fairness(terms)
        assert report.violations == (), report.summary()
        assert report.balance == 1.0


@SETTINGS
@given(rotations(**TOTAL), st.dates(date(1980, 1, 1), date(2110, 1, 1)), st.integers(1, 2000))
def test_terms_are_half_open_and_contiguous(r: Rotation, start: date, days: int) -> None:
    end = start + timedelta(days=days)
    for members in (r.members, r.members[::-1]):
        rotation = r.evolve(members=members)
        terms = rotation.terms(start, end)
        assert terms[0].start <= start < terms[0].end
        assert terms[-1].start < end <= terms[-1].end
        for a, b in pairwise(terms):
            assert a.start < a.end == b.start
        for term in terms:
            assert rotation.holder(term.start) == term.holder
            assert rotation.holder(term.end - timedelta(days=1)) == term.holder


@SETTINGS
@given(st.data())
def test_changes_and_overrides_never_rewrite_earlier_terms(data: st.DataObject) -> None:
    drawn = data.draw(rotations(deputies=False, **TOTAL))
    changes = data.draw(membership_changes(drawn))
    extra = data.draw(overrides(drawn.evolve(changes=changes)))
    try:
        for members in (drawn.members, drawn.members[::-1]):
            _earlier_terms_kept(drawn.evolve(members=members), changes, extra)
    except RotationError as exc:
        # docs/rotations.md: nobody waives a turn to itself. A draw whose waive
        # falls where the next in line is the waiver (a published list repeating
        # only it, say) is refused by design; any other error is a failure.
        assume("no other member is next in line" not in str(exc))
        raise


def _earlier_terms_kept(
    r: Rotation, changes: list[Join | Leave], extra: list[Substitution | Swap | Unavailable]
) -> None:
    changed = r.evolve(changes=changes, overrides=extra)
    clock = r.clock
    effective = [clock.span(clock.first_turn_from(c.on))[0] for c in changes]
    for o in extra:
        if isinstance(o, Substitution):
            effective.append(clock.span(clock.turn_of_label(o.period))[0])
        elif isinstance(o, Swap):
            effective.append(
                min(clock.span(clock.turn_of_label(p))[0] for p in (o.first, o.second))
            )
        elif isinstance(o, Unavailable):
            effective.append(clock.span(clock.turn_at(o.start))[0])
    if not effective:
        return
    cut = min(effective)
    since = clock.span(-3 * len(r.members))[0]
    assert r.terms(since, cut) == changed.terms(since, cut)


@SETTINGS
@given(rotations(units=(Unit.EVENT,), deputies=False), events(min_size=1, max_size=40), st.data())
def test_per_event_changes_never_rewrite_earlier_events(
    r: Rotation, drawn: list[Event], data: st.DataObject
) -> None:
    assert r.anchor is not None
    assert r.anchor.on is not None
    shift = r.anchor.on - date(2017, 1, 1)
    # An event on the anchor day is turn 0, so every change applies after it.
    moved = [Event("first", r.anchor.on)]
    moved += [Event(e.key, e.start + shift, None, e.cancelled) for e in drawn]
    changes = data.draw(membership_changes(r, within_turns=60))
    assume(changes)
    cut = min(c.on for c in changes)
    for members in (r.members, r.members[::-1]):
        rotation = r.evolve(members=members)
        before = [t for t in rotation.assign(moved) if t.start < cut]
        after = [t for t in rotation.evolve(changes=changes).assign(moved) if t.start < cut]
        assert [(t.period, t.holder) for t in before] == [(t.period, t.holder) for t in after]


@SETTINGS
@given(st.data())
def test_leave_shift_moves_every_later_turn_one_step_earlier(data: st.DataObject) -> None:
    r = data.draw(rotations(min_members=2, deputies=False, **CYCLES))
    n = len(r.members)
    leaver = data.draw(st.sampled_from(r.members))
    turn = data.draw(st.integers(1, 3 * n))
    on = r.clock.span(turn)[0]
    horizon = 4 * n
    before = [t.holder for t in r.next_terms(horizon, after=on - timedelta(days=1))]
    shift = r.evolve(changes=[Leave(leaver, on, LeavePolicy.SHIFT)])
    after_shift = [t.holder for t in shift.next_terms(horizon, after=on - timedelta(days=1))]
    # Every later turn moves one step earlier: the old sequence without the leaver.
    expected = [h for h in before if h != leaver]
    assert after_shift[: len(expected)] == expected


@SETTINGS
@given(st.data())
def test_unavailability_puts_nobody_more_than_one_turn_behind(data: st.DataObject) -> None:
    r = data.draw(rotations(min_members=2, deputies=False, **CYCLES))
    away = data.draw(unavailabilities(r))
    deferred = r.evolve(overrides=away)
    n = len(r.members)
    count = 40 + 6 * n
    base = [t.holder for t in _from_anchor(r, count)]
    got = [t.holder for t in _from_anchor(deferred, count)]
    owed: Counter[str] = Counter()
    for planned, actual in zip(base, got, strict=True):
        owed[planned] += 1
        owed[actual] -= 1
        # owed > 0: behind; owed < 0: ahead. Never more than one either way.
        assert all(-1 <= v <= 1 for v in owed.values()), (base, got)
    if away:
        last = max(deferred.clock.turn_at(u.end) for u in away)
        assume(last + n < count)
        assert all(v == 0 for v in owed.values())  # every debt repaid


@SETTINGS
@given(rotations(**TOTAL), st.dates(date(1990, 1, 1), date(2100, 1, 1)))
def test_lookups_are_deterministic(r: Rotation, day: date) -> None:
    again = r.evolve()
    end = day + timedelta(days=800)
    assert r.terms(day, end) == again.terms(day, end)


@SETTINGS
@given(
    st.lists(st.sampled_from(["A", "B", "C", "D"]), min_size=4, max_size=4, unique=True),
    st.integers(1, 5),
)
def test_alphabetical_ignores_input_order(members: list[str], years: int) -> None:
    a = Rotation("r", members, alphabetical=True, anchor=Anchor("A", date(2020, 1, 1)))
    assert [t.holder for t in a.next_terms(4 * years, after=date(2019, 12, 31))] == list(
        "ABCD"
    ) * years


@settings(SETTINGS, max_examples=1000)
@given(st.data())
def test_the_public_strategy_draws_no_waive_the_engine_refuses(data: st.DataObject) -> None:
    # docs/rotations.md: nobody waives a turn to itself. `overrides()` is what
    # developers draw their own rotations' exceptions from: a draw the engine
    # refuses by design would fail their tests for nothing (5 in 3,000 did).
    drawn = data.draw(rotations(deputies=False, **TOTAL))
    extra = data.draw(overrides(drawn))
    assert drawn.anchor is not None
    assert drawn.anchor.on is not None
    start = drawn.anchor.on
    try:
        drawn.evolve(overrides=extra).terms(start, start + timedelta(days=5 * 365))
    except RotationError as exc:
        assert "no other member is next in line" not in str(exc)
