"""What the index page shows of one cooperation, and its ``{id}-index.json`` form.

Each export stores the sections of its cooperations, so that a later export
of another cooperation into the same folder can list them all on one page.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from calendars._errors import CalendarError, json_line
from calendars._model.body import BodyKind
from calendars._model.meeting import Meeting, Status
from calendars._model.names import FeedKind
from calendars._words import Language


@dataclass(frozen=True, slots=True)
class Listed:
    """A meeting as the index shows it."""

    first: date
    """Its first day."""
    last: date
    """Its last day (inclusive)."""
    time: str
    """"12.00–15.00", or empty for an all-day meeting."""
    title: str
    """The meeting's title."""
    hosts: tuple[str, ...]
    """The hosts."""
    location: str | None
    """Where."""
    chair: str | None
    """Who chairs."""
    status: Status
    """Confirmed, provisional or cancelled."""
    month_only: bool
    """Only the month is known."""
    vice_chair: str | None = None
    """Who is vice chair."""

    @classmethod
    def of(cls, meeting: Meeting) -> Listed:
        """`meeting` as a row of a listing: the one view of a meeting that tables show.

        What a table shows besides (the body) it reads from the meeting;
        ``{id}-index.json`` stores exactly this.
        """
        time = ""
        if isinstance(meeting.start, datetime) and isinstance(meeting.end, datetime):
            time = f"{meeting.start:%H.%M}–{meeting.end:%H.%M}"
        end = meeting.end.date() if isinstance(meeting.end, datetime) else meeting.end
        last = end if isinstance(meeting.end, datetime) else end - timedelta(days=1)
        return cls(
            first=meeting.day,
            last=max(last, meeting.day),
            time=time,
            title=meeting.title,
            hosts=meeting.hosts,
            location=meeting.location,
            chair=meeting.chair,
            status=meeting.status,
            month_only=meeting.month_only,
            vice_chair=meeting.vice_chair,
        )


@dataclass(frozen=True, slots=True)
class TermRow:
    """One term of a rotation: holder, deputy and inclusive days."""

    holder: str
    """Who holds it."""
    deputy: str | None
    """The deputy, if any."""
    first: date
    """First day."""
    last: date
    """Last day (inclusive)."""


@dataclass(frozen=True, slots=True)
class RotationLine:
    """A rotation on the timeline."""

    name: str
    """Its key in the file."""
    role: str
    """The role it hands out, as people say it ("ordförande")."""
    terms: tuple[TermRow, ...]
    """Its terms in the period."""
    bodies: tuple[str, ...] = ()
    """The names of the bodies it gives a host or chair to."""

    @property
    def label(self) -> str:
        """What the page calls it: "Värdkommun – Södertörns rådslag"."""
        role = f"{self.role[:1].upper()}{self.role[1:]}"
        return f"{role} – {', '.join(self.bodies)}" if self.bodies else role


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A feed offered for subscription."""

    name: str
    """File name."""
    title: str
    """The calendar's name."""
    kind: FeedKind
    """What it holds."""
    events: int
    """How many events it holds."""
    body_kind: BodyKind | None = None
    """For a body's feed, the body's kind (committee, management …); else None."""


@dataclass(frozen=True, slots=True)
class ChangeLine:
    """One change as the index lists it."""

    when: str
    """The export's day, ISO."""
    text: str
    """What changed."""


@dataclass(frozen=True, slots=True)
class Section:
    """What the index shows of one cooperation, as its last export left it."""

    id: str
    """The cooperation's id."""
    name: str
    """Its name."""
    language: Language
    """sv or en."""
    start: date
    """First day of the exported period."""
    end: date
    """The day after the last."""
    today: date
    """The export's day: "next" and "now" are counted from it."""
    feeds: tuple[FeedLink, ...]
    """The feeds offered."""
    rotations: tuple[RotationLine, ...]
    """The rotations, for the timeline."""
    meetings: tuple[Listed, ...]
    """Every meeting of the period, in order."""
    changes: tuple[ChangeLine, ...] = ()
    """The latest changes, newest first."""
    atom: str | None = None
    """The file name of its change feed."""

    def to_json(self) -> bytes:
        """The section as the ``{id}-index.json`` file."""
        data: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "language": self.language,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "atom": self.atom,
            "feeds": [[f.name, f.title, f.kind, f.events, f.body_kind] for f in self.feeds],
            "rotations": [
                {
                    "name": r.name,
                    "role": r.role,
                    "bodies": list(r.bodies),
                    "terms": [
                        [t.holder, t.deputy, t.first.isoformat(), t.last.isoformat()]
                        for t in r.terms
                    ],
                }
                for r in self.rotations
            ],
            "meetings": [
                [
                    m.first.isoformat(),
                    m.last.isoformat(),
                    m.time,
                    m.title,
                    list(m.hosts),
                    m.location,
                    m.chair,
                    m.status,
                    m.month_only,
                    m.vice_chair,
                ]
                for m in self.meetings
            ],
            "changes": [[c.when, c.text] for c in self.changes],
        }
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes, *, today: date | None = None) -> Section:
        """A section as `to_json` wrote it; ValueError or KeyError if it is not one.

        The file does not store the export's day (an unchanged section leaves
        its file untouched on any day): `today` gives it (default: a day that
        a file of an earlier release stored, else the period's first day).
        """
        d = json.loads(data)
        day = date.fromisoformat
        return cls(
            id=str(d["id"]),
            name=str(d["name"]),
            language=Language(d["language"]),
            start=day(d["start"]),
            end=day(d["end"]),
            today=today or day(d.get("today") or d["start"]),
            atom=d.get("atom"),
            # The fifth field of a feed and the tenth of a meeting came later:
            # a folder exported before them reads as without.
            feeds=tuple(
                FeedLink(
                    str(n),
                    str(t),
                    FeedKind(k),
                    int(e),
                    BodyKind(rest[0]) if rest and rest[0] else None,
                )
                for n, t, k, e, *rest in d["feeds"]
            ),
            rotations=tuple(
                RotationLine(
                    str(r["name"]),
                    str(r["role"]),
                    tuple(TermRow(h, dep, day(a), day(b)) for h, dep, a, b in r["terms"]),
                    tuple(str(b) for b in r["bodies"]),
                )
                for r in d["rotations"]
            ),
            meetings=tuple(
                Listed(day(a), day(b), t, title, tuple(h), loc, ch, Status(st), bool(mo), *rest[:1])
                for a, b, t, title, h, loc, ch, st, mo, *rest in d["meetings"]
            ),
            changes=tuple(ChangeLine(str(w), str(t)) for w, t in d["changes"]),
        )


def sections_of(found: Mapping[str, bytes], *, today: date | None = None) -> list[Section]:
    """The sections stored in a folder's ``*-index.json`` files, by their paths."""
    sections = []
    for name, data in sorted(found.items()):
        try:
            sections.append(Section.from_json(data, today=today))
        except RecursionError:
            msg = f"{name}: nested too deeply to be an index section samverkan wrote; delete it"
            raise CalendarError(msg) from None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            msg = (
                f"{name}{json_line(exc)}: not an index section samverkan wrote ({exc}); "
                "delete it and export that cooperation again"
            )
            raise CalendarError(msg) from None
    return sections
