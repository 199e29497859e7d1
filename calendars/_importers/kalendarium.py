"""`samverkan import-text`: a Swedish kalendarium read line by line.

A kalendarium is written as in a verksamhetsplan: headings that name a body
(``Styrelsen (onsdagar 13-16)``, ``Styrelsen, onsdagar 13.00-16.00``),
sentences and headings that name the year (``Sammanträdesdatum 2021``,
``Verksamhetsplan för 2018, antagen hösten 2017``), and date lines under
them in any of the ways `phrases` reads. A date without a year is in the
year the nearest heading or sentence names, rolling over into the next
year when a list runs from autumn into spring. Every line is either read
(`Parsed.read` says as what) or reported as a `Problem` with its number.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from calendars._errors import CalendarError
from calendars._importers.phrases import (
    LIST_YEARS,
    SV_MONTHS,
    LineRead,
    Phrase,
    not_a_year,
    parts_of,
    plain,
    read_line,
)
from calendars._words import MONTHS, MUNICIPALITIES, WEEKDAYS, Language

_SV_DAYS = WEEKDAYS[Language.SV]
# Words of a heading that only says which year or document this is.
_CONTEXT_WORDS = {
    "sammanträdesdatum", "sammanträdesdagar", "sammanträden", "sammanträdestider",
    "sammanträdesplan", "mötesdatum", "mötestider", "mötesplan", "mötesdagar", "möten",
    "datum", "kalendarium", "verksamhetsplan", "årsplan", "tidplan", "plan", "kalender",
    "för", "år", "året", "antagen", "antogs", "fastställd", "beslutad", "reviderad",
    "uppdaterad", "hösten", "våren", "under", "och", "planering", "preliminära", "tider",
    "sammanträdestid", "mötestid", "sammanträdeskalender", "möteskalender", "fastställda",
    "beslutade", "antagna", "tidigare", "kommande", "träffar", "framåt", "från", "kortinfo",
    "nytt", "nyheter", "aktuellt", "mandatperiod", "mandatperioden",
}  # fmt: skip
# Words of a heading that names a document or a page, not a body.
_DOCUMENT_WORDS = ("protokoll", "föredragningslist", "handling", "kallelse", "justering",
                   "justera", "anslag", "dokument", "publicerad", "diarie", "arkiv")  # fmt: skip
# A document of a meeting, named before or after its date: "Protokoll direktionen 2020-10-01",
# "Protokollsbilaga direktionen", "2020-05-29 Kallelse". Its date is the meeting's; its words
# name the document, not the meeting, and a day's several documents are one meeting.
_DOCUMENT_NAME = re.compile(
    r"(?:protokoll\w*|kallelse\w*|bilag(?:a|an|or|orna)|handlingar(?:na)?|"
    r"föredragningslist\w*|dagordning\w*|justerat|omedelbar\w*|minnesanteckning\w*)(?!\w)",
    re.IGNORECASE,
)
# "Styrelseprotokoll 2023-01-25 PDF", "Direktionsprotokoll 2013-09-20": a body's document.
_BODYS_DOCUMENT = re.compile(
    r"(?P<body>\w*?(?:styrelse|direktion|nämnd|utskott|beredning|fullmäktige))s?"
    r"(?:protokoll|kallelse|handlingar|föredragningslist)\w*",
    re.IGNORECASE,
)
# "Skaraborgs kommunalförbund", "Region Halland": the organisation, not one of its bodies.
_ORGANISATION = re.compile(r"\w*förbund(?:et)?\b|\bkommun\b|\bregion\b|\bstad\b", re.IGNORECASE)
_BODY_NOUN = re.compile(
    r"styrelse|direktion|nämnd|utskott|presidi|grupp|råd\b|rådet|beredning|fullmäktige|"
    r"kommitt|konferens|rådslag|forum|ledning",
    re.IGNORECASE,
)
# A heading that only says which part of the body above it: "Nämnd 2023", "Arbetsutskott".
_SAME_BODY = {"nämnd", "nämnden", "styrelse", "styrelsen", "direktion", "direktionen", "möte",
              "möten", "sammanträde", "sammanträden"}  # fmt: skip
_PART_OF_BODY = {"arbetsutskott", "arbetsutskottet", "au", "presidium", "presidiet", "utskott",
                 "utskottet", "beredning", "beredningen"}  # fmt: skip
# "Direktionen sammanträder …", "Under 2024 sammanträder direktionen följande datum:".
# "sammanträder i Utvandrarnas hus", "i Stadshuset": where a body meets.
_MEETS_IN = re.compile(
    r"^\s*(?:vanligtvis\s+|normalt\s+|oftast\s+)?i\s+([A-ZÅÄÖ][\w-]*"
    r"(?:\s+(?:hus|huset|salen|stadshus|stadshuset|kommunhus|kommunhuset|rådhuset))?)"
)
# "Samtliga sammanträden fredagar kl 09:00.": when the meetings of the list above (or below) start.
_ALL_START_AT = re.compile(
    r"^\s*(?:samtliga|alla)\s+(?:möten|mötena|sammanträden|sammanträdena)\b[^.\d]*"
    r"\b(?:kl\.?|klockan)\s*\d",
    re.IGNORECASE,
)
# "Direktionssammanträden 2022:": a body's name and a list word in one (Direktion).
_COMPOUND_LIST = re.compile(
    r"(?P<body>\w*?(?:styrelse|direktion|nämnd|utskott|grupp|beredning|fullmäktige))s?"
    r"(?:sammanträden|sammanträdesdatum|sammanträdesdagar|sammanträdestider|sammanträdesplan|"
    r"möten|mötesdatum|mötestider|mötesplan|mötesdagar)",
    re.IGNORECASE,
)
# "Samtliga möten äger rum på Station Lund i Sessionsrummet.": where the list below meets.
_ALL_HELD_AT = re.compile(
    r"\b(?:samtliga|alla)\s+(?:möten|mötena|sammanträden|sammanträdena)\s+"
    r"(?:äger\s+rum|hålls)\s+(?:på|i)\s+([A-ZÅÄÖ][^.]*)",
    re.IGNORECASE,
)
_MEETS = re.compile(
    r"\b(?:sammanträder|träffas|möts|sammanträda|genomförs|sk(?:a|all)\s+hållas)\b", re.IGNORECASE
)
# "Beredningens första sammanträde skall hållas …": the body whose meeting it is.
_MEETING_OF = re.compile(
    r"([A-ZÅÄÖ]\w+?)s\s+(?:(?:första|nästa|sista|ordinarie|konstituerande)\s+)?"
    r"(?:sammanträde|möte|sammanträdet|mötet)",
)
_NOT_A_NAME = {"vanligtvis", "normalt", "oftast", "följande", "klockan", "kl", "kl.", "vid",
               "i", "på", "den", "under", "preliminärt", "därefter", "också", "även", "dagar",
               "datum", "tillfällen", "minst", "ungefär", "en", "två", "sex"}  # fmt: skip
# The first row of a table pasted from Word or Excel.
_HEADER_WORDS = {
    "datum", "dag", "veckodag", "tid", "tider", "plats", "lokal", "värd", "värdkommun",
    "värdar", "ort", "kommun", "kommentar", "anm", "anmärkning", "sammanträde", "möte",
    "vecka", "status", "organ", "mötesform", "form", "kommentarer", "notering", "övrigt",
}  # fmt: skip
_SENTENCE_WORDS = 8
# A date written as six digits, year, month and day ("vid mötet 200924"): not read, named.
_COMPACT_DATE = re.compile(
    r"(?<![\w./:-])\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?![\w/:-]|\.\d)"
)
_NOT_ITS_DATE = "; the date in it is not a meeting"
_ROLLS_OVER = 5
"""Months back from the last date that start the next year (December to July, not October)."""
_ABOUT_A_BODY = {"uppdrag", "ledamöter", "ersättare", "sammansättning", "roll"}
_ABOUT_HEADING = "a heading about a body (its task, its members), not a list of its meetings"
_PLACE_UNUSED = "a sentence about a listed meeting; the place in it"
_NO_FOOTNOTE = "a date marked * with no footnote below saying what * means; the mark is not used"
_ROW_UNUSED = "a table row whose cells are not one for each body of its header; not used"
_TIMES_UNUSED = "; its meetings start at its first time, the other times in it are not used"
_REST_UNUSED = "; the rest of the sentence is not used"
_TIME_UNUSED = "; the time in it is not used"
_MEMBERS_UNUSED = "; the municipalities it is of are not used as members"
_START_TIMES = re.compile(
    r"(?P<body>\w+)\s+(?:börjar|startar)(?:\s+(?:sina|sitt|sitt\s+\w+)\s+\w+)?\s+"
    r"(?:kl\.?|klockan)\s*(?P<h>\d{1,2})[.:](?P<m>\d{2})",
    re.IGNORECASE,
)
_AND_STARTS = re.compile(
    r"\s*(?:,|och)\s+(?P<body>\w+)\s+(?:kl\.?|klockan)\s*(?P<h>\d{1,2})[.:](?P<m>\d{2})",
    re.IGNORECASE,
)
"""'Arbetsutskottet börjar sina sammanträden kl 13.15 och direktionen kl 14.00'."""
_ABOUT_MEETINGS = ("sammanträd", "möte", "kalend", "datum", "verksamhetsplan", "träffa")
_ADOPTED = re.compile(
    r"\b(?:antagen|antagna|antogs|beslutad|beslutades|fastställd|fastställdes)\b[^.]*$",
    re.IGNORECASE,
)
_DOCUMENT_DATE = re.compile(
    r"\s*(?:beslutad|beslutat|antagen|antagna|fastställd|reviderad|uppdaterad|daterad|"
    r"datum för beslut|dnr|publicerad|senast uppdaterad|senast ändrad)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Problem:
    """A line the importer could not read."""

    line: int
    """1-based line number (0 for the text as a whole)."""
    text: str
    """The line as written."""
    message: str
    """What is wrong, and what would be valid."""

    def __str__(self) -> str:
        return f"line {self.line}: {self.text!r}: {self.message}"


@dataclass(slots=True)
class Date:
    """One date read from the text."""

    line: int
    first: date
    last: date | None
    precision: str
    """day, month or week."""
    title: str | None
    hosts: tuple[str, ...]
    time: str | None = None
    location: str | None = None
    all_day: bool = False
    status: str | None = None
    """cancelled or provisional; None when confirmed."""
    uid: str | None = None
    """A UID taken over from a calendar someone else publishes (import-ics)."""
    sequence: int = 0
    """The taken-over event's SEQUENCE (import-ics)."""
    id: str | None = None
    """An id to keep instead of the one made from the day."""
    weekday_named: bool = False
    """Its line names its weekday ("2 februari (obs torsdag)"): an exception the list marks."""
    year_written: bool = True
    """Whether its line wrote its year (else it was read from the list around it)."""


