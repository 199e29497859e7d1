"""The kalendarium hand-out: one year's meetings per body, for a verksamhetsplan.

`handout` makes the rows (date, weekday, time, place, host, chair with vice
chair, a note saying "preliminärt", "inställt" or the meeting's own title);
`to_markdown`, `to_docx`, `to_pdf` and `to_xlsx` write them. The same input
gives the same bytes: the documents' own dates are 1 January of the year,
and the zip members of .docx and .xlsx carry a fixed time.

python-docx writes the .docx (Word's own tables, pasted as they are);
ReportLab the PDF: its `invariant` mode fixes the creation date and the
file /ID, and its standard fonts (WinAnsi) hold å, ä, ö and the en dash
without a font file; openpyxl the .xlsx, one flat sheet with real dates.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from xml.sax.saxutils import escape

from calendars._model.meeting import Meeting
from calendars._words import DATES, HANDOUT, MONTHS, STATUS, WEEKDAYS, Language

COLUMNS = ("date", "day", "time", "place", "host", "chair", "note")
"""Every column a body's table may have, in order; empty ones are left out."""


@dataclass(frozen=True, slots=True)
class HandoutRow:
    """One meeting as the hand-out lists it."""

    first: date
    """Its first day (the first of the month when only the month is known)."""
    month_only: bool
    """Only the month is known."""
    cells: tuple[str, ...]
    """The texts of `COLUMNS`, in order."""

    def cell(self, key: str) -> str:
        """The text of one of `COLUMNS`."""
        return self.cells[COLUMNS.index(key)]


@dataclass(frozen=True, slots=True)
class HandoutBody:
    """One body's table."""

    name: str
    """The body's name, the table's heading."""
    rows: tuple[HandoutRow, ...]
    """Its meetings of the year, in order."""

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns some meeting fills; date, day and time always."""
        return tuple(
            k for k in COLUMNS if k in ("date", "day", "time") or any(r.cell(k) for r in self.rows)
        )


@dataclass(frozen=True, slots=True)
class Handout:
    """The year's kalendarium of one cooperation."""

    title: str
    """ "Kalendarium 2017 – Södertörnskommunerna"."""
    year: int
    """The year."""
    language: Language
    """The language of every word in it."""
    bodies: tuple[HandoutBody, ...]
    """The bodies that meet that year, in the cooperation file's order."""

    def heading(self, key: str) -> str:
        """A column's heading in the hand-out's language."""
        return HANDOUT[self.language][key]


def _days(m: Meeting, language: Language) -> tuple[str, str]:
    """The days and weekdays of a meeting, without the year (the title says it)."""
    forms, months, weekdays = DATES[language], MONTHS[language], WEEKDAYS[language]
    first = m.day
    if m.month_only:
        return forms["handout_month"].format(month=months[first.month - 1]), ""
    end = m.end.date() if isinstance(m.end, datetime) else m.end - timedelta(days=1)
    last = max(end, first)

    def day(d: date) -> str:
        return forms["handout_day"].format(d=d.day, month=months[d.month - 1])

    if last == first:
        return day(first), weekdays[first.weekday()]
    if (last.year, last.month) == (first.year, first.month):
        days = forms["handout_span_in_month"].format(
            d=first.day, last_d=last.day, month=months[first.month - 1]
        )
    else:
        days = forms["handout_span"].format(first=day(first), last=day(last))
    return days, forms["span"].format(
        first=weekdays[first.weekday()], last=weekdays[last.weekday()]
    )


def _row(m: Meeting, body_name: str, language: Language) -> HandoutRow:
    day, weekday = _days(m, language)
    time = ""
    if isinstance(m.start, datetime) and isinstance(m.end, datetime):
        time = f"{m.start:%H.%M}–{m.end:%H.%M}"
    chair = m.chair or ""
    if chair and m.vice_chair:
        chair = f"{chair} ({HANDOUT[language]['vice_chair']} {m.vice_chair})"
    notes = [STATUS[language][m.status.value]]
    if m.title != body_name:  # "Ledningsgruppen – planeringskonferens": its own title
        notes.append(m.title.removeprefix(f"{body_name} – "))
    cells = (day, weekday, time, m.location or "", ", ".join(m.hosts), chair)
    return HandoutRow(m.day, m.month_only, (*cells, "; ".join(n for n in notes if n)))


def handout(
    name: str,
    bodies: Sequence[tuple[str, str]],
    meetings: Sequence[Meeting],
    *,
    year: int,
    language: Language,
) -> Handout:
    """The hand-out of `meetings` in `year`.

    Args:
        name: the cooperation's name.
        bodies: (key, name) of each body, in the order the tables come.
        meetings: the year's meetings (others are left out).
        year: the year.
        language: the language of dates and headings.

    """
    tables = []
    for key, body_name in bodies:
        mine = sorted(
            (m for m in meetings if m.body == key and m.day.year == year),
            key=lambda m: (m.day, m.start.isoformat(), m.uid),
        )
        if mine:
            tables.append(HandoutBody(body_name, tuple(_row(m, body_name, language) for m in mine)))
    title = f"{HANDOUT[language]['title']} {year} – {name}"
    return Handout(title, year, language, tuple(tables))


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def to_markdown(doc: Handout) -> bytes:
    """The hand-out as Markdown (GitHub tables), UTF-8."""
    out = [f"# {doc.title}", ""]
    for body in doc.bodies:
        cols = body.columns
        out += [f"## {body.name}", ""]
        out.append("| " + " | ".join(doc.heading(k) for k in cols) + " |")
        out.append("|" + "|".join("---" for _ in cols) + "|")
        out += ["| " + " | ".join(_cell(r.cell(k)) for k in cols) + " |" for r in body.rows]
        out.append("")
    return "\n".join(out).encode("utf-8")


