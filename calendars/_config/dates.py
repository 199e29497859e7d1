"""Published dates and one meeting's overrides of a body, and their detail keys."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

from calendars._config.keys import (
    LINK,
    TEXT,
    Context,
    Key,
    Table,
    choice,
    count,
    day,
    flag,
    member,
    members,
    text,
)
from calendars._config.toml import Path, Reader
from calendars._model.body import Entry, MeetingOverride
from calendars._model.details import Details
from calendars._model.meeting import Status
from calendars._model.origin import Origin
from calendars._words import END_NOT_STATED

_TIME = re.compile(r"(\d{1,2})[:.](\d{2})\s*[-–]\s*(\d{1,2})[:.](\d{2})")
_START = re.compile(r"(\d{1,2})[:.](\d{2})")
TIME_WINDOW: dict[str, Any] = {
    "type": "string",
    "pattern": r"^\d{1,2}[:.]\d{2}(\s*[-–]\s*\d{1,2}[:.]\d{2})?$",
}


def start_only(value: object) -> bool:
    """Whether a time is written as a start without an end ("13:15")."""
    return isinstance(value, str) and _START.fullmatch(value.strip()) is not None


def with_open_end(description: str | None) -> str:
    """A description that says the end time is not stated."""
    return f"{description}\n\n{END_NOT_STATED}" if description else END_NOT_STATED


def time_window(
    reader: Reader, value: object, path: Path, context: Context | None = None
) -> tuple[time, time]:
    """A local time window, "12:00-15:00" or "12.00-15.00", start before end; or a start only.

    A start only, "13:15", lasts the body's duration (two hours unless it says otherwise).
    """
    text_ = reader.text(value, path)
    match = _TIME.fullmatch(text_.strip())
    start = _START.fullmatch(text_.strip())
    duration = context.duration if context is not None else timedelta(hours=2)
    try:
        if start:
            first = time(int(start[1]), int(start[2]))
            stop = datetime.combine(date(2000, 1, 1), first) + duration
            return first, stop.time() if stop.day == 1 else time(23, 59)
        if match:
            first = time(int(match[1]), int(match[2]))
            last = time(int(match[3]), int(match[4]))
            if first < last:
                return first, last
    except ValueError:
        pass
    raise reader.fail(
        path, f"{text_!r} is not a time window", 'write "12:00-15:00", start before end'
    )


def link(reader: Reader, value: object, path: Path, *, template: bool = False) -> str:
    """An http(s) address; with `template`, "{date}" may stand for the meeting's day."""
    text_ = reader.text(value, path)
    try:
        filled = text_.format(date="2017-01-01") if template else text_
    except (KeyError, IndexError, ValueError):
        raise reader.fail(
            path, f"{text_!r} has a placeholder other than {{date}}", "write {date} or no braces"
        ) from None
    parts = urlsplit(filled)
    if parts.scheme not in ("https", "http") or not parts.netloc or any(c.isspace() for c in text_):
        raise reader.fail(path, f"{text_!r} is not a web address", "write https://… (no spaces)")
    return text_


def link_key(name: str, doc: str, *, template: bool = False, shown: str = "") -> Key:
    """A web address (`template`: "{date}" stands for the meeting's day)."""

    def read(reader: Reader, value: object, path: Path, _: Context) -> str:
        return link(reader, value, path, template=template)

    return Key(name, doc, read, LINK, shown=shown)


def detail_keys(shown: str) -> tuple[Key, ...]:
    """One meeting's own details, on a date entry or an override (`shown`: when absent)."""
    return (
        text("location", "the place of this meeting", shown=shown),
        link_key("url", "this meeting's web page", shown=shown),
        link_key("conference", "this meeting's online-meeting link", shown=shown),
        text("description", "free text for this meeting", shown=shown),
        link_key("agenda", "this meeting's agenda link (no `{date}`)", shown=shown),
        link_key("minutes", "this meeting's minutes link (no `{date}`)", shown=shown),
    )


DETAIL_KEYS = detail_keys("")
"""The names of one meeting's own details (the tables show their defaults)."""


def _when(reader: Reader, value: object, path: Path, _: Context) -> tuple[date, date | None, bool]:
    """The first day, the last (of "A/B") and whether only the month is known ("YYYY-MM")."""
    path = path[:-1]  # a date alone in the list has no key of its own: name the entry
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        try:
            return date(int(value[:4]), int(value[5:]), 1), None, True
        except ValueError:
            raise reader.fail(path, f"{value!r} is not a month", 'write "YYYY-MM"') from None
    if isinstance(value, str) and "/" in value:
        a, b = value.split("/", 1)
        return reader.day(a, path), reader.day(b, path), False
    return reader.day(value, path), None, False


def _entry_id(reader: Reader, value: object, path: Path, _: Context) -> str:
    found = reader.text(value, path)
    if not re.fullmatch(r"[A-Za-z0-9._-]+", found):
        raise reader.fail(path, f"{found!r} is not a valid id", "use letters, digits, . _ -")
    return found


def _uid(reader: Reader, value: object, path: Path, _: Context) -> str:
    found = reader.text(value, path)
    if any(c.isspace() or not c.isprintable() for c in found):
        raise reader.fail(path, f"{found!r} is not a UID", "no spaces or control characters")
    return found