@dataclass(slots=True)
class Body:
    """A heading that names a body, and its dates."""

    line: int
    name: str
    weekday: str | None = None
    time: str | None = None
    dates: list[Date] = field(default_factory=list)
    status: str | None = None
    """The status a lead sentence gives its list ("preliminärt vid följande tillfällen")."""
    location: str | None = None
    """Where a sentence says it meets ("sammanträder i Utvandrarnas hus")."""
    host: str | None = None
    """The host of all its meetings ("Värdkommun: Älmhult" under a joint committee)."""


@dataclass(slots=True)
class Parsed:
    """What the text says: bodies with dates, the lines not understood, and how each was read."""

    bodies: list[Body]
    problems: list[Problem]
    read: dict[int, str]
    """Line number -> what the line was read as (date, heading, year, table header, …)."""
    notes: list[Problem] = field(default_factory=list)
    """Lines read but not used (a sentence without a date, a heading without dates)."""


@dataclass(frozen=True, slots=True)
class Explained:
    """One source line beside what was read from it (``import-text --explain``)."""

    line: int
    text: str
    """The line as written."""
    read: str
    """What it was read as: a heading, a year, a status sentence, a note, ignored and why."""
    meetings: tuple[str, ...] = ()
    """The meetings it made: ``Styrelsen 2025-02-13 13.00-16.00 (Köping) preliminärt``."""
    problem: bool = False
    """Whether the line could not be read (the import then writes nothing)."""


def explain(parsed: Parsed, text: str) -> list[Explained]:
    """Every line that is not blank, beside what was read from it."""
    made: dict[int, list[str]] = {}
    for body in parsed.bodies:
        for d in body.dates:
            made.setdefault(d.line, []).append(_said(body, d))
    problems: dict[int, list[str]] = {}
    for p in parsed.problems:
        problems.setdefault(p.line, []).append(p.message)
    found = []
    for number, raw in enumerate(plain(text).splitlines(), start=1):
        if not raw.strip():
            continue
        if number in problems:
            found.append(Explained(number, raw.strip(), "; ".join(problems[number]), problem=True))
            continue
        read = parsed.read.get(number, "nothing")
        found.append(Explained(number, raw.strip(), read, tuple(made.get(number, ()))))
    return found


def _said(body: Body, d: Date) -> str:
    day = f"{d.first:%Y-%m}" if d.precision == "month" else d.first.isoformat()
    if d.last is not None:
        day += f"..{d.last.isoformat()}"
    whole_days = d.all_day or d.last is not None or d.precision != "day"
    parts = [body.name, day, "heldag" if whole_days else d.time or body.time or "heldag"]
    parts += [f"– {d.title}"] if d.title else []
    parts += [f"({', '.join(d.hosts)})"] if d.hosts else []
    parts += [f"@{d.location}"] if d.location else []
    parts += [d.status or body.status or ""]
    return " ".join(p for p in parts if p)


def parse(
    text: str,
    *,
    year: int | None = None,
    members: Sequence[str] | None = None,
    body: str | None = None,
) -> Parsed:
    """Read a kalendarium.

    Args:
        text: the kalendarium.
        year: the year of dates before any heading names one; by default the
            earliest year a date in the text is written with.
        members: the member names; by default a capitalised name after a
            date is a host, and a place (``Stadshuset``, ``Teams``) never is.
        body: the body of dates before any heading names one (a list
            published on the body's own page names it nowhere).

    Raises:
        CalendarError: when no year can be known.

    """
    return _Reader(text, year, members, body).run()


def _outside_the_years(phrase: Phrase) -> str | None:
    """The problem with a year the phrase writes outside `LIST_YEARS` (1899, 9001), if any."""
    for written in (phrase.year, phrase.end_year):
        if written is not None and not LIST_YEARS[0] <= written <= LIST_YEARS[1]:
            return not_a_year(written)
    return None


