"""Issue 9: rotation semantics as real bodies rotate, against values worked out by hand."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date, datetime
from pathlib import Path

import pytest

from rotations import (
    Anchor,
    Event,
    Join,
    Leave,
    LeavePolicy,
    Rotation,
    RotationError,
    Weekday,
    election_day,
)

ABCD = ["A", "B", "C", "D"]

# The Council of the EU presidency order as published in 2016 (Council
# Decision (EU) 2016/1316 had moved everyone up; this is the order before it).
EU_ORDER = ["Malta", "United Kingdom", "Estonia", "Bulgaria", "Austria", "Romania", "Finland"]
EU_LIST = {
    "2017-H1": "Malta",
    "2017-H2": "United Kingdom",
    "2018-H1": "Estonia",
    "2018-H2": "Bulgaria",
    "2019-H1": "Austria",
    "2019-H2": "Romania",
    "2020-H1": "Finland",
}


def yearly(**options) -> Rotation:  # type: ignore[no-untyped-def]
    return Rotation("r", ABCD, anchor=Anchor("A", date(2020, 1, 1)), **options)


def holders(rotation: Rotation, first: int, last: int) -> str:
    return "".join(t.holder for t in rotation.terms(date(first, 1, 1), date(last + 1, 1, 1)))


# -- published lists take leaves and joins ------------------------------------


def test_eu_2017_the_united_kingdom_leaves_a_published_list_under_shift() -> None:
    plain = Rotation("presidency", EU_ORDER, unit="semester", published=EU_LIST)
    left = plain.evolve(changes=[Leave("United Kingdom", date(2017, 7, 1), LeavePolicy.SHIFT)])
    got = [(t.period, t.holder) for t in left.terms(date(2017, 7, 1), date(2020, 1, 1))]
    assert got == [
        ("2017-H2", "Estonia"),
        ("2018-H1", "Bulgaria"),
        ("2018-H2", "Austria"),
        ("2019-H1", "Romania"),
        ("2019-H2", "Finland"),
    ]
    # Terms before 2017-07-01 are unchanged.
    assert left.terms(date(2017, 1, 1), date(2017, 7, 1)) == plain.terms(
        date(2017, 1, 1), date(2017, 7, 1)
    )
    assert left.holder(date(2017, 3, 1)) == "Malta"


def test_a_leave_under_skip_in_a_published_list_goes_to_the_next_listed_member_that_can_take_it() -> (
    None
):
    r = Rotation(
        "presidency",
        EU_ORDER,
        unit="semester",
        published=EU_LIST,
        changes=[Leave("United Kingdom", date(2017, 7, 1), LeavePolicy.SKIP)],
    )
    # 2017-H2 was the UK's. Estonia holds 2018-H1 (it would serve twice in a
    # row), so the next listed member, Bulgaria, takes it; nobody else moves.
    got = [t.holder for t in r.terms(date(2017, 1, 1), date(2020, 7, 1))]
    assert got == ["Malta", "Bulgaria", "Estonia", "Bulgaria", "Austria", "Romania", "Finland"]
    assert r.term(date(2017, 8, 1)).rule == "skip"


def test_a_member_joins_a_published_list_at_a_position() -> None:
    r = Rotation(
        "radslag",
        ["A", "B", "C"],
        published={"2017": "A", "2018": "B", "2019": "C"},
        after="stop",
        changes=[Join("D", date(2018, 1, 1), 1)],
    )
    # Effective 2018: D enters the rest of the list (B, C) at index 1.
    assert holders(r, 2017, 2020) == "ABDC"
    end = r.evolve(changes=[Join("D", date(2018, 1, 1))])
    assert holders(end, 2017, 2020) == "ABCD"


# -- skip settles ---------------------------------------------------------------


def test_skip_settles_after_the_current_round() -> None:
    # Issue 9: this ran ACCDADCDAACD… for decades. Effective 2022: B already
    # held 2021 in the round 2020–2023, so C, D keep theirs and A C D follows.
    r = yearly(changes=[Leave("B", date(2021, 7, 1), LeavePolicy.SKIP)])
    assert holders(r, 2020, 2035) == "ABCD" + "ACD" * 4


def test_skip_with_two_members_left_drops_the_turn() -> None:
    # A B C, B leaves at its own turn (2021): A and C would each serve twice
    # in a row, so the turn is dropped and C moves up; then A C A C.
    r = Rotation(
        "r",
        ["A", "B", "C"],
        anchor=Anchor("A", date(2020, 1, 1)),
        changes=[Leave("B", date(2021, 1, 1), LeavePolicy.SKIP)],
    )
    assert holders(r, 2020, 2025) == "ACACAC"


def test_skip_of_the_last_member_of_the_round() -> None:
    # D leaves at its turn 2023: C held 2022 and A opens the next round, so B.
    r = yearly(changes=[Leave("D", date(2023, 1, 1), LeavePolicy.SKIP)])
    assert holders(r, 2020, 2029) == "ABCB" + "ABC" * 2


# -- joins ----------------------------------------------------------------------


def test_a_member_joining_at_the_end_right_after_the_last_member_served_is_next() -> None:
    # D holds 2023, the last turn of the round; E joins from 2024 and is next.
    r = yearly(changes=[Join("E", date(2023, 7, 1))])
    assert holders(r, 2020, 2030) == "ABCD" + "EABCD" + "EA"


def test_a_member_joining_at_the_end_mid_round_follows_the_last_member() -> None:
    r = yearly(changes=[Join("E", date(2021, 7, 1))])
    assert holders(r, 2020, 2026) == "ABCDEAB"


# -- mandate periods -------------------------------------------------------------


def test_election_days_are_the_second_sunday_of_september() -> None:
    # Valmyndigheten: 14 Sep 2014, 9 Sep 2018, 11 Sep 2022, 13 Sep 2026.
    assert [election_day(y) for y in (2014, 2018, 2022, 2026)] == [
        date(2014, 9, 14),
        date(2018, 9, 9),
        date(2022, 9, 11),
        date(2026, 9, 13),
    ]


def test_mandate_periods_start_on_the_first_handover_day_after_the_election() -> None:
    r = Rotation(
        "kf", ["A", "B"], unit="mandate", handover="10-15", anchor=Anchor("A", date(2019, 1, 1))
    )
    got = [
        (t.period, t.start, t.end, t.holder) for t in r.terms(date(2019, 1, 1), date(2026, 11, 1))
    ]
    # Kommunallagen 5 kap. 5 §: 2018-10-15 – 2022-10-14, 2022-10-15 – 2026-10-14.
    assert got == [
        ("2018", date(2018, 10, 15), date(2022, 10, 15), "A"),
        ("2022", date(2022, 10, 15), date(2026, 10, 15), "B"),
        ("2026", date(2026, 10, 15), date(2030, 10, 15), "A"),
    ]


def test_mandate_periods_default_to_the_four_calendar_years_after_the_election() -> None:
    r = Rotation("n", ["A", "B"], unit="mandate", anchor=Anchor("A", date(2019, 6, 1)))
    term = r.term(date(2022, 12, 31))
    assert (term.period, term.start, term.end) == ("2019", date(2019, 1, 1), date(2023, 1, 1))
    assert r.term(date(2023, 1, 1)).holder == "B"


def test_a_mandate_period_label_must_be_a_start_year() -> None:
    r = Rotation(
        "kf", ["A", "B"], unit="mandate", handover="10-15", anchor=Anchor("A", date(2019, 1, 1))
    )
    assert (
        r.evolve(published={"2018": "B", "2022": "A"}, anchor=None).holder(date(2020, 1, 1)) == "B"
    )
    with pytest.raises(RotationError, match="not the year a mandate period starts"):
        r.evolve(published={"2019": "B"}, anchor=None)


# -- week and day turns ---------------------------------------------------------------


def test_week_turns_start_on_the_handover_weekday() -> None:
    # 1 January 2026 is a Thursday, in ISO week 2026-W01.
    r = Rotation(
        "bakjour",
        ["Huddinge", "Botkyrka", "Salem"],
        unit="week",
        handover="thursday",
        anchor=Anchor("Huddinge", date(2026, 1, 1)),
    )
    assert r.handover is Weekday.THURSDAY
    got = [(t.period, t.start, t.holder) for t in r.terms(date(2026, 1, 1), date(2026, 1, 22))]
    assert got == [
        ("2026-W01", date(2026, 1, 1), "Huddinge"),
        ("2026-W02", date(2026, 1, 8), "Botkyrka"),
        ("2026-W03", date(2026, 1, 15), "Salem"),
    ]
    assert r.holder(date(2026, 1, 7)) == "Huddinge"  # the Wednesday before the handover


def test_week_turns_default_to_monday_and_take_published_weeks() -> None:
    r = Rotation(
        "socialjour",
        ["A", "B"],
        unit="week",
        published={"2026-W02": "B", "2026-W03": "A"},
        after="continue",
    )
    term = r.term(date(2026, 1, 5))
    assert (term.start, term.end, term.holder) == (date(2026, 1, 5), date(2026, 1, 12), "B")
    # After the list (W02 B, W03 A) the order continues after A: W04 B, W05 A.
    assert [r.holder(date(2026, 1, 19)), r.holder(date(2026, 1, 26))] == ["B", "A"]


def test_day_turns() -> None:
    r = Rotation("jour", ["A", "B", "C"], unit="day", every=2, anchor=Anchor("B", date(2026, 3, 1)))
    got = [(t.period, t.holder) for t in r.terms(date(2026, 3, 1), date(2026, 3, 7))]
    assert got == [("2026-03-01", "B"), ("2026-03-03", "C"), ("2026-03-05", "A")]
    assert r.holder(date(3000, 3, 1)) in ("A", "B", "C")


def test_a_week_handover_must_be_a_weekday() -> None:
    with pytest.raises(RotationError, match="not a weekday"):
        Rotation("r", ABCD, unit="week", handover="09-01", anchor=Anchor("A", date(2026, 1, 1)))
    with pytest.raises(RotationError, match="month-day"):
        Rotation("r", ABCD, handover=Weekday.MONDAY, anchor=Anchor("A", date(2026, 1, 1)))


# -- the ends of the calendar ---------------------------------------------------------


@pytest.mark.parametrize("unit", ["year", "semester", "month", "mandate", "week", "day"])
def test_lookups_at_the_ends_of_the_calendar_are_rotation_errors(unit: str) -> None:
    r = Rotation("r", ABCD, unit=unit, deputy="next", anchor=Anchor("A", date(2020, 1, 1)))
    for call in (
        lambda: r.term(date.max),
        lambda: r.next_terms(3, after=date(9999, 12, 29)),
        lambda: r.terms(date(1, 1, 1), date(1, 1, 2)) if unit == "mandate" else r.term(date.max),
    ):
        with pytest.raises(RotationError, match="9999-12-31"):
            call()


def test_an_event_on_the_last_day_is_a_rotation_error() -> None:
    r = Rotation("r", ABCD, unit="event", anchor=Anchor("A", date(2020, 1, 1)))
    with pytest.raises(RotationError, match="9999-12-31"):
        r.assign([Event("last", date.max)])


def test_cli_to_the_last_day_exits_2_without_a_traceback(cli) -> None:  # type: ignore[no-untyped-def]
    for last in ("9999-12-31", "9999-12-30"):
        run = cli("rotation", "malmolund", "ordforande", "--from", "2020-01-01", "--to", last)
        assert run.status == 2
        assert "Traceback" not in run.err and "error:" in run.err


# -- a frozen value --------------------------------------------------------------


def test_rotation_is_a_frozen_value_with_equality() -> None:
    a, b = yearly(), yearly()
    assert a == b and hash(a) == hash(b)
    assert a != yearly(deputy="next")
    with pytest.raises(FrozenInstanceError):
        a.name = "other"  # type: ignore[misc]
    assert {a, b} == {a}


def test_evolve_reads_its_own_fields() -> None:
    r = Rotation("r", ["C", "A", "B"], alphabetical=True, anchor=Anchor("A", date(2020, 1, 1)))
    assert r.members == ("A", "B", "C")
    assert r.evolve() == r
    assert r.evolve(every=2).every == 2
    assert r.evolve(every=2).members == ("A", "B", "C")
    assert r.evolve(members=["B", "A"]).members == ("A", "B")


@pytest.mark.parametrize("day", ["2020-01-01", datetime(2020, 1, 1, 12, 0), 20200101])
def test_lookups_want_a_date(day: object) -> None:
    r = yearly()
    with pytest.raises(TypeError, match=r"must be a datetime\.date"):
        r.holder(day)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"must be a datetime\.date"):
        r.terms(day, date(2021, 1, 1))  # type: ignore[arg-type]


def test_duplicate_event_keys_are_named() -> None:
    r = Rotation("r", ABCD, unit="event", anchor=Anchor("A", date(2020, 1, 1)))
    events = [Event(f"e{i % 5}", date(2020, 1, 1)) for i in range(12)]
    with pytest.raises(RotationError, match="repeated: e0, e1, e2, e3, e4"):
        r.assign(events)


def test_week_turns_in_a_cooperation_file(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    coop = tmp_path / "jour.toml"
    coop.write_text(
        'id = "jour"\nname = "Jour"\n[members]\n"A" = {}\n"B" = {}\n'
        '[rotations.bakjour]\nturn = "week"\nhandover = "thursday"\n'
        'start = { date = "2026-01-01", holder = "A" }\n',
        "utf-8",
    )
    run = cli(
        "rotation", coop, "bakjour", "--from", "2026-01-01", "--to", "2026-01-14", "--format", "csv"
    )
    assert run.status == 0, run.err
    assert run.out.splitlines()[1:] == [
        "A,,2026-01-01,2026-01-08,2026-W01,rotation",
        "B,,2026-01-08,2026-01-15,2026-W02,rotation",
    ]


def test_a_change_before_a_published_list_keeps_the_list() -> None:
    # A B C D from 2020; B leaves from 2022 (shift: C D A); the list gives
    # 2025 and 2026 to C; then the order continues after C: D, A, C.
    r = yearly(
        published={"2025": "C", "2026": "C"},
        after="continue",
        changes=[Leave("B", date(2022, 1, 1))],
    )
    assert holders(r, 2020, 2029) == "ABCDACCDAC"
    assert [t.rule for t in r.terms(date(2025, 1, 1), date(2028, 1, 1))] == [
        "published",
        "published",
        "continue",
    ]


def test_a_member_that_leaves_before_a_published_list_gives_up_its_listed_periods() -> None:
    # B leaves from 2022 (shift); the list named B for 2025 and C for 2026:
    # under shift C moves up to 2025 and the order continues after C.
    r = yearly(
        published={"2025": "B", "2026": "C"},
        after="continue",
        changes=[Leave("B", date(2022, 1, 1))],
    )
    assert holders(r, 2020, 2029) == "ABCDACDACD"
