"""Our own events written directly are byte for byte what icalendar writes (issue 13)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from conftest import DATA
from hypothesis import given, settings
from hypothesis import strategies as st

import calendars
from calendars import Details, MeetingKey, Status, bundled, load
from calendars._formats import fastical
from calendars._formats.ical import Organizer, _organizer_line, event, fast_event
from calendars._formats.previous import ical_bytes
from calendars._model.meeting import Meeting

STAMP = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
CREATED = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


def _both(
    m: Meeting, *, organizer: Organizer | None = None, language: str = "sv"
) -> tuple[bytes | None, bytes]:
    ours = fast_event(
        m,
        language=language,
        sequence=3,
        stamp=STAMP,
        created=CREATED,
        organizer=_organizer_line(organizer) if organizer else None,
        durations=fastical.Durations(),
    )
    theirs = ical_bytes(
        event(m, language=language, sequence=3, stamp=STAMP, created=CREATED, organizer=organizer)
    )
    return ours, theirs


@pytest.mark.parametrize("name", bundled())
def test_every_bundled_meeting_is_written_as_icalendar_writes_it(name: str) -> None:
    coop = load(name)
    plan = calendars.plan(coop, date(2017, 1, 1), date(2031, 1, 1))
    assert plan.meetings
    for m in plan.meetings:
        ours, theirs = _both(m, language=coop.language)
        assert ours == theirs, m.uid


def test_rich_meetings_with_organizer_alarms_and_links() -> None:
    coop = load(DATA / "rich.toml")
    plan = calendars.plan(coop, date(2025, 1, 1), date(2027, 1, 1))
    organizer = Organizer('Kansliet, "Södertörn"; ^ett\\n', "kansli@example.se")
    checked = 0
    for m in plan.meetings:
        for variant in (m, replace(m, status=Status.CANCELLED), replace(m, month_only=True)):
            ours, theirs = _both(variant, organizer=organizer)
            assert ours == theirs, variant.uid
            checked += 1
    assert checked >= 9
    assert any(m.reminders for m in plan.meetings)


def test_a_zone_outside_the_shape_goes_to_icalendar() -> None:
    m = Meeting(
        key=MeetingKey("x", "b", "1"),
        body="b",
        title="T",
        start=datetime(2025, 3, 4, 12, tzinfo=UTC),
        end=datetime(2025, 3, 4, 13, tzinfo=UTC),
    )
    ours, _ = _both(m)
    assert ours is None


texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from(',;:\\"\n\r^\t'),
    min_size=1,
    max_size=120,
)


@settings(max_examples=300, deadline=None)
@given(
    title=texts,
    location=st.none() | texts,
    hosts=st.lists(texts, max_size=3),
    chair=st.none() | texts,
    description=st.none() | texts,
    url=st.none() | st.sampled_from(["https://x.example/a,b;c", "https://m.example/" + "x" * 90]),
    reminders=st.lists(
        st.timedeltas(min_value=timedelta(minutes=1), max_value=timedelta(days=30)),
        max_size=2,
        unique=True,
    ),
    day=st.dates(date(1950, 1, 1), date(2100, 12, 31)),
    minutes=st.integers(0, 22 * 60),
    timed=st.booleans(),
    status=st.sampled_from(list(Status)),
    month_only=st.booleans(),
    org=st.none() | texts,
)
def test_any_meeting_is_written_as_icalendar_writes_it(  # noqa: PLR0917 - one per field
    title: str,
    location: str | None,
    hosts: list[str],
    chair: str | None,
    description: str | None,
    url: str | None,
    reminders: list[timedelta],
    day: date,
    minutes: int,
    timed: bool,
    status: Status,
    month_only: bool,
    org: str | None,
) -> None:
    zone = ZoneInfo("Europe/Stockholm")
    start: date | datetime = day
    end: date | datetime = day + timedelta(days=1)
    if timed:
        start = datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(minutes=minutes)
        end = start + timedelta(hours=1)
    m = Meeting(
        key=MeetingKey("coop", "body", f"{day}"),
        body="body",
        title=title,
        start=start,
        end=end,
        status=status,
        month_only=month_only and not timed,
        hosts=tuple(hosts),
        chair=chair,
        vice_chair=hosts[0] if hosts else None,
        details=Details(
            location=location,
            url=url,
            conference=url,
            description=description,
            reminders=tuple(reminders),
        ),
    )
    ours, theirs = _both(m, organizer=Organizer(org, "a@b.se") if org else None)
    assert ours == theirs