class _Reader:
    def __init__(
        self, text: str, year: int | None, members: Sequence[str] | None, body: str | None
    ) -> None:
        self.default_body = body
        self.by_day: dict[date, list[tuple[Body, Date]]] = {}  # the listed meetings by day
        self.last_dates: tuple[int, list[Date]] | None = None  # the last date line's dates
        self.raw = text.splitlines()
        self.lines = [plain(line) for line in self.raw]  # messages quote plain text
        self.members = list(members) if members is not None else None
        self.reads = [read_line(raw, members=self.members) for raw in self.lines]
        self.year = year if year is not None else self._first_year()
        self.bodies: list[Body] = []
        self.problems: list[Problem] = []
        self.read: dict[int, str] = {}
        self.running: tuple[int, int, int] | None = None  # (year, month, day) of the last date
        self.pending: list[tuple[Body, list[Date], str]] = []
        self.columns: list[Body] | None = None  # a table header's bodies, one a column
        self.starred: list[Date] = []  # dates marked "*", waiting for the footnote below
        self.starts: list[tuple[int, list[re.Match[str]], str]] = []  # "X börjar kl 13.15"
        self.which: tuple[Body, str] | None = None  # "Sammanträden endast i utskottet"
        self.organ: Body | None = None  # the body a minutes' notice names ("Organ: Direktionen")
        self.place_next = False  # the line below "Datum, tid och plats" ends with the place

    def _first_year(self) -> int:
        years = [p.year for r in self.reads for p in r.phrases if p.year is not None] + [
            y for r in self.reads for y in (r.years if not r.phrases else _lead_years(r))[:1]
        ]
        if not years:
            raise CalendarError("the text names no year; give one with --year")
        for r in self.reads:  # a heading before the first date wins
            if r.phrases:
                return _lead_years(r)[0] if _lead_years(r) else min(years)
            if r.years:
                return r.years[0]
        return min(years)

    def problem(self, number: int, message: str) -> None:
        self.problems.append(Problem(number, self.lines[number - 1].strip(), message))

    def run(self) -> Parsed:
        for number, r in enumerate(self.reads, start=1):
            if not r.text:
                if self.raw[number - 1].strip():  # a soft hyphen alone is no text, but a line
                    self.read[number] = "markup without text"
                continue
            if r.problems:
                for message in r.problems:
                    self.problem(number, message)
                continue
            if r.phrases:
                self._date_line(number, r)
            else:
                self._text_line(number, r)
        self._settle()
        self._apply_starts()
        for body in self.bodies:
            for d in body.dates:
                d.hosts = d.hosts or ((body.host,) if body.host else ())
            _backwards(body)
            self._check_weekdays(body)
        return Parsed(
            [b for b in self.bodies if b.dates],
            sorted(self.problems, key=lambda p: (p.line, p.message)),
            self.read,
            self._notes(),
        )

    _UNUSED: ClassVar[dict[str, str]] = {
        "a document date": "a document date; not a meeting",
        "a table row by year": "a table row by year; not a meeting",
        "a sentence that mentions a date": "a sentence that mentions a date; not read as a "
        "meeting (put the date on a line of its own to import it)",
        "a sentence": "a sentence that names no meeting date or year; nothing in it was used",
        _ROW_UNUSED: _ROW_UNUSED,
        _ABOUT_HEADING: _ABOUT_HEADING,
    }

    def _notes(self) -> list[Problem]:
        """The lines read but not used, so that nothing is left out without a word."""
        notes = self._body_notes()
        notes += [
            Problem(d.line, self.lines[d.line - 1].strip(), _NO_FOOTNOTE) for d in self.starred
        ]
        notes += [
            Problem(number, self.lines[number - 1].strip(), _unused(what, self._UNUSED))
            for number, what in self.read.items()
            if _unused(what, self._UNUSED)
        ]
        return sorted(notes, key=lambda p: p.line)

    def _body_notes(self) -> list[Problem]:
        """A date without a host among hosted ones, and a heading without dates."""
        notes = []
        for body in self.bodies:
            if any(d.hosts for d in body.dates):
                notes += [
                    Problem(
                        d.line,
                        self.lines[d.line - 1].strip(),
                        f"no host named, though other dates of {body.name} name one; "
                        "the meeting has none",
                    )
                    for d in body.dates
                    if not d.hosts and d.uid is None
                ]
            if not body.dates:
                said = "a heading with no dates under it"
                if body.weekday or body.time:
                    said += "; its weekday and time are not used"
                notes.append(Problem(body.line, self.lines[body.line - 1].strip(), said))
        return notes

    def _text_line(self, number: int, r: LineRead) -> None:
        words = _words(_without_members(r.rest))
        cells = r.text.split("\t")
        if self._footnote(number, r) or self._column_header(number, cells) or self._host(number, r):
            return
        self.columns = None
        if len(cells) > 1 and re.fullmatch(r"(?:19|20|21)\d\d", cells[0].strip()):
            # "2020⇥Nynäshamn": a row of a host list by year, not a heading.
            self.read[number] = "a table row by year"
            return
        if self._time_of_last_dates(number, r) or self._meeting_sentence(number, r):
            return
        if _is_sentence(r, words):
            self._sentence(number, r, words)
            return
        if r.years:
            self.year = r.years[0]
            self.running = None
        if _is_header(cells if len(cells) > 1 else r.text.split()):
            self.read[number] = "a table header"
            return
        if not words or all(w in _CONTEXT_WORDS for w in words):
            self._context_line(number, r)
            return
        self._heading(number, r)

    def _host(self, number: int, r: LineRead) -> bool:
        """'Värdkommun: Älmhult' under a body's heading: the host of all its meetings."""
        said = _HOST_LINE.fullmatch(r.text)
        body = self.bodies[-1] if self.bodies and not self.bodies[-1].dates else None
        if said is None or body is None or said["name"] not in MUNICIPALITIES:
            return False
        body.host = said["name"]
        self.read[number] = f"the host of the meetings of {body.name}, {body.host}"
        return True

    def _start_times(self, number: int, text: str) -> bool:
        """'Arbetsutskottet börjar kl 13.15 och direktionen kl 14.00': when each body starts.

        Kept until the whole list is read: the bodies' headings may come
        before the sentence or after it.
        """
        first = _START_TIMES.match(text.strip())
        if first is None:
            return False
        found = [first]
        rest = text.strip()[first.end() :]
        while more := _AND_STARTS.match(rest):
            found.append(more)
            rest = rest[more.end() :]
        self.starts.append((number, found, rest.strip(" .,;()")))
        self.read[number] = "a sentence"  # until its bodies are found
        return True

    def _apply_starts(self) -> None:
        """Each start sentence's times to its bodies; a dated time of a meeting's own stays."""
        for number, found, rest in self.starts:
            named = [(self._body_called(m["body"]), m) for m in found]
            bodies = [body for body, _ in named if body is not None]
            if len(bodies) < len(named):
                continue  # a body the list does not hold: the sentence is named as not used
            for body, m in zip(bodies, (m for _, m in named), strict=True):
                body.time = body.time or f"{int(m['h']):02d}.{m['m']}"
            self.read[number] = f"when the meetings of {' and '.join(b.name for b in bodies)} start"
            if rest:
                self.read[number] += f"{_REST_UNUSED} ({rest})"

    def _all_start_at(self, number: int, r: LineRead) -> bool:
        """'Samtliga sammanträden fredagar kl 09:00.': the start (and weekday) of the list above.

        Before a list's dates or after them, the sentence is about the body
        whose heading is the last above it; a time the body has already stays.
        """
        if r.time is None or not self.bodies or not _ALL_START_AT.match(r.text):
            return False
        body = self.bodies[-1]
        if body.time is not None:
            return False
        body.time = r.time
        if r.weekday is not None and body.weekday is None:
            body.weekday = _SV_DAYS[r.weekday]  # checked against its dates at the end
        self.read[number] = f"when the meetings of {body.name} start"
        return True

    def _body_called(self, word: str) -> Body | None:
        """The list's body a word names, in either form: 'direktionen', 'arbetsutskottet'."""
        return next((b for b in self.bodies if _stem(b.name) == _stem(word)), None)

    def _sentence(self, number: int, r: LineRead, words: Sequence[str]) -> None:
        """Prose names many years; one about the meetings names the year of the dates."""
        if _COMPACT_DATE.search(r.text):  # "… tills ett extra möte 210621.": not read, named
            self.read[number] = "a sentence that mentions a date"
            return
        if self._start_times(number, r.text) or self._all_start_at(number, r):
            return
        if r.years and any(w.startswith(_ABOUT_MEETINGS) for w in words):
            self.year, self.running = r.years[0], None
            self.read[number] = f"a sentence naming {r.years[0]}"
        else:
            self.read[number] = "a sentence"
        held = _ALL_HELD_AT.search(r.text)
        body = self.bodies[-1] if self.bodies and not self.bodies[-1].dates else None
        if held and body is not None:  # before its list: where all of its meetings are
            body.location = held[1].strip()
            self.read[number] += f" and where {body.name} meets, {body.location}"

    def _context_line(self, number: int, r: LineRead) -> None:
        """A line of context words only: a body's weekday and time, or a heading (a year)."""
        if r.weekday is not None or r.time is not None:
            self._apply_to_last_body(number, r)
            return
        self.read[number] = f"a heading naming {r.years[0]}" if r.years else "a heading"

    def _called(self, name: str) -> Body | None:
        """The list's body of that name, in any case."""
        return next((b for b in self.bodies if b.name.lower() == name.lower()), None)

    def _last_body(self, number: int, name: str, body: Body | None = None) -> Body:
        """`body`, else the list's body called `name`, else a new one: last, its dates follow."""
        body = body or self._called(name)
        if body is None:
            body = Body(number, name)
            self.bodies.append(body)
        elif body is not self.bodies[-1]:
            self._drop(body)
            self.bodies.append(body)
        return body

    def _drop(self, body: Body) -> None:
        """Take `body` itself out of the list.

        By identity: two bodies may compare equal, and comparing their dates
        field by field made a long list quadratic.
        """
        del self.bodies[next(i for i, b in enumerate(self.bodies) if b is body)]

    def _label(self, r: LineRead, name: str) -> str:
        """A minutes' form label ("Datum, tid och plats", "Organ och §§:"): its value is below."""
        words = [w.strip(",.:;").lower() for w in r.rest.split()]
        label = all(w in _LABEL_WORDS for w in words if w) or bool(
            _ORGAN.match(r.rest) and not name
        )
        self.place_next = label and bool({"plats", "lokal"} & set(words))
        return "a heading that names a document or page, not a body" if label else ""

    def _not_a_body(self, name: str) -> str:
        """What a heading is when it names no body ("" when it names one)."""
        if any(w in name.lower() for w in _DOCUMENT_WORDS):
            return "a heading that names a document or page, not a body"
        if len(name.split()) > 1 and name.rsplit(maxsplit=1)[-1].lower() in _ABOUT_A_BODY:
            return _ABOUT_HEADING  # "Beredningsgruppens uppdrag"
        if _ORGANISATION.search(name) and not _BODY_NOUN.search(name):
            return "a heading that names an organisation, not a body"
        if self.default_body and not _BODY_NOUN.search(name):
            # "Politik": the page's title; the body is the one given.
            return f"a page title, not a body (the dates are {self.default_body}'s)"
        return ""

    def _heading(self, number: int, r: LineRead) -> None:
        """A heading that names a body, unless it names a document or an organisation."""
        name = _name(r.rest)
        self.which = None
        if _WHICH_MEETINGS.match(name) and self.bodies:  # "Sammanträden endast i utskottet"
            self.which, self.running = (self.bodies[-1], r.rest.strip(" :")), None
            self.read[number] = f"which meetings of {self.bodies[-1].name} follow (their title)"
            return
        not_a_body = self._label(r, name) or self._not_a_body(name)
        if not_a_body:
            # "Söderåsens Miljöförbund, Storgatan 50 C, Klippan kl 08.30 - 11.45": named
            self.read[number] = not_a_body + (_TIME_UNUSED if r.time else "")
            return
        self.running = None
        organ = _ORGAN.match(r.rest)
        body = None if organ else self._same_body(number, name)
        listed = [b for b in self.bodies if b.dates and b.name.lower() == name.lower()]
        if body is None and listed:  # "Förbundsstyrelsens mötesdagar 2020" after its 2019 list
            body = listed[0]
            self._drop(body)
            self.bodies.append(body)  # the dates below are its
            self.read[number] = f"the heading of {body.name} again"
        if body is None:
            body = Body(number, name)
            self.bodies.append(body)
            self.read[number] = "the heading of a body"
        self._heading_says(number, r, body, organ=bool(organ))

    def _heading_says(self, number: int, r: LineRead, body: Body, *, organ: bool) -> None:
        """What else a body's heading says: its weekday and time, members, a notice's organ."""
        if organ:
            self.organ = body
        if _without_members(r.rest) != r.rest:  # "Gemensam överförmyndarnämnd - Ljungby, …"
            members = r.rest[len(_without_members(r.rest)) :].strip(" -–")
            self.read[number] += f"{_MEMBERS_UNUSED} ({members}; give them with --members)"
        if r.weekday is not None:
            body.weekday = _SV_DAYS[r.weekday]
        body.time = r.time or body.time

    def _same_body(self, number: int, name: str) -> Body | None:
        """The body above when this heading names it again or a part of it ("Nämnd 2023")."""
        last = self.bodies[-1] if self.bodies and not self.bodies[-1].dates else None
        if last is None:
            return None
        lower = name.lower()
        if lower in _SAME_BODY or lower in {last.name.lower(), last.name.lower() + "s"}:
            self.read[number] = f"the heading of {last.name} again"
            return last
        committees = re.fullmatch(r"(\w+s) utskott(?:en)?", last.name)
        if (
            lower in _PART_OF_BODY and committees
        ):  # "Arbetsutskottet" under "Patientnämndens utskott"
            part_name = lower[:-2] if lower[:-2] in _PART_OF_BODY else lower
            self.read[last.line] = f"the name of the body whose {part_name} follows"
            self._drop(last)
            part = Body(number, f"{committees[1]} {part_name}")
            self.bodies.append(part)
            self.read[number] = "the heading of a body"
            return part
        definite = re.fullmatch(r"[\w -]+(?:en|et)", last.name) and "s och " not in last.name
        if lower in _PART_OF_BODY and definite:  # "Arbetsutskott" under "Byggnadsnämnden"
            self.read[last.line] = f"the name of the body whose {lower} follows"
            self._drop(last)
            part = Body(number, f"{last.name}s {lower}")
            self.bodies.append(part)
            self.read[number] = "the heading of a body"
            return part
        return None

    def _time_of_last_dates(self, number: int, r: LineRead) -> bool:
        """A time on the line after its date: 'klockan 9.00–16.00, Heldag konferens'."""
        if r.time is None or not re.match(r"(?:kl\.?|klockan|\d)", r.text, re.IGNORECASE):
            return False
        if self.last_dates is None or self.last_dates[0] != self._previous_line(number):
            return False
        if any(d.time is not None for d in self.last_dates[1]):
            return False  # those dates have their time; this line is something else
        parts = parts_of(r.rest.replace("\x00", "\t"), r.time, self.members)
        for d in self.last_dates[1]:
            d.time = r.time
            d.title = ", ".join(filter(None, [d.title, *parts.titles])) or None
            d.location = ", ".join(filter(None, [d.location, *parts.locations])) or None
            d.hosts = d.hosts or tuple(parts.hosts)
        self.read[number] = "the time of the date on the line above"
        return True

    def _previous_line(self, number: int) -> int:
        before = number - 1
        while before > 0 and not self.lines[before - 1].strip():
            before -= 1
        return before

    def _meeting_sentence(self, number: int, r: LineRead, *, dated: bool = False) -> bool:
        """A sentence naming who meets, and its year and time: 'Under 2024 sammanträder …'."""
        first = re.split(r"(?<=[.:])\s+", r.text.strip())[0]
        meets = _MEETS.search(first)
        says = bool(dated or r.time or r.weekday is not None or r.status)
        says = says or not r.text.rstrip().endswith(".")
        if meets is None or not says:
            return False  # "Styrelsen sammanträder i regel på förmiddagen." gives nothing
        years = [int(y) for y in re.findall(r"(?<![\w/-])(?:19|20|21)\d\d(?![\w/-])", first)]
        if years:
            self.year, self.running = years[0], None
        name = _subject(first[: meets.start()], first[meets.end() :])
        if name is None:
            self.read[number] = f"a sentence naming {years[0]}" if years else "a sentence"
            return True
        self._sentence_body(number, r, name, first[meets.end() :])
        return True

    def _sentence_body(self, number: int, r: LineRead, name: str, after: str) -> None:
        """The body a meeting sentence names, with its weekday, time, status and place."""
        # A body named again by a later sentence ("… sammanträder under 2023 …") is the same body.
        # Its dates follow: "Regionstyrelsen sammanträder …".
        body = self._last_body(number, name, self._same_body(number, name))
        if r.weekday is not None and not r.phrases:  # "Tisdag … den 15-16 juni" is that day's
            body.weekday = _SV_DAYS[r.weekday]
        body.time = r.time or body.time
        body.status = "provisional" if r.status == "provisional" else body.status
        self.read[number] = f"a sentence naming the body {name}"
        place = _MEETS_IN.search(after)
        if place:
            body.location = place[1]
            self.read[number] += f" and where it meets, {place[1]}"

    def _apply_to_last_body(self, number: int, r: LineRead) -> None:
        """A line such as ``(onsdagar kl. 13.00-16.00)`` under a heading."""
        if not self.bodies or self.bodies[-1].dates:
            self.problem(
                number,
                "a weekday or time that belongs to no body; put it on the heading that names one",
            )
            return
        body = self.bodies[-1]
        if r.weekday is not None:
            body.weekday = _SV_DAYS[r.weekday]
        if r.time is not None:
            body.time = r.time
        self.read[number] = f"the weekday and time of {body.name}"

    def _footnote(self, number: int, r: LineRead) -> bool:
        """A footnote ("* utökad beredning") below dates marked "*": their title."""
        if not self.starred or not self.raw[number - 1].lstrip().startswith("*"):
            return False
        for d in self.starred:
            d.title = ", ".join(filter(None, [d.title, r.text])) or None
        self.read[number] = f"a footnote: the dates marked * are {r.text!r}"
        self.starred = []
        return True

    def _column_header(self, number: int, cells: Sequence[str]) -> bool:
        """A header of bodies ("Beredning⇥Direktionen"): each column is one body's dates."""
        if len(cells) < 2 or not all(_BODY_NOUN.search(c) and len(c.split()) <= 4 for c in cells):
            return False
        if any(ch.isdigit() for c in cells for ch in c):
            return False
        self.columns = []
        for cell in cells:
            name = _name(cell)
            body = self._called(name)
            if body is None:
                body = Body(number, name)
                self.bodies.append(body)
            self.columns.append(body)
        names = ", ".join(b.name for b in self.columns)
        self.read[number] = f"a table header: its columns are the dates of {names}"
        return True

    def _column_row(self, number: int, r: LineRead) -> bool:
        """A row under a header of bodies: each cell's dates are its column's body's."""
        if self.columns is None:
            return False
        cells = r.text.split("\t")
        if len(cells) != len(self.columns):
            self.read[number] = _ROW_UNUSED
            return True
        marked = [c for c in re.split(r"\t|\s{2,}|\s*\|\s*", self.lines[number - 1]) if c.strip()]
        cells = marked if len(marked) == len(cells) else cells  # with their "*" marks
        made = []
        for cell, body in zip(cells, self.columns, strict=True):
            read = read_line(cell, members=self.members)
            found = self._dates_of(number, read) if not read.problems else None
            if read.problems or found is None:
                for message in read.problems:
                    self.problem(number, message)
                return True
            for d in found:
                d.time = _with_end(d.time, body.time)
                d.status = d.status or body.status
            self.starred += found if read.starred else []
            self._add(body, found)
            made += [f"{len(found)} of {body.name}"]
        self.read[number] = f"a table row: date(s), {', '.join(made)}"
        return True

    def _read_apart(self, number: int, r: LineRead) -> bool:
        """A table row, a document, a moved meeting, a sentence of dates, a document's date."""
        return (
            self._column_row(number, r)
            or self._document(number, r)
            or self._moved(number, r)
            or self._list_sentence(number, r)
            or self._not_a_list_line(number, r)
        )

    def _date_line(self, number: int, r: LineRead) -> None:
        if self._read_apart(number, r):
            return
        # "Mötet den 22 november är inställt." marks a listed date, before or after it.
        sentence = bool(
            r.status and not r.hosts and (r.text.rstrip().endswith(".") or r.lead.strip())
        )
        running = self.running
        if sentence or _is_prose(r):
            self.running = None  # a sentence names a date of the year read, not the next
        found = self._dates_of(number, r)
        if found is None:
            return
        if sentence or _is_prose(r):
            self.running = running  # a sentence is not part of the list's order
            if self._about_listed(number, r, found, sentence=sentence):
                return
        body = self._body_of_dates(number)
        if body is not None:
            self._dates_of_body(number, r, body, found, sentence=sentence)

    def _dates_of_body(
        self, number: int, r: LineRead, body: Body, found: list[Date], *, sentence: bool
    ) -> None:
        """A line's dates given to `body`; a status sentence's wait to mark listed ones."""
        which = self.which[1] if self.which and self.which[0] is body and not sentence else None
        place, self.place_next = self.place_next, False
        for d in found:
            if place:  # "30 oktober 2023, klockan 13.00-15.00. Hotell Höga Kusten"
                d.location, d.title = d.location or d.title, None
            if d.title and _its_own_meeting(d.title, body.name):
                d.title = None  # "Styrelsesammanträdet" of Styrelsen says only whose it is
            d.title = ", ".join(filter(None, [which, d.title])) or None
            d.time = _with_end(d.time, body.time)
            d.status = d.status or body.status
        if sentence:
            for d in found:
                d.title = None  # the sentence's words say what happened, not what it is
            self.pending.append((body, found, r.status or ""))
            self.read[number] = f"a sentence that marks a date {r.status}"
            return
        self._add(body, found)
        self.starred += found if r.starred else []
        self.last_dates = (number, found)
        self.read[number] = f"{len(found)} date(s) of {body.name}"

    def _about_listed(
        self, number: int, r: LineRead, found: Sequence[Date], *, sentence: bool
    ) -> bool:
        """A sentence that marks, restates or merely mentions a date: it makes no meeting."""
        if sentence and self._mark(found, r.status or "", r.text):
            self.read[number] = f"a sentence that marks a date {r.status}"
        elif sentence:
            return False  # marks a date listed below it, or one not in the list
        elif self._listed(found) and not r.status and (r.hosts or r.locations):
            # "Deltagare vid miljöchefsträffen 14-15 maj 2019, Bommersviks kursgård, Nykvarn."
            said = r.rest.split("\x00")[-1].strip(" ,.;")
            self.read[number] = f"a sentence about a listed meeting; the place in it ({said})"
        elif self._listed(found) and not r.status:
            self.read[number] = "a sentence about a listed meeting"
        else:
            self.read[number] = "a sentence that mentions a date"
        return True

    def _body_of_dates(self, number: int) -> Body | None:
        if not self.bodies and self.default_body:
            self.bodies.append(Body(number, self.default_body))
        if not self.bodies:
            self.problem(
                number, "a date before any heading naming a body; add the body's name above it"
            )
            return None
        return self.bodies[-1]

    def _same_meeting(self, body: Body, d: Date) -> bool:
        """Whether a document's date is a meeting of `body` already read (its time kept)."""
        # "Protokoll direktionen … §42 Verksamhetsplan": the document's words, not the meeting's
        d.title = d.location = None
        d.time = _with_end(d.time, body.time)
        d.status = d.status or body.status
        same = [o for b, o in self.by_day.get(d.first, []) if b is body and o.last == d.last]
        for o in same:
            o.time = o.time or d.time
        return bool(same)

    def _body_of_document(self, number: int, r: LineRead) -> Body | None:
        """The body a document names ("Protokoll direktionen 2020-10-01"), unless --body names it.

        Under a page title that names no body ("Politik"), the document's body is the
        meeting's; a body given with --body wins.
        """
        named = _named_by_document(r.lead.split())
        last = self.bodies[-1] if self.bodies else None
        if named is None or self.default_body or (last and _BODY_NOUN.search(last.name)):
            return self._body_of_dates(number)
        return self._last_body(number, named[:1].upper() + named[1:].lower())

    def _document(self, number: int, r: LineRead) -> bool:
        """A document's line: its date is a meeting's, one meeting however many documents."""
        # "Protokoll direktionen 2020-10-01", "Läs mer i minnesanteckningarna från 2018-11-30"
        starts = [
            *r.lead.split(),
            r.text.split()[0],
            *(t.split()[0] for t in r.titles if t.split()),
        ]
        minutes = len(r.phrases) == 1 and bool(_MINUTES_DATE.fullmatch(r.lead.strip()))
        named = any(_DOCUMENT_NAME.fullmatch(w) or _BODYS_DOCUMENT.fullmatch(w) for w in starts)
        if not (named or minutes) or _ACT_DATE.search(r.lead):
            return False  # "Protokollet justeras fredag den 9 februari": when it is checked
        found = self._dates_of(number, r)
        if found is None:
            return True
        body = self._body_of_document(number, r) if named else self._body_of_minutes(number, found)
        if body is None:
            return True
        new = [d for d in found if not self._same_meeting(body, d)]
        if not new:
            self.read[number] = f"another document of the meeting of {found[0].first.isoformat()}"
            return True
        self._add(body, new)
        self.last_dates = (number, new)
        self.read[number] = f"a document of a meeting of {body.name}"
        return True

    def _body_of_minutes(self, number: int, found: Sequence[Date]) -> Body | None:
        """Whose meeting 'Sammanträdesdatum: 2016-12-16' is: the notice's 'Organ:', the title's."""
        if self.organ is not None:
            return self.organ
        titled = {id(b): b for b, _ in self.by_day.get(found[0].first, [])}
        if len(titled) == 1 and not self.default_body:  # "Protokoll direktionen 2016-12-16"
            return next(iter(titled.values()))
        if self.default_body or (self.bodies and _BODY_NOUN.search(self.bodies[-1].name)):
            return self._body_of_dates(number)  # "Direktionen" above "Sammanträdesdatum: …"
        self.problem(
            number,
            "the date of a meeting whose minutes name no body (no 'Organ: …' line above); "
            "give the body with --body",
        )
        return None

    def _list_sentence(self, number: int, r: LineRead) -> bool:
        """A sentence of dates: 'Styrelsen sammanträder 2027 den 4 februari, … och 2 december'."""
        # Its dates may follow a colon: "… sammanträder under 2023 på följande dagar: 10 januari".
        first = re.split(r"(?<=\.)\s+", r.text.strip())[0]
        if r.status or not _MEETS.search(first) or any(p.start >= len(first) for p in r.phrases):
            return False
        if not self._meeting_sentence(number, r, dated=True) or not self.read[number].startswith(
            "a sentence naming the body"
        ):
            return False
        body = self.bodies[-1]
        found = self._dates_of(number, r)
        if found is None:
            return True
        # A day of the body already read is that meeting again (a headline, then its text).
        found = [d for d in found if not self._same_meeting(body, d)]
        if not found:
            self.read[number] = f"a sentence naming a meeting of {body.name} again"
            return True
        self._add(body, found)
        self.last_dates = (number, found)
        self.read[number] = f"a sentence with {len(found)} date(s) of {body.name}"
        times = list(dict.fromkeys(re.findall(r"(?<![\w.:])\d{1,2}[.:]\d{2}(?!\d)", r.text)))
        if len(times) > 1:  # "… börjar 09:30. Tvådagarssammanträde börjar … 09:00 dag 2."
            self.read[number] += f"{_TIMES_UNUSED} ({', '.join(times[1:])})"
        return True

    def _not_a_list_line(self, number: int, r: LineRead) -> bool:
        """A document's date ("Beslutad 2017-02-02") or prose that mentions a date."""
        if _ACT_DATE.search(r.text):  # the minutes' notice or checking, after the meeting
            self.read[number] = "a document date"
            return True
        if _STATEMENT_BY.match(r.lead) and r.text.rstrip().endswith(":"):
            self.read[number] = "a document date"  # a statement's author and its date
            return True
        if _DOCUMENT_DATE.match(r.lead) or _ADOPTED.search(r.lead):
            # "Sammanträdesplan 2027, antagen av direktionen den 10 december 2026."
            if r.years and any(w.lower().startswith(_ABOUT_MEETINGS) for w in r.lead.split()):
                self.year, self.running = r.years[0], None
                self.read[number] = f"a document date; the list is for {r.years[0]}"
            else:
                self.read[number] = "a document date"
            return True
        prose = [w for w in r.rest.replace("\x00", " ").split() if any(c.isalpha() for c in w)]
        if r.status or len(prose) < _SENTENCE_WORDS:
            return False
        if self._meeting_sentence(number, r):
            self.read[number] += _NOT_ITS_DATE
        else:
            self.read[number] = "a sentence that mentions a date"
        return True

    def _dates_of(self, number: int, r: LineRead) -> list[Date] | None:
        if _lead_years(r):  # "Sammanträdesdagar 2027: 4 februari, 18 mars"
            self.year, self.running = _lead_years(r)[0], None
        found: list[Date] = []
        for i, phrase in enumerate(r.phrases):
            titles = [t for t in (r.own_titles[i] if r.own_titles else r.titles) if _says(t)]
            made = self._date(number, r, phrase, titles)
            if isinstance(made, str):
                self.problem(number, made)
                return None
            found.append(made)
        return found

    def _restated(self, r: LineRead, found: Sequence[Date]) -> bool:
        """A sentence naming a listed meeting again: 'Nästa direktionsmöte blir den 13 december'."""
        return (
            not r.status
            and r.text.rstrip().endswith(".")
            and len(r.lead.split()) >= 2
            and self._listed(found)
        )

    def _add(self, body: Body, found: Sequence[Date]) -> None:
        body.dates.extend(found)
        for d in found:
            self.by_day.setdefault(d.first, []).append((body, d))

    def _listed(self, found: Sequence[Date]) -> bool:
        return bool(found) and all(f.first in self.by_day for f in found)

    def _moved(self, number: int, r: LineRead) -> bool:
        """'… ändra datum för sammanträdet den 15 maj 2024 till den 7 maj 2024': listed, moved.

        The listed meeting is cancelled and the new day is a meeting of its
        body, at its time; a move of a day the list does not hold is named.
        """
        if len(r.phrases) != 2 or not _MOVED.search(r.text):
            return False
        found = self._dates_of(number, r)
        if found is None or not self._listed(found[:1]):
            return False
        old, new = found
        listed = self.by_day[old.first]
        if len(listed) != 1:
            return False
        body, meeting = listed[0]
        meeting.status = "cancelled"
        new.title, new.location, new.status = None, meeting.location, None
        new.time = new.time or meeting.time
        new.hosts = new.hosts or meeting.hosts
        self._add(body, [new])
        self.read[number] = f"a sentence moving {body.name}'s meeting of {old.first} to {new.first}"
        return True

    def _mark(self, found: Sequence[Date], status: str, text: str = "") -> bool:
        """A status sentence marks the listed meetings it names, in the body it names if any."""
        if not self._listed(found):
            return False
        lower = text.lower()
        for f in found:
            listed = self.by_day[f.first]
            named = [
                (b, d) for b, d in listed if re.search(rf"\b{re.escape(b.name.lower())}s?\b", lower)
            ]
            for _, d in named or listed:
                d.status = status
        return True

    def _settle(self) -> None:
        """Status sentences whose dates are listed after them mark those; others are dates."""
        for body, found, status in self.pending:
            if not self._mark(found, status):
                self._add(body, found)

    def _date(self, number: int, r: LineRead, phrase: Phrase, titles: Sequence[str]) -> Date | str:
        wrong = _outside_the_years(phrase)
        if wrong is not None:
            return wrong
        year = self._year_of(phrase)
        try:
            first, last = self._days_of(phrase, year)
        except ValueError:
            return _impossible(phrase, year)
        problem = _day_problem(phrase, r, first, last)
        if problem is not None:
            return problem
        # "2 februari (obs torsdag)": a weekday named apart from the date marks an exception.
        marked = (
            r.weekday is not None and phrase.weekday is None
        ) or phrase.weekday_after is not None
        self.running = (first.year, first.month, first.day)
        title = ", ".join(titles) or None
        if phrase.kind == "week" and title is None:
            title = f"vecka {phrase.week}"
        return Date(
            number,
            first,
            last,
            phrase.kind,
            title,
            tuple(dict.fromkeys(r.hosts)),
            time=r.time,
            location=", ".join(r.locations) or None,
            all_day=r.all_day or phrase.kind == "week",
            status="provisional" if phrase.kind == "week" and r.status is None else r.status,
            weekday_named=marked,
            year_written=phrase.year is not None,
        )

    def _days_of(self, phrase: Phrase, year: int) -> tuple[date, date | None]:
        """A phrase's first and last day in `year`; a week already past runs into the next.

        Raises ValueError for a day the calendar does not have.
        """
        first = phrase.first(year)
        if (
            phrase.kind == "week"
            and phrase.year is None
            and self.running is not None
            and first < date(*self.running)
        ):
            first = phrase.first(year + 1)
        return first, phrase.last(first.year)

    def _year_of(self, phrase: Phrase) -> int:
        """A date's year: its own, else the list's, running from autumn into spring."""
        if phrase.year is not None:
            return phrase.year
        if self.running is None:
            return self.year
        year, month, day = self.running
        # Back into spring: "15 december, 2 februari". Back a few months is the same year,
        # a list not in order ("9 december, Samverkanstorg Live 4 oktober").
        if (phrase.month, phrase.day) < (month, day) and phrase.kind != "week":
            year += 1 if month - phrase.month >= _ROLLS_OVER else 0
        return year

    def _check_weekdays(self, body: Body) -> None:
        if body.weekday is None:
            return
        wanted = _SV_DAYS.index(body.weekday)
        for d in body.dates:
            if (
                d.precision == "day"
                and d.last is None
                and not d.weekday_named
                and d.first.weekday() != wanted
            ):
                self.problem(
                    d.line,
                    f"{d.first.isoformat()} is a {_SV_DAYS[d.first.weekday()]}, but "
                    f"{body.name} meets on {body.weekday}ar",
                )


