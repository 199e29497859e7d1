"""The `samverkan` command line.

Exit status: 0 done, 1 a fairness check failed, 2 bad input (the message
names the file, key and line, and what would be valid). No traceback is
shown for bad input.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import textwrap
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from calendars import _kalendarium as kalendarium
from calendars._caldav import publish
from calendars._config import Cooperation, bundled, load, load_text
from calendars._errors import CalendarError
from calendars._export import export
from calendars._feeds import write_atomically
from calendars._ical import read_meetings
from calendars._meeting import Meeting, Status
from calendars._output import (
    FORMATS,
    RED,
    RESET,
    day_text,
    month_text,
    span_text,
    table,
    to_csv,
    to_json,
)
from calendars._serve import make_server
from rotations import Rotation, RotationError, Term, Unit, fairness

EXIT_UNFAIR = 1
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
    "stand-in": "no upcoming turn belonged to an available member; a current member stands in",
    "substitution": "a substitution gives this turn to another member",
    "swap": "two turns were swapped",
}
TERM_COLUMNS = ("holder", "deputy", "start", "end", "period", "rule")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        msg = f"{text!r} is not a date; write YYYY-MM-DD, e.g. 2027-01-01"
        raise argparse.ArgumentTypeError(msg) from None


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        msg = f"{text!r} is not a date-time; write e.g. 2026-11-22T12:00:00Z"
        raise argparse.ArgumentTypeError(msg) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _period(args: argparse.Namespace) -> tuple[date, date]:
    """The half-open period [from, to + 1 day); default: this year and next."""
    today = date.today()  # the CLI is the one place that reads the clock
    start = args.from_ or date(today.year, 1, 1)
    last = args.to or date(today.year + 1, 12, 31)
    if last < start:
        msg = f"--to {last} is before --from {start}"
        raise CalendarError(msg)
    return start, last + timedelta(days=1)


def _emit(rows: list[dict[str, object]], columns: Sequence[tuple[str, str]], fmt: str) -> None:
    if fmt == "json":
        print(to_json(rows))
    elif fmt == "csv":
        print(to_csv(rows, [key for key, _ in columns]), end="")
    else:
        width = min(shutil.get_terminal_size((80, 24)).columns, 80)
        print(table(rows, columns, width=width, colour=_colour()))


def _colour() -> bool:
    """Colour only on a terminal, and never with NO_COLOR set (no-color.org)."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def _terms_of(coop: Cooperation, rotation: Rotation, start: date, end: date) -> list[Term]:
    """The terms in the period; per-event rotations take them from the plan."""
    if rotation.unit is not Unit.EVENT:
        return rotation.terms(start, end)
    turns = coop.plan(start, end).turns.get(rotation.name)
    if turns is None:
        msg = (
            f"rotation {rotation.name!r} turns once per event, but no body in "
            f"{coop.source} uses it (set host = {rotation.name!r} on a body)"
        )
        raise CalendarError(msg)
    return list(turns)


def _cmd_list(args: argparse.Namespace) -> int:
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
    _emit(rows, [(c, c) for c in columns], args.format)
    return 0


