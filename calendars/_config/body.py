"""The `[bodies.NAME]` part of a cooperation file."""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from calendars._config.dates import (
    _entry,
    _override,
    _time_window,
    link,
)
from calendars._config.toml import Path, Reader
from calendars._errors import CalendarError, ConfigError
from calendars._model.body import Body, Entry, Rules
from calendars._model.days import Break, weekday
from calendars._model.details import Details
from calendars._model.origin import Origin
from rotations import Rotation, Unit

BODY_KEYS = {
    "name": "the body's name, the title of its meetings",
    "kind": "committee | management | conference | radslag | other",
    "chair": "the rotation that gives the chair (and vice chair) on each meeting's date",
    "host": "the rotation that gives each meeting's host municipality",
    "hosts": "joint hosts per meeting (default 1); each takes a turn",
    "attendees": "the members that attend (default: every member); their feeds show it",
    "location": 'where it meets; "{hosts}" stands for the host names (default: the hosts)',
    "host_not_chair": "report a conflict when the chair's municipality also hosts (default false)",
    "host_is_chair": "report a conflict when the chair's municipality does not host (default no)",
    "weekday": "the day of the week it meets: thursday or torsdag …",
    "time": '"12:00-15:00" (or "12.00-15.00"); none: all-day meetings',
    "days": "length in days (default 1)",
    "per_year": "at least this many meetings a year, spread evenly over the season",
    "season": 'first and last possible day: ["01-15", "12-15"] (default the whole year)',
    "breaks": "periods without meetings besides Swedish holidays",
    "min_gap_days": "at least this many days between two meetings (default 0)",
    "rrule": "an RFC 5545 RRULE whose days are the candidates",
    "every_years": "meet every n-th year only (vartannat år: 2)",
    "first_year": "a year it meets in, with every_years",
    "prepares": "the body whose meetings this one prepares",
    "lead_days": "[least, most] days before the prepared meeting",
    "dates": "published dates by year; the rules add meetings to a year only up to per_year",
    "overrides": "exceptions for single meetings, by date: host, chair, location, status",
    "url": "the body's web page, shown with every meeting (https://…)",
    "conference": "the online-meeting link of every meeting (https://…)",
    "description": "free text added to every meeting's description",
    "agenda": "the agenda's link; \"{date}\" stands for the meeting's day (YYYY-MM-DD)",
    "minutes": "the minutes' link; \"{date}\" stands for the meeting's day (YYYY-MM-DD)",
    "reminders": 'alarms before each meeting, ISO 8601 durations: ["P1D", "PT1H"] (default none)',
}
BREAK_KEYS = {
    "name": "what people call it: sommaruppehåll, jul, sportlov",
    "from": "first day, MM-DD",
    "to": "last day, MM-DD (inclusive; before from wraps over New Year)",
    "week": "an ISO week number instead of from/to",
}
KINDS = ("committee", "management", "conference", "radslag", "other")
_MD = re.compile(r"(\d{2})-(\d{2})")


def _month_day(reader: Reader, value: object, path: Path) -> tuple[int, int]:
    text = reader.text(value, path)
    match = _MD.fullmatch(text)
    if match:
        month, day = int(match[1]), int(match[2])
        try:
            date(2001, month, day)  # not a leap year: 02-29 is not in every year
        except ValueError:
            if (month, day) == (2, 29):
                raise reader.fail(
                    path, "02-29 is not in every year", 'use "02-28" or "03-01"'
                ) from None
        else:
            return month, day
    raise reader.fail(path, f"{text!r} is not a month-day", 'write MM-DD, e.g. "06-15"')


def _reminders(reader: Reader, spec: Mapping[str, Any], path: Path) -> tuple[timedelta, ...]:
    listed = spec.get("reminders", [])
    rpath = (*path, "reminders")
    if not isinstance(listed, list):
        raise reader.fail(rpath, "reminders is a list of durations", '["P1D", "PT1H"]')
    found = []
    for value in listed:
        text = reader.text(value, rpath)
        try:
            from icalendar import vDuration  # noqa: PLC0415 - only files with reminders need it

            before = vDuration.from_ical(text)  # type: ignore[no-untyped-call]
        except (ValueError, TypeError):
            before = None
        if not isinstance(before, timedelta) or before <= timedelta(0):
            raise reader.fail(
                rpath,
                f"{text!r} is not a positive ISO 8601 duration",
                '"P1D" (a day), "PT1H" (an hour), "PT15M"',
            )
        if before in found:
            raise reader.fail(rpath, f"{text!r} is listed twice")
        found.append(before)
    return tuple(found)


