"""Imports: import-text and import-ics grow linearly with the input (SPEC §6).

Run: python bench/bench_imports.py
Prints, for a kalendarium of 1x, 10x and 100x seed 003's section 7, for
every real meeting list (tests/data/kalendarium/real) 1x, 10x and 100x,
for those lists as a web page and a PDF of 1x, 10x and 100x their length,
and for a weekly series of 50, 250 and 1,000 meetings, the min and median
of several interleaved rounds and the cost per date or meeting.
"""

from __future__ import annotations

import html
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from calendars._importers import coopfile, kalendarium
from calendars._importers.documents import read_document
from calendars._importers.ics import read_calendar

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
REAL = sorted((DATA / "kalendarium" / "real").glob("*.txt"))
ROUNDS = 7


def _real(copies: int) -> str:
    """The real lists one after another, each copy a year later (so no list repeats a date)."""
    lists = [case.read_text("utf-8") for case in REAL]
    return "\n\n".join(
        re.sub(r"(?<!\d)(20[12]\d)(?!\d)", lambda m, i=i: str(int(m[1]) + i), text)
        for i in range(copies)
        for text in lists
    )


def _html(text: str) -> bytes:
    items = "".join(f"<li>{html.escape(line)}</li>\n" for line in text.splitlines() if line)
    return f"<!DOCTYPE html><html><body><ul>\n{items}</ul></body></html>".encode()


def _pdf(text: str) -> bytes:
    from fpdf import FPDF  # noqa: PLC0415 - the test extra, only for this job

    pdf = FPDF()
    pdf.add_font("DejaVu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("DejaVu", "", 10)
    pdf.add_page()
    for line in text.splitlines():
        pdf.multi_cell(0, 5, line.replace("\t", "    ") or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _dates(text: str) -> int:
    return sum(len(b.dates) for b in kalendarium.parse(text, body="Direktionen").bodies)


def _kalendarium(copies: int) -> str:
    section = (DATA / "kalendarium_2017.txt").read_text("utf-8")
    return "\n".join(section.replace("2017", str(2017 + i)).replace("2018", str(2018 + i))
                     for i in range(copies))  # fmt: skip


def _one_day(count: int, *, one_line: bool) -> str:
    """`count` meetings on 2 February: one line each, or all on one line (issue 21)."""
    head = "#### Styrgruppen (torsdagar 12.00-15.00)\n\n"
    if one_line:
        return head + ", ".join(["2 februari 2017"] * count) + "\t(Arboga)\n"
    return head + "2 februari 2017\t(Arboga)\n" * count


def _series(count: int) -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:bench\r\nSUMMARY:Styrelsen\r\n"
        "DTSTART;TZID=Europe/Stockholm:20250107T130000\r\n"
        "DTEND;TZID=Europe/Stockholm:20250107T160000\r\n"
        f"RRULE:FREQ=WEEKLY;COUNT={count}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def _to_toml(text: str) -> int:
    bodies = kalendarium.parse(text, year=2017).bodies
    coopfile.to_toml(bodies, coop_id="bench", name="bench", members=None, source="bench.txt")
    return sum(len(b.dates) for b in bodies)


def _rounds(jobs: dict[str, Callable[[], int]]) -> dict[str, tuple[list[float], int]]:
    """Each job once per round, interleaved, so that a busy machine slows all alike."""
    times: dict[str, list[float]] = {name: [] for name in jobs}
    sizes: dict[str, int] = {}
    for _ in range(ROUNDS):
        for name, job in jobs.items():
            start = time.perf_counter()
            sizes[name] = job()
            times[name].append(time.perf_counter() - start)
    return {name: (times[name], sizes[name]) for name in jobs}


def main() -> None:
    jobs: dict[str, Callable[[], int]] = {}
    for copies in (1, 10, 100):
        text = _kalendarium(copies)
        jobs[f"import-text {copies}x section 7"] = lambda t=text: sum(  # type: ignore[misc]
            len(b.dates) for b in kalendarium.parse(t).bodies
        )
    for copies in (1, 10, 100):
        text = _real(copies)
        jobs[f"import-text {copies}x {len(REAL)} real lists"] = lambda t=text: _dates(t)  # type: ignore[misc]
        page = _html(text)
        jobs[f"read .html {copies}x {len(REAL)} lists"] = lambda p=page: _dates(  # type: ignore[misc]
            read_document(p, name="x.html").text
        )
    for copies in (1, 10):
        made = _pdf(_real(copies))
        jobs[f"read .pdf {copies}x {len(REAL)} lists"] = lambda p=made: _dates(  # type: ignore[misc]
            read_document(p, name="x.pdf").text
        )
    # Many meetings on one day, through the TOML writer too (its ids -2, -3 … were
    # quadratic, and the weekday look-back of a long line was): 2,000 lines took 18 s,
    # 4,000 dates on one line over 120 s.
    for count, one_line in ((500, False), (2000, False), (1000, True), (4000, True)):
        text = _one_day(count, one_line=one_line)
        label = "on one line" if one_line else "lines"
        jobs[f"import-text one day {count} {label}"] = lambda t=text: _to_toml(t)  # type: ignore[misc]
    for count in (50, 250, 1000):
        data = _series(count)
        jobs[f"import-ics weekly x{count}"] = lambda d=data: len(  # type: ignore[misc]
            read_calendar(d, source="bench.ics").events
        )
    print(f"{'job':32} {'items':>6} {'min ms':>8} {'median ms':>10} {'µs/item':>8}")
    for name, (times, size) in _rounds(jobs).items():
        best, middle = min(times), statistics.median(times)
        print(f"{name:32} {size:6} {best * 1e3:8.2f} {middle * 1e3:10.2f} {best / size * 1e6:8.1f}")


if __name__ == "__main__":
    main()
