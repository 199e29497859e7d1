"""import-ics: recurring series, zones, derived UIDs, and taking a calendar over with --out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from conftest import DATA
from icalendar import Calendar

import calendars
from calendars import load
from calendars._importers import ics
from calendars._importers.ics import read_calendar

ICS = DATA / "ics"


def test_a_monthly_series_of_six_is_six_meetings() -> None:
    # Release 1 kept one of them, without a word.
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:m6\r\nSUMMARY:Styrelsen\r\n"
        b"DTSTART;TZID=Europe/Stockholm:20250115T130000\r\n"
        b"DTEND;TZID=Europe/Stockholm:20250115T160000\r\nRRULE:FREQ=MONTHLY;COUNT=6\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    found = read_calendar(data, source="m.ics")
    stockholm = ZoneInfo("Europe/Stockholm")
    assert [m.start for m in found.meetings] == [
        datetime(2025, month, 15, 13, tzinfo=stockholm) for month in range(1, 7)
    ]
    assert found.notes == ()


def test_utc_times_are_shown_in_local_time() -> None:
    found = read_calendar((ICS / "google-utc-summer.ics").read_bytes(), source="g.ics")
    (meeting,) = found.meetings
    assert isinstance(meeting.start, datetime)
    assert meeting.start.utcoffset() is not None
    assert (meeting.start.hour, meeting.start.minute) == (13, 0)  # 11:00Z in CEST


def test_derived_uids_are_the_same_on_every_import_and_when_events_are_added() -> None:
    data = (ICS / "missing-uids.ics").read_bytes()
    first = [e.uid for e in read_calendar(data, source="a.ics").events]
    assert first == [e.uid for e in read_calendar(data, source="b.ics").events]
    assert len(set(first)) == 2
    added = data.replace(
        b"END:VCALENDAR",
        b"BEGIN:VEVENT\r\nSUMMARY:Presidiet\r\nDTSTART;VALUE=DATE:20240101\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR",
    )
    again = read_calendar(added, source="c.ics").events
    assert [e.uid for e in again if e.meeting.title != "Presidiet"] == first


def _uids(path: Path) -> dict[str, str]:
    cal = Calendar.from_ical(path.read_bytes())
    return {str(ev["uid"]): ev["dtstart"].to_ical().decode() for ev in cal.walk("VEVENT")}


def test_out_takes_a_calendar_over_with_its_uids_and_hosts(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = ICS / "outlook-single.ics"
    out = tmp_path / "taken.toml"
    run = cli("import-ics", source, "--id", "taken", "--members", "Haninge,Nykvarn", "--out", out)
    assert run.status == 0, run.err
    assert run.out == f"wrote {out}: 1 bodies, 1 dates\n"
    coop = load(out)
    (meeting,) = calendars.plan(coop, date(2024, 1, 1), date(2025, 1, 1)).meetings
    # LOCATION:Haninge names a member: it hosts. The UID is the file's.
    assert meeting.hosts == ("Haninge",)
    assert meeting.uid == "040000008200E00074C5B7101A82E00800000000A1"
    feeds = tmp_path / "feeds"
    run = cli("export", out, "--from", "2024-01-01", "--to", "2024-12-31", "--out", feeds)
    assert run.status == 0, run.err
    assert _uids(feeds / "taken-styrelsen.ics") == {
        "040000008200E00074C5B7101A82E00800000000A1": "20240612T130000"
    }


def test_out_gives_each_occurrence_of_a_series_its_own_id(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "lg.toml"
    source = ICS / "outlook-monthly-count-exdate.ics"
    run = cli("import-ics", source, "--members", "Haninge", "--out", out)
    assert run.status == 0, run.err
    assert "1 recurring series became single meetings" in run.err
    coop = load(out)
    uids = [m.uid for m in calendars.plan(coop, date(2024, 1, 1), date(2025, 1, 1)).meetings]
    # The cooperation's id is the file's stem; a UID doubles each "-" of it (issue 21).
    base = (
        "outlook--monthly--count--exdate-ledningsgruppen-040000008200E00074C5B7101A82E00800000000A2"
    )
    assert uids == [f"{base}-2024-{month:02d}-10@samverkan" for month in (1, 2, 4, 5, 6)]


def test_out_without_members_writes_nothing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "x.toml"
    run = cli("import-ics", ICS / "outlook-all-day.ics", "--out", out)
    assert run.status == 2
    assert "give the members with --members" in run.err
    assert "nothing written" in run.err
    assert not out.exists()


def test_a_floating_series_is_read_in_the_zone_asked(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli(
        "import-ics", ICS / "floating-without-any-zone.ics", "--timezone", "Europe/Helsinki",
        "--format", "csv",
    )  # fmt: skip
    assert run.status == 0
    assert "2024-10-16T13:00:00+03:00" in run.out
    assert "read as Europe/Helsinki" in run.err


def test_out_strips_the_prefix_outlook_puts_on_a_cancelled_meeting(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "c.toml"
    run = cli("import-ics", ICS / "outlook-cancelled.ics", "--members", "Haninge", "--out", out)
    assert run.status == 0, run.err
    coop = load(out)
    assert [b.name for b in coop.bodies.values()] == ["Styrelsen"]
    (meeting,) = calendars.plan(coop, date(2024, 1, 1), date(2025, 1, 1)).meetings
    assert meeting.status is calendars.Status.CANCELLED
    assert meeting.uid == "040000008200E00074C5B7101A82E00800000000A5"


def test_our_own_feed_taken_over_gives_the_same_meetings(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    toml, feeds, again = tmp_path / "s.toml", tmp_path / "feeds", tmp_path / "again"
    period = ("--from", "2017-01-01", "--to", "2018-12-31")
    assert cli("import-text", DATA / "kalendarium_2017.txt", "--id", "sodertorn",
               "--out", toml).status == 0  # fmt: skip
    assert cli("export", toml, *period, "--out", feeds).status == 0
    taken = tmp_path / "taken.toml"
    run = cli("import-ics", feeds / "sodertorn.ics", "--id", "sodertorn", "--out", taken)
    assert run.status == 0, run.err
    assert cli("export", taken, *period, "--out", again).status == 0

    def seen(path: Path) -> set[tuple[str, str, str, str]]:
        cal = Calendar.from_ical(path.read_bytes())
        return {
            (str(ev["uid"]), ev["dtstart"].to_ical().decode(), str(ev.get("status")),
             str(ev.get("x-samverkan-host", "")))
            for ev in cal.walk("VEVENT")
        }  # fmt: skip

    first = seen(feeds / "sodertorn.ics")
    assert len(first) == 20
    assert seen(again / "sodertorn.ics") == first


def test_out_names_a_meeting_that_runs_past_midnight(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "k.toml"
    run = cli("import-ics", ICS / "utc-day-boundary.ics", "--members", "Haninge", "--out", out)
    assert run.status == 0, run.err
    # 22:30Z on 31 December is 23:30 in Stockholm, and it ends at 00:30 on 1 January.
    assert "utc-1 runs from one day into another; taken over as whole days" in run.err
    (meeting,) = calendars.plan(load(out), date(2024, 1, 1), date(2026, 1, 1)).meetings
    assert (meeting.start, meeting.end) == (date(2024, 12, 31), date(2025, 1, 2))


def _daily_series(count: int, length: int) -> bytes:
    """`count` daily series of `length` meetings; series i's VEVENT begins on line 4 + 8i."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//x//y//SV"]
    for i in range(count):
        lines += [
            "BEGIN:VEVENT",
            f"UID:s{i}@x",
            "DTSTAMP:20250101T000000Z",
            "DTSTART:20250101T100000Z",
            "DURATION:PT1H",
            "SUMMARY:Styrelsen",
            f"RRULE:FREQ=DAILY;COUNT={length}",
            "END:VEVENT",
        ]
    return "\r\n".join([*lines, "END:VCALENDAR", ""]).encode()


