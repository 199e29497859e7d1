"""Make the .docx, .pdf and .html forms of the real meeting lists, as a secretariat's files look.

Each list's text (``NN-name.txt``) becomes:

* ``NN-name.docx``: Word's Heading 1/Heading 2 for headings, Normal
  paragraphs for sentences, the List Bullet style for list items, and, for
  a list whose items are a date and a note, a table with a header row
  (``Datum | Anmärkning``) instead of the bullets, as people lay out a
  sammanträdesplan;
* ``NN-name.pdf``: that document exported to PDF (fpdf2, a pure-Python
  writer; a Unicode TrueType font for å, ä, ö, – and •): a bold title,
  headings, bullets, the table drawn with its header;
* ``NN-name.html``: the page saved from a website, with a menu and a
  footer around the list (``<h1>``/``<h2>``, ``<p>``, ``<ul><li>``,
  ``<table>``).

The words are the list's own; only the layout differs. Run it to write the
forms into a folder (``python make_forms.py OUT``); the tests make them in a
temporary folder.
"""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).parent
FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
)
# A list item that is a date and perhaps a note: "23 maj (heldag)", "18 oktober, konstituerande".
_ITEM = re.compile(
    r"(?P<date>\d{1,2}(?:-\d{1,2})? [A-Za-zåäöÅÄÖ]+)[.,]?"
    r"(?:\s*\((?P<paren>[^()]*)\)|,\s*(?P<comma>.+?))?[.,]?"
)


@dataclass(frozen=True, slots=True)
class Block:
    """One block of a document: a heading, a paragraph, a bullet list or a table."""

    kind: str
    """title, heading, paragraph, bullets or table."""
    lines: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()
    header: tuple[str, ...] = ("Datum", "Anmärkning")


def font() -> Path | None:
    """A Unicode TrueType font for the PDF forms, if the system has one."""
    return next((f for f in FONTS if f.exists()), None)


def blocks(text: str) -> list[Block]:
    """The blocks of a list as a document lays it out."""
    found: list[Block] = []
    groups: list[list[str]] = [[]]
    for raw in text.splitlines():
        if raw.strip():
            groups[-1].append(raw.strip())
        elif groups[-1]:
            groups.append([])
    for group in (g for g in groups if g):
        if all(
            "|" in line for line in group
        ):  # a table pasted with its header: "Beredning | Direktionen |"
            cells = [tuple(c.strip() for c in line.strip("| ").split("|")) for line in group]
            grid = [row for row in cells if not all(re.fullmatch(r"[-:]*", c) for c in row)]
            found.append(Block("table", tuple(group), tuple(grid[1:]), grid[0]))
            continue
        bullets = [line for line in group if line.startswith("•")]
        if bullets and len(bullets) == len(group):
            items = [line.lstrip("• ").strip() for line in group]
            rows = [_ITEM.fullmatch(item) for item in items]
            if all(rows):
                table = tuple(
                    (m["date"], (m["paren"] or m["comma"] or "").strip())
                    for m in rows
                    if m is not None
                )
                found.append(Block("table", tuple(items), table))
            else:
                found.append(Block("bullets", tuple(items)))
            continue
        for line in group:
            short = len(line.split()) < 8 and not line.endswith(".") and len(group) == 1
            if short and not re.match(r"\d", line):
                found.append(Block("title" if not found else "heading", (line,)))
            else:
                found.append(Block("paragraph", (line,)))
    return found


def docx_form(text: str, out: Path) -> None:
    """The list as a Word document."""
    import docx

    document = docx.Document()
    for block in blocks(text):
        if block.kind in {"title", "heading"}:
            document.add_heading(block.lines[0], level=1 if block.kind == "title" else 2)
        elif block.kind == "paragraph":
            document.add_paragraph(block.lines[0])
        elif block.kind == "bullets":
            for item in block.lines:
                document.add_paragraph(item, style="List Bullet")
        else:
            table = document.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, said in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = said
            for row in block.rows:
                for cell, said in zip(table.add_row().cells, row, strict=True):
                    cell.text = said
            document.add_paragraph("")
    document.core_properties.author = "Sekretariatet"
    document.save(out)


def pdf_form(text: str, out: Path, ttf: Path) -> None:
    """The list as the PDF a secretariat exports from its document."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(2025, 1, 1, tzinfo=UTC))  # the same bytes for the same list
    pdf.add_font("DejaVu", "", str(ttf))
    pdf.add_font("DejaVu", "B", str(ttf))
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for block in blocks(text):
        if block.kind in {"title", "heading"}:
            pdf.set_font("DejaVu", "B", 16 if block.kind == "title" else 13)
            pdf.multi_cell(width, 8, block.lines[0], new_x="LMARGIN", new_y="NEXT")
        elif block.kind == "paragraph":
            pdf.set_font("DejaVu", "", 11)
            pdf.multi_cell(width, 6, block.lines[0], new_x="LMARGIN", new_y="NEXT")
        elif block.kind == "bullets":
            pdf.set_font("DejaVu", "", 11)
            for item in block.lines:
                pdf.multi_cell(width, 6, f"• {item}", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("DejaVu", "", 11)
            widths = (40, 100) if len(block.header) == 2 and block.header[0] == "Datum" else None
            with pdf.table(col_widths=widths, text_align="LEFT") as table:
                table.row(block.header)
                for row in block.rows:
                    table.row(row)
        pdf.ln(3)
    pdf.output(str(out))


def html_form(text: str, out: Path) -> None:
    """The list as a page saved from the organisation's website."""
    e = html.escape
    body = []
    for block in blocks(text):
        if block.kind == "title":
            body.append(f"<h1>{e(block.lines[0])}</h1>")
        elif block.kind == "heading":
            body.append(f"<h2>{e(block.lines[0])}</h2>")
        elif block.kind == "paragraph":
            body.append(f"<p>{e(block.lines[0])}</p>")
        elif block.kind == "bullets":
            items = "".join(f"\n  <li>{e(item)}</li>" for item in block.lines)
            body.append(f"<ul>{items}\n</ul>")
        else:
            rows = "".join(
                "\n  <tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>"
                for row in block.rows
            )
            head = "".join(f"<th>{e(c)}</th>" for c in block.header)
            body.append(
                f"<table>\n  <thead><tr>{head}</tr></thead>\n  <tbody>{rows}\n  </tbody>\n</table>"
            )
    page = (
        '<!DOCTYPE html>\n<html lang="sv">\n<head><meta charset="utf-8">'
        "<title>Sammanträden</title>\n<style>body{font-family:sans-serif}</style>"
        "<script>var menu = 'Startsida';</script></head>\n<body>\n"
        '<nav><a href="/">Startsida</a> <a href="/politik">Politik</a></nav>\n<main>\n'
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )
    out.write_text(page, "utf-8")


def make(case: Path, folder: Path, ttf: Path | None) -> dict[str, Path]:
    """Every form of one list, written into `folder`."""
    text = case.read_text("utf-8")
    forms = {suffix: folder / f"{case.stem}.{suffix}" for suffix in ("docx", "html", "pdf")}
    docx_form(text, forms["docx"])
    html_form(text, forms["html"])
    if ttf is not None:
        pdf_form(text, forms["pdf"], ttf)
    else:
        del forms["pdf"]
    return forms


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "forms"
    target.mkdir(parents=True, exist_ok=True)
    for listed in sorted(HERE.glob("*.txt")):
        for made in make(listed, target, font()).values():
            print(made)
