"""A rotation in force from a day (`from`): before it nobody holds the role.

Seed 004: MalmöLundregionen's rotating chair is the model of the programme
adopted on 24 January 2012; the network met on 13 September and 15 November
2011 without it. An anchored rotation otherwise reaches back without limit,
and the plan showed Lund chairing those 2011 meetings — a chair nobody had.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import pytest
from conftest import Run
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_plan_far_years import _walked

from calendars import ConfigError, load
from calendars._config.cooperation import load_text
from calendars._planning import planner
from calendars._planning.planner import plan
from rotations import After, Anchor, Event, Rotation, RotationError, Unlisted
from rotations.testing import CALENDAR_UNITS, membership_changes, overrides, rotations

D = date


def _chair() -> Rotation:
    return Rotation(
        "ordforande", ["Malmö", "Lund"], deputy="other",
        anchor=Anchor("Malmö", D(2012, 1, 1)), since=D(2012, 1, 24),
    )  # fmt: skip


def test_nobody_holds_the_role_before_it_is_in_force() -> None:
    chair = _chair()
    with pytest.raises(RotationError, match="in force from 2012-01-24; nobody holds the role"):
        chair.term(D(2011, 9, 13))
    first = chair.term(D(2012, 1, 24))
    assert (first.holder, first.deputy, first.start, first.end) == (
        "Malmö", "Lund", D(2012, 1, 24), D(2013, 1, 1),
    )  # fmt: skip
    assert [(t.holder, t.start) for t in chair.terms(D(2009, 1, 1), D(2014, 1, 1))] == [
        ("Malmö", D(2012, 1, 24)),
        ("Lund", D(2013, 1, 1)),
    ]
    assert chair.terms(D(2009, 1, 1), D(2012, 1, 24)) == []
    assert [t.start for t in chair.next_terms(2, after=D(2011, 6, 1))] == [
        D(2012, 1, 24),
        D(2013, 1, 1),
    ]
    lund = chair.next_term("Lund", after=D(2005, 1, 1))
    assert lund is not None and lund.start == D(2013, 1, 1)


def test_events_before_it_take_no_turn() -> None:
    hosts = Rotation(
        "vard", ["A", "B", "C"], unit="event", anchor=Anchor("A", D(2020, 1, 1)),
        since=D(2020, 6, 1),
    )  # fmt: skip
    events = [
        Event("mars", D(2020, 3, 1)),
        Event("juli", D(2020, 7, 1)),
        Event("aug", D(2020, 8, 1)),
    ]
    assert [(t.period, t.holder) for t in hosts.assign(events)] == [("juli", "A"), ("aug", "B")]
    with pytest.raises(RotationError, match="before the rotation is in force"):
        hosts.assign(events[1:], unlisted=[Unlisted(D(2020, 2, 1), D(2020, 4, 1), 1)])


def test_the_bundled_malmolund_plan_has_no_chair_before_2012() -> None:
    meetings = plan(load("malmolund"), D(2011, 1, 1), D(2013, 1, 1)).meetings
    chairs = [(m.day, m.chair, m.vice_chair) for m in meetings]
    # Seed 004 names 13 September and 15 November 2011 and 24 January 2012.
    assert chairs[:3] == [
        (D(2011, 9, 13), None, None),
        (D(2011, 11, 15), None, None),
        (D(2012, 1, 24), "Malmö", "Lund"),
    ]
    assert all(chair == "Malmö" for day, chair, _ in chairs if day.year == 2012)


def test_the_cli_says_why_a_period_before_it_has_no_terms(cli: Callable[..., Run]) -> None:
    run = cli("rotation", "malmolund", "ordforande", "--from", "2009-01-01", "--to", "2013-12-31")
    assert run.status == 0
    assert "in force from 2012-01-24" in run.err
    holders = [line.split()[:2] for line in run.out.splitlines()[2:4]]
    assert holders == [["2012", "Malmö"], ["2013", "Lund"]]


def test_a_bad_from_names_the_key() -> None:
    text = (
        'id = "x"\nname = "X"\n[members]\n"A" = {}\n"B" = {}\n'
        '[rotations.r]\nstart = { date = "2020-01-01", holder = "A" }\nfrom = "2020-13-01"\n'
    )
    with pytest.raises(ConfigError, match=r"<text>:8: rotations\.r\.from: '2020-13-01' is not a"):
        load_text(text)


PER_EVENT_FROM = """
id = "fran"
name = "Från"

[members]
"Arboga" = {}
"Köping" = {}
"Kungsör" = {}

[rotations.vard]
role = "värd"
turn = "event"
members = ["Arboga", "Köping", "Kungsör"]
start = { date = "2020-01-01", holder = "Arboga" }
from = "2025-06-01"

[bodies.styrgrupp]
name = "Styrgruppen"
host = "vard"
weekday = "tisdag"
per_year = 4
"""


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2040])
def test_per_event_turns_count_from_it_when_years_are_counted(
    year: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    coop = load_text(PER_EVENT_FROM)
    start, end = D(year, 1, 1), D(year + 1, 1, 1)
    fast = plan(coop, start, end)
    monkeypatch.setattr(planner, "draft_years", _walked)
    walked = plan(coop, start, end)
    assert [(m.day, m.hosts) for m in fast.meetings] == [(m.day, m.hosts) for m in walked.meetings]
    if year == 2024:
        assert all(m.hosts == () for m in fast.meetings)


def test_per_event_hosts_of_2040_by_hand() -> None:
    # Four meetings a year; the first from 1 June 2025 is Arboga's. 2025 has
    # two meetings after 1 June (its spread puts them in the second half),
    # then four a year: turns before 2040 = 2 + 14 × 4 = 58 = 19 × 3 + 1, so
    # 2040 begins with Köping.
    coop = load_text(PER_EVENT_FROM)
    in_2025 = [m for m in plan(coop, D(2025, 1, 1), D(2026, 1, 1)).meetings if m.hosts]
    assert len(in_2025) == 2
    assert [m.hosts[0] for m in in_2025] == ["Arboga", "Köping"]
    hosts = [m.hosts[0] for m in plan(coop, D(2040, 1, 1), D(2041, 1, 1)).meetings]
    assert hosts == ["Köping", "Kungsör", "Arboga", "Köping"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_from_a_day_the_terms_are_those_of_the_rotation_cut_there(data: st.DataObject) -> None:
    # Contract (docs/rotations.md): before `from` nobody holds the role; from
    # it on the rotation is what it would be without it, its first term
    # starting that day. History is not rewritten by where it starts.
    drawn = data.draw(rotations(units=CALENDAR_UNITS, afters=(After.REPEAT, After.CONTINUE)))
    try:
        drawn = drawn.evolve(changes=data.draw(membership_changes(drawn)))
        drawn = drawn.evolve(overrides=data.draw(overrides(drawn)))
    except RotationError:
        assume(False)
    assert drawn.anchor is not None and drawn.anchor.on is not None
    since = drawn.anchor.on + timedelta(days=data.draw(st.integers(-400, 400)))
    start = since - timedelta(days=data.draw(st.integers(0, 800)))
    end = since + timedelta(days=data.draw(st.integers(1, 800)))
    try:
        plain = drawn.terms(since, end)
    except RotationError:
        assume(False)  # a published list that says nothing there, either way
        raise
    cut = drawn.evolve(since=since)
    expected = [replace(t, start=max(t.start, since)) for t in plain]
    assert cut.terms(start, end) == expected
    assert cut.terms(start, since) == []
    with pytest.raises(RotationError, match="in force from"):
        cut.term(since - timedelta(days=1))
