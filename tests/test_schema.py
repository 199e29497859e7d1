"""The JSON Schema of a cooperation file: made from the key tables, shipped, and in step.

The schema is what an editor (Taplo, Even Better TOML) checks a file with
while it is written; the loader is what the program checks it with. Both
come from the same key tables, so every bundled and documented file passes
both, and a mistyped key fails both.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from conftest import need

from calendars import ConfigError, bundled, load_text
from calendars._config.schema import FILE, json_schema, schema_text

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "calendars" / "data" / FILE
TAPLO = ROOT / "tests" / "taplo" / "node_modules" / ".bin" / "taplo"
BLOCK = re.compile(r"^```toml[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)


@pytest.fixture(scope="module")
def errors() -> Callable[[dict[str, Any], dict[str, Any]], list[str]]:
    """The messages of a JSON Schema validator for an instance (none: valid)."""
    try:
        import jsonschema
    except ImportError:
        jsonschema = None
    need(jsonschema, "jsonschema (pip install -e .[test])")
    assert jsonschema is not None

    def check(schema: dict[str, Any], instance: dict[str, Any]) -> list[str]:
        validator = jsonschema.Draft7Validator(schema)
        return [
            f"{'.'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(instance)
        ]

    return check


def _as_json(value: object) -> object:
    """TOML data as a schema sees it in Taplo: dates and times are strings."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    return value


def _data(text: str) -> dict[str, Any]:
    found = _as_json(tomllib.loads(text))
    assert isinstance(found, dict)
    return found


def test_the_shipped_schema_is_the_one_the_tables_make() -> None:
    assert SHIPPED.read_text("utf-8") == schema_text(), (
        "calendars/data/samverkan.schema.json is stale: "
        "run `samverkan schema > calendars/data/samverkan.schema.json`"
    )


