"""Issue 17: rotations as real bodies rotate; every value worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from calendars import export, load_text
from rotations import (
    Anchor,
    Join,
    Leave,
    LeavePolicy,
    Rotation,
    RotationError,
    Unavailable,
    UnavailablePolicy,
    Weekday,
    fairness,
)

# -- alphabetical order under joins and leaves (SPEC §2) ----------------------


def _alphabetical_months(policy: LeavePolicy) -> Rotation:
    # A … H alphabetical, monthly; D holds December 2025. On 1 January B and E
    # leave, C2 (between C and D) and F2 (between F and G) join.
    return Rotation(
        "r",
        list("HGFEDCBA"),
        unit="month",
        alphabetical=True,
        language="en",
        anchor=Anchor("D", date(2025, 12, 1)),
        changes=[
            Leave("B", date(2026, 1, 1), policy),
            Leave("E", date(2026, 1, 1), policy),
            Join("C2", date(2026, 1, 1), "alphabetical"),
            Join("F2", date(2026, 1, 1), "alphabetical"),
        ],
    )


def test_alphabetical_order_goes_to_the_next_current_member_after_the_last_holder() -> None:
    for policy in LeavePolicy:
        r = _alphabetical_months(policy)
        got = [t.holder for t in r.terms(date(2025, 12, 1), date(2026, 10, 1))]
        # December D; then after D, skipping E (gone): F, F2, G, H, A, C, C2, D, F.
        assert got == ["D", "F", "F2", "G", "H", "A", "C", "C2", "D", "F"], policy


def test_an_alphabetical_join_takes_its_alphabetical_place_whatever_its_position() -> None:
    # A B C D alphabetical, yearly, A holds 2020; "Bb" joins at the end on
    # 2021-01-01: after A comes B, then Bb (alphabetically between B and C).
    r = Rotation(
        "r",
        list("ABCD"),
        alphabetical=True,
        language="en",
        anchor=Anchor("A", date(2020, 1, 1)),
        changes=[Join("Bb", date(2021, 1, 1), "end")],
    )
    assert [t.holder for t in r.terms(date(2020, 1, 1), date(2026, 1, 1))] == [
        "A", "B", "Bb", "C", "D", "A",
    ]  # fmt: skip


def test_an_alphabetical_rotation_continues_after_a_holder_that_has_left() -> None:
    # A B C D E alphabetical, yearly; C holds 2021 and leaves on 2021-06-01
    # (effective 2022): 2022 goes to D, the next current member after C.
    r = Rotation(
        "r",
        list("ABCDE"),
        alphabetical=True,
        anchor=Anchor("A", date(2019, 1, 1)),
        changes=[Leave("C", date(2021, 6, 1), LeavePolicy.SKIP)],
    )
    assert [t.holder for t in r.terms(date(2019, 1, 1), date(2026, 1, 1))] == list("ABCDEAB")


# -- a running term is history -------------------------------------------------


def _vice_next() -> Rotation:
    # A B C D E yearly, vice = the next holder; C chairs 2026 (vice D). D
    # leaves on 1 July 2026, effective with the 2027 turn: E chairs 2027.
    return Rotation(
        "r",
        list("ABCDE"),
        deputy="next",
        anchor=Anchor("C", date(2026, 1, 1)),
        changes=[Leave("D", date(2026, 7, 1))],
    )


def test_a_running_term_keeps_its_deputy_until_the_change() -> None:
    r = _vice_next()
    assert r.deputy_on(date(2026, 3, 12)) == "D"
    assert r.deputy_on(date(2026, 6, 30)) == "D"
    assert r.deputy_on(date(2026, 7, 1)) == "E"
    assert r.term(date(2026, 3, 12)).end == date(2026, 7, 1)
    assert r.term(date(2026, 9, 1)).start == date(2026, 7, 1)
    assert r.holder(date(2027, 1, 1)) == "E"


def test_a_running_term_splits_at_the_change_date() -> None:
    got = [
        (t.holder, t.deputy, t.start, t.end, t.period)
        for t in _vice_next().terms(date(2026, 1, 1), date(2028, 1, 1))
    ]
    assert got == [
        ("C", "D", date(2026, 1, 1), date(2026, 7, 1), "2026"),
        ("C", "E", date(2026, 7, 1), date(2027, 1, 1), "2026"),
        ("E", "A", date(2027, 1, 1), date(2028, 1, 1), "2027"),
    ]


def test_a_split_term_counts_once_in_fairness() -> None:
    r = _vice_next()
    report = fairness(r.terms(date(2026, 1, 1), date(2030, 1, 1)))
    # 2026 C, 2027 E, 2028 A, 2029 B: four turns, not five.
    assert report.turns["C"] == 1
    assert sum(report.turns.values()) == 4


def test_a_change_at_the_next_handover_leaves_the_running_term_whole() -> None:
    r = _vice_next().evolve(changes=[Leave("D", date(2027, 1, 1))])
    got = [(t.holder, t.deputy) for t in r.terms(date(2026, 1, 1), date(2027, 1, 1))]
    assert got == [("C", "D")]


# -- waive: everyone moves up ---------------------------------------------------


def _abcde() -> Rotation:
    return Rotation("r", list("ABCDE"), anchor=Anchor("B", date(2025, 1, 1)))


def _years(r: Rotation, first: int, last: int) -> str:
    return "".join(t.holder for t in r.terms(date(first, 1, 1), date(last + 1, 1, 1)))


def test_a_waived_turn_moves_everyone_up() -> None:
    # B holds 2025, C waives 2026: 2026 D, 2027 E, 2028 A, 2029 B, 2030 C.
    away = Unavailable("C", date(2026, 1, 1), date(2026, 12, 31), UnavailablePolicy.WAIVE)
    r = _abcde().evolve(overrides=[away])
    assert _years(r, 2025, 2031) == "BDEABCD"
    term = r.term(date(2026, 5, 1))
    assert (term.holder, term.rule, term.planned) == ("D", "waived", "C")


def test_defer_forfeit_and_waive_are_kept_apart() -> None:
    def with_policy(policy: UnavailablePolicy) -> str:
        away = Unavailable("C", date(2026, 1, 1), date(2027, 1, 1), policy)
        return _years(_abcde().evolve(overrides=[away]), 2025, 2031)

    # defer: D moves up, C owed the next turn (2027), then as planned.
    assert with_policy(UnavailablePolicy.DEFER) == "BDCEABC"
    # forfeit: D stands in and keeps its own 2027 turn.
    assert with_policy(UnavailablePolicy.FORFEIT) == "BDDEABC"
    # waive: everyone advances.
    assert with_policy(UnavailablePolicy.WAIVE) == "BDEABCD"


def test_a_waive_is_explained_in_the_fairness_report() -> None:
    away = Unavailable("C", date(2026, 1, 1), date(2027, 1, 1), UnavailablePolicy.WAIVE)
    terms = _abcde().evolve(overrides=[away]).terms(date(2025, 1, 1), date(2035, 1, 1))
    report = fairness(terms)
    assert report.fair
    assert [(a.kind, a.member, a.period) for a in report.adjustments] == [("waived", "C", "2026")]


def test_a_waived_entry_of_a_published_list_moves_the_list_up() -> None:
    # Published 2025 B, 2026 C, 2027 D, then the member order continues.
    r = Rotation(
        "r",
        list("ABCDE"),
        published={"2025": "B", "2026": "C", "2027": "D"},
        after="continue",
        overrides=[Unavailable("C", date(2026, 1, 1), date(2027, 1, 1), UnavailablePolicy.WAIVE)],
    )
    # 2026 D (moved up), 2027 after D: E, then A, B.
    assert _years(r, 2025, 2029) == "BDEAB"


# -- a handover day for every unit ---------------------------------------------


def test_six_month_chairs_hand_over_in_mid_may_and_mid_november() -> None:
    r = Rotation(
        "ordf",
        ["A", "B", "C"],
        unit="semester",
        handover="05-15",
        anchor=Anchor("A", date(2026, 6, 1)),
    )
    got = [
        (t.period, t.start, t.end, t.holder) for t in r.terms(date(2026, 1, 1), date(2027, 6, 1))
    ]
    assert got == [
        ("2025-H2", date(2025, 11, 15), date(2026, 5, 15), "C"),
        ("2026-H1", date(2026, 5, 15), date(2026, 11, 15), "A"),
        ("2026-H2", date(2026, 11, 15), date(2027, 5, 15), "B"),
        ("2027-H1", date(2027, 5, 15), date(2027, 11, 15), "C"),
    ]
    # "11-15" names the same two days.
    assert r.evolve(handover="11-15") == r.evolve(handover="11-15")
    assert r.evolve(handover="11-15").terms(date(2026, 1, 1), date(2027, 6, 1)) == r.terms(
        date(2026, 1, 1), date(2027, 6, 1)
    )


def test_monthly_duties_change_on_the_15th() -> None:
    r = Rotation(
        "jour", ["A", "B"], unit="month", handover="01-15", anchor=Anchor("A", date(2026, 1, 20))
    )
    assert r.holder(date(2026, 1, 14)) == "B"  # December's turn runs to 14 January
    assert r.holder(date(2026, 1, 15)) == "A"
    assert r.holder(date(2026, 2, 14)) == "A"
    assert r.holder(date(2026, 2, 15)) == "B"
    assert r.term(date(2026, 2, 1)).period == "2026-01"


def test_quarters_start_on_a_given_day() -> None:
    # Quarters from 1 February: Feb–Apr, May–Jul, Aug–Oct, Nov–Jan.
    r = Rotation(
        "q",
        ["A", "B", "C", "D"],
        unit="quarter",
        handover="02-01",
        anchor=Anchor("A", date(2026, 2, 1)),
    )
    got = [(t.period, t.start, t.holder) for t in r.terms(date(2026, 1, 1), date(2027, 1, 1))]
    assert got == [
        ("2025-Q4", date(2025, 11, 1), "D"),
        ("2026-Q1", date(2026, 2, 1), "A"),
        ("2026-Q2", date(2026, 5, 1), "B"),
        ("2026-Q3", date(2026, 8, 1), "C"),
        ("2026-Q4", date(2026, 11, 1), "D"),
    ]


def test_explicit_handover_dates_for_months_semesters_and_quarters() -> None:
    r = Rotation(
        "jour",
        ["A", "B"],
        unit="month",
        handovers={"2026-03": date(2026, 3, 4)},
        anchor=Anchor("A", date(2026, 1, 1)),
    )
    assert [(t.period, t.start, t.end) for t in r.terms(date(2026, 2, 1), date(2026, 4, 1))] == [
        ("2026-02", date(2026, 2, 1), date(2026, 3, 4)),
        ("2026-03", date(2026, 3, 4), date(2026, 4, 1)),
    ]
    semesters = Rotation(
        "s", ["A", "B"], unit="semester", handovers={"2026-H2": date(2026, 8, 20)},
        anchor=Anchor("A", date(2026, 1, 1)),
    )  # fmt: skip
    assert semesters.holder(date(2026, 8, 19)) == "A"
    assert semesters.holder(date(2026, 8, 20)) == "B"


def test_a_handover_that_is_not_in_every_month_is_refused() -> None:
    with pytest.raises(RotationError, match="1 to 28") as caught:
        Rotation("m", ["A"], unit="month", handover="01-31", anchor=Anchor("A", date(2026, 1, 1)))
    assert caught.value.field == "handover"
    with pytest.raises(RotationError, match="2026-H2") as caught:
        Rotation(
            "s", ["A"], unit="semester", handovers={"2026-H2": date(2027, 2, 1)},
            anchor=Anchor("A", date(2026, 1, 1)),
        )  # fmt: skip
    assert caught.value.field == "handovers"
    with pytest.raises(RotationError, match="by a year"):
        Rotation(
            "y",
            ["A"],
            handovers={"2026-H2": date(2026, 9, 1)},
            anchor=Anchor("A", date(2026, 1, 1)),
        )


# -- a handover at a time of day ------------------------------------------------


def test_a_weekly_duty_handed_over_on_friday_at_five() -> None:
    # 2 January 2026 is a Friday.
    r = Rotation(
        "jour",
        ["Huddinge", "Botkyrka", "Salem"],
        unit="week",
        handover=Weekday.FRIDAY,
        handover_time=time(17, 0),
        anchor=Anchor("Huddinge", date(2026, 1, 2)),
    )
    term = r.term(date(2026, 1, 9))
    assert (term.holder, term.start, term.handover_time) == ("Botkyrka", date(2026, 1, 9), time(17))
    assert r.holder_at(datetime(2026, 1, 9, 16, 59)) == "Huddinge"
    assert r.holder_at(datetime(2026, 1, 9, 17, 0)) == "Botkyrka"
    assert r.holder_at(datetime(2026, 1, 15, 23, 0)) == "Botkyrka"


def test_a_time_of_day_is_for_week_and_day_turns_only() -> None:
    with pytest.raises(RotationError, match="week and day") as caught:
        Rotation("r", ["A"], handover_time=time(17), anchor=Anchor("A", date(2026, 1, 1)))
    assert caught.value.field == "handover"
    day = Rotation(
        "d", ["A", "B"], unit="day", handover_time=time(8), anchor=Anchor("A", date(2026, 1, 1))
    )
    assert day.holder_at(datetime(2026, 1, 2, 7, 59)) == "A"
    assert day.holder_at(datetime(2026, 1, 2, 8, 0)) == "B"


def test_the_rotations_feed_writes_a_timed_handover_as_a_date_time(tmp_path: Path) -> None:
    coop = load_text(
        """
