"""What the import commands do: `import-text` (a kalendarium) and `import-ics`.

Each imports what only it needs inside its function, like the other commands.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from calendars._cli.commands import (
    EXIT_BAD_INPUT,
    EXIT_WITH_WARNINGS,
    MEETING_COLUMNS,
    YEARS,
    emit,
    meeting_table,
)
from calendars._config.cooperation import load_text
from calendars._errors import CalendarError
from calendars._model.names import KEY, KEY_RULE

if TYPE_CHECKING:
    from calendars._importers import kalendarium
    from calendars._importers.ics import IcsImport


def run_import_ics(args: argparse.Namespace) -> int:
    from calendars._importers.ics import read_calendar
    from calendars._publish.files import MAX_INPUT_BYTES, read_input

    path = Path(args.file)
    _refuse_existing(args)
    data = read_input(path, limit=MAX_INPUT_BYTES, what="an iCalendar file")
    if args.start and args.end and args.end < args.start:
        msg = f"--to {args.end} comes before --from {args.start}"
        raise CalendarError(msg)
    found = read_calendar(
        data, source=str(path), start=args.start, end=args.end, timezone=args.timezone
    )
    for note in found.notes:
        print(f"samverkan: warning: {note}", file=sys.stderr)
    if args.out:
        return _take_over(args, path, found)
    meetings = found.meetings
    if args.format == "table":
        meeting_table(meetings, language=args.language, title=True)
    else:
        emit([m.to_dict() for m in meetings], [(c, c) for c in MEETING_COLUMNS], args.format)
    return 0


def _take_over(args: argparse.Namespace, path: Path, found: IcsImport) -> int:
    """`import-ics --out`: a cooperation file that continues the calendar, UIDs kept."""
    from calendars._importers import coopfile, takeover
    from calendars._publish.files import write_atomically

    members = _members(args) or []
    named = [h for e in found.events for h in e.meeting.hosts]
    members += [h for h in dict.fromkeys(named) if h not in members]
    bodies, notes = takeover.bodies(found, members)
    for note in notes:
        print(f"samverkan: warning: {note}", file=sys.stderr)
    coop_id = args.id or coopfile.slug(path.stem)
    toml, problems = coopfile.to_toml(
        bodies, coop_id=coop_id, name=args.name or coop_id, members=members or None,
        source=path.name, tool="import-ics", timezone=takeover.zone(found),
    )  # fmt: skip
    if problems:
        _print_problems(path, problems)
        print(
            f"samverkan: error: {len(problems)} event(s) could not be taken over; nothing written",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    load_text(toml, file=args.out)  # the result must be a valid file
    out = Path(args.out)
    write_atomically(out.parent if str(out.parent) else Path("."), {out.name: toml.encode()})
    dates = sum(len(b.dates) for b in bodies)
    print(f"wrote {out}: {len(bodies)} bodies, {dates} dates")
    return 0


def _refuse_existing(args: argparse.Namespace) -> None:
    """A cooperation file may have been edited by hand: replaced only with --force."""
    if args.out is not None and not args.force and Path(args.out).exists():
        msg = (
            f"--out {args.out} already exists (perhaps edited by hand); "
            "give --force to replace it, or another --out"
        )
        raise CalendarError(msg)


def _members(args: argparse.Namespace) -> list[str] | None:
    """``--members A,B``, or None when not given."""
    if not args.members:
        return None
    return [m.strip() for m in args.members.split(",") if m.strip()]


def _print_problems(path: Path, problems: Sequence[kalendarium.Problem]) -> None:
    for problem in problems:
        where = f"{path}:{problem.line}" if problem.line else str(path)
        said = f"{problem.text!r}: " if problem.text else ""
        print(f"{where}: {said}{problem.message}", file=sys.stderr)


def _check_import_text(args: argparse.Namespace) -> None:
    """Refuse options that cannot work before reading anything."""
    if args.year is not None and not YEARS[0] <= args.year <= YEARS[1]:
        msg = f"--year {args.year}: give a year in {YEARS[0]}–{YEARS[1]}"
        raise CalendarError(msg)
    if args.id is not None and not KEY.fullmatch(args.id):
        msg = f"--id {args.id!r} cannot name a file; use {KEY_RULE}"
        raise CalendarError(msg)
    if args.out is not None and Path(args.out).is_dir():
        msg = f"--out {args.out} is a folder; give the name of the .toml file to write"
        raise CalendarError(msg)
    _refuse_existing(args)


def _read_text(path: Path) -> str:
    """The list's text from a text file, a Word document, a PDF or a saved web page."""
    from calendars._importers.documents import read_document
    from calendars._publish.files import MAX_INPUT_BYTES, read_input

    raw = read_input(path, limit=MAX_INPUT_BYTES, what="a kalendarium")
    document = read_document(raw, name=str(path))
    for said in document.notes:
        print(f"samverkan: warning: {said}", file=sys.stderr)
    return document.text


