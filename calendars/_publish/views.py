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
    FeedKind,
    change_feed,
    change_key,
    cooperation_feed,
    member_codes,
    member_feed,
)
from calendars._planning.feedset import rotation_rows
from calendars._publish.changes import Change
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
    return Section(
        id=coop.id,
        name=coop.name,
        language=coop.language,
        start=start,
        end=end,
        today=stamp.date(),
        feeds=tuple(
            FeedLink(f.name, f.title, f.kind, f.events)
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
            for c in log
            if c.coop == coop.id
        ),
        atom=change_feed(coop.id),
    )


def change_feeds(
    coop: Cooperation, log: Sequence[Change], *, start: date, end: date, base: str
) -> dict[str, bytes]:
    """The Atom change feeds of `coop` by file name: the whole cooperation's and each member's."""
    words = CHANGES[coop.language]
    author = coop.secretariat.name if coop.secretariat else coop.name
    mine = [c for c in log if c.coop == coop.id]
    quiet = datetime(start.year, start.month, start.day, tzinfo=UTC)

    def entries(changes: Sequence[Change]) -> list[AtomEntry]:
        found = []
        for c in changes:
            said = c.text(coop.language)
            concerns = f"{words['concerns']}: {', '.join(c.members)}." if c.members else ""
            found.append(AtomEntry(c.id, said, c.when, f"{said}. {concerns}".strip()))
        return found

    codes = member_codes((m.name, m.code) for m in coop.members)

    def one(changes: Sequence[Change], member: str | None, title: str, feed: str) -> bytes:
        code = codes.get(member) if member else None
        name = change_feed(coop.id, member, code=code)
        return atom(
            entries(changes),
            key=change_key(coop.id, member, code=code),
            title=f"{title} – {words['feed']}",
            author=author,
            empty_updated=quiet,
            link=f"{base}{feed}",
            language=coop.language,
            own=f"{base}{name}" if base else None,
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
