"""The `[bodies.NAME]` part of a cooperation file (its rules' keys: `rules.py`)."""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import replace
from datetime import timedelta
from typing import Any

from calendars._config.dates import (
    ENTRY_SCHEMA,
    OVERRIDE,
    TIME_WINDOW,
    entry,
    link_key,
    override,
    start_only,
    time_window,
    with_open_end,
)
from calendars._config.keys import (
    TEXT,
    Context,
    Key,
    Table,
    array,
    choice,
    count,
    day,
    flag,
    mapping,
    members,
    text,
    whole,
)
from calendars._config.rules import (
    BREAK,
    MAX_DAYS,
    MAX_EVERY_YEARS,
    MAX_GAP_DAYS,
    MAX_PER_YEAR,
    MONTH_DAY,
    YEARS,
    read_breaks,
    read_lead_days,
    read_rrule,
    read_season,
    read_weekday,
)
from calendars._config.toml import Path, Reader
from calendars._model.body import Body, BodyKind, Entry, MeetingOverride, Rules
from calendars._model.details import Details
from calendars._model.origin import Origin
from rotations import Rotation, Unit


def _duration(reader: Reader, value: object, path: Path, _: Context) -> timedelta:
    """The body's ``duration``: how long a meeting lasts whose time is a start only."""
    text_ = reader.text(value, path)
    from icalendar import vDuration  # noqa: PLC0415 - only files with a duration need it

    try:
        found = vDuration.from_ical(text_)  # type: ignore[no-untyped-call]
    except (ValueError, TypeError):
        found = None
    if not isinstance(found, timedelta) or not timedelta(0) < found < timedelta(days=1):
        raise reader.fail(
            path, f"{text_!r} is not a duration shorter than a day", '"PT2H" (two hours), "PT1H30M"'
        )
    return found


def _reminders(reader: Reader, listed: object, path: Path, _: Context) -> tuple[timedelta, ...]:
    if not isinstance(listed, list):
        raise reader.fail(path, "reminders is a list of durations", '["P1D", "PT1H"]')
    found = []
    for value in listed:
        text = reader.text(value, path)
        try:
            from icalendar import vDuration  # noqa: PLC0415 - only files with reminders need it

            before = vDuration.from_ical(text)  # type: ignore[no-untyped-call]
        except (ValueError, TypeError):
            before = None
        if not isinstance(before, timedelta) or before <= timedelta(0):
            raise reader.fail(
                path,
                f"{text!r} is not a positive ISO 8601 duration",
                '"P1D" (a day), "PT1H" (an hour), "PT15M"',
            )
        if before in found:
            raise reader.fail(path, f"{text!r} is listed twice")
        found.append(before)
    return tuple(found)


def _location(reader: Reader, value: object, path: Path, _: Context) -> str:
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


def _rotation(reader: Reader, name: object, path: Path, context: Context) -> str:
    """A body's chair or host rotation; a per-event one needs a day to count from."""
    reader.choice(name, tuple(context.rotations), path)
    rotation = context.rotations[str(name)]
    if rotation.unit is Unit.EVENT and (rotation.anchor is None or rotation.anchor.on is None):
        raise reader.fail(
            path,
            f"the per-event rotation {name!r} needs a start date to count events from",
            f'start = {{ date = "2017-01-01", holder = "{rotation.members[0]}" }}',
        )
    return str(name)


def _prepares(reader: Reader, name: object, path: Path, context: Context) -> str:
    return reader.choice(name, tuple(b for b in context.bodies if b != context.key), path)


def _year_dates(
    reader: Reader, year_text: str, entries: object, path: Path, context: Context
) -> tuple[int, tuple[Entry, ...]]:
    if not year_text.isdigit():
        raise reader.fail(path, f"{year_text!r} is not a year")
    if not isinstance(entries, list):
        raise reader.fail(path, "expected a list of dates")
    year = int(year_text)
    if not YEARS[0] <= year <= YEARS[1]:
        raise reader.fail(path, f"{year} is not a year from {YEARS[0]} to {YEARS[1]}")
    listed = tuple(
        entry(reader, e, (*path, i), Context(members=context.members, year=year))
        for i, e in enumerate(entries)
    )
    # Two meetings of one body on one day must be told apart: by a title,
    # or by their own ids (import-text gives "2017-11-06" and "2017-11-06-2").
    starts = [(e.start, e.title, e.id or e.uid) for e in listed]
    for i, first in enumerate(starts):
        if starts.index(first) != i:
            raise reader.fail(
                (*path, i),
                f"{first[0]} is listed twice",
                "give each meeting once (a title or an id tells two meetings of one day apart)",
            )
    return year, listed


