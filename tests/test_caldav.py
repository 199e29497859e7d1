"""publish against a real Radicale server, read back with the caldav client."""

from __future__ import annotations

from datetime import UTC, date, datetime

from conftest import DATA, need

import calendars
from calendars import load, load_text
from calendars._publish.caldav import publish

WINDOW = (date(2025, 1, 1), date(2027, 1, 1))


def _read_back(url: str) -> dict[str, tuple[int, str, str]]:
    """UID -> (SEQUENCE, DTSTART, STATUS) as a CalDAV client sees the calendar."""
    import importlib.util

    need(importlib.util.find_spec("caldav"), "the caldav client (pip install -e '.[test]')")
    import caldav

    with caldav.DAVClient(url=url) as client:
        calendar = client.calendar(url=url)
        found = {}
        for obj in calendar.events():
            for ev in obj.icalendar_instance.walk("VEVENT"):
                found[str(ev["uid"])] = (
                    int(ev.get("sequence", 0)),
                    ev["dtstart"].to_ical().decode(),
                    str(ev.get("status", "")),
                )
    return found


def test_publish_is_idempotent_and_updates_in_place(radicale: str) -> None:
    url = radicale + "test/"
    text = (DATA / "feeds.toml").read_text()
    coop = load_text(text, file="feeds.toml")
    first = publish(
        coop, url=url, start=WINDOW[0], end=WINDOW[1], stamp=datetime(2026, 1, 1, tzinfo=UTC)
    )
    planned = calendars.plan(coop, *WINDOW).meetings
    assert first.created == len(planned) == 6
    seen = _read_back(url)
    assert set(seen) == {m.uid for m in planned}
    assert seen["test-styrgrupp-mars@samverkan"] == (0, "20250331T120000", "CONFIRMED")

    again = publish(
        coop, url=url, start=WINDOW[0], end=WINDOW[1], stamp=datetime(2026, 1, 2, tzinfo=UTC)
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert _read_back(url) == seen

    moved = load_text(text.replace("2025-06-16", "2025-06-23"), file="feeds.toml")
    third = publish(
        moved, url=url, start=WINDOW[0], end=WINDOW[1], stamp=datetime(2026, 1, 3, tzinfo=UTC)
    )
    assert (third.updated, third.unchanged) == (1, 5)
    after = _read_back(url)
    assert len(after) == 6  # updated in place, no duplicate
    assert after["test-styrgrupp-juni@samverkan"] == (1, "20250623T120000", "CONFIRMED")

    removed = load_text(
        text.replace('    { date = "2025-06-16", id = "juni" },\n', ""), file="feeds.toml"
    )
    fourth = publish(
        removed, url=url, start=WINDOW[0], end=WINDOW[1], stamp=datetime(2026, 1, 4, tzinfo=UTC)
    )
    assert fourth.cancelled == 1
    assert _read_back(url)["test-styrgrupp-juni@samverkan"][::2] == (2, "CANCELLED")


def test_publish_bundled_sodertorn(radicale: str) -> None:
    coop = load("sodertorn")
    done = publish(
        coop,
        url=radicale + "sodertorn/",
        start=date(2017, 1, 1),
        end=date(2018, 1, 1),
        stamp=datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert done.created == 17
    assert set(_read_back(radicale + "sodertorn/")) == {
        m.uid for m in calendars.plan(coop, date(2017, 1, 1), date(2018, 1, 1)).meetings
    }


def test_unreachable_server_is_a_clear_error(cli) -> None:  # type: ignore[no-untyped-def]
    from conftest import free_port

    run = cli("publish", "malmolund", "--url", f"http://127.0.0.1:{free_port()}/x/")
    assert run.status == 2
    assert "cannot reach the CalDAV server" in run.err
    bad = cli("publish", "malmolund", "--url", "ftp://example/x")
    assert bad.status == 2
    assert "is not a CalDAV calendar address" in bad.err
