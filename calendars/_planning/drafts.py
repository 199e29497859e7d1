"""The days of every body: published dates, the rules' spread, preparation meetings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from calendars._errors import CalendarError, ConfigError
from calendars._model.body import Body, Entry, MeetingOverride
from calendars._model.days import NonMeetingDays
from calendars._model.meeting import Status
from calendars._planning.candidates import (
    feasible,
    fill,
    nearest_preparation_day,
    preparation_day,
    spread,
    spread_off_rule,
)
from calendars._words import WEEKDAYS, Language

NEVER_MET_SPAN = 28
"""Years around a year whose rule fails that are tried before it is called impossible:
weekdays repeat every 28 years, Easter and the holidays on it do not."""


@dataclass(frozen=True, slots=True)
class Draft:
    body: Body
    first: date
    last: date
    entry: Entry | None = None
    status: Status = Status.CONFIRMED
    month_only: bool = False
    off_rule: ConfigError | None = field(default=None, compare=False)
    """Why the day is not the one the rules say: a warning naming rule, year, file and line."""

    @property
    def weight(self) -> float:
        """Days it lasts, for fairness; a month-only date counts once."""
        return 1.0 if self.month_only else float((self.last - self.first).days + 1)

    @property
    def middle(self) -> date:
        """The day distances are measured from: the 15th of a month-only date."""
        return self.first.replace(day=15) if self.month_only else self.first


def _month_end(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1) - timedelta(days=1)


def _entry_draft(body: Body, entry: Entry) -> Draft:
    if entry.month_only:
        return Draft(body, entry.start, _month_end(entry.start), entry, Status.PROVISIONAL, True)
    return Draft(body, entry.start, entry.last or entry.start, entry, entry.status)


def _order(bodies: Mapping[str, Body]) -> list[Body]:
    """Bodies in an order where a prepared body comes before its preparer."""
    done: list[Body] = []
    seen: set[str] = set()

    def visit(body: Body, path: tuple[str, ...]) -> None:
        if body.key in seen:
            return
        if body.key in path:
            circle = " → ".join((*path, body.key))
            raise body.origin.error(f"bodies prepare each other in a circle: {circle}", "prepares")
        target = body.rules.prepares
        if target is not None:
            visit(bodies[target], (*path, body.key))
        seen.add(body.key)
        done.append(body)

    for body in bodies.values():
        visit(body, ())
    return done


class Reframe:
    """Turns a `CalendarError` raised while planning a body into a `ConfigError` at its key."""

    def __init__(self, body: Body, key: str) -> None:
        self.body, self.key = body, key

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        if isinstance(exc, CalendarError) and not isinstance(exc, ConfigError):
            raise self.body.origin.error(str(exc), self.key) from None


def _spread(body: Body, year: int, holidays: NonMeetingDays) -> list[Draft]:
    """The rules' spread of `year`; in a year it cannot be met, the nearest days allowed.

    Raises:
        ConfigError: when the rule is met in none of the years around `year`.

    """
    rules = body.rules
    length = timedelta(days=rules.days - 1)
    try:
        days = spread(rules, year, body=body.key, holidays=holidays)
    except CalendarError as exc:
        half = NEVER_MET_SPAN // 2
        if not any(
            feasible(rules, y, holidays=holidays)
            for y in range(year - half, year + half)
            if y != year and rules.meets_in(y)
        ):
            raise body.origin.error(str(exc), "per_year") from None
        days, off = spread_off_rule(rules, year, holidays=holidays)
        drafts = []
        for day in days:
            note = _moved(body, str(exc).split("; ")[0], day) if day in off else None
            drafts.append(Draft(body, day, day + length, off_rule=note))
        return drafts
    return [Draft(body, day, day + length) for day in days]


def _rule_days(body: Body, year: int, holidays: NonMeetingDays) -> list[Draft]:
    """The meetings the rules give `body` in `year`, besides its published dates."""
    rules = body.rules
    if not rules.meets_in(year) or rules.prepares is not None:
        return []
    born, gone = body.active_from, body.active_until
    if (born is not None and born.year > year) or (gone is not None and gone.year < year):
        return []  # the body does not exist this year
    published = body.dates.get(year, ())
    if not published:
        return _spread(body, year, holidays)
    if rules.per_year == 0:
        return []
    spans = [(d.first, d.last) for d in (_entry_draft(body, e) for e in published)]
    length = timedelta(days=rules.days - 1)
    try:
        days = fill(rules, year, spans, body=body.key, holidays=holidays)
    except CalendarError as exc:
        return _gap_gives_way(body, year, spans, exc, holidays)
    return [Draft(body, day, day + length) for day in days]


def _gap_gives_way(
    body: Body,
    year: int,
    spans: list[tuple[date, date]],
    exc: CalendarError,
    holidays: NonMeetingDays,
) -> list[Draft]:
    """The published dates leave no room at the gap: the gap gives way, with a warning."""
    rules = body.rules
    try:
        days = fill(replace(rules, min_gap_days=0), year, spans, body=body.key, holidays=holidays)
    except CalendarError:
        raise body.origin.error(str(exc), "per_year") from None
    length = timedelta(days=rules.days - 1)
    gap = max(rules.min_gap_days, rules.days)
    drafts = []
    for day in days:
        others = [*spans, *((d, d) for d in days if d != day)]
        note = None
        if any(_apart(day, f, la) < gap for f, la in others):
            note = _moved(body, str(exc).split("; list them")[0], day)
        drafts.append(Draft(body, day, day + length, off_rule=note))
    return drafts


def _moved(body: Body, why: str, day: date) -> ConfigError:
    """The warning of a meeting the plan put off its `per_year` rule: why, and where to."""
    return body.origin.error(
        f"{why}; {day} is the nearest day the other rules allow (moved off its rule)", "per_year"
    )


def _apart(day: date, first: date, last: date) -> int:
    """Days from the span ``[first, last]`` to `day` (0 or less: inside it)."""
    return (first - day).days if day < first else (day - last).days


def _preparations(
    body: Body, targets: Sequence[Draft], own: Sequence[Draft], holidays: NonMeetingDays
) -> list[Draft]:
    """A meeting before each meeting of the prepared body that no published one prepares."""
    least, most = body.rules.lead_days
    found: list[Draft] = []
    for target in targets:
        if target.status is Status.CANCELLED or not body.alive(target.first):
            continue
        if target.month_only:
            # Only the month is known: the preparation is provisional in the
            # same month (it cannot be put on a day before an unknown day).
            month = target.first
            if not any(d.month_only and d.first == month for d in (*own, *found)):
                found.append(Draft(body, month, _month_end(month), None, Status.PROVISIONAL, True))
            continue
        window = (target.first - timedelta(days=most), target.first - timedelta(days=least))
        # One preparation within lead_days before it prepares it: a published
        # one, or one made for an earlier meeting (two on one day were made).
        if any(window[0] <= d.first <= window[1] for d in (*own, *found) if not d.month_only):
            continue
        found.append(_preparation(body, target, {d.first for d in (*own, *found)}, holidays))
    return found


def _preparation(body: Body, target: Draft, taken: set[date], holidays: NonMeetingDays) -> Draft:
    """The preparation of `target`; when no day in the lead window is free, the nearest one.

    Raises:
        ConfigError: when no lead in the window falls on the body's weekday
            for a meeting on `target`'s weekday (met in no year), or no day
            within a year before is free.

    """
    rules = body.rules
    length = timedelta(days=rules.days - 1)
    try:
        day = preparation_day(rules, target.first, body=body.key, holidays=holidays)
    except CalendarError as exc:
        moved = None
        if rules.leads_from(target.first.weekday()):
            moved = nearest_preparation_day(rules, target.first, taken=taken, holidays=holidays)
        if moved is None:
            raise body.origin.error(str(exc), "lead_days") from None
        note = body.origin.error(_moved_preparation(body, target, moved, holidays), "lead_days")
        return Draft(body, moved, moved + length, None, target.status, off_rule=note)
    return Draft(body, day, day + length, None, target.status)


def _moved_preparation(body: Body, target: Draft, moved: date, holidays: NonMeetingDays) -> str:
    """Says which rule a preparation on `moved` breaks, in which year, and what blocked it."""
    rules = body.rules
    least, most = rules.lead_days
    window = [target.first - timedelta(days=lead) for lead in range(least, most + 1)]
    blocked = [
        f"{why} on {day}"
        for day in window
        if rules.weekday is None or day.weekday() == rules.weekday
        for why in [holidays.blocked(day, rules.breaks, half_days=rules.avoid_half_days)]
        if why is not None
    ]
    what = WEEKDAYS[Language.EN][rules.weekday] if rules.weekday is not None else "day"
    return (
        f"in {target.first.year} no free {what} is {least}–{most} days before the "
        f"{target.body.key} meeting on {target.first}"
        f"{' (' + ', '.join(blocked) + ')' if blocked else ''}; {moved}, "
        f"{(target.first - moved).days} days before, is the nearest free one "
        "(moved off its rule)"
    )


def _overridden(draft: Draft, override: MeetingOverride | None) -> Draft:
    if override is None or override.status is None:
        return draft
    return replace(draft, status=override.status)


def drafts_of(bodies: Mapping[str, Body], years: Iterable[int]) -> dict[str, list[Draft]]:
    holidays = NonMeetingDays()
    by_body: dict[str, list[Draft]] = {}
    for body in _order(bodies):
        mine: list[Draft] = []
        for year in years:
            mine += [_entry_draft(body, e) for e in body.dates.get(year, ())]
            mine += _rule_days(body, year, holidays)
        if body.rules.prepares is not None:
            targets = by_body[body.rules.prepares]
            mine += _preparations(body, targets, mine, holidays)
        # The rules plan nothing outside the body's lifetime; published dates stay.
        mine = [d for d in mine if d.entry is not None or body.alive(d.first)]
        overrides = {o.day: o for o in body.overrides}
        mine = sorted(
            (_overridden(d, overrides.get(d.first)) for d in mine),
            key=lambda d: (d.first, d.last),
        )
        by_body[body.key] = mine
    return by_body
