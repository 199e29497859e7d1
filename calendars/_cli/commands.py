"""What each `samverkan` command does; `calendars._cli` parses the command line.

Exit status: 0 done, 1 a fairness check failed, 2 bad input.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from calendars._config.cooperation import bundled, load
from calendars._errors import CalendarError
from calendars._formats.listing import (
    RED,
    RESET,
    day_text,
    month_text,
    span_text,
    table,
    to_csv,
    to_excel_csv,
    to_json,
)
from calendars._formats.section import Listed
from calendars._model.cooperation import Cooperation
from calendars._model.meeting import Conflict, ConflictKind, Meeting
from calendars._model.names import INDEX_GLOB, INDEX_PAGE
from calendars._words import STATUS, Language
from rotations import FairnessReport, Rotation, Term, Unit, fairness

if TYPE_CHECKING:
    from calendars._formats.feed import FeedFile
    from calendars._publish.changes import Change

# Each command imports what only it needs inside its function, so that
# `samverkan rotation` does not load icalendar, HTTP or CalDAV code
# (bench/bench_cli.py measures the start-up of every command).

YEARS = (1900, 9000)
"""The years --from and --to may name (a plan's years)."""
STAMP_YEARS = (1970, 9000)
"""The years --stamp and SOURCE_DATE_EPOCH may name."""
EXIT_UNFAIR = 1
EXIT_CONFLICT = 1
EXIT_WITH_WARNINGS = 1
"""import-text wrote its file, but a line with a date made no meeting."""
EXIT_BAD_INPUT = 2

RULES = {
    "rotation": "the rotation's order from its anchor",
    "published": "the published list",
    "repeat": 'the published list has ended; it is repeated from its start (after = "repeat")',
    "continue": (
        "the published list has ended; the member order continues after its last holder "
        '(after = "continue")'
    ),
    "skip": 'a member left with policy "skip"; its turn passes to the next member in turn',
    "deferred": "the member was unavailable earlier and takes the turn it is owed",
    "moved up": "the member's turn came early because the holder was unavailable",
    "forfeited": "the holder was unavailable and forfeits; the next member stands in",
    "waived": "the holder waived the turn; everyone moves up (its next turn comes a round later)",
    "stand-in": "no upcoming turn belonged to an available member; a current member stands in",
    "substitution": "a substitution gives this turn to another member",
    "swap": "two turns were swapped",
}
TERM_COLUMNS = ("holder", "deputy", "start", "end", "period", "rule")


def _period(args: argparse.Namespace, *, years_back: int = 0) -> tuple[date, date]:
    """The half-open period [from, to + 1 day).

    By default from 1 January `years_back` years ago to 31 December next year.
    """
    today = date.today()  # the CLI is the one place that reads the clock
    start = args.from_ or date(today.year - years_back, 1, 1)
    last = args.to or date(today.year + 1, 12, 31)
    for option, day in (("--from", start), ("--to", last)):
        if not YEARS[0] <= day.year <= YEARS[1]:
            msg = f"{option} {day}: plans cover the years {YEARS[0]}–{YEARS[1]}"
            raise CalendarError(msg)
    if last < start:
        msg = f"--to {last} is before --from {start}"
        raise CalendarError(msg)
    if last == date.max:
        msg = f"--to {last} is the last day a date can hold; give an earlier --to"
        raise CalendarError(msg)
    return start, last + timedelta(days=1)


DATED = ("day", "date", "time", "start", "end", "from", "to", "when", "period", "old_start")
"""Columns a table never wraps or cuts."""


def _width() -> int | None:
    """The width a table must fit: COLUMNS, or the terminal's; ``None`` when not a terminal."""
    if "COLUMNS" in os.environ or sys.stdout.isatty():
        return shutil.get_terminal_size((80, 24)).columns
    return None


def emit(
    rows: list[dict[str, object]],
    columns: Sequence[tuple[str, str]],
    fmt: str,
    *,
    drop: Sequence[str] = (),
) -> None:
    """Print `rows` as JSON, CSV or a table fitted to the terminal (`drop`: columns that may go)."""
    if fmt == "json":
        print(to_json(rows))
    elif fmt == "csv":
        print(to_csv(rows, [key for key, _ in columns]), end="")
    elif fmt == "excel":
        sys.stdout.write(to_excel_csv(rows, [key for key, _ in columns]))
    else:
        print(table(rows, columns, width=_width(), colour=_colour(), keep=DATED, drop=drop))


def _colour() -> bool:
    """Colour only on a terminal, and never with NO_COLOR set (no-color.org)."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def _terms_of(coop: Cooperation, rotation: Rotation, start: date, end: date) -> list[Term]:
    """The terms in the period, as the plan uses them (per-event ones: its meetings')."""
    from calendars._planning.planner import plan as plan_meetings

    used = any(rotation.name in (b.host, b.chair) for b in coop.bodies.values())
    if rotation.unit is Unit.EVENT and not used:
        msg = (
            f"rotation {rotation.name!r} turns once per event, but no body in "
            f"{coop.source} uses it (set host = {rotation.name!r} on a body)"
        )
        raise CalendarError(msg)
    if rotation.unit is not Unit.EVENT and rotation.name not in coop.handovers_at:
        return rotation.terms(start, end)
    planned = plan_meetings(coop, start, end)
    if rotation.unit is Unit.EVENT:
        return list(planned.terms[rotation.name])
    return planned.rotations[rotation.name].terms(start, end)


def run_schema(args: argparse.Namespace) -> int:
    from calendars._config.schema import schema_text

    sys.stdout.write(schema_text())
    return 0


def run_list(args: argparse.Namespace) -> int:
    rows: list[dict[str, object]] = []
    for name in bundled():
        coop = load(name)
        rows.append(
            {
                "id": coop.id,
                "name": coop.name,
                "members": len(coop.members),
                "bodies": list(coop.bodies),
                "rotations": list(coop.rotations),
            }
        )
    if args.format == "table":
        for row in rows:
            row["bodies"] = len(row["bodies"])  # type: ignore[arg-type]
            row["rotations"] = len(row["rotations"])  # type: ignore[arg-type]
    columns = ("id", "name", "members", "bodies", "rotations")
    emit(rows, [(c, c) for c in columns], args.format)
    return 0


def run_rotation(args: argparse.Namespace) -> int:
    coop = load(args.coop)
    rotation = coop.rotation(args.name)
    start, end = _period(args)
    terms = _terms_of(coop, rotation, start, end)
    if rotation.since is not None and start < rotation.since:
        _warning(
            f"rotation {args.name!r} is in force from {rotation.since} (its `from`); "
            "nobody holds the role before it"
        )
    rows: list[dict[str, object]] = [dict(t.to_dict()) for t in terms]
    if args.format == "table":
        for row, term in zip(rows, terms, strict=True):
            row["start"] = day_text(term.start, coop.language)
            row["last"] = day_text(term.end - timedelta(days=1), coop.language)
        emit(
            rows,
            [
                ("period", "period"),
                ("holder", rotation.role),
                *([("deputy", "deputy")] if any(t.deputy for t in terms) else []),
                ("start", "from"),
                ("last", "to (incl.)"),
                ("rule", "rule"),
            ],
            "table",
        )
        width = min(shutil.get_terminal_size((80, 24)).columns, 80)
        print()
        for rule in dict.fromkeys(t.rule for t in terms):
            print(textwrap.fill(f"{rule}: {RULES.get(rule, rule)}", width, subsequent_indent="  "))
    else:
        emit(rows, [(c, c) for c in TERM_COLUMNS], args.format)
    return 0


def _named_by_date(terms: list[Term]) -> list[Term]:
    """Per-event turns named by their date (a second one that day: "2025-03-25 (2)")."""
    seen: dict[date, int] = {}
    named = []
    for t in sorted(terms, key=lambda t: (t.start, t.index)):
        seen[t.start] = seen.get(t.start, 0) + 1
        n = seen[t.start]
        named.append(replace(t, period=t.start.isoformat() + (f" ({n})" if n > 1 else "")))
    return named


def run_fairness(args: argparse.Namespace) -> int:
    coop = load(args.coop)
    start, end = _period(args)
    names = [args.name] if args.name else list(coop.rotations)
    reports: dict[str, FairnessReport] = {}
    for name in names:
        rotation = coop.rotation(name)
        terms = _terms_of(coop, rotation, start, end)
        if terms:
            if rotation.unit is Unit.EVENT:
                terms = _named_by_date(terms)  # per-event turns are named by their day
            reports[name] = fairness(terms)
    if args.format == "table":
        _print_fairness(reports)
    else:
        rows = [_fairness_row(name, report, args.format) for name, report in reports.items()]
        columns = ("rotation", "fair", "spread", "balance", "turns", "violations", "adjustments")
        emit(rows, [(c, c) for c in columns], args.format)
    return EXIT_UNFAIR if any(not report.fair for report in reports.values()) else 0


def _fairness_row(name: str, report: FairnessReport, form: str) -> dict[str, object]:
    """One rotation's verdict as a row: lists in JSON, one cell each in CSV."""
    messages = {
        "violations": [v.message for v in report.violations],
        # What each explicit exception did: owed, repaid, forfeited, substituted …
        "adjustments": [a.message for a in report.adjustments],
    }
    row: dict[str, object] = {
        "rotation": name,
        "fair": report.fair,
        "turns": report.turns,
        "spread": report.spread,
        "balance": round(report.balance, 3),
        **messages,
    }
    if form in ("csv", "excel"):
        row["turns"] = "; ".join(f"{m} {n}" for m, n in report.turns.items())
        row.update({key: " | ".join(said) for key, said in messages.items()})
    return row


def _print_fairness(reports: Mapping[str, FairnessReport]) -> None:
    """Each rotation's verdict, turns and messages, for a person reading a terminal."""
    for name, report in reports.items():
        verdict = "fair" if report.fair else "UNFAIR"
        if not report.fair and _colour():
            verdict = f"{RED}{verdict}{RESET}"
        balance = round(report.balance, 3)
        print(f"{name}: {verdict} — spread {report.spread}, balance {balance}")
        print("  turns: " + ", ".join(f"{m} {n}" for m, n in report.turns.items()))
        for message in [v.message for v in report.violations] + [
            a.message for a in report.adjustments
        ]:
            print(f"  {message}")


MEETING_COLUMNS = (
    "uid", "body", "title", "start", "end", "all_day", "provisional", "status",
    "hosts", "chair", "vice_chair", "location",
)  # fmt: skip


def _when(m: Listed, language: Language) -> tuple[str, str]:
    """Day and time as a person reads them in a table, in the forms of `language`."""
    if m.month_only:
        return month_text(m.first, language), ""
    if not m.time and m.last != m.first:
        return span_text(m.first, m.last, language), ""
    return day_text(m.first, language, weekday=True), m.time


def meeting_table(
    meetings: Sequence[Meeting], *, language: Language, title: bool = False, coop: bool = False
) -> None:
    """Meetings as a table; columns that no meeting fills are left out (80 columns)."""
    rows: list[dict[str, object]] = []
    for meeting in meetings:
        m = Listed.of(meeting)
        day, hours = _when(m, language)
        rows.append(
            {
                "coop": meeting.key.coop,
                "day": day,
                "time": hours,
                "body": meeting.body,
                "title": m.title,
                "hosts": m.hosts,
                "chair": m.chair,
                "vice": meeting.vice_chair,
                "status": STATUS[language][m.status],
            }
        )
    keys = (
        *(("coop",) if coop else ()),
        "day", "time", "title" if title else "body", "hosts", "chair", "vice", "status",
    )  # fmt: skip
    columns = [
        (key, key) for key in keys if key in ("day", "body", "title") or any(r[key] for r in rows)
    ]
    # Too wide for the terminal: long texts wrap, then these go, in this order.
    emit(rows, columns, "table", drop=("vice", "chair", "coop", "hosts"))


def run_plan(args: argparse.Namespace) -> int:
    from calendars._planning.clashes import clashes
    from calendars._planning.planner import plan as plan_meetings

    coops = [load(c) for c in args.coops]
    ids = [c.id for c in coops]
    if len(set(ids)) != len(ids):
        msg = f"a cooperation is named twice: {', '.join(ids)}"
        raise CalendarError(msg)
    start, end = _period(args)
    plans = [(coop, plan_meetings(coop, start, end)) for coop in coops]
    conflicts = [c for _, plan in plans for c in plan.conflicts] + clashes(plans)
    meetings = sorted(
        (m for _, plan in plans for m in plan.meetings),
        key=lambda m: (m.day, m.all_day is False, m.start.isoformat(), m.uid),
    )
    if args.format == "table":
        meeting_table(meetings, language=coops[0].language, coop=len(coops) > 1)
        for conflict in conflicts:
            said = "moved" if conflict.kind is ConflictKind.OFF_RULE else "conflict"
            print(f"{said}: {conflict.message}")
    else:
        rows = _plan_rows(meetings, conflicts, args.format)
        emit(rows, [(c, c) for c in (*MEETING_COLUMNS, "conflicts")], args.format)
    if args.strict and conflicts:
        print(f"samverkan: {len(conflicts)} conflict(s); --strict fails on any", file=sys.stderr)
        return EXIT_CONFLICT
    return 0


def _plan_rows(
    meetings: Sequence[Meeting], conflicts: Sequence[Conflict], form: str
) -> list[dict[str, object]]:
    """The meetings as rows with their conflicts: a list in JSON, one cell in CSV."""
    by_uid: dict[str, list[str]] = {}
    for conflict in conflicts:
        by_uid.setdefault(conflict.uid, []).append(conflict.message)
    # JSON: a list of messages; CSV: one cell, the messages apart by " | ".
    return [
        {
            **m.to_dict(),
            "conflicts": by_uid.get(m.uid, [])
            if form == "json"
            else " | ".join(by_uid.get(m.uid, [])),
        }
        for m in meetings
    ]


CHECK_YEARS = 15
"""`check` looks this many years past its first year by default."""
PROBLEM_COLUMNS = ("coop", "year", "kind", "where", "message")


def run_check(args: argparse.Namespace) -> int:
    from calendars._planning.check import check

    coops = [load(c) for c in args.coops]
    first = args.from_ or date.today().year  # the CLI is the one place that reads the clock
    last = args.to or first + CHECK_YEARS
    if last < first:
        msg = f"--to {last} is before --from {first}"
        raise CalendarError(msg)
    problems = [p for coop in coops for p in check(coop, first, last)]
    rows: list[dict[str, object]] = [p.to_dict() for p in problems]
    if args.format != "table":
        emit(rows, [(c, c) for c in PROBLEM_COLUMNS], args.format)
    elif problems:
        for p in problems:
            print(f"{p.where}: {p.year}: {p.kind.value}: {p.message}")
    else:
        names = ", ".join(c.id for c in coops)
        print(f"{names}: no problems in {first}–{last}")
    return EXIT_CONFLICT if problems else 0


def _stamp(args: argparse.Namespace) -> datetime:
    """When this export happens: --stamp, SOURCE_DATE_EPOCH, or now (UTC)."""
    if args.stamp:
        given: datetime = args.stamp
        try:
            utc = given.astimezone(UTC)
        except OverflowError:
            utc = None
        if utc is None or not STAMP_YEARS[0] <= utc.year <= STAMP_YEARS[1]:
            msg = f"--stamp {given.isoformat()}: give a time in {STAMP_YEARS[0]}–{STAMP_YEARS[1]}"
            raise CalendarError(msg)
        return utc
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            when = datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            when = None
        if when is None or not STAMP_YEARS[0] <= when.year <= STAMP_YEARS[1]:
            msg = (
                f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds in "
                f"{STAMP_YEARS[0]}–{STAMP_YEARS[1]}"
            )
            raise CalendarError(msg)
        return when
    return datetime.now(tz=UTC).replace(microsecond=0)


CHANGE_COLUMNS = (
    "when", "coop", "body", "title", "kinds", "start", "old_start", "hosts", "old_hosts",
    "chair", "old_chair", "vice_chair", "old_vice_chair", "members", "uid",
)  # fmt: skip


def _change_rows(changes: Sequence[Change]) -> list[dict[str, object]]:
    rows = []
    for c in changes:
        data = c.to_dict()
        rows.append({key: data[key] for key in CHANGE_COLUMNS})
    return rows


def _print_changes(changes: Sequence[Change], languages: Mapping[str, Language]) -> None:
    """One line per change, in its cooperation's language (default Swedish), wrapped."""
    width = min(shutil.get_terminal_size((80, 24)).columns, 100)
    for c in changes:
        said = c.text(languages.get(c.coop, Language.SV))
        print(textwrap.fill(f"{c.when:%Y-%m-%d} {said}", width, subsequent_indent="  "))


def run_changes(args: argparse.Namespace) -> int:
    from calendars._formats.section import sections_of
    from calendars._publish.changes import LOG, read_log
    from calendars._publish.files import MAX_LOG_BYTES, read_input

    out = Path(args.dir)
    path = out / LOG
    if not path.exists():
        msg = f"{path}: no change log; `samverkan export … --out {out}` writes one"
        raise CalendarError(msg)
    changes = [
        c
        for c in read_log(
            read_input(path, limit=MAX_LOG_BYTES, what="a change log"), source=str(path)
        )
        if (args.coop is None or c.coop == args.coop)
        and (args.member is None or args.member in c.members)
    ]
    if args.format == "table":
        stored = {
            str(p): read_input(p, limit=MAX_LOG_BYTES, what="an index")
            for p in sorted(out.glob(INDEX_GLOB))
        }
        _print_changes(changes, {x.id: x.language for x in sections_of(stored)})
    else:
        emit(_change_rows(changes), [(c, c) for c in CHANGE_COLUMNS], args.format)
    return 0


def _warning(message: str) -> None:
    print(f"samverkan: warning: {message}", file=sys.stderr)


def run_export(args: argparse.Namespace) -> int:
    from calendars._publish.export import export

    coops = [load(c) for c in (args.coops or bundled())]
    start, end = _period(args, years_back=1)  # past meetings stay a year
    out = Path(args.out)
    stamp = _stamp(args)
    files = export(
        coops,
        out=out,
        start=start,
        end=end,
        stamp=stamp,
        base_url=args.base_url,
        force=args.force,
        warn=_warning,
        jobs=args.jobs or min(os.cpu_count() or 1, 64),
    )
    columns: tuple[str, ...] = ("file", "kind", "events", "bytes", "status")
    if args.format == "table" and all(f.written for f in files):
        columns = columns[:-1]
    emit(_export_rows(files, out, args.format), [(c, c) for c in columns], args.format)
    if args.format == "table":
        _print_export_changes(coops, out, stamp)
    return 0


def _print_export_changes(coops: Sequence[Cooperation], out: Path, stamp: datetime) -> None:
    """What this export changed (the log's entries with its stamp), for the person running it."""
    from calendars._publish.changes import LOG, read_log

    ids = {c.id for c in coops}
    found = [
        c
        for c in read_log((out / LOG).read_bytes(), source=str(out / LOG))
        if c.when == stamp.astimezone(UTC) and c.coop in ids
    ]
    if found:
        print()
        _print_changes(found, {c.id: c.language for c in coops})


def _export_rows(files: Sequence[FeedFile], out: Path, form: str) -> list[dict[str, object]]:
    """One row per file the export wrote or left unchanged, and one for the index page."""
    rows: list[dict[str, object]] = [
        {
            "file": str(out / f.name),
            "kind": f.kind,
            "events": f.events,
            "bytes": f.size,
            # A table leaves the column out while every file was written.
            "status": "unchanged" if not f.written else "" if form == "table" else "written",
        }
        for f in files
    ]
    rows.append({"file": str(out / INDEX_PAGE), "kind": "index", "events": "", "bytes": ""})
    return rows


def run_serve(args: argparse.Namespace) -> int:
    from calendars._publish.serve import make_server

    root = Path(args.dir)
    if not root.is_dir():
        msg = f"{root} is not a folder; run `samverkan export --out {root}` first"
        raise CalendarError(msg)
    try:
        server = make_server(root, host=args.host, port=args.port)
    except OSError as exc:
        msg = f"cannot listen on {args.host}:{args.port}: {exc.strerror}; try another --port"
        raise CalendarError(msg) from None
    host, port = server.server_address[:2]
    name = host.decode() if isinstance(host, bytes) else host
    print(f"serving {root} on http://{name}:{port}/ (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def run_publish(args: argparse.Namespace) -> int:
    from calendars._publish.caldav import publish, shown_address
    from calendars._publish.dav import check_address

    try:
        check_address(args.url)
    except CalendarError as exc:
        raise CalendarError(f"--url: {exc}") from None
    coop = load(args.coop)
    start, end = _period(args, years_back=1)  # past meetings stay a year
    done = publish(
        coop,
        url=args.url,
        start=start,
        end=end,
        stamp=_stamp(args),
        username=args.user,
        password=os.environ.get("SAMVERKAN_CALDAV_PASSWORD"),
        timeout=args.timeout,
    )
    print(
        f"{shown_address(args.url)}: {done.created} created, {done.updated} updated, "
        f"{done.unchanged} unchanged, {done.cancelled} cancelled"
    )
    return 0


def run_kalendarium(args: argparse.Namespace) -> int:
    """`samverkan kalendarium`: the year's meetings per body, as a file to hand out."""
    from calendars._formats import handout as h
    from calendars._planning.planner import plan as plan_meetings
    from calendars._publish.files import write_atomically

    out = Path(args.out)
    fmt = args.format or out.suffix.removeprefix(".")
    writers = {"docx": h.to_docx, "pdf": h.to_pdf, "md": h.to_markdown, "xlsx": h.to_xlsx}
    if fmt not in writers:
        msg = f"--out {out}: give --format docx, pdf, md or xlsx (or a file ending in one)"
        raise CalendarError(msg)
    if not YEARS[0] <= args.year <= YEARS[1]:
        msg = f"--year {args.year}: plans cover the years {YEARS[0]}–{YEARS[1]}"
        raise CalendarError(msg)
    if out.is_dir():
        msg = f"--out {out} is a folder; give the name of the file to write"
        raise CalendarError(msg)
    coop = load(args.coop)
    language = Language(args.language or coop.language)
    start = date(args.year, 1, 1)
    plan = plan_meetings(coop, start, date(args.year + 1, 1, 1))
    doc = h.handout(
        coop.name,
        [(key, body.name) for key, body in coop.bodies.items()],
        plan.meetings,
        year=args.year,
        language=language,
    )
    try:
        content = writers[fmt](doc)
    except ModuleNotFoundError as exc:
        msg = (
            f"--format {fmt} needs the Python package {exc.name!r}, which is not installed: "
            "pip install 'samverkan[handouts]' (Markdown needs nothing more)"
        )
        raise CalendarError(msg) from None
    write_atomically(out.parent, {out.name: content})
    meetings = sum(len(b.rows) for b in doc.bodies)
    print(f"wrote {out}: {len(doc.bodies)} bodies, {meetings} meetings in {args.year}")
    return 0
