"""The previous feed, read back: what each published event said, without a full parse.

An export compares every meeting with the feed as last published (SPEC §4:
SEQUENCE rises when a subscriber-visible field changes, DTSTAMP stays when
nothing did). Parsing every previous feed with icalendar cost most of a
re-export; our own feeds have a fixed, simple shape, so a light scan of
the lines reads what the comparison needs. A feed that is not ours (another
PRODID), or a line the scan does not understand, goes to icalendar instead:
the scan never guesses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from types import MappingProxyType
from zoneinfo import ZoneInfo

from calendars._errors import CalendarError

OUR_PRODID = b"\r\nPRODID:-//samverkan//samverkan feeds//SV\r\n"
_NAME = re.compile(r"[A-Za-z0-9-]+")


@dataclass(frozen=True, slots=True)
class PreviousEvent:
    """One event of a previous feed, as the comparison with a new export needs it."""

    uid: str
    """Its UID."""
    sequence: int
    """Its SEQUENCE (0 when absent)."""
    stamp: datetime
    """Its DTSTAMP, in UTC."""
    start: date
    """The first day of DTSTART."""
    timed: bool
    """DTSTART is a date-time (the feed then needs a VTIMEZONE)."""
    body: str | None
    """X-SAMVERKAN-BODY: the body it was planned for, if ours."""
    removed: datetime | None
    """X-SAMVERKAN-REMOVED: when it left the plan and went out cancelled."""
    created: datetime | None = None
    """CREATED, in UTC, if present."""
    last_modified: datetime | None = None
    """LAST-MODIFIED, in UTC, if present."""
    values: Mapping[str, str] = field(default_factory=dict)
    """Each property's value as written (unfolded, still escaped), first occurrence."""
    block: bytes = b""
    """The whole VEVENT as written, for the rare case that needs a real parse."""
    lines: tuple[tuple[str, str, str], ...] = ()
    """Every property line: (NAME, parameters, value as written, still escaped)."""

    def __post_init__(self) -> None:
        values = self.values
        object.__setattr__(
            self, "values", MappingProxyType(values if type(values) is dict else dict(values))
        )

    def signature(self, names: Sequence[str]) -> tuple[bytes, ...]:
        """The values of `names`, as icalendar's `to_ical()` of each property gives them."""
        return tuple(self.values.get(name, "").encode("utf-8") for name in names)

    def texts(self, name: str) -> tuple[str, ...]:
        """Every TEXT value of property `name`, unescaped."""
        return tuple(_unescape(v) for n, _, v in self.lines if n == name)

    def text(self, name: str, default: str = "") -> str:
        """The first TEXT value of property `name`, unescaped."""
        found = self.texts(name)
        return found[0] if found else default

    def moment(self, name: str) -> date | datetime | None:
        """A DATE or DATE-TIME property as a date, or a zone-aware datetime."""
        for n, params, value in self.lines:
            if n != name:
                continue
            day = date(int(value[:4]), int(value[4:6]), int(value[6:8]))
            if "T" not in value:
                return day
            at = datetime(
                day.year, day.month, day.day, int(value[9:11]), int(value[11:13]), int(value[13:15])
            )
            if value.endswith("Z"):
                return at.replace(tzinfo=UTC)
            zone = re.search(r";TZID=([^;:]+)", params)
            return at.replace(tzinfo=ZoneInfo(zone[1])) if zone else at
        return None


def _unescape(value: str) -> str:
    """RFC 5545 §3.3.11: a TEXT value as written, unescaped."""
    if "\\" not in value:
        return value
    out, i = [], 0
    while i < len(value):
        c = value[i]
        if c == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


class ScanMemo:
    """What one export has read of its previous feeds: each event once, each file once."""

    def __init__(self) -> None:
        self.events: dict[bytes, PreviousEvent] = {}
        self.files: dict[bytes, dict[str, PreviousEvent] | None] = {}


class NotScannedError(Exception):
    """A line the scan does not read: the caller parses the file with icalendar."""


def _value(line: str) -> tuple[str, str, str]:
    """(NAME, parameters, value) of an unfolded content line; quotes may hold ':' and ';'."""
    if '"' not in line:
        # Without quotes the first ':' ends the name and parameters.
        head, colon, value = line.partition(":")
        name_, _, param = head.partition(";")
        if colon and _NAME.fullmatch(name_):
            return name_.upper(), (";" + param if param else ""), value
        raise NotScannedError(line)
    name = _NAME.match(line)
    if name is None:
        raise NotScannedError(line)
    i, quoted = name.end(), False
    while i < len(line):
        c = line[i]
        if c == '"':
            quoted = not quoted
        elif c == ":" and not quoted:
            return name.group().upper(), line[name.end() : i], line[i + 1 :]
        i += 1
    raise NotScannedError(line)


def real_moment(text: str) -> bool:
    """Whether a DATE or DATE-TIME of the right shape names a real day and time."""
    try:
        date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return False
    return "T" not in text or (
        int(text[9:11]) < 24 and int(text[11:13]) < 60 and int(text[13:15]) < 61
    )


