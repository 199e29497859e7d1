"""import-text: seed 003's kalendarium in, a cooperation file out."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from conftest import DATA

import calendars
from calendars import load


def _plan_key(coop) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    meetings = calendars.plan(coop, date(2017, 1, 1), date(2018, 1, 1)).meetings
    return sorted(((m.start, m.end, m.hosts, m.status.value) for m in meetings), key=repr)


def test_seed_003_section_7_imports_without_an_unread_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "sodertorn.toml"
    run = cli(
        "import-text",
        DATA / "kalendarium_2017.txt",
        "--id",
        "sodertorn",
        "--name",
        "Södertörn",
        "--out",
        out,
    )
    assert run.status == 0, run.err
    assert run.err == ""
    assert run.out == f"wrote {out}: 6 bodies, 20 dates\n"
    imported = load(out)
    # The same 2017 plan as the bundled file: days, times, hosts and status.
    assert _plan_key(imported) == _plan_key(load("sodertorn"))
    assert len(_plan_key(imported)) == 17
    # Every date keeps the host its line names, and an id from its day.
    committee = imported.bodies["sodertorns-samarbetskommitte"]
    entries = [e for year in sorted(committee.dates) for e in committee.dates[year]]
    named = [(e.start.isoformat(), e.id, e.hosts) for e in entries]
    assert named[:3] == [
        ("2017-02-02", "2017-02-02", ("Haninge",)),
        ("2017-03-23", "2017-03-23", ("Nykvarn",)),
        ("2017-06-01", "2017-06-01", ("Salem",)),
    ]
    assert named[6] == ("2018-01-01", "2018-01", ("Huddinge",))
    # No rotation is guessed from the hosts: the list's named hosts are its truth.
    assert imported.rotations == {}


def test_typos_name_the_line_and_write_nothing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "x.toml"
    source = DATA / "kalendarium_typos.txt"
    run = cli("import-text", source, "--year", "2017", "--out", out)
    assert run.status == 2
    assert f"{source}:4: '31 februari\\t(Nykvarn)': februari 2017 has 28 days" in run.err
    assert (
        f"{source}:5: '7 decmber\\t(Salem)': 'decmber' is not a Swedish month (did you mean 'december'?)"
        in run.err
    )
    assert "nothing written" in run.err
    assert not out.exists()
    assert "Traceback" not in run.err


def test_wrong_weekday_is_reported(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = tmp_path / "k.txt"
    text.write_text("Kommittén (torsdagar 12.00-15.00)\n3 februari 2017 (Arboga)\n")
    run = cli("import-text", text)
    assert run.status == 2
    assert "2017-02-03 is a fredag, but Kommittén meets on torsdagar" in run.err


def test_prints_the_toml_without_out(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = tmp_path / "k.txt"
    text.write_text(
        "Styrgruppen (tisdagar 9.00-11.00)\n7 februari 2017 (Arboga)\n14 mars 2017 (Köping)\n"
    )
    run = cli("import-text", text, "--id", "vm")
    assert run.status == 0, run.err
    assert 'weekday = "tisdag"' in run.out
    assert '[members]\n"Arboga" = {}\n"Köping" = {}\n' in run.out
    assert "[rotations" not in run.out  # the hosts the list names, no rotation guessed
    assert (
        '2017 = [\n  { date = "2017-02-07", id = "2017-02-07", host = "Arboga" },\n'
        '  { date = "2017-03-14", id = "2017-03-14", host = "Köping" },\n]'
    ) in run.out


def test_a_windows_1252_file_is_read_with_a_warning(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = tmp_path / "k.txt"
    text.write_bytes("Styrelsen 2017\n7 december (Södertälje)\n".encode("cp1252"))
    run = cli("import-text", text, "--id", "s")
    assert run.status == 0, run.err
    assert "is not UTF-8; read as Windows-1252" in run.err
    assert '{ date = "2017-12-07", id = "2017-12-07", host = "Södertälje" }' in run.out


def test_members_decide_what_is_a_host(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = tmp_path / "k.txt"
    text.write_text("Styrelsen 2017\n2 februari (Teams)\n9 mars (Teams)\n", "utf-8")
    # Without --members, Teams is a place: meetings without hosts, held on Teams.
    run = cli("import-text", text)
    assert run.status == 0, run.err
    assert "host =" not in run.out
    assert "[members]\n\n" in run.out
    assert 'location = "Teams"' in run.out
    # A cooperation may well call a member Teams; --members says so.
    run = cli("import-text", text, "--members", "Teams")
    assert run.status == 0, run.err
    assert 'host = "Teams"' in run.out


def test_the_whole_verksamhetsplan_gives_the_plan_of_its_kalendarium(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Seed 003 as a whole: prose, a host list by year, a budget with dates in
    # sentences. Only section 7 holds meetings; the rest is read and named.
    whole, section = tmp_path / "whole.toml", tmp_path / "section.toml"
    source = DATA / "verksamhetsplan_2017.txt"
    run = cli("import-text", source, "--id", "sodertorn", "--out", whole)
    # Written, but exit 1: a sentence's date ("Från 2017-08-01 ändras kommunernas
    # avgift …", line 228) made no meeting and is not explained away (issue 16:
    # exit 0 only when every line with a date was used).
    assert run.status == 1, run.err
    assert run.out == f"wrote {whole}: 6 bodies, 20 dates\n"
    assert "1 line(s) with a date made no meeting (line 228, listed above)" in run.err
    assert f"{source}:3: warning: 'Beslutad 2017-02-02': a document date; not a meeting" in run.err
    assert f"{source}:165: warning: '2017\\tNykvarn': a table row by year" in run.err
    assert f"{source}:155: warning: " in run.err  # "… äger nästa gång rum i september 2017."
    assert "a sentence that mentions a date" in run.err
    assert cli("import-text", DATA / "kalendarium_2017.txt", "--id", "sodertorn",
               "--out", section).status == 0  # fmt: skip
    assert _plan_key(load(whole)) == _plan_key(load(section))


def test_explain_shows_each_line_beside_what_was_read(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = tmp_path / "k.txt"
    text.write_text(
        "Styrelsen 2025 (torsdagar 13.00-16.00)\n\n13 februari (Köping)\n"
        "Mötet den 13 februari är preliminärt.\nBudget för 2026 antas i juni.\n",
        "utf-8",
    )
    run = cli("import-text", text, "--explain")
    assert run.status == 0, run.err
    assert run.out.splitlines() == [
        "   1  Styrelsen 2025 (torsdagar 13.00-16.00)",
        "      -> the heading of a body",
        "   3  13 februari (Köping)",
        "      -> 1 date(s) of Styrelsen",
        "      -> Styrelsen 2025-02-13 13.00-16.00 (Köping) provisional",
        "   4  Mötet den 13 februari är preliminärt.",
        "      -> a sentence that marks a date provisional",
        "   5  Budget för 2026 antas i juni.",
        "      -> a sentence",
    ]
    assert "5: warning: 'Budget för 2026 antas i juni.'" in run.err
    as_json = json.loads(cli("import-text", text, "--explain", "json").out)
    assert [row["line"] for row in as_json] == [1, 3, 4, 5]
    assert as_json[1]["meetings"] == ["Styrelsen 2025-02-13 13.00-16.00 (Köping) provisional"]
    assert not any(row["problem"] for row in as_json)


def test_exit_0_only_when_every_line_with_a_date_was_used(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Issue 16: "Exit 0 only when every date-bearing line was used. A line that
    # contains a date and made no meeting is either explained (adoption date,
    # budget year) or a warning listed by line."
    listed = "Styrelsen 2027\n4 februari\n18 mars\n"
    explained = (
        "Planen antogs av styrelsen den 10 december 2026.\n"  # an adoption date
        "Förbundet hade ett styrelsesammanträde den 4 februari och ett den 18 mars.\n"
    )
    dropped = "Mötet i maj hålls troligen den 20 maj, men det är inte bestämt ännu.\n"
    for text, status in ((listed + explained, 0), (listed + explained + dropped, 1)):
        source, out = tmp_path / "lista.txt", tmp_path / "coop.toml"
        source.write_text(text, "utf-8")
        out.unlink(missing_ok=True)
        run = cli("import-text", source, "--id", "s", "--out", out)
        assert run.status == status, run.err
        assert out.exists()  # written either way: the warnings say what to check
    assert "1 line(s) with a date made no meeting (line 6, listed above)" in run.err
    assert f"{source}:6: warning: 'Mötet i maj hålls troligen den 20 maj" in run.err