id = "jour"
name = "Socialjour"

[members]
"Huddinge" = {}
"Botkyrka" = {}

[rotations.jour]
role = "bakjour"
turn = "week"
handover = "fredag 17.00"
start = { date = "2026-01-02", holder = "Huddinge" }
""",
        file="jour.toml",
    )
    assert coop.rotation("jour").handover_time == time(17)
    export(
        [coop],
        out=tmp_path,
        start=date(2026, 1, 2),
        end=date(2026, 1, 16),
        stamp=datetime(2026, 1, 1, tzinfo=UTC),
    )
    text = (tmp_path / "jour-rotationer.ics").read_text("utf-8")
    # 2 January 2026 is a Friday: Huddinge from 17.00 that day to 17.00 on the 9th.
    assert "DTSTART;TZID=Europe/Stockholm:20260102T170000" in text
    assert "DTEND;TZID=Europe/Stockholm:20260109T170000" in text
    assert "DTSTART;TZID=Europe/Stockholm:20260109T170000" in text


def test_the_cooperation_file_takes_handover_days_for_semesters() -> None:
    coop = load_text(
        """
id = "s"
name = "S"

[members]
"A" = {}
"B" = {}

[rotations.ordf]
turn = "semester"
handover = "05-15"
handovers = { "2026-H2" = 2026-11-20 }
start = { date = "2026-06-01", holder = "A" }
""",
        file="s.toml",
    )
    chair = coop.rotation("ordf")
    assert chair.holder(date(2026, 5, 14)) == "B"
    assert chair.holder(date(2026, 5, 15)) == "A"
    assert chair.holder(date(2026, 11, 19)) == "A"
    assert chair.holder(date(2026, 11, 20)) == "B"


def test_an_explicit_handover_can_fall_in_the_next_month() -> None:
    # Months from the 18th; March 2003 is handed over only on 2 April: February's
    # turn runs 18 February - 1 April.
    r = Rotation(
        "m",
        ["A", "B"],
        unit="month",
        handover="01-18",
        handovers={"2003-03": date(2003, 4, 2)},
        anchor=Anchor("A", date(2003, 2, 20)),
    )
    assert (r.term(date(2003, 4, 1)).period, r.holder(date(2003, 4, 1))) == ("2003-02", "A")
    assert (r.term(date(2003, 4, 2)).period, r.holder(date(2003, 4, 2))) == ("2003-03", "B")
    assert r.term(date(2003, 4, 18)).period == "2003-04"
