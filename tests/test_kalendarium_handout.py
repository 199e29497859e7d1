"""`samverkan kalendarium`: the year's meetings per body as .md, .docx, .pdf and .xlsx.

Read back with python-docx, pdftotext (poppler-utils) and openpyxl, and
compared with the kalendarium of seed 003, §7 (Södertörn 2017), worked out
by hand: the committee meets on Thursdays 12.00–15.00 at its host, whose
turn passes per meeting (Haninge, Nykvarn, Salem, then Botkyrka after
Nynäshamn's planning conference, Tyresö, Södertälje); the management group
on Fridays 08.30–13.00, with a two-day planning conference 6–7 April.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import need
from hypothesis import given, settings
from hypothesis import strategies as st

from calendars import load
from calendars._config.cooperation import bundled
from calendars._formats.handout import handout, to_markdown
from calendars._planning.planner import plan as plan_meetings
from calendars._words import Language

# Seed 003, §7, "Södertörns samarbetskommitté (torsdagar 12.00-15.00)":
# (date, weekday, time, place, host).
COMMITTEE_2017 = [
    ("2 februari", "torsdag", "12.00–15.00", "Haninge", "Haninge"),
    ("23 mars", "torsdag", "12.00–15.00", "Nykvarn", "Nykvarn"),
    ("1 juni", "torsdag", "12.00–15.00", "Salem", "Salem"),
    ("14 september", "torsdag", "12.00–15.00", "Botkyrka", "Botkyrka"),
    ("26 oktober", "torsdag", "12.00–15.00", "Tyresö", "Tyresö"),
    ("7 december", "torsdag", "12.00–15.00", "Södertälje", "Södertälje"),
]
# Seed 003, §7, "Ledningsgruppen (fredagar 08.30-13.00)".
MANAGEMENT_2017 = [
    ("20 januari", "fredag", "08.30–13.00"),
    ("24 februari", "fredag", "08.30–13.00"),
    ("6–7 april", "torsdag–fredag", ""),
    ("12 maj", "fredag", "08.30–13.00"),
    ("1 september", "fredag", "08.30–13.00"),
    ("6 oktober", "fredag", "08.30–13.00"),
    ("17 november", "fredag", "08.30–13.00"),
]
# The bodies of sodertorn.toml in the file's order, as seed 003 names them,
# each with its 2017 meetings (§7).
BODIES_2017 = [
    ("Södertörns samarbetskommitté", 6),
    ("Samarbetskommitténs planeringskonferens", 1),
    ("Ledningsgruppen", 7),
    ("Södertörnskonferensen", 1),
    ("Södertörns rådslag", 1),
    ("Nyckeltalsdag", 1),
]


def _write(cli: Callable[..., object], tmp_path: Path, fmt: str, *extra: str) -> Path:
    out = tmp_path / f"kalendarium.{fmt}"
    run = cli("kalendarium", "sodertorn", "--year", "2017", "--format", fmt, "--out", out, *extra)
    assert run.status == 0, run.err  # type: ignore[attr-defined]
    return out


def test_markdown_lists_each_body_with_its_meetings(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = _write(cli, tmp_path, "md").read_text("utf-8")
    assert text.startswith("# Kalendarium 2017 – Södertörnskommunerna\n")
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert headings == [name for name, _ in BODIES_2017]
    committee = text.split("## Södertörns samarbetskommitté\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in committee.splitlines() if line.startswith("| ")]
    assert rows[0] == "| Datum | Dag | Tid | Plats | Värd |"
    assert rows[1:] == [f"| {' | '.join(r)} |" for r in COMMITTEE_2017]
    management = text.split("## Ledningsgruppen\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in management.splitlines() if line.startswith("| ")]
    assert rows[0] == "| Datum | Dag | Tid | Anmärkning |"
    assert rows[3] == "| 6–7 april | torsdag–fredag |  | planeringskonferens |"
    assert [r.split(" | ")[0][2:] for r in rows[1:]] == [d for d, _, _ in MANAGEMENT_2017]


def test_docx_reads_back_with_python_docx(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from docx import Document

    path = _write(cli, tmp_path, "docx")
    doc = Document(str(path))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Kalendarium 2017 – Södertörnskommunerna"] + [n for n, _ in BODIES_2017]
    assert [len(t.rows) - 1 for t in doc.tables] == [n for _, n in BODIES_2017]
    committee = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert committee[0] == ["Datum", "Dag", "Tid", "Plats", "Värd"]
    assert [tuple(r) for r in committee[1:]] == COMMITTEE_2017
    management = [[c.text for c in row.cells][:3] for row in doc.tables[2].rows]
    assert [tuple(r) for r in management[1:]] == MANAGEMENT_2017
    # Fixed core properties: the same input gives the same bytes.
    assert doc.core_properties.created == datetime(2017, 1, 1, tzinfo=UTC)
    assert doc.core_properties.modified == datetime(2017, 1, 1, tzinfo=UTC)
    (tmp_path / "again").mkdir()
    assert _write(cli, tmp_path / "again", "docx").read_bytes() == path.read_bytes()


def test_pdf_reads_back_with_pdftotext(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdftotext = shutil.which("pdftotext")
    need(pdftotext, "pdftotext (apt-get install poppler-utils)")
    path = _write(cli, tmp_path, "pdf")
    text = subprocess.run(
        [str(pdftotext), "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    assert lines[0] == "Kalendarium 2017 – Södertörnskommunerna"
    for day, weekday, time, place, host in COMMITTEE_2017:
        assert f"{day} {weekday} {time} {place} {host}" in lines
    for day, weekday, time in MANAGEMENT_2017:
        assert any(line.startswith(f"{day} {weekday} {time}".strip()) for line in lines), day
    for name, _ in BODIES_2017:
        assert name in lines
    (tmp_path / "again").mkdir()
    assert _write(cli, tmp_path / "again", "pdf").read_bytes() == path.read_bytes()


def test_xlsx_reads_back_with_openpyxl(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    path = _write(cli, tmp_path, "xlsx")
    sheet = load_workbook(path).active
    assert sheet is not None
    rows = [[c if c is not None else "" for c in r] for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Organ", "Datum", "Dag", "Tid", "Plats", "Värd", "Ordförande", "Anmärkning"]
    committee = [r for r in rows[1:] if r[0] == "Södertörns samarbetskommitté"]
    assert [(r[1].date().isoformat(), r[2], r[3], r[4], r[5]) for r in committee] == [
        ("2017-02-02", "torsdag", "12.00–15.00", "Haninge", "Haninge"),
        ("2017-03-23", "torsdag", "12.00–15.00", "Nykvarn", "Nykvarn"),
        ("2017-06-01", "torsdag", "12.00–15.00", "Salem", "Salem"),
        ("2017-09-14", "torsdag", "12.00–15.00", "Botkyrka", "Botkyrka"),
        ("2017-10-26", "torsdag", "12.00–15.00", "Tyresö", "Tyresö"),
        ("2017-12-07", "torsdag", "12.00–15.00", "Södertälje", "Södertälje"),
    ]
    assert len(rows) - 1 == sum(n for _, n in BODIES_2017)
    (tmp_path / "again").mkdir()
    assert _write(cli, tmp_path / "again", "xlsx").read_bytes() == path.read_bytes()


def test_provisional_chair_and_vice_chair_in_english(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "k.md"
    run = cli("kalendarium", "sodertorn", "--year", "2018", "--format", "md", "--out", out)
    assert run.status == 0, run.err
    text = out.read_text("utf-8")
    # Seed 003, §7: "Januari 2018 (Huddinge)" — only the month is known.
    assert "| januari |  |  | Huddinge | Huddinge | preliminärt |" in text
    run = cli(
        "kalendarium", "malmolund", "--year", "2018", "--format", "md", "--language", "en",
        "--out", out,
    )  # fmt: skip
    assert run.status == 0, run.err
    text = out.read_text("utf-8")
    # Seed 004: Malmö chairs the even years (from 2012, our assumption), Lund is vice chair.
    assert text.startswith("# Calendar 2018 – MalmöLundregionen\n")
    assert "| Date | Day | Time | Chair |" in text
    assert "Malmö (vice chair Lund)" in text
    assert "Tuesday" in text


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--year", "1066"), "--year 1066"),
        (("--format", "odt"), "invalid choice: 'odt'"),
        (("--language", "fi"), "invalid choice: 'fi'"),
    ],
)
def test_bad_options_exit_2(cli, tmp_path: Path, args: tuple[str, ...], said: str) -> None:  # type: ignore[no-untyped-def]
    options = {"--year": "2017", "--format": "md", **dict(zip(args[::2], args[1::2], strict=True))}
    flat = [x for kv in options.items() for x in kv]
    run = cli("kalendarium", "sodertorn", *flat, "--out", tmp_path / "k")
    assert run.status == 2
    assert said in run.err
    assert not (tmp_path / "k").exists()


def test_an_unwritable_out_is_named(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a-file").write_text("not a folder")
    run = cli(
        "kalendarium", "sodertorn", "--year", "2017", "--format", "md",
        "--out", tmp_path / "a-file" / "k.md",
    )  # fmt: skip
    assert run.status == 2
    assert "a-file" in run.err and "Traceback" not in run.err
    run = cli("kalendarium", "sodertorn", "--year", "2017", "--out", tmp_path / "k.odt")
    assert run.status == 2
    assert "give --format docx, pdf, md or xlsx" in run.err


def test_a_missing_library_is_named(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "docx", None)  # as if python-docx were not installed
    run = cli(
        "kalendarium", "sodertorn", "--year", "2017", "--format", "docx",
        "--out", tmp_path / "k.docx",
    )  # fmt: skip
    assert run.status == 2
    assert "pip install 'samverkan[handouts]'" in run.err and "'docx'" in run.err
    assert not (tmp_path / "k.docx").exists()


def test_excel_csv_reads_back_in_one_column_per_field(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli(
        "plan", "sodertorn", "--from", "2017-09-07", "--to", "2017-09-14", "--format", "excel"
    )
    assert run.status == 0, run.err
    # Swedish Excel: a byte-order mark says UTF-8 (else å/ä/ö are garbled), ";" is
    # its list separator (a "," file opens in one column), lines end in CRLF.
    assert run.out.startswith("\ufeffuid;body;title;")
    assert run.out.count("\r\n") == run.out.count("\n") == 3
    rows = list(csv.DictReader(io.StringIO(run.out.removeprefix("\ufeff")), delimiter=";"))
    # Seed 003, §7: Södertörnskonferensen 7 September (Södertälje och Nykvarn),
    # the committee 14 September (Botkyrka).
    assert [(r["body"], r["start"][:10], r["hosts"]) for r in rows] == [
        ("sodertornskonferensen", "2017-09-07", "Södertälje, Nykvarn"),
        ("kommitten", "2017-09-14", "Botkyrka"),
    ]
    # A number is written with a decimal comma, as Swedish Excel reads it.
    run = cli(
        "fairness", "malmolund", "--from", "2012-01-01", "--to", "2018-12-31", "--format", "excel"
    )
    rows = list(csv.DictReader(io.StringIO(run.out.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0]["rotation"] == "ordforande"
    # 2012–2018: Malmö chairs 2012, 2014, 2016, 2018 (4), Lund 3; the balance
    # counts whole cycles (SPEC §2), 2012–2017: three each, 1.0.
    assert rows[0]["turns"] == "Malmö 4; Lund 3"
    assert rows[0]["balance"] == "1,0"


@settings(max_examples=25, deadline=None)
@given(coop=st.sampled_from(sorted(bundled())), year=st.integers(2017, 2032))
def test_every_meeting_of_the_year_is_in_the_handout_once(coop: str, year: int) -> None:
    cooperation = load(coop)
    plan = plan_meetings(cooperation, date(year, 1, 1), date(year + 1, 1, 1))
    bodies = [(key, body.name) for key, body in cooperation.bodies.items()]
    doc = handout(cooperation.name, bodies, plan.meetings, year=year, language=Language.SV)
    listed = sorted((b.name, r.first) for b in doc.bodies for r in b.rows)
    names = dict(bodies)
    wanted = sorted((names[m.body], m.day) for m in plan.meetings if m.day.year == year)
    assert listed == wanted
    again = handout(cooperation.name, bodies, plan.meetings[::-1], year=year, language=Language.SV)
    assert to_markdown(again) == to_markdown(doc)  # order of the input changes nothing
