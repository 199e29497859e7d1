"""Reading a previous feed back: what it means when it cannot be, with and without --force."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Mapping
from typing import TypeVar

from calendars._errors import CalendarError

T = TypeVar("T")

# What reading a hand-edited previous feed back can raise: icalendar's parser
# raises these for bad values (SEQUENCE:abc, an event without UID, bytes that
# are not UTF-8). Not TypeError or AttributeError: where icalendar raises those
# for a value of the wrong kind, calendars._formats.previous says so as a
# CalendarError; anywhere else they are a bug of ours, and a bug must not
# become "the previous feed cannot be read", which --force would pass over by
# starting its SEQUENCE again.
_UNREADABLE = (CalendarError, ValueError, KeyError, IndexError)
FORCE_HINT = (
    "repair or remove it, or run again with --force to publish its meetings as new "
    "(their SEQUENCE starts again at 0)"
)


def bad_previous(name: str, reason: str) -> CalendarError:
    """The error for the previous feed `name`, which cannot be read back for `reason`.

    A reason that starts with ``line N:`` names the line as ``name:N:``.
    """
    found = re.match(r"line (\d+): (.*)", reason, re.S)
    if found:
        msg = f"{name}:{found[1]}: the previous feed cannot be read back: {found[2]}"
    else:
        msg = f"the previous feed {name} cannot be read back: {reason}"
    return CalendarError(f"{msg}; {FORCE_HINT}")


def _reason(exc: Exception, name: str) -> str:
    """What is wrong, without the file name that the message around it gives."""
    return (str(exc) or type(exc).__name__).removeprefix(f"{name}: ")


def read_back(
    name: str,
    previous: Mapping[str, bytes],
    use: Callable[[bytes | None], T],
    *,
    force: bool,
    warn: Callable[[str], None],
) -> T:
    """`use` applied to the previous feed `name`; without it, if it cannot be read and `force`."""
    try:
        return use(previous.get(name))
    except _UNREADABLE as exc:
        if name not in previous:
            raise
        if not force:
            raise bad_previous(name, _reason(exc, name)) from None
        warn(
            f"the previous feed {name} cannot be read back ({_reason(exc, name)}); "
            "its meetings go out as new"
        )
        return use(None)


def warn(message: str) -> None:
    """The default `warn` of an export: a `UserWarning` (stack level of the export's caller)."""
    warnings.warn(message, UserWarning, stacklevel=3)
