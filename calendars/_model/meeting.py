"""Meetings and plans: the values the planner produces and exporters read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from calendars._model.details import Details
from calendars._model.key import MeetingKey
from rotations import Rotation, Term


class Status(StrEnum):
    """Whether a meeting will happen."""

    CONFIRMED = "confirmed"
    """Decided."""
    PROVISIONAL = "provisional"
    """Pencilled in (e.g. only the month is known); never shown as fixed."""
    CANCELLED = "cancelled"
    """Called off; stays in feeds so subscribers' calendars drop it."""


@dataclass(frozen=True, slots=True)
class Meeting:
    """One occasion a body meets."""

    key: MeetingKey
    """Stable identity; survives a change of date, time or host, and other meetings'."""
    body: str
    """The body's key in the cooperation file."""
    title: str
    """The text people see, in the cooperation's language."""
    start: date | datetime
    """A zone-aware datetime, or a date for all-day and month-only meetings."""
    end: date | datetime
    """Exclusive end, of the same type as `start`."""
    status: Status = Status.CONFIRMED
    """Confirmed, provisional or cancelled."""
    month_only: bool = False
    """Only the month is known ("Januari 2018"): `start`..`end` is the month."""
    hosts: tuple[str, ...] = ()
    """The host municipality, or two joint hosts."""
    chair: str | None = None
    """Who chairs on the meeting's date, from the body's chair rotation."""
    vice_chair: str | None = None
    """The vice chair on that date."""
    details: Details = field(default_factory=Details)
    """Where it is held, its links, text and alarms: the body's, or the meeting's own."""
    weight: float = 1.0
    """How much hosting it counts (days) in fairness reports."""
    transparent: bool = False
    """Shown as free time, like a rotation term (a chair for a year is not busy all year)."""

    @property
    def location(self) -> str | None:
        """Where it is held."""
        return self.details.location

    @property
    def url(self) -> str | None:
        """Its web page (RFC 7986 URL)."""
        return self.details.url

    @property
    def conference(self) -> str | None:
        """The online-meeting link (CONFERENCE)."""
        return self.details.conference

    @property
    def description(self) -> str | None:
        """Free text for subscribers."""
        return self.details.description

    @property
    def agenda(self) -> str | None:
        """The agenda's link."""
        return self.details.agenda

    @property
    def minutes(self) -> str | None:
        """The minutes' link."""
        return self.details.minutes

    @property
    def reminders(self) -> tuple[timedelta, ...]:
        """Alarms this long before the start (VALARM)."""
        return self.details.reminders

    @property
    def uid(self) -> str:
        """The iCalendar UID: the key's string form."""
        return str(self.key)

    @property
    def all_day(self) -> bool:
        """Whether the meeting has dates but no times."""
        return not isinstance(self.start, datetime)

    @property
    def provisional(self) -> bool:
        """Whether the meeting must not look fixed to a subscriber."""
        return self.status is Status.PROVISIONAL or self.month_only

    @property
    def day(self) -> date:
        """The first day of the meeting."""
        return self.start.date() if isinstance(self.start, datetime) else self.start

    def to_dict(self) -> dict[str, object]:
        """The meeting as JSON-ready data (SPEC §5)."""
        return {
            "uid": self.uid,
            "body": self.body,
            "title": self.title,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "all_day": self.all_day,
            "provisional": self.provisional,
            "status": self.status.value,
            "hosts": list(self.hosts),
            "chair": self.chair,
            "vice_chair": self.vice_chair,
            "location": self.location,
            "url": self.url,
            "conference": self.conference,
            "description": self.description,
            "agenda": self.agenda,
            "minutes": self.minutes,
        }


class ConflictKind(StrEnum):
    """Which rule a `Conflict` breaks."""

    CHAIR_HOSTS = "chair_hosts"
    """The chair's municipality also hosts (the body's host_not_chair)."""
    CHAIR_NOT_HOST = "chair_not_host"
    """The chair's municipality does not host (the body's host_is_chair)."""
    TWO_PLACES = "two_places"
    """A member attends two cooperations' meetings at the same time."""


@dataclass(frozen=True, slots=True)
class Conflict:
    """A meeting that breaks a coupling rule between roles, or clashes with another."""

    uid: str
    """The meeting."""
    message: str
    """What is wrong, e.g. that the chair's municipality also hosts."""
    kind: ConflictKind = ConflictKind.CHAIR_HOSTS
    """Which rule it breaks."""


@dataclass(frozen=True, slots=True)
class Plan:
    """The meetings of a cooperation over a period."""

    meetings: tuple[Meeting, ...]
    """In order of start, then body."""
    conflicts: tuple[Conflict, ...] = ()
    """Every broken coupling rule."""
    terms: Mapping[str, tuple[Term, ...]] = field(default_factory=dict)
    """Per rotation, its terms in the period; a per-event rotation's as its meetings took them."""
    rotations: Mapping[str, Rotation] = field(default_factory=dict)
    """The rotations as the plan used them (with turns passing at a body's meeting)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "terms", MappingProxyType(dict(self.terms)))
        object.__setattr__(self, "rotations", MappingProxyType(dict(self.rotations)))

    def __reduce__(self) -> tuple[object, ...]:
        # Read-only mappings do not pickle; a plan goes between processes as plain ones.
        return (Plan, (self.meetings, self.conflicts, dict(self.terms), dict(self.rotations)))

    def of(self, body: str) -> tuple[Meeting, ...]:
        """The meetings of one body."""
        return tuple(m for m in self.meetings if m.body == body)
