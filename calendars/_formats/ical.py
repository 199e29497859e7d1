"""Meetings to RFC 5545 and back, through `icalendar`.

Only this module (and the feed writer) touch icalendar's components; the
planner returns `Meeting` values and the domain never imports an exporter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import (
    Alarm,
    Calendar,
    Component,
    Event,
    vCalAddress,
    vDDDTypes,
    vDuration,
    vText,
    vUri,
)

from calendars._formats import fastical
from calendars._formats.previous import (
    ical_bytes,
    previous_events,
)
from calendars._formats.scan import NotScannedError, PreviousEvent, ScanMemo, scan_event
from calendars._formats.vtimezone import vtimezone
from calendars._model.meeting import Meeting, Status
from calendars._words import EVENT, MONTHS, Language

PRODID = "-//samverkan//samverkan feeds//SV"
REFRESH = timedelta(hours=12)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
GRACE = timedelta(days=60)
"""How long a removed meeting stays in a feed as cancelled."""
# RFC 5545 §3.8.7.4: SEQUENCE rises when a property that subscribers see changes.
VISIBLE = (
    "DTSTART", "DTEND", "SUMMARY", "LOCATION", "DESCRIPTION", "STATUS", "TRANSP", "URL",
    "CONFERENCE", "ORGANIZER",
)  # fmt: skip


def summary(meeting: Meeting, language: Language) -> str:
    """The text a subscriber sees as the event's title."""
    words = EVENT[language]
    text = meeting.title
    if meeting.hosts:
        text += f" ({words['and'].join(meeting.hosts)})"
    if meeting.status is Status.CANCELLED:
        return f"{words['cancelled']}: {text}"
    if meeting.month_only:
        month = f"{MONTHS[language][meeting.day.month - 1]} {meeting.day.year}"
        return f"{words['provisional']} ({month}): {text}"
    if meeting.provisional:
        return f"{words['provisional']}: {text}"
    return text


def description(meeting: Meeting, language: Language) -> str:
    """Free text, host, chair and vice chair, then the links, one per line.

    The online-meeting link is written here too, for clients that do not
    show CONFERENCE (Outlook, Google, Thunderbird).
    """
    words = EVENT[language]
    lines = [meeting.description] if meeting.description else []
    if meeting.month_only:
        month = f"{MONTHS[language][meeting.day.month - 1]} {meeting.day.year}"
        lines.append(words["month_only"].format(month=month))
    if meeting.off_rule:
        lines.append(words["off_rule"])
    if meeting.hosts:
        label = words["hosts"] if len(meeting.hosts) > 1 else words["host"]
        lines.append(f"{label}: {words['and'].join(meeting.hosts)}")
    if meeting.chair:
        lines.append(f"{words['chair']}: {meeting.chair}")
    if meeting.vice_chair:
        lines.append(f"{words['vice_chair']}: {meeting.vice_chair}")
    for name in ("conference", "agenda", "minutes", "url"):
        link = getattr(meeting, name)
        if link:
            lines.append(f"{words[name]}: {link}")
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Organizer:
    """Who organises the meetings of a feed: ORGANIZER;CN=name:mailto:email."""

    name: str
    """Shown as the organiser."""
    email: str
    """Without "mailto:"."""


_STATUS = {
    Status.CONFIRMED: "CONFIRMED",
    Status.PROVISIONAL: "TENTATIVE",
    Status.CANCELLED: "CANCELLED",
}


def _status(meeting: Meeting) -> str:
    """STATUS: a confirmed meeting that must not look fixed is TENTATIVE."""
    provisional = meeting.provisional and meeting.status is Status.CONFIRMED
    return _STATUS[Status.PROVISIONAL if provisional else meeting.status]


def _transp(meeting: Meeting) -> str:
    """TRANSP: a provisional month, a cancelled meeting or a term blocks nobody's time."""
    free = meeting.provisional or meeting.status is Status.CANCELLED or meeting.transparent
    return "TRANSPARENT" if free else "OPAQUE"


def _own(meeting: Meeting) -> list[tuple[str, str]]:
    """Our own properties, so that `read_meetings` gets back what was planned."""
    own = [("X-SAMVERKAN-BODY", meeting.body), ("X-SAMVERKAN-TITLE", meeting.title)]
    if meeting.month_only:
        own.append(("X-SAMVERKAN-PRECISION", "MONTH"))
    own += [("X-SAMVERKAN-HOST", host) for host in meeting.hosts]
    if meeting.chair:
        own.append(("X-SAMVERKAN-CHAIR", meeting.chair))
    if meeting.vice_chair:
        own.append(("X-SAMVERKAN-VICE-CHAIR", meeting.vice_chair))
    return own


