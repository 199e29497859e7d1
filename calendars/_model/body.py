"""Bodies and their meeting rules: which days a body meets in a year."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum
from types import MappingProxyType

from calendars._model.days import Break
from calendars._model.details import Details
from calendars._model.meeting import Status
from calendars._model.origin import Origin


@dataclass(frozen=True, slots=True)
class Entry:
    """A date from a published calendar; the published calendar is the truth for its date."""

    start: date
    """The first day (the 1st for a month-only date)."""
    last: date | None = None
    """The last day of a multi-day meeting (inclusive)."""
    month_only: bool = False
    """Only the month is known: "Januari 2018"."""
    title: str | None = None
    """Added to the body's name: "planeringskonferens"."""
    status: Status = Status.CONFIRMED
    """Confirmed, provisional or cancelled."""
    time: tuple[time, time] | None = None
    """A time window for this date only."""
    all_day: bool = False
    """An all-day meeting although the body has a time window."""
    id: str | None = None
    """A stable name for the meeting, so its UID survives other dates being removed."""
    uid: str | None = None
    """A whole UID taken over from a calendar someone else publishes."""
    hosts: tuple[str, ...] = ()
    """The host(s) the published calendar names; the host rotation continues after them."""
    details: Details = field(default_factory=Details)
    """This meeting's own place, links and text, over the body's."""
    origin: Origin = field(default_factory=Origin, compare=False)
    """Where the date is written, for errors found while planning."""


@dataclass(frozen=True, slots=True)
class MeetingOverride:
    """One meeting's exception, addressed by its body and date."""

    day: date
    """The first day of the meeting it changes."""
    hosts: tuple[str, ...] = ()
    """The host(s) instead of the rotation's (empty: unchanged)."""
    chair: str | None = None
    """The chair instead of the rotation's."""
    details: Details = field(default_factory=Details)
    """This meeting's own place, links and text, over the body's."""
    status: Status | None = None
    """Confirmed, provisional or cancelled instead of what the plan says."""
    origin: Origin = field(default_factory=Origin, compare=False)
    """Where it is written: an override that matches no meeting is an error there."""


@dataclass(frozen=True, slots=True)
class Rules:
    """How a body's meeting days are found when no published dates say."""

    weekday: int | None = None
    """Monday = 0 … Sunday = 6; ``None``: any day."""
    time: tuple[time, time] | None = None
    """Local start and end; ``None``: all-day meetings."""
    days: int = 1
    """Length in days (a two-day conference: 2)."""
    per_year: int = 0
    """At least this many meetings a year, spread evenly over the season."""
    season: tuple[tuple[int, int], tuple[int, int]] = ((1, 1), (12, 31))
    """(month, day) of the first and last possible day."""
    breaks: tuple[Break, ...] = ()
    """Periods without meetings, besides Swedish holidays."""
    min_gap_days: int = 0
    """At least this many days between two meetings."""
    rrule: str | None = None
    """An RFC 5545 RRULE whose days are the candidates (all of them if per_year is 0)."""
    every_years: int = 1
    """Meet in every n-th year only ("vartannat år": 2)."""
    first_year: int | None = None
    """A year the body meets in, for every_years > 1."""
    prepares: str | None = None
    """The body whose meetings this body prepares."""
    lead_days: tuple[int, int] = (0, 0)
    """Least and most days before the prepared meeting."""

    def meets_in(self, year: int) -> bool:
        """Whether the body meets at all in `year`."""
        if self.every_years == 1 or self.first_year is None:
            return True
        return (year - self.first_year) % self.every_years == 0


class BodyKind(StrEnum):
    """What kind of body it is."""

    COMMITTEE = "committee"
    """A committee (samarbetskommitté, styrgrupp): the default."""
    MANAGEMENT = "management"
    """A management group (ledningsgrupp)."""
    CONFERENCE = "conference"
    """A conference."""
    RADSLAG = "radslag"
    """A rådslag."""
    OTHER = "other"
    """Anything else."""


@dataclass(frozen=True, slots=True)
class Body:
    """A committee, management group, conference or rådslag."""

    key: str
    """Its key in the cooperation file."""
    name: str
    """Its name, used as the meetings' title."""
    rules: Rules = field(default_factory=Rules)
    """How meeting days are found."""
    dates: Mapping[int, tuple[Entry, ...]] = field(default_factory=dict)
    """Published dates by year; rules add meetings to a listed year only up to `per_year`."""
    kind: BodyKind = BodyKind.COMMITTEE
    """What kind of body it is."""
    chair: str | None = None
    """The key of the chair rotation."""
    host: str | None = None
    """The key of the host rotation."""
    hosts_per_meeting: int = 1
    """Joint hosts per meeting; each takes a turn of the host rotation."""
    host_not_chair: bool = False
    """Report a conflict when the chair's municipality also hosts."""
    host_is_chair: bool = False
    """Report a conflict when the chair's municipality does not host."""
    attendees: tuple[str, ...] | None = None
    """The members that attend; ``None``: every member."""
    overrides: tuple[MeetingOverride, ...] = ()
    """Exceptions for single meetings, by date."""
    details: Details = field(default_factory=Details)
    """Every meeting's place ("{hosts}": the host names; none: the hosts' places), links
    ("{date}" in agenda and minutes: the meeting's first day, YYYY-MM-DD), text and alarms."""
    origin: Origin = field(default_factory=Origin, compare=False)
    """Where the body is written, for errors found while planning."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "dates", MappingProxyType(dict(self.dates)))