def _is_sentence(r: LineRead, words: Sequence[str]) -> bool:
    """Prose: a full stop or many words; not a heading whose time ends in a full stop.

    'Direktionen 2023, fredagar kl 08.30-16:00.' is the heading of a list
    (a body, its weekday and time), however it ends.
    """
    if len(words) >= _SENTENCE_WORDS:
        return True
    text = r.text.rstrip()
    if not text.endswith("."):
        return False
    if _START_TIMES.match(text):
        return True  # "Styrelsen börjar kl 13.00."
    first = text.split(maxsplit=1)[0]
    heading = r.time is not None and text[-2:-1].isdigit() and bool(_BODY_NOUN.search(first))
    return not heading


def _words(rest: str) -> list[str]:
    """A line's words besides its dates, lower case, without punctuation or numbers."""
    words = [w.strip("(),.:;!?–-").lower() for w in rest.replace("\x00", " ").split()]
    return [w for w in words if w and not w.replace("-", "").replace("–", "").isdigit()]


def _is_header(heads: Sequence[str]) -> bool:
    """Column names only: 'Datum⇥Tid⇥Plats'."""
    return len(heads) > 1 and all(c.lower().strip(" .:") in _HEADER_WORDS for c in heads)


def _day_problem(phrase: Phrase, r: LineRead, first: date, last: date | None) -> str | None:
    """What is wrong with a date's days: backwards, another week, another weekday."""
    if last is not None and last <= first:
        return "the last day comes before the first"
    if phrase.kind == "day" and phrase.week is not None:
        week = first.isocalendar().week
        if week != phrase.week:
            return f"{first.isoformat()} is in week {week}, not week {phrase.week}"
    named = next(
        (w for w in (phrase.weekday, phrase.weekday_after, r.weekday) if w is not None), None
    )
    if named is not None and first.weekday() != named and last is None:
        return _wrong_weekday(phrase, first, named)
    return None


