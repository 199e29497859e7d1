"""Issue 9: fairness tells turns owed, repaid, substituted and forfeited apart.

A B C D yearly from 2020 (anchor A), counted by hand; each test also runs on
the reversed member order, where the same exception must be judged the same.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from rotations import (
    Anchor,
    FairnessError,
    Rotation,
    Swap,
    Unavailable,
    UnavailablePolicy,
    assert_fair,
    fairness,
)

ORDERS = [["A", "B", "C", "D"], ["D", "C", "B", "A"]]


def terms(order: list[str], **options):  # type: ignore[no-untyped-def]
    r = Rotation("r", order, anchor=Anchor(order[0], date(2020, 1, 1)), **options)
    return r.terms(date(2020, 1, 1), date(2032, 1, 1))  # 12 turns


@pytest.mark.parametrize("order", ORDERS)
def test_a_repaid_deferral_is_fair_and_shows_the_debt_and_its_repayment(order: list[str]) -> None:
    second, third = order[1], order[2]
    # order[1] is away when its 2021 turn starts: order[2] moves up, and
    # order[1] takes 2022 instead: 0 2 1 3 | 0 1 2 3 | 0 1 2 3.
    ts = terms(order, overrides=[Unavailable(second, date(2021, 3, 1), date(2021, 5, 1))])
    assert [t.holder for t in ts[:4]] == [order[0], third, second, order[3]]
    report = fairness(ts)
    assert report.fair
    assert report.spread == 0
    assert [(a.kind, a.member, a.period) for a in report.adjustments] == [
        ("owed", second, "2021"),
        ("repaid", second, "2022"),
    ]
    assert report.owed == {}
    # The window 2022–2025 holds order[1] twice and order[2] not at all: explained.
    assert {(v.member, v.periods[0]) for v in report.explained} == {
        (second, "2022"),
        (third, "2022"),
    }
    assert_fair(report)
    with pytest.raises(FairnessError, match=f"{second} could not take 2021"):
        assert_fair(report, strict=True)


@pytest.mark.parametrize("order", ORDERS)
def test_a_forfeit_shows_the_lost_turn(order: list[str]) -> None:
    second, third = order[1], order[2]
    ts = terms(
        order,
        overrides=[
            Unavailable(second, date(2021, 3, 1), date(2021, 5, 1), UnavailablePolicy.FORFEIT)
        ],
    )
    # order[2] stands in for 2021 and keeps 2022: 0 2 2 3 | 0 1 2 3 | 0 1 2 3.
    assert [t.holder for t in ts[:4]] == [order[0], third, third, order[3]]
    report = fairness(ts)
    assert report.turns[second] == 2 and report.turns[third] == 4
    assert [(a.kind, a.member, a.period, a.other) for a in report.adjustments] == [
        ("forfeited", second, "2021", third)
    ]
    assert f"{second} forfeited 2021; {third} stood in" in report.summary()
    assert report.fair  # the policy was explicit
    assert report.owed == {}


@pytest.mark.parametrize("order", ORDERS)
def test_a_deferral_not_yet_repaid_is_owed(order: list[str]) -> None:
    second = order[1]
    ts = terms(order, overrides=[Unavailable(second, date(2021, 1, 1), date(2022, 1, 1))])
    report = fairness(ts[:2])  # 2020, 2021: the repayment (2022) is outside
    assert report.owed == {second: 1}


@pytest.mark.parametrize("order", ORDERS)
def test_a_swap_is_explained(order: list[str]) -> None:
    report = fairness(terms(order, overrides=[Swap("2021", "2022")]))
    assert report.fair
    assert [a.kind for a in report.adjustments] == ["swapped", "swapped"]


def _coop(tmp_path: Path, policy: str) -> Path:
    coop = tmp_path / f"{policy}.toml"
    coop.write_text(
        f"""id = "abcd"
name = "ABCD"

[members]
"A" = {{}}
"B" = {{}}
"C" = {{}}
"D" = {{}}

[rotations.ordf]
members = ["A", "B", "C", "D"]
start = {{ date = "2020-01-01", holder = "A" }}

[[rotations.ordf.overrides]]
unavailable = "B"
from = "2021-03-01"
to = "2021-04-30"
policy = "{policy}"
""",
        "utf-8",
    )
    return coop


def test_cli_fairness_with_a_repaid_deferral_exits_0(tmp_path: Path, cli: Callable) -> None:  # type: ignore[type-arg]
    run = cli("fairness", _coop(tmp_path, "defer"), "--from", "2020-01-01", "--to", "2031-12-31")
    assert run.status == 0, run.out
    assert run.out.splitlines() == [
        "ordf: fair — spread 0, balance 1.0",
        "  turns: A 3, B 3, C 3, D 3",
        "  B could not take 2021 (C took it) and is owed a turn",
        "  B holds 2022, a deferred turn repaid",
    ]


def test_cli_fairness_with_a_forfeit_shows_the_lost_turn(tmp_path: Path, cli: Callable) -> None:  # type: ignore[type-arg]
    run = cli("fairness", _coop(tmp_path, "forfeit"), "--from", "2020-01-01", "--to", "2031-12-31")
    assert run.status == 0, run.out
    assert "  turns: A 3, B 2, C 4, D 3" in run.out.splitlines()
    assert "  B forfeited 2021; C stood in" in run.out.splitlines()


def test_cli_fairness_json_and_csv_carry_the_adjustments(tmp_path: Path, cli: Callable) -> None:  # type: ignore[type-arg]
    import json

    path = _coop(tmp_path, "defer")
    run = cli("fairness", path, "--from", "2020-01-01", "--to", "2031-12-31", "--format", "json")
    assert run.status == 0, run.err
    [row] = json.loads(run.out)
    assert row["fair"] is True
    assert row["violations"] == []
    assert row["adjustments"] == [
        "B could not take 2021 (C took it) and is owed a turn",
        "B holds 2022, a deferred turn repaid",
    ]
    run = cli("fairness", path, "--from", "2020-01-01", "--to", "2031-12-31", "--format", "csv")
    assert run.out.splitlines()[0] == "rotation,fair,spread,balance,turns,violations,adjustments"
    assert "a deferred turn repaid" in run.out
