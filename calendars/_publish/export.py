"""`samverkan export`: plan, render and write a whole feed set."""

from __future__ import annotations

import multiprocessing
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from calendars._errors import CalendarError
from calendars._formats.atom import AtomEntry, atom
from calendars._formats.feed import FeedFile
from calendars._formats.html import index_parts
from calendars._formats.ical import Organizer, Renderer
from calendars._formats.previous import calendar_name, known_meetings, owner_of
from calendars._formats.scan import ScanMemo
from calendars._formats.section import (
    ChangeLine,
    FeedLink,
    Listed,
    RotationLine,
    Section,
    TermRow,
    sections_of,
)
from calendars._model.cooperation import Cooperation
from calendars._model.meeting import Meeting, Plan
from calendars._model.names import body_feed, slug
from calendars._planning.feedset import FeedPlan, feed_plans, rotation_rows
from calendars._planning.planner import plan as plan_meetings
from calendars._publish.changes import (
    LOG,
    Change,
    compare,
    merge,
    read_log,
    urgent_first,
    write_log,
)
from calendars._publish.files import Staging, folder_lock, read_previous
from calendars._words import CHANGES, Language

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
    memo: ScanMemo | None = None,
) -> tuple[list[FeedFile], Plan]:
    """Every feed of `coop` for ``[start, end)``, each consistent with its previous version.

    A previous feed that cannot be read back is an error naming it; with
    `force` it is reported to `warn` and its meetings go out as new.
    """
    say = warn or _warn
    main_feed = f"{coop.id}.ics"
    known = _read_back(
        main_feed,
        previous,
        lambda data: known_meetings(data, source=main_feed, memo=memo),
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
    secretariat = coop.secretariat
    organizer = Organizer(secretariat.name, secretariat.email) if secretariat else None
    renderer = Renderer(
        timezone=coop.timezone, language=coop.language, organizer=organizer, previous=memo
    )
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
            FeedFile(
                f.name,
                f.title,
                f.kind,
                coop.id,
                content.count(b"BEGIN:VEVENT"),
                content,
                size=len(content),
            )
        )
    return files, plan


def _listed(meeting: Meeting) -> Listed:
    time = ""
    if isinstance(meeting.start, datetime) and isinstance(meeting.end, datetime):
        time = f"{meeting.start:%H.%M}–{meeting.end:%H.%M}"
    end = meeting.end.date() if isinstance(meeting.end, datetime) else meeting.end
    last = end if isinstance(meeting.end, datetime) else end - timedelta(days=1)
    return Listed(
        first=meeting.day,
        last=max(last, meeting.day),
        time=time,
        title=meeting.title,
        hosts=meeting.hosts,
        location=meeting.location,
        chair=meeting.chair,
        status=meeting.status.value,
        month_only=meeting.month_only,
        vice_chair=meeting.vice_chair,
    )


def _section(
    coop: Cooperation,
    plan: Plan,
    files: Sequence[FeedFile],
    log: Sequence[Change],
    *,
    start: date,
    end: date,
    stamp: datetime,
) -> Section:
    rows = rotation_rows(coop, plan)
    kinds = {body_feed(coop.id, key): str(body.kind) for key, body in coop.bodies.items()}
    return Section(
        id=coop.id,
        name=coop.name,
        language=coop.language,
        start=start,
        end=end,
        today=stamp.date(),
        feeds=tuple(
            FeedLink(f.name, f.title, f.kind, f.events, kinds.get(f.name, ""))
            for f in files
            if f.kind != "retired"
        ),
        rotations=tuple(
            RotationLine(
                row.name,
                row.role,
                tuple(
                    TermRow(t.holder, t.deputy, t.start, t.end - timedelta(days=1))
                    for t in row.terms
                ),
                tuple(b.name for b in coop.bodies.values() if row.name in (b.host, b.chair)),
            )
            for row in rows
        ),
        meetings=tuple(_listed(m) for m in plan.meetings),
        changes=tuple(
            ChangeLine(c.when.date().isoformat(), c.text(coop.language))
            for c in urgent_first([c for c in log if c.coop == coop.id])
        ),
        atom=f"{coop.id}-andringar.atom",
    )


