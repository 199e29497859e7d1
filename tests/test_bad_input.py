"""Bad input anywhere gives exit status 2 and one message naming where — never a traceback.

A table of bad inputs: TOML keys (each checked by `samverkan plan`, so the
loader and the planner both see it), CLI arguments, import-text and
import-ics files. Each row says what the message must name: the file and
line (TOML, import-text), the key, the option or the file. Then hypothesis
fuzzes the loader, the planner and the .ics reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, time_limit

BASE = """id = "prov"
name = "Provsamverkan"

[members]
"Arboga" = { code = "1984" }
"Köping" = { code = "1983" }
"Kungsör" = { code = "1960" }

[rotations.ordf]
role = "ordförande"
turn = "year"
members = ["Arboga", "Köping", "Kungsör"]
start = { date = "2025-01-01", holder = "Arboga" }
deputy = "next"

[rotations.vard]
role = "värd"
turn = "event"
members = ["Arboga", "Köping", "Kungsör"]
start = { date = "2025-01-01", holder = "Arboga" }

[bodies.styrgrupp]
name = "Styrgruppen"
chair = "ordf"
host = "vard"
weekday = "måndag"
time = "12:00-15:00"
per_year = 4

[bodies.beredning]
name = "Beredningen"
weekday = "fredag"
time = "08:30-12:00"
prepares = "styrgrupp"
lead_days = [3, 10]
"""
PERIOD = ("--from", "2025-01-01", "--to", "2026-12-31")


def set_key(text: str, section: str, key: str, raw: str) -> str:
    """`text` with `key = raw` in `[section]` (replaced, or added after the header)."""
    lines = text.split("\n")
    start = lines.index(f"[{section}]") + 1 if section else 0
    end = start
    while end < len(lines) and not lines[end].startswith("["):
        end += 1
    pattern = re.compile(rf'^\s*("?){re.escape(key)}\1\s*=')
    for i in range(start, end):
        if pattern.match(lines[i]):
            lines[i] = f"{key} = {raw}"
            return "\n".join(lines)
    lines.insert(start, f"{key} = {raw}")
    return "\n".join(lines)


def drop_key(text: str, section: str, key: str) -> str:
    """`text` without `key` in `[section]` (other sections keep theirs)."""
    lines = text.split("\n")
    start = lines.index(f"[{section}]") + 1 if section else 0
    end = start
    while end < len(lines) and not lines[end].startswith("["):
        end += 1
    pattern = re.compile(rf"^{re.escape(key)}\s*=")
    return "\n".join(
        line for i, line in enumerate(lines) if not (start <= i < end and pattern.match(line))
    )


@dataclass(frozen=True)
class Case:
    """One bad input: how to run it and what the message must contain."""

    id: str
    kind: str  # "toml", "cli", "text", "ics"
    payload: Any
    said: tuple[str, ...] = ()
    """Texts the message must contain (besides where)."""
    key: str = ""
    """The dotted key the message must name (TOML)."""


CASES: list[Case] = []


def toml(case_id: str, text: str, key: str = "", *said: str) -> None:
    CASES.append(Case(case_id, "toml", text, said, key))


def bad_values(section: str, key: str, values: list[str], dotted: str = "") -> None:
    name = dotted or (f"{section}.{key}" if section else key)
    for number, raw in enumerate(values):
        toml(f"{name}#{number}:{raw[:30]}", set_key(BASE, section, key, raw), name)


# -- the top level ----------------------------------------------------------------
bad_values("", "id", ["5", '""', '"../x"', '"/abs/path/pwn"', '"A B"', "true", '["x"]', '"a\\nb"'])
bad_values("", "name", ["5", '""', "[]", "{}"])
bad_values("", "language", ['"fi"', "5", '""', '["sv"]'])
bad_values("", "timezone", ['"Mars/Base"', "5", '""', '"../../etc/passwd"', '"/etc/localtime"'])
toml("top unknown key", set_key(BASE, "", "colour", '"red"'), "colour", "unknown key")
toml(
    "members empty",
    BASE.replace(
        '"Arboga" = { code = "1984" }\n"Köping" = { code = "1983" }\n"Kungsör" = { code = "1960" }\n',
        "",
    ),
    "members",
)
bad_values(
    "members",
    '"Arboga"',
    [
        "5",
        '"x"',
        "{ code = 5 }",
        '{ joins = "2025-13-01" }',
        "{ leaves = 1979-05-27T07:32:00 }",
        '{ joins = "2026-01-01", leaves = "2025-01-01" }',
        "{ foo = 1 }",
        '{ code = "" }',
    ],
    dotted="members.Arboga",
)

# -- a rotation -------------------------------------------------------------------
R = "rotations.ordf"
bad_values(R, "role", ["5", '""', "[]", "true"])
bad_values(R, "members", ["5", "[]", '["Nope"]', '["Arboga", "Arboga"]', '"Arboga"', "[5]"])
bad_values(R, "order", ['"random"', "5"])
bad_values(R, "turn", ['"decade"', "5", '""', '"Year"'])
bad_values(R, "every", ["0", "-1", "1.5", '"2"', "1000000000", "true", "100000"])
bad_values(
    R,
    "handover",
    [
        '"13-01"',
        '"02-30"',
        "5",
        '"x"',
        '{ body = "nope", month = 9 }',
        '{ body = "styrgrupp", month = 13 }',
        '{ body = "styrgrupp" }',
        "1979-05-27",
    ],
)
bad_values(
    R,
    "handovers",
    [
        "5",
        '{ 2025 = "x" }',
        '{ abc = "2025-01-01" }',
        '{ 2025 = "2026-01-01" }',
        "{ 2025 = 5 }",
        '{ 2026 = "2026-03-01", 2027 = "2026-12-01" }',
    ],
)
bad_values(
    R,
    "start",
    [
        "5",
        '{ date = "x", holder = "Arboga" }',
        '{ date = "2025-01-01", holder = "Nope" }',
        '{ holder = "Arboga" }',
        '{ date = "2025-01-01" }',
        '{ date = 2025-01-01T10:00:00, holder = "Arboga" }',
        '{ date = "2025-01-01", holder = "Arboga", x = 1 }',
        '"2025-01-01"',
    ],
)
bad_values(R, "deputy", ['"both"', "5", "true"])
bad_values(
    R,
    "published",
    [
        "5",
        "{ 2025 = 5 }",
        '{ "20x" = "Arboga" }',
        '{ 2025 = "Nope" }',
        '{ "2025-H3" = "Arboga" }',
        '{ "2025-13" = "Arboga" }',
        '{ "2025-Q5" = "Arboga" }',
    ],
)
bad_values(R, "after", ['"again"', "5"])
bad_values(
    R,
    "changes",
    [
        "5",
        "[5]",
        '[{ date = "x", leaves = "Arboga" }]',
        '[{ date = "2025-06-01" }]',
        '[{ date = "2025-06-01", leaves = "Nope" }]',
        '[{ date = "2025-06-01", leaves = "Arboga", policy = "x" }]',
        '[{ date = "2025-06-01", joins = "Arboga" }]',
        '[{ date = "2025-06-01", joins = "Ny", position = "middle" }]',
        '[{ date = "2025-06-01", joins = "Ny", position = 99 }]',
        '[{ date = "2025-06-01", leaves = "Arboga", joins = "Ny" }]',
        '[{ leaves = "Arboga" }]',
        '[{ date = "2025-06-01", leaves = "Arboga", foo = 1 }]',
        '{ date = "2025-06-01" }',
    ],
)
bad_values(R, "leave_policy", ['"x"', "5"])
bad_values(
    R,
    "overrides",
    [
        "5",
        "[5]",
        '[{ swap = ["2025", "2025"] }]',
        '[{ swap = "2025" }]',
        '[{ swap = ["2025"] }]',
        '[{ swap = ["2025", "1999x"] }]',
        '[{ period = "2025", holder = "Nope" }]',
        '[{ period = "2025", holder = "Arboga" }, { period = "2025", holder = "Köping" }]',
        '[{ unavailable = "Arboga", from = "2025-06-01", to = "2025-01-01" }]',
        '[{ unavailable = "Arboga", from = "2025-01-01", to = "2025-12-31", policy = "defer" },'
        ' { unavailable = "Arboga", from = "2025-06-01", to = "2026-06-01", policy = "forfeit" }]',
        '[{ unavailable = "Nope", from = "2025-01-01", to = "2025-02-01" }]',
        '[{ unavailable = "Arboga", from = "2025-01-01" }]',
        "[{ foo = 1 }]",
        '[{ period = "2025" }]',
        '[{ unavailable = "Arboga", from = "x", to = "2025-02-01" }]',
        '[{ unavailable = "Arboga", from = "2025-01-01", to = "2025-02-01", policy = "x" }]',
        # A key of another kind of exception would be silently left out.
        '[{ swap = ["2025", "2026"], holder = "Arboga" }]',
        '[{ period = "2025", holder = "Arboga", policy = "forfeit" }]',
        '[{ unavailable = "Arboga", from = "2025-01-01", to = "2025-02-01", holder = "Köping" }]',
    ],
)
bad_values(R, "count_cancelled", ["5", '"yes"'])
toml(
    "rotation unknown key",
    set_key(BASE, R, "holders", "[]"),
    "rotations.ordf.holders",
    "unknown key",
)
toml(
    "rotation not a table",
    BASE.replace(
        '[rotations.ordf]\nrole = "ordförande"',
        '[rotations]\nordf = 5\n[rotations.x]\nrole = "ordförande"',
    ),
    "rotations",
)

# -- a body -----------------------------------------------------------------------
B = "bodies.styrgrupp"
bad_values(B, "name", ["5", '""'])
bad_values(B, "kind", ['"x"', "5"])
bad_values(B, "chair", ['"nope"', "5"])
bad_values(B, "host", ['"nope"', "5"])
bad_values(B, "hosts", ["0", "-1", "100", "100000000", '"2"', "1.5", "4"])
bad_values(B, "attendees", ["5", '["Nope"]', '["Arboga", "Arboga"]', "[]", '"Arboga"'])
bad_values(B, "location", ["5", '"Rum {room}"', '"{hosts"', '"{0}"', '"{hosts.x}"', '"{}"'])
bad_values(B, "host_not_chair", ['"yes"', "5"])
bad_values(B, "host_is_chair", ['"yes"', "5"])
bad_values(B, "weekday", ['"funday"', "5", '""', "[]"])
bad_values(
    B,
    "time",
    ['"25:00-26:00"', '"15:00-12:00"', '"x"', "5", '"12:00"', '"12:00-12:00"', "12:00:00"],
)
bad_values(B, "days", ["0", "-1", "1000", '"2"', "1.5"])
bad_values(B, "per_year", ["-1", "1000", "1000000000", '"6"', "1.5"])
bad_values(
    B,
    "season",
    [
        '["02-01", "02-29"]',
        '["13-01", "12-01"]',
        '"x"',
        '["01-01"]',
        "5",
        '["12-01", "01-01", "02-01"]',
        "[1, 2]",
    ],
)
bad_values(
    B,
    "breaks",
    [
        "5",
        "[5]",
        '[{ name = "x", from = "13-01", to = "01-01" }]',
        '[{ name = "x", week = 54 }]',
        '[{ name = "x", week = 0 }]',
        '[{ name = "x", from = "01-01" }]',
        '[{ name = "x", from = "01-01", to = "01-31", week = 3 }]',
        '[{ name = "x", foo = 1 }]',
        '{ name = "x" }',
    ],
)
bad_values(B, "min_gap_days", ["-1", "400", '"x"', "1.5"])
bad_values(
    B,
    "rrule",
    [
        '"FREQ=SECONDLY"',
        '"FREQ=MINUTELY"',
        '"FREQ=HOURLY"',
        '"garbage"',
        '"FREQ=WEEKLY;BYDAY=XX"',
        '"FREQ=WEEKLY;COUNT=abc"',
        "5",
        '"FREQ=DAILY;INTERVAL=0"',
        '"FREQ=WEEKLY;UNTIL=20250101T000000Z;COUNT=3"',
        '"FREQ=DAILY;BYHOUR=1,2,3"',
        '"DTSTART:20250101T000000\\nRRULE:FREQ=DAILY"',
    ],
)
bad_values(B, "every_years", ["0", "-1", '"2"', "1000000000"])
bad_values(B, "first_year", ["0", "-5", "100000", '"x"'])
bad_values("bodies.beredning", "prepares", ['"nope"', '"beredning"', "5"])
bad_values(
    "bodies.beredning",
    "lead_days",
    [
        "[5]",
        "[10, 5]",
        "[-1, 5]",
        "[0, 100000]",
        '"x"',
        "[0, 1000000000000]",
        "[1.5, 3]",
        '["a", "b"]',
    ],
)
bad_values(
    B,
    "dates",
    [
        "5",
        "{ 2025 = 5 }",
        '{ 2025 = ["2025-02-30"] }',
        '{ 2025 = [{ date = "x" }] }',
        "{ 2025 = [1979-05-27T07:32:00] }",
        '{ abc = ["2025-01-01"] }',
        '{ 2025 = ["2024-03-03"] }',
        '{ 2025 = [{ date = "2025-03-03", end = "2025-03-01" }] }',
        '{ 2025 = [{ date = "2025-03-03", status = "maybe" }] }',
        '{ 2025 = [{ date = "2025-03-03", host = "Nope" }] }',
        '{ 2025 = [{ date = "2025-03-03", time = "x" }] }',
        '{ 2025 = [{ date = "2025-03-03", foo = 1 }] }',
        '{ 2025 = ["2025-03-03", "2025-03-03"] }',
        '{ 2025 = ["0000-03-03"] }',
        '{ 2025 = [{ date = "2025-03-03", hosts = ["Arboga", "Arboga"] }] }',
        '{ 2025 = [{ date = "2025-03-03", id = "a b/c" }] }',
        '{ 2025 = ["2025-13"] }',
    ],
)
bad_values(
    B,
    "overrides",
    [
        "5",
        '[{ date = "2025-01-01", status = "cancelled" }]',
        '[{ date = "x" }]',
        '[{ date = "2025-06-16", status = "x" }]',
        '[{ date = "2025-06-16", host = "Nope" }]',
        '[{ date = "2025-06-16", foo = 1 }]',
        '[{ status = "cancelled" }]',
        '[{ date = 2025-06-16T10:00:00, status = "cancelled" }]',
    ],
)
toml("body unknown key", set_key(BASE, B, "colour", '"red"'), f"{B}.colour", "unknown key")
toml(
    "rotation without a start",
    drop_key(BASE, "rotations.vard", "start"),
    "rotations.vard",
    "needs an anchor",
)
toml("body time missing a day", set_key(BASE, B, "time", '"12:00-"'), f"{B}.time")

# -- the file as a whole ----------------------------------------------------------
toml("syntax: unclosed string", BASE.replace('name = "Provsamverkan"', 'name = "Provsamverkan'), "")
toml("syntax: duplicate key", BASE.replace('name = "Provsamverkan"', 'name = "A"\nname = "B"'), "")
toml("syntax: duplicate table", BASE + '\n[bodies.styrgrupp]\nname = "x"\n', "")
toml("syntax: bad date", BASE.replace('name = "Provsamverkan"', "name = 2025-02-30"), "")
toml(
    "syntax: deep nesting",
    BASE.replace('name = "Provsamverkan"', "name = " + "[" * 2000 + "]" * 2000),
    "",
)
toml(
    "syntax: deep inline tables",
    BASE.replace('name = "Provsamverkan"', "name = " + "{a=" * 600 + "1" + "}" * 600),
    "",
)
toml("syntax: binary", "\x00\x01\x02", "")
toml("syntax: a key without a value", "id =\n", "")


# -- the command line -------------------------------------------------------------
def cli_case(case_id: str, *args: str, said: str) -> None:
    CASES.append(Case(case_id, "cli", args, (said,)))


for bad in ["x", "2025-02-30", "2025-13-01", "25-01-01", "", "2025/01/01"]:
    cli_case(f"--from {bad}", "plan", "{data}/feeds.toml", "--from", bad, said="--from")
    cli_case(f"--to {bad}", "plan", "{data}/feeds.toml", "--to", bad, said="--to")
for early, late in [
    ("0001-01-01", "2025-12-31"),
    ("2025-01-01", "9999-12-31"),
    ("0001-01-01", "9999-12-31"),
]:
    for command in ("plan", "export", "rotation", "fairness"):
        extra = ("ordf",) if command == "rotation" else ()
        out = ("--out", "{tmp}/feeds") if command == "export" else ()
        cli_case(
            f"{command} {early}..{late}",
            command,
            "{data}/feeds.toml",
            *extra,
            "--from",
            early,
            "--to",
            late,
            *out,
            said="--from" if early.startswith("0001") else "--to",
        )
cli_case(
    "--to before --from",
    "plan",
    "{data}/feeds.toml",
    "--from",
    "2026-01-01",
    "--to",
    "2025-01-01",
    said="--to",
)
for stamp in [
    "x",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59+00:00",
    "9999-12-31T23:59:59-14:00",
    "2025-02-30T00:00:00Z",
    "0001-01-01T00:00:00+14:00",
]:
    cli_case(
        f"--stamp {stamp}",
        "export",
        "{data}/feeds.toml",
        *PERIOD,
        "--stamp",
        stamp,
        "--out",
        "{tmp}/feeds",
        said="--stamp",
    )
for port in ["70000", "-1", "abc", "65536", ""]:
    cli_case(f"serve --port {port}", "serve", "{tmp}", "--port", port, said="--port")
cli_case("serve missing folder", "serve", "{tmp}/nope", said="nope")
cli_case("serve a file", "serve", "{data}/feeds.toml", said="feeds.toml")
cli_case(
    "export --out a file",
    "export",
    "{data}/feeds.toml",
    *PERIOD,
    "--out",
    "{data}/feeds.toml",
    said="is a file",
)
for url in [
    "x",
    "ftp://h/x/",
    "http://",
    "http://h:99999/x/",
    "http://h/x/\nY",
    "http://[::1/x/",
    "http://h/x/?q=1",
]:
    cli_case(f"publish --url {url!r}", "publish", "{data}/feeds.toml", "--url", url, said="address")
for year in ["0", "-1", "100000", "x"]:
    cli_case(
        f"import-text --year {year}",
        "import-text",
        "{data}/kalendarium_2017.txt",
        "--year",
        year,
        said="--year",
    )
cli_case("import-text missing file", "import-text", "{tmp}/nope.txt", said="nope.txt")
cli_case(
    "import-text --id bad",
    "import-text",
    "{data}/kalendarium_2017.txt",
    "--id",
    "../x",
    said="--id",
)
cli_case(
    "import-text --out a folder",
    "import-text",
    "{data}/kalendarium_2017.txt",
    "--out",
    "{tmp}",
    said="--out",
)
cli_case("import-ics missing file", "import-ics", "{tmp}/nope.ics", said="nope.ics")
cli_case("import-ics a folder", "import-ics", "{tmp}", said="cannot read")
cli_case("plan missing file", "plan", "{tmp}/nope.toml", said="nope.toml")
cli_case("plan a folder", "plan", "{tmp}", said="no such cooperation file")
cli_case("rotation unknown", "rotation", "{data}/feeds.toml", "nope", said="nope")
cli_case("fairness unknown", "fairness", "{data}/feeds.toml", "nope", said="nope")
cli_case("--format bad", "plan", "{data}/feeds.toml", "--format", "xml", said="--format")
cli_case("unknown command", "dance", said="invalid choice")

# -- import-text ------------------------------------------------------------------
HEAD = "#### Styrgruppen (torsdagar 12.00-15.00)\n\n"
for number, line in enumerate(
    [
        "31 februari\t(Arboga)",
        "7 decmber\t(Arboga)",
        "0 mars\t(Arboga)",
        "2 februari 0000\t(Arboga)",
        "2 februari 99999\t(Arboga)",
        "Januari 0000\t(Arboga)",
        "32 mars\t(Arboga)",
        "2 februari\t(Arboga",
        "2 februari 2025 kl. 25.00\t(Arboga)",
        "2 februari\t()",
    ]
):
    CASES.append(
        Case(f"import-text line {number}: {line[:20]!r}", "text", HEAD + line + "\n", (":3",))
    )
CASES.append(
    Case("import-text not UTF-8", "text", b"#### Styrgruppen\n\n2 februari \xe4\n", ("UTF-8",))
)


# -- import-ics -------------------------------------------------------------------
def ics(*event: str, head: str = "") -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//x//y//SV",
        *head.split("\n"),
        "BEGIN:VEVENT",
        "UID:a@x",
        "DTSTAMP:20250101T000000Z",
        *event,
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    return "\r\n".join(line for line in lines if line).encode()


for number, event in enumerate(
    [
        ("DTSTART:garbage", "SUMMARY:x"),
        ("DTSTART;VALUE=DATE:20250230", "SUMMARY:x"),
        ("DTSTART:20250230T100000", "SUMMARY:x"),
        ("DTSTART;VALUE=PERIOD:20250101T100000Z/PT1H", "SUMMARY:x"),
        ("DTSTART;VALUE=DURATION:PT1H", "SUMMARY:x"),
        ("DTSTART:20250101T100000Z", "DTEND:garbage"),
        ("DTSTART:20250101T100000Z", "DURATION:garbage"),
        ("DTSTART:20250101T100000Z", "DTEND:20241231T100000Z"),
        ("SUMMARY:no start",),
        ("DTSTART;TZID=Mars/Base:20250101T100000", "SUMMARY:x"),
        ("DTSTART:00000101T100000Z", "SUMMARY:x"),
        ("DTSTART:20250101T100000Z", "DURATION:P1D", "DTEND:garbage"),
    ]
):
    CASES.append(Case(f"import-ics event {number}: {event[0][:30]}", "ics", ics(*event), ()))
for number, head in enumerate(
    ["X-WR-TIMEZONE:Mars/Base", "X-WR-TIMEZONE:../../../etc/passwd", "X-WR-TIMEZONE:/etc/localtime"]
):
    CASES.append(
        Case(
            f"import-ics head {number}: {head}",
            "ics",
            ics("DTSTART:20250101T100000", "SUMMARY:x", head=head),
            ("X-WR-TIMEZONE",),
        )
    )
for number, data in enumerate(
    [
        b"",
        b"garbage",
        b"BEGIN:VCALENDAR\r\n",
        b"BEGIN:VEVENT\r\nEND:VEVENT\r\n",
        b"\xff\xfe\x00B",
        ics("DTSTART:20250101T100000Z") * 2,
    ]
):
    CASES.append(Case(f"import-ics file {number}", "ics", data, ()))


LIMIT = 20.0
"""Seconds one bad input may take: a run that hangs (FREQ=SECONDLY ran for ten minutes) fails."""


@pytest.fixture(autouse=True)
def time_bound() -> Iterator[None]:
    with time_limit(LIMIT):
        yield


def test_the_table_has_at_least_300_rows() -> None:
    assert len(CASES) >= 300, len(CASES)
    assert len({c.id for c in CASES}) == len(CASES)


def test_the_base_is_valid(cli: Callable[..., Any], tmp_path: Path) -> None:
    path = tmp_path / "prov.toml"
    path.write_text(BASE, "utf-8")
    run = cli("plan", path, *PERIOD, "--format", "json")
    assert run.status == 0, run.err
    assert '"body": "beredning"' in run.out


def _run(case: Case, cli: Callable[..., Any], tmp_path: Path) -> tuple[Any, str]:
    if case.kind == "toml":
        path = tmp_path / "prov.toml"
        path.write_text(case.payload, "utf-8")
        return cli("plan", path, *PERIOD), str(path)
    if case.kind == "cli":
        args = [
            a.replace("{data}", str(DATA)).replace("{tmp}", str(tmp_path)) for a in case.payload
        ]
        return cli(*args), ""
    if case.kind == "text":
        path = tmp_path / "kalendarium.txt"
        data = case.payload if isinstance(case.payload, bytes) else case.payload.encode()
        path.write_bytes(data)
        return cli("import-text", path, "--year", "2025"), str(path)
    path = tmp_path / "in.ics"
    path.write_bytes(case.payload)
    return cli("import-ics", path, "--format", "json"), str(path)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_exits_2_and_names_where(
    case: Case, cli: Callable[..., Any], tmp_path: Path
) -> None:
    run, file = _run(case, cli, tmp_path)
    err: str = run.err
    assert run.status == 2, f"exit {run.status}\n{err}\n{run.out[:500]}"
    assert "Traceback" not in err
    assert err.strip(), "no message"
    if case.kind == "toml":
        assert re.search(rf"{re.escape(file)}:\d+: ", err), f"no file:line in {err!r}"
        assert err.count(file) == 1, f"the prefix is repeated: {err!r}"
    elif case.kind == "text":
        assert re.search(rf"{re.escape(file)}(:\d+)?: ", err), f"no file in {err!r}"
    elif case.kind == "ics":
        assert file in err, f"no file in {err!r}"
    if case.key:
        assert case.key.replace('"', "") in err, f"no key {case.key} in {err!r}"
    for text in case.said:
        assert text in err, f"{text!r} not in {err!r}"
    # One message, one prefix: no "error: error:" and no repeated file name prefix.
    assert "error: samverkan: error" not in err
    assert err.count("samverkan: error:") <= 1


@pytest.mark.parametrize("epoch", ["99999999999999999999", "-99999999999", "1e9", "abc"])
def test_source_date_epoch_out_of_range(
    epoch: str, cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    run = cli("export", DATA / "feeds.toml", *PERIOD, "--out", tmp_path / "feeds")
    assert run.status == 2
    assert f"SOURCE_DATE_EPOCH={epoch!r}" in run.err
    assert "1970–9000" in run.err
    assert not (tmp_path / "feeds").exists() or not any((tmp_path / "feeds").glob("*.ics"))


def test_rrule_until_in_utc_works(cli: Callable[..., Any], tmp_path: Path) -> None:
    # RFC 5545 §3.3.10 allows (with a zoned DTSTART, demands) UNTIL in UTC.
    path = tmp_path / "prov.toml"
    text = set_key(
        BASE, "bodies.styrgrupp", "rrule", '"FREQ=MONTHLY;BYDAY=1MO;UNTIL=20250401T000000Z"'
    )
    path.write_text(set_key(text, "bodies.styrgrupp", "per_year", "0"), "utf-8")
    run = cli("plan", path, *PERIOD, "--format", "csv")
    assert run.status == 0, run.err
    # The first Mondays up to 1 April 2025: 6 January is trettondedag jul, a
    # public holiday, so 3 February and 3 March.
    days = re.findall(r"styrgrupp,[^,]*,(\d{4}-\d{2}-\d{2})", run.out)
    assert days == ["2025-02-03", "2025-03-03"]


def test_hosts_up_to_the_host_rotation_members_work(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "prov.toml"
    path.write_text(set_key(BASE, "bodies.styrgrupp", "hosts", "3"), "utf-8")
    run = cli("plan", path, "--from", "2025-01-01", "--to", "2025-12-31", "--format", "json")
    assert run.status == 0, run.err
    import json

    hosts = [m["hosts"] for m in json.loads(run.out) if m["body"] == "styrgrupp"]
    assert len(hosts) == 4  # per_year = 4
    assert all(sorted(h) == ["Arboga", "Kungsör", "Köping"] for h in hosts)
