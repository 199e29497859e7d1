"""`samverkan plan`: conflicts in JSON and CSV, --strict, and several cooperations planned together.

tests/data/feeds.toml and rich.toml share their three members (Arboga,
Köping, Kungsör), and both steering groups meet on 31 March, 16 June and
27 October 2025, 12.00–15.00, with every member attending: three clashes,
each reported on both meetings. feeds.toml also meets on 1 December, alone.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import DATA

PERIOD = ("--from", "2025-01-01", "--to", "2025-12-31")
BOTH = (DATA / "feeds.toml", DATA / "rich.toml")
CLASHING = {
    f"{coop}-styrgrupp-{k}@samverkan"
    for coop in ("test", "rik")
    for k in ("mars", "juni", "oktober")
}


def test_two_cooperations_clash_where_members_meet_twice(cli: Callable[..., Any]) -> None:
    run = cli("plan", *BOTH, *PERIOD, "--format", "json")
    assert run.status == 0, run.err
    meetings = json.loads(run.out)
    assert len(meetings) == 7
    flagged = {m["uid"]: m["conflicts"] for m in meetings if m["conflicts"]}
    assert set(flagged) == CLASHING
    assert flagged["test-styrgrupp-mars@samverkan"] == [
        "Arboga, Köping, Kungsör expected at Styrgruppen (Testsamverkan) and at "
        "Styrgruppen (Riksamverkan) at the same time on 2025-03-31"
    ]
    assert (
        next(m for m in meetings if m["uid"] == "test-styrgrupp-december@samverkan")["conflicts"]
        == []
    )


def test_strict_fails_on_any_conflict(cli: Callable[..., Any]) -> None:
    run = cli("plan", *BOTH, *PERIOD, "--strict", "--format", "csv")
    assert run.status == 1
    assert "6 conflict(s)" in run.err
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert {r["uid"] for r in rows if r["conflicts"]} == CLASHING
    assert cli("plan", *BOTH, *PERIOD, "--format", "csv").status == 0
    alone = cli("plan", BOTH[0], *PERIOD, "--strict")
    assert alone.status == 0, alone.err


def test_coupling_conflicts_in_json(cli: Callable[..., Any], tmp_path: Path) -> None:
    # Arboga chairs 2025 and hosts the first and fourth meetings (the per-event
    # host rotation: Arboga, Köping, Kungsör, Arboga).
    text = (
        (DATA / "feeds.toml")
        .read_text()
        .replace('host = "vard"\n', 'host = "vard"\nhost_not_chair = true\n')
    )
    (tmp_path / "c.toml").write_text(text)
    run = cli("plan", tmp_path / "c.toml", *PERIOD, "--format", "json", "--strict")
    assert run.status == 1
    flagged = {m["uid"]: m["conflicts"] for m in json.loads(run.out) if m["conflicts"]}
    assert set(flagged) == {"test-styrgrupp-mars@samverkan", "test-styrgrupp-december@samverkan"}
    assert flagged["test-styrgrupp-mars@samverkan"] == [
        "Arboga chairs Styrgruppen on 2025-03-31 and also hosts it"
    ]


def test_cooperations_without_shared_members_do_not_clash(cli: Callable[..., Any]) -> None:
    run = cli(
        "plan",
        "sodertorn",
        "malmolund",
        "--from",
        "2017-01-01",
        "--to",
        "2017-12-31",
        "--strict",
        "--format",
        "json",
    )
    assert run.status == 0, run.err
    meetings = json.loads(run.out)
    assert {m["uid"].split("-")[0] for m in meetings} == {"sodertorn", "malmolund"}


def test_the_same_cooperation_twice_is_an_error(cli: Callable[..., Any]) -> None:
    run = cli("plan", "malmolund", "malmolund", *PERIOD)
    assert run.status == 2
    assert "named twice" in run.err
