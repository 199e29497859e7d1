"""Issue 17: rotations as real bodies rotate; every value worked out by hand."""

from __future__ import annotations

from datetime import date

from rotations import (
    Anchor,
    Join,
    Leave,
    LeavePolicy,
    Rotation,
    Unavailable,
    UnavailablePolicy,
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
