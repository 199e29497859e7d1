"""`samverkan export`: plan, render and write a whole feed set."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

from calendars._errors import CalendarError
from calendars._formats.feed import FeedFile
from calendars._formats.html import index
from calendars._formats.ical import (
    Organizer,
    Renderer,
    calendar_name,
    known_meetings,
    owner_of,
)
from calendars._model.cooperation import Cooperation
from calendars._planning.feedset import FeedPlan, RotationRow, feed_plans, rotation_rows
from calendars._planning.planner import plan as plan_meetings
from calendars._publish.files import read_previous, write_atomically


def build(
    coop: Cooperation,
    *,
    start: date,
    end: date,
    stamp: datetime,
    previous: Mapping[str, bytes],
) -> tuple[list[FeedFile], list[RotationRow]]:
    """Every feed of `coop` for ``[start, end)``, each consistent with its previous version."""
    known = known_meetings(previous.get(f"{coop.id}.ics"), source=f"{coop.id}.ics")
    plan = plan_meetings(coop, start, end, known=known)
    wanted = feed_plans(coop, plan, start, end)
    # A feed this cooperation made before but no longer makes (a body was
    # removed or renamed, a member left) is retired: its meetings go out as
    # cancelled, so its subscribers' calendars drop them instead of going stale.
    made = {f.name for f in wanted}
    for name, data in sorted(previous.items()):
        if name not in made and owner_of(data) == coop.id:
            wanted.append(FeedPlan(name, calendar_name(data) or name, "retired", ()))
    secretariat = coop.secretariat
    organizer = Organizer(secretariat.name, secretariat.email) if secretariat else None
    renderer = Renderer(timezone=coop.timezone, language=coop.language, organizer=organizer)
    files = []
    for f in wanted:
        content = renderer.feed(
            f.meetings,
            name=f.title,
            uid=f"{f.name.removesuffix('.ics')}@samverkan",
            stamp=stamp,
            window=(start, end),
            previous=previous.get(f.name),
            source=f.name,
            owner=coop.id,
        )
        files.append(
            FeedFile(f.name, f.title, f.kind, coop.id, content.count(b"BEGIN:VEVENT"), content)
        )
    return files, rotation_rows(coop, plan)


def export(
    coops: Sequence[Cooperation],
    *,
    out: Path,
    start: date,
    end: date,
    stamp: datetime,
    base_url: str | None = None,
) -> list[FeedFile]:
    """Write the feed set of `coops` for ``[start, end)`` into `out`, with `index.html`.

    Everything is computed before anything is written, and then written
    atomically: a run that fails leaves the previous set as it was.

    Args:
        coops: the cooperations.
        out: the folder; the previous feeds there give SEQUENCE and DTSTAMP.
        start: first day planned.
        end: the day after the last day planned.
        stamp: when this export happens (UTC); used only for what changed.
        base_url: the public address of `out`, for absolute subscribe links.

    Returns:
        The feeds written (index.html not included).

    """
    ids = [c.id for c in coops]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        msg = (
            f"two cooperations have the id {', '.join(repeated)}; "
            "ids name the files, so make them unique"
        )
        raise CalendarError(msg)
    previous = read_previous(out)
    files: list[FeedFile] = []
    groups: list[tuple[str, str, Sequence[FeedFile], Sequence[RotationRow]]] = []
    for coop in coops:
        built, rows = build(coop, start=start, end=end, stamp=stamp, previous=previous)
        files += built
        groups.append((coop.id, coop.name, built, rows))
    language = "sv" if all(c.language == "sv" for c in coops) else "en"
    page = index(groups, start=start, end=end, language=language, base_url=base_url)
    contents = {f.name: f.content for f in files}
    contents["index.html"] = page.encode("utf-8")
    write_atomically(out, contents)
    return files
