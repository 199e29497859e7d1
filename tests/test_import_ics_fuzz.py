"""Fuzzing import-ics: any bytes are read or refused with a CalendarError, never a traceback."""

from __future__ import annotations

from datetime import date, timedelta

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


# Recurring all-day events (one day or several) with INTERVAL and BY* values at
# and past their edges: each is read within the deadline or refused naming the RRULE.
_EDGE = st.sampled_from(["-60", "-1", "0", "1", "2", "5", "6", "12", "13", "31", "32", "53",
                         "54", "366", "367", "999", "1000", "1001", "99999999999999999999"])  # fmt: skip
_PART = st.sampled_from(["INTERVAL", "BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO",
                         "BYSETPOS", "COUNT"])  # fmt: skip
_WEEKDAY = st.builds(
    lambda n, d: f"{n}{d}", st.sampled_from(["", "1", "-1", "5", "6", "9", "53", "60"]),
    st.sampled_from(["MO", "TH", "SU", "XX"]),
)  # fmt: skip


@_quick
@given(
    st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]),
    # Two parts can contradict (BYMONTH=2;BYMONTHDAY=31, BYWEEKNO=20;BYMONTH=1): a rule
    # that never matches is refused (dateutil would search it up to the year 9999).
    st.lists(st.tuples(_PART, _EDGE), max_size=3),
    st.lists(_WEEKDAY, max_size=2),
    st.integers(1, 40),
    st.booleans(),
)
def test_recurring_all_day_events_with_edge_values(  # type: ignore[no-untyped-def]
    freq, parts, weekdays, days, dated
) -> None:
    rule = f"FREQ={freq}" + "".join(f";{k}={v}" for k, v in parts)
    if weekdays:
        rule += ";BYDAY=" + ",".join(weekdays)
    start = date(2026, 1, 5)
    event = [
        b"BEGIN:VEVENT", b"UID:f@x", b"SUMMARY:Fuzz",
        b"DTSTART;VALUE=DATE:20260105",
        f"DTEND;VALUE=DATE:{(start + timedelta(days=days)):%Y%m%d}".encode(),
        f"RRULE:{rule}".encode(), b"END:VEVENT",
    ]  # fmt: skip
    data = b"\r\n".join([b"BEGIN:VCALENDAR", b"VERSION:2.0", *event, b"END:VCALENDAR"])
    try:
        read_calendar(data, source="fuzz.ics", end=date(2030, 12, 31) if dated else None)
    except CalendarError as exc:
        assert str(exc).startswith("fuzz.ics:8: event 1 (f@x): RRULE"), exc
