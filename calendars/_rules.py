"""Bodies and their meeting rules: which days a body meets in a year."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.rrule import rrulestr

from calendars._days import Break, blocked
from calendars._errors import CalendarError
from calendars._meeting import Status


@dataclass(frozen=True, slots=True)
class Entry:
    """A date from a published calendar; it overrides the rules for its year."""

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


@dataclass(frozen=True, slots=True)
class Body:
    """A committee, management group, conference or rådslag."""

    key: str
    """Its key in the cooperation file."""
    name: str
    """Its name, used as the meetings' title."""
    rules: Rules = field(default_factory=Rules)
    """How meeting days are found."""
    dates: dict[int, tuple[Entry, ...]] = field(default_factory=dict)
    """Published dates by year; a year listed here ignores the rules."""
    kind: str = "committee"
    """committee, management, conference, radslag or other."""
    chair: str | None = None
    """The key of the chair rotation."""
    host: str | None = None
    """The key of the host rotation."""
    hosts_per_meeting: int = 1
    """Joint hosts per meeting; each takes a turn of the host rotation."""
    location: str | None = None
    """Where it meets; "{hosts}" stands for the host names."""
    host_not_chair: bool = False
    """Report a conflict when the chair's municipality also hosts."""
    host_is_chair: bool = False
    """Report a conflict when the chair's municipality does not host."""
    attendees: tuple[str, ...] | None = None
    """The members that attend; ``None``: every member."""


def _free(day: date, rules: Rules) -> bool:
    return all(blocked(day + timedelta(days=i), rules.breaks) is None for i in range(rules.days))


def candidates(rules: Rules, year: int) -> list[date]:
    """Every day of `year`'s season a meeting could start on."""
    first = date(year, *rules.season[0])
    last = date(year, *rules.season[1])
    if rules.rrule:
        rule = rrulestr(rules.rrule, dtstart=datetime(year, 1, 1))
        days = [
            d.date() for d in rule.between(datetime(year, 1, 1), datetime(year, 12, 31), inc=True)
        ]
        days = [d for d in days if first <= d <= last]
    else:
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    if rules.weekday is not None:
        days = [d for d in days if d.weekday() == rules.weekday]
    return [d for d in days if _free(d, rules)]


def _first_fit(days: list[date], start: int, gap: int) -> int:
    """How many meetings fit from days[start] on, each `gap` days after the last."""
    count, last = 0, None
    for d in days[start:]:
        if last is None or (d - last).days >= gap:
            count, last = count + 1, d
    return count


def spread(rules: Rules, year: int, *, body: str) -> list[date]:
    """`rules.per_year` days of `year`, spread evenly over the season.

    The free days are split into `per_year` equal shares; each pick is the
    free day nearest the middle of its share that keeps the gap and still
    leaves room for the rest.

    Raises:
        CalendarError: naming the body, the year and the rule, when fewer
            days are free than the rule needs.

    """
    days = candidates(rules, year)
    n = rules.per_year
    if n == 0:
        return days if rules.rrule else []
    gap = max(rules.min_gap_days, rules.days)
    if _first_fit(days, 0, gap) < n:
        where = f"on {_WEEKDAY_NAMES[rules.weekday]}s " if rules.weekday is not None else ""
        msg = (
            f"body {body!r} needs at least {n} meetings in {year} {where}between "
            f"{rules.season[0][0]:02d}-{rules.season[0][1]:02d} and "
            f"{rules.season[1][0]:02d}-{rules.season[1][1]:02d}"
            f"{f' at least {gap} days apart' if gap > 1 else ''}, but only "
            f"{_first_fit(days, 0, gap)} fit once holidays and breaks are left out; "
            "lower per_year or min_gap_days, or widen the season or the breaks"
        )
        raise CalendarError(msg)
    # The ideal places are quantiles of the free days, not of the calendar:
    # a summer break is not part of the meeting season, so it does not
    # leave a hole in the spread.
    chosen: list[date] = []
    lo = 0
    for i in range(n):
        ideal = (i + 0.5) * len(days) / n - 0.5
        best = None
        for j in range(lo, len(days)):
            if chosen and (days[j] - chosen[-1]).days < gap:
                continue
            if _first_fit(days, j, gap) < n - i:
                break
            if best is None or abs(j - ideal) < abs(best - ideal):
                best = j
        assert best is not None  # feasibility was checked above
        chosen.append(days[best])
        lo = best + 1
    return chosen


def preparation_day(rules: Rules, meeting: date, *, body: str) -> date:
    """The day a preparing body meets before `meeting`.

    The candidate whose lead is nearest the middle of `rules.lead_days`
    wins; ties go to the longer lead.
    """
    least, most = rules.lead_days
    middle = (least + most) / 2
    options = [
        meeting - timedelta(days=lead)
        for lead in range(least, most + 1)
        if (rules.weekday is None or (meeting - timedelta(days=lead)).weekday() == rules.weekday)
        and _free(meeting - timedelta(days=lead), rules)
    ]
    if not options:
        msg = (
            f"body {body!r} finds no free day {least}–{most} days before the meeting on "
            f"{meeting.isoformat()}; widen lead_days or change the weekday"
        )
        raise CalendarError(msg)
    return min(options, key=lambda d: (abs((meeting - d).days - middle), d))


_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
