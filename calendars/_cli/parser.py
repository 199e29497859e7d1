"""The `samverkan` command line.

Exit status: 0 done, 1 a fairness check failed, 2 bad input (the message
names the file, key and line, and what would be valid). No traceback is
shown for bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, TypeAlias

from calendars._cli.commands import (
    EXIT_BAD_INPUT,
    run_changes,
    run_check,
    run_export,
    run_fairness,
    run_kalendarium,
    run_list,
    run_plan,
    run_publish,
    run_rotation,
    run_schema,
    run_serve,
)
from calendars._cli.imports import run_import_ics, run_import_text
from calendars._errors import CalendarError
from calendars._formats.listing import FORMATS
from rotations import RotationError

HANDOUT_FORMATS = ("docx", "pdf", "md", "xlsx")
"""What `samverkan kalendarium` writes."""


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


class _Version(argparse.Action):
    """`--version`, looked up only when asked (importlib.metadata is slow to load)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **_: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

        try:
            found = version("samverkan")
        except PackageNotFoundError:  # running from a source tree
            found = "unknown"
        print(f"samverkan {found}")
        parser.exit(0)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value <= 600:
        msg = f"{text!r} is not a number of seconds between 0 and 600"
        raise argparse.ArgumentTypeError(msg)
    return value


