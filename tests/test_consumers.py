"""Every bundled feed read by the clients people subscribe with, 0 misreads.

vdirsyncer (how khal users subscribe to a webcal) fetches the feeds from
`samverkan serve` over HTTP and splits them into one file per event; khal
then reads that folder. node-ical (Node's most used iCalendar reader) and
calcurse (a terminal calendar, from Debian) read the files themselves.
Each is compared with `samverkan plan`: UID, start, end, summary, status.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import JS, need, time_limit
from icalendar import Calendar

import calendars
from calendars import load
from calendars._formats.ical import summary
from calendars._model.meeting import Meeting, Status
from calendars._publish.export import export

STAMP = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
START, END = date(2017, 1, 1), date(2028, 1, 1)
BUNDLED = ("sodertorn", "fyra-malarstader", "malmolund", "vastra-malardalen", "bergslagen")
VENV = Path(sys.executable).parent

Row = tuple[str, str, str, str, str]
"""UID, start, end, summary, STATUS; times as ISO text in local time, dates as ISO dates."""


def _status(m: Meeting) -> str:
    """STATUS as RFC 5545 names it: a provisional meeting is TENTATIVE."""
    if m.status is Status.CANCELLED:
        return "CANCELLED"
    return "TENTATIVE" if m.provisional or m.status is Status.PROVISIONAL else "CONFIRMED"


def _when(value: date) -> str:
    """A time as local wall-clock ISO text without zone, a date as an ISO date."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat()
    return value.isoformat()


def _planned(coop: calendars.Cooperation) -> set[Row]:
    return {
        (m.uid, _when(m.start), _when(m.end), summary(m, coop.language), _status(m))
        for m in calendars.plan(coop, START, END).meetings
    }


def _rows(data: bytes) -> set[Row]:
    """The events of one .ics as icalendar reads them (the files vdirsyncer wrote)."""
    return {
        (
            str(ev["uid"]),
            _when(ev.decoded("dtstart")),
            _when(ev.decoded("dtend")),
            str(ev["summary"]),
            str(ev.get("status", "")),
        )
        for ev in Calendar.from_ical(data).walk("VEVENT")
    }


@pytest.fixture(scope="module")
def feeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every bundled cooperation exported, 2017-2027."""
    out = tmp_path_factory.mktemp("feeds")
    export([load(n) for n in BUNDLED], out=out, start=START, end=END, stamp=STAMP)
    return out


@pytest.fixture(scope="module")
def served(feeds: Path) -> Iterator[str]:
    """`samverkan serve` on the feed folder, as a subscriber reaches it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "calendars._cli", "serve", str(feeds), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(calendars.__file__).parents[1])},
    )
    try:
        assert proc.stdout is not None
        with time_limit(60):
            first = proc.stdout.readline()  # "serving … on http://127.0.0.1:PORT/ (Ctrl-C stops)"
        address = re.search(r"http://\S+/", first)
        assert address, first + (proc.stderr.read() if proc.stderr else "")
        yield address[0]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# -- vdirsyncer + khal ---------------------------------------------------------


def _tool(name: str) -> str | None:
    found = VENV / name
    return str(found) if found.is_file() else shutil.which(name)


