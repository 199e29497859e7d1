"""`samverkan export`: plan, render and write a whole feed set."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from calendars._config import Cooperation
from calendars._errors import CalendarError
from calendars._feeds import FeedFile, RotationRow, build, read_previous, write_atomically
from calendars._html import index


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
