"""`samverkan publish`: put a cooperation's meetings on a CalDAV calendar.

Every meeting is one calendar object at ``<calendar>/<uid>.ics``, written
with PUT (see `dav` for the WebDAV), so a second run updates in place and
never duplicates. SEQUENCE and DTSTAMP come from the object on the server,
as for feeds. A meeting that left the plan is written as cancelled.

Each object says whose it is and what it was meant to show, in two
properties of its VCALENDAR:

* ``X-SAMVERKAN-COOP``, the cooperation's id: publish cancels only objects
  that carry exactly its own id (never by UID prefix: cooperation ``a``
  must not cancel the meetings of ``a-b`` in the same calendar), and
  refuses to overwrite another cooperation's object. An object written
  before this property existed is owned by its whole calendar-level UID,
  ``{coop}@samverkan``;
* ``X-SAMVERKAN-DIGEST``, a hash of the visible fields publish wrote: an
  object whose digest is the one publish would write now is left alone.
  Servers rewrite what they store (Radicale escapes ``;`` in a CONFERENCE
  link and cuts it at ``,``), so comparing the stored fields saw such
  meetings as changed on every run and raised their SEQUENCE each time.
  An object without a digest (written by hand, or by an older samverkan)
  is compared field by field.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote, urljoin

from calendars._errors import CalendarError
from calendars._formats.ical import Organizer, Renderer, signature
from calendars._formats.previous import known_meetings, parse
from calendars._model.cooperation import Cooperation
from calendars._model.key import CalendarKey
from calendars._model.meeting import Meeting
from calendars._model.names import cooperation_feed
from calendars._planning.planner import plan as plan_meetings
from calendars._publish.dav import MAX_ANSWER, MAX_TIMEOUT, Dav, shown_address

__all__ = ["MAX_ANSWER", "MAX_TIMEOUT", "Published", "publish", "shown_address"]

OWNER = "X-SAMVERKAN-COOP"
"""The VCALENDAR property naming the cooperation that published an object."""
DIGEST = "X-SAMVERKAN-DIGEST"
"""The VCALENDAR property holding the hash of what publish meant the object to show."""


@dataclass(frozen=True, slots=True)
class Published:
    """What a publish run did."""

    created: int
    """Objects written for the first time."""
    updated: int
    """Objects rewritten because a visible field changed."""
    unchanged: int
    """Objects left alone."""
    cancelled: int
    """Objects rewritten as cancelled because their meeting left the plan."""


@dataclass(frozen=True, slots=True)
class _Stored:
    """One calendar object as the server holds it."""

    url: str
    content: bytes
    owner: str | None
    """Its X-SAMVERKAN-COOP, if any."""
    calendar: CalendarKey | None
    """Its calendar-level UID, if samverkan made it (objects written before X-SAMVERKAN-COOP)."""
    digest: str | None
    """Its X-SAMVERKAN-DIGEST, if any."""
    uids: tuple[str, ...]

    def publisher(self, coop: str) -> str | None:
        """Who published the object, for a message; ``None`` for `coop` itself or for nobody known.

        X-SAMVERKAN-COOP names its cooperation. An object an older samverkan
        wrote has none; its calendar-level UID, `CalendarKey.of_feed` of the
        cooperation's feed, names its owner as a whole (never by prefix).
        """
        if self.owner is not None:
            return None if self.owner == coop else f"cooperation {self.owner!r}"
        if self.calendar is None or self.calendar == CalendarKey.of_feed(cooperation_feed(coop)):
            return None
        return f"the calendar {str(self.calendar)!r}"

    def owned_by(self, coop: str) -> bool:
        """Whether `coop` published the object (so publish may cancel its meetings)."""
        if self.owner is not None:
            return self.owner == coop
        return self.calendar == CalendarKey.of_feed(cooperation_feed(coop))


def _stored(url: str, content: bytes) -> _Stored:
    cal = parse(content, source=shown_address(url))
    owner, digest = cal.get(OWNER), cal.get(DIGEST)
    return _Stored(
        url,
        content,
        None if owner is None else str(owner),
        CalendarKey.parse(str(cal.get("uid", ""))),
        None if digest is None else str(digest),
        tuple(str(ev["uid"]) for ev in cal.walk("VEVENT") if "uid" in ev),
    )


def _digest(renderer: Renderer, meeting: Meeting | None) -> str:
    """The hash of what an object is meant to show: the meeting's visible fields, or cancelled."""
    parts = renderer.signature(meeting) if meeting is not None else (b"CANCELLED",)
    return hashlib.sha256(b"\x00".join(parts)).hexdigest()