_DAY_OR_MONTH: dict[str, Any] = {
    "type": "string",
    "pattern": r"^\d{4}-\d{2}(-\d{2}(/\d{4}-\d{2}-\d{2})?)?$",
}
DATE = Table(
    (
        Key(
            "date",
            '`"YYYY-MM-DD"`, or `"YYYY-MM"` for a month-only, provisional date',
            _when,
            _DAY_OR_MONTH,
            required=True,
        ),
        day("end", "the last day of a multi-day meeting, inclusive", shown="the same day"),
        text("title", 'added to the body\'s name: `"planeringskonferens"`'),
        choice(
            "status",
            "`confirmed`, `provisional` or `cancelled` (a cancelled meeting takes no host turn "
            "unless the rotation has `count_cancelled = true`)",
            Status,
            default=Status.CONFIRMED,
        ),
        Key(
            "time",
            'a time window for this date only, or its start only (`"09:00"`, lasting the '
            "body's `duration`)",
            time_window,
            TIME_WINDOW,
            shown="the body's",
        ),
        flag("all_day", "all day although the body has a time"),
        Key(
            "id",
            "a stable name for the meeting's UID (letters, digits, `.`, `_`, `-`); unique "
            "within the body",
            _entry_id,
            {"type": "string", "pattern": "^[A-Za-z0-9._-]+$"},
            shown="see below",
        ),
        Key(
            "uid",
            "a whole UID taken over from a calendar someone else publishes (instead of `id`)",
            _uid,
            TEXT,
        ),
        count(
            "sequence",
            "with `uid`: the `SEQUENCE` the taken-over event was published with; our exports go "
            "out above it, so clients that honour `SEQUENCE` take ours (`import-ics --out` "
            "writes it)",
            least=0,
            most=2**31 - 2,
            default=None,
        ),
        member(
            "host",
            "the host the published calendar names; for a per-event rotation the turns go on "
            "after it",
            shown="the rotation's",
        ),
        members(
            "hosts",
            'joint hosts the published calendar names, `["Södertälje", "Nykvarn"]`',
            shown="the rotation's",
        ),
        *detail_keys("the body's"),
    )
)
"""`[bodies.NAME.dates]`: one published date, as a table (a date alone is its `date`)."""
OVERRIDE = Table(
    (
        day(
            "date",
            "the first day of the meeting it changes",
            required=True,
        ),
        member("host", "the host instead of the rotation's", shown="unchanged"),
        members("hosts", "joint hosts instead of the rotation's, a list", shown="unchanged"),
        member("chair", "the chair instead of the rotation's", shown="unchanged"),
        choice(
            "status",
            "`confirmed`, `provisional` or `cancelled` (a cancelled meeting takes no per-event "
            "turn)",
            Status,
            shown="unchanged",
        ),
        *detail_keys("unchanged"),
    )
)
"""`[[bodies.NAME.overrides]]`: one meeting's exception."""
ENTRY_SCHEMA = {"anyOf": [_DAY_OR_MONTH, DATE.json_schema()]}
"""A published date: the date alone, or a table."""


def _details(values: Mapping[str, Any]) -> Details:
    return Details(**{k.name: values[k.name] for k in DETAIL_KEYS})


def _joint_hosts(
    reader: Reader, spec: Mapping[str, Any], values: Mapping[str, Any], path: Path
) -> tuple[str, ...]:
    if "host" in spec and "hosts" in spec:
        raise reader.fail((*path, "hosts"), "give host or hosts, not both")
    return (values["host"],) if values["host"] else values["hosts"] or ()


def entry(reader: Reader, raw: object, path: Path, context: Context) -> Entry:
    """One published date of `context.year`."""
    spec = DATE.check(reader, raw, path) if isinstance(raw, dict) else {"date": raw}
    if "date" not in spec:
        raise reader.fail(path, "a date entry needs a date", 'date = "2017-04-06"')
    values = DATE.values(reader, spec, path, context)
    first, last, month_only = values["date"]
    last = values["end"] or last
    if last is not None and last < first:
        raise reader.fail(path, f"the meeting ends ({last}) before it starts ({first})")
    if first.year != context.year:
        raise reader.fail(
            path, f"{first} is listed under {context.year}", f"list it under {first.year}"
        )
    if "uid" in spec and "id" in spec:
        raise reader.fail((*path, "uid"), "give id or uid, not both")
    if "sequence" in spec and "uid" not in spec:
        raise reader.fail((*path, "sequence"), "sequence goes with uid (a taken-over event)")
    return Entry(
        start=first,
        last=last,
        month_only=month_only,
        title=values["title"],
        status=values["status"],
        time=values["time"],
        all_day=values["all_day"],
        id=values["id"],
        uid=values["uid"],
        sequence=values["sequence"],
        hosts=_joint_hosts(reader, spec, values, path),
        details=_open_end(_details(values)) if start_only(spec.get("time")) else _details(values),
        origin=Origin(reader.file, path, reader.locator),
    )


def _open_end(details: Details) -> Details:
    return replace(details, description=with_open_end(details.description))


def override(reader: Reader, raw: object, path: Path, context: Context) -> MeetingOverride:
    """One `[[bodies.NAME.overrides]]` table."""
    spec = OVERRIDE.check(reader, raw, path)
    if "date" not in spec:
        raise reader.fail(
            path, "an override needs the date of the meeting it changes", 'date = "2017-10-26"'
        )
    if len(spec) == 1:
        raise reader.fail(
            path,
            "the override changes nothing",
            f"give one of: {', '.join(list(OVERRIDE.docs())[1:])}",
        )
    values = OVERRIDE.values(reader, spec, path, context)
    return MeetingOverride(
        day=values["date"],
        hosts=_joint_hosts(reader, spec, values, path),
        chair=values["chair"],
        details=_details(values),
        status=values["status"],
        origin=Origin(reader.file, path, reader.locator),
    )
