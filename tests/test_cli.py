"""The rotation and fairness commands, their formats and exit statuses."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from conftest import DATA


def test_fairness_exits_1_and_names_the_member_when_a_list_is_unfair(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("fairness", DATA / "unfair_list.toml", "--from", "2021-01-01", "--to", "2024-12-31")
    assert run.status == 1
    # 2021–2024: Arboga twice (2021, 2023), Hällefors never.
    assert "UNFAIR" in run.out
    assert "Arboga has 2 turns in the window 2021–2024" in run.out
    assert "Hällefors has no turn in the window 2021–2024" in run.out


def test_fairness_exits_0_when_fair(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("fairness", DATA / "fair_list.toml", "--from", "2021-01-01", "--to", "2024-12-31")
    assert run.status == 0, run.out + run.err
    assert "radslag: fair" in run.out


def test_fairness_json(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli(
        "fairness", "malmolund", "--from", "2012-01-01", "--to", "2021-12-31", "--format", "json"
    )
    report = json.loads(run.out)
    assert report[0]["turns"] == {"Malmö": 5, "Lund": 5}
    assert report[0]["fair"] is True


def test_rotation_csv_has_the_contract_columns(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli(
        "rotation",
        "malmolund",
        "ordforande",
        "--from",
        "2013-01-01",
        "--to",
        "2014-12-31",
        "--format",
        "csv",
    )
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert [(r["holder"], r["deputy"], r["start"], r["end"]) for r in rows] == [
        ("Lund", "Malmö", "2013-01-01", "2014-01-01"),
        ("Malmö", "Lund", "2014-01-01", "2015-01-01"),
    ]


def test_list_shows_member_counts(cli) -> None:  # type: ignore[no-untyped-def]
    rows = json.loads(cli("list", "--format", "json").out)
    assert {r["id"]: r["members"] for r in rows} == {
        "sodertorn": 8,
        "fyra-malarstader": 4,
        "malmolund": 11,
        "vastra-malardalen": 3,
        "bergslagen": 4,
    }
    assert {r["id"]: r["bodies"] for r in rows}["sodertorn"] == [
        "kommitten",
        "planeringskonferens",
        "ledningsgrupp",
        "sodertornskonferensen",
        "radslag",
        "nyckeltal",
    ]


def test_table_fits_80_columns(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("rotation", "sodertorn", "radslag", "--from", "2017-01-01", "--to", "2030-12-31")
    assert "repeat: the published list has ended" in " ".join(run.out.split())
    assert all(len(line) <= 80 for line in run.out.splitlines())


def test_console_script_runs_as_a_process() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "calendars._cli",
            "rotation",
            "fyra-malarstader",
            "ordforande",
            "--from",
            "2020-09-08",
            "--to",
            "2020-09-09",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert [t["holder"] for t in json.loads(done.stdout)] == ["Strängnäs", "Västerås"]


def test_every_command_has_help_with_an_example(cli) -> None:  # type: ignore[no-untyped-def]
    commands = [
        "list",
        "rotation",
        "export",
        "serve",
        "publish",
        "plan",
        "import-text",
        "import-ics",
        "fairness",
    ]
    top = cli("--help")
    assert top.status == 0
    for command in commands:
        assert command in top.out
        run = cli(command, "--help")
        assert run.status == 0, command
        assert f"Example: samverkan {command}" in run.out, command


def test_version(cli) -> None:  # type: ignore[no-untyped-def]
    from importlib.metadata import version

    run = cli("--version")
    assert run.status == 0
    assert run.out.strip() == f"samverkan {version('samverkan')}"


def test_no_colour_when_not_a_terminal(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("fairness", DATA / "unfair_list.toml", "--from", "2021-01-01", "--to", "2024-12-31")
    assert "\033[" not in run.out
    assert "UNFAIR" in run.out


def test_colour_on_a_terminal_unless_no_color(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from calendars._cli import commands as _cli

    monkeypatch.setattr(_cli.sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert _cli._colour()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not _cli._colour()


def test_swedish_dates_in_tables(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("plan", "sodertorn", "--from", "2017-02-01", "--to", "2018-01-31")
    import re

    rows = [re.split(r"\s{2,}", line) for line in run.out.splitlines()]
    assert ["tors 2 feb 2017", "12.00–15.00", "kommitten", "Haninge"] in rows
    assert any(row[0] == "16–17 aug 2017" and row[-1] == "Nynäshamn" for row in rows)
    assert ["januari 2018", "kommitten", "Huddinge", "preliminärt"] in rows
    rotation = cli(
        "rotation", "fyra-malarstader", "ordforande", "--from", "2020-09-08", "--to", "2020-09-09"
    )
    assert "4 sep 2019  8 sep 2020" in rotation.out