def _steady_zip(data: bytes) -> bytes:
    """The same zip with every member's time fixed (zip writers stamp the clock's)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


def to_docx(doc: Handout) -> bytes:
    """The hand-out as a Word document: a heading and a table per body."""
    import docx  # noqa: PLC0415 - only this format needs python-docx

    word = docx.Document()
    props = word.core_properties
    fixed = datetime(doc.year, 1, 1)
    props.created = props.modified = props.last_printed = fixed
    props.title, props.author, props.last_modified_by = doc.title, "samverkan", "samverkan"
    props.revision, props.language = 1, "sv-SE" if doc.language is Language.SV else "en-GB"
    word.add_heading(doc.title, level=1)
    for body in doc.bodies:
        word.add_heading(body.name, level=2)
        cols = body.columns
        table = word.add_table(rows=1, cols=len(cols))
        table.style = "Table Grid"
        for cell, key in zip(table.rows[0].cells, cols, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(doc.heading(key)).bold = True
        for row in body.rows:
            for cell, key in zip(table.add_row().cells, cols, strict=True):
                cell.text = row.cell(key)
    out = io.BytesIO()
    word.save(out)
    return _steady_zip(out.getvalue())


def to_pdf(doc: Handout) -> bytes:
    """The hand-out as an A4 PDF: a heading and a table per body."""
    from reportlab.lib import colors  # noqa: PLC0415 - only this format needs ReportLab
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.lib.styles import getSampleStyleSheet  # noqa: PLC0415
    from reportlab.lib.units import cm  # noqa: PLC0415
    from reportlab.platypus import (  # noqa: PLC0415
        Flowable,
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    styles = getSampleStyleSheet()
    cell = styles["BodyText"]
    out = io.BytesIO()
    pdf = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        title=doc.title,
        author="samverkan",
        creator="samverkan",
        producer="samverkan",
        invariant=1,  # a fixed creation date and /ID: the same bytes every run
    )
    story: list[Flowable] = [Paragraph(escape(doc.title), styles["Heading1"])]
    for body in doc.bodies:
        cols = body.columns
        grid: list[list[object]] = [[doc.heading(k) for k in cols]]
        for row in body.rows:
            grid.append(
                [
                    row.cell(k)
                    if k in ("date", "day", "time")
                    else Paragraph(escape(row.cell(k)), cell)
                    for k in cols
                ]
            )
        fixed = {"date": 3.3 * cm, "day": 3.2 * cm, "time": 2.5 * cm}
        rest = [k for k in cols if k not in fixed]
        free = (A4[0] - 3 * cm - sum(fixed[k] for k in cols if k in fixed)) / max(len(rest), 1)
        widths = [fixed.get(k, free) for k in cols]
        table = Table(grid, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                ]
            )
        )
        # The heading stays on the page of its table.
        story += [
            KeepTogether([Paragraph(escape(body.name), styles["Heading2"]), table]),
            Spacer(1, 0.4 * cm),
        ]
    pdf.build(story)
    return out.getvalue()


def to_xlsx(doc: Handout) -> bytes:
    """The hand-out as one flat Excel sheet: a row per meeting, the date a real date."""
    from openpyxl import Workbook  # noqa: PLC0415 - only this format needs openpyxl
    from openpyxl.styles import Font  # noqa: PLC0415
    from openpyxl.writer.excel import ExcelWriter  # noqa: PLC0415

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"{doc.heading('title')} {doc.year}"[:31]
    keys = ("body", "date", "day", "time", "place", "host", "chair", "note")
    sheet.append([doc.heading(k) for k in keys])
    for c in sheet[1]:
        c.font = Font(bold=True)
    for body in doc.bodies:
        for row in body.rows:
            sheet.append([body.name, row.first, *(row.cell(k) for k in keys[2:])])
            day = sheet.cell(row=sheet.max_row, column=2)
            day.number_format = "mmmm yyyy" if row.month_only else "yyyy-mm-dd"
    for letter, width in zip("ABCDEFGH", (34, 12, 16, 13, 24, 24, 28, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    fixed = datetime(doc.year, 1, 1)
    book.properties.created = book.properties.modified = fixed
    book.properties.creator = book.properties.lastModifiedBy = "samverkan"
    book.properties.title = doc.title
    out = io.BytesIO()
    # openpyxl's save() stamps the clock into the properties; its writer does not.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return _steady_zip(out.getvalue())
