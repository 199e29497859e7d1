"""Published dates and one meeting's overrides of a body, and their detail keys."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, time
from typing import Any
from urllib.parse import urlsplit

from calendars._config.toml import Path, Reader
from calendars._model.body import Entry, MeetingOverride
from calendars._model.details import Details
from calendars._model.meeting import Status
from calendars._model.origin import Origin

DETAIL_KEYS = {
    "location": "the place of this meeting instead of the body's",
    "url": "this meeting's web page instead of the body's",
    "conference": "this meeting's online-meeting link instead of the body's",
    "description": "free text for this meeting instead of the body's",
    "agenda": "this meeting's agenda link instead of the body's",
    "minutes": "this meeting's minutes link instead of the body's",
}
"""One meeting's own details, on a date entry or an override."""
DATE_KEYS = {
    "date": 'the day, "YYYY-MM-DD", or the month only, "YYYY-MM" (provisional)',
    "end": "the last day of a multi-day meeting (inclusive)",
    "title": 'added to the body\'s name: "planeringskonferens"',
    "status": "confirmed (default), provisional or cancelled",
    "time": "a time window for this date only",
    "all_day": "an all-day meeting although the body has a time (default false)",
    "id": "a stable name for the meeting's UID (default: the previous feed's, or the date)",
    "uid": "a whole UID taken over from a calendar someone else publishes",
    "host": "the host the published calendar names; the host rotation continues after it",
    "hosts": "joint hosts the published calendar names (a list)",
    **DETAIL_KEYS,
}
OVERRIDE_KEYS = {
    "date": "the first day of the meeting to change (it must be a meeting of this body)",
    "host": "the host instead of the rotation's (a per-event rotation goes on as it was)",
    "hosts": "joint hosts instead of the rotation's (a list)",
    "chair": "the chair instead of the rotation's",
    "status": "confirmed, provisional or cancelled",
    **DETAIL_KEYS,
}
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})\s*[-–]\s*(\d{1,2})[:.](\d{2})")


def _time_window(reader: Reader, value: object, path: Path) -> tuple[time, time]:
    text = reader.text(value, path)
    match = _TIME.fullmatch(text.strip())
    try:
        if match:
            first = time(int(match[1]), int(match[2]))
            last = time(int(match[3]), int(match[4]))
            if first < last:
                return first, last
    except ValueError:
        pass
    raise reader.fail(
        path, f"{text!r} is not a time window", 'write "12:00-15:00", start before end'
    )


LINKS = ("url", "conference", "agenda", "minutes")


def link(reader: Reader, value: object, path: Path, *, template: bool = False) -> str:
    """An http(s) address; with `template`, "{date}" may stand for the meeting's day."""
    text = reader.text(value, path)
    try:
        filled = text.format(date="2017-01-01") if template else text
    except (KeyError, IndexError, ValueError):
        raise reader.fail(
            path, f"{text!r} has a placeholder other than {{date}}", "write {date} or no braces"
        ) from None
    parts = urlsplit(filled)
    if parts.scheme not in ("https", "http") or not parts.netloc or any(c.isspace() for c in text):
        raise reader.fail(path, f"{text!r} is not a web address", "write https://… (no spaces)")
    return text


def _details(reader: Reader, spec: Mapping[str, Any], path: Path) -> Details:
    """location, url, conference, description, agenda and minutes of one meeting."""

    def given(key: str) -> str | None:
        if key not in spec:
            return None
        if key in LINKS:
            return link(reader, spec[key], (*path, key))
        return reader.text(spec[key], (*path, key))

    return Details(
        location=given("location"),
        url=given("url"),
        conference=given("conference"),
        description=given("description"),
        agenda=given("agenda"),
        minutes=given("minutes"),
    )


def _hosts(
    reader: Reader, spec: Mapping[str, Any], path: Path, members: tuple[str, ...]
) -> tuple[str, ...]:
    if "host" in spec and "hosts" in spec:
        raise reader.fail((*path, "hosts"), "give host or hosts, not both")
    if "host" in spec:
        return (reader.member(spec["host"], members, (*path, "host")),)
    if "hosts" not in spec:
        return ()
    listed = spec["hosts"]
    if not isinstance(listed, list) or not listed:
        raise reader.fail((*path, "hosts"), "hosts is a non-empty list of members")
    found = tuple(reader.member(m, members, (*path, "hosts")) for m in listed)
    if len(set(found)) != len(found):
        raise reader.fail((*path, "hosts"), "a member is listed twice")
    return found