_MINUTES_DATE = re.compile(
    r"(?:sammanträdesdatum|sammanträdesdag|datum för sammanträdet)\s*:", re.I
)
"""'Sammanträdesdatum: 2024-02-06' in a minutes' notice: the date of the meeting its page is."""
_HOST_LINE = re.compile(
    r"\s*(?i:värd(?:kommun)?)\s*:?\s*(?P<name>[A-ZÅÄÖ][\w-]*(?: [A-ZÅÄÖ][\w-]*)?)\s*"
)
"""'Värdkommun: Älmhult' under a joint committee's heading: the host of its meetings."""
_MEMBER_TAIL = re.compile(r"\s+[-–]\s+(?P<names>[A-ZÅÄÖ][\w ,-]*?)\s*$")
"""'Gemensam överförmyndarnämnd - Ljungby, Älmhult, Markaryd': the committee's members."""
_WHICH_MEETINGS = re.compile(r"(?:i|endast|enbart|bara|både)\b", re.IGNORECASE)
"""'Sammanträden endast i utskottet' under a body: which of its meetings, not whose."""
_LABEL_WORDS = {"datum", "tid", "tider", "plats", "lokal", "organ", "och", "dag", "tidpunkt"}
"""'Datum, tid och plats', 'Organ': a minutes' form label; its value is on the line below."""
_MOVED = re.compile(
    r"\b(?:flytta(?:s|t|des|ts)?|ändra(?:s|t|des)?\s+datum|nytt\s+datum|skjut(?:s|its)\s+upp)\b"
    r"[^.]*?\btill\b",
    re.IGNORECASE,
)
"""'ändra datum för sammanträdet den 15 maj 2024 till den 7 maj 2024': a meeting moved."""
_ORGAN = re.compile(r"^\s*organ(?:\s+och\s+§§)?\s*:\s*", re.IGNORECASE)
"""'Organ: Direktionen': a minutes' notice names its body; no part of the heading above."""
_OF_ORGANISATION = re.compile(
    r"(?<=\w)\s+för\s+(?:\w+\s+){0,3}?\w*(?:förbund(?:et)?|kommun|region|stad)\b.*$",
    re.IGNORECASE,
)
"""'Direktionen för Söderåsens Miljöförbund' (an anslag's 'Organ:') is Direktionen."""
_ACT_DATE = re.compile(
    r"\b(?:justering|justeringen|justeras|anslag|anslaget|anslagsdatum|överklagandetid|"
    r"skickades|skickas|skickats)\b",
    re.IGNORECASE,
)
"""'Datum då anslaget sätts upp: 2024-02-09', '9 februari 2024 - Digital justering'."""


