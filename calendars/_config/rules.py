"""How a body's meeting days are found: weekday, season, breaks, RRULE, preparation lead."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from calendars._config.keys import Context, Key, Table, count, text
from calendars._config.toml import Path, Reader
from calendars._errors import CalendarError, ConfigError
from calendars._model.days import EASTER_DAYS, Break, weekday

_MD = re.compile(r"(\d{2})-(\d{2})")
MONTH_DAY: dict[str, Any] = {"type": "string", "pattern": r"^\d{2}-\d{2}$"}


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


_RRULE_EXAMPLE = "e.g. FREQ=MONTHLY;BYDAY=1TH"


def read_rrule(reader: Reader, value: object, path: Path, _: Context) -> str:
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
    _check_rrule_parts(reader, parts, path)
    # RFC 5545 §3.3.10: UNTIL may be UTC ("Z"); candidates are days, so the day is what counts.
    text = re.sub(r"(UNTIL=\d{8}(?:T\d{6})?)Z", r"\1", text, flags=re.IGNORECASE)
    try:
        rrulestr(text, dtstart=datetime(2000, 1, 1), ignoretz=True)
    except (ValueError, TypeError, OverflowError) as exc:
        raise reader.fail(
            path, f"not a valid RRULE: {exc}", "e.g. FREQ=MONTHLY;BYDAY=1TH"
        ) from None
    return text


def _check_rrule_parts(reader: Reader, parts: Mapping[str, str], path: Path) -> None:
    """The rule's parts give days: a daily or longer FREQ, no hours, a sane INTERVAL."""
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


def _break(reader: Reader, raw: object, path: Path, number: int) -> Break:
    b = BREAK.read(reader, raw, path)
    name = b["name"] or reader.text(f"break {number + 1}", (*path, "name"))
    ranged = b["from"] is not None or b["to"] is not None
    weekly = b["week"] is not None or bool(b["weeks"])
    try:
        if sum((ranged, weekly, b["easter"] is not None)) > 1:
            raise reader.fail(path, "give from and to, week (and weeks), or easter; one of them")
        if b["easter"] is not None:
            return Break(name, easter=b["easter"])
        if weekly:
            return Break(name, week=b["week"], weeks=b["weeks"])
        if b["from"] is None or b["to"] is None:
            raise reader.fail(path, "a break needs from and to (MM-DD), week, or easter")
        return Break(name, first=b["from"], last=b["to"])
    except ConfigError:
        raise  # already names its file, line and key
    except CalendarError as exc:
        raise reader.fail(path, str(exc)) from None


def read_breaks(reader: Reader, value: object, path: Path, _: Context) -> tuple[Break, ...]:
    return tuple(
        _break(reader, raw, (*path, i), i) for i, raw in enumerate(reader.array(value, path))
    )


def _weeks(reader: Reader, value: object, path: Path, _: Context) -> tuple[tuple[int, int], ...]:
    found = []
    for year, week in reader.table(value, path).items():
        if (
            not year.isdigit()
            or not YEARS[0] <= int(year) <= YEARS[1]
            or isinstance(week, bool)
            or not isinstance(week, int)
        ):
            raise reader.fail((*path, year), "weeks maps a year to an ISO week", "{ 2027 = 9 }")
        found.append((int(year), week))
    return tuple(found)


def _easter(reader: Reader, pair: object, path: Path, _: Context) -> tuple[int, int]:
    if not (
        isinstance(pair, list)
        and len(pair) == 2
        and all(isinstance(n, int) and not isinstance(n, bool) for n in pair)
    ):
        raise reader.fail(path, "easter is two days counted from Easter Sunday", "[-3, 1]")
    return pair[0], pair[1]


def _month_day_key(reader: Reader, value: object, path: Path, _: Context) -> tuple[int, int]:
    return _month_day(reader, value, path)


def read_season(
    reader: Reader, pair: object, path: Path, _: Context
) -> tuple[tuple[int, int], tuple[int, int]]:
    if not isinstance(pair, list) or len(pair) != 2:
        raise reader.fail(path, "the season is two month-days", '["01-15", "12-15"]')
    season = (_month_day(reader, pair[0], path), _month_day(reader, pair[1], path))
    if season[1] < season[0]:
        raise reader.fail(path, "the season ends before it starts")
    return season


def read_lead_days(reader: Reader, pair: object, path: Path, _: Context) -> tuple[int, int]:
    if not (
        isinstance(pair, list)
        and len(pair) == 2
        and all(isinstance(n, int) and not isinstance(n, bool) for n in pair)
        and 0 <= pair[0] <= pair[1] <= MAX_GAP_DAYS
    ):
        raise reader.fail(
            path,
            f"a preparing body needs lead_days = [least, most], from 0 to {MAX_GAP_DAYS}",
            "e.g. [13, 27]",
        )
    return pair[0], pair[1]


def read_weekday(reader: Reader, value: object, path: Path, _: Context) -> int:
    try:
        return weekday(reader.text(value, path))
    except ConfigError:
        raise  # already names its file, line and key
    except CalendarError as exc:
        raise reader.fail(path, str(exc)) from None


BREAK = Table(
    (
        text("name", "what people call it: `sommaruppehåll`, `jul`, `sportlov`", shown="`break N`"),
        Key("from", "first day, `MM-DD`", _month_day_key, MONTH_DAY, shown="—"),
        Key(
            "to",
            "last day, `MM-DD`, inclusive; before `from` wraps over New Year",
            _month_day_key,
            MONTH_DAY,
            shown="—",
        ),
        count(
            "week",
            "an ISO week number, 1–53, instead of `from`/`to` (sportlov: week 7, 8, 9 or 10 by "
            "county)",
            least=1,
            most=53,
            default=None,
            shown="—",
        ),
        Key(
            "weeks",
            "ISO weeks by (ISO) year for years whose week differs from `week`: `{ 2027 = 9 }`; "
            "without `week` only the years listed have the break",
            _weeks,
            {
                "type": "object",
                "propertyNames": {"pattern": r"^\d{4}$"},
                "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 53},
            },
            default=(),
        ),
        Key(
            "easter",
            "`[first, last]` days counted from Easter Sunday (dateutil's Easter), −60 to 60, "
            "instead of `from`/`to`: `[-3, 1]` is skärtorsdag to annandag påsk, `[1, 7]` the "
            "week after Easter",
            _easter,
            {
                "type": "array",
                "items": {"type": "integer", "minimum": EASTER_DAYS[0], "maximum": EASTER_DAYS[1]},
                "minItems": 2,
                "maxItems": 2,
            },
            shown="—",
        ),
    )
)
"""`breaks = [...]` of a body, or of the whole cooperation."""
