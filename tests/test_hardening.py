"""Hardening, second pass (issue 21): no hang on real files, every input bounded.

Each test was a hang, a traceback or a silent loss before its fix; the
dates and counts are worked out by hand from the files written here.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, time_limit

LIMIT = 20.0
"""Seconds one case may take (they hung for ever before)."""


@pytest.fixture(autouse=True)
def time_bound() -> Iterator[None]:
    with time_limit(LIMIT):
        yield


def calendar(*event: str) -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//x//y//SV",
        "BEGIN:VEVENT",
        "UID:a@x",
        "DTSTAMP:20250101T000000Z",
        "SUMMARY:Styrgruppen",
        *event,
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    return "\r\n".join(lines).encode()


def _days(out: str) -> list[str]:
    return [str(m["start"])[:10] for m in json.loads(out)]


# -- import-ics: recurring all-day events -------------------------------------------


def test_a_recurring_multi_day_all_day_event_is_read(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "in.ics"
    # Mondays 5, 12 and 19 January 2026, each lasting Monday and Tuesday.
    path.write_bytes(
        calendar(
            "DTSTART;VALUE=DATE:20260105", "DTEND;VALUE=DATE:20260107", "RRULE:FREQ=WEEKLY;COUNT=3"
        )
    )
    run = cli("import-ics", path, "--format", "json")
    assert run.status == 0, run.err
    assert _days(run.out) == ["2026-01-05", "2026-01-12", "2026-01-19"]
    assert [str(m["end"]) for m in json.loads(run.out)] == [
        "2026-01-07",
        "2026-01-14",
        "2026-01-21",
    ]


def test_a_daily_all_day_series_without_end_is_read_over_the_period(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "in.ics"
    path.write_bytes(calendar("DTSTART;VALUE=DATE:20260101", "RRULE:FREQ=DAILY"))
    run = cli("import-ics", path, "--from", "2026-02-01", "--to", "2026-02-28", "--format", "json")
    assert run.status == 0, run.err
    assert _days(run.out) == [f"2026-02-{d:02}" for d in range(1, 29)]


def test_a_daily_all_day_series_without_end_or_period_is_cut(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "in.ics"
    path.write_bytes(
        calendar("DTSTART;VALUE=DATE:20260101", "DTEND;VALUE=DATE:20260103", "RRULE:FREQ=DAILY")
    )
    run = cli("import-ics", path, "--format", "json")
    assert run.status == 0, run.err
    # Two years on from 2026 is 2026-01-01..2028-12-31 (1,096 days): cut at 1,000.
    days = _days(run.out)
    assert len(days) == 1000
    assert days[0] == "2026-01-01"
    assert days[-1] == "2028-09-26"  # day 1,000: 365 + 365 + 270 (26 September 2028)
    assert "cut at 1000 meetings" in run.err


# -- import-ics: RRULEs that dateutil would loop on or crash on ------------------------

BAD_RULES = {
    "FREQ=DAILY;INTERVAL=0": "INTERVAL=0",
    "FREQ=WEEKLY;INTERVAL=-2": "INTERVAL=-2",
    "FREQ=WEEKLY;INTERVAL=1001": "INTERVAL=1001",
    "FREQ=MONTHLY;BYDAY=9TH": "9TH",
    "FREQ=MONTHLY;BYDAY=60MO": "60MO",
    "FREQ=YEARLY;BYDAY=54MO": "54MO",
    "FREQ=WEEKLY;BYDAY=2MO": "2MO",
    "FREQ=MONTHLY;BYDAY=XX": "XX",
    "garbage": "garbage",
    "FREQ=YEARLY;BYMONTH=13": "BYMONTH=13",
    "FREQ=YEARLY;BYMONTH=0": "BYMONTH=0",
    "FREQ=MONTHLY;BYMONTHDAY=32": "BYMONTHDAY=32",
    "FREQ=YEARLY;BYWEEKNO=54": "BYWEEKNO=54",
    "FREQ=YEARLY;BYYEARDAY=367": "BYYEARDAY=367",
    "FREQ=MONTHLY;BYSETPOS=0;BYDAY=MO": "BYSETPOS=0",
    "FREQ=DAILY;BYSETPOS=-60": "BYSETPOS needs another BY part",
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30": "never matches",
    "FREQ=YEARLY;BYMONTH=4,6;BYMONTHDAY=31,-31": "never matches",
    # Rules that never match, found by trying them near the year 9999 (dateutil searched
    # each for 20 s and more): day 200 is in July, not February; from 2026 every fourth
    # year is never a leap year; ISO week 20 is in May.
    "FREQ=DAILY;BYMONTH=2;BYYEARDAY=200": "never matches in the 100 years",
    "FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29": "never matches in the 100 years",
    "FREQ=WEEKLY;BYDAY=MO;BYWEEKNO=20;BYMONTH=1": "never matches in the 100 years",
    "FREQ=DAILY;BYMONTH=1;BYSETPOS=2": "BYSETPOS=2",
    "FREQ=WEEKLY;BYDAY=MO;BYSETPOS=8": "BYSETPOS=8",
    "FREQ=DAILY;FREQ=WEEKLY": "FREQ more than once",
    "FREQ=DAILY;COUNT=3;COUNT=4": "COUNT more than once",
    "INTERVAL=2": "no FREQ",
    "FREQ=FORTNIGHTLY": "FREQ=FORTNIGHTLY",
    "FREQ=DAILY;COUNT=0": "COUNT=0",
    "FREQ=DAILY;COUNT=2;UNTIL=20260101": "both COUNT and UNTIL",
    "FREQ=DAILY;UNTIL=2026": "UNTIL=2026",
    "FREQ=DAILY;WKST=XY": "WKST=XY",
    "FREQ=DAILY;COLOR=RED": "'COLOR'",
    "FREQ=DAILY;INTERVAL=" + "9" * 900: "INTERVAL=9999",
    "FREQ=DAILY;X-A=" + "9" * 5000: "at most 1000",
    "FREQ=SECONDLY": "secondly",
}


@pytest.mark.parametrize("rule", list(BAD_RULES), ids=[r[:40] for r in BAD_RULES])
def test_a_bad_rrule_is_an_error_naming_the_event_the_line_and_the_part(
    rule: str, cli: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "in.ics"
    path.write_bytes(calendar("DTSTART;VALUE=DATE:20260105", f"RRULE:{rule}"))
    run = cli("import-ics", path, "--from", "2026-01-01", "--to", "2026-12-31")
    assert run.status == 2, run.err
    assert "Traceback" not in run.err
    assert f"{path}:9: event 1 (a@x): RRULE" in run.err  # RRULE is line 9 of the file
    assert BAD_RULES[rule] in run.err


def test_a_second_bad_rrule_is_named_by_its_own_line(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "in.ics"
    path.write_bytes(
        calendar(
            "DTSTART;VALUE=DATE:20260105", "RRULE:FREQ=WEEKLY;COUNT=2", "RRULE:FREQ=DAILY;BYMONTH=0"
        )
    )
    run = cli("import-ics", path)
    assert run.status == 2
    assert f"{path}:10: event 1 (a@x): RRULE BYMONTH=0" in run.err


@pytest.mark.parametrize(
    ("rule", "days"),
    [
        # Second Tuesday of each month from January 2026: 13 Jan, 10 Feb, 10 Mar.
        ("FREQ=MONTHLY;BYDAY=2TU;COUNT=3", ["2026-01-13", "2026-02-10", "2026-03-10"]),
        # Last Friday: 30 Jan, 27 Feb.
        ("FREQ=MONTHLY;BYDAY=-1FR;COUNT=2", ["2026-01-30", "2026-02-27"]),
        # Every other week on Monday from 5 January: 5 Jan, 19 Jan.
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=2", ["2026-01-05", "2026-01-19"]),
        # Day 100 of 2026 is 10 April (31 + 28 + 31 = 90, so April 10th).
        ("FREQ=YEARLY;BYYEARDAY=100;COUNT=1", ["2026-04-10"]),
        # A folded rule is one rule.
        ("FREQ=MONTHLY;BYMONTH\r\n DAY=1;COUNT=2", ["2026-02-01", "2026-03-01"]),
    ],
)
def test_valid_rrules_still_read(
    rule: str, days: list[str], cli: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "in.ics"
    path.write_bytes(calendar("DTSTART;VALUE=DATE:20260105", f"RRULE:{rule}"))
    run = cli("import-ics", path, "--format", "json")
    assert run.status == 0, run.err
    found = _days(run.out)
    # RFC 5545: DTSTART is the first occurrence even when the rule does not match it.
    assert [d for d in found if d != "2026-01-05"] == [d for d in days if d != "2026-01-05"]


def test_a_duration_past_the_years_read_is_an_error(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "in.ics"
    path.write_bytes(calendar("DTSTART:20260105T100000Z", "DURATION:P99999999D"))
    run = cli("import-ics", path)
    assert run.status == 2, run.err
    assert "Traceback" not in run.err
    assert f"{path}:9: event 1 (a@x): DURATION" in run.err


# -- inputs that are not regular files, or too large ----------------------------------


@pytest.mark.parametrize("command", ["import-ics", "import-text"])
def test_a_fifo_as_input_is_refused(command: str, cli: Callable[..., Any], tmp_path: Path) -> None:
    fifo = tmp_path / "in.fifo"
    os.mkfifo(fifo)
    run = cli(command, fifo)
    assert run.status == 2
    assert f"cannot read {fifo}: it is not a regular file" in run.err
    assert "16 MiB" in run.err


@pytest.mark.parametrize("command", ["import-ics", "import-text"])
def test_dev_zero_as_input_is_refused(command: str, cli: Callable[..., Any]) -> None:
    run = cli(command, "/dev/zero")
    assert run.status == 2
    assert "cannot read /dev/zero: it is not a regular file" in run.err


@pytest.mark.parametrize("command", ["import-ics", "import-text"])
def test_an_input_over_the_bound_is_refused(
    command: str, cli: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as f:  # sparse: 16 MiB and one byte, no disk used
        f.truncate(16 * 1024 * 1024 + 1)
    run = cli(command, path)
    assert run.status == 2
    assert f"cannot read {path}: it is larger than 16 MiB" in run.err


def test_a_fifo_as_the_change_log_is_refused_and_nothing_written(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "feeds"
    out.mkdir()
    os.mkfifo(out / "changes.json")
    run = cli(
        "export", DATA / "feeds.toml", "--from", "2025-01-01", "--to", "2025-12-31",
        "--out", out, "--stamp", "2025-01-01T00:00:00Z",
    )  # fmt: skip
    assert run.status == 2
    assert f"cannot read {out / 'changes.json'}: it is not a regular file" in run.err
    assert "64 MiB" in run.err
    assert sorted(p.name for p in out.iterdir() if p.name != ".samverkan.lock") == ["changes.json"]


def test_a_fifo_as_the_change_log_of_changes_is_refused(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    os.mkfifo(tmp_path / "changes.json")
    run = cli("changes", tmp_path)
    assert run.status == 2
    assert "it is not a regular file" in run.err


# -- import-text: a hand-edited file is not overwritten; years outside the range --------


@pytest.mark.parametrize("command", ["import-text", "import-ics"])
def test_out_refuses_an_existing_file_without_force(
    command: str, cli: Callable[..., Any], tmp_path: Path
) -> None:
    source = DATA / "kalendarium_2017.txt" if command == "import-text" else tmp_path / "in.ics"
    if command == "import-ics":
        source.write_bytes(calendar("DTSTART:20260105T100000Z", "LOCATION:Haninge"))
    members = ("--members", "Haninge") if command == "import-ics" else ()
    out = tmp_path / "edited.toml"
    out.write_text("# edited by hand\n", "utf-8")
    run = cli(command, source, *members, "--out", out)
    assert run.status == 2
    assert f"--out {out} already exists" in run.err
    assert "--force" in run.err
    assert out.read_text("utf-8") == "# edited by hand\n"
    run = cli(command, source, *members, "--out", out, "--force")
    assert run.status == 0, run.err
    assert out.read_text("utf-8").startswith("#") and "[bodies." in out.read_text("utf-8")


@pytest.mark.parametrize(
    ("line", "year"),
    [
        ("2 februari 1899\t(Nykvarn)", 1899),
        ("2 februari 9001\t(Nykvarn)", 9001),
        ("2 februari 10000\t(Nykvarn)", 10000),
        ("3–5 mars 1899\t(Nykvarn)", 1899),
        ("3 mars–5 april 9999\t(Nykvarn)", 9999),
        ("2/2 1899\t(Nykvarn)", 1899),
    ],
)
def test_a_year_outside_the_range_in_a_kalendarium_is_an_error(
    line: str, year: int, cli: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "k.txt"
    path.write_text(f"#### Styrgruppen (torsdagar 12.00-15.00)\n\n{line}\n", "utf-8")
    run = cli("import-text", path, "--year", "2017")
    assert run.status == 2, run.out
    assert f"{path}:3: " in run.err
    # The list reader's own bound (phrases.py): a meeting list's year is 1900-2199.
    assert f"{year} is not a year; write one from 1900 to 2199" in run.err
    assert "2017-" not in run.out


# -- a previous feed's SEQUENCE out of range ---------------------------------------------


@pytest.mark.parametrize("sequence", ["99999999999999999999", "-3", "1000000000", "+1"])
def test_a_previous_sequence_out_of_range_is_refused_never_republished(
    sequence: str, cli: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "feeds"
    period = ("--from", "2025-01-01", "--to", "2025-12-31", "--out", out, "--format", "csv")
    assert (
        cli("export", DATA / "feeds.toml", *period, "--stamp", "2025-01-01T00:00:00Z").status == 0
    )
    feed = out / "test-kommun-arboga.ics"
    text = feed.read_bytes()
    assert b"SEQUENCE:0\r\n" in text
    feed.write_bytes(text.replace(b"SEQUENCE:0\r\n", f"SEQUENCE:{sequence}\r\n".encode(), 1))
    run = cli("export", DATA / "feeds.toml", *period, "--stamp", "2025-02-01T00:00:00Z")
    assert run.status == 2
    line = text[: text.index(b"SEQUENCE:0\r\n")].count(b"\n") + 1
    assert f"{feed}:{line}: the previous feed cannot be read back" in run.err
    assert f"SEQUENCE:{sequence} is not a whole number from 0 to 999999999" in run.err
    run = cli("export", DATA / "feeds.toml", *period, "--stamp", "2025-02-01T00:00:00Z", "--force")
    assert run.status == 0, run.err
    assert f"SEQUENCE:{sequence}\r".encode() not in feed.read_bytes()
    assert b"SEQUENCE:0\r\n" in feed.read_bytes()


# -- unchanged means untouched, whatever the day; broken logs and indexes ---------------


def test_an_unchanged_export_on_the_next_day_touches_no_file(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "feeds"
    period = ("--from", "2025-01-01", "--to", "2025-12-31", "--out", out, "--format", "csv")
    assert (
        cli("export", DATA / "feeds.toml", *period, "--stamp", "2025-03-01T08:00:00Z").status == 0
    )
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.iterdir()}
    run = cli("export", DATA / "feeds.toml", *period, "--stamp", "2025-03-02T08:00:00Z")
    assert run.status == 0, run.err
    after = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.iterdir()}
    # index.html shows who holds a post "now", so it may change with the day; nothing else.
    changed = sorted(n for n in after if before.get(n) != after[n] and n != "index.html")
    assert changed == []
    assert "test-index.json" in after


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


@pytest.mark.parametrize(
    "content",
    [_nested(100_000), b'{"changes": [' + b"9" * 5000 + b"]}", b'{"changes": [[1]]}', b"[]"],
    ids=["nested", "huge-int", "list-item", "list"],
)
def test_a_broken_change_log_is_an_error_naming_it(
    content: bytes, cli: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "feeds"
    out.mkdir()
    (out / "changes.json").write_bytes(content)
    run = cli("export", DATA / "feeds.toml", "--from", "2025-01-01", "--to", "2025-12-31",
              "--out", out)  # fmt: skip
    assert run.status == 2, run.err
    assert "Traceback" not in run.err
    assert f"{out / 'changes.json'}: " in run.err
    run = cli("changes", out)
    assert run.status == 2
    assert f"{out / 'changes.json'}: " in run.err


@pytest.mark.parametrize(
    "content",
    [_nested(100_000), b'{"id": ' + b"9" * 5000 + b"}", b"[1]"],
    ids=["nested", "huge-int", "list"],
)
def test_a_broken_index_of_another_cooperation_is_an_error_naming_it(
    content: bytes, cli: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "feeds"
    out.mkdir()
    (out / "other-index.json").write_bytes(content)
    run = cli("export", DATA / "feeds.toml", "--from", "2025-01-01", "--to", "2025-12-31",
              "--out", out)  # fmt: skip
    assert run.status == 2, run.err
    assert "Traceback" not in run.err
    assert f"{out / 'other-index.json'}: " in run.err


# -- one folder, several cooperations: file ownership across runs, UIDs, folded names -----

COOP = """id = "{id}"
name = "Prov {id}"