def _dates(
    reader: Reader, value: object, path: Path, context: Context
) -> dict[int, tuple[Entry, ...]]:
    return dict(
        _year_dates(reader, year_text, entries, (*path, year_text), context)
        for year_text, entries in reader.table(value, path).items()
    )


def _overrides(
    reader: Reader, listed: object, path: Path, context: Context
) -> tuple[MeetingOverride, ...]:
    if not isinstance(listed, list):
        raise reader.fail(path, "expected a list of overrides", "[[bodies.NAME.overrides]]")
    overrides = tuple(override(reader, o, (*path, i), context) for i, o in enumerate(listed))
    days = [o.day for o in overrides]
    for i, o in enumerate(overrides):
        if days.index(o.day) != i:
            raise reader.fail(
                (*path, i, "date"),
                f"a second override for the meeting on {o.day}",
                "put every change of one meeting in one override",
            )
    return overrides


def _names(reader: Reader, listed: object, path: Path, _: Context) -> tuple[str, ...]:
    """A list of names (of breaks); the cooperation checks them against its own."""
    return tuple(reader.text(name, (*path, i)) for i, name in enumerate(reader.array(listed, path)))


def _bodies(reader: Reader, listed: object, path: Path, context: Context) -> tuple[str, ...]:
    """Other bodies of the cooperation."""
    others = tuple(b for b in context.bodies if b != context.key)
    return tuple(
        reader.choice(name, others, (*path, i)) for i, name in enumerate(reader.array(listed, path))
    )


def _template(name: str, doc: str) -> Key:
    return link_key(name, doc, template=True)


def _any(_reader: Reader, value: object, _path: Path, _: Context) -> object:
    """The value as written; the section checks it against another key's."""
    return value


