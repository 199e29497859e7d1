"""One plan covers at most 200 years (a plan to 8999 ran for minutes; issue 21 asks a named bound)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def test_two_hundred_years_plan(cli: Callable[..., Any]) -> None:
    run = cli("plan", "malmolund", "--from", "2026-01-01", "--to", "2225-12-31", "--format", "csv")
    assert run.status == 0, run.err
    # A header line; the board 5 times a year (per_year = 5; seed 004: 4–6 a year) for
    # 200 years; election day every fourth year from 2026 to 2222: 50.
    assert len(run.out.splitlines()) == 1 + 200 * 5 + 50


def test_more_than_two_hundred_years_is_refused_naming_the_bound(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    run = cli("plan", "sodertorn", "--from", "2017-01-01", "--to", "8999-12-31")
    assert run.status == 2
    assert "more than 200 years" in run.err and "--from, --to" in run.err
    out = tmp_path / "feeds"
    run = cli("export", "malmolund", "--from", "2026-01-01", "--to", "2226-01-01", "--out", out)
    assert run.status == 2 and "more than 200 years" in run.err
    assert not list(out.glob("*.ics"))  # nothing written