[members]
"Arboga" = {{ code = "1984" }}
"Köping" = {{ code = "1983" }}

[rotations.vard]
role = "värd"
turn = "event"
members = ["Arboga", "Köping"]
start = {{ date = "2025-01-01", holder = "Arboga" }}

[bodies.{body}]
name = "Styrgruppen"
host = "vard"
weekday = "måndag"
time = "12:00-15:00"
per_year = 2
"""
PERIOD = ("--from", "2025-01-01", "--to", "2025-12-31", "--stamp", "2025-01-01T00:00:00Z")


def _coop(tmp_path: Path, coop_id: str, body: str) -> Path:
    path = tmp_path / f"{coop_id}.toml"
    path.write_text(COOP.format(id=coop_id, body=body), "utf-8")
    return path


def _uids(path: Path) -> set[str]:
    text = path.read_bytes().decode().replace("\r\n ", "")
    return {line[4:] for line in text.split("\r\n") if line.startswith("UID:")}


@pytest.mark.parametrize("first", ["a", "a-b"])
def test_two_cooperations_exported_separately_into_one_folder_do_not_overwrite(
    first: str, cli: Callable[..., Any], tmp_path: Path
) -> None:
    coops = {"a": _coop(tmp_path, "a", "b-c"), "a-b": _coop(tmp_path, "a-b", "c")}
    second = "a-b" if first == "a" else "a"
    out = tmp_path / "feeds"
    assert cli("export", coops[first], *PERIOD, "--out", out, "--format", "csv").status == 0
    made = (out / "a-b-c.ics").read_bytes()
    run = cli("export", coops[second], *PERIOD, "--out", out, "--format", "csv")
    assert run.status == 2
    assert f"{out / 'a-b-c.ics'} was made by the cooperation {first!r}" in run.err
    assert (out / "a-b-c.ics").read_bytes() == made
    assert not (out / f"{second}.ics").exists()  # nothing of the second was written


def test_uids_never_collide_between_cooperations(cli: Callable[..., Any], tmp_path: Path) -> None:
    a, ab = _coop(tmp_path, "a", "b-c"), _coop(tmp_path, "a-b", "c")
    assert cli("export", a, *PERIOD, "--out", tmp_path / "one", "--format", "csv").status == 0
    assert cli("export", ab, *PERIOD, "--out", tmp_path / "two", "--format", "csv").status == 0
    first, second = _uids(tmp_path / "one" / "a.ics"), _uids(tmp_path / "two" / "a-b.ics")
    # Two meetings a year each (per_year = 2); feeds carry no calendar-level UID
    # (vdirsyncer copied it into every event, issue 19).
    assert len(first) == len(second) == 2
    assert first.isdisjoint(second)
    # "a" keeps the UIDs it always had; "a-b" doubles the "-" of its id.
    assert all(u.startswith("a-b-c-") for u in first)
    assert all(u.startswith("a--b-c-") for u in second)


def test_a_uid_published_before_the_doubling_is_kept(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    ab = _coop(tmp_path, "a-b", "c")
    out = tmp_path / "feeds"
    assert cli("export", ab, *PERIOD, "--out", out, "--format", "csv").status == 0
    # A feed as the earlier release wrote it: "a-b-c-…" for cooperation a-b.
    for path in out.glob("*.ics"):
        path.write_bytes(path.read_bytes().replace(b"UID:a--b-c-", b"UID:a-b-c-"))
    before = _uids(out / "a-b-c.ics")
    later = ("--from", "2025-01-01", "--to", "2025-12-31", "--stamp", "2025-02-01T00:00:00Z")
    assert cli("export", ab, *later, "--out", out, "--format", "csv").status == 0
    assert _uids(out / "a-b-c.ics") == before


def test_habo_and_habo_get_distinct_files(cli: Callable[..., Any], tmp_path: Path) -> None:
    path = tmp_path / "uppsala.toml"
    text = COOP.format(id="prov", body="styrgrupp")
    text = text.replace('"Arboga" = { code = "1984" }', '"Håbo" = { code = "0305" }')
    text = text.replace('"Köping" = { code = "1983" }', '"Habo" = { code = "0643" }')
    path.write_text(text.replace('["Arboga", "Köping"]', '["Håbo", "Habo"]')
                    .replace('holder = "Arboga"', 'holder = "Håbo"'), "utf-8")  # fmt: skip
    out = tmp_path / "feeds"
    run = cli("export", path, *PERIOD, "--out", out, "--format", "csv")
    assert run.status == 0, run.err
    # Both attend both meetings (Mondays 7 April and 6 October 2025, half a year apart);
    # Håbo (0305) hosts the first, Habo (0643) the second: each feed has its own turn.
    for code, hosts in (("0305", "2025-04-07"), ("0643", "2025-10-06")):
        uids = _uids(out / f"prov-kommun-habo-{code}.ics")
        assert {"prov-styrgrupp-2025-04-07@samverkan", "prov-styrgrupp-2025-10-06@samverkan"} < uids
        turns = [u for u in uids if u.startswith("prov-rotation-vard-")]
        assert len(turns) == 1 and hosts in turns[0]
        assert (out / f"prov-kommun-habo-{code}-andringar.atom").exists()
    assert not (out / "prov-kommun-habo.ics").exists()


# -- tracebacks of the trial: long names, far years, huge numbers ---------------------


def _base() -> str:
    return COOP.format(id="prov", body="styrgrupp")


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda t: t.replace('"Arboga"', '"' + "Ö" * 240 + '"'), "has 240 characters"),
        (lambda t: t.replace("per_year = 2", "per_year = " + "9" * 5000), "4,300 digits"),
        (
            lambda t: t.replace("[bodies.", 'handovers = { "1" = "0001-02-01" }\n\n[bodies.'),
            "rotations.vard.handovers.1: '1' is not a year in 1900–9000",
        ),
        (
            lambda t: t.replace("[bodies.", 'handovers = { "9999" = "9999-02-01" }\n\n[bodies.'),
            "'9999' is not a year in 1900–9000",
        ),
        (
            lambda t: t.replace(
                "[bodies.", f'handovers = {{ "{"9" * 5000}" = "2026-02-01" }}\n\n[bodies.'
            ),
            "is not a year in 1900–9000",
        ),
    ],
    ids=[
        "member-240",
        "int-5000-digits",
        "handover-year-1",
        "handover-year-9999",
        "year-5000-digits",
    ],
)
def test_what_was_a_traceback_is_an_error_naming_file_and_line(
    change: Callable[[str], str], said: str, cli: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "prov.toml"
    path.write_text(change(_base()), "utf-8")
    run = cli("export", path, *PERIOD, "--out", tmp_path / "feeds")
    assert run.status == 2, run.err
    assert "Traceback" not in run.err
    assert re_file_line(path).search(run.err), run.err
    assert said in run.err
    assert not (tmp_path / "feeds").exists() or not list((tmp_path / "feeds").glob("*.ics"))


def re_file_line(path: Path) -> Any:
    import re

    return re.compile(rf"{re.escape(str(path))}:\d+: ")


# -- import-text: many meetings on one day in linear time --------------------------------


@pytest.mark.parametrize("one_line", [False, True], ids=["2000-lines", "4000-on-one-line"])
def test_many_meetings_on_one_day_import_in_linear_time(
    one_line: bool, cli: Callable[..., Any], tmp_path: Path
) -> None:
    import time

    head = "#### Styrgruppen (torsdagar 12.00-15.00)\n\n"
    count = 4000 if one_line else 2000
    if one_line:
        text = head + ", ".join(["2 februari 2017"] * count) + "\t(Arboga)\n"
    else:
        text = head + "2 februari 2017\t(Arboga)\n" * count
    path = tmp_path / "k.txt"
    path.write_text(text, "utf-8")
    began = time.monotonic()
    run = cli("import-text", path, "--year", "2017", "--out", tmp_path / "k.toml")
    took = time.monotonic() - began
    assert run.status == 0, run.err[-500:]
    # Each meeting of the day gets its own id: 2017-02-02, then -2 … -count.
    written = (tmp_path / "k.toml").read_text("utf-8")
    assert f'id = "2017-02-02-{count}"' in written
    assert f'id = "2017-02-02-{count + 1}"' not in written
    # 18 s for 2,000 lines and over 120 s for 4,000 on a line before; ~0.1 s now.
    assert took < 8, f"{took:.1f} s"