def event(
    meeting: Meeting,
    *,
    language: Language,
    sequence: int,
    stamp: datetime,
    created: datetime | None = None,
    organizer: Organizer | None = None,
) -> Event:
    """The VEVENT of one meeting.

    Args:
        meeting: the meeting.
        language: the language of the texts.
        sequence: its SEQUENCE.
        stamp: when it last changed: DTSTAMP and LAST-MODIFIED.
        created: when it was first published (CREATED); default `stamp`.
        organizer: the secretariat, as ORGANIZER.

    """
    ev = Event()
    ev.add("uid", meeting.uid)
    ev.add("dtstamp", stamp.astimezone(UTC))
    ev.add("created", (created or stamp).astimezone(UTC))
    ev.add("last-modified", stamp.astimezone(UTC))
    ev.add("sequence", sequence)
    if organizer is not None:
        ev.add(
            "organizer",
            vCalAddress(f"mailto:{organizer.email}"),
            parameters={"CN": organizer.name},
        )
    ev.add("dtstart", meeting.start)
    ev.add("dtend", meeting.end)
    ev.add("summary", summary(meeting, language))
    text = description(meeting, language)
    if text:
        ev.add("description", text)
    if meeting.location:
        ev.add("location", meeting.location)
    if meeting.url:
        ev.add("url", vUri(meeting.url), parameters={"VALUE": "URI"})
    if meeting.conference:
        # RFC 7986 §5.11: VALUE=URI is required; FEATURE says what the link offers.
        ev.add(
            "conference",
            vUri(meeting.conference),
            parameters={"VALUE": "URI", "FEATURE": "VIDEO,AUDIO"},
        )
    ev.add("status", _status(meeting))
    ev.add("transp", _transp(meeting))
    # VALUE=TEXT makes parsers unescape them (icalendar keeps unknown X- raw).
    for name, value in _own(meeting):
        ev.add(name, vText(value), parameters={"VALUE": "TEXT"})
    if meeting.status is not Status.CANCELLED:
        for before in meeting.reminders:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", summary(meeting, language))
            alarm.add("trigger", -before)
            ev.add_component(alarm)
    return ev


def _organizer_line(organizer: Organizer) -> fastical.Line:
    """ORGANIZER as icalendar writes it (its parameter quoting and RFC 6868 escapes)."""
    ev = Event()
    ev.add("organizer", vCalAddress(f"mailto:{organizer.email}"), parameters={"CN": organizer.name})
    line = ev.content_lines()[1]  # between BEGIN:VEVENT and END:VEVENT
    head, _, value = _split_line(str(line))
    return "ORGANIZER", head.removeprefix("ORGANIZER"), value


def _split_line(line: str) -> tuple[str, str, str]:
    """(name and parameters, ":", value) of a content line; quotes may hold ':'."""
    quoted = False
    for i, c in enumerate(line):
        if c == '"':
            quoted = not quoted
        elif c == ":" and not quoted:
            return line[:i], ":", line[i + 1 :]
    return line, "", ""


def fast_event(
    meeting: Meeting,
    *,
    language: Language,
    sequence: int,
    stamp: datetime,
    created: datetime,
    organizer: fastical.Line | None,
    durations: fastical.Durations,
) -> bytes | None:
    """The bytes `event()` gives, written directly; ``None`` when only icalendar can say.

    Every property `event()` adds is here, in the same words; the order and
    folding follow icalendar's (see `fastical`).
    """
    start, end = fastical.when(meeting.start), fastical.when(meeting.end)
    if start is None or end is None:
        return None
    esc = fastical.text
    said = summary(meeting, language)
    lines: list[fastical.Line] = [
        ("UID", "", esc(meeting.uid)),
        ("DTSTAMP", "", fastical.utc(stamp)),
        ("CREATED", "", fastical.utc(created)),
        ("LAST-MODIFIED", "", fastical.utc(stamp)),
        ("SEQUENCE", "", str(sequence)),
    ]
    if organizer is not None:
        lines.append(organizer)
    lines += [("DTSTART", *start), ("DTEND", *end), ("SUMMARY", "", esc(said))]
    text = description(meeting, language)
    if text:
        lines.append(("DESCRIPTION", "", esc(text)))
    if meeting.location:
        lines.append(("LOCATION", "", esc(meeting.location)))
    if meeting.url:
        lines.append(("URL", ";VALUE=URI", meeting.url))
    if meeting.conference:
        lines.append(("CONFERENCE", ';FEATURE="VIDEO,AUDIO";VALUE=URI', meeting.conference))
    lines.append(("STATUS", "", _status(meeting)))
    lines.append(("TRANSP", "", _transp(meeting)))
    lines += [(name, ";VALUE=TEXT", esc(value)) for name, value in _own(meeting)]
    alarms: list[str] = []
    if meeting.status is not Status.CANCELLED:
        alarms = [
            fastical.block(
                "VALARM",
                [
                    ("ACTION", "", "DISPLAY"),
                    ("DESCRIPTION", "", esc(said)),
                    ("TRIGGER", "", durations.before(before)),
                ],
            )
            for before in meeting.reminders
        ]
    return fastical.block("VEVENT", lines, subcomponents=alarms).encode("utf-8")


