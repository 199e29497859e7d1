"""Meeting lists in the files people have: encodings, Word, PDF and web pages, read right or refused."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from conftest import need

from calendars._errors import CalendarError
from calendars._importers.documents import html_text, read_document, table_lines, unwrap

LIST = "Styrelsen 2025\n13 februari (Västerås)\n10 april (Köping)\n"
PLAN = ('{ date = "2025-02-13", id = "2025-02-13", host = "Västerås" }',
        '{ date = "2025-04-10", id = "2025-04-10", host = "Köping" }')  # fmt: skip


@pytest.mark.parametrize(
    ("encoding", "warned"),
    [
        ("utf-8", None),
        ("utf-8-sig", None),
        ("utf-16", None),
        ("cp1252", "Windows-1252"),
        ("utf-16-le", "UTF-16"),
    ],
)
def test_text_in_each_encoding_reads_the_same(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, encoding: str, warned: str | None
) -> None:
    source = tmp_path / "lista.txt"
    source.write_bytes(LIST.encode(encoding))
    run = cli("import-text", source, "--id", "s")
    assert run.status == 0, run.err
    assert all(item in run.out for item in PLAN)
    assert (warned in run.err) if warned else run.err == ""


def test_bytes_no_encoding_can_read_are_refused_with_the_byte() -> None:
    with pytest.raises(CalendarError, match=r"neither UTF-8, UTF-16 nor Windows-1252 \(byte 5\)"):
        read_document(b"M\xf6te \x81", name="x.txt")


def test_utf_8_with_one_windows_byte_is_refused_not_garbled() -> None:
    # Read as Windows-1252, the UTF-8 "ö" of line 2 would be "Ã¶": a silent
    # garble of every Swedish letter but the bad one. The line is named instead:
    # 15 bytes of line 1, 22 of line 2 (ö is two), then "10 april (V" (11): byte 48.
    mixed = "Styrelsen 2025\n13 februari (Köping)\n".encode() + "10 april (Västerås)\n".encode(
        "cp1252"
    )
    with pytest.raises(
        CalendarError, match=r"x.txt:3: the text is UTF-8 but byte 48 is not \(0xe4\)"
    ):
        read_document(mixed, name="x.txt")


def test_a_pdf_without_text_is_a_clear_error(tmp_path: Path) -> None:
    fpdf = __import__("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")  # a scanned page: a picture, no text layer
    with pytest.raises(CalendarError, match="has no text, only images"):
        read_document(bytes(pdf.output()), name="scan.pdf")


def test_a_file_that_is_not_what_it_says_is_named() -> None:
    with pytest.raises(CalendarError, match="not a Word document"):
        read_document(b"PK\x03\x04 not really a zip", name="x.docx")
    with pytest.raises(CalendarError, match="not a PDF that can be read"):
        read_document(b"%PDF-1.4 broken", name="x.pdf")


def test_a_web_page_gives_its_blocks_lists_and_tables_not_its_scripts() -> None:
    page = (
        "<html><head><script>var x = '1 maj';</script></head><body><nav>Meny 2 maj</nav>"
        "<h2>Styrelsen&nbsp;2025</h2><ul><li>13 februari</li><li>10&nbsp;april</li></ul>"
        "<table><tr><th>Plats</th><th>Datum</th><th>Värd</th></tr>"
        "<tr><td>Stadshuset</td><td>5 juni</td><td>Köping</td></tr></table></body></html>"
    )
    assert html_text(page).splitlines() == [
        "Styrelsen 2025", "• 13 februari", "• 10 april",
        "Plats\tDatum\tVärd", "5 juni\tStadshuset\t(Köping)", "",
    ]  # fmt: skip


def test_a_header_puts_columns_in_date_time_note_place_host_order() -> None:
    rows = [["Värd", "Anmärkning", "Tid", "Datum"], ["Arboga", "budget", "13-16", "4 mars"]]
    assert table_lines(rows)[1] == "4 mars\t13-16\tbudget\t(Arboga)"


def test_wrapped_and_justified_pdf_lines_are_read_as_written() -> None:
    lines = [
        "Fredag  15  mars  klockan  09.00–16.00,  tillsammans  med  Politiska  på",
        "eftermiddagen",
        "23 maj            heldag",
        "klockan 9.00",
    ]
    assert unwrap(lines) == [
        "Fredag 15 mars klockan 09.00–16.00, tillsammans med Politiska på eftermiddagen",
        "23 maj            heldag",
        "klockan 9.00",
    ]


def test_a_200_page_pdf_reads_in_seconds(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    need(font.exists(), "a DejaVu Sans TrueType font (fonts-dejavu-core)")
    fpdf, pypdf = __import__("fpdf"), __import__("pypdf")
    lines = {"new_x": "LMARGIN", "new_y": "NEXT"}
    pdf = fpdf.FPDF()
    pdf.add_font("DejaVu", "", str(font))
    pdf.set_font("DejaVu", "", 11)
    pdf.add_page()
    for line in range(40):
        pdf.multi_cell(0, 6, f"Rad {line + 1} om ekonomi och personal, utan datum.", **lines)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Styrelsen 2025", **lines)
    pdf.multi_cell(0, 6, "13 februari", **lines)
    made = pypdf.PdfReader(io.BytesIO(bytes(pdf.output())))
    writer = pypdf.PdfWriter()
    for _ in range(199):  # a verksamhetsplan of 199 pages of prose, its list on page 200
        writer.add_page(made.pages[0])
    writer.add_page(made.pages[1])
    source = tmp_path / "verksamhetsplan.pdf"
    with source.open("wb") as out:
        writer.write(out)
    began = time.perf_counter()
    run = cli("import-text", source, "--id", "big", "--out", tmp_path / "big.toml")
    took = time.perf_counter() - began
    assert run.status == 0, run.err[-500:]
    assert run.out.endswith("1 bodies, 1 dates\n")
    assert took < 10, f"{took:.1f} s"  # 200 pages of 40 lines: about 4 s on one core


def test_a_pdf_line_ending_on_a_word_no_sentence_ends_on_goes_on() -> None:
    # real/48-* and 49-* as PDFs: "på Station Lund i⏎Sessionsrummet.", "börjar⏎09:30."
    long = "Samtliga möten äger rum på Station Lund i"
    assert unwrap([long, "Sessionsrummet.", "08 februari"]) == [
        f"{long} Sessionsrummet.",
        "08 februari",
    ]
    starts = "Regionfullmäktiges sammanträden börjar"
    assert unwrap([starts + " " * 2, "09:30. Tvådagarssammanträde."]) == [
        f"{starts} 09:30. Tvådagarssammanträde."
    ]
    assert unwrap(["Styrelsen 2025", "Sessionsrummet"]) == ["Styrelsen 2025", "Sessionsrummet"]
    # real/66-* as a PDF: "kl." ends no sentence, its stop is an abbreviation's.
    place = "Plats och tid: Galeasen 2, Best Western Hotell Norra Vättern Askersund 2016-12-16 kl."
    assert unwrap([place, "09.00-12.00"]) == [f"{place} 09.00-12.00"]


def test_a_pdf_tables_columns_stay_apart() -> None:
    # real/54-* as a PDF: the layout text keeps "21 januari … | 4 februari …" two cells.
    fpdf = __import__("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    with pdf.table(text_align="LEFT") as table:
        table.row(("Beredning", "Direktionen"))
        table.row(("21 januari 2025", "4 februari 2025"))
    text = read_document(bytes(pdf.output()), name="plan.pdf").text
    cells = [line.split("  ", 1) for line in text.splitlines()[:2]]
    assert [[c.strip() for c in row] for row in cells] == [
        ["Beredning", "Direktionen"],
        ["21 januari 2025", "4 februari 2025"],
    ]
