"""Feeds: identity, SEQUENCE, byte-identical re-exports, and what ical.js sees."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import DATA

import calendars
from calendars import CalendarError, load, load_text
from calendars._formats.ical import summary
from calendars._importers.ics import read_meetings
from calendars._publish.export import export

STAMP = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
LATER = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
WINDOW = (date(2025, 1, 1), date(2027, 1, 1))


def _events(data: bytes) -> dict[str, bytes]:
    """Each VEVENT's bytes, by UID."""
    found = {}
    for block in re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", data, re.DOTALL):
        uid = re.search(rb"\r\nUID:(.*?)\r\n", block)
        assert uid is not None
        found[uid[1].decode()] = block
    return found


def _export(text: str, out: Path, stamp: datetime = STAMP) -> bytes:
    coop = load_text(text, file="test.toml")
    export([coop], out=out, start=WINDOW[0], end=WINDOW[1], stamp=stamp)
    return (out / "test.ics").read_bytes()


def test_unchanged_export_is_byte_identical(tmp_path: Path) -> None:
    text = (DATA / "feeds.toml").read_text()
    _export(text, tmp_path)
    # The index page shows the next meetings from the export's day, so it
    # changes with the day; every feed and change log stays byte-identical.
    dated = {"index.html", "test-index.json"}
    first = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name not in dated}
    _export(text, tmp_path, LATER)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name not in dated} == first
    assert {p.name for p in tmp_path.iterdir()} == {*first, *dated}
    # The same day again: the index too is byte-identical.
    page = (tmp_path / "index.html").read_bytes()
    _export(text, tmp_path, LATER.replace(hour=17))
    assert (tmp_path / "index.html").read_bytes() == page


def test_moving_a_meeting_keeps_its_uid_and_raises_sequence(tmp_path: Path) -> None:
    text = (DATA / "feeds.toml").read_text()
    before = _events(_export(text, tmp_path))
    moved = _events(_export(text.replace("2025-06-16", "2025-06-23"), tmp_path, LATER))
    uid = "test-styrgrupp-juni@samverkan"
    assert set(moved) == set(before)
    assert b"SEQUENCE:0" in before[uid]
    assert b"SEQUENCE:1" in moved[uid]
    assert b"DTSTART;TZID=Europe/Stockholm:20250623T120000" in moved[uid]
    assert b"DTSTAMP:20261123T093000Z" in moved[uid]
    assert all(moved[u] == before[u] for u in before if u != uid)


def test_removing_a_meeting_leaves_it_cancelled(tmp_path: Path) -> None:
    text = (DATA / "feeds.toml").read_text()
    _export(text, tmp_path)
    without = text.replace('    { date = "2025-06-16", id = "juni" },\n', "")
    events = _events(_export(without, tmp_path, LATER))
    gone = events["test-styrgrupp-juni@samverkan"]
    assert b"STATUS:CANCELLED" in gone
    assert b"SEQUENCE:1" in gone
    assert "SUMMARY:Inställt: Styrgruppen".encode() in gone
    # A third run keeps it cancelled, unchanged, within the grace period.
    again = _events(_export(without, tmp_path, datetime(2026, 12, 1, tzinfo=UTC)))
    assert again["test-styrgrupp-juni@samverkan"] == gone


def test_feed_headers(tmp_path: Path) -> None:
    data = _export((DATA / "feeds.toml").read_text(), tmp_path)
    text = data.decode()
    # No [secretariat]: no ORGANIZER, so no METHOD (RFC 5546 wants one for PUBLISH).
    assert "METHOD" not in text
    for line in (
        "NAME;VALUE=TEXT:Testsamverkan",
        "X-WR-CALNAME;VALUE=TEXT:Testsamverkan",
        "X-WR-TIMEZONE:Europe/Stockholm",
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "X-PUBLISHED-TTL:PT12H",
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Stockholm",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
    ):
        assert f"\r\n{line}\r\n" in data.decode(), line
    assert "RDATE" not in text
    # No floating times: every event time is a DATE or carries the TZID.
    for block in _events(data).values():
        for line in block.decode().splitlines():
            if line.startswith(("DTSTART", "DTEND")):
                assert "TZID=Europe/Stockholm:" in line or ";VALUE=DATE:" in line, line


def test_provisional_month_and_multi_day_events(tmp_path: Path) -> None:
    events = _events(_export((DATA / "feeds.toml").read_text(), tmp_path))
    month = events["test-styrgrupp-2026-02@samverkan"]
    assert b"DTSTART;VALUE=DATE:20260201" in month
    assert b"DTEND;VALUE=DATE:20260301" in month
    assert b"STATUS:TENTATIVE" in month
    assert b"TRANSP:TRANSPARENT" in month
    assert "SUMMARY:Preliminärt (februari 2026): Styrgruppen".encode() in month
    two_days = events["test-styrgrupp-2026-04-20@samverkan"]
    assert b"DTSTART;VALUE=DATE:20260420" in two_days
    assert b"DTEND;VALUE=DATE:20260422" in two_days


