"""An RRULE's text checked against RFC 5545 §3.3.10 before anything expands it.

icalendar keeps the last of a repeated part (``FREQ=DAILY;FREQ=WEEKLY``) and
reads ``RRULE:garbage`` as an empty rule; dateutil loops on ``INTERVAL=0``
and fails with an IndexError on ``BYDAY=9TH``. So the reader checks the text
as written, part by part, and says which part is wrong and what would be
valid; only a rule that passes is given to recurring-ical-events.
"""

from __future__ import annotations

import re

FREQS = ("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
LONGEST_INTERVAL = 1000
"""The largest INTERVAL read (a series every thousand years is a mistake)."""
LONGEST_TEXT = 1000
"""The longest RRULE value read, in characters."""
_NUMBER = re.compile(r"[+-]?\d{1,4}")
_WEEKDAY = re.compile(r"([+-]?)(\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")
_UNTIL = re.compile(r"\d{8}(T\d{6}Z?)?")
# Each BY part: the lowest and highest absolute value, and whether it may be negative.
_RANGES = {
    "BYSECOND": (0, 60, False),
    "BYMINUTE": (0, 59, False),
    "BYHOUR": (0, 23, False),
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYMONTH": (1, 12, False),
    "BYSETPOS": (1, 366, True),
}
_SET_SIZE = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 31, "YEARLY": 366}
_PARTS = ("FREQ", "UNTIL", "COUNT", "INTERVAL", "BYDAY", "WKST", *_RANGES)


def rule_problem(text: str) -> str | None:  # noqa: PLR0911 - one return per check
    """What is wrong with an RRULE value (the text after ``RRULE:``), or None.

    The message names the part and says what would be valid.
    """
    if len(text) > LONGEST_TEXT:
        return f"RRULE is {len(text)} characters long; at most {LONGEST_TEXT} are read"
    parts: dict[str, str] = {}
    for piece in text.strip().split(";"):
        name, sign, value = piece.partition("=")
        name = name.strip().upper()
        if not sign or not name:
            return f"RRULE part {piece[:40]!r} is not NAME=VALUE (e.g. FREQ=WEEKLY)"
        if name not in _PARTS:
            return f"RRULE part {name[:40]!r} is unknown; RFC 5545 names {', '.join(_PARTS)}"
        if name in parts:
            return f"RRULE gives {name} more than once"
        parts[name] = value.strip().upper()
    if "FREQ" not in parts:
        return "RRULE has no FREQ; give one of " + ", ".join(FREQS)
    if parts["FREQ"] not in FREQS:
        return f"RRULE FREQ={parts['FREQ'][:20]} is not one of {', '.join(FREQS)}"
    if "COUNT" in parts and "UNTIL" in parts:
        return "RRULE gives both COUNT and UNTIL; RFC 5545 allows one of them"
    for name, value in parts.items():
        problem = _part_problem(name, value, parts["FREQ"], parts)
        if problem:
            return problem
    return _setpos_problem(parts) or _month_day_problem(parts)


_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_day_problem(parts: dict[str, str]) -> str | None:
    """BYMONTHDAY that no month of BYMONTH has (BYMONTH=2;BYMONTHDAY=30) never matches.

    dateutil searches such a rule up to the year 9999 (twenty seconds and more
    for each window read), so it is refused; other rules that never match
    (INTERVAL=4 with 29 February from an odd year) are not found here.
    """
    if "BYMONTH" not in parts or "BYMONTHDAY" not in parts:
        return None
    months = [int(m) for m in parts["BYMONTH"].split(",")]
    days = [int(d) for d in parts["BYMONTHDAY"].split(",")]
    if any(abs(d) <= _MONTH_DAYS[m - 1] for m in months for d in days):
        return None
    return (
        f"RRULE BYMONTH={parts['BYMONTH'][:20]};BYMONTHDAY={parts['BYMONTHDAY'][:20]} never "
        "matches: no month given has such a day"
    )


def _setpos_problem(parts: dict[str, str]) -> str | None:
    """BYSETPOS picks from the set each period makes: it needs one, and a place in it.

    A rule that can never match is searched by dateutil up to the year 9999.
    """
    if "BYSETPOS" not in parts:
        return None
    if not any(name.startswith("BY") and name != "BYSETPOS" for name in parts):
        return "RRULE BYSETPOS needs another BY part (e.g. BYDAY=MO,TU;BYSETPOS=-1)"
    most = _SET_SIZE.get(parts["FREQ"], 1)
    for item in parts["BYSETPOS"].split(","):
        if abs(int(item)) > most:
            return (
                f"RRULE BYSETPOS={parts['BYSETPOS'][:20]}: {item} is past the {most} day(s) a "
                f"FREQ={parts['FREQ']} period holds; give ±1–{most}"
            )
    return None


def _part_problem(name: str, value: str, freq: str, parts: dict[str, str]) -> str | None:
    if name == "FREQ":
        return None
    if name in ("COUNT", "INTERVAL"):
        return _count_problem(name, value)
    if name == "UNTIL":
        good = _UNTIL.fullmatch(value)
        return None if good else f"RRULE UNTIL={value[:20]} is not a date (20251231) or a date-time"
    if name == "WKST":
        return None if value in DAYS else f"RRULE WKST={value[:20]} is not one of {', '.join(DAYS)}"
    if name == "BYDAY":
        return _byday_problem(value, freq, "BYWEEKNO" in parts, "BYMONTH" in parts)
    return _numbers_problem(name, value)


def _count_problem(name: str, value: str) -> str | None:
    """COUNT or INTERVAL: a whole number from 1, INTERVAL at most LONGEST_INTERVAL."""
    if not value.isdigit() or len(value) > 6 or int(value) < 1:
        return f"RRULE {name}={value[:20]} is not a whole number of at least 1"
    if name == "INTERVAL" and int(value) > LONGEST_INTERVAL:
        return f"RRULE INTERVAL={value} is over {LONGEST_INTERVAL}"
    return None


def _numbers_problem(name: str, value: str) -> str | None:
    """A BY-list of numbers (BYMONTH, BYMONTHDAY …): each within its part's range."""
    low, high, negative = _RANGES[name]
    for item in value.split(","):
        if not _NUMBER.fullmatch(item):
            return f"RRULE {name}={value[:20]}: {item[:10]!r} is not a number"
        number = int(item)
        if (number < 0 and not negative) or not low <= abs(number) <= high:
            sign = "±" if negative else ""
            return f"RRULE {name}={value[:20]}: {number} is out of range; give {sign}{low}–{high}"
    return None


def _byday_problem(value: str, freq: str, weekno: bool, month: bool) -> str | None:
    for item in value.split(","):
        found = _WEEKDAY.fullmatch(item)
        if not found:
            return (
                f"RRULE BYDAY={value[:20]}: {item[:10]!r} is not a weekday such as MO, 1MO or -1FR"
            )
        if found.group(2) is None:
            continue
        number = int(found.group(2))
        if freq == "MONTHLY" or (freq == "YEARLY" and month and not weekno):
            highest = 5  # a numbered weekday of the month
        elif freq == "YEARLY" and not weekno:
            highest = 53
        else:
            return (
                f"RRULE BYDAY={value[:20]}: a numbered weekday ({item}) needs FREQ=MONTHLY "
                "or YEARLY (without BYWEEKNO)"
            )
        if not 1 <= number <= highest:
            return (
                f"RRULE BYDAY={value[:20]}: {item} asks for weekday number {number}; "
                f"with FREQ={freq} give 1–{highest} (or -1 to -{highest})"
            )
    return None