def signature(ev: Component) -> tuple[bytes, ...]:
    """The subscriber-visible properties of an event, as they are written."""
    return tuple(ical_bytes(ev[name]) if name in ev else b"" for name in VISIBLE)


def _set(component: Component, name: str, value: object) -> None:
    """Replace a property, keeping its place in icalendar's (sorted) output."""
    component.pop(name, None)
    component.add(name, value)


def _cancelled_copy(prev: PreviousEvent, *, language: Language, stamp: datetime) -> Event:
    """A meeting that left the plan: cancelled, so subscribers drop it."""
    component = Event.from_ical(prev.block)
    ev = Event()
    for name, value in component.property_items(recursive=False):
        if name in ("BEGIN", "END"):
            continue
        if name in (
            "STATUS", "SEQUENCE", "DTSTAMP", "LAST-MODIFIED", "SUMMARY", "X-SAMVERKAN-REMOVED",
        ):  # fmt: skip
            continue
        ev.add(name, value, encode=False)
    word = EVENT[language]["cancelled"]
    title = str(component.get("summary", ""))
    ev.add("summary", title if title.startswith(f"{word}: ") else f"{word}: {title}")
    ev.add("status", "CANCELLED")
    ev.add("sequence", prev.sequence + 1)
    ev.add("dtstamp", stamp.astimezone(UTC))
    ev.add("last-modified", stamp.astimezone(UTC))
    ev.add("x-samverkan-removed", vDDDTypes(stamp.astimezone(UTC)))
    return ev


