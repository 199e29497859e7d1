"""What an export shows of a cooperation besides its feeds: its index section and change feeds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from calendars._formats.atom import AtomEntry, atom
from calendars._formats.feed import FeedFile
from calendars._formats.section import (
    ChangeLine,
    FeedLink,
    Listed,
    RotationLine,
    Section,
    TermRow,
)
from calendars._model.cooperation import Cooperation
from calendars._model.meeting import Plan
from calendars._model.names import (
    INDEX_PAGE,
    FeedKind,
    body_feed,
    change_feed,
    change_key,
    cooperation_feed,
    member_codes,
    member_feed,
    member_stem,
)
from calendars._planning.feedset import rotation_rows
from calendars._publish.changes import Change, urgent_first
from calendars._words import CHANGES


def section_of(
    coop: Cooperation,
    plan: Plan,
    files: Sequence[FeedFile],
    log: Sequence[Change],
    *,
    start: date,
    end: date,
    stamp: datetime,
) -> Section:
    """What the index page shows of `coop`: its feeds, rotations, meetings and changes."""
    rows = rotation_rows(coop, plan)
    kinds = {body_feed(coop.id, key): body.kind for key, body in coop.bodies.items()}
    return Section(
        id=coop.id,
        name=coop.name,
        language=coop.language,
        start=start,
        end=end,
        today=stamp.date(),
        feeds=tuple(
            FeedLink(f.name, f.title, f.kind, f.events, kinds.get(f.name))
            for f in files
            if f.kind is not FeedKind.RETIRED
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
        meetings=tuple(Listed.of(m) for m in plan.meetings),
        changes=tuple(
            ChangeLine(c.when.date().isoformat(), c.text(coop.language))
            for c in urgent_first([c for c in log if c.coop == coop.id])
        ),
        atom=change_feed(coop.id),
    )


def _entries(
    coop: Cooperation, changes: Sequence[Change], *, stem: str, page: str
) -> list[AtomEntry]:
    """One Atom entry per export that found changes, one line per change, urgent ones first.

    Every change of one export shares its stamp; one entry each would give the
    feed entries with the same `updated`, which feed readers cannot order.
    """
    words = CHANGES[coop.language]
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
        key = f"{stem}/{when.strftime('%Y%m%dT%H%M%SZ')}"
        found.append(AtomEntry(key, title, when, title, "\n".join(lines), page))
    return found


def change_feeds(
    coop: Cooperation, log: Sequence[Change], *, start: date, end: date, base: str
) -> dict[str, bytes]:
    """The Atom change feeds of `coop` by file name: the whole cooperation's and each member's.

    Without a publishing address (`base` empty) every link is relative to the
    folder, so the feeds stay right wherever the folder is published.
    """
    words = CHANGES[coop.language]
    author = coop.secretariat.name if coop.secretariat else coop.name
    mine = [c for c in log if c.coop == coop.id]
    quiet = datetime(start.year, start.month, start.day, tzinfo=UTC)
    page = f"{base}{INDEX_PAGE}"

    codes = member_codes((m.name, m.code) for m in coop.members)

    def one(changes: Sequence[Change], member: str | None, title: str, feed: str) -> bytes:
        code = codes.get(member) if member else None
        name = change_feed(coop.id, member, code=code)
        stem = coop.id if member is None else member_stem(coop.id, member, code=code)
        return atom(
            _entries(coop, changes, stem=stem, page=f"{page}#{coop.id}"),
            key=change_key(coop.id, member, code=code),
            title=f"{title} – {words['feed']}",
            author=author,
            empty_updated=quiet,
            own=f"{base}{name}",
            link=f"{base}{feed}",
            page=page,
            language=coop.language,
        )

    found = {change_feed(coop.id): one(mine, None, coop.name, cooperation_feed(coop.id))}
    for member in coop.members_on(start, end):
        code = codes[member.name]
        found[change_feed(coop.id, member.name, code=code)] = one(
            [c for c in mine if member.name in c.members],
            member.name,
            f"{coop.name} – {member.name}",
            member_feed(coop.id, member.name, code=code),
        )
    return found
