"""What a subscriber gets with each meeting, as icalendar, ical.js and libical read it.

tests/data/rich.toml: the per-event host rotation starts with Arboga, so the
three 2025 meetings are hosted by Arboga (31 March), Köping (16 June) and
Kungsör (27 October); Köping chairs 2025.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA
from icalendar import Calendar

from calendars import ConfigError, bundled, load, load_text
from calendars._publish.export import export

STAMP = datetime(2025, 1, 10, 8, 0, tzinfo=UTC)
LATER = datetime(2025, 2, 3, 9, 30, tzinfo=UTC)
WINDOW = (date(2025, 1, 1), date(2026, 1, 1))
MARS, JUNI, OKT = (f"rik-styrgrupp-{k}@samverkan" for k in ("mars", "juni", "oktober"))


def _export(out: Path, text: str | None = None, stamp: datetime = STAMP) -> Path:
    coop = load_text(text or (DATA / "rich.toml").read_text(), file="rich.toml")
    export([coop], out=out, start=WINDOW[0], end=WINDOW[1], stamp=stamp)
    return out


def _events(path: Path) -> dict[str, Any]:
    cal = Calendar.from_ical(path.read_bytes())
    return {str(ev["uid"]): ev for ev in cal.walk("VEVENT")}


def test_icalendar_reads_every_field(tmp_path: Path) -> None:
    events = _events(_export(tmp_path) / "rik.ics")
    mars, juni, okt = events[MARS], events[JUNI], events[OKT]
    # Arboga hosts in its room at its address; Köping's meeting says where itself.
    assert str(mars["location"]) == "Arboga, KS-salen, Nytorget 1, Arboga"
    assert str(juni["location"]) == "Digitalt"
    assert str(okt["location"]) == "Kungsör, Drottninggatan 19, Kungsör"
    assert str(mars["url"]) == "https://rik.example/styrgruppen"
    assert str(mars["conference"]) == "https://meet.rik.example/styrgruppen"
    assert mars["conference"].params["FEATURE"] == "VIDEO,AUDIO"
    assert mars["conference"].params["VALUE"] == "URI"
    assert str(juni["conference"]) == "https://meet.rik.example/juni"
    assert str(mars["description"]).splitlines() == [
        "Öppet för ledamöter och ersättare.",
        "Värd: Arboga",
        "Ordförande: Köping",
        "Delta via länk: https://meet.rik.example/styrgruppen",
        "Dagordning: https://rik.example/dagordning/2025-03-31.pdf",
        "Mer information: https://rik.example/styrgruppen",
    ]
    assert str(okt["description"]).splitlines()[0] == "Budgetmöte."
    assert "Protokoll: https://rik.example/protokoll/oktober.pdf" in str(okt["description"])
    assert "Dagordning: https://rik.example/dagordning/2025-10-27.pdf" in str(okt["description"])
    assert "Protokoll" not in str(mars["description"])
    triggers = sorted(a.decoded("trigger") for a in mars.walk("VALARM"))
    assert triggers == [timedelta(days=-1), timedelta(hours=-1)]
    assert {str(a["action"]) for a in mars.walk("VALARM")} == {"DISPLAY"}
    assert str(mars["organizer"]) == "mailto:kansli@rik.example"
    assert mars["organizer"].params["CN"] == "Samverkanskansliet"
    assert mars.decoded("created") == STAMP
    assert mars.decoded("last-modified") == STAMP


def test_method_only_with_an_organizer(tmp_path: Path) -> None:
    with_secretariat = (_export(tmp_path / "a") / "rik.ics").read_bytes()
    text = (DATA / "rich.toml").read_text()
    plain = text.replace(
        '[secretariat]\nname = "Samverkanskansliet"\nemail = "kansli@rik.example"\n', ""
    )
    assert plain != text
    without = (_export(tmp_path / "b", plain) / "rik.ics").read_bytes()
    assert b"\r\nMETHOD:PUBLISH\r\n" in with_secretariat
    assert b"METHOD" not in without
    assert b"ORGANIZER" not in without


def test_reminders_are_off_by_default_and_not_on_cancelled_meetings(tmp_path: Path) -> None:
    text = (DATA / "rich.toml").read_text()
    plain = text.replace('reminders = ["P1D", "PT1H"]\n', "")
    assert plain != text
    assert b"VALARM" not in (_export(tmp_path / "a", plain) / "rik.ics").read_bytes()
    cancelled = text.replace('id = "juni",', 'id = "juni", status = "cancelled",')
    events = _events(_export(tmp_path / "b", cancelled) / "rik.ics")
    assert str(events[JUNI]["status"]) == "CANCELLED"
    assert list(events[JUNI].walk("VALARM")) == []
    assert len(list(events[MARS].walk("VALARM"))) == 2


def test_rotation_terms_are_free_time(tmp_path: Path) -> None:
    events = _events(_export(tmp_path) / "rik-rotationer.ics")
    chairs = [ev for ev in events.values() if "ordförande" in str(ev["summary"]).lower()]
    assert chairs, "the chair's year is in the rotations feed"
    assert {str(ev["transp"]) for ev in events.values()} == {"TRANSPARENT"}
    meetings = _events(tmp_path / "rik.ics")
    assert {str(ev["transp"]) for ev in meetings.values()} == {"OPAQUE"}


def test_created_stays_and_last_modified_follows_changes(tmp_path: Path) -> None:
    text = (DATA / "rich.toml").read_text()
    _export(tmp_path, text)
    moved = text.replace('"2025-06-16", id = "juni"', '"2025-06-23", id = "juni"')
    events = _events(_export(tmp_path, moved, LATER) / "rik.ics")
    assert events[JUNI].decoded("created") == STAMP
    assert events[JUNI].decoded("last-modified") == LATER
    assert int(events[JUNI]["sequence"]) == 1
    assert events[MARS].decoded("created") == STAMP
    assert events[MARS].decoded("last-modified") == STAMP
    # A changed link is a change subscribers see: SEQUENCE rises.
    linked = moved.replace("meet.rik.example/juni", "meet.rik.example/juni2")
    events = _events(_export(tmp_path, linked, LATER + timedelta(days=1)) / "rik.ics")
    assert int(events[JUNI]["sequence"]) == 2


def test_ical_js_reads_every_field(
    tmp_path: Path, icaljs: Callable[[list[Path]], dict[str, dict[str, Any]]]
) -> None:
    out = _export(tmp_path)
    seen = icaljs([out / "rik.ics", out / "rik-rotationer.ics"])
    events = {e["uid"]: e for e in seen[str(out / "rik.ics")]["events"]}
    mars = events[MARS]
    assert mars["location"] == "Arboga, KS-salen, Nytorget 1, Arboga"
    assert mars["url"] == "https://rik.example/styrgruppen"
    assert mars["conference"] == [
        {"value": "https://meet.rik.example/styrgruppen", "feature": "VIDEO,AUDIO"}
    ]
    assert mars["organizer"] == "mailto:kansli@rik.example"
    assert mars["organizerName"] == "Samverkanskansliet"
    assert sorted(mars["alarms"]) == ["-P1D", "-PT1H"]
    assert mars["created"] == "2025-01-10T08:00:00Z"
    assert mars["lastModified"] == "2025-01-10T08:00:00Z"
    assert "Delta via länk: https://meet.rik.example/styrgruppen" in mars["description"]
    assert mars["transp"] == "OPAQUE"
    terms = seen[str(out / "rik-rotationer.ics")]["events"]
    assert terms and {e["transp"] for e in terms} == {"TRANSPARENT"}


def test_libical_accepts_every_feed(
    tmp_path: Path, libical: Callable[[list[Path]], list[dict[str, Any]]]
) -> None:
    out = _export(tmp_path / "rik")
    export(
        [load(name) for name in bundled()],
        out=tmp_path / "bundled",
        start=date(2024, 1, 1),
        end=date(2026, 1, 1),
        stamp=STAMP,
    )
    paths = sorted(out.glob("*.ics")) + sorted((tmp_path / "bundled").glob("*.ics"))
    results = libical(paths)
    assert len(results) == len(paths) > 10
    for result in results:
        assert result["restrictions_ok"], result["file"]
        assert result["errors"] == [], result["file"]
    mars = next(r for r in results if r["file"].endswith("/rik.ics"))["events"]
    first = next(e for e in mars if e["props"]["UID"] == [MARS])
    assert first["props"]["ORGANIZER"] == ["mailto:kansli@rik.example"]
    assert first["props"]["URL"] == ["https://rik.example/styrgruppen"]
    assert first["props"]["CONFERENCE"] == ["https://meet.rik.example/styrgruppen"]
    assert first["alarms"] == 2
    assert first["props"]["CREATED"] == first["props"]["LAST-MODIFIED"] == ["20250110T080000Z"]
    assert first["props"]["TRANSP"] == ["OPAQUE"]
    terms = next(r for r in results if r["file"].endswith("/rik-rotationer.ics"))["events"]
    assert terms and {e["props"]["TRANSP"][0] for e in terms} == {"TRANSPARENT"}


@pytest.mark.parametrize(
    ("change", "key", "hint"),
    [
        ('url = "https://rik.example/styrgruppen"', "url", "https://"),
        ('agenda = "https://rik.example/dagordning/{date}.pdf"', "agenda", "{date}"),
        ('reminders = ["P1D", "PT1H"]', "reminders", "PT1H"),
        ('email = "kansli@rik.example"', "email", "kansli@"),
        ('"Arboga" = { address = "Nytorget 1, Arboga", room = "KS-salen" }', "room", "address"),
    ],
)
def test_bad_values_name_their_key_and_line(change: str, key: str, hint: str) -> None:
    text = (DATA / "rich.toml").read_text()
    bad = {
        "url": 'url = "rik.example/styrgruppen"',
        "agenda": 'agenda = "https://rik.example/{datum}.pdf"',
        "reminders": 'reminders = ["1 dag"]',
        "email": 'email = "kansliet"',
        "room": '"Arboga" = { room = "KS-salen" }',
    }[key]
    assert change in text
    broken = text.replace(change, bad)
    with pytest.raises(ConfigError) as caught:
        load_text(broken, file="rich.toml")
    err = caught.value
    line = broken.splitlines().index(bad) + 1
    assert err.line == line, str(err)
    assert err.key is not None and err.key.endswith(key), err.key
    assert hint in str(err)
