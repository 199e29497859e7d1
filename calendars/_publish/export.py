"""`samverkan export`: plan, render and write a whole feed set (the orchestration).

What is built per cooperation is here; the index section and change feeds
are in `calendars._publish.views`, the worker processes in
`calendars._publish.pool`, reading previous feeds back in
`calendars._publish.readback`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from calendars._errors import CalendarError
from calendars._formats.feed import FeedFile
from calendars._formats.html import index_parts
from calendars._formats.ical import Organizer, Renderer
from calendars._formats.previous import calendar_name, known_meetings, owner_of
from calendars._formats.scan import ScanMemo
from calendars._formats.section import Section, sections_of
from calendars._model.cooperation import Cooperation
from calendars._model.meeting import ConflictKind, Plan
from calendars._model.names import (
    CHANGE_LOG,
    INDEX_GLOB,
    INDEX_PAGE,
    FeedKind,
    cooperation_feed,
    index_file,
    index_owner,
)
from calendars._planning.feedset import FeedPlan, feed_plans
from calendars._planning.planner import plan as plan_meetings
from calendars._publish.changes import Change, compare, merge, read_log, write_log
from calendars._publish.files import MAX_LOG_BYTES, Staging, folder_lock, read_input, read_previous
from calendars._publish.owners import refuse_foreign
from calendars._publish.pool import each
from calendars._publish.readback import bad_previous, read_back
from calendars._publish.readback import warn as _warn
from calendars._publish.views import change_feeds, section_of
from calendars._words import Language


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
    main_feed = cooperation_feed(coop.id)
    known = read_back(
        main_feed,
        previous,
        lambda data: known_meetings(data, source=main_feed, memo=memo),
        force=force,
        warn=say,
    )
    plan = plan_meetings(coop, start, end, known=known)
    # A year whose rule could not be met keeps the nightly export going, and says so.
    for conflict in plan.conflicts:
        if conflict.kind is ConflictKind.OFF_RULE:
            say(conflict.message)
    wanted = feed_plans(coop, plan, start, end)
    # A feed this cooperation made before but no longer makes (a body was
    # removed or renamed, a member left) is retired: its meetings go out as
    # cancelled, so its subscribers' calendars drop them instead of going stale.
    made = {f.name for f in wanted}
    for name, data in sorted(previous.items()):
        if name not in made and _owner(data) == coop.id:
            wanted.append(FeedPlan(name, calendar_name(data) or name, FeedKind.RETIRED, ()))
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
                stamp=stamp,
                window=(start, end),
                previous=before,
                source=f.name,
                owner=coop.id,
            )

        content = read_back(f.name, previous, render, force=force, warn=say)
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


def _read(path: Path) -> bytes | None:
    if not path.exists() and not path.is_symlink():
        return None
    return read_input(path, limit=MAX_LOG_BYTES, what="a change log or index")


def _owner(data: bytes) -> str | None:
    """The cooperation that wrote a feed; ``None`` for one whose owner cannot be read."""
    try:
        return owner_of(data)
    except UnicodeDecodeError:
        return None


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
                source=cooperation_feed(coop.id),
                memo=self.memo,
            )

        found = read_back(
            cooperation_feed(coop.id),
            self.previous,
            changes,
            force=self.force,
            warn=self.warn or _warn,
        )
        return mine, plan, found


_Built = tuple[list[FeedFile], Plan, list[Change], list[tuple[Path, Path]]]
"""A cooperation's feeds (without bytes), plan, changes and staged (temp, target) files."""


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

    Raises:
        CalendarError: two cooperations share an id, `base_url` is not an
            http(s) address, or the folder or a previous feed cannot be used.

    """
    _unique_ids(coops)
    _check_base_url(base_url)
    with folder_lock(out):
        # The previous feeds' events, read once for the whole export.
        memo = ScanMemo()
        previous = _previous(out, force=force, warn=warn or _warn, memo=memo)
        job = _Job(tuple(coops), start, end, stamp, previous, force, warn, memo, out)
        staging = Staging(out, read=previous)
        try:
            files = _stage(job, staging, jobs=jobs, base_url=base_url)
        except BaseException:
            staging.abort()
            raise
        written = staging.commit()
    return [replace(f, written=f.name in written) for f in files]


def _check_base_url(base_url: str | None) -> None:
    """The public address must be one a calendar client can subscribe to: http(s)://host/…."""
    if base_url is None:
        return
    parts = urlsplit(base_url)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or any(c.isspace() for c in base_url)
    ):
        msg = (
            f"--base-url (base_url) {base_url[:200]!r} is not an http:// or https:// address; "
            "give the public address of the folder, e.g. https://example.se/kalender/"
        )
        raise CalendarError(msg)