def _utc(text: str) -> datetime:
    if (
        len(text) != 16
        or text[8] != "T"
        or text[15] != "Z"
        or not (text[:8] + text[9:15]).isdigit()
    ):
        raise NotScannedError(text)
    try:
        return datetime(
            int(text[:4]), int(text[4:6]), int(text[6:8]),
            int(text[9:11]), int(text[11:13]), int(text[13:15]), tzinfo=UTC,
        )  # fmt: skip
    except ValueError:
        raise NotScannedError(text) from None


def _event(block: bytes) -> PreviousEvent:
    text = block.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
    every = _properties(text.split("\r\n")[1:-2])  # between BEGIN:VEVENT and END:VEVENT
    values: dict[str, str] = {}
    for name, _, value in every:
        values.setdefault(name, value)
    if "UID" not in values or "DTSTART" not in values or "DTSTAMP" not in values:
        raise NotScannedError("incomplete event")
    start_text = values["DTSTART"]
    start = _start(start_text, values.get("DTEND", start_text))
    sequence = _sequence(values.get("SEQUENCE", "0"))
    return PreviousEvent(
        uid=values["UID"],
        sequence=sequence,
        stamp=_utc(values["DTSTAMP"]),
        start=start,
        timed="T" in start_text,
        body=values.get("X-SAMVERKAN-BODY"),
        removed=_utc(values["X-SAMVERKAN-REMOVED"]) if "X-SAMVERKAN-REMOVED" in values else None,
        created=_utc(values["CREATED"]) if "CREATED" in values else None,
        last_modified=_utc(values["LAST-MODIFIED"]) if "LAST-MODIFIED" in values else None,
        values=values,
        block=block,
        lines=tuple(every),
    )


def _properties(lines: list[str]) -> list[tuple[str, str, str]]:
    """An event's lines as (name, parameters, value), its alarms' lines left out."""
    every: list[tuple[str, str, str]] = []
    inside: str | None = None  # a subcomponent (VALARM): its lines are not the event's
    for line in lines:
        if inside is not None:
            if line == f"END:{inside}":
                inside = None
            continue
        if line.startswith("BEGIN:"):
            if line != "BEGIN:VALARM":
                raise NotScannedError(line)  # another subcomponent: let icalendar read it
            inside = "VALARM"
            continue
        every.append(_value(line))
    if inside is not None:
        raise NotScannedError("incomplete event")
    return every


def _start(start_text: str, end_text: str) -> date:
    """The first day of an event whose start and end are dates or (UTC) date-times we write."""
    for text in (start_text, end_text):
        if not re.fullmatch(r"\d{8}(T\d{6}Z?)?", text) or not real_moment(text):
            raise NotScannedError(text)
    try:
        return date(int(start_text[:4]), int(start_text[4:6]), int(start_text[6:8]))
    except ValueError as exc:
        raise NotScannedError(str(exc)) from None


def _sequence(text: str) -> int:
    # 0 to 999,999,999, as the full line check allows: a SEQUENCE of 20 digits
    # or a negative one is not ours, and is never republished.
    if not re.fullmatch(r"\d{1,9}", text):
        raise NotScannedError(f"SEQUENCE:{text[:30]}")
    return int(text)


def _blocks(data: bytes) -> list[bytes]:
    """Each VEVENT of a feed as written, BEGIN to END (a split is faster than a regex)."""
    found = []
    for chunk in data.split(b"BEGIN:VEVENT\r\n")[1:]:
        end = chunk.find(b"END:VEVENT\r\n")
        if end < 0:
            break  # an unclosed event: the count below refuses the file
        found.append(b"BEGIN:VEVENT\r\n" + chunk[: end + 12])
    return found


def scan_event(block: bytes) -> PreviousEvent:
    """One VEVENT block read by the scan.

    Raises:
        NotScannedError: for a line the scan does not read (icalendar reads it).
        UnicodeDecodeError: for bytes that are not UTF-8.

    """
    return _event(block)


def scan(
    data: bytes, *, source: str, memo: ScanMemo | None = None
) -> dict[str, PreviousEvent] | None:
    """The events of a feed we wrote, by UID; ``None`` if the scan cannot vouch for it.

    ``None`` means: not one of our feeds, or a line it does not read; the
    caller then parses the file with icalendar, which decides. `memo`, kept
    for one export, reads an event that several feeds hold only once.

    Raises:
        CalendarError: for a feed of ours that is not UTF-8, naming it.

    """
    if memo is not None and data in memo.files:
        return memo.files[data]
    found = _scan(data, source=source, memo=memo)
    if memo is not None:
        memo.files[data] = found
    return found


def _scan(data: bytes, *, source: str, memo: ScanMemo | None) -> dict[str, PreviousEvent] | None:
    if OUR_PRODID not in data[:400] or not data.startswith(b"BEGIN:VCALENDAR\r\n"):
        return None
    if not data.endswith(b"END:VCALENDAR\r\n"):
        return None
    found: dict[str, PreviousEvent] = {}
    try:
        for block in _blocks(data):
            event = memo.events.get(block) if memo is not None else None
            if event is None:
                event = _event(block)
                if memo is not None:
                    memo.events[block] = event
            if event.uid in found:
                return None  # two events with one UID: icalendar and the caller decide
            found[event.uid] = event
    except NotScannedError:
        return None
    except UnicodeDecodeError as exc:
        msg = f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start})"
        raise CalendarError(msg) from None
    if data.count(b"BEGIN:VEVENT") != len(found):
        return None
    return found