def _entries(
    coop: Cooperation, changes: Sequence[Change], *, feed: str, page: str
) -> list[AtomEntry]:
    """One Atom entry per export that found changes, one line per change, urgent ones first.

    Every change of one export shares its stamp; one entry each would give the
    feed entries with the same `updated`, which feed readers cannot order.
    """
    words = CHANGES[Language(coop.language)]
    found = []
    for when in sorted({c.when for c in changes}, reverse=True):
        these = urgent_first([c for c in changes if c.when == when])
        lines = []
        for c in these:
            said = c.text(coop.language)
            concerns = f" {words['concerns']}: {', '.join(c.members)}." if c.members else ""
            lines.append(f"{said}.{concerns}")
        count = f"{len(these)} {words['change' if len(these) == 1 else 'changes']}"
        title = f"{count} {when.date().isoformat()}"
        key = f"{feed}/{when.strftime('%Y%m%dT%H%M%SZ')}"
        found.append(AtomEntry(key, title, when, title, "\n".join(lines), page))
    return found


def _atoms(
    coop: Cooperation, log: Sequence[Change], *, start: date, end: date, base: str
) -> dict[str, bytes]:
    """The change feeds of `coop`: the whole cooperation's and each member's.

    Without a publishing address (`base` empty) every link is relative to the
    folder, so the feeds stay right wherever the folder is published.
    """
    words = CHANGES[Language(coop.language)]
    author = coop.secretariat.name if coop.secretariat else coop.name
    mine = [c for c in log if c.coop == coop.id]
    quiet = datetime(start.year, start.month, start.day, tzinfo=UTC)
    page = f"{base}index.html"
    found = {}
    names = [(coop.id, coop.name, None)] + [
        (f"{coop.id}-kommun-{slug(m.name)}", f"{coop.name} – {m.name}", m.name)
        for m in coop.members_on(start, end)
    ]
    for name, title, member in names:
        feed = f"{name}-andringar.atom"
        found[feed] = atom(
            _entries(
                coop,
                [c for c in mine if member is None or member in c.members],
                feed=name,
                page=f"{page}#{coop.id}",
            ),
            key=f"{name}-andringar",
            title=f"{title} – {words['feed']}",
            author=author,
            empty_updated=quiet,
            own=f"{base}{feed}",
            link=f"{base}{name}.ics",
            page=page,
            language=coop.language,
        )
    return found


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        msg = f"cannot read {path}: {exc}"
        raise CalendarError(msg) from None


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


@dataclass(frozen=True)
class _Job:
    """What every cooperation of one export is built from (shared with forked workers)."""

    coops: tuple[Cooperation, ...]
    start: date
    end: date
    stamp: datetime
    previous: Mapping[str, bytes]
    force: bool
    warn: Callable[[str], None] | None
    memo: ScanMemo
    out: Path

    def run(self, i: int) -> _Built:
        """Cooperation `i`: its feeds staged on disk (not yet in place), its plan, its changes."""
        staging = Staging(self.out, read=self.previous)
        try:
            mine, plan, found = self._build(i)
            for f in mine:
                staging.add(f.name, f.content)
        except BaseException:
            staging.abort()
            raise
        kept = [replace(f, content=b"", size=len(f.content)) for f in mine]
        return kept, plan, found, staging.staged

    def _build(self, i: int) -> tuple[list[FeedFile], Plan, list[Change]]:
        coop = self.coops[i]
        mine, plan = build(
            coop,
            start=self.start,
            end=self.end,
            stamp=self.stamp,
            previous=self.previous,
            force=self.force,
            warn=self.warn,
            memo=self.memo,
        )

        def changes(data: bytes | None) -> list[Change]:
            return compare(
                coop,
                data,
                plan.meetings,
                window=(self.start, self.end),
                when=self.stamp,
                source=f"{coop.id}.ics",
                memo=self.memo,
            )

        found = _read_back(
            f"{coop.id}.ics", self.previous, changes, force=self.force, warn=self.warn or _warn
        )
        return mine, plan, found


_Built = tuple[list[FeedFile], Plan, list[Change], list[tuple[Path, Path]]]
"""A cooperation's feeds (without bytes), plan, changes and staged (temp, target) files."""

_WORKER_JOB: list[_Job] = []
"""The job a forked worker process serves; set only in the workers (see `_adopt`)."""