_ROTATION_REF: dict[str, Any] = TEXT
BODY = Table(
    (
        text("name", "the body's name; the title of its meetings", shown="the key"),
        choice(
            "kind",
            "`committee`, `management`, `conference`, `radslag` or `other`",
            BodyKind,
            default=BodyKind.COMMITTEE,
        ),
        Key(
            "chair",
            "a rotation giving the chair and vice chair on each meeting's date",
            _rotation,
            _ROTATION_REF,
        ),
        Key(
            "host",
            "a rotation giving each meeting's host; a per-event rotation needs a `start.date`",
            _rotation,
            _ROTATION_REF,
        ),
        Key(
            "hosts",
            "joint hosts per meeting; each takes one turn of the host rotation; at most the "
            "host rotation's members",
            _any,
            {"type": "integer", "minimum": 1},
            default=1,
        ),
        members(
            "attendees",
            "the members that attend; a member's feed shows what it attends and what it hosts",
            shown="every member",
        ),
        Key(
            "location",
            "where it meets; `{hosts}` stands for the host names (the only placeholder; `{{` "
            "writes a brace)",
            _location,
            TEXT,
            shown="the hosts' names",
        ),
        flag("host_not_chair", "report a conflict when the chair's municipality also hosts"),
        flag(
            "host_is_chair",
            "the opposite: report a conflict when the chair's municipality does not host",
        ),
        Key(
            "weekday",
            "`thursday` or `torsdag` (plural `torsdagar` too)",
            read_weekday,
            TEXT,
            shown="any day",
        ),
        Key(
            "time",
            'local time window, `"12:00-15:00"` or `"12.00-15.00"`, or a start only, `"13:15"` '
            "(the meeting lasts `duration` and its description says `Sluttiden är inte "
            "angiven.`); a time a DST change skips or repeats is refused",
            time_window,
            TIME_WINDOW,
            shown="all-day",
        ),
        Key(
            "duration",
            "how long a meeting whose time is a start only lasts, an ISO 8601 duration shorter "
            'than a day: `"PT3H"`, `"PT1H30M"`',
            _duration,
            {"type": "string", "pattern": "^PT"},
            default=timedelta(hours=2),
            shown='`"PT2H"`',
        ),
        count(
            "days",
            "length in days, 1–14; multi-day meetings are all-day",
            least=1,
            most=MAX_DAYS,
            default=1,
        ),
        count(
            "per_year",
            "at least this many meetings a year, spread evenly over the season; 0–366",
            least=0,
            most=MAX_PER_YEAR,
            default=0,
        ),
        Key(
            "season",
            '`["MM-DD", "MM-DD"]`: first and last possible day; never `02-29`',
            read_season,
            {"type": "array", "items": MONTH_DAY, "minItems": 2, "maxItems": 2},
            default=((1, 1), (12, 31)),
            shown="whole year",
        ),
        Key(
            "breaks",
            "array of breaks (below); Swedish public and de-facto holidays are always left out",
            read_breaks,
            array(BREAK),
            default=(),
        ),
        count(
            "min_gap_days",
            "at least this many days between two meetings; 0–366",
            least=0,
            most=MAX_GAP_DAYS,
            default=0,
        ),
        Key(
            "rrule",
            "an RFC 5545 RRULE (`FREQ=MONTHLY;BYDAY=1TH`) whose days are the candidates; with "
            "`per_year = 0` every one of them is a meeting. `FREQ` is `DAILY`, `WEEKLY`, "
            "`MONTHLY` or `YEARLY`; no `BYHOUR`, `BYMINUTE`, `BYSECOND` or `DTSTART`; "
            "`INTERVAL` 1–366; `UNTIL` (also in UTC, `…Z`) or `COUNT`, not both",
            read_rrule,
            TEXT,
        ),
        count(
            "every_years",
            "meet every n-th year only (`2`: vartannat år); 1–100",
            least=1,
            most=MAX_EVERY_YEARS,
            default=1,
        ),
        count(
            "first_year",
            "with `every_years`: a year the body meets in, 1900–9000",
            least=YEARS[0],
            most=YEARS[1],
            default=None,
            shown="—",
        ),
        Key(
            "prepares",
            "another body whose meetings this one prepares, one meeting each",
            _prepares,
            TEXT,
        ),
        Key(
            "lead_days",
            "with `prepares`: `[least, most]` days before, 0–366; the day nearest the middle wins",
            read_lead_days,
            {
                "type": "array",
                "items": {"type": "integer", "minimum": 0, "maximum": MAX_GAP_DAYS},
                "minItems": 2,
                "maxItems": 2,
            },
            shown="—",
        ),
        Key(
            "dates",
            "table `YEAR = [dates]` of published dates (below)",
            _dates,
            mapping(array(ENTRY_SCHEMA), names=r"^\d{4}$"),
            default={},
        ),
        Key(
            "overrides",
            "array of one meeting's exceptions (below)",
            _overrides,
            array(OVERRIDE),
            default=(),
        ),
        day(
            "from",
            'the first day the body may meet (`"2014-08-01"`): the rules plan nothing before '
            "it; a published date before it is listed by `samverkan check`",
            shown="always",
        ),
        day(
            "until",
            "the last day the body may meet, inclusive, not before `from`: the rules plan "
            "nothing after it",
            shown="always",
        ),
        Key(
            "drop_breaks",
            "names of the cooperation's `breaks` this body meets in all the same",
            _names,
            {"type": "array", "items": TEXT, "uniqueItems": True},
            default=(),
        ),
        # Absent is neither true nor false: the cooperation's choice holds.
        replace(
            flag(
                "avoid_half_days",
                "`true`: leave out half days and klämdagar too (skärtorsdag, valborgsmässoafton "
                "…); `false`: meet on them although the cooperation avoids them",
                shown="the cooperation's",
            ),
            default=None,
        ),
        Key(
            "shares_day_with",
            "bodies whose meetings may fall on the same day as this one's, as one occasion (a "
            "nyckeltalsdag at a committee meeting); `samverkan check` does not report the same "
            "people expected at both",
            _bodies,
            {"type": "array", "items": TEXT, "uniqueItems": True},
            default=(),
        ),
        link_key("url", "the body's web page, `https://…`, on every meeting (RFC 7986 `URL`)"),
        link_key(
            "conference",
            "the online-meeting link of every meeting (`CONFERENCE`, also written in the "
            "description)",
        ),
        text("description", "free text at the top of every meeting's description"),
        _template(
            "agenda",
            "the agenda's link; `{date}` stands for the meeting's day, "
            "`https://x.se/dagordning/{date}.pdf`",
        ),
        _template("minutes", "the minutes' link, with `{date}` like `agenda`"),
        Key(
            "reminders",
            'alarms before each meeting, ISO 8601 durations: `["P1D", "PT1H"]` (Google and '
            "Apple ignore alarms in subscribed calendars)",
            _reminders,
            {"type": "array", "items": {"type": "string", "pattern": "^P"}},
            default=(),
        ),
    )
)
"""`[bodies.NAME]`."""