def _without_members(text: str) -> str:
    """A joint committee's heading without the municipalities it is of."""
    tail = _MEMBER_TAIL.search(text)
    if tail is None:
        return text
    names = [n.strip() for n in re.split(r",|\boch\b", tail["names"]) if n.strip()]
    return text[: tail.start()] if names and all(n in MUNICIPALITIES for n in names) else text


def _name(rest: str) -> str:
    """A body's name from its heading: "Presidiets sammanträden under 2024" is Presidiet."""
    name = re.sub(r"\(\s*\)|\x00", " ", _without_members(rest))
    name = _OF_ORGANISATION.sub("", _ORGAN.sub("", name))
    name = re.sub(r"\b(?:kl\.?|klockan)(?!\w)", " ", name)
    name = " ".join(re.sub(r"(?<![\w])(?:19|20|21)\d\d(?![\w])", " ", name).split())
    words = name.strip(" ,.:;–-()").split()
    kept = list(words)
    while kept and kept[-1].lower().strip(",.:;–-()") in _CONTEXT_WORDS:
        kept.pop()
    while kept and kept[0].lower().strip(",.:;–-()") in _CONTEXT_WORDS:
        kept.pop(0)
    compound = _COMPOUND_LIST.fullmatch(kept[0]) if len(kept) == 1 else None
    if compound:  # "Direktionssammanträden 2022" is Direktion's list
        kept = [compound["body"][:1].upper() + compound["body"][1:]]
    elif kept != words and kept and len(kept[-1]) > 4 and kept[-1].endswith("s"):
        kept[-1] = kept[-1][:-1]  # "Direktionens mötestider", "Den regionala räddningsnämndens"
    if kept and kept[0] != words[0]:  # "Fastställda mötestider för direktionen": Direktionen
        kept[0] = kept[0][:1].upper() + kept[0][1:]
    return " ".join(kept).strip(" ,.:;–-()") or name.strip(" ,.:;–-()")


