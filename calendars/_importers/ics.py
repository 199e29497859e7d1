"""Meetings from an iCalendar file (one of ours or anyone's)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from calendars._errors import CalendarError
from calendars._formats.ical import parse
from calendars._model.key import MeetingKey
from calendars._model.meeting import Meeting, Status


def read_meetings(data: bytes, *, source: str) -> list[Meeting]:
    """Meetings from an iCalendar file (one of ours or anyone's).

    Raises:
        CalendarError: for a malformed file or an event without UID or
            start, naming the file and the event.

    """
    cal = parse(data, source=source)
    default_zone = str(cal.get("x-wr-timezone", "")) or None
    if default_zone is not None:
        try:
            ZoneInfo(default_zone)
        except (ValueError, ZoneInfoNotFoundError):
            msg = (
                f"{source}: X-WR-TIMEZONE:{default_zone[:60]} is not a time zone; "
                "give an IANA name such as Europe/Stockholm"
            )
            raise CalendarError(msg) from None
    found = []
    for i, ev in enumerate(cal.walk("VEVENT"), start=1):
        where = f"{source}: event {i}"
        if "uid" not in ev or "dtstart" not in ev:
            msg = f"{where} has no {'UID' if 'uid' not in ev else 'DTSTART'}"
            raise CalendarError(msg)
        first, stop = _span(ev, where, default_zone)
        status = {"TENTATIVE": Status.PROVISIONAL, "CANCELLED": Status.CANCELLED}.get(
            str(ev.get("status", "CONFIRMED")).upper(), Status.CONFIRMED
        )
        month_only = str(ev.get("x-samverkan-precision", "")).upper() == "MONTH"
        body = str(ev.get("x-samverkan-body", "imported"))
        hosts = ev.get("x-samverkan-host", [])
        hosts = [hosts] if not isinstance(hosts, list) else hosts
        found.append(
            Meeting(
                key=MeetingKey("", body, str(ev["uid"]), verbatim=True),
                body=body,
                title=str(ev.get("x-samverkan-title", ev.get("summary", ""))),
                start=first,
                end=stop,
                status=status,
                month_only=month_only,
                hosts=tuple(str(h) for h in hosts),
                chair=str(ev["x-samverkan-chair"]) if "x-samverkan-chair" in ev else None,
                vice_chair=str(ev["x-samverkan-vice-chair"])
                if "x-samverkan-vice-chair" in ev
                else None,
                location=str(ev["location"]) if "location" in ev else None,
                weight=_weight(
                    first,
                    stop,
                    month_only=month_only,
                ),
            )
        )
    return found


def _span(ev: Any, where: str, default_zone: str | None) -> tuple[date | datetime, date | datetime]:
    """An event's start and end, checked: dates or date-times, one of each, end not first."""
    for name in ("UID", "DTSTART", "DTEND", "DURATION"):
        if isinstance(ev.get(name.lower()), list):
            msg = f"{where}: {name} is given more than once"
            raise CalendarError(msg)
    try:
        start = ev.decoded("dtstart")
        end = ev.decoded("dtend") if "dtend" in ev else None
        length = ev.decoded("duration") if "duration" in ev and end is None else None
    except (ValueError, KeyError, TypeError) as exc:
        msg = f"{where} ({ev['uid']}): unreadable date: {exc}"
        raise CalendarError(msg) from None
    for name, value in (("DTSTART", start), ("DTEND", end)):
        if value is not None and not isinstance(value, date):
            written = ev[name.lower()].to_ical()
            shown = written.decode() if isinstance(written, bytes) else str(written)
            msg = f"{where} ({ev['uid']}): {name}:{shown[:40]} is not a date or date-time"
            raise CalendarError(msg)
    if length is not None and not isinstance(length, timedelta):
        msg = f"{where} ({ev['uid']}): DURATION is not a duration such as PT2H"
        raise CalendarError(msg)
    first = _zoned(start, default_zone, where)
    stop = _zoned(end, default_zone, where)
    if first is None:
        msg = f"{where} ({ev['uid']}): DTSTART is not a date or date-time"
        raise CalendarError(msg)
    if stop is None and length is not None:
        stop = first + length
    if stop is None:
        stop = first if isinstance(first, datetime) else first + timedelta(days=1)
    if isinstance(first, datetime) != isinstance(stop, datetime):
        msg = f"{where} ({ev['uid']}): DTSTART and DTEND are not both dates or both date-times"
        raise CalendarError(msg)
    if stop < first:
        msg = f"{where} ({ev['uid']}): it ends ({stop}) before it starts ({first})"
        raise CalendarError(msg)
    return first, stop


def _weight(start: date, end: date, *, month_only: bool) -> float:
    if month_only or isinstance(start, datetime):
        return 1.0
    return float(max((end - start).days, 1))


def _zoned(value: object, zone: str | None, where: str) -> date | datetime | None:
    if value is None or not isinstance(value, datetime):
        return value  # type: ignore[return-value]
    if value.tzinfo is not None:
        return value
    if zone is None:
        msg = f"{where} has a floating time {value:%Y-%m-%dT%H:%M} and the file names no time zone"
        raise CalendarError(msg)
    return value.replace(tzinfo=ZoneInfo(zone))
