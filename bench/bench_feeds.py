"""Export cost against icalendar's own serialisation, and linear growth (SPEC §6).

Run: python bench/bench_feeds.py
Prints milliseconds per 1,000 events for samverkan's `feed()` (which also
builds the VTIMEZONE, compares with the previous feed and sorts) and for
icalendar's `to_ical()` of the same VEVENTs, their ratio, and the same for
growing event counts; then the plan cost per meeting over growing spans and
the size of every bundled feed.
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar

import calendars
from calendars import load
from calendars._formats.ical import Renderer, event
from calendars._model.details import Details
from calendars._model.key import CalendarKey, MeetingKey
from calendars._model.meeting import Meeting
from calendars._publish.export import export
from calendars._words import Language

ZONE = ZoneInfo("Europe/Stockholm")
STAMP = datetime(2026, 11, 22, tzinfo=UTC)


def meetings(count: int) -> list[Meeting]:
    first = datetime(2020, 1, 2, 12, tzinfo=ZONE)
    return [
        Meeting(
            key=MeetingKey("bench", "kommitten", f"{i:06d}"),
            body="kommitten",
            title="Södertörns samarbetskommitté",
            start=first + timedelta(days=i),
            end=first + timedelta(days=i, hours=3),
            hosts=("Haninge",),
            chair="Huddinge",
            details=Details(location="Haninge"),
        )
        for i in range(count)
    ]


def _best(fn: object, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return min(times)


WINDOW = (date(2019, 1, 1), date(2050, 1, 1))


def _ours(ms: list[Meeting], previous: bytes | None = None) -> bytes:
    # Within one export a meeting shared by several feeds is serialised once;
    # a benchmark of one feed must not profit from the run before it.
    renderer = Renderer(timezone="Europe/Stockholm", language=Language.SV)
    return renderer.feed(
        ms, name="x", uid=CalendarKey("x"), stamp=STAMP, window=WINDOW, previous=previous
    )


def _theirs(ms: list[Meeting]) -> bytes:
    cal = Calendar()
    for m in ms:
        cal.add_component(event(m, language=Language.SV, sequence=0, stamp=STAMP, created=STAMP))
    return cal.to_ical()  # type: ignore[no-any-return]


def _event_blocks(data: bytes) -> list[bytes]:
    return re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", data, re.DOTALL)


def _row(count: int, rounds: int) -> str:
    """Ours against icalendar's own serialisation, interleaved, one pair per round."""
    ratios, ours, theirs = [], [], []
    for _ in range(rounds):
        ms = meetings(count)
        t0 = time.perf_counter()
        mine = _ours(ms)
        t1 = time.perf_counter()
        reference = _theirs(meetings(count))
        t2 = time.perf_counter()
        ours.append(t1 - t0)
        theirs.append(t2 - t1)
        ratios.append((t1 - t0) / (t2 - t1))
    # The bytes of every event are icalendar's own (tests/test_fast_events.py checks it too).
    assert _event_blocks(mine) == _event_blocks(reference), "the events differ from icalendar's"
    k = count / 1000
    previous = _ours(meetings(count))
    again = _best(lambda: _ours(meetings(count), previous))
    return (
        f"{count:>7} {min(ours) / k * 1e3:9.1f} {statistics.median(ours) / k * 1e3:9.1f}"
        f" {min(theirs) / k * 1e3:9.1f} {statistics.median(theirs) / k * 1e3:9.1f}"
        f" {min(ratios):6.2f} {statistics.median(ratios):6.2f} {again / k * 1e3:12.1f}"
    )


def main() -> None:
    rounds = 7
    print(f"ms per 1,000 events, {rounds} rounds, ours and icalendar's interleaved in each")
    heads = (
        ("events", 7),
        ("ours min", 9),
        ("ours med", 9),
        ("ical min", 9),
        ("ical med", 9),
        ("r min", 6),
        ("r med", 6),
        ("w/ prev min", 12),
    )
    print(" ".join(f"{h:>{w}}" for h, w in heads))
    for count in (1000, 2000, 4000, 8000):
        print(_row(count, rounds))
    print()
    coop = load("sodertorn")
    print(f"{'plan sodertorn':16} {'meetings':>9} {'ms':>8} {'µs/meeting':>11}")
    for years in (1, 5, 10, 20, 40):
        start, end = date(2017, 1, 1), date(2017 + years, 1, 1)
        count = len(calendars.plan(coop, start, end).meetings)
        t = _best(lambda s=start, e=end: calendars.plan(coop, s, e))
        print(f"{years:>3} years       {count:9} {t * 1e3:8.1f} {t / count * 1e6:11.1f}")

    print()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        coops = [load(n) for n in ("sodertorn", "fyra-malarstader", "malmolund")]
        t0 = time.perf_counter()
        files = export(coops, out=out, start=date(2025, 1, 1), end=date(2028, 1, 1), stamp=STAMP)
        took = time.perf_counter() - t0
        total = sum(len(f.content) for f in files)
        print(
            f"bundled export 2025–2027: {len(files)} feeds, {sum(f.events for f in files)} events, "
            f"{total / 1024:.0f} KiB in all, {took * 1e3:.0f} ms"
        )
        for f in files:
            if f.kind != "member":
                print(f"  {f.name:45} {f.events:4} events {len(f.content):7} bytes")


if __name__ == "__main__":
    main()