_DECIDES = re.compile(
    r"\s+(?:(?:beslutar|beslöt|beslutade|har\s+beslutat|föreslår|avser)\s+att|föreslås)\b.*$",
    re.IGNORECASE,
)
"""'Nämnden beslutar att under våren 2017 sammanträda', 'Fullmäktige föreslås sammanträda':
who decides, or is proposed to meet, is who meets."""
_WHEN_WORDS = {"under", "år", "våren", "hösten"}
_NO_SUBJECT = {"i", "med", "på", "vid", "efter", "inom", "om", "när", "då"}
"""A sentence beginning so names no one ("I samband med det genomförs också …")."""


_STATEMENT_BY = re.compile(
    r"\s*\w*(?:chef|direktör|sekreterare|handläggare|föredragande|ordförande)\b", re.IGNORECASE
)
"""'Räddningschef Mika Kontio 13.12.2016:': who wrote the text below, and when."""


def _named_by_document(words: Sequence[str]) -> str | None:
    """The body a document's words name: "Protokoll direktionen", "Direktionens protokoll"."""
    compound = _BODYS_DOCUMENT.fullmatch(words[0]) if words else None
    if compound:  # "Styrelseprotokoll 2023-01-25": Styrelse's
        return compound["body"]
    if len(words) < 2:
        return None
    if _BODY_NOUN.search(words[1]):
        return words[1]
    if (
        words[0].endswith("s")
        and _BODY_NOUN.search(words[0])
        and _DOCUMENT_NAME.fullmatch(words[1])
    ):
        return words[0][:-1]  # "Direktionens protokoll 6 oktober 2023": Direktionen's
    return None


