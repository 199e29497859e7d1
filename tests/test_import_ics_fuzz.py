"""Fuzzing import-ics: any bytes are read or refused with a CalendarError, never a traceback."""

from __future__ import annotations

from datetime import date

from conftest import DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from calendars import CalendarError
from calendars._importers.ics import read_calendar

_SEEDS = sorted((DATA / "ics").glob("*.ics"))
_LINES = [line for p in _SEEDS for line in p.read_bytes().split(b"\r\n") if line]
# Lines a broken export might hold: properties with odd values, stray BEGIN/END.
_ODD = st.sampled_from(
    [
        b"BEGIN:VEVENT", b"END:VEVENT", b"BEGIN:VTIMEZONE", b"END:VTIMEZONE", b"BEGIN:VALARM",
        b"DTSTART:", b"DTSTART;TZID=Nowhere/Zone:20240612T130000", b"DTSTART;VALUE=DATE:2024",
        b"DTEND:20240612T1300", b"RRULE:FREQ=SECONDLY", b"RRULE:FREQ=DAILY;COUNT=999999999",
        b"RRULE:FREQ=MINUTELY;INTERVAL=0", b"RRULE:FREQ=YEARLY;BYMONTH=13", b"EXDATE:,,,",
        b"RDATE;VALUE=PERIOD:20240612T130000Z/PT1H", b"RECURRENCE-ID:20240612",
        b"DURATION:P-1D", b"DURATION:PT", b"UID:", b"TZOFFSETTO:+9999", b"STATUS:CANCELLED",
        b" folded continuation", b"X-WR-TIMEZONE:Europe/Stockholm", b"X-WR-TIMEZONE:",
        b"SUMMARY;LANGUAGE=sv:M\xc3\xb6te", b"\xff\xfe\x00", b"LOCATION:Haninge",
    ]
)  # fmt: skip
_line = st.one_of(st.sampled_from(_LINES), _ODD, st.binary(max_size=30))


# No hangs: every file is read or refused within seconds, on a busy machine too (a series is
# cut at 1,000 meetings, with a note).
_quick = settings(deadline=5000)


def _read(data: bytes) -> None:
    try:
        read_calendar(data, source="fuzz.ics", end=date(2030, 12, 31))
    except CalendarError as exc:
        assert str(exc).startswith(("fuzz.ics", "'")), exc


@_quick
@given(st.sampled_from(_SEEDS), st.lists(st.tuples(st.integers(0, 60), _line), max_size=6))
def test_corpus_files_with_lines_inserted(seed, changes) -> None:  # type: ignore[no-untyped-def]
    lines = seed.read_bytes().split(b"\r\n")
    for position, line in changes:
        lines.insert(min(position, len(lines)), line)
    _read(b"\r\n".join(lines))


@_quick
@given(st.sampled_from(_SEEDS), st.lists(st.integers(0, 60), max_size=4), st.data())
def test_corpus_files_with_lines_cut_or_bytes_changed(seed, cuts, data) -> None:  # type: ignore[no-untyped-def]
    lines = seed.read_bytes().split(b"\r\n")
    for cut in cuts:
        if cut < len(lines):
            del lines[cut]
    raw = bytearray(b"\r\n".join(lines))
    for _ in range(data.draw(st.integers(0, 3))):
        if raw:
            raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    _read(bytes(raw))


@_quick
@given(st.lists(_line, max_size=25))
def test_any_lines_in_a_calendar(lines) -> None:  # type: ignore[no-untyped-def]
    _read(b"\r\n".join([b"BEGIN:VCALENDAR", *lines, b"END:VCALENDAR"]))


@_quick
@given(st.binary(max_size=300))
def test_any_bytes(data: bytes) -> None:
    _read(data)