def _adopt(job: _Job) -> None:
    _WORKER_JOB[:] = [job]


def _work(i: int) -> _Built:
    return _WORKER_JOB[0].run(i)


def _each(job: _Job, jobs: int) -> Iterator[_Built]:
    """Each cooperation's result, in order: in `jobs` forked processes, or here.

    Workers are forked, so they share the export's inputs without copying;
    only each cooperation's result comes back. The order of the results is
    the order of the cooperations, so the output is byte for byte the serial
    one's.
    """
    n = len(job.coops)
    if jobs <= 1 or n <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for i in range(n):
            yield job.run(i)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=min(jobs, n), mp_context=context, initializer=_adopt, initargs=(job,)
    ) as pool:
        yield from pool.map(_work, range(n))


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
    jobs: int = 1,
) -> list[FeedFile]:
    """Write the feed set of `coops` for ``[start, end)`` into `out`, with `index.html`.

    Everything is computed before anything is written, and then written
    atomically: a run that fails leaves the previous set as it was. Besides
    the feeds it writes the change log (``changes.json`` and the Atom feeds
    ``…-andringar.atom``), each cooperation's ``{id}-index.json`` and an
    ``index.html`` listing every cooperation whose feeds are in `out`.

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
            (default: `warnings.warn`; with several `jobs`, each worker warns).
        jobs: build the cooperations in this many processes (forked where the
            system can; the output is the same as with one).

    Returns:
        The feeds of the set (the change log, index files and index.html not
        included), without their bytes (they are on disk; `size` says how
        many); `written` tells which the export wrote and which already held
        the same bytes.

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
        # The previous feeds' events, read once for the whole export.
        memo = ScanMemo()
        previous, bad = read_previous(out, memo=memo)
        for name, reason in bad.items():
            if not force:
                raise _bad_previous(str(out / name), reason)
            (warn or _warn)(
                f"the previous feed {out / name} cannot be read back ({reason}); "
                "it is replaced and its meetings go out as new"
            )
        job = _Job(tuple(coops), start, end, stamp, previous, force, warn, memo, out)
        staging = Staging(out, read=previous)
        try:
            files: list[FeedFile] = []
            found: list[Change] = []
            old_log = read_log(_read(out / LOG), source=str(out / LOG))
            base = base_url.rstrip("/") + "/" if base_url else ""
            # Of our own sections only the heads are kept: the page reads each back
            # from its staged file when its turn comes, so one is in memory at a time.
            heads: list[tuple[str, str, str]] = []
            # Each cooperation's feeds are staged where they are built (in a worker,
            # beside its pid); its change log, Atom feeds and index entry follow at
            # once, so the export holds one cooperation's plan and bytes at a time.
            for coop, (mine, plan, changes, staged) in zip(coops, _each(job, jobs), strict=True):
                staging.staged += staged
                files += mine
                found += changes
                # A cooperation's log is its own: merging per cooperation is merging all.
                own = merge([c for c in old_log if c.coop == coop.id], changes, when=stamp)
                for name, content in _atoms(coop, own, start=start, end=end, base=base).items():
                    staging.add(name, content)
                section = _section(coop, plan, mine, own, start=start, end=end, stamp=stamp)
                staging.add(f"{coop.id}-index.json", section.to_json())
                heads.append((section.id, section.name, section.language))
            _no_shared_files(files)
            log = merge(old_log, found, when=stamp)
            stored = {
                p.name: data
                for p in sorted(out.glob("*-index.json"))
                if p.name.removesuffix("-index.json") not in ids and (data := _read(p)) is not None
            }
            others = {s.id: s for s in sections_of(stored)}
            heads = [(s.id, s.name, s.language) for s in others.values()] + heads
            staging.add(LOG, write_log(log))
            language = "sv" if all(lang == "sv" for _, _, lang in heads) else "en"

            def load(coop_id: str) -> Section:
                if coop_id in others:
                    return others[coop_id]
                return Section.from_json(staging.bytes_of(f"{coop_id}-index.json"))

            parts = index_parts(
                [(i, n) for i, n, _ in heads], load, language=language, base_url=base_url
            )
            staging.add_stream("index.html", parts)
        except BaseException:
            staging.abort()
            raise
        written = staging.commit()
    return [replace(f, written=f.name in written) for f in files]
