"""Wall-clock time in a zone: DST transitions and times that do not exist or repeat."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from calendars._errors import CalendarError


@dataclass(frozen=True, slots=True)
class Transition:
    local: datetime  # wall-clock time just before the change, naive
    before: timedelta
    after: timedelta
    name: str
    daylight: bool

    def rule_key(self) -> tuple[object, ...]:
        day = self.local.day
        last = (self.local + timedelta(days=7)).month != self.local.month
        nth = -1 if last else (day - 1) // 7 + 1
        return (self.daylight, self.local.month, self.local.weekday(), nth,
                self.local.time(), self.before, self.after, self.name)  # fmt: skip


def offset_at(zone: ZoneInfo, instant: datetime) -> timedelta:
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def transitions(zone: ZoneInfo, first_year: int, last_year: int) -> list[Transition]:
    """Every offset change in the years, found by bisecting on UTC minutes."""
    found = []
    day = datetime(first_year, 1, 1, 12, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, 12, tzinfo=UTC)
    while day < end:
        # A week at a time: no zone changes its offset twice within a week.
        week = day + timedelta(days=7)
        if offset_at(zone, day) == offset_at(zone, min(week, end)):
            day = week
            continue
        nxt = day + timedelta(days=1)
        if offset_at(zone, day) != offset_at(zone, nxt):
            lo, hi = day, nxt
            while hi - lo > timedelta(minutes=1):
                mid = lo + (hi - lo) / 2
                mid = mid.replace(second=0, microsecond=0)
                if mid <= lo:
                    mid = lo + timedelta(minutes=1)
                if offset_at(zone, mid) == offset_at(zone, lo):
                    lo = mid
                else:
                    hi = mid
            before, after = offset_at(zone, lo), offset_at(zone, hi)
            local = (hi + before).replace(tzinfo=None)
            after_local = hi.astimezone(zone)
            found.append(
                Transition(
                    local,
                    before,
                    after,
                    after_local.tzname() or "",
                    bool(after_local.dst()),
                )
            )
        day = nxt
    return found


def check_local_time(day: date, at: time, zone: ZoneInfo, *, what: str) -> datetime:
    """Return `day` at wall-clock time `at` in `zone`.

    A time that a DST change skips or repeats is refused, never shifted.
    """
    naive = datetime.combine(day, at)
    aware = naive.replace(tzinfo=zone)
    round_trip = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != naive:
        msg = (
            f"{what}: {naive:%Y-%m-%d %H:%M} does not exist in {zone.key} "
            "(the clocks spring forward)"
        )
        raise CalendarError(msg)
    if aware.replace(fold=1).utcoffset() != aware.utcoffset():
        msg = f"{what}: {naive:%Y-%m-%d %H:%M} happens twice in {zone.key} (the clocks fall back)"
        raise CalendarError(msg)
    return aware
