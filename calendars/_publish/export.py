"""`samverkan export`: plan, render and write a whole feed set."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

from calendars._errors import CalendarError
from calendars._formats.feed import FeedFile
from calendars._formats.html import index
from calendars._formats.ical import Renderer, calendar_name, known_meetings, owner_of
from calendars._model.cooperation import Cooperation
from calendars._planning.feedset import FeedPlan, RotationRow, feed_plans, rotation_rows
from calendars._planning.planner import plan as plan_meetings
from calendars._publish.files import folder_lock, read_previous, write_atomically

# What reading a hand-edited previous feed back can raise: icalendar's parser
# and its property types raise these for bad values (SEQUENCE:abc, a DTSTART
# that is no date, bytes that are not UTF-8).
_UNREADABLE = (CalendarError, ValueError, KeyError, IndexError, TypeError, AttributeError)
FORCE_HINT = (
    "repair or remove it, or run again with --force to publish its meetings as new "
    "(their SEQUENCE starts again at 0)"
)

T = TypeVar("T")


def _bad_previous(name: str, reason: str) -> CalendarError:
    return CalendarError(f"the previous feed {name} cannot be read back: {reason}; {FORCE_HINT}")


def _reason(exc: Exception, name: str) -> str:
    """What is wrong, without the file name that the message around it gives."""
    return (str(exc) or type(exc).__name__).removeprefix(f"{name}: ")


def _read_back(
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
            raise _bad_previous(name, _reason(exc, name)) from None
        warn(
            f"the previous feed {name} cannot be read back ({_reason(exc, name)}); "
            "its meetings go out as new"
        )
        return use(None)


def build(
    coop: Cooperation,
    *,
    start: date,
    end: date,
    stamp: datetime,
    previous: Mapping[str, bytes],
    force: bool = False,
    warn: Callable[[str], None] | None = None,
) -> tuple[list[FeedFile], list[RotationRow]]:
    """Every feed of `coop` for ``[start, end)``, each consistent with its previous version.

    A previous feed that cannot be read back is an error naming it; with
    `force` it is reported to `warn` and its meetings go out as new.
    """
    say = warn or _warn
    main_feed = f"{coop.id}.ics"
    known = _read_back(
        main_feed,
        previous,
        lambda data: known_meetings(data, source=main_feed),
        force=force,
        warn=say,
    )
    plan = plan_meetings(coop, start, end, known=known)
    wanted = feed_plans(coop, plan, start, end)
    # A feed this cooperation made before but no longer makes (a body was
    # removed or renamed, a member left) is retired: its meetings go out as
    # cancelled, so its subscribers' calendars drop them instead of going stale.
    made = {f.name for f in wanted}
    for name, data in sorted(previous.items()):
        if name not in made and _owner(data) == coop.id:
            wanted.append(FeedPlan(name, calendar_name(data) or name, "retired", ()))
    renderer = Renderer(timezone=coop.timezone, language=coop.language)
    files = []
    for f in wanted:

        def render(before: bytes | None, f: FeedPlan = f) -> bytes:
            return renderer.feed(
                f.meetings,
                name=f.title,
                uid=f"{f.name.removesuffix('.ics')}@samverkan",
                stamp=stamp,
                window=(start, end),
                previous=before,
                source=f.name,
                owner=coop.id,
            )

        content = _read_back(f.name, previous, render, force=force, warn=say)
        files.append(
            FeedFile(f.name, f.title, f.kind, coop.id, content.count(b"BEGIN:VEVENT"), content)
        )
    return files, rotation_rows(coop, plan)


def _owner(data: bytes) -> str | None:
    """The cooperation that wrote a feed; ``None`` for one whose owner cannot be read."""
    try:
        return owner_of(data)
    except UnicodeDecodeError:
        return None


def _warn(message: str) -> None:
    warnings.warn(message, UserWarning, stacklevel=3)


def _no_shared_files(files: Sequence[FeedFile]) -> None:
    """Two cooperations whose feeds would be one file ("a" + body "b-c", "a-b" + body "c")."""
    seen: dict[str, str] = {}
    for f in files:
        other = seen.setdefault(f.name, f.coop)
        if other != f.coop:
            msg = (
                f"the cooperations {other!r} and {f.coop!r} both make the feed file {f.name}; "
                "one would overwrite the other, so nothing was written (rename a body or an id)"
            )
            raise CalendarError(msg)


def export(
    coops: Sequence[Cooperation],
    *,
    out: Path,
    start: date,
    end: date,
    stamp: datetime,
    base_url: str | None = None,
    force: bool = False,
    warn: Callable[[str], None] | None = None,
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
        force: go on when a previous feed cannot be read back (unreadable,
            not a regular file, empty, too large, not valid iCalendar):
            its meetings go out as new. Without it, such a feed is an error.
        warn: told about each previous feed that `force` passed over
            (default: `warnings.warn`).

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
    with folder_lock(out):
        previous, bad = read_previous(out)
        for name, reason in bad.items():
            if not force:
                raise _bad_previous(str(out / name), reason)
            (warn or _warn)(
                f"the previous feed {out / name} cannot be read back ({reason}); "
                "it is replaced and its meetings go out as new"
            )
        files: list[FeedFile] = []
        groups: list[tuple[str, str, Sequence[FeedFile], Sequence[RotationRow]]] = []
        for coop in coops:
            built, rows = build(
                coop,
                start=start,
                end=end,
                stamp=stamp,
                previous=previous,
                force=force,
                warn=warn,
            )
            files += built
            groups.append((coop.id, coop.name, built, rows))
        _no_shared_files(files)
        language = "sv" if all(c.language == "sv" for c in coops) else "en"
        page = index(groups, start=start, end=end, language=language, base_url=base_url)
        contents = {f.name: f.content for f in files}
        contents["index.html"] = page.encode("utf-8")
        write_atomically(out, contents)
    return files
