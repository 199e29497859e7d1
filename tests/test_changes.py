"""Membership changes and exceptions, against sequences counted by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rotations import (
    Anchor,
    Join,
    Leave,
    LeavePolicy,
    Rotation,
    RotationError,
    Substitution,
    Swap,
    Unavailable,
    UnavailablePolicy,
)

ABCD = ["A", "B", "C", "D"]


def yearly(members=ABCD, **options) -> Rotation:  # type: ignore[no-untyped-def]
    return Rotation("r", members, anchor=Anchor(members[0], date(2020, 1, 1)), **options)


def holders(rotation: Rotation, first: int, last: int) -> list[str]:
    return [t.holder for t in rotation.terms(date(first, 1, 1), date(last + 1, 1, 1))]


def test_plain_cycle() -> None:
    assert holders(yearly(), 2019, 2027) == list("DABCDABCD")


def test_leave_with_shift_moves_every_later_turn_one_step_earlier() -> None:
    r = yearly(changes=[Leave("B", date(2021, 7, 1), LeavePolicy.SHIFT)])
    # Without the change: A B C D A B C D (2020–2027). B's 2025 turn disappears
    # and everything after it moves one year earlier.
    assert holders(r, 2020, 2027) == list("ABCDACDA")


def test_leave_with_skip_after_the_leavers_turn_in_the_round_is_a_plain_cycle() -> None:
    # Effective 2022 (the first turn starting on or after 2021-07-01); B held
    # 2021, so nothing of this round (2020–2023) is B's: C and D keep 2022 and
    # 2023, and from 2024 the cycle is A C D.
    r = yearly(changes=[Leave("B", date(2021, 7, 1), LeavePolicy.SKIP)])
    assert holders(r, 2020, 2031) == list("ABCDACDACDAC")


def test_leave_with_skip_hands_the_leavers_turn_to_the_next_member_that_can_take_it() -> None:
    # Effective 2021, B's own turn. C holds 2022, so taking 2021 would give C
    # two in a row; the next member after B that holds neither 2020 (A) nor
    # 2022 (C) is D. C and D keep their turns; from 2024 a plain A C D.
    r = yearly(changes=[Leave("B", date(2021, 1, 1), LeavePolicy.SKIP)])
    assert holders(r, 2020, 2029) == list("ADCDACDACD")
    assert [t.rule for t in r.terms(date(2021, 1, 1), date(2022, 1, 1))] == ["skip"]


def test_the_next_holder_leaving() -> None:
    r = yearly(changes=[Leave("C", date(2021, 7, 1))])
    assert holders(r, 2020, 2025) == list("ABDABD")


def test_join_at_the_end_continues_after_the_last_holder() -> None:
    r = yearly(changes=[Join("E", date(2021, 7, 1))])
    assert holders(r, 2020, 2026) == list("ABCDEAB")


def test_join_at_an_index() -> None:
    # Effective 2024, after D held 2023: E enters at the front and is next.
    r = yearly(changes=[Join("E", date(2023, 7, 1), 0)])
    assert holders(r, 2020, 2026) == list("ABCDEAB")


def test_alphabetical_order_is_swedish_and_continues_after_the_last_holder() -> None:
    r = Rotation(
        "r",
        ["Köping", "Arboga", "Kungsör"],
        alphabetical=True,
        anchor=Anchor("Arboga", date(2020, 1, 1)),
    )
    # Swedish: u before ö, so Kungsör before Köping.
    assert holders(r, 2020, 2023) == ["Arboga", "Kungsör", "Köping", "Arboga"]
    english = r.evolve(language="en")
    assert holders(english, 2020, 2022) == ["Arboga", "Köping", "Kungsör"]
    joined = r.evolve(changes=[Join("Hällefors", date(2020, 6, 1), "alphabetical")])
    assert holders(joined, 2020, 2024) == ["Arboga", "Hällefors", "Kungsör", "Köping", "Arboga"]
    left = r.evolve(changes=[Leave("Arboga", date(2020, 6, 1))])
    assert holders(left, 2020, 2023) == ["Arboga", "Kungsör", "Köping", "Kungsör"]


def test_unavailable_member_is_owed_the_next_turn_it_can_take() -> None:
    r = yearly(overrides=[Unavailable("B", date(2021, 3, 1), date(2021, 5, 1))])
    assert holders(r, 2020, 2025) == list("ACBDAB")
    rules = [t.rule for t in r.terms(date(2021, 1, 1), date(2023, 1, 1))]
    assert rules == ["moved up", "deferred"]


def test_unavailable_for_two_turns_is_repaid_after_both() -> None:
    r = yearly(overrides=[Unavailable("B", date(2021, 1, 1), date(2023, 1, 1))])
    assert holders(r, 2020, 2025) == list("ACDBAB")


def test_forfeit_loses_the_turn_to_the_next_member() -> None:
    r = yearly(
        overrides=[Unavailable("B", date(2021, 1, 1), date(2021, 2, 1), UnavailablePolicy.FORFEIT)]
    )
    assert holders(r, 2020, 2025) == list("ACCDAB")


def test_swap_and_substitution_change_only_their_turns() -> None:
    assert holders(yearly(overrides=[Swap("2021", "2022")]), 2020, 2024) == list("ACBDA")
    assert holders(yearly(overrides=[Substitution("2021", "D")]), 2020, 2024) == list("ADCDA")


def test_changes_never_rewrite_earlier_terms() -> None:
    plain = yearly()
    changed = yearly(changes=[Leave("B", date(2024, 3, 1)), Join("E", date(2026, 1, 1))])
    before = date(2025, 1, 1)  # the leave takes effect with the 2025 turn
    assert plain.terms(date(1990, 1, 1), before) == changed.terms(date(1990, 1, 1), before)


def test_far_future_lookup_is_computed() -> None:
    r = yearly(changes=[Leave("B", date(2024, 3, 1))])
    # After 2025 the cycle is A C D from 2025 (A held 2024): 2025 C, 2026 D, 2027 A …
    # 3000 - 2027 = 973 = 3 * 324 + 1, so 3000 is one step after A: C.
    assert r.holder(date(3000, 6, 1)) == "C"
    assert r.holder(date(1000, 6, 1)) == "ABCD"[(1000 - 2020) % 4]


@pytest.mark.parametrize(
    ("unit", "day", "period", "start", "end"),
    [
        ("semester", date(2021, 8, 3), "2021-H2", date(2021, 7, 1), date(2022, 1, 1)),
        ("quarter", date(2021, 8, 3), "2021-Q3", date(2021, 7, 1), date(2021, 10, 1)),
        ("month", date(2021, 8, 3), "2021-08", date(2021, 8, 1), date(2021, 9, 1)),
        ("mandate", date(2021, 8, 3), "2019", date(2019, 1, 1), date(2023, 1, 1)),
        ("year", date(2021, 8, 3), "2021", date(2021, 1, 1), date(2022, 1, 1)),
    ],
)
def test_turn_units(unit: str, day: date, period: str, start: date, end: date) -> None:
    term = Rotation("r", ABCD, unit=unit, anchor=Anchor("A", date(2020, 1, 1))).term(day)
    assert (term.period, term.start, term.end) == (period, start, end)


def test_every_two_semesters_from_the_anchor() -> None:
    r = Rotation("r", ABCD, unit="semester", every=2, anchor=Anchor("A", date(2020, 7, 1)))
    term = r.term(date(2021, 3, 1))
    assert (term.start, term.end, term.holder) == (date(2020, 7, 1), date(2021, 7, 1), "A")
    assert r.holder(date(2021, 7, 1)) == "B"


def test_deputy_next_is_the_next_holder() -> None:
    r = yearly(deputy="next", overrides=[Substitution("2021", "D")])
    assert [(t.holder, t.deputy) for t in r.terms(date(2020, 1, 1), date(2022, 1, 1))] == [
        ("A", "D"),
        ("D", "C"),
    ]


def test_next_term_of_a_member() -> None:
    term = yearly().next_term("C", after=date(2022, 6, 1))
    assert term is not None and term.start == date(2026, 1, 1)
    assert (
        yearly(changes=[Leave("C", date(2021, 1, 1))]).next_term("C", after=date(2023, 1, 1))
        is None
    )


def test_everyone_unavailable_is_an_error() -> None:
    gone = [Unavailable(m, date(2021, 1, 1), date(2030, 1, 1)) for m in ABCD]
    with pytest.raises(RotationError, match="every member is unavailable"):
        yearly(overrides=gone)


def test_every_two_events() -> None:
    from rotations import Event

    r = Rotation("r", ["A", "B", "C"], unit="event", every=2, anchor=Anchor("A", date(2020, 1, 1)))
    events = [Event(f"e{i}", date(2020, 1, 1) + timedelta(weeks=i)) for i in range(7)]
    assert [t.holder for t in r.assign(events)] == list("AABBCCA")
    assert [t.period for t in r.assign(events)] == [f"e{i}" for i in range(7)]
