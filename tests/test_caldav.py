"""publish against real Radicale and Xandikos servers, read back with the caldav client.

Each test runs on both: the first publish, a rerun (nothing uploaded, no
SEQUENCE raised) and an edit, as a CalDAV client then sees the calendar.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from conftest import DATA, need

import calendars
from calendars import load, load_text
from calendars._publish import caldav as publishing
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


@pytest.fixture(params=["radicale", "xandikos"])
def server(request: pytest.FixtureRequest) -> str:
    """The calendar home of a real CalDAV server on 127.0.0.1; publish makes calendars in it."""
    return str(request.getfixturevalue(request.param))


@pytest.fixture
def uploads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URL of every PUT that publish sends."""
    sent: list[str] = []
    real = publishing.Dav.request

    def request(self, method, url, *args, **kwargs):  # type: ignore[no-untyped-def]
        if method == "PUT":
            sent.append(url)
        return real(self, method, url, *args, **kwargs)

    monkeypatch.setattr(publishing.Dav, "request", request)
    return sent


def test_publish_is_idempotent_and_updates_in_place(server: str, uploads: list[str]) -> None:
    url = server + "test/"
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
    assert len(uploads) == 6  # the first run's only
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


def test_publish_bundled_sodertorn(server: str, uploads: list[str]) -> None:
    coop = load("sodertorn")
    year = (date(2017, 1, 1), date(2018, 1, 1))
    done = publish(
        coop,
        url=server + "sodertorn/",
        start=year[0],
        end=year[1],
        stamp=datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert done.created == 17
    seen = _read_back(server + "sodertorn/")
    assert set(seen) == {m.uid for m in calendars.plan(coop, *year).meetings}
    again = publish(
        coop,
        url=server + "sodertorn/",
        start=year[0],
        end=year[1],
        stamp=datetime(2026, 2, 1, tzinfo=UTC),
    )
    assert (again.unchanged, len(uploads)) == (17, 17)
    assert _read_back(server + "sodertorn/") == seen


# An online-meeting link with ";" and ",": Radicale stores CONFERENCE with the
# ";" escaped and the link cut at ",", so a rerun saw every such meeting as changed.
LINK = "https://meet.example.se/j/123;pwd=a,b?x=1&y=2"


def test_rerun_with_online_links_uploads_nothing(server: str, uploads: list[str]) -> None:
    text = (
        (DATA / "feeds.toml")
        .read_text()
        .replace('time = "12:00-15:00"\n', f'time = "12:00-15:00"\nconference = "{LINK}"\n')
    )
    coop = load_text(text, file="feeds.toml")
    url = server + "online/"
    for day in (1, 2, 3):
        done = publish(
            coop, url=url, start=WINDOW[0], end=WINDOW[1], stamp=datetime(2026, 1, day, tzinfo=UTC)
        )
    assert (done.created, done.updated, done.unchanged) == (0, 0, 6)
    assert len(uploads) == 6
    assert {sequence for sequence, _, _ in _read_back(url).values()} == {0}


def test_calendar_name_with_ampersand_is_made(server: str) -> None:
    text = (
        (DATA / "feeds.toml")
        .read_text()
        .replace('name = "Testsamverkan"', 'name = "Test & <samverkan>"')
    )
    coop = load_text(text, file="feeds.toml")
    url = server + "amp/"
    done = publish(
        coop, url=url, start=WINDOW[0], end=WINDOW[1], stamp=datetime(2026, 1, 1, tzinfo=UTC)
    )
    assert done.created == 6
    import caldav

    with caldav.DAVClient(url=url) as client:
        assert client.calendar(url=url).get_display_name() == "Test & <samverkan>"
    assert len(_read_back(url)) == 6


def test_unreachable_server_is_a_clear_error(cli) -> None:  # type: ignore[no-untyped-def]
    from conftest import free_port

    run = cli("publish", "malmolund", "--url", f"http://127.0.0.1:{free_port()}/x/")
    assert run.status == 2
    assert "cannot reach the CalDAV server" in run.err
    bad = cli("publish", "malmolund", "--url", "ftp://example/x")
    assert bad.status == 2
    assert "is not a CalDAV calendar address" in bad.err


def _coop(coop_id: str) -> calendars.Cooperation:
    text = (DATA / "feeds.toml").read_text().replace('id = "test"', f'id = "{coop_id}"')
    return load_text(text, file=f"{coop_id}.toml")


def test_publish_owns_by_its_exact_marker_not_a_uid_prefix(server: str) -> None:
    # Cooperation "a" once owned every object whose UID began "a-": publishing it
    # into a calendar that also held "a-b" cancelled all of a-b's meetings.
    url = server + "shared/"
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    for coop_id in ("a-b", "a"):
        done = publish(_coop(coop_id), url=url, start=WINDOW[0], end=WINDOW[1], stamp=stamp)
        assert (done.created, done.cancelled) == (6, 0), coop_id
    seen = _read_back(url)
    assert len(seen) == 12
    assert {status for _, _, status in seen.values()} == {"CONFIRMED", "TENTATIVE"}
    again = publish(_coop("a"), url=url, start=WINDOW[0], end=WINDOW[1], stamp=stamp)
    assert (again.unchanged, again.cancelled) == (6, 0)
    assert _read_back(url) == seen


def test_edit_with_online_links_raises_sequence_once(server: str, uploads: list[str]) -> None:
    text = (
        (DATA / "feeds.toml")
        .read_text()
        .replace('time = "12:00-15:00"\n', f'time = "12:00-15:00"\nconference = "{LINK}"\n')
    )
    url = server + "edit/"
    publish(
        load_text(text, file="feeds.toml"),
        url=url, start=WINDOW[0], end=WINDOW[1], stamp=datetime(2026, 1, 1, tzinfo=UTC),
    )  # fmt: skip
    moved = load_text(text.replace("2025-06-16", "2025-06-23"), file="feeds.toml")
    for day in (2, 3):
        done = publish(
            moved, url=url, start=WINDOW[0], end=WINDOW[1], stamp=datetime(2026, 1, day, tzinfo=UTC)
        )
    assert (done.updated, done.unchanged) == (0, 6)  # the second run after the edit
    assert len(uploads) == 7
    seen = _read_back(url)
    assert seen["test-styrgrupp-juni@samverkan"] == (1, "20250623T120000", "CONFIRMED")
    assert {u: s for u, (s, _, _) in seen.items() if s} == {"test-styrgrupp-juni@samverkan": 1}


def _legacy(calendar_uid: str, uid: str) -> bytes:
    """An object as publish wrote it before X-SAMVERKAN-COOP: a calendar-level UID."""
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//samverkan//samverkan feeds//SV\r\n"
        f"UID:{calendar_uid}\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20250101T000000Z\r\n"
        "DTSTART;VALUE=DATE:20250505\r\nDTEND;VALUE=DATE:20250506\r\nSEQUENCE:0\r\n"
        "SUMMARY:Styrgruppen\r\nSTATUS:CONFIRMED\r\nX-SAMVERKAN-BODY;VALUE=TEXT:styrgrupp\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def test_objects_of_an_older_publish_are_owned_by_their_exact_calendar_uid(server: str) -> None:
    import urllib.request

    url = server + "legacy/"
    coop = _coop("a")
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    publish(coop, url=url, start=WINDOW[0], end=WINDOW[1], stamp=stamp)  # makes the calendar
    for calendar_uid, uid in (("a@samverkan", "a-styrgrupp-maj"), ("a-b@samverkan", "a-b-x")):
        put = urllib.request.Request(
            f"{url}{uid}.ics",
            data=_legacy(calendar_uid, f"{uid}@samverkan"),
            method="PUT",
            headers={"Content-Type": "text/calendar; charset=utf-8"},
        )
        urllib.request.urlopen(put, timeout=10).close()
    done = publish(coop, url=url, start=WINDOW[0], end=WINDOW[1], stamp=stamp)
    assert (done.cancelled, done.unchanged) == (1, 6)
    seen = _read_back(url)
    assert seen["a-styrgrupp-maj@samverkan"] == (1, "20250505", "CANCELLED")
    assert seen["a-b-x@samverkan"] == (0, "20250505", "CONFIRMED")  # a-b's, left alone