def test_icalendar_reads_back_what_was_planned(tmp_path: Path) -> None:
    coop = load(DATA / "feeds.toml")
    export([coop], out=tmp_path, start=WINDOW[0], end=WINDOW[1], stamp=STAMP)
    back = read_meetings((tmp_path / "test.ics").read_bytes(), source="test.ics")
    assert back == list(calendars.plan(coop, *WINDOW).meetings)


def test_malformed_ics_is_a_clear_error() -> None:
    with pytest.raises(CalendarError, match=r"broken\.ics:2: not a valid iCalendar file"):
        read_meetings(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:2025\r\n", source="broken.ics")
    # An event without UID gets a derived one (tests/test_import_ics.py); without DTSTART it is
    # an error naming its line.
    with pytest.raises(CalendarError, match=r"x\.ics:2: event 1 \(a\) has no DTSTART"):
        read_meetings(
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            source="x.ics",
        )


def test_cli_import_ics_exits_2_on_a_bad_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.ics"
    bad.write_text("not a calendar")
    run = cli("import-ics", bad)
    assert run.status == 2
    assert "bad.ics" in run.err
    assert "Traceback" not in run.err


def test_failed_export_leaves_the_previous_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (DATA / "feeds.toml").read_text()
    _export(text, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    import calendars._publish.files as feeds

    real = feeds._write_all
    calls = {"n": 0}

    def failing(fd: int, content: bytes) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        real(fd, content)

    monkeypatch.setattr(feeds, "_write_all", failing)
    with pytest.raises(CalendarError, match=re.escape("No space left on device (free some space)")):
        _export(text.replace("2025-06-16", "2025-06-23"), tmp_path, LATER)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_cli_export_failure_on_bad_input_writes_nothing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "feeds"
    run = cli("export", DATA / "feeds.toml", DATA / "bad_unknown_key.toml", "--out", out)
    assert run.status == 2
    assert not out.exists()


# -- ical.js -------------------------------------------------------------------


def test_every_bundled_feed_reads_the_same_in_icaljs(icaljs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    coops = [
        load(n)
        for n in ("sodertorn", "fyra-malarstader", "malmolund", "vastra-malardalen", "bergslagen")
    ]
    start, end = date(2017, 1, 1), date(2028, 1, 1)
    export(coops, out=tmp_path, start=start, end=end, stamp=STAMP)
    files = sorted(tmp_path.glob("*.ics"))
    # Per cooperation: the whole, each body, the rotations, each member.
    assert len(files) == (1 + 6 + 1 + 8) + (1 + 1 + 1 + 4) + (1 + 2 + 1 + 11) + (1 + 2 + 1 + 3) + (
        1 + 2 + 1 + 4
    )
    parsed = icaljs(files)
    assert set(parsed) == {str(f) for f in files}
    for coop in coops:
        plan = calendars.plan(coop, start, end)
        seen = parsed[str(tmp_path / f"{coop.id}.ics")]
        assert seen["name"] == coop.name
        events = {e["uid"]: e for e in seen["events"]}  # type: ignore[union-attr]
        assert len(seen["events"]) == len(plan.meetings)  # type: ignore[arg-type]
        assert set(events) == {m.uid for m in plan.meetings}
        for m in plan.meetings:
            e = events[m.uid]
            assert e["summary"] == summary(m, coop.language)
            if isinstance(m.start, datetime):
                assert e["zone"] == "Europe/Stockholm"
                assert e["start"] == m.start.strftime("%Y-%m-%dT%H:%M:%S")
                assert e["startUnix"] == m.start.timestamp()
                assert e["endUnix"] == m.end.timestamp()  # type: ignore[union-attr]
            else:
                assert e["allDay"] is True
                assert e["start"] == m.start.isoformat()
                assert e["end"] == m.end.isoformat()
        for key, body in coop.bodies.items():
            body_feed = parsed[str(tmp_path / f"{coop.id}-{key}.ics")]
            assert {e["uid"] for e in body_feed["events"]} == {m.uid for m in plan.of(key)}  # type: ignore[union-attr]
            assert body_feed["name"] == body.name


def test_day_after_dst_change_keeps_its_local_time_in_icaljs(icaljs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _export((DATA / "feeds.toml").read_text(), tmp_path)
    events = {
        e["uid"]: e for e in icaljs([tmp_path / "test.ics"])[str(tmp_path / "test.ics")]["events"]
    }  # type: ignore[union-attr]
    march = events["test-styrgrupp-mars@samverkan"]
    october = events["test-styrgrupp-oktober@samverkan"]
    assert march["start"] == "2025-03-31T12:00:00"
    assert march["startUnix"] == datetime(2025, 3, 31, 10, 0, tzinfo=UTC).timestamp()  # CEST
    assert october["start"] == "2025-10-27T12:00:00"
    assert october["startUnix"] == datetime(2025, 10, 27, 11, 0, tzinfo=UTC).timestamp()  # CET


NASTY = 'Möte, "stort"; del\\1\nrad två Åäö é'


def test_names_with_special_characters_survive_icaljs_and_icalendar(icaljs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = (
        (DATA / "feeds.toml")
        .read_text()
        .replace('name = "Styrgruppen"', 'name = "Möte, \\"stort\\"; del\\\\1\\nrad två Åäö é"')
        .replace('"Kungsör"', '"Kung;sör, é\\\\"')
    )
    coop = load_text(text, file="nasty.toml")
    assert coop.bodies["styrgrupp"].name == NASTY
    export([coop], out=tmp_path, start=WINDOW[0], end=WINDOW[1], stamp=STAMP)
    path = tmp_path / "test-styrgrupp.ics"
    seen = icaljs([path])[str(path)]
    assert seen["name"] == NASTY
    plan = {m.uid: m for m in calendars.plan(coop, *WINDOW).meetings}
    for e in seen["events"]:  # type: ignore[union-attr]
        assert e["summary"] == summary(plan[e["uid"]], "sv")
        assert NASTY in e["summary"]
    assert any("Kung;sör, é\\" in (e["location"] or "") for e in seen["events"])  # type: ignore[union-attr]
    back = {m.uid: m for m in read_meetings(path.read_bytes(), source=str(path))}
    assert back[next(iter(back))].title == NASTY
    assert back == plan  # every field, titles and hosts included


def test_member_feeds_hold_what_the_member_attends_and_hosts(tmp_path: Path) -> None:
    text = (
        (DATA / "feeds.toml")
        .read_text()
        .replace('name = "Styrgruppen"', 'name = "Styrgruppen"\nattendees = ["Arboga", "Köping"]')
    )
    coop = load_text(text, file="feeds.toml")
    export([coop], out=tmp_path, start=WINDOW[0], end=WINDOW[1], stamp=STAMP)
    planned = calendars.plan(coop, *WINDOW).meetings
    hosted_by_kungsor = {m.uid for m in planned if "Kungsör" in m.hosts}
    kungsor = {
        u
        for u in _events((tmp_path / "test-kommun-kungsor.ics").read_bytes())
        if u.startswith("test-styrgrupp-")
    }
    arboga = {
        u
        for u in _events((tmp_path / "test-kommun-arboga.ics").read_bytes())
        if u.startswith("test-styrgrupp-")
    }
    assert hosted_by_kungsor
    assert kungsor == hosted_by_kungsor  # Kungsör does not attend, but hosts these
    assert arboga == {m.uid for m in planned}


def test_a_removed_body_retires_its_feed_with_its_meetings_cancelled(tmp_path: Path) -> None:
    text = (DATA / "feeds.toml").read_text()
    extra = '\n[bodies.arbetsgrupp]\nname = "Arbetsgruppen"\n\n[bodies.arbetsgrupp.dates]\n2025 = ["2025-05-05"]\n'
    _export(text + extra, tmp_path)
    assert (tmp_path / "test-arbetsgrupp.ics").is_file()
    coop = load_text(text, file="feeds.toml")
    files = export([coop], out=tmp_path, start=WINDOW[0], end=WINDOW[1], stamp=LATER)
    retired = [f for f in files if f.kind == "retired"]
    assert [f.name for f in retired] == ["test-arbetsgrupp.ics"]
    events = _events((tmp_path / "test-arbetsgrupp.ics").read_bytes())
    assert list(events) == ["test-arbetsgrupp-2025-05-05@samverkan"]
    assert b"STATUS:CANCELLED" in events["test-arbetsgrupp-2025-05-05@samverkan"]
    assert "NAME;VALUE=TEXT:Arbetsgruppen" in (tmp_path / "test-arbetsgrupp.ics").read_text()
    assert "test-arbetsgrupp.ics" not in (tmp_path / "index.html").read_text()


def test_feeds_carry_no_calendar_uid_and_an_old_one_goes_quietly(tmp_path: Path) -> None:
    # vdirsyncer took a calendar-level UID for every event it split out (tests/test_consumers.py).
    text = (DATA / "feeds.toml").read_text()
    data = _export(text, tmp_path)
    head = data.split(b"BEGIN:VTIMEZONE", 1)[0]
    assert b"\r\nUID:" not in head
    # A feed written before, with its calendar-level UID: rewritten once without it,
    # every event byte for byte as it was (the same SEQUENCE and DTSTAMP).
    old = data.replace(
        b"CALSCALE:GREGORIAN\r\n", b"CALSCALE:GREGORIAN\r\nUID:test@samverkan\r\n", 1
    )
    assert b"\r\nUID:test@samverkan\r\n" in old
    (tmp_path / "test.ics").write_bytes(old)
    again = _export(text, tmp_path, LATER)
    assert again == data
    assert _events(again) == _events(old)
