"""The text of a meeting list as people have it: a Word document, a PDF, a web page, a text file.

Each reader gives the lines a secretariat would see, in reading order, for
`kalendarium.parse`: a paragraph or list item is a line (a list item starts
with ``•``), a table row is a line of cells separated by tabs, its columns
put in the order date, time, note, place, host when a header row names
them. Word is read with python-docx (paragraphs and tables in document
order), PDF with pypdf (its text layer, page by page: pure Python, no
system library, and fast enough for a 200-page file; pdfminer.six places
text more exactly but is several times slower), HTML with the standard
library's parser. Plain text may be UTF-8 (with or without BOM), UTF-16
(with BOM) or Windows-1252; which one it was is said.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from calendars._errors import CalendarError

_ZIP = b"PK\x03\x04"
_PDF = b"%PDF-"
# A header cell's words -> the column it is: what a row's cell in that column says.
_COLUMNS = (
    ("date", ("datum", "dag", "när", "sammanträdesdag", "mötesdag", "date")),
    ("time", ("tid", "tider", "klockan", "kl", "kl.", "time")),
    (
        "note",
        ("anmärkning", "anm", "kommentar", "notering", "övrigt", "tema", "ärende", "innehåll"),
    ),
    ("place", ("plats", "lokal", "ort", "var")),
    ("host", ("värd", "värdkommun", "värdar", "kommun", "arrangör", "ansvarig")),
)
_ORDER = ("date", "time", "note", "place", "host")


@dataclass(frozen=True, slots=True)
class Document:
    """The lines of a file, and what was said about reading it."""

    text: str
    kind: str
    """docx, pdf, html or text."""
    notes: tuple[str, ...] = field(default=())
    """Warnings: the encoding guessed, pages without text."""


def read_document(data: bytes, *, name: str) -> Document:
    """The text of `data`, read as its suffix (or its first bytes) says.

    Raises:
        CalendarError: for a file the kind it claims cannot read, a PDF
            without a text layer, or a missing reader library.

    """
    suffix = Path(name).suffix.lower()
    if suffix == ".docx" or (suffix not in {".txt", ".html", ".htm"} and data[:4] == _ZIP):
        return Document(_docx(data, name), "docx")
    if suffix == ".pdf" or data[:5] == _PDF:
        text, notes = _pdf(data, name)
        return Document(text, "pdf", notes)
    text, notes = decode(data, name=name)
    if suffix in {".html", ".htm"} or re.match(r"\s*<(?:!doctype html|html)", text, re.I):
        return Document(html_text(text), "html", notes)
    return Document(text, "text", notes)


_UTF8_LETTER = re.compile(rb"[\xc3\xc5][\x80-\xbf]")
"""Å, Ä, Ö, é … as UTF-8: a pair of bytes Swedish text in Windows-1252 hardly ever holds."""


def decode(data: bytes, *, name: str) -> tuple[str, tuple[str, ...]]:
    """Text from bytes: UTF-8, UTF-16 with its BOM, else Windows-1252 (said in a note)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ()
        except UnicodeDecodeError:
            raise CalendarError(f"{name} starts as UTF-16 but is not; save it as UTF-8") from None
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError as exc:
        if _UTF8_LETTER.search(data):
            # Mostly UTF-8 ("Ã¶" would follow from reading it as Windows-1252): one bad byte.
            line = data.count(b"\n", 0, exc.start) + 1
            msg = (
                f"{name}:{line}: the text is UTF-8 but byte {exc.start} is not "
                f"(0x{data[exc.start]:02x}); save it as UTF-8"
            )
            raise CalendarError(msg) from None
    if data[1::2].count(0) > len(data) // 4:  # UTF-16 without a BOM: every other byte is 0
        try:
            return data.decode("utf-16-le"), (f"{name} has no BOM; read as UTF-16",)
        except UnicodeDecodeError:
            pass
    # Word's "Save as text" on Windows writes Windows-1252; its five unused bytes cannot be read.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        msg = (
            f"{name}:{line}: the text is neither UTF-8, UTF-16 nor Windows-1252 "
            f"(byte {exc.start}); save it as UTF-8"
        )
        raise CalendarError(msg) from None
    return text, (f"{name} is not UTF-8; read as Windows-1252",)


def _columns(header: list[str]) -> list[str] | None:
    """The kind of each column when the row is a header, else None."""
    kinds = []
    for cell in header:
        words = set(re.findall(r"[\wåäö.]+", cell.lower()))
        kind = next((k for k, names in _COLUMNS if words & set(names)), None)
        if kind is None and cell.strip():
            return None
        kinds.append(kind or "")
    return kinds if "date" in kinds else None


def table_lines(rows: list[list[str]]) -> list[str]:
    """A table's rows as lines: cells by tabs, in date-time-note-place-host order after a header."""
    rows = [[" ".join(c.split()) for c in row] for row in rows if any(c.strip() for c in row)]
    if not rows:
        return []
    kinds = _columns(rows[0])
    if kinds is None:
        return [_line(row) for row in rows]
    return [_line(rows[0])] + [_ordered_line(kinds, row) for row in rows[1:]]


def _line(cells: Sequence[str]) -> str:
    """The cells that say something, apart by tabs."""
    return "\t".join(c for c in cells if c)


def _ordered_line(kinds: Sequence[str], row: Sequence[str]) -> str:
    """A row below a header, its cells in date-time-note-place-host order, the host in brackets."""
    cells = dict(zip(kinds, row, strict=False))
    ordered = [cells.get(k, "") for k in _ORDER]
    if cells.get("host"):
        ordered[-1] = f"({cells['host']})"
    return _line(ordered)