def _entry(reader: Reader, raw: object, year: int, path: Path, members: tuple[str, ...]) -> Entry:
    spec: dict[str, Any] = reader.table(raw, path) if isinstance(raw, dict) else {"date": raw}
    reader.keys(spec, DATE_KEYS, path)
    if "date" not in spec:
        raise reader.fail(path, "a date entry needs a date", 'date = "2017-04-06"')
    value = spec["date"]
    month_only = False
    last = None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        try:
            first = date(int(value[:4]), int(value[5:]), 1)
        except ValueError:
            raise reader.fail(path, f"{value!r} is not a month", 'write "YYYY-MM"') from None
        month_only = True
    elif isinstance(value, str) and "/" in value:
        a, b = value.split("/", 1)
        first, last = reader.day(a, path), reader.day(b, path)
    else:
        first = reader.day(value, path)
    if "end" in spec:
        last = reader.day(spec["end"], (*path, "end"))
    if last is not None and last < first:
        raise reader.fail(path, f"the meeting ends ({last}) before it starts ({first})")
    if first.year != year:
        raise reader.fail(path, f"{first} is listed under {year}", f"list it under {first.year}")
    status = reader.choice(
        spec.get("status", "confirmed"), tuple(s.value for s in Status), (*path, "status")
    )
    all_day = spec.get("all_day", False)
    if not isinstance(all_day, bool):
        raise reader.fail((*path, "all_day"), "expected true or false")
    return Entry(
        start=first,
        last=last,
        month_only=month_only,
        title=reader.text(spec["title"], (*path, "title")) if "title" in spec else None,
        status=Status(status),
        time=_time_window(reader, spec["time"], (*path, "time")) if "time" in spec else None,
        all_day=all_day,
        id=_entry_id(reader, spec, path),
        uid=_entry_uid(reader, spec, path),
        hosts=_hosts(reader, spec, path, members),
        details=_details(reader, spec, path),
        origin=Origin(reader.file, path, reader.locator),
    )


def _entry_uid(reader: Reader, spec: Mapping[str, Any], path: Path) -> str | None:
    if "uid" not in spec:
        return None
    if "id" in spec:
        raise reader.fail((*path, "uid"), "give id or uid, not both")
    value = reader.text(spec["uid"], (*path, "uid"))
    if not value or any(c.isspace() or not c.isprintable() for c in value):
        raise reader.fail(
            (*path, "uid"), f"{value!r} is not a UID", "no spaces or control characters"
        )
    return value


def _override(reader: Reader, raw: object, path: Path, members: tuple[str, ...]) -> MeetingOverride:
    spec = reader.table(raw, path)
    reader.keys(spec, OVERRIDE_KEYS, path)
    if "date" not in spec:
        raise reader.fail(
            path, "an override needs the date of the meeting it changes", 'date = "2017-10-26"'
        )
    changes = [k for k in OVERRIDE_KEYS if k != "date" and k in spec]
    if not changes:
        raise reader.fail(
            path,
            "the override changes nothing",
            f"give one of: {', '.join(changes or list(OVERRIDE_KEYS)[1:])}",
        )
    status = spec.get("status")
    return MeetingOverride(
        day=reader.day(spec["date"], (*path, "date")),
        hosts=_hosts(reader, spec, path, members),
        chair=reader.member(spec["chair"], members, (*path, "chair")) if "chair" in spec else None,
        details=_details(reader, spec, path),
        status=Status(reader.choice(status, tuple(s.value for s in Status), (*path, "status")))
        if status is not None
        else None,
        origin=Origin(reader.file, path, reader.locator),
    )


def _entry_id(reader: Reader, spec: Mapping[str, Any], path: Path) -> str | None:
    if "id" not in spec:
        return None
    value = reader.text(spec["id"], (*path, "id"))
    if not re.fullmatch(r"[A-Za-z0-9._-]+", value):
        raise reader.fail(
            (*path, "id"), f"{value!r} is not a valid id", "use letters, digits, . _ -"
        )
    return value
