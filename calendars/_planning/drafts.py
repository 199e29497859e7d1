"""The days of every body: published dates, the rules' spread, preparation meetings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from calendars._errors import CalendarError, ConfigError
from calendars._model.body import Body, Entry, MeetingOverride
from calendars._model.days import NonMeetingDays
from calendars._model.meeting import Status
from calendars._planning.candidates import fill, preparation_day, spread


@dataclass(frozen=True, slots=True)
class Draft:
    body: Body
    first: date
    last: date
    entry: Entry | None = None
    status: Status = Status.CONFIRMED
    month_only: bool = False

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


def _rule_days(body: Body, year: int, holidays: NonMeetingDays) -> list[date]:
    """The days the rules give `body` in `year`, besides its published dates."""
    rules = body.rules
    if not rules.meets_in(year) or rules.prepares is not None:
        return []
    published = body.dates.get(year, ())
    if not published:
        with Reframe(body, "per_year"):
            return spread(rules, year, body=body.key, holidays=holidays)
    if rules.per_year == 0:
        return []
    spans = [(d.first, d.last) for d in (_entry_draft(body, e) for e in published)]
    with Reframe(body, "per_year"):
        return fill(rules, year, spans, body=body.key, holidays=holidays)


def _preparations(
    body: Body, targets: Sequence[Draft], own: Sequence[Draft], holidays: NonMeetingDays
) -> list[Draft]:
    """A meeting before each meeting of the prepared body that no published one prepares."""
    least, most = body.rules.lead_days
    found: list[Draft] = []
    for target in targets:
        if target.status is Status.CANCELLED:
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
        with Reframe(body, "lead_days"):
            day = preparation_day(body.rules, target.first, body=body.key, holidays=holidays)
        found.append(
            Draft(body, day, day + timedelta(days=body.rules.days - 1), None, target.status)
        )
    return found


def _overridden(draft: Draft, override: MeetingOverride | None) -> Draft:
    if override is None or override.status is None:
        return draft
    return replace(draft, status=override.status)


def drafts_of(bodies: Mapping[str, Body], years: range) -> dict[str, list[Draft]]:
    holidays = NonMeetingDays()
    by_body: dict[str, list[Draft]] = {}
    for body in _order(bodies):
        mine: list[Draft] = []
        for year in years:
            mine += [_entry_draft(body, e) for e in body.dates.get(year, ())]
            length = timedelta(days=body.rules.days - 1)
            mine += [Draft(body, day, day + length) for day in _rule_days(body, year, holidays)]
        if body.rules.prepares is not None:
            targets = by_body[body.rules.prepares]
            mine += _preparations(body, targets, mine, holidays)
        overrides = {o.day: o for o in body.overrides}
        mine = sorted(
            (_overridden(d, overrides.get(d.first)) for d in mine),
            key=lambda d: (d.first, d.last),
        )
        by_body[body.key] = mine
    return by_body
