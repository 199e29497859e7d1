"""The light scan of a previous feed reads exactly what icalendar reads, or declines."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calendars import bundled, export, load, load_text
from calendars._formats.ical import VISIBLE, signature
from calendars._formats.previous import _from_component, parse, previous_events
from calendars._formats.scan import scan

STAMP = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def _by_icalendar(data: bytes) -> dict[str, object]:
    return {str(ev["uid"]): _from_component(ev) for ev in parse(data, source="x").walk("VEVENT")}


@pytest.fixture(scope="module")
def bundled_feeds(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("feeds")
    coops = [load(name) for name in bundled()]
    export(coops, out=out, start=date(2017, 1, 1), end=date(2028, 1, 1), stamp=STAMP)
    return sorted(out.glob("*.ics"))


def test_scan_equals_icalendar_on_every_bundled_feed(bundled_feeds: list[Path]) -> None:
    assert len(bundled_feeds) > 40
    events = 0
    for path in bundled_feeds:
        data = path.read_bytes()
        scanned = scan(data, source=path.name)
        assert scanned is not None, path.name
        parsed = _by_icalendar(data)
        assert scanned == parsed, path.name
        for ev in parse(data, source=path.name).walk("VEVENT"):
            assert scanned[str(ev["uid"])].signature(VISIBLE) == signature(ev)
        events += len(scanned)
    assert events > 500


def test_a_feed_that_is_not_ours_is_left_to_icalendar() -> None:
    foreign = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:abc@google.com\r\nDTSTAMP:20250101T000000Z\r\n"
        b"DTSTART;VALUE=DATE:20250301\r\nSUMMARY:M\xc3\xb6te\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert scan(foreign, source="g.ics") is None
    found = previous_events(foreign, source="g.ics")
    assert found["abc@google.com"].start == date(2025, 3, 1)
    assert found["abc@google.com"].values["SUMMARY"] == "Möte"


def test_an_event_with_another_subcomponent_is_left_to_icalendar(tmp_path: Path) -> None:
    text = (Path(__file__).parent / "data" / "feeds.toml").read_text()
    export(
        [load_text(text, file="f.toml")],
        out=tmp_path,
        start=date(2025, 1, 1),
        end=date(2027, 1, 1),
        stamp=STAMP,
    )
    data = (tmp_path / "test.ics").read_bytes()
    assert scan(data, source="test.ics") is not None
    edited = data.replace(
        b"END:VEVENT\r\n",
        b"BEGIN:X-THING\r\nACTION:DISPLAY\r\nEND:X-THING\r\nEND:VEVENT\r\n",
        1,
    )
    assert scan(edited, source="test.ics") is None
    assert previous_events(edited, source="test.ics").keys() == scan(data, source="x").keys()  # type: ignore[union-attr]


names = (
    st.text(
        # Braces are template syntax in a location ({hosts}); a stray one is a config error.
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="{}")
        | st.sampled_from(',;:\\"\n'),
        min_size=1,
        max_size=90,
    )
    .map(str.strip)
    .filter(bool)
)


@settings(max_examples=60, deadline=None)
@given(title=names, place=names)
def test_scan_reads_any_text_as_icalendar_does(
    tmp_path_factory: pytest.TempPathFactory, title: str, place: str
) -> None:
    toml_text = lambda s: s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")  # noqa: E731
    text = (
        'id = "t"\nname = "T"\n[members]\n"A" = {}\n'
        f'[bodies.b]\nname = "{toml_text(title)}"\nlocation = "{toml_text(place)}"\n'
        'time = "12.00-13.00"\n[bodies.b.dates]\n2025 = ["2025-03-04", "2025-06-05"]\n'
    )
    out = tmp_path_factory.mktemp("s")
    export(
        [load_text(text, file="t.toml")],
        out=out,
        start=date(2025, 1, 1),
        end=date(2026, 1, 1),
        stamp=STAMP,
    )
    data = (out / "t.ics").read_bytes()
    scanned = scan(data, source="t.ics")
    assert scanned is not None
    assert scanned == _by_icalendar(data)
