"""The change log: what changed between the previous feed set and this export.

A change is found by reading the cooperation's feed as it was published and
as this export writes it: a meeting that appears is new, one whose start or
end differs moved, one that turns CANCELLED (or is removed, which the feed
writes as cancelled) is cancelled, and its host or chair may have changed.
The first export into a folder has nothing to compare with and logs nothing.

The log lives in ``changes.json`` (every cooperation of the folder, the last
`KEEP` of changes) and in Atom feeds per cooperation and per member.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

from calendars._errors import CalendarError, json_line
from calendars._formats.previous import previous_events
from calendars._formats.scan import ScanMemo
from calendars._model.cooperation import Cooperation
from calendars._model.key import RotationMark
from calendars._model.meeting import Meeting, Status
from calendars._model.names import CHANGE_LOG
from calendars._words import CHANGES, Language

KEEP = timedelta(days=365)
"""How long a change stays in the log."""


class ChangeKind(StrEnum):
    """What can change about a meeting, in the order a change lists them."""

    NEW = "new"
    """Published for the first time (or again, after it was cancelled)."""
    MOVED = "moved"
    """Its start changed."""
    CANCELLED = "cancelled"
    """Called off, or no longer planned."""
    HOST = "host"
    """Its hosts changed."""
    CHAIR = "chair"
    """Its chair changed."""
    VICE_CHAIR = "vice_chair"
    """Its vice chair changed."""


KINDS = tuple(ChangeKind)
"""What can change, in the order a change lists them."""
URGENCY = {
    ChangeKind.MOVED: 0,
    ChangeKind.CANCELLED: 0,
    ChangeKind.NEW: 1,
    ChangeKind.HOST: 2,
    ChangeKind.CHAIR: 2,
    ChangeKind.VICE_CHAIR: 2,
}
"""How soon a subscriber must act on a kind: a moved or cancelled meeting first."""
LOG = CHANGE_LOG


@dataclass(frozen=True, slots=True)
class Change:
    """What happened to one meeting in one export."""

    coop: str
    """The cooperation's id."""
    uid: str
    """The meeting's UID."""
    body: str
    """The body's key."""
    title: str
    """The meeting's title."""
    kinds: tuple[ChangeKind, ...]
    """What changed, in the order of `ChangeKind`."""
    when: datetime
    """The export that found it (UTC)."""
    start: str
    """The start now (ISO date or local date-time)."""
    old_start: str | None = None
    """The start before, when it moved."""
    hosts: tuple[str, ...] = ()
    """The hosts now."""
    old_hosts: tuple[str, ...] = ()
    """The hosts before."""
    chair: str | None = None
    """The chair now."""
    old_chair: str | None = None
    """The chair before."""
    vice_chair: str | None = None
    """The vice chair now."""
    old_vice_chair: str | None = None
    """The vice chair before."""
    members: tuple[str, ...] = ()
    """The members it concerns: those that attend or host it, before or now."""

    @property
    def id(self) -> str:
        """A stable identity: the meeting and the export."""
        return f"{self.uid}/{self.when.strftime('%Y%m%dT%H%M%SZ')}"

    def text(self, language: Language) -> str:
        """One line a person reads: "Flyttat: Styrgruppen 2025-06-16 12:00 → 2025-06-23 12:00"."""
        words = CHANGES[language]
        parts = []
        for kind in self.kinds:
            if kind is ChangeKind.MOVED:
                parts.append(f"{words['moved']} {_human(self.old_start)} → {_human(self.start)}")
            elif kind is ChangeKind.HOST:
                old = words["and"].join(self.old_hosts) or "–"
                parts.append(f"{words['host']} {old} → {words['and'].join(self.hosts) or '–'}")
            elif kind is ChangeKind.CHAIR:
                parts.append(f"{words['chair']} {self.old_chair or '–'} → {self.chair or '–'}")
            elif kind is ChangeKind.VICE_CHAIR:
                old, now = self.old_vice_chair or "–", self.vice_chair or "–"
                parts.append(f"{words['vice_chair']} {old} → {now}")
            else:
                parts.append(f"{words[kind]} {_human(self.start)}")
        return f"{self.title}: {'; '.join(parts)}"

    def to_dict(self) -> dict[str, object]:
        """JSON-ready data; `from_dict` reads it back."""
        return {
            "coop": self.coop,
            "uid": self.uid,
            "body": self.body,
            "title": self.title,
            "kinds": list(self.kinds),
            "when": self.when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "start": self.start,
            "old_start": self.old_start,
            "hosts": list(self.hosts),
            "old_hosts": list(self.old_hosts),
            "chair": self.chair,
            "old_chair": self.old_chair,
            "vice_chair": self.vice_chair,
            "old_vice_chair": self.old_vice_chair,
            "members": list(self.members),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Change:
        """A change as `to_dict` wrote it."""
        return cls(
            coop=str(data["coop"]),
            uid=str(data["uid"]),
            body=str(data["body"]),
            title=str(data["title"]),
            kinds=tuple(ChangeKind(k) for k in data["kinds"]),
            when=datetime.fromisoformat(str(data["when"]).replace("Z", "+00:00")),
            start=str(data["start"]),
            old_start=data.get("old_start"),
            hosts=tuple(data.get("hosts", ())),
            old_hosts=tuple(data.get("old_hosts", ())),
            chair=data.get("chair"),
            old_chair=data.get("old_chair"),
            vice_chair=data.get("vice_chair"),
            old_vice_chair=data.get("old_vice_chair"),
            members=tuple(data.get("members", ())),
        )


def urgent_first(changes: Sequence[Change]) -> list[Change]:
    """`changes` with moves and cancellations first, then new meetings, then new hosts or chairs.

    Within a kind: newest export first, then by the meeting's start.
    """
    by_start = sorted(changes, key=lambda c: (c.start, c.uid))
    newest = sorted(by_start, key=lambda c: c.when, reverse=True)
    return sorted(newest, key=lambda c: min(URGENCY[k] for k in c.kinds))


def _human(start: str | None) -> str:
    """An ISO start as people read it: 2025-06-16 12:00."""
    if start is None:
        return "–"
    return start[:16].replace("T", " ")


@dataclass(frozen=True, slots=True)
class _Seen:
    body: str
    title: str
    start: str
    end: str
    cancelled: bool
    hosts: tuple[str, ...]
    chair: str | None
    vice_chair: str | None = None


def _iso(value: date | datetime) -> str:
    return value.isoformat()


def _meetings(data: bytes | None, *, source: str, memo: ScanMemo | None = None) -> dict[str, _Seen]:
    """The meetings of a cooperation feed, by UID (rotation terms left out)."""
    found = {}
    for uid, ev in previous_events(data, source=source, memo=memo).items():
        body = ev.body or ""
        start = ev.moment("DTSTART")
        if not body or RotationMark.parse(body) is not None or start is None:
            continue
        end = ev.moment("DTEND")
        found[uid] = _Seen(
            body=body,
            title=ev.text("X-SAMVERKAN-TITLE", ev.text("SUMMARY")),
            start=_iso(start),
            end=_iso(end) if end is not None else "",
            cancelled=ev.text("STATUS") == "CANCELLED",
            hosts=ev.texts("X-SAMVERKAN-HOST"),
            chair=ev.text("X-SAMVERKAN-CHAIR") or None,
            vice_chair=ev.text("X-SAMVERKAN-VICE-CHAIR") or None,
        )
    return found


def _concerns(coop: Cooperation, seen: Sequence[_Seen]) -> tuple[str, ...]:
    """The members a meeting concerns, before and now: attendees, hosts and chairs."""
    names: set[str] = set()
    for s in seen:
        body = coop.bodies.get(s.body)
        attendees = body.attendees if body is not None else None
        names.update(m.name for m in coop.members if attendees is None or m.name in attendees)
        names.update(s.hosts)
        names.update(n for n in (s.chair, s.vice_chair) if n)
    return tuple(m.name for m in coop.members if m.name in names)


def _planned(meeting: Meeting) -> _Seen:
    return _Seen(
        body=meeting.body,
        title=meeting.title,
        start=_iso(meeting.start),
        end=_iso(meeting.end),
        cancelled=meeting.status is Status.CANCELLED,
        hosts=meeting.hosts,
        chair=meeting.chair,
        vice_chair=meeting.vice_chair,
    )


def _kinds(was: _Seen | None, now: _Seen) -> list[ChangeKind]:
    """What changed from `was` (``None``: not published before) to `now`."""
    if was is None:
        return [] if now.cancelled else [ChangeKind.NEW]
    if now.cancelled:
        return [] if was.cancelled else [ChangeKind.CANCELLED]
    kinds = [ChangeKind.NEW] if was.cancelled else []
    if (was.start, was.end) != (now.start, now.end):
        kinds.append(ChangeKind.MOVED)
    if was.hosts != now.hosts:
        kinds.append(ChangeKind.HOST)
    if was.chair != now.chair:
        kinds.append(ChangeKind.CHAIR)
    if was.vice_chair != now.vice_chair:
        kinds.append(ChangeKind.VICE_CHAIR)
    return kinds


def compare(
    coop: Cooperation,
    before: bytes | None,
    meetings: Sequence[Meeting],
    *,
    window: tuple[date, date],
    when: datetime,
    source: str,
    memo: ScanMemo | None = None,
) -> list[Change]:
    """What changed between `coop`'s cooperation feed as published and the planned meetings.

    A meeting of the previous feed that is no longer planned but starts in
    `window` is cancelled (the feed writes it so); one outside it has aged out.
    """
    if not before:
        return []  # the first export: nothing to compare with
    old = _meetings(before, source=source, memo=memo)
    new = {m.uid: _planned(m) for m in meetings}
    for uid, gone in old.items():
        if uid not in new and window[0].isoformat() <= gone.start[:10] < window[1].isoformat():
            new[uid] = replace(gone, cancelled=True)
    found = []
    for uid, now in sorted(new.items(), key=lambda item: (item[1].start, item[0])):
        was = old.get(uid)
        kinds = _kinds(was, now)
        if not kinds:
            continue
        found.append(
            Change(
                coop=coop.id,
                uid=uid,
                body=now.body,
                title=now.title,
                kinds=tuple(kinds),
                when=when.astimezone(UTC),
                start=now.start,
                old_start=was.start if was is not None and ChangeKind.MOVED in kinds else None,
                hosts=now.hosts,
                old_hosts=was.hosts if was is not None else (),
                chair=now.chair,
                old_chair=was.chair if was is not None else None,
                vice_chair=now.vice_chair,
                old_vice_chair=was.vice_chair if was is not None else None,
                members=_concerns(coop, [s for s in (was, now) if s is not None]),
            )
        )
    return found


def read_log(data: bytes | None, *, source: str = LOG) -> list[Change]:
    """The changes a previous export logged."""
    if not data:
        return []
    try:
        listed = json.loads(data)
        return [Change.from_dict(item) for item in listed["changes"]]
    except RecursionError:
        msg = (
            f"{source}: nested too deeply to be a change log samverkan wrote; "
            "move it away and export again to start a new log"
        )
        raise CalendarError(msg) from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        msg = (
            f"{source}{json_line(exc)}: not a change log samverkan wrote ({exc}); "
            "move it away and export again to start a new log"
        )
        raise CalendarError(msg) from None


def merge(log: Sequence[Change], new: Sequence[Change], *, when: datetime) -> list[Change]:
    """The log with `new` added and changes older than `KEEP` dropped, newest first."""
    kept = [c for c in [*log, *new] if when.astimezone(UTC) - c.when <= KEEP]
    unique = {c.id + "|" + c.coop: c for c in kept}
    return sorted(unique.values(), key=lambda c: (c.when, c.coop, c.start, c.uid), reverse=True)


def write_log(changes: Sequence[Change]) -> bytes:
    """``changes.json``: every change of the folder, newest first."""
    data = {"changes": [c.to_dict() for c in changes]}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
