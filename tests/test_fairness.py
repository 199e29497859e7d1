"""The fairness report and assert_fair, on rotations counted by hand."""

from __future__ import annotations

from datetime import date

import pytest

from rotations import Anchor, FairnessError, Rotation, Substitution, assert_fair, fairness

ABCD = ["A", "B", "C", "D"]


def terms(**options):  # type: ignore[no-untyped-def]
    r = Rotation("r", ABCD, anchor=Anchor("A", date(2020, 1, 1)), **options)
    return r.terms(date(2020, 1, 1), date(2032, 1, 1))  # 12 turns = 3 cycles


def test_pure_cycle_is_perfectly_balanced() -> None:
    report = fairness(terms())
    assert report.fair
    assert report.balance == 1.0
    assert report.turns == {"A": 3, "B": 3, "C": 3, "D": 3}
    assert report.windows_checked == 12 - 4 + 1
    assert report.longest_wait == {"A": 4, "B": 4, "C": 4, "D": 4}
    assert assert_fair(terms()).spread == 0


def test_half_cycle_raises_no_false_alarm() -> None:
    r = Rotation("r", ABCD, anchor=Anchor("A", date(2020, 1, 1)))
    report = fairness(r.terms(date(2020, 1, 1), date(2026, 1, 1)))  # 6 turns: A B C D A B
    assert report.balance == 1.0
    assert report.fair


def test_an_extra_turn_lowers_the_balance_and_names_member_and_window() -> None:
    report = fairness(terms(overrides=[Substitution("2023", "A")]))  # D's 2023 turn to A
    # Whole cycles: A 4, B 3, C 3, D 2. Pairs (min/max): AB .75 AC .75 AD .5
    # BC 1 BD 2/3 CD 2/3 -> mean 4.333/6.
    assert report.balance == pytest.approx((0.75 + 0.75 + 0.5 + 1 + 2 / 3 + 2 / 3) / 6)
    assert report.balance < 1.0
    assert report.spread == 2
    # An explicit substitution explains the unevenness: fair, unless strict.
    assert report.fair
    assert [a.kind for a in report.adjustments] == ["substituted"]
    assert "D's turn 2023 went to A (a substitution)" in report.summary()
    assert_fair(report)
    with pytest.raises(FairnessError) as caught:
        assert_fair(report, strict=True)
    message = str(caught.value)
    assert "A has 2 turns in the window 2020–2023" in message
    assert "D has no turn in the window 2020–2023" in message
    assert "A holds two turns in a row: 2023 and 2024" in message


def test_weighted_turns() -> None:
    from dataclasses import replace

    ts = terms()
    ts[0] = replace(ts[0], weight=2.0)  # a two-day conference
    report = fairness(ts)
    assert report.weighted["A"] == 4.0
    assert report.weighted_spread == 1.0


def test_member_that_never_served() -> None:
    report = fairness(terms(), members=[*ABCD, "E"])
    assert report.never == ("E",)
    assert not report.fair


def test_min_balance_threshold() -> None:
    with pytest.raises(FairnessError, match="balance"):
        assert_fair(terms(overrides=[Substitution("2023", "A")]), min_balance=0.99)


def test_an_uneven_published_list_is_unexplained() -> None:
    # Arboga, Köping, Arboga: no exception explains it.
    r = Rotation("r", ["A", "B", "C"], published={"2021": "A", "2022": "B", "2023": "A"})
    report = fairness(r.terms(date(2021, 1, 1), date(2024, 1, 1)))
    assert not report.fair
    assert report.explained == ()
    assert report.adjustments == ()
    with pytest.raises(FairnessError, match="C has no turn in the window 2021–2023"):
        assert_fair(report)