def _unique_ids(coops: Sequence[Cooperation]) -> None:
    ids = [c.id for c in coops]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        msg = (
            f"two cooperations have the id {', '.join(repeated)}; "
            "ids name the files, so make them unique"
        )
        raise CalendarError(msg)


def _previous(
    out: Path, *, force: bool, warn: Callable[[str], None], memo: ScanMemo
) -> Mapping[str, bytes]:
    """The previous feeds in `out`; one that cannot be read is an error (a warning with `force`)."""
    previous, bad = read_previous(out, memo=memo)
    for name, reason in bad.items():
        if not force:
            raise bad_previous(str(out / name), reason)
        warn(
            f"the previous feed {out / name} cannot be read back ({reason}); "
            "it is replaced and its meetings go out as new"
        )
    return previous


def _stage(job: _Job, staging: Staging, *, jobs: int, base_url: str | None) -> list[FeedFile]:
    """Stage every file of the set in `staging`; the feeds made, without their bytes."""
    out, stamp = job.out, job.stamp
    files: list[FeedFile] = []
    found: list[Change] = []
    old_log = read_log(_read(out / CHANGE_LOG), source=str(out / CHANGE_LOG))
    base = base_url.rstrip("/") + "/" if base_url else ""
    # Of our own sections only the heads are kept: the page reads each back
    # from its staged file when its turn comes, so one is in memory at a time.
    heads: list[tuple[str, str, Language]] = []
    # Each cooperation's feeds are staged where they are built (in a worker,
    # beside its pid); its change log, Atom feeds and index entry follow at
    # once, so the export holds one cooperation's plan and bytes at a time.
    built = each(job.run, len(job.coops), jobs)
    for coop, (mine, plan, changes, staged) in zip(job.coops, built, strict=True):
        staging.staged += staged
        files += mine
        found += changes
        # A cooperation's log is its own: merging per cooperation is merging all.
        own = merge([c for c in old_log if c.coop == coop.id], changes, when=stamp)
        for name, content in change_feeds(
            coop, own, start=job.start, end=job.end, base=base
        ).items():
            staging.add(name, content)
        section = section_of(coop, plan, mine, own, start=job.start, end=job.end, stamp=stamp)
        staging.add(index_file(coop.id), section.to_json())
        heads.append((section.id, section.name, section.language))
    _no_shared_files(files)
    refuse_foreign(out, files, job.previous)
    staging.add(CHANGE_LOG, write_log(merge(old_log, found, when=stamp)))
    _stage_page(staging, {c.id for c in job.coops}, heads, base_url=base_url, today=stamp.date())
    return files


def _stage_page(
    staging: Staging,
    ids: set[str],
    heads: list[tuple[str, str, Language]],
    *,
    base_url: str | None,
    today: date,
) -> None:
    """Stage the index page: the sections of other cooperations in the folder, then `heads`."""
    stored = {
        str(p): data
        for p in sorted(staging.out.glob(INDEX_GLOB))
        if index_owner(p.name) not in ids and (data := _read(p)) is not None
    }
    others = {s.id: s for s in sections_of(stored, today=today)}
    heads = [(s.id, s.name, s.language) for s in others.values()] + heads
    language = Language.SV if all(lang is Language.SV for _, _, lang in heads) else Language.EN

    def load(coop_id: str) -> Section:
        if coop_id in others:
            return others[coop_id]
        return Section.from_json(staging.bytes_of(index_file(coop_id)), today=today)

    parts = index_parts([(i, n) for i, n, _ in heads], load, language=language, base_url=base_url)
    staging.add_stream(INDEX_PAGE, parts)