def _kalendarium_toml(
    args: argparse.Namespace, path: Path, parsed: kalendarium.Parsed, members: list[str] | None
) -> tuple[str, list[kalendarium.Body], list[kalendarium.Problem]]:
    """The cooperation file, the bodies in it and the lines that could not be read.

    Without --partial nothing is written when a line could not be read; with
    it, the dates the problems name are left out, once.
    """
    from calendars._importers import coopfile

    bodies, problems = parsed.bodies, list(parsed.problems)
    if problems and not args.partial:
        return "", bodies, problems
    coop_id = args.id or coopfile.slug(path.stem)
    name = args.name or coop_id
    # Named hosts per date are the list's truth: no rotation is inferred, no member needed.
    toml, later = coopfile.to_toml(
        bodies, coop_id=coop_id, name=name, members=members, source=path.name,
        require_members=False, rotations=False,
    )  # fmt: skip
    if later and args.partial:  # leave out the dates the problems name, once
        dropped = {p.line for p in later}
        for body in bodies:
            body.dates = [d for d in body.dates if d.line not in dropped]
        bodies = [b for b in bodies if b.dates]
        problems += later
        toml, later = coopfile.to_toml(
            bodies, coop_id=coop_id, name=name, members=members, source=path.name,
            require_members=False, rotations=False,
        )  # fmt: skip
    return toml, bodies, problems + later


def run_import_text(args: argparse.Namespace) -> int:
    from calendars._importers import kalendarium
    from calendars._publish.files import write_atomically

    _check_import_text(args)
    path = Path(args.file)
    text = _read_text(path)
    members = _members(args)
    parsed = kalendarium.parse(text, year=args.year, members=members, body=args.body)
    for note in parsed.notes:
        print(f"{path}:{note.line}: warning: {note.text!r}: {note.message}", file=sys.stderr)
    if args.explain:
        _explain(kalendarium.explain(parsed, text), args.explain)
    toml, bodies, problems = _kalendarium_toml(args, path, parsed, members)
    if problems and not (args.partial and toml):
        _print_problems(path, problems)
        print(
            f"samverkan: error: {len(problems)} line(s) could not be read; nothing written "
            "(--partial writes what was read)",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    load_text(toml, file=args.out or "<import-text>")  # the result must be a valid file
    if problems:
        _print_problems(path, problems)
        print(f"samverkan: warning: --partial: {len(problems)} line(s) left out", file=sys.stderr)
    if args.out:
        out = Path(args.out)
        write_atomically(out.parent if str(out.parent) else Path("."), {out.name: toml.encode()})
        dates = sum(len(b.dates) for b in bodies)
        print(f"wrote {out}: {len(bodies)} bodies, {dates} dates")
    elif not args.explain:
        print(toml, end="")
    return _unused_dates(path, kalendarium.unused_dates(parsed))


def _unused_dates(path: Path, unused: Sequence[kalendarium.Problem]) -> int:
    """Exit 0 only when every line with a date made a meeting or was explained (issue 16)."""
    if not unused:
        return 0
    lines = ", ".join(str(p.line) for p in unused)
    print(
        f"samverkan: warning: {path}: {len(unused)} line(s) with a date made no meeting "
        f"(line {lines}, listed above); check them, or put each date on a line of its own "
        "(exit status 1)",
        file=sys.stderr,
    )
    return EXIT_WITH_WARNINGS


def _explain(lines: Sequence[kalendarium.Explained], fmt: str) -> None:
    """``--explain``: each line of the list beside what was read from it."""
    if fmt == "json":
        rows = [
            {"line": e.line, "text": e.text, "read": e.read, "meetings": list(e.meetings),
             "problem": e.problem}
            for e in lines
        ]  # fmt: skip
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for e in lines:
        said = f"{'ERROR: ' if e.problem else ''}{e.read}"
        print(f"{e.line:>4}  {e.text}\n      -> {said}")
        for meeting in e.meetings:
            print(f"      -> {meeting}")
