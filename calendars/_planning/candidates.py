"""Candidate days of a body's rules, the spread over a season, preparation days."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from itertools import pairwise

from dateutil.rrule import rrulestr

from calendars._errors import CalendarError
from calendars._model.body import Rules
from calendars._model.days import NonMeetingDays
from calendars._words import WEEKDAYS, Language


def _free(day: date, rules: Rules, days: NonMeetingDays) -> bool:
    return all(
        days.blocked(day + timedelta(days=i), rules.breaks, half_days=rules.avoid_half_days) is None
        for i in range(rules.days)
    )


def candidates(rules: Rules, year: int, *, holidays: NonMeetingDays | None = None) -> list[date]:
    """Every day of `year`'s season a meeting could start on."""
    holidays = holidays or NonMeetingDays()
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
    return [d for d in days if _free(d, rules, holidays)]


def _first_fit(days: list[date], start: int, gap: int) -> int:
    """How many meetings fit from days[start] on, each `gap` days after the last."""
    count, last = 0, None
    for d in days[start:]:
        if last is None or (d - last).days >= gap:
            count, last = count + 1, d
    return count


def spread(
    rules: Rules, year: int, *, body: str, holidays: NonMeetingDays | None = None
) -> list[date]:
    """`rules.per_year` days of `year`, spread evenly over the season.

    The free days are split into `per_year` equal shares; each pick is the
    free day nearest the middle of its share that keeps the gap and still
    leaves room for the rest.

    Raises:
        CalendarError: naming the body, the year and the rule, when fewer
            days are free than the rule needs.

    """
    days = candidates(rules, year, holidays=holidays)
    n = rules.per_year
    if n == 0:
        return days if rules.rrule else []
    gap = max(rules.min_gap_days, rules.days)
    if _first_fit(days, 0, gap) < n:
        where = f"on {WEEKDAYS[Language.EN][rules.weekday]}s " if rules.weekday is not None else ""
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


def preparation_day(
    rules: Rules, meeting: date, *, body: str, holidays: NonMeetingDays | None = None
) -> date:
    """The day a preparing body meets before `meeting`.

    The candidate whose lead is nearest the middle of `rules.lead_days`
    wins; ties go to the longer lead.
    """
    holidays = holidays or NonMeetingDays()
    least, most = rules.lead_days
    middle = (least + most) / 2
    options = [
        meeting - timedelta(days=lead)
        for lead in range(least, most + 1)
        if (rules.weekday is None or (meeting - timedelta(days=lead)).weekday() == rules.weekday)
        and _free(meeting - timedelta(days=lead), rules, holidays)
    ]
    if not options:
        msg = (
            f"body {body!r} finds no free day {least}–{most} days before the meeting on "
            f"{meeting.isoformat()}; widen lead_days or change the weekday"
        )
        raise CalendarError(msg)
    return min(options, key=lambda d: (abs((meeting - d).days - middle), d))


def nearest_preparation_day(
    rules: Rules, meeting: date, *, taken: set[date], holidays: NonMeetingDays | None = None
) -> date | None:
    """The free day nearest `rules.lead_days` before `meeting` when none inside it is free.

    The day keeps the body's weekday and misses holidays, breaks and the
    body's own meetings in `taken`; it is at most a year before the meeting
    and never after it. Of two as near, the earlier wins (a longer lead).
    """
    holidays = holidays or NonMeetingDays()
    least, most = rules.lead_days
    options = [
        meeting - timedelta(days=lead)
        for lead in range(366)
        if not least <= lead <= most
        and (rules.weekday is None or (meeting - timedelta(days=lead)).weekday() == rules.weekday)
        and meeting - timedelta(days=lead) not in taken
        and _free(meeting - timedelta(days=lead), rules, holidays)
    ]
    return min(
        options,
        key=lambda d: (max(least - (meeting - d).days, (meeting - d).days - most), d),
        default=None,
    )


def feasible(rules: Rules, year: int, *, holidays: NonMeetingDays | None = None) -> bool:
    """Whether `spread` finds `rules.per_year` days in `year`."""
    gap = max(rules.min_gap_days, rules.days)
    return _first_fit(candidates(rules, year, holidays=holidays), 0, gap) >= rules.per_year