def test_samverkan_schema_prints_the_shipped_file(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("schema")
    assert run.status == 0
    assert run.out == SHIPPED.read_text("utf-8")


def test_the_schema_is_a_draft_7_schema(errors) -> None:  # type: ignore[no-untyped-def]
    import jsonschema

    jsonschema.Draft7Validator.check_schema(json_schema())


def _properties(schema: object, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every key's schema in the whole schema, with where it stands."""
    if isinstance(schema, list):
        for part in schema:
            yield from _properties(part, where)
    if not isinstance(schema, dict):
        return
    for name, value in schema.get("properties", {}).items():
        yield f"{where}.{name}", value
    for key, value in schema.items():
        if key != "properties":
            yield from _properties(value, where)
        else:
            for name, inner in value.items():
                yield from _properties(inner, f"{where}.{name}")


def test_every_key_says_what_it_is_and_what_it_takes() -> None:
    keys = list(_properties(json_schema()))
    assert len(keys) > 100
    for where, schema in keys:
        assert schema.get("description"), where
        assert {"type", "enum", "anyOf"} & set(schema), where


@pytest.mark.parametrize("name", bundled())
def test_every_bundled_file_passes_the_schema(errors, name: str) -> None:  # type: ignore[no-untyped-def]
    text = (ROOT / "calendars" / "data" / f"{name}.toml").read_text("utf-8")
    assert errors(json_schema(), _data(text)) == []


def _documented() -> list[tuple[str, str]]:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return [(page.name, m[1]) for page in pages for m in BLOCK.finditer(page.read_text("utf-8"))]


def test_every_toml_example_in_the_docs_passes_the_schema(errors) -> None:  # type: ignore[no-untyped-def]
    # A fragment ([bodies.x.dates] alone) is part of a file: it need not have an id or members.
    part = {**json_schema(), "required": []}
    examples = _documented()
    assert len(examples) >= 8
    for page, text in examples:
        whole = "\nid =" in f"\n{text}" and "[members]" in text
        assert errors(json_schema() if whole else part, _data(text)) == [], (page, text[:60])


# Every section of a file, once: a typo in any of them fails both checks.
EVERY_SECTION = """
id = "prov"
name = "Provsamverkan"
language = "sv"
timezone = "Europe/Stockholm"

[secretariat]
name = "Kansliet"
email = "kansli@prov.se"

[members]
"Arboga" = { code = "1984", address = "Nytorget 1", room = "KS-salen" }
"Köping" = { code = "1983", joins = "2025-01-01" }
"Kungsör" = { code = "1960", leaves = "2030-01-01" }

[rotations.ordf]
role = "ordförande"
members = ["Arboga", "Köping", "Kungsör"]
turn = "year"
every = 1
handover = "01-01"
handovers = { 2026 = "2026-01-15" }
start = { date = "2024-01-01", holder = "Arboga" }
deputy = "next"
after = "repeat"
leave_policy = "shift"
count_cancelled = false

[[rotations.ordf.changes]]
date = "2027-06-01"
leaves = "Arboga"
policy = "skip"

[[rotations.ordf.overrides]]
unavailable = "Kungsör"
from = "2028-01-01"
to = "2028-12-31"
policy = "defer"

[rotations.vard]
role = "värd"
order = "alphabetical"
turn = "event"
start = { date = "2024-01-01", holder = "Arboga" }

[bodies.styrgrupp]
name = "Styrgruppen"
kind = "management"
chair = "ordf"
host = "vard"
hosts = 1
location = "Stadshuset i {hosts}"
host_not_chair = true
weekday = "tisdag"
time = "13.00-16.00"
per_year = 4
season = ["01-15", "12-15"]
min_gap_days = 20
url = "https://prov.se/styrgrupp"
conference = "https://meet.prov.se/styrgrupp"
description = "Styrgruppens möten."
agenda = "https://prov.se/dagordning/{date}.pdf"
minutes = "https://prov.se/protokoll/{date}.pdf"
reminders = ["P1D", "PT1H"]
breaks = [{ name = "sommar", from = "06-15", to = "08-15" }, { name = "sportlov", week = 9 }]

[bodies.styrgrupp.dates]
2025 = ["2025-02-04", { date = "2025-03-25", title = "budget", host = "Köping", url = "https://prov.se/mars" }, "2025-10"]

[[bodies.styrgrupp.overrides]]
date = "2025-02-04"
status = "cancelled"

[bodies.beredning]
weekday = "fredag"
prepares = "styrgrupp"
lead_days = [3, 10]
every_years = 1
rrule = "FREQ=WEEKLY;BYDAY=FR"
"""

# (what is mistyped, the text with the typo, the key the loader names)
TYPOS = [
    ("top level", ("timezone =", "timezon ="), "timezon"),
    ("secretariat", ('email = "kansli', 'e-mail = "kansli'), "secretariat.e-mail"),
    ("member", ('joins = "2025', 'join = "2025'), "members.Köping.join"),
    ("rotation", ('deputy = "next"', 'deputi = "next"'), "rotations.ordf.deputi"),
    (
        "anchor",
        (
            '{ date = "2024-01-01", holder = "Arboga" }\ndeputy',
            '{ day = "2024-01-01", holder = "Arboga" }\ndeputy',
        ),
        "rotations.ordf.start.day",
    ),
    ("change", ('leaves = "Arboga"', 'leave = "Arboga"'), "rotations.ordf.changes[0].leave"),
    ("exception", ('policy = "defer"', 'polcy = "defer"'), "rotations.ordf.overrides[0].polcy"),
    (
        "body",
        (
            "min_gap_days =",
            "min_gap =",
        ),
        "bodies.styrgrupp.min_gap",
    ),
    ("break", ("week = 9", "vecka = 9"), "bodies.styrgrupp.breaks[1].vecka"),
    ("date", ('title = "budget"', 'titel = "budget"'), "bodies.styrgrupp.dates.2025[1].titel"),
    (
        "override",
        ('status = "cancelled"', 'stauts = "cancelled"'),
        "bodies.styrgrupp.overrides[0].stauts",
    ),
    ("wrong kind", ("per_year = 4", 'per_year = "4"'), "bodies.styrgrupp.per_year"),
    # A key of another kind of change or exception: the schema's oneOf, the loader's kinds.
    (
        "policy of a join",
        ('leaves = "Arboga"\npolicy', 'joins = "Arboga"\npolicy'),
        "rotations.ordf.changes[0].policy",
    ),
    (
        "holder of an unavailability",
        ('policy = "defer"', 'policy = "defer"\nholder = "Arboga"'),
        "rotations.ordf.overrides[0].holder",
    ),
    (
        "two kinds of exception",
        ('policy = "defer"', 'policy = "defer"\nperiod = "2028"'),
        "rotations.ordf.overrides[0]",
    ),
]


def test_the_example_with_every_section_is_valid(errors) -> None:  # type: ignore[no-untyped-def]
    coop = load_text(EVERY_SECTION, file="prov.toml")
    assert set(coop.bodies) == {"styrgrupp", "beredning"}
    assert errors(json_schema(), _data(EVERY_SECTION)) == []


@pytest.mark.parametrize(("what", "change", "key"), TYPOS, ids=[t[0] for t in TYPOS])
def test_a_typo_fails_the_schema_and_the_loader(
    errors, what: str, change: tuple[str, str], key: str
) -> None:  # type: ignore[no-untyped-def]
    assert EVERY_SECTION.count(change[0]) == 1, what
    text = EVERY_SECTION.replace(*change)
    found = errors(json_schema(), _data(text))
    assert found, f"the schema let the {what} typo through"
    with pytest.raises(ConfigError) as caught:
        load_text(text, file="prov.toml")
    assert caught.value.key == key


def test_the_schema_shows_each_key_s_doc_line_and_default() -> None:
    body = json.loads(SHIPPED.read_text("utf-8"))["properties"]["bodies"]["additionalProperties"]
    assert body["properties"]["days"] == {
        "description": "length in days, 1–14; multi-day meetings are all-day",
        "type": "integer",
        "minimum": 1,
        "maximum": 14,
        "default": 1,
    }
    assert body["properties"]["kind"]["enum"] == [
        "committee",
        "management",
        "conference",
        "radslag",
        "other",
    ]


@pytest.fixture(scope="module")
def taplo() -> Callable[[Path, list[str]], subprocess.CompletedProcess[str]]:
    """`taplo check` (the engine of Even Better TOML) on files in a folder, schema beside them."""
    need(shutil.which("node") and TAPLO.is_file(), "Taplo (cd tests/taplo && npm ci)")

    def check(folder: Path, names: list[str]) -> subprocess.CompletedProcess[str]:
        shutil.copy(SHIPPED, folder / FILE)
        return subprocess.run(
            [str(TAPLO), "check", *names],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            env={"PATH": "/usr/bin:/bin", "RUST_LOG": "error"},
        )

    return check


def _with_schema(text: str) -> str:
    """A file as docs/reference.md says to write it: the schema named on the first line."""
    return f"#:schema ./{FILE}\n{text}"


def test_taplo_finds_the_bundled_files_and_the_example_valid(taplo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    names = []
    for name in bundled():
        text = (ROOT / "calendars" / "data" / f"{name}.toml").read_text("utf-8")
        (tmp_path / f"{name}.toml").write_text(_with_schema(text), "utf-8")
        names.append(f"{name}.toml")
    (tmp_path / "prov.toml").write_text(_with_schema(EVERY_SECTION), "utf-8")
    done = taplo(tmp_path, [*names, "prov.toml"])
    assert done.returncode == 0, done.stdout + done.stderr


def test_taplo_refuses_each_typo(taplo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    names = []
    for number, (_, change, _) in enumerate(TYPOS):
        name = f"typo-{number}.toml"
        (tmp_path / name).write_text(_with_schema(EVERY_SECTION.replace(*change)), "utf-8")
        names.append(name)
    done = taplo(tmp_path, names)
    assert done.returncode != 0
    refused = set(re.findall(r"invalid file .*?path=\"[^\"]*/(typo-\d+\.toml)\"", done.stderr))
    assert refused == set(names), done.stderr[-2000:]