@pytest.fixture(scope="module")
def vdir(feeds: Path, served: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every feed synced by vdirsyncer's http storage into a filesystem storage."""
    vdirsyncer = _tool("vdirsyncer")
    need(vdirsyncer, "vdirsyncer (pip install -e '.[test]')")
    assert vdirsyncer is not None
    home = tmp_path_factory.mktemp("vdirsyncer")
    lines = ["[general]", f'status_path = "{home / "status"}/"']
    for feed in sorted(feeds.glob("*.ics")):
        name = feed.stem.replace("-", "_")
        (home / "vdir" / feed.stem).mkdir(parents=True)
        lines += [
            f"[pair {name}]",
            f'a = "{name}_remote"',
            f'b = "{name}_local"',
            "collections = null",
            f"[storage {name}_remote]",
            'type = "http"',
            f'url = "{served}{feed.name}"',
            f"[storage {name}_local]",
            'type = "filesystem"',
            f'path = "{home / "vdir" / feed.stem}/"',
            'fileext = ".ics"',
        ]
    (home / "config").write_text("\n".join(lines) + "\n")
    for step in (["discover"], ["sync"]):
        done = subprocess.run(
            [vdirsyncer, "--config", str(home / "config"), *step],
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
            input="",
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "error" not in (done.stdout + done.stderr).lower(), done.stdout + done.stderr
    return home / "vdir"


def _unkeyed(rows: set[Row] | list[Row]) -> list[tuple[str, ...]]:
    """The rows without their UIDs, sorted: what to compare where the UID is not ours."""
    return sorted(row[1:] for row in rows)


def test_vdirsyncer_receives_every_event_with_its_own_uid(feeds: Path, vdir: Path) -> None:
    # vdirsyncer's http storage replaces each event's UID with a hash of its
    # content (storage/http.py, `_ignore_uids`), by design for webcal feeds;
    # a calendar-level UID came first in every item and all collided into one.
    for feed in sorted(feeds.glob("*.ics")):
        items = sorted((vdir / feed.stem).glob("*.ics"))
        got = [row for item in items for row in _rows(item.read_bytes())]
        assert len(got) == len(items), feed.name  # one event per item
        assert len({row[0] for row in got}) == len(got), feed.name  # each with its own UID
        assert _unkeyed(got) == _unkeyed(_rows(feed.read_bytes())), feed.name
    for name in BUNDLED:
        coop = load(name)
        items = (vdir / coop.id).glob("*.ics")
        got = [row for item in items for row in _rows(item.read_bytes())]
        assert _unkeyed(got) == _unkeyed(_planned(coop)), name


def test_khal_reads_what_vdirsyncer_synced(vdir: Path, tmp_path: Path) -> None:
    khal = _tool("khal")
    need(khal, "khal (pip install -e '.[test]')")
    assert khal is not None
    calendars_ = "".join(
        f"[[{name}]]\npath = {vdir / load(name).id}/\ntype = calendar\n" for name in BUNDLED
    )
    (tmp_path / "config").write_text(
        f"[calendars]\n{calendars_}"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%dT%H:%M:%S\nlongdatetimeformat = %Y-%m-%dT%H:%M:%S\n"
        "local_timezone = Europe/Stockholm\ndefault_timezone = Europe/Stockholm\n"
        f"[sqlite]\npath = {tmp_path / 'khal.db'}\n"
    )
    for name in BUNDLED:
        coop = load(name)
        done = subprocess.run(
            [khal, "-c", str(tmp_path / "config"), "list", "--once", "-a", name]
            + [f"--json={field}" for field in ("uid", "start-long", "end-long", "title", "status")]
            + ["--day-format", "", START.isoformat(), (END - timedelta(days=1)).isoformat()],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert "warning" not in done.stderr.lower(), done.stderr
        seen = [e for line in done.stdout.splitlines() if line.strip() for e in json.loads(line)]
        synced = {
            row[0]: row
            for item in (vdir / coop.id).glob("*.ics")
            for row in _rows(item.read_bytes())
        }
        assert len(seen) == len(synced), name
        for e in seen:
            _uid, start, end, title, status = synced[e["uid"]]
            # khal shows an all-day event's last day, not the day after (DTEND).
            if "T" not in start:
                end = (date.fromisoformat(end) - timedelta(days=1)).isoformat()
            assert (e["start-long"], e["end-long"], e["title"]) == (start, end, title), name
            assert e["status"].strip() == status, name


# -- node-ical -----------------------------------------------------------------


def test_every_bundled_feed_reads_the_same_in_node_ical(feeds: Path) -> None:
    node = shutil.which("node")
    need(
        node and (JS / "node_modules" / "node-ical").is_dir(),
        "node with node-ical (cd tests/js && npm ci)",
    )
    assert node is not None
    files = sorted(feeds.glob("*.ics"))
    done = subprocess.run(
        [node, str(JS / "node-ical.mjs"), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, "TZ": "UTC"},
    )
    assert done.returncode == 0, done.stderr
    parsed = json.loads(done.stdout)
    for feed in files:
        # node-ical keys events by UID: colliding UIDs would show as fewer events.
        assert {e["uid"] for e in parsed[str(feed)]} == {r[0] for r in _rows(feed.read_bytes())}
    for name in BUNDLED:
        coop = load(name)
        plan = calendars.plan(coop, START, END).meetings
        seen = {e["uid"]: e for e in parsed[str(feeds / f"{coop.id}.ics")]}
        assert len(seen) == len(plan), name
        for m in plan:
            e = seen[m.uid]
            assert (e["summary"], e["status"]) == (summary(m, coop.language), _status(m)), m.uid
            if isinstance(m.start, datetime):
                assert not e["allDay"]
                assert e["zone"] == "Europe/Stockholm", m.uid
                assert (e["start"], e["end"]) == (m.start.timestamp(), m.end.timestamp()), m.uid  # type: ignore[union-attr]
            else:
                assert e["allDay"], m.uid
                assert (e["start"], e["end"]) == (m.start.isoformat(), m.end.isoformat()), m.uid


# -- calcurse ------------------------------------------------------------------


def _calcurse_expected(events: set[Row]) -> list[tuple[str, ...]]:
    """What calcurse should list: a timed event once, an all-day one on each of its days."""
    rows: list[tuple[str, ...]] = []
    for _uid, start, end, title, _status in events:
        if "T" in start:
            rows.append((start, end, title))
            continue
        # A term (chair, host) may run past the listed years: only its days in them.
        day = max(date.fromisoformat(start), START)
        while day < min(date.fromisoformat(end), END):
            rows.append((day.isoformat(), title))
            day += timedelta(days=1)
    return sorted(rows)


def _calcurse_listed(calcurse: str, feed: Path, home: Path) -> tuple[str, list[tuple[str, ...]]]:
    """Import `feed` into an empty calcurse and list 2017-2027: its report and the rows."""
    (home / "data").mkdir(parents=True)
    (home / "conf").mkdir()
    where = ["-D", str(home / "data"), "-C", str(home / "conf")]
    env = {**os.environ, "TZ": "Europe/Stockholm"}
    imported = subprocess.run(
        [calcurse, *where, "-i", str(feed)],
        capture_output=True, text=True, check=False, timeout=120, env=env,
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    timed = "T|%(start:%Y-%m-%dT%H:%M:%S)|%(end:%Y-%m-%dT%H:%M:%S)|%m\\n"
    span = ["--from", START.isoformat(), "--to", (END - timedelta(days=1)).isoformat()]
    formats = ["--format-apt", timed, "--format-recur-apt", timed]
    formats += ["--format-event", "E|%m\\n", "--format-recur-event", "E|%m\\n"]
    listed = subprocess.run(
        [calcurse, *where, "-Q", "--input-datefmt", "4", "--output-datefmt", "%Y-%m-%d", *span, *formats],
        capture_output=True, text=True, check=False, timeout=120, env=env,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    rows: list[tuple[str, ...]] = []
    day = ""
    for line in listed.stdout.splitlines():
        if line.endswith(":") and "|" not in line:
            day = line.removesuffix(":")
        elif line.startswith("T|"):
            rows.append(tuple(line.split("|", 3)[1:]))
        elif line.startswith("E|"):
            rows.append((day, line[2:]))
        else:
            assert not line.strip(), line
    return imported.stdout, sorted(rows)


def test_every_bundled_feed_reads_the_same_in_calcurse(feeds: Path, tmp_path: Path) -> None:
    # calcurse keeps neither UID nor STATUS: the summary says "Inställt"/"Preliminärt".
    calcurse = shutil.which("calcurse")
    need(calcurse, "Debian's calcurse (apt-get install calcurse)")
    assert calcurse is not None
    for feed in sorted(feeds.glob("*.ics")):
        report, rows = _calcurse_listed(calcurse, feed, tmp_path / feed.stem)
        events = _rows(feed.read_bytes())
        timed = sum("T" in row[1] for row in events)
        assert f"{timed} apps / {len(events) - timed} events / 0 todos / 0 skipped" in report
        assert rows == _calcurse_expected(events), feed.name
    for name in BUNDLED:
        coop = load(name)
        _, rows = _calcurse_listed(calcurse, feeds / f"{coop.id}.ics", tmp_path / "plan" / name)
        assert rows == _calcurse_expected(_planned(coop)), name