def _cmd_rotation(args: argparse.Namespace) -> int:
    coop = load(args.coop)
    rotation = coop.rotation(args.name)
    start, end = _period(args)
    terms = _terms_of(coop, rotation, start, end)
    rows: list[dict[str, object]] = [dict(t.to_dict()) for t in terms]
    if args.format == "table":
        for row, term in zip(rows, terms, strict=True):
            row["start"] = day_text(term.start, coop.language)
            row["last"] = day_text(term.end - timedelta(days=1), coop.language)
        _emit(
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
        _emit(rows, [(c, c) for c in TERM_COLUMNS], args.format)
    return 0


def _cmd_fairness(args: argparse.Namespace) -> int:
    coop = load(args.coop)
    start, end = _period(args)
    names = [args.name] if args.name else list(coop.rotations)
    rows: list[dict[str, object]] = []
    reports = []
    unfair = False
    for name in names:
        rotation = coop.rotation(name)
        terms = _terms_of(coop, rotation, start, end)
        if not terms:
            continue
        report = fairness(terms)
        reports.append(report)
        unfair |= not report.fair
        rows.append(
            {
                "rotation": name,
                "fair": report.fair,
                "turns": report.turns,
                "spread": report.spread,
                "balance": round(report.balance, 3),
                "violations": [v.message for v in report.violations],
            }
        )
    if args.format == "table":
        for row, report in zip(rows, reports, strict=True):
            verdict = "fair" if report.fair else "UNFAIR"
            if not report.fair and _colour():
                verdict = f"{RED}{verdict}{RESET}"
            print(
                f"{row['rotation']}: {verdict} — spread {report.spread}, balance {row['balance']}"
            )
            print("  turns: " + ", ".join(f"{m} {n}" for m, n in report.turns.items()))
            for violation in report.violations:
                print(f"  {violation.message}")
    else:
        if args.format == "csv":
            for row, report in zip(rows, reports, strict=True):
                row["turns"] = "; ".join(f"{m} {n}" for m, n in report.turns.items())
        columns = ("rotation", "fair", "spread", "balance", "turns", "violations")
        _emit(rows, [(c, c) for c in columns], args.format)
    return EXIT_UNFAIR if unfair else 0


MEETING_COLUMNS = (
    "uid", "body", "title", "start", "end", "all_day", "provisional", "status",
    "hosts", "chair", "vice_chair", "location",
)  # fmt: skip


_STATUS = {
    "sv": {Status.PROVISIONAL: "preliminärt", Status.CANCELLED: "inställt"},
    "en": {Status.PROVISIONAL: "provisional", Status.CANCELLED: "cancelled"},
}


def _when(meeting: Meeting, language: str) -> tuple[str, str]:
    """Day and time as a person reads them in a table, Swedish dates for "sv"."""
    if meeting.month_only:
        return month_text(meeting.day, language), ""
    if meeting.all_day:
        assert not isinstance(meeting.end, datetime)
        last = meeting.end - timedelta(days=1)
        if last != meeting.day:
            return span_text(meeting.day, last, language), ""
        return day_text(meeting.day, language, weekday=True), ""
    assert isinstance(meeting.start, datetime)
    assert isinstance(meeting.end, datetime)
    hours = f"{meeting.start:%H.%M}–{meeting.end:%H.%M}"
    return day_text(meeting.day, language, weekday=True), hours


def _meeting_table(meetings: Sequence[Meeting], *, language: str, title: bool = False) -> None:
    """Meetings as a table; columns that no meeting fills are left out (80 columns)."""
    rows: list[dict[str, object]] = []
    for m in meetings:
        day, hours = _when(m, language)
        rows.append(
            {
                "day": day,
                "time": hours,
                "body": m.body,
                "title": m.title,
                "hosts": m.hosts,
                "chair": m.chair,
                "vice": m.vice_chair,
                "status": _STATUS[language].get(m.status, ""),
            }
        )
    keys = ("day", "time", "title" if title else "body", "hosts", "chair", "vice", "status")
    columns = [
        (key, key) for key in keys if key in ("day", "body", "title") or any(r[key] for r in rows)
    ]
    _emit(rows, columns, "table")


def _cmd_plan(args: argparse.Namespace) -> int:
    coop = load(args.coop)
    start, end = _period(args)
    plan = coop.plan(start, end)
    if args.format == "table":
        _meeting_table(plan.meetings, language=coop.language)
        for conflict in plan.conflicts:
            print(f"conflict: {conflict.message}")
    else:
        _emit([m.to_dict() for m in plan.meetings], [(c, c) for c in MEETING_COLUMNS], args.format)
    return 0


def _stamp(args: argparse.Namespace) -> datetime:
    """When this export happens: --stamp, SOURCE_DATE_EPOCH, or now (UTC)."""
    if args.stamp:
        given: datetime = args.stamp
        return given
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except ValueError:
            msg = f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds"
            raise CalendarError(msg) from None
    return datetime.now(tz=UTC).replace(microsecond=0)


def _cmd_export(args: argparse.Namespace) -> int:
    coops = [load(c) for c in (args.coops or bundled())]
    today = date.today()
    # Past meetings stay: by default the feeds reach back to 1 January last year.
    start = args.from_ or date(today.year - 1, 1, 1)
    last = args.to or date(today.year + 1, 12, 31)
    if last < start:
        msg = f"--to {last} is before --from {start}"
        raise CalendarError(msg)
    out = Path(args.out)
    files = export(
        coops,
        out=out,
        start=start,
        end=last + timedelta(days=1),
        stamp=_stamp(args),
        base_url=args.base_url,
    )
    rows: list[dict[str, object]] = [
        {"file": str(out / f.name), "kind": f.kind, "events": f.events, "bytes": len(f.content)}
        for f in files
    ]
    rows.append({"file": str(out / "index.html"), "kind": "index", "events": "", "bytes": ""})
    _emit(rows, [(c, c) for c in ("file", "kind", "events", "bytes")], args.format)
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
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


def _cmd_publish(args: argparse.Namespace) -> int:
    coop = load(args.coop)
    today = date.today()
    start = args.from_ or date(today.year - 1, 1, 1)
    last = args.to or date(today.year + 1, 12, 31)
    if last < start:
        msg = f"--to {last} is before --from {start}"
        raise CalendarError(msg)
    done = publish(
        coop,
        url=args.url,
        start=start,
        end=last + timedelta(days=1),
        stamp=_stamp(args),
        username=args.user,
        password=os.environ.get("SAMVERKAN_CALDAV_PASSWORD"),
    )
    print(
        f"{args.url}: {done.created} created, {done.updated} updated, "
        f"{done.unchanged} unchanged, {done.cancelled} cancelled"
    )
    return 0


def _cmd_import_ics(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        msg = f"cannot read {path}: {exc.strerror}"
        raise CalendarError(msg) from None
    meetings = read_meetings(data, source=str(path))
    if args.format == "table":
        _meeting_table(meetings, language=args.language, title=True)
    else:
        _emit([m.to_dict() for m in meetings], [(c, c) for c in MEETING_COLUMNS], args.format)
    return 0


def _cmd_import_text(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"cannot read {path}: {exc}"
        raise CalendarError(msg) from None
    members = [m.strip() for m in args.members.split(",") if m.strip()] if args.members else None
    bodies, problems = kalendarium.parse(text, year=args.year, members=members)
    toml = ""
    if not problems:
        coop_id = args.id or kalendarium.slug(path.stem)
        toml, problems = kalendarium.to_toml(
            bodies, coop_id=coop_id, name=args.name or coop_id, members=members, source=path.name
        )
    if problems:
        for problem in problems:
            where = f"{path}:{problem.line}" if problem.line else str(path)
            said = f"{problem.text!r}: " if problem.text else ""
            print(f"{where}: {said}{problem.message}", file=sys.stderr)
        print(
            f"samverkan: error: {len(problems)} line(s) could not be read; nothing written",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    load_text(toml, file=args.out or "<import-text>")  # the result must be a valid file
    if args.out:
        out = Path(args.out)
        write_atomically(out.parent if str(out.parent) else Path("."), {out.name: toml.encode()})
        dates = sum(len(b.dates) for b in bodies)
        print(f"wrote {out}: {len(bodies)} bodies, {dates} dates")
    else:
        print(toml, end="")
    return 0


def _parser() -> argparse.ArgumentParser:  # noqa: PLR0915 - one block per command
    try:
        pkg_version = version("samverkan")
    except PackageNotFoundError:  # running from a source tree
        pkg_version = "unknown"
    parser = _Parser(
        prog="samverkan",
        description="Rotating chairs and hosts, meeting calendars and iCalendar feeds "
        "for Swedish inter-municipal cooperations.",
        epilog="Example: samverkan rotation malmolund ordforande --from 2024-01-01 --to 2027-12-31",
    )
    parser.add_argument("--version", action="version", version=f"samverkan {pkg_version}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name: str, **options: str) -> argparse.ArgumentParser:
        # Raw epilogs keep each example on one line, as it would be typed.
        return sub.add_parser(name, formatter_class=argparse.RawDescriptionHelpFormatter, **options)  # type: ignore[arg-type]

    def listing(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--format", choices=FORMATS, default="table", help="output format (default: table)"
        )

    def period(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--from",
            dest="from_",
            type=_day,
            metavar="D",
            help="first day (default: 1 January this year)",
        )
        p.add_argument(
            "--to",
            type=_day,
            metavar="D",
            help="last day, inclusive (default: 31 December next year)",
        )

    p = command(
        "list", help="the bundled cooperations", epilog="Example: samverkan list --format json"
    )
    listing(p)
    p.set_defaults(run=_cmd_list)

    p = command(
        "rotation",
        help="terms of one rotation",
        epilog="Example: samverkan rotation sodertorn radslag --from 2017-01-01 --to 2026-12-31",
    )
    p.add_argument("coop", help="a bundled cooperation or a path to a TOML file")
    p.add_argument("name", help="the rotation's name in the file")
    period(p)
    listing(p)
    p.set_defaults(run=_cmd_rotation)

    p = command(
        "export",
        help="write the feed set: .ics per body, member, cooperation and rotations; index.html",
        epilog="Example: samverkan export sodertorn --out feeds --base-url https://example.se/kalender/",
    )
    p.add_argument(
        "coops",
        nargs="*",
        metavar="COOP",
        help="bundled names or TOML paths (default: every bundled one)",
    )
    p.add_argument(
        "--from",
        dest="from_",
        type=_day,
        metavar="D",
        help="first day (default: 1 January last year)",
    )
    p.add_argument(
        "--to", type=_day, metavar="D", help="last day, inclusive (default: 31 December next year)"
    )
    p.add_argument("--out", default="feeds", help="the folder to write (default: ./feeds)")
    p.add_argument("--base-url", help="the public address of the folder, for subscribe links")
    p.add_argument(
        "--stamp",
        type=_instant,
        metavar="T",
        help="when the export happens, ISO date-time (default: SOURCE_DATE_EPOCH or now)",
    )
    listing(p)
    p.set_defaults(run=_cmd_export)

    p = command(
        "serve",
        help="preview a feed folder over HTTP on this machine",
        epilog="Example: samverkan serve feeds --port 8000",
    )
    p.add_argument("dir", help="the folder export wrote")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    p.set_defaults(run=_cmd_serve)

    p = command(
        "publish",
        help="put the meetings on a CalDAV calendar (Radicale, Nextcloud …), idempotently",
        epilog="Example: samverkan publish sodertorn "
        "--url https://dav.example.se/kansli/sodertorn/ --user kansli\n"
        "(the password is read from SAMVERKAN_CALDAV_PASSWORD)",
    )
    p.add_argument("coop", help="a bundled cooperation or a path to a TOML file")
    p.add_argument("--url", required=True, help="the calendar's address (made if missing)")
    p.add_argument("--user", help="user name; the password is read from SAMVERKAN_CALDAV_PASSWORD")
    p.add_argument(
        "--from",
        dest="from_",
        type=_day,
        metavar="D",
        help="first day (default: 1 January last year)",
    )
    p.add_argument(
        "--to", type=_day, metavar="D", help="last day, inclusive (default: 31 December next year)"
    )
    p.add_argument(
        "--stamp",
        type=_instant,
        metavar="T",
        help="when it happens (default: SOURCE_DATE_EPOCH or now)",
    )
    p.set_defaults(run=_cmd_publish)

    p = command(
        "plan",
        help="the meetings of a period",
        epilog="Example: samverkan plan sodertorn --from 2017-01-01 --to 2017-12-31",
    )
    p.add_argument("coop", help="a bundled cooperation or a path to a TOML file")
    period(p)
    listing(p)
    p.set_defaults(run=_cmd_plan)

    p = command(
        "import-text",
        help="read a Swedish kalendarium (as in a verksamhetsplan) into a cooperation file",
        epilog="Example: samverkan import-text kalendarium.txt --id sodertorn "
        '--name "Södertörnskommunerna" --out sodertorn.toml',
    )
    p.add_argument("file", help="a text file with the kalendarium")
    p.add_argument("--id", help="the cooperation's id (default: from the file name)")
    p.add_argument("--name", help="the cooperation's name (default: the id)")
    p.add_argument(
        "--year", type=int, help="the year of dates without one (default: the earliest in the text)"
    )
    p.add_argument("--members", help="the members, comma-separated (default: every host named)")
    p.add_argument("--out", help="write the TOML here (default: print it)")
    p.set_defaults(run=_cmd_import_text)

    p = command(
        "import-ics",
        help="read an .ics file back into meetings",
        epilog="Example: samverkan import-ics feeds/sodertorn.ics --format json",
    )
    p.add_argument("file", help="an iCalendar file")
    p.add_argument(
        "--language",
        choices=("sv", "en"),
        default="sv",
        help="dates in the table: Swedish (default) or ISO",
    )
    listing(p)
    p.set_defaults(run=_cmd_import_ics)

    p = command(
        "fairness",
        help="fairness report; exit status 1 if unfair",
        epilog="Example: samverkan fairness malmolund --from 2012-01-01 --to 2031-12-31",
    )
    p.add_argument("coop", help="a bundled cooperation or a path to a TOML file")
    p.add_argument(
        "name", nargs="?", help="one rotation (default: every rotation in calendar units)"
    )
    period(p)
    listing(p)
    p.set_defaults(run=_cmd_fairness)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        status: int = args.run(args)
    except (CalendarError, RotationError) as exc:
        print(f"samverkan: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `samverkan … | head`
        return 0
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