def test_a_file_is_read_to_at_most_its_bound_of_meetings(
    monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Any], tmp_path: Path
) -> None:
    # Issue 21: a series stops at 1,000 meetings, and one file at MOST_IN_FILE in all
    # (100,000, listed in docs/reference.md); here the bound is 2,500, so the third
    # series of 1,000 (its VEVENT on line 4 + 8 * 2 = 20) passes it.
    assert ics.MOST_IN_FILE == 100_000
    path = tmp_path / "many.ics"
    path.write_bytes(_daily_series(3, 1000))
    monkeypatch.setattr(ics, "MOST_IN_FILE", 2500)
    run = cli("import-ics", path, "--format", "json")
    assert run.status == 2
    assert f"{path}:20: with s2@x the file holds more than 2,500 meetings" in run.err
    monkeypatch.setattr(ics, "MOST_IN_FILE", 3000)
    assert len(read_calendar(path.read_bytes(), source="many.ics").events) == 3000


def test_the_bound_on_meetings_per_file_is_listed() -> None:
    reference = (Path(__file__).parent.parent / "docs" / "reference.md").read_text("utf-8")
    assert "| meetings built by `import-ics` from one file | 100,000 in all |" in reference


_ONE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//SV\r\nBEGIN:VEVENT\r\nUID:a1@x\r\n"
    "DTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Europe/Stockholm:20270204T130000\r\n"
    "DTEND;TZID=Europe/Stockholm:20270204T150000\r\nSUMMARY:Möte i Västerås\r\n"
    "LOCATION:Stadshuset\\, Västerås\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.mark.parametrize(
    ("encoding", "note"),
    [
        ("utf-8", None),
        ("utf-8-sig", None),
        ("cp1252", "x.ics is not UTF-8; read as Windows-1252"),
        ("utf-16", None),
    ],
)
def test_a_calendar_in_any_encoding_people_have_reads_right(encoding: str, note: str) -> None:
    # Issue 16: "never garble 'Möte i Västerås' silently, as the .ics importer
    # does today with a Windows-1252 file" (it read "M�te i V�ster�s", exit 0).
    found = read_calendar(_ONE.encode(encoding), source="x.ics")
    (meeting,) = found.meetings
    assert meeting.title == "Möte i Västerås"
    assert meeting.location == "Stadshuset, Västerås"
    assert (note in found.notes) if note else not any("UTF" in n for n in found.notes)


def test_utf_8_with_one_bad_byte_is_refused_naming_its_line(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    data = _ONE.encode("utf-8").replace(
        "Västerås\r\nLOC".encode(), "V\xe4sterås\r\nLOC".encode("latin-1")
    )
    path = tmp_path / "blandad.ics"
    path.write_bytes(data)
    run = cli("import-ics", path)
    assert run.status == 2
    assert "blandad.ics:9: the text is UTF-8 but byte" in run.err
    assert "(0xe4); save it as UTF-8" in run.err
    assert "Traceback" not in run.err
