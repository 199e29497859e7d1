"""Turn units and the clocks that map turn numbers to dates.

A *clock* numbers the turns of a rotation: turn ``k`` covers the half-open
interval ``span(k) = [start, end)``. Calendar clocks compute spans with
arithmetic, so a look-up in the year 3000 costs what one in 2020 costs; the
event clock numbers the events that happen, in date order.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import accumulate, pairwise

from rotations._errors import RotationError

# Kommunallagen (2017:725) 5 kap. 5 §: fullmäktige serve four years from
# 15 October of the election year. Vallagen (2005:837) 1 kap. 3 §: general
# elections on the second Sunday of September every fourth year, 2018, 2022,
# 2026 … A mandate period begins on the first handover day after an election.
ELECTION_EPOCH_YEAR = 2018
_DATE_RANGE = "dates run from 0001-01-01 to 9999-12-31"


def election_day(year: int) -> date:
    """The second Sunday of September of `year` (Vallagen 1 kap. 3 §)."""
    first = date(year, 9, 1)
    return first + timedelta(days=(6 - first.weekday()) % 7 + 7)


class Unit(StrEnum):
    """What one turn of a rotation is counted in."""

    EVENT = "event"
    """One turn per event that happens, in date order."""
    YEAR = "year"
    """Calendar years, starting on the handover month-day (1 January by default)."""
    SEMESTER = "semester"
    """Half years: January–June (H1) and July–December (H2)."""
    QUARTER = "quarter"
    """Quarters: Q1 January–March … Q4 October–December."""
    MONTH = "month"
    """Calendar months."""
    MANDATE = "mandate"
    """Four-year mandate periods, from the first handover day after each general election."""
    WEEK = "week"
    """ISO weeks, starting on the handover weekday (Monday by default)."""
    DAY = "day"
    """Days (duty rotations such as socialjour)."""


class Weekday(StrEnum):
    """The day a weekly turn starts."""

    MONDAY = "monday"
    """Monday (the default)."""
    TUESDAY = "tuesday"
    """Tuesday."""
    WEDNESDAY = "wednesday"
    """Wednesday."""
    THURSDAY = "thursday"
    """Thursday."""
    FRIDAY = "friday"
    """Friday."""
    SATURDAY = "saturday"
    """Saturday."""
    SUNDAY = "sunday"
    """Sunday."""

    @property
    def number(self) -> int:
        """0 for Monday … 6 for Sunday, as `date.weekday()`."""
        return list(Weekday).index(self)

    @classmethod
    def parse(cls, text: str) -> Weekday:
        """Parse an English weekday name, e.g. ``"thursday"``.

        Words in other languages are read where the words live (the
        `calendars` configuration reads "torsdag"); pass the `Weekday`.
        """
        try:
            return cls(text.strip().casefold())
        except ValueError:
            valid = ", ".join(d.value for d in cls)
            msg = f"{text!r} is not a weekday; valid: {valid}"
            raise RotationError(msg, field="handover") from None

    @classmethod
    def of(cls, number: int) -> Weekday:
        """The weekday numbered as `date.weekday()`: 0 for Monday … 6 for Sunday."""
        return list(cls)[number]


@dataclass(frozen=True, slots=True)
class MonthDay:
    """A day of the year on which a yearly turn starts, e.g. 1 September."""

    month: int
    """1–12."""
    day: int
    """1–31, valid in the month; never 29 February (it does not exist every year)."""

    def __post_init__(self) -> None:
        if (self.month, self.day) == (2, 29):
            msg = "a handover on 02-29 does not exist every year; use 02-28 or 03-01"
            raise RotationError(msg, field="handover")
        try:
            date(2001, self.month, self.day)
        except ValueError:
            msg = f"{self.month:02d}-{self.day:02d} is not a day of the year; use MM-DD"
            raise RotationError(msg) from None

    @classmethod
    def parse(cls, text: str) -> MonthDay:
        """Parse ``"MM-DD"``, e.g. ``"09-01"``."""
        match = re.fullmatch(r"(\d{2})-(\d{2})", text)
        if not match:
            msg = f'{text!r} is not a month-day; write MM-DD, e.g. "09-01"'
            raise RotationError(msg)
        return cls(int(match[1]), int(match[2]))

    def __str__(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"

    def in_year(self, year: int) -> date:
        """Return this month-day in `year`."""
        return date(year, self.month, self.day)


@dataclass(frozen=True, slots=True)
class Event:
    """An occasion a per-event rotation hands a turn for (a meeting, a conference)."""

    key: str
    """A stable name for the event, unique within the list (e.g. its UID)."""
    start: date
    """The first day of the event."""
    end: date | None = None
    """The day after the last day (exclusive); ``None`` for one day."""
    cancelled: bool = False
    """A cancelled event takes no turn unless the rotation says it does."""
    weight: float = 1.0
    """How much the turn counts in fairness reports (a two-day conference: 2)."""

    @property
    def stop(self) -> date:
        """The exclusive end of the event."""
        return self.end if self.end is not None else self.start + timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Unlisted:
    """Events within ``[start, end)`` that took turns, not listed: only their number is known.

    A planner that knows how many meetings a stretch of years holds (six a
    year by its rules) passes that number instead of every meeting, so the
    turn of a meeting in the year 3000 is computed, not walked. A change,
    an unavailability or the anchor dated inside the stretch cannot be placed
    among its events and is an error; list the events around it instead.
    """

    start: date
    """The first day the unlisted events may start on."""
    end: date
    """The day after the last day they may last to (exclusive): each starts and ends inside."""
    count: int
    """How many counted events start (and end) in ``[start, end)``."""

    def __str__(self) -> str:
        return f"the {self.count} unlisted events from {self.start} to {self.end}"


def _check_handover(unit: Unit, handover: MonthDay | Weekday | None, explicit: bool) -> None:
    """A handover day (and explicit dates) that suit `unit`, else a RotationError."""
    if unit is Unit.WEEK:
        if explicit:
            msg = "explicit handover dates apply to years, mandates, semesters, quarters and months"
            raise RotationError(msg, field="handovers")
        if handover is not None and not isinstance(handover, Weekday):
            msg = f'a weekly turn starts on a weekday, e.g. handover = "monday", not {handover}'
            raise RotationError(msg, field="handover")
    elif unit is Unit.DAY:
        if handover is not None or explicit:
            msg = "a day turn starts every day; it takes no handover day or dates"
            raise RotationError(msg, field="handover")
    elif isinstance(handover, Weekday):
        msg = f'a {unit} turn starts on a month-day, e.g. handover = "09-01", not {handover}'
        raise RotationError(msg, field="handover")
    elif unit in _UNITS_PER_YEAR and handover is not None and handover.day > 28:
        msg = (
            f"a {unit} turn on day {handover.day} would not exist in every month; "
            "use a day from 1 to 28"
        )
        raise RotationError(msg, field="handover")


class Clock:
    """Numbers the turns of a rotation; subclasses say how."""

    def span(self, k: int) -> tuple[date, date]:
        """The half-open interval ``[start, end)`` of turn `k`."""
        raise NotImplementedError

    def label(self, k: int) -> str:
        """The period name of turn `k` ("2017", "2017-H1", an event key)."""
        raise NotImplementedError

    def turn_of_label(self, label: str) -> int:
        """The turn whose period is named `label`."""
        raise NotImplementedError

    def turn_at(self, day: date) -> int:
        """The turn that contains `day`."""
        raise NotImplementedError

    def first_turn_from(self, day: date) -> int:
        """The first turn that starts on or after `day`."""
        k = self.turn_at(day)
        return k if self.span(k)[0] >= day else k + 1

    def turns_overlapping(self, start: date, end: date) -> range:
        """The turns that overlap ``[start, end)``."""
        if end <= start:
            return range(0)
        return range(self.turn_at(start), self.turn_at(end - timedelta(days=1)) + 1)


_LABEL = {
    Unit.YEAR: re.compile(r"(\d{4})"),
    Unit.MANDATE: re.compile(r"(\d{4})"),
    Unit.SEMESTER: re.compile(r"(\d{4})-H([12])"),
    Unit.QUARTER: re.compile(r"(\d{4})-Q([1-4])"),
    Unit.MONTH: re.compile(r"(\d{4})-(0[1-9]|1[0-2])"),
    Unit.WEEK: re.compile(r"(\d{4})-W(\d{2})"),
    Unit.DAY: re.compile(r"(\d{4})-(\d{2})-(\d{2})"),
}
_LABEL_EXAMPLE = {
    Unit.YEAR: '"2017"',
    Unit.MANDATE: 'the year the mandate period starts, e.g. "2019"',
    Unit.WEEK: '"2026-W05" (the ISO week of the turn\'s first day)',
    Unit.DAY: '"2026-01-05"',
    Unit.SEMESTER: '"2017-H1" or "2017-H2"',
    Unit.QUARTER: '"2017-Q1" … "2017-Q4"',
    Unit.MONTH: '"2017-03"',
}
_UNITS_PER_YEAR = {Unit.SEMESTER: 2, Unit.QUARTER: 4, Unit.MONTH: 12}


class CalendarClock(Clock):
    """Turns of `every` calendar units, the first one aligned at unit `origin`.

    A unit starts on the handover day: a month-day for years, mandate
    periods, semesters, quarters and months (for the shorter units the
    month-day of one of their starts, e.g. "05-15" for semesters from 15 May
    and 15 November), a weekday for weeks. Explicit handover dates move
    single units: by year for yearly and mandate turns, by period name
    ("2026-05", "2026-H2", "2026-Q3") for the shorter ones.
    """

    def __init__(
        self,
        unit: Unit,
        *,
        every: int = 1,
        handover: MonthDay | Weekday | None = None,
        handovers: Mapping[int, date] | Mapping[str, date] | Mapping[int | str, date] | None = None,
        origin: int = 0,
    ) -> None:
        if unit is Unit.EVENT:
            msg = "a calendar clock needs a calendar unit, not 'event'"
            raise RotationError(msg)
        if every < 1:
            msg = f"every = {every}: a turn lasts at least one {unit}; use 1, 2, 3 …"
            raise RotationError(msg)
        _check_handover(unit, handover, bool(handovers))
        self.unit = unit
        self.every = every
        self.handover = handover if isinstance(handover, MonthDay) else MonthDay(1, 1)
        self.weekday = handover.number if isinstance(handover, Weekday) else 0
        step = 12 // _UNITS_PER_YEAR.get(unit, 1)
        self._phase = (self.handover.month - 1) % step  # months before the year's first start
        self.handovers: dict[int, date] = {}
        """Explicit handover dates by unit (by year for yearly and mandate turns)."""
        for key, day in (handovers or {}).items():
            self.handovers[self._explicit_unit(key)] = day
        self.handovers = dict(sorted(self.handovers.items()))
        self.origin = origin
        self._check_handovers()

    def _explicit_unit(self, key: int | str) -> int:
        yearly = self.unit in (Unit.YEAR, Unit.MANDATE)
        if yearly and isinstance(key, int) and not isinstance(key, bool):
            return key
        if not yearly and isinstance(key, str):
            return self.unit_of_label(key)
        what = (
            "a year, e.g. 2020" if yearly else f"a {self.unit} period, {_LABEL_EXAMPLE[self.unit]}"
        )
        msg = f"explicit handover dates are given by {what}, not {key!r}"
        raise RotationError(msg, field="handovers")

    def _check_handovers(self) -> None:
        yearly = self.unit in (Unit.YEAR, Unit.MANDATE)
        for u, day in self.handovers.items():
            name = str(u) if yearly else self.unit_label(u)
            if yearly and day.year != u:
                msg = (
                    f"handover dates out of order: {u} = {day.isoformat()} is not in {u}; "
                    "each year's handover falls in that year, after the one before"
                )
                raise RotationError(msg, field="handovers")
            if yearly:
                before, after = self._year_start(u - 1), self._year_start(u + 1)
            else:
                before, after = self._unit_start(u - 1), self._unit_start(u + 1)
            if not before < day < after:
                msg = (
                    f"handover dates out of order: {name} = {day.isoformat()} must fall "
                    f"between {before.isoformat()} and {after.isoformat()}"
                )
                raise RotationError(msg, field="handovers")

    # -- units -------------------------------------------------------------
    def _year_start(self, year: int) -> date:
        explicit = self.handovers.get(year)
        return explicit if explicit is not None else self.handover.in_year(year)

    def _year_at(self, day: date) -> int:
        return day.year if day >= self._year_start(day.year) else day.year - 1

    def _mandate_start(self, u: int) -> date:
        # The first handover day after the election (Kommunallagen 5 kap. 5 §).
        year = ELECTION_EPOCH_YEAR + 4 * u
        start = self._year_start(year)
        return start if start > election_day(year) else self._year_start(year + 1)

    def _mandate_at(self, day: date) -> int:
        u = (day.year - ELECTION_EPOCH_YEAR) // 4
        if day < self._mandate_start(u):
            return u - 1
        if day >= self._mandate_start(u + 1):
            return u + 1
        return u

    def unit_start(self, u: int) -> date:
        """The first day of calendar unit `u`."""
        try:
            return self._unit_start(u)
        except RotationError:
            raise
        except (ValueError, OverflowError):
            msg = f"a {self.unit} turn there reaches past the calendar; {_DATE_RANGE}"
            raise RotationError(msg) from None

    def _unit_start(self, u: int) -> date:
        if self.unit is Unit.YEAR:
            return self._year_start(u)
        if self.unit is Unit.MANDATE:
            return self._mandate_start(u)
        if self.unit is Unit.WEEK:
            # 0001-01-01 (ordinal 1) is a Monday.
            return date.fromordinal(1 + self.weekday + 7 * u)
        if self.unit is Unit.DAY:
            return date.fromordinal(u)
        explicit = self.handovers.get(u)
        return explicit if explicit is not None else self._regular_start(u)

    def _regular_start(self, u: int) -> date:
        per_year = _UNITS_PER_YEAR[self.unit]
        year, part = divmod(u, per_year)
        return date(year, 1 + self._phase + part * (12 // per_year), self.handover.day)

    def unit_at(self, day: date) -> int:
        """The calendar unit that contains `day`."""
        try:
            return self._unit_at(day)
        except RotationError:
            raise
        except (ValueError, OverflowError):
            msg = f"{day} is too near the end of the calendar for {self.unit} turns; {_DATE_RANGE}"
            raise RotationError(msg) from None

    def _unit_at(self, day: date) -> int:
        if self.unit is Unit.YEAR:
            return self._year_at(day)
        if self.unit is Unit.MANDATE:
            return self._mandate_at(day)
        if self.unit is Unit.WEEK:
            return (day.toordinal() - 1 - self.weekday) // 7
        if self.unit is Unit.DAY:
            return day.toordinal()
        per_year = _UNITS_PER_YEAR[self.unit]
        u = day.year * per_year + (day.month - 1 - self._phase) // (12 // per_year)
        # An explicit handover date can move a start past its neighbour's month.
        while day < self._unit_start(u):
            u -= 1
        while day >= self._unit_start(u + 1):
            u += 1
        return u

    def unit_label(self, u: int) -> str:
        """The period name of calendar unit `u`."""
        if self.unit is Unit.YEAR:
            return f"{u}"
        if self.unit in (Unit.MANDATE, Unit.DAY):
            return self.unit_start(u).isoformat()[: 4 if self.unit is Unit.MANDATE else 10]
        if self.unit is Unit.WEEK:
            year, week, _ = self.unit_start(u).isocalendar()
            return f"{year}-W{week:02d}"
        year, part = divmod(u, _UNITS_PER_YEAR[self.unit])
        if self.unit is Unit.SEMESTER:
            return f"{year}-H{part + 1}"
        if self.unit is Unit.QUARTER:
            return f"{year}-Q{part + 1}"
        return f"{year}-{part + 1:02d}"

    def unit_of_label(self, label: str) -> int:
        """The calendar unit named `label`."""
        match = _LABEL[self.unit].fullmatch(label.strip())
        if not match:
            msg = f"{label!r} is not a {self.unit} period; write {_LABEL_EXAMPLE[self.unit]}"
            raise RotationError(msg)
        year = int(match[1])
        if self.unit is Unit.YEAR:
            return year
        if self.unit is Unit.MANDATE:
            u = self.unit_at(date(year, 12, 31))
            if self.unit_label(u) != label.strip():
                msg = (
                    f"{label!r} is not the year a mandate period starts; the periods around "
                    f"it start {self.unit_start(u - 1)} and {self.unit_start(u)}"
                )
                raise RotationError(msg)
            return u
        if self.unit in (Unit.WEEK, Unit.DAY):
            try:
                if self.unit is Unit.DAY:
                    return date(year, int(match[2]), int(match[3])).toordinal()
                monday = date.fromisocalendar(year, int(match[2]), 1)
            except ValueError:
                msg = f"{label!r} is not a {self.unit}; write {_LABEL_EXAMPLE[self.unit]}"
                raise RotationError(msg) from None
            return self.unit_at(monday + timedelta(days=self.weekday))
        return year * _UNITS_PER_YEAR[self.unit] + int(match[2]) - 1

    # -- turns -------------------------------------------------------------
    def span(self, k: int) -> tuple[date, date]:
        first = self.origin + k * self.every
        return self.unit_start(first), self.unit_start(first + self.every)

    def label(self, k: int) -> str:
        return self.unit_label(self.origin + k * self.every)

    def turn_of_label(self, label: str) -> int:
        turn, rest = divmod(self.unit_of_label(label) - self.origin, self.every)
        if rest:
            msg = f"{label!r} does not start a turn; turns last {self.every} {self.unit}s"
            raise RotationError(msg)
        return turn

    def turn_at(self, day: date) -> int:
        return (self.unit_at(day) - self.origin) // self.every


class EventClock(Clock):
    """Turns of `every` counted events each, turn 0 starting at the first on or after `anchor`.

    Events are numbered by position in date order. `unlisted` stretches hold
    positions without events: the turns they take are counted, never walked.
    """

    def __init__(
        self,
        events: Sequence[Event],
        *,
        anchor: date | None,
        count_cancelled: bool,
        every: int = 1,
        unlisted: Sequence[Unlisted] = (),
    ) -> None:
        _check_events(events, every)
        counted = [e for e in events if count_cancelled or not e.cancelled]
        self.events: tuple[Event, ...] = tuple(sorted(counted, key=lambda e: (e.start, e.key)))
        self.every = every
        self._starts = [e.start for e in self.events]
        self._index = {e.key: i for i, e in enumerate(self.events)}
        self.unlisted = _checked_stretches(unlisted, [e.start for e in events])
        self._ends = [u.end for u in self.unlisted]
        self._before_end = list(accumulate((u.count for u in self.unlisted), initial=0))
        # Each listed event's position: its index plus the unlisted ones before it.
        self._pos = [i + self._unlisted_before(e.start) for i, e in enumerate(self.events)]
        # Each stretch's first position: the listed events before it, and the unlisted ones.
        self._first = [
            bisect.bisect_left(self._starts, u.start) + self._before_end[i]
            for i, u in enumerate(self.unlisted)
        ]
        self.origin = self._before(anchor, "the anchor") if anchor is not None else 0

    def _unlisted_before(self, day: date) -> int:
        """How many unlisted events start before `day`; an error if that is not known."""
        n = bisect.bisect_right(self._ends, day)
        if n < len(self.unlisted) and self.unlisted[n].start < day and self.unlisted[n].count:
            msg = f"{day} falls among {self.unlisted[n]}; list the events around it instead"
            raise RotationError(msg)
        return self._before_end[n]

    def _before(self, day: date, what: str = "") -> int:
        """The number of counted events (listed or not) that start before `day`."""
        try:
            return bisect.bisect_left(self._starts, day) + self._unlisted_before(day)
        except RotationError as exc:
            raise RotationError(f"{what}: {exc}" if what else str(exc)) from None

    def __len__(self) -> int:
        return len(self.events)

    def _group(self, k: int) -> tuple[Event, ...]:
        first = self.origin + k * self.every
        lo = bisect.bisect_left(self._pos, first)
        hi = bisect.bisect_left(self._pos, first + self.every)
        if lo == hi:
            msg = f"turn {k} holds none of the {len(self.events)} listed counted events"
            raise RotationError(msg)
        return self.events[lo:hi]

    def event(self, k: int) -> Event:
        """The first listed event of turn `k`."""
        return self._group(k)[0]

    def turn_of_event(self, key: str) -> int | None:
        """The turn of the event with `key`, or ``None`` if it takes no turn."""
        i = self._index.get(key)
        return None if i is None else (self._pos[i] - self.origin) // self.every

    def span(self, k: int) -> tuple[date, date]:
        """The days of turn `k`'s listed events, widened over its unlisted ones.

        Where the turn begins or ends among unlisted events, the stretch's
        first or last day stands for theirs (every event of a stretch lies
        inside it), so an unavailability that could touch them is refused.
        """
        group = self._group(k)
        first = self.origin + k * self.every
        start, end = group[0].start, max(e.stop for e in group)
        if (u := self._stretch_at(first)) is not None:
            start = u.start
        if (u := self._stretch_at(first + self.every - 1)) is not None:
            end = max(end, u.end)
        return start, end

    def _stretch_at(self, position: int) -> Unlisted | None:
        """The stretch whose unlisted events hold `position`, if it is not a listed one."""
        i = bisect.bisect_right(self._first, position) - 1
        if i >= 0 and position < self._first[i] + self.unlisted[i].count:
            return self.unlisted[i]
        return None

    def label(self, k: int) -> str:
        try:
            return self.event(k).key
        except RotationError:
            first = self.origin + k * self.every
            if self._stretch_at(first) is not None:
                return f"{k} (among unlisted events)"
            listed = len(self.events)
            return f"{k} (before or after the {listed} listed counted events)"

    def turn_of_label(self, label: str) -> int:
        turn = self.turn_of_event(label)
        if turn is None:
            msg = f"no counted event is named {label!r}"
            raise RotationError(msg)
        return turn

    def turn_at(self, day: date) -> int:
        # The turn of the last event that starts on or before `day`.
        return (self._before(day + timedelta(days=1)) - 1 - self.origin) // self.every

    def first_turn_from(self, day: date) -> int:
        i = self._before(day) - self.origin
        return -(-i // self.every)  # the first turn whose first event is at or after i

    def turns(self) -> Sequence[int]:
        """Every turn that holds a listed counted event, in order."""
        if not self.unlisted:
            first = -self.origin // self.every
            return range(first, (len(self.events) - 1 - self.origin) // self.every + 1)
        return sorted({(p - self.origin) // self.every for p in self._pos})


def _check_events(events: Sequence[Event], every: int) -> None:
    counts = Counter(e.key for e in events)
    if len(counts) != len(events):
        dupes = sorted(k for k, n in counts.items() if n > 1)
        msg = f"event keys must be unique; repeated: {', '.join(dupes)}"
        raise RotationError(msg)
    if every < 1:
        msg = f"every = {every}: a turn lasts at least one event; use 1, 2, 3 …"
        raise RotationError(msg)


def _checked_stretches(
    unlisted: Sequence[Unlisted], starts: Sequence[date]
) -> tuple[Unlisted, ...]:
    """The stretches in date order; an error for one that is empty, overlaps or holds an event."""
    ordered = tuple(sorted(unlisted, key=lambda u: u.start))
    days = sorted(starts)
    for u in ordered:
        if u.end <= u.start or u.count < 0:
            msg = f"{u}: a stretch must end after it starts and hold 0 or more events"
            raise RotationError(msg)
        i = bisect.bisect_left(days, u.start)
        if i < len(days) and days[i] < u.end:
            msg = f"the event on {days[i]} is listed, but falls among {u}"
            raise RotationError(msg)
    for a, b in pairwise(ordered):
        if b.start < a.end:
            msg = f"{a} and {b} overlap"
            raise RotationError(msg)
    return ordered