def _year(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1900 <= value <= 9000:
        msg = f"{text!r} is not a year; write e.g. 2027 (1900–9000)"
        raise argparse.ArgumentTypeError(msg)
    return value


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 64:
        msg = f"{text!r} is not a number of jobs; give 1-64"
        raise argparse.ArgumentTypeError(msg)
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        msg = f"{text!r} is not a port; give 1–65535 (0 picks a free one)"
        raise argparse.ArgumentTypeError(msg)
    return value


if TYPE_CHECKING:
    # The sub-command table of the parser (argparse names its type privately).
    Commands: TypeAlias = argparse._SubParsersAction[_Parser]


def _command(sub: Commands, name: str, *, help: str, epilog: str) -> argparse.ArgumentParser:
    # Raw epilogs keep each example on one line, as it would be typed.
    return sub.add_parser(
        name, help=help, epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter
    )


def _listing(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format", choices=FORMATS, default="table", help="output format (default: table)"
    )


def _period(p: argparse.ArgumentParser, *, since: str = "1 January this year") -> None:
    p.add_argument("--from", dest="from_", type=_day, metavar="D",
                   help=f"first day (default: {since})")  # fmt: skip
    p.add_argument("--to", type=_day, metavar="D",
                   help="last day, inclusive (default: 31 December next year)")  # fmt: skip


def _written(p: argparse.ArgumentParser, *, members: str) -> None:
    """The options of a cooperation file an importer writes."""
    p.add_argument("--id", help="the cooperation's id (default: from the file name)")
    p.add_argument("--name", help="the cooperation's name (default: the id)")
    p.add_argument("--members", help=f"the members, comma-separated ({members})")


def _stamped(p: argparse.ArgumentParser) -> None:
    p.add_argument("--stamp", type=_instant, metavar="T",
                   help="when this happens, ISO date-time "
                   "(default: SOURCE_DATE_EPOCH or now)")  # fmt: skip


def _coop(p: argparse.ArgumentParser) -> None:
    p.add_argument("coop", help="a bundled cooperation or a path to a TOML file")


def _list(sub: Commands) -> None:
    p = _command(
        sub, "list", help="the bundled cooperations", epilog="Example: samverkan list --format json"
    )
    _listing(p)
    p.set_defaults(run=run_list)


def _rotation(sub: Commands) -> None:
    p = _command(
        sub,
        "rotation",
        help="terms of one rotation",
        epilog="Example: samverkan rotation sodertorn radslag --from 2017-01-01 --to 2026-12-31",
    )
    _coop(p)
    p.add_argument("name", help="the rotation's name in the file")
    _period(p)
    _listing(p)
    p.set_defaults(run=run_rotation)


def _export(sub: Commands) -> None:
    p = _command(
        sub,
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
    _period(p, since="1 January last year")
    p.add_argument("--out", default="feeds", help="the folder to write (default: ./feeds)")
    p.add_argument("--base-url", help="the public address of the folder, for subscribe links")
    p.add_argument(
        "--force",
        action="store_true",
        help="replace previous feeds that cannot be read back; their meetings go out as new",
    )
    p.add_argument(
        "--jobs",
        type=_jobs,
        default=None,
        help="cooperations built at once, in processes (default: the cores; 1-64)",
    )
    _stamped(p)
    _listing(p)
    p.set_defaults(run=run_export)


def _changes(sub: Commands) -> None:
    p = _command(
        sub,
        "changes",
        help="the change log of a feed folder: new, moved and cancelled meetings, new hosts",
        epilog="Example: samverkan changes feeds --coop sodertorn --member Haninge --format csv",
    )
    p.add_argument("dir", help="the folder export wrote")
    p.add_argument("--coop", help="only this cooperation (its id)")
    p.add_argument("--member", help="only what concerns this member")
    _listing(p)
    p.set_defaults(run=run_changes)


def _serve(sub: Commands) -> None:
    p = _command(
        sub,
        "serve",
        help="preview a feed folder over HTTP on this machine",
        epilog="Example: samverkan serve feeds --port 8000",
    )
    p.add_argument("dir", help="the folder export wrote")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument(
        "--port", type=_port, default=8000, help="port (default 8000; 0 picks a free one)"
    )
    p.set_defaults(run=run_serve)


def _publish(sub: Commands) -> None:
    p = _command(
        sub,
        "publish",
        help="put the meetings on a CalDAV calendar (Radicale, Nextcloud …), idempotently",
        epilog="Example: samverkan publish sodertorn "
        "--url https://dav.example.se/kansli/sodertorn/ --user kansli\n"
        "(the password is read from SAMVERKAN_CALDAV_PASSWORD)",
    )
    _coop(p)
    p.add_argument("--url", required=True, help="the calendar's address (made if missing)")
    p.add_argument("--user", help="user name; the password is read from SAMVERKAN_CALDAV_PASSWORD")
    p.add_argument(
        "--timeout",
        type=_seconds,
        default=30.0,
        metavar="S",
        help="seconds each request to the server may take in all (default 30, at most 600)",
    )
    _period(p, since="1 January last year")
    _stamped(p)
    p.set_defaults(run=run_publish)


def _plan(sub: Commands) -> None:
    p = _command(
        sub,
        "plan",
        help="the meetings of a period and their conflicts (several: members in two places)",
        epilog="Example: samverkan plan sodertorn malmolund --from 2017-01-01 --to 2017-12-31",
    )
    p.add_argument(
        "coops", nargs="+", metavar="COOP", help="bundled cooperations or paths to TOML files"
    )
    p.add_argument("--strict", action="store_true", help="exit status 1 on any conflict")
    _period(p)
    _listing(p)
    p.set_defaults(run=run_plan)


def _check(sub: Commands) -> None:
    p = _command(
        sub,
        "check",
        help="plan every year ahead and list every problem, with file, line and year",
        epilog="Example: samverkan check sodertorn.toml --from 2026 --to 2041",
    )
    p.add_argument(
        "coops", nargs="+", metavar="COOP", help="bundled cooperations or paths to TOML files"
    )
    p.add_argument("--from", dest="from_", type=_year, metavar="YEAR",
                   help="first year (default: this year)")  # fmt: skip
    p.add_argument("--to", type=_year, metavar="YEAR",
                   help="last year, inclusive (default: 15 years after --from)")  # fmt: skip
    _listing(p)
    p.set_defaults(run=run_check)


def _import_text(sub: Commands) -> None:
    p = _command(
        sub,
        "import-text",
        help="read a Swedish meeting list (text, Word, PDF or a saved web page) into a "
        "cooperation file",
        epilog="Example: samverkan import-text kalendarium.txt --id sodertorn "
        '--name "Södertörnskommunerna" --out sodertorn.toml',
    )
    p.add_argument(
        "file", help="the meeting list: .txt (UTF-8, UTF-16 or Windows-1252), .docx, .pdf or .html"
    )
    _written(p, members="default: every municipality named after a date; other names are places")
    p.add_argument(
        "--year",
        type=int,
        help="the year of dates before any heading names one (default: the earliest written)",
    )
    p.add_argument(
        "--body",
        metavar="NAME",
        help="the body of dates before any heading names one (a list on the body's own page)",
    )
    p.add_argument("--out", help="write the TOML here (default: print it)")
    p.add_argument(
        "--explain",
        nargs="?",
        const="text",
        choices=("text", "json"),
        help="print each line beside what was read from it (text, or json), instead of the TOML",
    )
    p.add_argument(
        "--force", action="store_true", help="with --out: replace a file that already exists"
    )
    p.add_argument(
        "--partial",
        action="store_true",
        help="write what was read and list the lines left out (default: write nothing then)",
    )
    p.set_defaults(run=run_import_text)


def _import_ics(sub: Commands) -> None:
    p = _command(
        sub,
        "import-ics",
        help="read an .ics file into meetings, or into a cooperation file that continues it",
        epilog="Example: samverkan import-ics feeds/sodertorn.ics --format json",
    )
    p.add_argument("file", help="an iCalendar file")
    p.add_argument(
        "--from",
        dest="start",
        type=_day,
        metavar="D",
        help="first day recurring events are read from (default: the file's first)",
    )
    p.add_argument(
        "--to",
        dest="end",
        type=_day,
        metavar="D",
        help="last day, inclusive (default: each series' end, or two years on for endless ones)",
    )
    p.add_argument(
        "--timezone",
        help="zone of floating times and of the times shown (default: the file's "
        "X-WR-TIMEZONE, else Europe/Stockholm)",
    )
    p.add_argument("--out", help="write a cooperation file that continues this calendar, UIDs kept")
    p.add_argument(
        "--force", action="store_true", help="with --out: replace a file that already exists"
    )
    _written(p, members="with --out: a LOCATION that names one is the host")
    p.add_argument(
        "--language",
        choices=("sv", "en"),
        default="sv",
        help="dates in the table: Swedish (default) or ISO",
    )
    _listing(p)
    p.set_defaults(run=run_import_ics)


def _kalendarium(sub: Commands) -> None:
    p = _command(
        sub,
        "kalendarium",
        help="the year's meetings per body as a hand-out: Word, PDF, Markdown or Excel",
        epilog="Example: samverkan kalendarium sodertorn --year 2017 --format docx "
        "--out kalendarium-2017.docx",
    )
    _coop(p)
    p.add_argument("--year", type=int, required=True, help="the year")
    p.add_argument(
        "--format",
        choices=HANDOUT_FORMATS,
        help="docx, pdf, md or xlsx (default: from the --out file's ending)",
    )
    p.add_argument(
        "--language",
        choices=("sv", "en"),
        help="dates and headings in Swedish or English (default: the cooperation's language)",
    )
    p.add_argument("--out", required=True, help="the file to write")
    p.set_defaults(run=run_kalendarium)


def _fairness(sub: Commands) -> None:
    p = _command(
        sub,
        "fairness",
        help="fairness report; exit status 1 if unfair",
        epilog="Example: samverkan fairness malmolund --from 2012-01-01 --to 2031-12-31",
    )
    _coop(p)
    p.add_argument(
        "name", nargs="?", help="one rotation (default: every rotation in calendar units)"
    )
    _period(p)
    _listing(p)
    p.set_defaults(run=run_fairness)


def _schema(sub: Commands) -> None:
    p = _command(
        sub,
        "schema",
        help="the JSON Schema of a cooperation file, for editors (Taplo, Even Better TOML)",
        epilog="Example: samverkan schema > samverkan.schema.json",
    )
    p.set_defaults(run=run_schema)


COMMANDS = (
    _list,
    _rotation,
    _export,
    _changes,
    _serve,
    _publish,
    _plan,
    _check,
    _import_text,
    _import_ics,
    _kalendarium,
    _fairness,
    _schema,
)
"""Each command's options, in the order `samverkan --help` lists them."""


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser, every command with its options."""
    parser = _Parser(
        prog="samverkan",
        description="Rotating chairs and hosts, meeting calendars and iCalendar feeds "
        "for Swedish inter-municipal cooperations.",
        epilog="Example: samverkan rotation malmolund ordforande --from 2024-01-01 --to 2027-12-31",
    )
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
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
