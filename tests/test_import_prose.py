"""Issue 16's first paragraph: a plan written as prose reads to its 14 meetings of 2027, no other.

The plan (tests/data/kalendarium/prose/plan-2027.txt): the board's seven
dates in one sentence, a management group's list under its heading, one
"preliminärt" and one "inställt" sentence, and the adoption date of the
plan, which is no meeting. Worked out by hand: 1 January 2027 is a Friday,
so the management group's dates (Fridays) fall as listed.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from conftest import DATA

import calendars
from calendars import load

PLAN = DATA / "kalendarium" / "prose" / "plan-2027.txt"
BOARD = ["2027-02-04", "2027-03-18", "2027-04-22", "2027-06-03", "2027-09-16", "2027-10-21",
         "2027-12-02"]  # fmt: skip
GROUP = ["2027-01-15", "2027-02-12", "2027-03-12", "2027-04-09", "2027-05-14", "2027-09-10",
         "2027-10-08"]  # fmt: skip


def test_the_prose_plan_reads_to_14_meetings_in_2027(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "plan.toml"
    run = cli("import-text", PLAN, "--id", "vm", "--out", out)
    assert run.status == 0, run.err
    assert f"{PLAN}:1: warning: " in run.err  # the adoption date is named, not a meeting
    assert "a document date; the list is for 2027" in run.err
    meetings = calendars.plan(load(out), date(2026, 1, 1), date(2029, 1, 1)).meetings
    got = sorted(
        (
            m.title,
            m.start.date().isoformat() if isinstance(m.start, datetime) else "",
            m.status.value,
        )
        for m in meetings
    )
    want = sorted(
        [("Styrelsen", d, "cancelled" if d == "2027-10-21" else "confirmed") for d in BOARD]
        + [
            ("Ledningsgruppen", d, "provisional" if d == "2027-05-14" else "confirmed")
            for d in GROUP
        ]
    )
    assert got == want
    times = {m.title: (m.start.hour, m.end.hour) for m in meetings}  # type: ignore[union-attr]
    assert times == {"Styrelsen": (13, 16), "Ledningsgruppen": (9, 12)}