def _flag(reader: Reader, spec: Mapping[str, Any], key: str, path: Path) -> bool:
    value = spec.get(key, False)
    if not isinstance(value, bool):
        raise reader.fail((*path, key), f"{value!r} is not true or false")
    return value


def _count(
    reader: Reader,
    spec: Mapping[str, Any],
    key: str,
    path: Path,
    *,
    default: int,
    least: int,
    most: int,
) -> int:
    value = spec.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not least <= value <= most:
        raise reader.fail((*path, key), f"{value!r} is not a whole number from {least} to {most}")
    return value


MAX_DAYS = 14
"""The longest meeting, in days (the seeds' conferences last two)."""
MAX_PER_YEAR = 366
"""At most one meeting a day."""
MAX_GAP_DAYS = 366
"""`min_gap_days` and `lead_days` stay within a year."""
MAX_EVERY_YEARS = 100
"""`every_years` at most (vartannat år is 2)."""
YEARS = (1900, 9000)
"""The years a plan covers; `first_year` and `dates` years lie in them."""


def _location(reader: Reader, value: object, path: Path) -> str:
    """A location text; "{hosts}" is the only placeholder (others would crash formatting)."""
    text = reader.text(value, path)
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        raise reader.fail(
            path, f"{text!r} is not a location text ({exc})", 'write "{{" for a brace'
        ) from None
    unknown = [name for name in fields if name != "hosts"]
    if unknown:
        raise reader.fail(
            path,
            f"{{{unknown[0]}}} is not a placeholder of a location",
            '"{hosts}" stands for the host names; write "{{" for a brace',
        )
    return text


_RRULE_EXAMPLE = "e.g. FREQ=MONTHLY;BYDAY=1TH"


def _rrule(reader: Reader, value: object, path: Path) -> str:
    """An RRULE whose days are candidates: at least daily, one rule, no start of its own."""
    from dateutil.rrule import rrulestr  # noqa: PLC0415 - only files with an rrule need it

    text = reader.text(value, path).strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts = dict(part.partition("=")[::2] for part in text.upper().split(";") if part)
    if any(c in text for c in ":\n\r") or "DTSTART" in parts:
        raise reader.fail(
            path, "give the rule only, without DTSTART", "e.g. FREQ=MONTHLY;BYDAY=1TH"
        )
    freq = parts.get("FREQ", "")
    if freq not in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY"):
        raise reader.fail(
            path,
            f"FREQ={freq or '(none)'}: meetings are planned by day",
            "FREQ is DAILY, WEEKLY, MONTHLY or YEARLY",
        )
    for part in ("BYHOUR", "BYMINUTE", "BYSECOND"):
        if part in parts:
            raise reader.fail(
                path, f"{part} would give several meetings a day", "the body's time sets the hour"
            )
    if "UNTIL" in parts and "COUNT" in parts:
        raise reader.fail(path, "UNTIL and COUNT exclude each other (RFC 5545 §3.3.10)")
    interval = parts.get("INTERVAL", "1")
    if not interval.isdigit() or not 1 <= int(interval) <= MAX_PER_YEAR:
        raise reader.fail(path, f"INTERVAL={interval} is not from 1 to {MAX_PER_YEAR}")
    # RFC 5545 §3.3.10: UNTIL may be UTC ("Z"); candidates are days, so the day is what counts.
    text = re.sub(r"(UNTIL=\d{8}(?:T\d{6})?)Z", r"\1", text, flags=re.IGNORECASE)
    try:
        rrulestr(text, dtstart=datetime(2000, 1, 1), ignoretz=True)
    except (ValueError, TypeError, OverflowError) as exc:
        raise reader.fail(
            path, f"not a valid RRULE: {exc}", "e.g. FREQ=MONTHLY;BYDAY=1TH"
        ) from None
    return text


def _body_details(reader: Reader, spec: Mapping[str, Any], path: Path) -> Details:
    """Every meeting's place, links (agenda and minutes with "{date}"), text and alarms."""

    def given(key: str, read: Callable[[Reader, object, Path], str]) -> str | None:
        return read(reader, spec[key], (*path, key)) if key in spec else None

    return Details(
        location=given("location", _location),
        url=given("url", link),
        conference=given("conference", link),
        description=given("description", Reader.text),
        agenda=given("agenda", _template_link),
        minutes=given("minutes", _template_link),
        reminders=_reminders(reader, spec, path),
    )