def _marked(content: bytes, digest: str) -> bytes:
    """`content` with its digest among the VCALENDAR's own properties (before the first block)."""
    line = f"\r\n{DIGEST}:{digest}\r\nBEGIN:V".encode()
    return content.replace(b"\r\nBEGIN:V", line, 1)


def _unchanged(before: _Stored, content: bytes, digest: str, *, source: str) -> bool:
    """Whether the stored object already shows what `content` would (by digest, if it has one)."""
    if before.digest is not None:
        return before.digest == digest
    return _same(content, before.content, source=source)


def _same(new: bytes, old: bytes, *, source: str) -> bool:
    """Whether the events are the same, field by field (for objects without a digest)."""

    def key(data: bytes) -> list[tuple[str, int, tuple[bytes, ...]]]:
        return sorted(
            (str(ev["uid"]), int(ev.get("sequence", 0)), signature(ev))
            for ev in parse(data, source=source).walk("VEVENT")
        )

    return key(new) == key(old)


def publish(
    coop: Cooperation,
    *,
    url: str,
    start: date,
    end: date,
    stamp: datetime,
    username: str | None = None,
    password: str | None = None,
    timeout: float = 30.0,
) -> Published:
    """Put the meetings of ``[start, end)`` on the calendar at `url`, idempotently."""
    dav = Dav(url, username=username, password=password, timeout=timeout)
    stored = [_stored(u, content) for u, content in dav.objects(coop.name).items()]
    mine = [s for s in stored if s.owned_by(coop.id)]
    known = [k for s in mine for k in known_meetings(s.content, source=shown_address(s.url))]
    plan = plan_meetings(coop, start, end, known=known)
    by_uid = {uid: s for s in stored for uid in s.uids}
    wanted = {m.uid: m for m in plan.meetings}
    _check_none_taken(dav, coop.id, wanted, by_uid)  # before anything is written
    secretariat = coop.secretariat
    organizer = Organizer(secretariat.name, secretariat.email) if secretariat else None
    renderer = Renderer(timezone=coop.timezone, language=coop.language, organizer=organizer)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "cancelled": 0}
    for uid in sorted(set(wanted) | {u for s in mine for u in s.uids}):
        kind = _publish_one(
            dav,
            renderer,
            coop,
            wanted.get(uid),
            by_uid.get(uid),
            uid=uid,
            stamp=stamp,
            window=(start, end),
        )
        if kind is not None:
            counts[kind] += 1
    return Published(**counts)


def _publish_one(
    dav: Dav,
    renderer: Renderer,
    coop: Cooperation,
    meeting: Meeting | None,
    before: _Stored | None,
    *,
    uid: str,
    stamp: datetime,
    window: tuple[date, date],
) -> str | None:
    """Write one meeting's object if it changed; which count it adds to, None for none."""
    object_url = before.url if before else urljoin(dav.url, quote(uid, safe="") + ".ics")
    where = shown_address(object_url)  # for messages
    content = renderer.feed(
        [meeting] if meeting else [],
        name=coop.name,
        stamp=stamp,
        window=window,
        previous=before.content if before else None,
        source=where,
        owner=coop.id,
    )
    if b"BEGIN:VEVENT" not in content:
        return None  # out of the window, or cancelled long ago
    digest = _digest(renderer, meeting)
    if before is not None and _unchanged(before, content, digest, source=where):
        return "unchanged"
    _put(dav, object_url, _marked(content, digest), uid=uid)
    return "cancelled" if meeting is None else "updated" if before else "created"


def _check_none_taken(
    dav: Dav, coop: str, wanted: Mapping[str, Meeting], by_uid: Mapping[str, _Stored]
) -> None:
    """No meeting to publish is held in the calendar for another cooperation."""
    for uid in sorted(wanted):
        other = by_uid[uid].publisher(coop) if uid in by_uid else None
        if other is not None:
            msg = (
                f"{dav.shown} holds {uid} published for {other}, not cooperation "
                f"{coop!r}; publish each cooperation into a calendar of its own"
            )
            raise CalendarError(msg)


def _put(dav: Dav, object_url: str, content: bytes, *, uid: str) -> None:
    """Write one calendar object; a refusal is an error naming the meeting."""
    status, answer = dav.request(
        "PUT", object_url, content, {"Content-Type": "text/calendar; charset=utf-8"}
    )
    if status not in (200, 201, 204):
        msg = f"the CalDAV server refused {uid} ({status}): {answer[:200]!r}"
        raise CalendarError(msg)
