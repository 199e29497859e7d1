"""A VTIMEZONE that calendar clients read right, made from the tz database.

icalendar's `add_missing_timezones()` writes each observance as one
comma-separated RDATE list, which ical.js misreads (events an hour off in
summer), and covers 1970–2038 only. Here every observance is either a
yearly RRULE (BYMONTH and BYDAY, as Outlook and Google write them) when
the transitions follow one rule through the years published, or a single
DTSTART per transition — never an RDATE list.
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import groupby
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from calendars._model.zone import Transition, offset_at, transitions


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
        offset = offset_at(zone, start.replace(tzinfo=UTC))
        observance = TimezoneStandard()
        observance.add("dtstart", start)
        observance.add("tzoffsetfrom", offset)
        observance.add("tzoffsetto", offset)
        observance.add("tzname", start.replace(tzinfo=zone).tzname() or key)
        tz.add_component(observance)
        return tz
    for key_, group in groupby(sorted(found, key=Transition.rule_key), key=Transition.rule_key):
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


def _observance(t: Transition, rule: vRecur | None) -> TimezoneStandard | TimezoneDaylight:
    observance = TimezoneDaylight() if t.daylight else TimezoneStandard()
    observance.add("dtstart", t.local)
    if rule is not None:
        observance.add("rrule", rule)
    observance.add("tzoffsetfrom", t.before)
    observance.add("tzoffsetto", t.after)
    observance.add("tzname", t.name)
    return observance