def _template_link(reader: Reader, value: object, path: Path) -> str:
    return link(reader, value, path, template=True)


def _hosts_per_meeting(
    reader: Reader,
    spec: Mapping[str, Any],
    path: Path,
    *,
    rotations: Mapping[str, Rotation],
    host: str | None,
    members: tuple[str, ...],
) -> int:
    """Joint hosts per meeting: at most the members that can host (of the host rotation)."""
    pool = len(rotations[host].members) if host is not None else len(members)
    return _count(reader, spec, "hosts", path, default=1, least=1, most=max(1, pool))


def parse_body(  # noqa: PLR0912, PLR0915 - one validator per key, in one place
    reader: Reader,
    key: str,
    raw: object,
    *,
    rotations: Mapping[str, Rotation],
    body_keys: tuple[str, ...],
    members: tuple[str, ...],
) -> Body:
    """Validate one `[bodies.KEY]` table and build the body."""
    path: Path = ("bodies", key)
    spec = reader.table(raw, path)
    reader.keys(spec, BODY_KEYS, path)
    refs: dict[str, str | None] = {}
    for role in ("chair", "host"):
        name = spec.get(role)
        if name is not None:
            reader.choice(name, tuple(rotations), (*path, role))
            rotation = rotations[name]
            if rotation.unit is Unit.EVENT and (
                rotation.anchor is None or rotation.anchor.on is None
            ):
                raise reader.fail(
                    (*path, role),
                    f"the per-event rotation {name!r} needs a start date to count events from",
                    f'start = {{ date = "2017-01-01", holder = "{rotation.members[0]}" }}',
                )
        refs[role] = name
    prepares = spec.get("prepares")
    if prepares is not None:
        reader.choice(prepares, tuple(b for b in body_keys if b != key), (*path, "prepares"))
    season = ((1, 1), (12, 31))
    if "season" in spec:
        pair = spec["season"]
        if not isinstance(pair, list) or len(pair) != 2:
            raise reader.fail(
                (*path, "season"), "the season is two month-days", '["01-15", "12-15"]'
            )
        season = (
            _month_day(reader, pair[0], (*path, "season")),
            _month_day(reader, pair[1], (*path, "season")),
        )
        if season[1] < season[0]:
            raise reader.fail((*path, "season"), "the season ends before it starts")
    breaks: list[Break] = []
    for i, raw_break in enumerate(reader.array(spec.get("breaks", []), (*path, "breaks"))):
        bpath: Path = (*path, "breaks", i)
        b = reader.table(raw_break, bpath)
        reader.keys(b, BREAK_KEYS, bpath)
        name = reader.text(b.get("name", f"break {i + 1}"), (*bpath, "name"))
        try:
            if "week" in b:
                if "from" in b or "to" in b:
                    raise reader.fail((*bpath, "week"), "give week or from and to, not both")
                breaks.append(
                    Break(name, week=_count(reader, b, "week", bpath, default=0, least=1, most=53))
                )
            else:
                if "from" not in b or "to" not in b:
                    raise reader.fail(bpath, "a break needs from and to (MM-DD), or week")
                breaks.append(
                    Break(
                        name,
                        first=_month_day(reader, b["from"], (*bpath, "from")),
                        last=_month_day(reader, b["to"], (*bpath, "to")),
                    )
                )
        except ConfigError:
            raise  # already names its file, line and key
        except CalendarError as exc:
            raise reader.fail(bpath, str(exc)) from None
    rrule = _rrule(reader, spec["rrule"], (*path, "rrule")) if "rrule" in spec else None
    lead = (0, 0)
    if prepares is not None:
        pair = spec.get("lead_days")
        if not (
            isinstance(pair, list)
            and len(pair) == 2
            and all(isinstance(n, int) and not isinstance(n, bool) for n in pair)
            and 0 <= pair[0] <= pair[1] <= MAX_GAP_DAYS
        ):
            raise reader.fail(
                (*path, "lead_days"),
                f"a preparing body needs lead_days = [least, most], from 0 to {MAX_GAP_DAYS}",
                "e.g. [13, 27]",
            )
        lead = (pair[0], pair[1])
    elif "lead_days" in spec:
        raise reader.fail((*path, "lead_days"), "lead_days goes with prepares")
    try:
        day = (
            weekday(reader.text(spec["weekday"], (*path, "weekday"))) if "weekday" in spec else None
        )
    except ConfigError:
        raise  # already names its file, line and key
    except CalendarError as exc:
        raise reader.fail((*path, "weekday"), str(exc)) from None
    rules = Rules(
        weekday=day,
        time=_time_window(reader, spec["time"], (*path, "time")) if "time" in spec else None,
        days=_count(reader, spec, "days", path, default=1, least=1, most=MAX_DAYS),
        per_year=_count(reader, spec, "per_year", path, default=0, least=0, most=MAX_PER_YEAR),
        season=season,
        breaks=tuple(breaks),
        min_gap_days=_count(
            reader, spec, "min_gap_days", path, default=0, least=0, most=MAX_GAP_DAYS
        ),
        rrule=rrule,
        every_years=_count(
            reader, spec, "every_years", path, default=1, least=1, most=MAX_EVERY_YEARS
        ),
        first_year=_count(
            reader, spec, "first_year", path, default=1, least=YEARS[0], most=YEARS[1]
        )
        if "first_year" in spec
        else None,
        prepares=prepares,
        lead_days=lead,
    )
    if rules.every_years > 1 and rules.first_year is None:
        raise reader.fail(
            (*path, "every_years"), "every_years needs first_year, a year the body meets in"
        )
    dates: dict[int, tuple[Entry, ...]] = {}
    for year_text, entries in reader.table(spec.get("dates", {}), (*path, "dates")).items():
        if not year_text.isdigit():
            raise reader.fail((*path, "dates", year_text), f"{year_text!r} is not a year")
        if not isinstance(entries, list):
            raise reader.fail((*path, "dates", year_text), "expected a list of dates")
        year = int(year_text)
        if not YEARS[0] <= year <= YEARS[1]:
            raise reader.fail(
                (*path, "dates", year_text), f"{year} is not a year from {YEARS[0]} to {YEARS[1]}"
            )
        dates[year] = tuple(
            _entry(reader, e, year, (*path, "dates", year_text, i), members)
            for i, e in enumerate(entries)
        )
        # Two meetings of one body on one day must be told apart: by a title,
        # or by their own ids (import-text gives "2017-11-06" and "2017-11-06-2").
        starts = [(e.start, e.title, e.id or e.uid) for e in dates[year]]
        for i, first in enumerate(starts):
            if starts.index(first) != i:
                raise reader.fail(
                    (*path, "dates", year_text, i),
                    f"{first[0]} is listed twice",
                    "give each meeting once (a title or an id tells two meetings of one day apart)",
                )
    attendees = None
    if "attendees" in spec:
        listed = spec["attendees"]
        if not isinstance(listed, list) or not listed:
            raise reader.fail((*path, "attendees"), "attendees is a non-empty list of members")
        attendees = tuple(reader.member(m, members, (*path, "attendees")) for m in listed)
        if len(set(attendees)) != len(attendees):
            twice = next(m for m in attendees if attendees.count(m) > 1)
            raise reader.fail((*path, "attendees"), f"{twice} is listed twice")
    raw_overrides = spec.get("overrides", [])
    if not isinstance(raw_overrides, list):
        raise reader.fail(
            (*path, "overrides"), "expected a list of overrides", "[[bodies.NAME.overrides]]"
        )
    overrides = tuple(
        _override(reader, o, (*path, "overrides", i), members) for i, o in enumerate(raw_overrides)
    )
    days = [o.day for o in overrides]
    for i, o in enumerate(overrides):
        if days.index(o.day) != i:
            raise reader.fail(
                (*path, "overrides", i, "date"),
                f"a second override for the meeting on {o.day}",
                "put every change of one meeting in one override",
            )
    body = Body(
        key=key,
        name=reader.text(spec.get("name", key), (*path, "name")),
        rules=rules,
        dates=dates,
        kind=reader.choice(spec.get("kind", "committee"), KINDS, (*path, "kind")),
        chair=refs["chair"],
        host=refs["host"],
        hosts_per_meeting=_hosts_per_meeting(
            reader, spec, path, rotations=rotations, host=refs["host"], members=members
        ),
        host_not_chair=_flag(reader, spec, "host_not_chair", path),
        host_is_chair=_flag(reader, spec, "host_is_chair", path),
        attendees=attendees,
        overrides=overrides,
        details=_body_details(reader, spec, path),
        origin=Origin(reader.file, path, reader.locator),
    )
    if body.host_not_chair and body.host_is_chair:
        raise reader.fail(
            (*path, "host_is_chair"), "host_not_chair and host_is_chair exclude each other"
        )
    return body
