"""Meetings of several cooperations at the same time that a member is expected at."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from calendars._model.cooperation import Cooperation
from calendars._model.meeting import Conflict, ConflictKind, Meeting, Plan, Status


def _attendees(coop: Cooperation, meeting: Meeting) -> set[str]:
    """The members expected at `meeting`: its attendees (or every member) and its hosts."""
    body = coop.bodies.get(meeting.body)
    listed = body.attendees if body is not None else None
    names = {
        m.name
        for m in coop.members
        if m.member_on(meeting.day) and (listed is None or m.name in listed)
    }
    return names | set(meeting.hosts)


def _end_day(meeting: Meeting) -> date:
    """The day after its last day."""
    if isinstance(meeting.end, datetime):
        return meeting.day + timedelta(days=1)
    return max(meeting.end, meeting.day + timedelta(days=1))


def _overlap(a: Meeting, b: Meeting) -> bool:
    if a.all_day or b.all_day:
        # An all-day meeting takes the whole of each of its days.
        return a.day < _end_day(b) and b.day < _end_day(a)
    return a.start < b.end and b.start < a.end


def _days(meeting: Meeting) -> list[date]:
    count = (_end_day(meeting) - meeting.day).days
    return [meeting.day + timedelta(days=i) for i in range(count)]


def clashes(plans: Sequence[tuple[Cooperation, Plan]]) -> list[Conflict]:
    """Members expected at meetings of two cooperations at the same time.

    Cancelled meetings and provisional month-only dates (no day yet) never
    clash. Each clash is reported once for each of the two meetings.
    """
    by_day = _by_day(plans)
    seen: set[tuple[str, str]] = set()
    found: list[Conflict] = []
    for day in sorted(by_day):
        items = by_day[day]
        for x, (i, coop_a, a) in enumerate(items):
            for j, coop_b, b in items[x + 1 :]:
                if i == j or (a.uid, b.uid) in seen or not _overlap(a, b):
                    continue
                both = _attendees(coop_a, a) & _attendees(coop_b, b)
                if not both:
                    continue
                seen.add((a.uid, b.uid))
                names = ", ".join(m.name for m in coop_a.members if m.name in both)
                pairs = ((a, coop_a, b, coop_b), (b, coop_b, a, coop_a))
                for mine, coop, other, elsewhere in pairs:
                    found.append(
                        Conflict(
                            mine.uid,
                            f"{names} expected at {mine.title} ({coop.name}) and at "
                            f"{other.title} ({elsewhere.name}) at the same time on {day}",
                            ConflictKind.TWO_PLACES,
                        )
                    )
    return found


def _by_day(
    plans: Sequence[tuple[Cooperation, Plan]],
) -> dict[date, list[tuple[int, Cooperation, Meeting]]]:
    """Every meeting that can clash, on each of its days, with its plan's index and cooperation."""
    by_day: dict[date, list[tuple[int, Cooperation, Meeting]]] = defaultdict(list)
    for i, (coop, plan) in enumerate(plans):
        for m in plan.meetings:
            if m.status is Status.CANCELLED or m.month_only:
                continue
            for day in _days(m):
                by_day[day].append((i, coop, m))
    return by_day