def _docx(data: bytes, name: str) -> str:
    try:
        import docx  # noqa: PLC0415 - only .docx files need python-docx
        from docx.opc.exceptions import OpcError  # noqa: PLC0415
        from docx.table import Table  # noqa: PLC0415
    except ImportError:
        msg = f"{name}: reading Word files needs python-docx (pip install 'samverkan[files]')"
        raise CalendarError(msg) from None
    try:
        document = docx.Document(io.BytesIO(data))
    except (OpcError, ValueError, KeyError, OSError, SyntaxError, zipfile.BadZipFile) as exc:
        # lxml's XMLSyntaxError is a SyntaxError
        what = type(exc).__name__
        msg = f"{name} is not a Word document that can be read ({what}); save it as .docx again"
        raise CalendarError(msg) from None
    lines: list[str] = []
    for part in document.iter_inner_content():
        if isinstance(part, Table):
            lines += table_lines([[cell.text for cell in row.cells] for row in part.rows])
            lines.append("")
            continue
        style = (part.style.name if part.style is not None else "") or ""
        text = part.text
        bullet = "• " if style.lower().startswith(("list", "liststycke")) else ""
        lines += [bullet + line for line in text.split("\n")] if text.strip() else [""]
    return "\n".join(lines) + "\n"


def _pdf(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    try:
        from pypdf import PdfReader  # noqa: PLC0415 - only .pdf files need pypdf
        from pypdf.errors import PdfReadError  # noqa: PLC0415
    except ImportError:
        msg = f"{name}: reading PDF files needs pypdf (pip install 'samverkan[files]')"
        raise CalendarError(msg) from None
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        msg = f"{name} is not a PDF that can be read ({exc}); export it from the document again"
        raise CalendarError(msg) from None
    if not any(page.strip() for page in pages):
        msg = (
            f"{name} has no text, only images (a scanned PDF?): run text recognition (OCR) "
            "on it, or copy the list into a text file"
        )
        raise CalendarError(msg)
    empty = [str(i) for i, page in enumerate(pages, start=1) if not page.strip()]
    notes = (f"{name}: page(s) {', '.join(empty)} have no text (images only)",) if empty else ()
    # The layout text keeps a table's columns apart ("4 februari      18 mars"); its blank
    # lines between every two lines are not paragraphs.
    lines = [[line for line in page.splitlines() if line.strip()] for page in pages]
    return "\n".join(line for page in lines for line in unwrap(page)) + "\n", notes


_GOES_ON = {"i", "på", "och", "av", "för", "till", "med", "om", "vid", "den", "det", "en", "ett",
            "att", "som", "från", "hos", "samt", "eller", "börjar", "startar", "kl", "kl.",
            "klockan"}  # fmt: skip
"""Words no sentence ends on: a full line ending on one goes on on the next."""


def unwrap(lines: list[str]) -> list[str]:
    """A PDF page's lines as written: justified gaps closed, wrapped lines joined again.

    A line that goes on in lower case after a full line (one at least 3/4 as
    long as the page's longest) that ends without a stop is its wrapped end.
    """
    plain = [_unjustify(line.rstrip()) for line in lines]
    full = max((len(line) for line in plain), default=0) * 3 // 4
    found: list[str] = []
    for line in plain:
        # "… äger rum på Station Lund i⏎Sessionsrummet.": no line ends on "i", whatever follows.
        last = found[-1].split() if found else []
        open_word = bool(last) and last[-1] in _GOES_ON  # "… 2016-12-16 kl.⏎09.00-12.00"
        goes_on = line[:1].islower() or open_word
        if (
            found
            and goes_on
            and len(found[-1]) >= full
            and (open_word or not found[-1].endswith((".", ":", ";", "!", "?")))
        ):
            found[-1] += " " + line.strip()
        else:
            found.append(line)
    return found


def _unjustify(line: str) -> str:
    """A justified line ("Fredag  15  mars") is one phrase; "23 maj      heldag" is two cells."""
    gaps = re.findall(r"(?<=\S)\s+(?=\S)", line.strip())
    if len(gaps) >= 3 and all(len(g) >= 2 for g in gaps):
        return " ".join(line.split())
    return line


class _Html(HTMLParser):
    """Block elements as lines, list items with a bullet, table rows as tab-separated cells."""

    _BLOCKS = frozenset(
        [
            "p",
            "div",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "li",
            "tr",
            "br",
            "section",
            "article",
            "header",
            "footer",
            "ul",
            "ol",
            "table",
            "dt",
            "dd",
            "blockquote",
        ]
    )
    _SKIP = frozenset({"script", "style", "head", "nav", "noscript", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []
        self.skip = 0
        self.rows: list[list[str]] | None = None
        self.cell: list[str] | None = None

    def flush(self) -> None:
        text = " ".join("".join(self.line).split())
        if text:
            self.lines.append(text)
        self.line = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skip += 1
        elif tag == "table":
            self.flush()
            self.rows = []
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in {"td", "th"} and self.rows is not None:
            self.cell = []
        elif tag in self._BLOCKS:
            self.flush()
            if tag == "li":
                self.line.append("• ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in {"td", "th"} and self.rows and self.cell is not None:
            self.rows[-1].append("".join(self.cell))
            self.cell = None
        elif tag == "table" and self.rows is not None:
            self.lines += [*table_lines(self.rows), ""]
            self.rows = None
        elif tag in self._BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.rows is None:
            self.line.append(data)


def html_text(page: str) -> str:
    """The text of a web page, one block a line."""
    parser = _Html()
    parser.feed(page)
    parser.close()
    parser.flush()
    return "\n".join(parser.lines) + "\n"