def _subject(before: str, after: str) -> str | None:
    """Who meets in a sentence: before the verb, else the word after it; None for several."""
    meeting_of = _MEETING_OF.fullmatch(before.strip())
    if meeting_of:  # "Beredningens första sammanträde skall hållas"
        return meeting_of[1]
    before = _DECIDES.sub("", before)
    words = [w.strip(",.:;") for w in before.split()]
    words = [w for w in words if w and w.lower() not in _WHEN_WORDS and not _is_when(w)]
    if all(w.lower() == "och" for w in words):  # "Den 19 maj klockan 9 sammanträder styrelsen."
        return _subject_after(after)
    lower = [w.lower() for w in words]
    for conjunction in ("när", "då", "där"):  # "Budgetbeslut när regionfullmäktige sammanträder"
        if conjunction in lower[1:]:
            words = words[lower.index(conjunction) + 1 :]
            break
    if "," in before or " och " in f" {before} " or words[0].lower() in _NO_SUBJECT:
        return None
    return " ".join(words)


def _is_when(word: str) -> bool:
    """A word that only says when: a number, a month, a weekday, 'den', 'klockan'."""
    lower = word.lower().rstrip(".")
    when = {"den", "klockan", "kl", *(m.lower() for m in MONTHS[Language.SV]), *_SV_DAYS}
    return any(c.isdigit() for c in word) or lower in when or lower.rstrip("ar") in _SV_DAYS


def _subject_after(after: str) -> str | None:
    """Who meets, named after the verb: "Under 2024 sammanträder direktionen …"."""
    for word in after.split():
        bare = word.strip(",.:;()").lower()
        if not bare or bare.isdigit() or bare in _NOT_A_NAME:
            continue
        return bare[:1].upper() + bare[1:] if bare.isalpha() else None
    return None


def _backwards(body: Body) -> None:
    """A list newest first: a date without its year lies between the dated ones around it.

    "27 maj 2021, 12 november, 15 maj 2020" is 12 November 2020, not 2021; so is
    "12 november, 15 maj 2020, 13 november 2019" (the list runs backwards below it).
    """
    days = [d for d in body.dates if d.precision == "day"]
    dated = [d.first for d in days if d.year_written]
    seen = 0  # how many dated days are above the one read (one pass: a list of thousands is linear)
    for d in days:
        if d.year_written:
            seen += 1
            continue
        newer = dated[seen - 1] if seen else None
        below = dated[seen : seen + 2]
        if not _runs_backwards(newer, below):
            continue
        upper = newer or date(below[0].year + 1, below[0].month, min(below[0].day, 28))
        moved = _between(d, below[0], upper)
        if moved is not None:
            d.first, d.last = moved.first, moved.last


def _runs_backwards(newer: date | None, below: Sequence[date]) -> bool:
    """Whether the dated day above is later than the one below, or the two below descend."""
    if not below:
        return False
    if newer is not None:
        return newer > below[0]
    return len(below) == 2 and below[0] > below[1]


def _between(d: Date, lower: date, upper: date) -> Date | None:
    """`d` moved to the latest year that puts it from `lower` to `upper` (None: it is, or none)."""
    if lower <= d.first <= upper:
        return None
    for year in range(upper.year, lower.year - 1, -1):
        moved = _in_year(d, year)
        if moved and lower <= moved.first <= upper:
            return moved
    return None


def _in_year(d: Date, year: int) -> Date | None:
    """`d` in `year` (its last day moved with it), or None when that day does not exist."""
    try:
        first = d.first.replace(year=year)
        last = d.last.replace(year=year + (d.last.year - d.first.year)) if d.last else None
    except ValueError:
        return None
    return dataclasses.replace(d, first=first, last=last)


def _stem(name: str) -> str:
    """A one-word body name without its definite ending: 'Direktionen', 'direktion'."""
    lower = name.strip().lower()
    for ending in ("et", "en", "n"):
        if lower.endswith(ending) and len(lower) > len(ending) + 4:
            return lower[: -len(ending)]
    return lower


_DATES_NOT_USED = ("a sentence that mentions a date", _ROW_UNUSED)
"""The warnings of lines with a date that made no meeting and were not explained away
(an adoption date, a document's date and a date a meeting is about are explained)."""


def unused_dates(parsed: Parsed) -> list[Problem]:
    """The lines with a date that made no meeting and were not explained: exit status 1.

    A sentence whose days are all days of listed meetings ("Förbundet hade ett
    styrelsesammanträde den 21 september") speaks of them: it is explained.
    """
    listed = {(d.first.month, d.first.day) for b in parsed.bodies for d in b.dates}
    found = []
    for note in parsed.notes:
        if not note.message.startswith(_DATES_NOT_USED):
            continue
        days = {(p.month, p.day) for p in read_line(note.text).phrases if p.day}
        if not days or not days <= listed:
            found.append(note)
    return found


def _unused(what: str, unused: dict[str, str]) -> str:
    """The warning for a line read as `what` but not used; "" for a line that was used."""
    if what in unused:
        return unused[what]
    if _TIMES_UNUSED in what or _REST_UNUSED in what or what.endswith(_TIME_UNUSED):
        return what
    if _MEMBERS_UNUSED in what:
        return what
    if what.startswith(_PLACE_UNUSED):
        return f"{what} is not used"
    if what.endswith(_NOT_ITS_DATE) or what.startswith("a document date"):
        return f"{what}; not a meeting"
    return ""


def _its_own_meeting(title: str, body: str) -> bool:
    """Whether a title only says it is the body's meeting: "Styrelsesammanträdet" of Styrelsen."""
    said = title.strip().lower().removeprefix("välkommen till ")  # "… till förbundsmötet"
    if len(said) >= 6 and body.lower() in {said, f"{said}ar", f"{said}en", f"{said}na"}:
        return True  # "Miljöchefsträff" of Miljöchefsträffar
    compound = re.fullmatch(r"(\w+?)s?(?:sammanträde|möte)(?:t|n)?", said)
    return compound is not None and len(compound[1]) >= 4 and body.lower().startswith(compound[1])


def _says(title: str) -> bool:
    """Whether a title says more than "Sammanträdesdagar 2027"."""
    words = [w.strip(",.:;").lower() for w in title.split()]
    return not all(w in _CONTEXT_WORDS or w.isdigit() for w in words if w)


def _lead_years(r: LineRead) -> list[int]:
    """The year a line's lead names for the dates after it: 'Sammanträdesdagar 2027: …'."""
    lead = r.lead.strip()
    about = any(w.lower().startswith(_ABOUT_MEETINGS) for w in lead.split())
    # "2023 genomförs förbundsmötet den 27 april.": the year of the meeting the sentence names.
    if not (lead.endswith(":") and about) and not _MEETS.search(lead):
        return []
    return [int(y) for y in re.findall(r"(?<![\w/-])(?:19|20|21)\d\d(?![\w/-])", lead)][:1]


def _is_prose(r: LineRead) -> bool:
    """A sentence that leads up to its date and ends with a full stop."""
    return r.text.rstrip().endswith(".") and len(r.lead.split()) >= 3


def _with_end(time: str | None, window: str | None) -> str | None:
    """A start only ("13.00") under a body that meets 08.30-16.00 ends when the body's day does."""
    if time is None or "-" in time or window is None or "-" not in window:
        return time
    end = window.split("-")[1]
    return f"{time}-{end}" if end > time else time


def _wrong_weekday(phrase: Phrase, first: date, named: int) -> str:
    """The weekday written does not fit: name the year it fits, when the year looks wrong."""
    said = f"{first.isoformat()} is a {_SV_DAYS[first.weekday()]}, not a {_SV_DAYS[named]}"
    if phrase.year is not None:
        return said
    for year in (first.year - 1, first.year + 1):
        try:
            if date(year, first.month, first.day).weekday() == named:
                return f"{said}; the weekday fits {year}: is the year read ({first.year}) wrong?"
        except ValueError:
            continue
    return said


def _impossible(phrase: Phrase, year: int) -> str:
    if phrase.kind == "week":
        return f"{year} has no week {phrase.week}"
    for month, day in (
        (phrase.month, phrase.day),
        (phrase.end_month or phrase.month, phrase.end_day),
    ):
        if day is None:
            continue
        try:
            date(year, month, day)
        except ValueError:
            if not 1 <= month <= 12:
                return f"{month} is not a month"
            days = (date(year + month // 12, month % 12 + 1, 1) - date(year, month, 1)).days
            return f"{SV_MONTHS[month - 1]} {year} has {days} days"
    return "not a date"