class Renderer:
    """Renders feeds for one export, in one time zone and language.

    It owns the caches of that export: a meeting that appears in several
    feeds (the cooperation's, its body's, each member's) is serialised once,
    and the VTIMEZONE of a span of years is made once. Nothing is cached
    between exports or at module level.
    """

    def __init__(
        self,
        *,
        timezone: str,
        language: Language,
        organizer: Organizer | None = None,
        previous: ScanMemo | None = None,
    ) -> None:
        self.timezone = timezone
        self.language = language
        self.organizer = organizer
        self._events: dict[tuple[Meeting, int, datetime, datetime], bytes] = {}
        self._signatures: dict[Meeting, tuple[bytes, ...]] = {}
        self._zones: dict[tuple[int, int], bytes] = {}
        # The previous feeds' events as read back, shared by one export's renderers.
        self._previous = ScanMemo() if previous is None else previous
        self._durations = fastical.Durations()
        self._organizer_line = _organizer_line(organizer) if organizer is not None else None

    def event_bytes(
        self, meeting: Meeting, sequence: int, stamp: datetime, created: datetime
    ) -> bytes:
        """The VEVENT of `meeting` as bytes."""
        key = (meeting, sequence, stamp, created)
        found = self._events.get(key)
        if found is None:
            found = fast_event(
                meeting,
                language=self.language,
                sequence=sequence,
                stamp=stamp,
                created=created,
                organizer=self._organizer_line,
                durations=self._durations,
            )
            if found is None:  # outside the fixed shape: icalendar writes it
                ev = event(
                    meeting,
                    language=self.language,
                    sequence=sequence,
                    stamp=stamp,
                    created=created,
                    organizer=self.organizer,
                )
                found = ical_bytes(ev)
            self._events[key] = found
        return found

    def signature(self, meeting: Meeting) -> tuple[bytes, ...]:
        """The subscriber-visible properties `meeting` is written with."""
        found = self._signatures.get(meeting)
        if found is None:
            written = self.event_bytes(meeting, 0, _EPOCH, _EPOCH)
            try:
                found = scan_event(written).signature(VISIBLE)
            except NotScannedError:  # a line the scan does not read: icalendar reads it
                found = signature(Event.from_ical(written))
            self._signatures[meeting] = found
        return found

    def vtimezone(self, first_year: int, last_year: int) -> bytes:
        """The VTIMEZONE block for dates from `first_year` to `last_year`."""
        key = (first_year, last_year)
        found = self._zones.get(key)
        if found is None:
            found = self._zones[key] = ical_bytes(vtimezone(self.timezone, first_year, last_year))
        return found

    def _head(self, *, name: str, owner: str | None) -> bytes:
        """The VCALENDAR's own properties, as bytes.

        No calendar-level UID (RFC 7986 §5.3): vdirsyncer, splitting a feed
        into one item per event, copies the VCALENDAR's properties into each
        item and takes the first UID line as the item's, so every event of a
        feed collided into one.
        """
        cal = Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        if self.organizer is not None:
            # RFC 5546 §3.2.1: a PUBLISH event needs an ORGANIZER; without one, no METHOD.
            cal.add("method", "PUBLISH")
        # VALUE=TEXT makes ical.js unescape these; without it, it shows "\," as is.
        cal.add("name", vText(name), parameters={"VALUE": "TEXT"})
        cal.add("x-wr-calname", vText(name), parameters={"VALUE": "TEXT"})
        cal.add("x-wr-timezone", self.timezone)
        # RFC 7986 §5.7 wants VALUE=DURATION, which icalendar's setter leaves out.
        cal.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(REFRESH))
        if owner is not None:
            cal.add("x-samverkan-coop", vText(owner), parameters={"VALUE": "TEXT"})
        return ical_bytes(cal)

    def feed(
        self,
        meetings: Sequence[Meeting],
        *,
        name: str,
        stamp: datetime,
        window: tuple[date, date],
        previous: bytes | None = None,
        source: str = "previous feed",
        owner: str | None = None,
    ) -> bytes:
        """One iCalendar feed of `meetings`, consistent with the previous one.

        Args:
            meetings: the meetings to publish.
            name: the calendar's name (NAME, X-WR-CALNAME).
            stamp: when this export happens; used only for what changed, so
                an unchanged calendar gives byte-identical output.
            window: the planned period ``[start, end)``; a meeting of the
                previous feed in it that is no longer planned stays as
                cancelled for `GRACE`.
            previous: the feed as last published, if any.
            source: the previous feed's name, for messages.
            owner: the cooperation's id, written as X-SAMVERKAN-COOP so that
                a later export recognises a feed it no longer makes.

        """
        before = previous_events(previous, source=source, memo=self._previous)
        head = self._head(name=name, owner=owner)
        # Each event is (sort key, bytes); a meeting that appears in several feeds
        # of one export is serialised once (see event_bytes).
        events: list[tuple[tuple[str, str], bytes]] = []
        timed = False
        years: list[int] = []
        for meeting in meetings:
            data = self._planned(meeting, before.get(meeting.uid), stamp)
            events.append(((_start_text(meeting.start), meeting.uid), data))
            timed |= not meeting.all_day
            years.append(meeting.day.year)
        for prev, data in self._unplanned(before, meetings, window=window, stamp=stamp):
            events.append(((prev.values["DTSTART"], prev.uid), data))
            timed |= prev.timed
            years.append(prev.start.year)
        end = b"END:VCALENDAR\r\n"
        assert head.endswith(end)
        zone = self.vtimezone(min(years), max(years)) if timed else b""
        return head[: -len(end)] + zone + b"".join(data for _, data in sorted(events)) + end

    def _planned(self, meeting: Meeting, prev: PreviousEvent | None, stamp: datetime) -> bytes:
        """A planned meeting's event, with the SEQUENCE and DTSTAMP its previous one leads to."""
        sequence, when, created = 0, stamp, stamp
        if prev is not None:
            # A feed written before CREATED existed: its DTSTAMP is the oldest date known.
            created = prev.created or prev.stamp
            # Unchanged, the event is written as before, byte for byte;
            # only when it is not are the visible properties compared.
            again = self.event_bytes(meeting, prev.sequence, prev.stamp, created)
            same = again == prev.block or prev.signature(VISIBLE) == self.signature(meeting)
            sequence = prev.sequence if same else prev.sequence + 1
            when = prev.stamp if same else stamp
        # A taken-over event goes out above the SEQUENCE it was published with.
        sequence = max(sequence, meeting.sequence)
        return self.event_bytes(meeting, sequence, when.astimezone(UTC), created.astimezone(UTC))

    def _unplanned(
        self,
        before: dict[str, PreviousEvent],
        meetings: Sequence[Meeting],
        *,
        window: tuple[date, date],
        stamp: datetime,
    ) -> list[tuple[PreviousEvent, bytes]]:
        """The previous feed's events in `window` no longer planned: cancelled, for `GRACE`."""
        planned = {m.uid for m in meetings}
        kept: list[tuple[PreviousEvent, bytes]] = []
        for uid_, prev in before.items():
            if uid_ in planned:
                continue
            if not window[0] <= prev.start < window[1]:
                continue  # aged out of the window: not removed, just no longer published
            if prev.removed is not None:
                if stamp.astimezone(UTC) - prev.removed > GRACE:
                    continue
                kept.append((prev, prev.block))
            else:
                cancelled = _cancelled_copy(prev, language=self.language, stamp=stamp)
                kept.append((prev, ical_bytes(cancelled)))
        return kept


def _start_text(start: date | datetime) -> str:
    """DTSTART as icalendar writes it, for sorting with the previous feed's events."""
    return (
        start.strftime("%Y%m%dT%H%M%S") if isinstance(start, datetime) else start.strftime("%Y%m%d")
    )