def spread_off_rule(
    rules: Rules, year: int, *, holidays: NonMeetingDays | None = None
) -> tuple[list[date], set[date]]:
    """`rules.per_year` days of a year `spread` cannot fill, and which of them break the rule.

    The weekday, holidays and breaks hold. The gap gives way first: the
    largest gap that lets every meeting in is spread, and a meeting closer
    than `min_gap_days` to the one before it is off its rule. If the season
    has too few free days even then, every free day of the season is taken
    and the rest are the free days of the year nearest the season (each a
    meeting's length apart), which are off the rule.
    """
    holidays = holidays or NonMeetingDays()
    gap = max(rules.min_gap_days, rules.days)
    days = candidates(rules, year, holidays=holidays)
    for smaller in range(gap - 1, rules.days - 1, -1):
        if _first_fit(days, 0, smaller) >= rules.per_year:
            chosen = spread(replace(rules, min_gap_days=smaller), year, body="", holidays=holidays)
            return chosen, {b for a, b in pairwise(chosen) if (b - a).days < gap}
    chosen = []
    for d in days:
        if not chosen or (d - chosen[-1]).days >= rules.days:
            chosen.append(d)
    first, last, loose = _outside(rules, year)
    off: set[date] = set()
    for d in sorted(
        candidates(loose, year, holidays=holidays), key=lambda d: (_span_gap(d, first, last), d)
    ):
        if len(chosen) >= rules.per_year:
            break
        if d not in days and all(abs((d - c).days) >= rules.days for c in chosen):
            chosen.append(d)
            off.add(d)
    return sorted(chosen), off


def _outside(rules: Rules, year: int) -> tuple[date, date, Rules]:
    """Where days off the rule are measured from, and the rules they keep.

    Without an RRULE: the season, and the rules over the whole year. With
    one: the RRULE's own days in the season (holidays or not), and its
    weekday when all of them share one ("the Tuesday of week 27" moves to
    the nearest free Tuesday).
    """
    first = date(year, *rules.season[0])
    last = date(year, *rules.season[1])
    whole = replace(rules, season=((1, 1), (12, 31)))
    if not rules.rrule:
        return first, last, whole
    rule = rrulestr(rules.rrule, dtstart=datetime(year, 1, 1))
    own = [
        d.date()
        for d in rule.between(datetime(year, 1, 1), datetime(year, 12, 31), inc=True)
        if first <= d.date() <= last
    ]
    weekdays = {d.weekday() for d in own}
    day = rules.weekday if rules.weekday is not None else None
    if day is None and len(weekdays) == 1:
        day = weekdays.pop()
    if own:
        first, last = own[0], own[-1]
    return first, last, replace(whole, rrule=None, weekday=day)


def _span_gap(day: date, first: date, last: date) -> int:
    """Days between `day` and the span ``[first, last]`` (0 inside it)."""
    if day < first:
        return (first - day).days
    return max((day - last).days, 0)


def fill(
    rules: Rules,
    year: int,
    taken: list[tuple[date, date]],
    *,
    body: str,
    holidays: NonMeetingDays | None = None,
) -> list[date]:
    """The days the rules add to a partly published year, up to `rules.per_year`.

    `taken` holds the published meetings as (first, last) spans (a month-only
    date spans its month). The rules' own spread of `per_year` days is made
    as if nothing were published; each published meeting takes the place of
    the spread day nearest it, and the other spread days are kept, each moved
    to the nearest free day when it comes closer than the gap to a published
    one.

    Raises:
        CalendarError: when the rest cannot be placed, naming body and year.

    """
    missing = rules.per_year - len(taken)
    if missing <= 0:
        return []
    holidays = holidays or NonMeetingDays()
    ideal = spread(rules, year, body=body, holidays=holidays)
    gap = max(rules.min_gap_days, rules.days)
    pairs = sorted(
        (abs(_span_gap(day, first, last)), i, j)
        for i, day in enumerate(ideal)
        for j, (first, last) in enumerate(taken)
    )
    replaced: set[int] = set()
    used: set[int] = set()
    for _, i, j in pairs:
        if i not in replaced and j not in used:
            replaced.add(i)
            used.add(j)
    days = candidates(rules, year, holidays=holidays)
    chosen: list[date] = []
    for i, day in enumerate(ideal):
        if i in replaced:
            continue

        def fits(d: date) -> bool:
            return all(_span_gap(d, f, la) >= gap for f, la in taken) and all(
                abs((d - c).days) >= gap for c in chosen
            )

        best = min(
            (d for d in days if fits(d)), key=lambda d: (abs((d - day).days), d), default=None
        )
        if best is None:
            msg = (
                f"body {body!r} needs {rules.per_year} meetings in {year}; {len(taken)} are "
                f"published and the rules find no room for {missing - len(chosen)} more at "
                f"least {gap} days from the others; list them, or lower per_year"
            )
            raise CalendarError(msg)
        chosen.append(best)
    return sorted(chosen)
