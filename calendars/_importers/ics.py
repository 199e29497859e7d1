"""Meetings from an iCalendar file (one of ours or anyone's).

Real files come from Outlook, Google, Apple, Thunderbird and Nextcloud:
recurring series with exceptions, floating and UTC times, Windows zone
names, events without UID, tasks and journal entries. Every VEVENT is read
(a series is expanded over the period asked with ``recurring-ical-events``),
every other component is named in a note, and a property that cannot be
read is a `CalendarError` naming the component and its line.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import recurring_ical_events  # type: ignore[import-untyped]
from dateutil.rrule import rrulestr
from icalendar import Calendar, Component, vRecur
from icalendar.parser import Contentline

from calendars._errors import CalendarError
from calendars._importers.documents import decode
from calendars._importers.rrule import rule_problem
from calendars._model.details import Details
from calendars._model.key import DerivedKey, MeetingKey
from calendars._model.meeting import Meeting, Status

DEFAULT_ZONE = "Europe/Stockholm"
YEARS = (1900, 9000)
"""The years an imported meeting may have (those a plan covers)."""
# A series is read this many years past its start when it has no end and no
# --to is given, and never to more than this many occurrences.
_OPEN_YEARS = 2
_MOST = 1000
MOST_IN_FILE = 100_000
"""The most meetings import-ics builds from one file (all series and events together)."""
_LONGEST_YEARS = 100
"""A series is read at most this many years from the start of the period."""
_FIRST_WINDOW = timedelta(days=31)
_WINDOW = timedelta(days=8 * 366)
_SKIPPED = {"VTODO": "tasks", "VJOURNAL": "journal entries", "VFREEBUSY": "free/busy times",
            "VAVAILABILITY": "availability"}  # fmt: skip
# RFC 5545 §3.6.1: these occur at most once in a VEVENT.
_ONCE = ("dtstart", "dtend", "duration", "recurrence-id", "uid", "status", "summary",
         "location", "sequence", "x-samverkan-body", "x-samverkan-title",
         "x-samverkan-precision", "x-samverkan-chair", "x-samverkan-vice-chair")  # fmt: skip
_TOO_OFTEN = {"SECONDLY", "MINUTELY", "HOURLY"}
_STATUS = {"TENTATIVE": Status.PROVISIONAL, "CANCELLED": Status.CANCELLED}


@dataclass(frozen=True, slots=True)
class ImportedEvent:
    """One meeting read from a file, with where it came from."""

    meeting: Meeting
    """The meeting, in local time."""
    line: int
    """The line of its VEVENT (the series' first for an occurrence)."""
    uid: str
    """The UID as written (or derived, when the file has none)."""
    recurring: bool
    """An occurrence of a recurring series: its UID is shared with the others."""
    sequence: int = 0
    """Its SEQUENCE (0 when it has none)."""


@dataclass(frozen=True, slots=True)
class IcsImport:
    """What an iCalendar file holds: the meetings, and what the reader had to say."""

    events: tuple[ImportedEvent, ...]
    """Every VEVENT occurrence in the period, in date order."""
    notes: tuple[str, ...] = ()
    """Warnings: floating times, derived UIDs, skipped components, series cut at the period."""
    zone: str = DEFAULT_ZONE
    """The zone the times are shown in."""

    @property
    def meetings(self) -> list[Meeting]:
        """The meetings alone."""
        return [e.meeting for e in self.events]


def read_meetings(data: bytes, *, source: str) -> list[Meeting]:
    """Meetings from an iCalendar file (one of ours or anyone's); see `read_calendar`.

    Raises:
        CalendarError: for a malformed file or a property that cannot be read,
            naming the file, the component and its line.

    """
    return read_calendar(data, source=source).meetings


def read_calendar(
    data: bytes,
    *,
    source: str,
    start: date | None = None,
    end: date | None = None,
    timezone: str | None = None,
) -> IcsImport:
    """Every meeting an iCalendar file holds, with notes on what was assumed or skipped.

    Args:
        data: the file's bytes.
        source: the file's name, for messages.
        start: the first day of the period recurring series are expanded
            over (default: the file's first DTSTART).
        end: the last day, inclusive (default: each series' own end, or two
            years past its start when it has none; a note says so).
        timezone: the zone of floating times and of the times shown
            (default: the file's X-WR-TIMEZONE, else Europe/Stockholm).

    Raises:
        CalendarError: for a malformed file or a property that cannot be read,
            naming the file, the component and its line.

    """
    # RFC 5545 text is UTF-8; Windows-1252 and UTF-16 files are read too, and said so.
    text, said = decode(data, name=source)
    return _Reader(text.encode("utf-8"), source, start, end, timezone, list(said)).run()


def _calendar(data: bytes, source: str) -> Calendar:
    try:
        found = Calendar.from_ical(data, multiple=True)
    except Exception as exc:
        msg = f"{_at(source, data)}: not a valid iCalendar file: {exc}"
        raise CalendarError(msg) from None
    if len(found) != 1 or found[0].name != "VCALENDAR":
        names = ", ".join(c.name for c in found) or "nothing"
        msg = (
            f"{_at(source, data)}: not a valid iCalendar file: expected one VCALENDAR, "
            f"found {names}"
        )
        raise CalendarError(msg)
    cal: Calendar = found[0]
    return cal


def _at(source: str, data: bytes) -> str:
    """`file:LINE` of the first line that breaks a calendar's shape (`file` if it is empty)."""
    line = _broken_line(data.decode("utf-8", "replace").splitlines())
    return f"{source}:{line}" if line else source


def _broken_line(lines: Sequence[str]) -> int:
    """The first line that cannot be read or is out of place; 0 for no lines at all.

    A line that is no ``NAME[;PARAM]:value``, a property or component outside
    the one VCALENDAR (a second VCALENDAR too), or (when all of that holds) the
    BEGIN that is never ENDed.
    """
    open_at: list[tuple[str, int]] = []
    seen = False
    for number, line in enumerate(lines, start=1):
        if line[:1] in (" ", "\t") or not line.strip():
            continue  # a folded line continues the one before
        try:
            name, _params, value = Contentline(line).parts()  # type: ignore[no-untyped-call]
        except ValueError:
            return number
        name = name.upper()
        if not open_at and (seen or name != "BEGIN" or value.upper() != "VCALENDAR"):
            return number  # a second calendar, or anything outside the first
        seen = True
        if name == "BEGIN":
            open_at.append((value.upper(), number))
        elif name == "END" and open_at:
            open_at.pop()
    return open_at[-1][1] if open_at else min(len(lines), 1)


@dataclass
class _Reader:
    data: bytes
    source: str
    start: date | None
    end: date | None
    timezone: str | None
    notes: list[str] = field(default_factory=list)
    lines: dict[int, int] = field(default_factory=dict)
    text: list[str] = field(default_factory=list)

    def run(self) -> IcsImport:
        cal = _calendar(self.data, self.source)
        self._index(cal)
        zone_name = self._zone_name(cal)
        zone = ZoneInfo(zone_name)
        skipped: dict[str, int] = {}
        for component in cal.walk():
            if component.name in _SKIPPED:
                skipped[component.name] = skipped.get(component.name, 0) + 1
        for name, count in sorted(skipped.items()):
            self.notes.append(f"{count} {name} skipped: {_SKIPPED[name]} are not meetings")
        events = [c for c in cal.subcomponents if c.name == "VEVENT"]
        for i, ev in enumerate(events, start=1):
            self._check(ev, i)
        self._uids(events)
        floating = sum(1 for ev in events if _floating(ev))
        if floating:
            said = "the file's X-WR-TIMEZONE" if cal.get("x-wr-timezone") else "--timezone"
            self.notes.append(
                f"{floating} event(s) have floating times (no time zone); read as {zone_name} "
                f"(change with {said})"
            )
        found: list[ImportedEvent] = []
        for uid, series in _series(events).items():
            found += self._expand(cal, uid, series, zone)
            if len(found) > MOST_IN_FILE:
                what = (
                    f"with {uid} the file holds more than {MOST_IN_FILE:,} meetings, the most "
                    "import-ics reads from one file; give --from and --to for a shorter "
                    "period, or split the file"
                )
                raise CalendarError(self.where(series[0], what))
        found.sort(key=lambda e: (_sort_key(e.meeting.start), e.line, e.uid))
        return IcsImport(tuple(found), tuple(self.notes), zone_name)

    def _index(self, cal: Calendar) -> None:
        """Each component's line: the n-th BEGIN line is the n-th component walked."""
        self.text = self.data.decode("utf-8", "replace").splitlines()
        begins = [
            n for n, line in enumerate(self.text, start=1) if line.upper().startswith("BEGIN:")
        ]
        for component, line in zip(cal.walk(), begins, strict=False):
            self.lines[id(component)] = line

    def where(self, component: Component, what: str, prop: str | None = None) -> str:
        line = self.lines.get(id(component))
        if line is not None and prop is not None:
            for n in range(line, min(len(self.text), line + 500)):
                head = self.text[n].split(":", 1)[0].split(";", 1)[0].upper()
                if head == prop.upper():
                    line = n + 1
                    break
                if head == "END" and self.text[n].upper().startswith("END:VEVENT"):
                    break
        at = f"{self.source}:{line}" if line else self.source
        return f"{at}: {what}"

    def _zone_name(self, cal: Calendar) -> str:
        wanted = self.timezone or str(cal.get("x-wr-timezone", "") or "") or DEFAULT_ZONE
        try:
            ZoneInfo(wanted)
        except (ZoneInfoNotFoundError, ValueError):
            if self.timezone:
                msg = (
                    f"--timezone {wanted!r} is not a time zone; "
                    "write an IANA name such as Europe/Stockholm"
                )
                raise CalendarError(msg) from None
            # Times would be shown in a zone the file did not name: refuse, say the fix.
            what = (
                f"X-WR-TIMEZONE:{wanted[:60]} is not a time zone this system "
                "knows; give --timezone with an IANA name such as Europe/Stockholm"
            )
            msg = self.where(cal, what, "X-WR-TIMEZONE")
            raise CalendarError(msg) from None
        return wanted

    def _check(self, ev: Component, number: int) -> None:
        """Every property a meeting needs must read; a broken one is named with its line."""
        label = f"event {number}" + (f" ({ev['uid']})" if "uid" in ev else "")
        self._check_rules(ev, label)
        self._check_readable(ev, label)
        self._check_zones(ev, label)
        self._check_years(ev, label)
        self._check_duration(ev, label)
        self._check_matches(ev, label)

    def _check_readable(self, ev: Component, label: str) -> None:
        """A DTSTART, each property once that may be given once, every time value decoded."""
        for prop, message in getattr(ev, "errors", []):
            raise CalendarError(self.where(ev, f"{label}: {prop} cannot be read: {message}", prop))
        if "dtstart" not in ev:
            raise CalendarError(self.where(ev, f"{label} has no DTSTART"))
        for prop in _ONCE:
            if isinstance(ev.get(prop), list):
                raise CalendarError(
                    self.where(ev, f"{label}: {prop.upper()} is given more than once", prop)
                )
        for prop in ("dtstart", "dtend", "duration", "recurrence-id", "rrule", "rdate", "exdate"):
            if prop not in ev:
                continue
            try:
                raw: object = ev[prop]
                values: list[object] = list(raw) if isinstance(raw, list) else [raw]
                for value in values:
                    _decoded(value)
            except Exception as exc:
                raise CalendarError(
                    self.where(ev, f"{label}: {prop.upper()} cannot be read: {exc}", prop)
                ) from None

    def _check_zones(self, ev: Component, label: str) -> None:
        """A start or end with a TZID must have been read in that zone, not left floating."""
        for prop in ("dtstart", "dtend"):
            value = ev.get(prop)
            tzid = value.params.get("TZID") if hasattr(value, "params") else None
            decoded = getattr(value, "dt", None)
            if tzid and isinstance(decoded, datetime) and decoded.tzinfo is None:
                raise CalendarError(
                    self.where(
                        ev,
                        f"{label}: {prop.upper()} names the time zone {str(tzid)[:60]!r}, which "
                        "neither the file (VTIMEZONE) nor this system knows",
                        prop,
                    )
                )

    def _check_years(self, ev: Component, label: str) -> None:
        """DTSTART is a date or date-time; it and DTEND fall in the years meetings are read."""
        first = ev.decoded("dtstart")
        if not isinstance(first, date):
            raise CalendarError(
                self.where(ev, f"{label}: DTSTART is not a date or date-time", "dtstart")
            )
        for prop in ("dtstart", "dtend"):
            value = ev.decoded(prop) if prop in ev else None
            if isinstance(value, date) and not YEARS[0] <= value.year <= YEARS[1]:
                raise CalendarError(
                    self.where(
                        ev,
                        f"{label}: {prop.upper()} is in {value.year}; meetings are read in "
                        f"{YEARS[0]}–{YEARS[1]}",
                        prop,
                    )
                )

    def _check_rules(self, ev: Component, label: str) -> None:
        """Each RRULE as written must be valid before recurring-ical-events sees it."""
        for line, text in self._raw(ev, "RRULE"):
            problem = rule_problem(text)
            freq = text.upper().split("FREQ=", 1)[-1].split(";", 1)[0].strip()
            if problem is None and freq in _TOO_OFTEN:
                problem = (
                    f"RRULE repeats {freq.lower()}; a meeting series repeats "
                    "daily at most (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY)"
                )
            if problem:
                raise CalendarError(f"{self.source}:{line}: {label}: {problem}")

    def _check_matches(self, ev: Component, label: str) -> None:
        """A rule that never matches is refused (dateutil would search it up to 9999)."""
        first = ev.decoded("dtstart")
        for line, text in self._raw(ev, "RRULE"):
            if _never_matches(text, first):
                raise CalendarError(
                    f"{self.source}:{line}: {label}: RRULE never matches in the "
                    f"{_LONGEST_YEARS} years after DTSTART; correct its BY parts or INTERVAL"
                )

    def _check_duration(self, ev: Component, label: str) -> None:
        if "duration" in ev:
            first = ev.decoded("dtstart")
            try:
                last = first + ev.decoded("duration")
            except OverflowError:
                last = date.max
            if not YEARS[0] <= last.year <= YEARS[1]:
                raise CalendarError(
                    self.where(
                        ev,
                        f"{label}: DURATION ends the event after {YEARS[1]}; meetings are "
                        f"read in {YEARS[0]}–{YEARS[1]}",
                        "duration",
                    )
                )

    def _raw(self, ev: Component, prop: str) -> list[tuple[int, str]]:
        """Each `prop` line of the event as written (unfolded): its line and its value."""
        begin = self.lines.get(id(ev))
        if begin is None:
            return []
        found: list[tuple[int, str]] = []
        n = begin
        while n < len(self.text) and not self.text[n].upper().startswith("END:VEVENT"):
            line = self.text[n]
            n += 1
            head, colon, value = line.partition(":")
            if not colon or head.split(";", 1)[0].strip().upper() != prop:
                continue
            start = n
            while n < len(self.text) and self.text[n][:1] in (" ", "\t"):
                value += self.text[n][1:]
                n += 1
            found.append((start, value))
        return found

    def _uids(self, events: Sequence[Component]) -> None:
        """A stable UID for each event without one, derived from what it says."""
        derived = 0
        taken: set[str] = {str(ev["uid"]) for ev in events if "uid" in ev}
        for ev in events:
            if "uid" in ev:
                continue
            said = "|".join(
                _raw(ev[p])
                for p in ("summary", "dtstart", "location")
                if p in ev and not isinstance(ev[p], list)
            )
            base = hashlib.sha256(said.encode()).hexdigest()[:16]
            key = DerivedKey(base)
            while str(key) in taken:
                key = DerivedKey(base, key.n + 1)
            uid = str(key)
            taken.add(uid)
            ev.add("uid", uid)
            derived += 1
        if derived:
            self.notes.append(
                f"{derived} event(s) have no UID; each got one derived from its summary, "
                "start and place, which stays the same on the next import"
            )

    def _expand(
        self, cal: Calendar, uid: str, series: list[Component], zone: ZoneInfo
    ) -> list[ImportedEvent]:
        master = next((c for c in series if "recurrence-id" not in c), series[0])
        recurring = any(p in master for p in ("rrule", "rdate")) or len(series) > 1
        if not recurring:
            return [self._event(master, master, uid, zone, recurring=False)]
        first = master.decoded("dtstart")
        start = self.start or (first.date() if isinstance(first, datetime) else first)
        stop = self._stop(master, uid, start)
        one = _alone(cal, series, master, stop)
        try:
            occurrences = _windows(recurring_ical_events.of(one), start, stop)
            found = [self._event(o, master, uid, zone, recurring=True) for o in occurrences]
        except CalendarError:
            raise
        except Exception as exc:
            raise CalendarError(
                self.where(master, f"the series {uid} cannot be expanded: {exc}", "rrule")
            ) from None
        if len(found) >= _MOST:
            self.notes.append(self.where(master, f"the series {uid} was cut at {_MOST} meetings"))
        return found

    def _stop(self, master: Component, uid: str, start: date) -> date:
        """The day after the last day a series is read to; a series cut short is noted.

        That is the day after --to, else an endless series' default years, never past
        the horizon.
        """
        stop = self.end + timedelta(days=1) if self.end else None
        endless = "rrule" in master and not any(
            k in master.decoded("rrule") for k in ("COUNT", "UNTIL")
        )
        if stop is None and endless:
            stop = date(start.year + _OPEN_YEARS + 1, 1, 1)
            self.notes.append(
                self.where(
                    master,
                    f"the series {uid} repeats without end; read up to {stop - timedelta(days=1)}"
                    " (give --to for more)",
                )
            )
        horizon = date(min(start.year + _LONGEST_YEARS, YEARS[1] + 1), 1, 1)
        if stop is not None and stop > horizon:
            self.notes.append(
                self.where(
                    master,
                    f"the series {uid} is read up to {horizon - timedelta(days=1)}: a series is "
                    f"read at most {_LONGEST_YEARS} years from where the period starts",
                )
            )
        return min(stop or horizon, horizon)

    def _event(
        self, ev: Component, master: Component, uid: str, zone: ZoneInfo, *, recurring: bool
    ) -> ImportedEvent:
        first = _local(ev.decoded("dtstart"), zone)
        stop = self._end(ev, first, zone, master)
        status = _STATUS.get(str(ev.get("status", "CONFIRMED")).upper(), Status.CONFIRMED)
        month_only = str(ev.get("x-samverkan-precision", "")).upper() == "MONTH"
        body = str(ev.get("x-samverkan-body", "imported"))
        hosts = ev.get("x-samverkan-host", [])
        hosts = hosts if isinstance(hosts, list) else [hosts]
        meeting = Meeting(
            key=MeetingKey("", body, uid, verbatim=True),
            body=body,
            title=str(ev.get("x-samverkan-title", ev.get("summary", ""))),
            start=first,
            end=stop,
            status=status,
            month_only=month_only,
            hosts=tuple(str(h) for h in hosts),
            chair=str(ev["x-samverkan-chair"]) if "x-samverkan-chair" in ev else None,
            vice_chair=str(ev["x-samverkan-vice-chair"])
            if "x-samverkan-vice-chair" in ev
            else None,
            details=Details(location=str(ev["location"]) if "location" in ev else None),
            weight=_weight(first, stop, month_only=month_only),
        )
        return ImportedEvent(meeting, self.lines.get(id(master), 0), uid, recurring, _sequence(ev))

    def _end(
        self, ev: Component, first: date, zone: ZoneInfo, master: Component
    ) -> date | datetime:
        stop: date | None = None
        if "dtend" in ev:
            stop = _local(ev.decoded("dtend"), zone)
        elif "duration" in ev:
            stop = first + ev.decoded("duration")
        if stop is None:
            return first if isinstance(first, datetime) else first + timedelta(days=1)
        if isinstance(first, datetime) != isinstance(stop, datetime):
            self.notes.append(
                self.where(
                    master,
                    f"{ev.get('uid')}: DTSTART and DTEND mix a date and a date-time; "
                    "read as lasting until DTEND's day",
                    "dtend",
                )
            )
            begin = first.date() if isinstance(first, datetime) else first
            last = stop.date() if isinstance(stop, datetime) else stop
            return first if isinstance(first, datetime) else max(last, begin + timedelta(days=1))
        if stop < first:
            raise CalendarError(
                self.where(
                    master,
                    f"{ev.get('uid')}: DTEND ({stop}) comes before DTSTART ({first}); "
                    "correct one of them",
                    "dtend",
                )
            )
        return stop


def _alone(cal: Calendar, series: Sequence[Component], master: Component, stop: date) -> Calendar:
    """A calendar of one series and the file's time zones, its master cut at `stop`."""
    one = Calendar()
    for c in cal.subcomponents:
        if c.name == "VTIMEZONE":
            one.add_component(c)
    for c in series:
        one.add_component(_until(c, stop) if c is master else c)
    return one


def _until(master: Component, stop: date) -> Component:
    """A copy of `master` whose rules end by `stop` (UNTIL, or a COUNT reached by then).

    recurring-ical-events asks dateutil for each window from DTSTART on; a
    rule without end is read only to the period's end this way.
    """
    bounded = copy.deepcopy(master)
    first = master.decoded("dtstart")
    last: date
    if not isinstance(first, datetime):
        last = stop
    elif first.tzinfo is None:
        last = datetime.combine(stop + timedelta(days=1), datetime.min.time())
    else:
        last = datetime.combine(stop + timedelta(days=1), datetime.min.time(), UTC)
    rules = bounded.get("rrule", [])
    for rule in rules if isinstance(rules, list) else [rules]:
        if "COUNT" in rule:
            if _reaches_count(rule, first, last):
                continue  # it ends by its count before the bound
            del rule["COUNT"]  # it would not: it ends at the bound instead
        until = rule.get("UNTIL", [None])[0]
        day = until.date() if isinstance(until, datetime) else until
        if day is None or day > stop:
            rule["UNTIL"] = [last]
    return bounded


# A rule's days repeat every 400 years (146,097 days, 20,871 weeks, 4,800 months).
_CYCLE = {"DAILY": 146097, "WEEKLY": 20871, "MONTHLY": 4800, "YEARLY": 400}


def _never_matches(text: str, first: date) -> bool:
    """Whether the rule `text` (already checked) matches no day within `_LONGEST_YEARS`.

    dateutil looks for a rule's next day up to the year 9999, however long
    that takes (a DAILY rule that never matches: 20 s and more). So the rule
    is tried from a DTSTART moved on by whole 400-year cycles that keep its
    INTERVAL's phase, as close to 9999 as still leaves `_LONGEST_YEARS`:
    there dateutil's search ends within those years, and what it finds (or
    not) is what it would find after the real DTSTART.
    """
    parts = dict(p.partition("=")[::2] for p in text.upper().split(";"))
    parts = {k.strip(): v.strip() for k, v in parts.items()}
    cycle = _CYCLE.get(parts.get("FREQ", ""))
    if cycle is None:
        return False
    step = math.lcm(cycle, int(parts.get("INTERVAL", "1")))
    years = step // cycle * 400
    begin = first if isinstance(first, datetime) else datetime.combine(first, datetime.min.time())
    moves = (datetime.max.year - _LONGEST_YEARS - begin.year) // years
    if moves < 1:
        return False  # no such move: the rule is read as it is
    probe = ";".join(f"{k}={v}" for k, v in parts.items() if k not in ("COUNT", "UNTIL"))
    start = begin.replace(year=begin.year + moves * years, tzinfo=None)
    try:
        found = rrulestr(probe, dtstart=start)
        return found.after(start, inc=True) is None
    except (ValueError, TypeError, OverflowError):
        return False  # the expansion names what is wrong


def _reaches_count(rule: vRecur, first: date, last: date) -> bool:
    """Whether `rule` from `first` has its COUNT occurrences by `last`."""
    probe = vRecur({k: v for k, v in rule.items() if k not in ("COUNT", "UNTIL")})
    begin = first if isinstance(first, datetime) else datetime.combine(first, datetime.min.time())
    end = last if isinstance(last, datetime) else datetime.combine(last, datetime.min.time())
    try:
        found = rrulestr(probe.to_ical().decode(), dtstart=begin)  # type: ignore[no-untyped-call]
        count = int(rule["COUNT"][0])
        return len(list(itertools.islice(found.replace(until=end), count))) >= count  # type: ignore[union-attr]
    except (ValueError, TypeError, OverflowError):
        return True  # the expansion names what is wrong


def _windows(query: object, start: date, stop: date) -> Iterator[Component]:
    """The occurrences from `start` to `stop` (exclusive), at most `_MOST`, in order.

    Read window by window rather than with ``after()``: it steps a date by 15
    minutes, which leaves it where it was, and so loops for ever on a
    multi-day all-day event; each window is at most `_WINDOW` long, so one
    query holds a bounded number of occurrences, and an empty one doubles the
    next (a finite series is read to `YEARS` in a few dozen queries).
    """
    limit = stop
    begin, span, seen = start, _FIRST_WINDOW, set[str]()
    while begin < limit and len(seen) < _MOST:
        end = min(begin + span, limit)
        batch = query.between(begin, end)  # type: ignore[attr-defined]
        fresh = []
        for occurrence in batch:
            first = occurrence.decoded("dtstart")
            day = first.date() if isinstance(first, datetime) else first
            key = str(first)
            if key in seen or day >= limit:
                continue  # a long event is in each window it overlaps
            seen.add(key)
            fresh.append((_sort_key(first), occurrence))
        fresh.sort(key=lambda pair: pair[0])
        yield from (o for _, o in fresh[: max(_MOST - len(seen) + len(fresh), 0)])
        span = min(span * 2, _WINDOW) if not batch else _FIRST_WINDOW
        begin = end


def _decoded(value: object) -> object:
    """Touch a property's value the way the reader will, so a broken one fails here."""
    dt = getattr(value, "dt", None)
    if dt is not None:
        return dt
    dts = getattr(value, "dts", None)
    if dts is not None:
        return [d.dt for d in dts]
    to_ical = getattr(value, "to_ical", None)
    return to_ical() if to_ical is not None else value


def _raw(value: object) -> str:
    to_ical = getattr(value, "to_ical", None)
    out = to_ical() if to_ical is not None else value
    return out.decode("utf-8", "replace") if isinstance(out, bytes) else str(out)


def _floating(ev: Component) -> bool:
    value = ev.decoded("dtstart")
    return isinstance(value, datetime) and value.tzinfo is None


def _local(value: date, zone: tzinfo) -> date:
    if not isinstance(value, datetime):
        return value
    if value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)


def _series(events: Sequence[Component]) -> dict[str, list[Component]]:
    found: dict[str, list[Component]] = {}
    for ev in events:
        found.setdefault(str(ev["uid"]), []).append(ev)
    return found


def _sort_key(value: date) -> tuple[date, datetime]:
    if isinstance(value, datetime):
        return value.date(), value.replace(tzinfo=None)
    return value, datetime.combine(value, datetime.min.time())


def _sequence(ev: Component) -> int:
    """An event's SEQUENCE (RFC 5545: a non-negative integer); 0 when it has none."""
    text = str(ev.get("sequence", "0")).strip()
    return int(text) if text.isdigit() and int(text) < 2**31 - 1 else 0


def _weight(start: date, end: date, *, month_only: bool) -> float:
    if month_only or isinstance(start, datetime):
        return 1.0
    return float(max((end - start).days, 1))
