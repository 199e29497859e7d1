"""Feeds read back: our own previous feeds (scanned or parsed), their events and owners."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from icalendar import (
    Calendar,
    Component,
    vDDDTypes,
    vText,
)

from calendars._errors import CalendarError
from calendars._formats.scan import NotScannedError, PreviousEvent, ScanMemo, scan, scan_event
from calendars._model.key import KnownMeeting, RotationMark

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def ical_bytes(prop: object) -> bytes:
    value = prop.to_ical()  # type: ignore[attr-defined]
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


def parse(data: bytes, *, source: str) -> Calendar:
    """Parse iCalendar bytes; a malformed file is a `CalendarError` naming it."""
    try:
        calendars = Calendar.from_ical(data, multiple=True)
    except (ValueError, IndexError, KeyError) as exc:
        msg = f"{source}: not a valid iCalendar file: {exc}"
        raise CalendarError(msg) from None
    if len(calendars) != 1:
        msg = (
            f"{source}: not a valid iCalendar file: expected one VCALENDAR, found {len(calendars)}"
        )
        raise CalendarError(msg)
    cal: Calendar = calendars[0]
    if cal.name != "VCALENDAR":
        msg = f"{source}: the file does not start with BEGIN:VCALENDAR"
        raise CalendarError(msg)
    return cal


def previous_events(
    data: bytes | None, *, source: str, memo: ScanMemo | None = None
) -> dict[str, PreviousEvent]:
    """The events of a previous feed by UID: scanned when it is ours, else parsed."""
    if not data:
        return {}
    found = scan(data, source=source, memo=memo)
    if found is not None:
        return found
    events = {}
    for ev in parse(data, source=source).walk("VEVENT"):
        try:
            events[str(ev["uid"])] = _from_component(ev)
        except (TypeError, AttributeError) as exc:
            # icalendar's property types raise these for a value of the wrong
            # kind (a DTSTART that is no date): the feed's fault, said as such.
            msg = f"{source}: {exc or type(exc).__name__}"
            raise CalendarError(msg) from None
    return events


def _utc_or_none(ev: Component, name: str) -> datetime | None:
    if name not in ev:
        return None
    value = ev.decoded(name)
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _from_component(ev: Component) -> PreviousEvent:
    """A previous event that the scan did not vouch for, from icalendar's parse."""
    values: dict[str, str] = {}
    for name, value in ev.property_items(recursive=False):
        if name not in ("BEGIN", "END"):
            values.setdefault(name, ical_bytes(value).decode("utf-8", "replace"))
    removed = ev.get("x-samverkan-removed")
    start = ev.decoded("dtstart")
    block = ical_bytes(ev)
    return PreviousEvent(
        uid=str(ev["uid"]),
        sequence=int(ev.get("sequence", 0)),
        stamp=_utc_or_none(ev, "dtstamp") or _EPOCH,
        start=_day_of(start),
        timed=isinstance(start, datetime),
        body=str(ev["x-samverkan-body"]) if "x-samverkan-body" in ev else None,
        removed=_removed_at(removed) if removed is not None else None,
        created=_utc_or_none(ev, "created"),
        last_modified=_utc_or_none(ev, "last-modified"),
        values=values,
        block=block,
        lines=_lines(block, ev),
    )


def _lines(block: bytes, ev: Component) -> tuple[tuple[str, str, str], ...]:
    """Every property line of a parsed event, as the scan gives them."""
    try:
        return scan_event(block).lines
    except (NotScannedError, UnicodeDecodeError):
        return tuple(
            (name, "", ical_bytes(value).decode("utf-8", "replace"))
            for name, value in ev.property_items(recursive=False)
            if name not in ("BEGIN", "END")
        )


def owner_of(data: bytes) -> str | None:
    """The cooperation that wrote a feed (its X-SAMVERKAN-COOP), if any."""
    found = re.search(rb"\r\nX-SAMVERKAN-COOP(?:;[^:\r\n]*)?:([^\r\n]*)\r\n", data)
    return found[1].decode("utf-8") if found else None


def calendar_name(data: bytes) -> str | None:
    """A feed's NAME, unescaped."""
    for line in data.decode("utf-8", "replace").replace("\r\n ", "").split("\r\n"):
        if line.startswith(("NAME:", "NAME;")):
            return str(vText.from_ical(line.split(":", 1)[1]))
    return None


def _removed_at(value: object) -> datetime:
    text = ical_bytes(value).decode() if hasattr(value, "to_ical") else str(value)
    when = vDDDTypes.from_ical(text)  # type: ignore[no-untyped-call]
    if not isinstance(when, datetime):
        msg = f"X-SAMVERKAN-REMOVED:{text} is not a date-time"
        raise CalendarError(msg)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _day_of(value: object) -> date:
    return value.date() if isinstance(value, datetime) else value  # type: ignore[return-value]


def known_meetings(
    data: bytes | None, *, source: str, memo: ScanMemo | None = None
) -> list[KnownMeeting]:
    """The meetings a previous cooperation feed published: body, first day and UID."""
    return [
        KnownMeeting(e.body, e.start, e.uid)
        for e in previous_events(data, source=source, memo=memo).values()
        if e.body and RotationMark.parse(e.body) is None
    ]
