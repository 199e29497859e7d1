"""A VTIMEZONE that calendar clients read right, made from the tz database.

icalendar's `add_missing_timezones()` writes each observance as one
comma-separated RDATE list, which ical.js misreads (events an hour off in
summer), and covers 1970–2038 only. Here every observance is either a
yearly RRULE (BYMONTH and BYDAY, as Outlook and Google write them) when
the transitions follow one rule through the years published, or a single
DTSTART per transition — never an RDATE list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import groupby
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur


@dataclass(frozen=True, slots=True)
class _Transition:
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


def _offset(zone: ZoneInfo, instant: datetime) -> timedelta:
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


@lru_cache(maxsize=1024)
def transitions(zone: ZoneInfo, first_year: int, last_year: int) -> list[_Transition]:
    """Every offset change in the years, found by bisecting on UTC minutes."""
    found = []
    day = datetime(first_year, 1, 1, 12, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, 12, tzinfo=UTC)
    while day < end:
        # A week at a time: no zone changes its offset twice within a week.
        week = day + timedelta(days=7)
        if _offset(zone, day) == _offset(zone, min(week, end)):
            day = week
            continue
        nxt = day + timedelta(days=1)
        if _offset(zone, day) != _offset(zone, nxt):
            lo, hi = day, nxt
            while hi - lo > timedelta(minutes=1):
                mid = lo + (hi - lo) / 2
                mid = mid.replace(second=0, microsecond=0)
                if mid <= lo:
                    mid = lo + timedelta(minutes=1)
                if _offset(zone, mid) == _offset(zone, lo):
                    lo = mid
                else:
                    hi = mid
            before, after = _offset(zone, lo), _offset(zone, hi)
            local = (hi + before).replace(tzinfo=None)
            after_local = hi.astimezone(zone)
            found.append(
                _Transition(
                    local,
                    before,
                    after,
                    after_local.tzname() or "",
                    bool(after_local.dst()),
                )
            )
        day = nxt
    return found


@lru_cache(maxsize=256)
def vtimezone(key: str, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE for `key` valid for every date from `first_year` to `last_year`.

    The observances start in the year before, so that a date before the first
    change of `first_year` (20 January, say) has an offset too: ical.js reads
    a time before every observance as UTC.
    """
    zone = ZoneInfo(key)
    tz = Timezone()
    tz.add("tzid", key)
    first_year -= 1
    found = transitions(zone, first_year, last_year)
    if not found:
        start = datetime(first_year, 1, 1)
        offset = _offset(zone, start.replace(tzinfo=UTC))
        observance = TimezoneStandard()
        observance.add("dtstart", start)
        observance.add("tzoffsetfrom", offset)
        observance.add("tzoffsetto", offset)
        observance.add("tzname", start.replace(tzinfo=zone).tzname() or key)
        tz.add_component(observance)
        return tz
    for key_, group in groupby(sorted(found, key=_Transition.rule_key), key=_Transition.rule_key):
        items = sorted(group, key=lambda t: t.local)
        years = [t.local.year for t in items]
        yearly = len(items) > 1 and years == list(range(years[0], years[0] + len(items)))
        if yearly:
            _, month, weekday, nth, *_ = key_
            assert isinstance(weekday, int)
            rule = {"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": f"{nth}{_DAYS[weekday]}"}
            if years[-1] < last_year:
                rule["UNTIL"] = (items[-1].local - items[-1].before).replace(tzinfo=UTC)
            tz.add_component(_observance(items[0], vRecur(rule)))
        else:
            for item in items:
                tz.add_component(_observance(item, None))
    return tz


_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _observance(t: _Transition, rule: vRecur | None) -> TimezoneStandard | TimezoneDaylight:
    observance = TimezoneDaylight() if t.daylight else TimezoneStandard()
    observance.add("dtstart", t.local)
    if rule is not None:
        observance.add("rrule", rule)
    observance.add("tzoffsetfrom", t.before)
    observance.add("tzoffsetto", t.after)
    observance.add("tzname", t.name)
    return observance