def _rules(reader: Reader, v: Mapping[str, Any], path: Path) -> Rules:
    if v["prepares"] is not None and v["lead_days"] is None:
        read_lead_days(reader, None, (*path, "lead_days"), Context())
    if v["prepares"] is None and v["lead_days"] is not None:
        raise reader.fail((*path, "lead_days"), "lead_days goes with prepares")
    if v["every_years"] > 1 and v["first_year"] is None:
        raise reader.fail(
            (*path, "every_years"), "every_years needs first_year, a year the body meets in"
        )
    return Rules(
        weekday=v["weekday"],
        time=v["time"],
        days=v["days"],
        per_year=v["per_year"],
        season=v["season"],
        breaks=v["breaks"],
        min_gap_days=v["min_gap_days"],
        rrule=v["rrule"],
        every_years=v["every_years"],
        first_year=v["first_year"],
        prepares=v["prepares"],
        lead_days=v["lead_days"] or (0, 0),
    )


def parse_body(
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
    context = Context(members=members, rotations=rotations, bodies=body_keys, key=key)
    if isinstance(raw, dict) and "duration" in raw:  # a start-only time lasts the duration
        duration = _duration(reader, raw["duration"], (*path, "duration"), context)
        context = replace(context, duration=duration)
    v = BODY.read(reader, raw, path, context)
    if isinstance(raw, dict) and start_only(raw.get("time")):
        v = {**v, "description": with_open_end(v["description"])}
    # Joint hosts: at most the members that can host (of the host rotation).
    pool = len(rotations[v["host"]].members) if v["host"] is not None else len(members)
    hosts = whole(reader, v["hosts"], (*path, "hosts"), least=1, most=max(1, pool))
    if v["from"] is not None and v["until"] is not None and v["until"] < v["from"]:
        raise reader.fail((*path, "until"), f"until {v['until']} is before from {v['from']}")
    if v["host_not_chair"] and v["host_is_chair"]:
        raise reader.fail(
            (*path, "host_is_chair"), "host_not_chair and host_is_chair exclude each other"
        )
    return Body(
        key=key,
        name=v["name"] or reader.text(key, (*path, "name")),
        rules=_rules(reader, v, path),
        dates=v["dates"],
        kind=v["kind"],
        chair=v["chair"],
        host=v["host"],
        hosts_per_meeting=hosts,
        host_not_chair=v["host_not_chair"],
        host_is_chair=v["host_is_chair"],
        attendees=v["attendees"],
        overrides=v["overrides"],
        details=Details(**{k: v[k] for k in DETAILS}),
        active_from=v["from"],
        active_until=v["until"],
        drop_breaks=v["drop_breaks"],
        half_days=v["avoid_half_days"],
        shares_day_with=v["shares_day_with"],
        origin=Origin(reader.file, path, reader.locator),
    )


DETAILS = ("location", "url", "conference", "description", "agenda", "minutes", "reminders")
"""The body's keys that make every meeting's `Details`."""
