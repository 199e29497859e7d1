"""The feed set of a cooperation, and writing it atomically."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from calendars._config import Cooperation
from calendars._errors import CalendarError
from calendars._ical import calendar_name, feed, owner_of
from calendars._meeting import Meeting, Plan
from rotations import Rotation, RotationError, Term, Unit


@dataclass(frozen=True, slots=True)
class FeedFile:
    """One file of a feed set."""

    name: str
    """File name, e.g. "sodertorn-kommitten.ics"."""
    title: str
    """The calendar's name as subscribers see it."""
    kind: str
    """"cooperation", "body", "member", "rotations", or "retired" (no longer made)."""
    coop: str
    """The cooperation's id."""
    events: int
    """How many events it holds."""
    content: bytes
    """The file's bytes."""


@dataclass(frozen=True, slots=True)
class RotationRow:
    """One rotation's terms, for the timeline picture."""

    coop: str
    """The cooperation's id."""
    name: str
    """The rotation's name."""
    role: str
    """The role it hands out."""
    terms: tuple[Term, ...]
    """The terms in the window (per-event rotations: one per hosted meeting)."""


def slug(text: str) -> str:
    """A file-name-safe form of `text`: "Södertälje" -> "sodertalje"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def _role_title(role: str, term: Term, language: str, context: str = "") -> str:
    deputy = {"sv": "vice", "en": "deputy"}[language]
    text = f"{role[:1].upper()}{role[1:]}: {term.holder}"
    if term.deputy:
        text += f" ({deputy}: {term.deputy})"
    return f"{text} – {context}" if context else text


def rotation_rows(coop: Cooperation, plan: Plan, start: date, end: date) -> list[RotationRow]:
    """The terms of every rotation in ``[start, end)``."""
    rows = []
    for name, rotation in coop.rotations.items():
        if rotation.unit is Unit.EVENT:
            terms = plan.turns.get(name, ())
        else:
            try:
                terms = tuple(rotation.terms(start, end))
            except RotationError:
                # A published list set to stop has no terms past its end;
                # publish what is known.
                terms = tuple(_known_terms(rotation, start, end))
        rows.append(RotationRow(coop.id, name, rotation.role, tuple(terms)))
    return rows


def _known_terms(rotation: Rotation, start: date, end: date) -> list[Term]:
    known = []
    for k in rotation.clock.turns_overlapping(start, end):
        day = rotation.clock.span(k)[0]
        try:
            known.append(rotation.term(max(day, start)))
        except RotationError:
            continue
    return known


def _rotation_meetings(
    coop: Cooperation, rows: Sequence[RotationRow], plan: Plan
) -> list[tuple[str, Meeting]]:
    """Each term as an all-day event, with its holder."""
    titles = {m.uid: m.title for m in plan.meetings}
    found = []
    for row in rows:
        for term in row.terms:
            if coop.rotations[row.name].unit is Unit.EVENT:
                meeting_uid = term.period.rsplit("#", 1)[0]
                context = titles.get(meeting_uid, "")
                key = slug(term.period)
            else:
                context, key = "", term.period
            found.append(
                (
                    term.holder,
                    Meeting(
                        uid=f"{coop.id}-rotation-{row.name}-{key}@samverkan",
                        body=f"rotation:{row.name}",
                        title=_role_title(row.role, term, coop.language, context),
                        start=term.start,
                        end=term.end,
                        hosts=(),
                        location=None,
                    ),
                )
            )
    return found


def build(
    coop: Cooperation,
    *,
    start: date,
    end: date,
    stamp: datetime,
    previous: Mapping[str, bytes],
) -> tuple[list[FeedFile], list[RotationRow]]:
    """Every feed of `coop` for ``[start, end)``, each consistent with its previous version."""
    plan = coop.plan(start, end)
    rows = rotation_rows(coop, plan, start, end)
    sv = coop.language == "sv"
    wanted: list[tuple[str, str, str, list[Meeting]]] = [
        (f"{coop.id}.ics", coop.name, "cooperation", list(plan.meetings))
    ]
    for key, body in coop.bodies.items():
        wanted.append((f"{coop.id}-{slug(key)}.ics", f"{body.name}", "body", list(plan.of(key))))
    rotation_meetings = _rotation_meetings(coop, rows, plan)
    if rows:
        title = f"{coop.name} – {'rotationer' if sv else 'rotations'}"
        everything = [m for _, m in rotation_meetings]
        wanted.append((f"{coop.id}-rotationer.ics", title, "rotations", everything))
    for member in coop.members:
        own_turns = [m for holder, m in rotation_meetings if holder == member.name]
        # What the member attends, and what it hosts even where it does not attend.
        attended = [
            m
            for m in plan.meetings
            if member.name in m.hosts
            or coop.bodies[m.body].attendees is None
            or member.name in (coop.bodies[m.body].attendees or ())
        ]
        meetings = sorted([*attended, *own_turns], key=lambda m: (m.day, m.uid))
        title = f"{coop.name} – {member.name}"
        wanted.append((f"{coop.id}-kommun-{slug(member.name)}.ics", title, "member", meetings))
    # A feed this cooperation made before but no longer makes (a body was
    # removed or renamed) is retired: its meetings go out as cancelled, so
    # its subscribers' calendars drop them, instead of going stale.
    made = {name for name, *_ in wanted}
    for name, data in sorted(previous.items()):
        if name not in made and owner_of(data) == coop.id:
            wanted.append((name, calendar_name(data) or name, "retired", []))
    files = []
    for name, title, kind, meetings in wanted:
        content = feed(
            meetings,
            name=title,
            uid=f"{name.removesuffix('.ics')}@samverkan",
            timezone=coop.timezone,
            language=coop.language,
            stamp=stamp,
            window=(start, end),
            previous=previous.get(name),
            source=name,
            owner=coop.id,
        )
        files.append(FeedFile(name, title, kind, coop.id, content.count(b"BEGIN:VEVENT"), content))
    return files, rows


def write_atomically(out: Path, files: Mapping[str, bytes]) -> None:
    """Write every file or none: all go to temporary files first, then each is renamed.

    A failure before the renames (a bad plan, a full disk) leaves the
    previous files untouched; `os.replace` is atomic per file.
    """
    out.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, content in files.items():
            target = out / name
            fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out)
            staged.append((Path(tmp_name), target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        for tmp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        raise
    for tmp, target in staged:
        os.replace(tmp, target)


def read_previous(out: Path) -> dict[str, bytes]:
    """The feeds as last published in `out`, by file name."""
    if not out.is_dir():
        return {}
    found = {}
    for path in sorted(out.glob("*.ics")):
        try:
            found[path.name] = path.read_bytes()
        except OSError as exc:
            msg = f"cannot read the previous feed {path}: {exc}"
            raise CalendarError(msg) from None
    return found
