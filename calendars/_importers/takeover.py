"""A cooperation file from a calendar someone already publishes (`import-ics --out`).

Bodies come from the events' summaries (or our own X-SAMVERKAN-BODY), each
date keeps its event's UID (so subscribers see no duplicates when we take
the feed over), and a LOCATION that names a member makes it the host.
Occurrences of a recurring series share one UID in the file; each gets an
id made from that UID and its day instead, and a note says so.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from calendars._importers.ics import DEFAULT_ZONE, IcsImport, ImportedEvent
from calendars._importers.kalendarium import Body, Date
from calendars._model.meeting import Status

_UID = re.compile(r"[^\s\x00-\x1f\x7f]+")


def _hosts(event: ImportedEvent, members: Sequence[str]) -> tuple[tuple[str, ...], str | None]:
    meeting = event.meeting
    if meeting.hosts:
        return meeting.hosts, None
    place = meeting.location or ""
    hosts = tuple(
        m for m in members if re.search(rf"(?<!\w){re.escape(m)}(?!\w)", place, re.IGNORECASE)
    )
    rest = place
    for m in hosts:
        rest = re.sub(rf"(?<!\w){re.escape(m)}(?!\w)", "", rest, flags=re.IGNORECASE)
    rest = re.sub(r"\b(?:och|and)\b|[,/&;()\s-]+", "", rest, flags=re.IGNORECASE)
    return hosts, (place or None) if rest else None


def _date(event: ImportedEvent, members: Sequence[str]) -> Date:
    meeting = event.meeting
    start, stop = meeting.start, meeting.end
    time = None
    if isinstance(start, datetime) and isinstance(stop, datetime):
        first, last_day = start.date(), stop.date()
        if last_day == first and stop > start:
            time = f"{start:%H.%M}-{stop:%H.%M}"
            last: date | None = None
        else:
            last = max(last_day, first) if last_day > first else None
    else:
        first = start if not isinstance(start, datetime) else start.date()
        end_day = stop if not isinstance(stop, datetime) else stop.date()
        last = end_day - timedelta(days=1) if end_day - first > timedelta(days=1) else None
    hosts, location = _hosts(event, members)
    status = {Status.CANCELLED: "cancelled", Status.PROVISIONAL: "provisional"}.get(meeting.status)
    uid = event.uid if not event.recurring and _UID.fullmatch(event.uid) else None
    made = None
    if uid is None:
        made = re.sub(r"[^A-Za-z0-9._-]+", "-", event.uid).strip("-.")[:48] or "serie"
        made = f"{made}-{first.isoformat()}"
    return Date(
        event.line,
        first,
        last,
        "month" if meeting.month_only else "day",
        None,
        hosts,
        time=time,
        location=location,
        all_day=time is None,
        status=status,
        uid=uid,
        id=made,
        sequence=event.sequence if uid is not None else 0,
    )


# What Outlook and Google put before a summary when a meeting is called off or uncertain.
_PREFIX = re.compile(
    r"^(?:inställt|inställd|canceled|cancelled|abgesagt|preliminärt|prel\.|tentative)\s*:\s*",
    re.IGNORECASE,
)


def bodies(found: IcsImport, members: Sequence[str]) -> tuple[list[Body], list[str]]:
    """The bodies, one per summary (or X-SAMVERKAN-BODY), and notes on what changed."""
    made: list[Body] = []
    for key, events in _groups(found).items():
        titles = Counter(_PREFIX.sub("", e.meeting.title.strip()) or key for e in events)
        name = titles.most_common(1)[0][0] if events[0].meeting.body != "imported" else key
        made.append(Body(events[0].line, name, dates=[_date(e, members) for e in events]))
    return made, _notes(found)


def _groups(found: IcsImport) -> dict[str, list[ImportedEvent]]:
    """The events by body: X-SAMVERKAN-BODY, else the summary without a status word."""
    groups: dict[str, list[ImportedEvent]] = {}
    for event in found.events:
        m = event.meeting
        name = m.body if m.body != "imported" else (_PREFIX.sub("", m.title.strip()) or "Möte")
        groups.setdefault(name, []).append(event)
    return groups


def _notes(found: IcsImport) -> list[str]:
    """What the take-over changed: meetings over midnight, recurring series made single."""
    notes = [
        f"line {e.line}: {e.uid} runs from one day into another; taken over as whole days"
        for e in found.events
        if isinstance(e.meeting.start, datetime)
        and isinstance(e.meeting.end, datetime)
        and e.meeting.end.date() > e.meeting.start.date()
    ]
    series = sorted({e.uid for e in found.events if e.recurring})
    if series:
        notes.append(
            f"{len(series)} recurring series became single meetings with ids made from their "
            "UID and day; subscribers of the old feed see the series replaced once"
        )
    return notes


def zone(found: IcsImport) -> str | None:
    """The zone to write in the cooperation file, when it is not the default."""
    return found.zone if found.zone != DEFAULT_ZONE else None
