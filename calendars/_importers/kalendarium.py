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

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from calendars._errors import CalendarError
from calendars._importers.ics import YEARS
from calendars._importers.phrases import SV_MONTHS, LineRead, Phrase, read_line
from calendars._words import WEEKDAYS, Language

_SV_DAYS = WEEKDAYS[Language.SV]
# Words of a heading that only says which year or document this is.
_CONTEXT_WORDS = {
    "sammanträdesdatum", "sammanträdesdagar", "sammanträden", "sammanträdestider",
    "sammanträdesplan", "mötesdatum", "mötestider", "mötesplan", "mötesdagar", "möten",
    "datum", "kalendarium", "verksamhetsplan", "årsplan", "tidplan", "plan", "kalender",
    "för", "år", "året", "antagen", "antogs", "fastställd", "beslutad", "reviderad",
    "uppdaterad", "hösten", "våren", "under", "och", "planering", "preliminära", "tider",
}  # fmt: skip
# The first row of a table pasted from Word or Excel.
_HEADER_WORDS = {
    "datum", "dag", "veckodag", "tid", "tider", "plats", "lokal", "värd", "värdkommun",
    "värdar", "ort", "kommun", "kommentar", "anm", "anmärkning", "sammanträde", "möte",
    "vecka", "status", "organ", "mötesform", "form",
}  # fmt: skip
_SENTENCE_WORDS = 8
_ABOUT_MEETINGS = ("sammanträd", "möte", "kalend", "datum", "verksamhetsplan", "träffa")
_DOCUMENT_DATE = re.compile(
    r"\s*(?:beslutad|beslutat|antagen|antagna|fastställd|reviderad|uppdaterad|daterad|"
    r"datum för beslut|dnr)\b",
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
    id: str | None = None
    """An id to keep instead of the one made from the day."""


@dataclass(slots=True)
class Body:
    """A heading that names a body, and its dates."""

    line: int
    name: str
    weekday: str | None = None
    time: str | None = None
    dates: list[Date] = field(default_factory=list)


@dataclass(slots=True)
class Parsed:
    """What the text says: bodies with dates, the lines not understood, and how each was read."""

    bodies: list[Body]
    problems: list[Problem]
    read: dict[int, str]
    """Line number -> what the line was read as (date, heading, year, table header, …)."""
    notes: list[Problem] = field(default_factory=list)
    """Lines read but not used (a sentence without a date, a heading without dates)."""


def parse(text: str, *, year: int | None = None, members: Sequence[str] | None = None) -> Parsed:
    """Read a kalendarium.

    Args:
        text: the kalendarium.
        year: the year of dates before any heading names one; by default the
            earliest year a date in the text is written with.
        members: the member names; by default a capitalised name after a
            date is a host, and a place (``Stadshuset``, ``Teams``) never is.

    Raises:
        CalendarError: when no year can be known.

    """
    return _Reader(text, year, members).run()


class _Reader:
    def __init__(self, text: str, year: int | None, members: Sequence[str] | None) -> None:
        self.lines = text.splitlines()
        self.members = list(members) if members is not None else None
        self.reads = [read_line(raw, members=self.members) for raw in self.lines]
        self.year = year if year is not None else self._first_year()
        self.bodies: list[Body] = []
        self.problems: list[Problem] = []
        self.read: dict[int, str] = {}
        self.running: tuple[int, int, int] | None = None  # (year, month, day) of the last date
        self.pending: list[tuple[Body, list[Date], str]] = []

    def _first_year(self) -> int:
        years = [p.year for r in self.reads for p in r.phrases if p.year is not None] + [
            y for r in self.reads if not r.phrases for y in r.years[:1]
        ]
        if not years:
            raise CalendarError("the text names no year; give one with --year")
        for r in self.reads:  # a heading before the first date wins
            if r.phrases:
                break
            if r.years:
                return r.years[0]
        return min(years)

    def problem(self, number: int, message: str) -> None:
        self.problems.append(Problem(number, self.lines[number - 1].strip(), message))

    def run(self) -> Parsed:
        for number, r in enumerate(self.reads, start=1):
            if not r.text:
                if self.lines[number - 1].strip():
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
        for body in self.bodies:
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
    }

    def _notes(self) -> list[Problem]:
        """The lines read but not used, so that nothing is left out without a word."""
        notes = []
        for body in self.bodies:
            if not body.dates:
                said = "a heading with no dates under it"
                if body.weekday or body.time:
                    said += "; its weekday and time are not used"
                notes.append(Problem(body.line, self.lines[body.line - 1].strip(), said))
        notes += [
            Problem(number, self.lines[number - 1].strip(), self._UNUSED[what])
            for number, what in self.read.items()
            if what in self._UNUSED
        ]
        return sorted(notes, key=lambda p: p.line)

    def _text_line(self, number: int, r: LineRead) -> None:
        words = [w.strip("(),.:;!?–-").lower() for w in r.rest.replace("\x00", " ").split()]
        words = [w for w in words if w and not w.isdigit()]
        cells = r.text.split("\t")
        if len(cells) > 1 and re.fullmatch(r"(?:19|20|21)\d\d", cells[0].strip()):
            # "2020⇥Nynäshamn": a row of a host list by year, not a heading.
            self.read[number] = "a table row by year"
            return
        if r.text.rstrip().endswith(".") or len(words) >= _SENTENCE_WORDS:
            # Prose names many years; one about the meetings names the year of the dates.
            if r.years and any(w.startswith(_ABOUT_MEETINGS) for w in words):
                self.year, self.running = r.years[0], None
                self.read[number] = f"a sentence naming {r.years[0]}"
            else:
                self.read[number] = "a sentence"
            return
        if r.years:
            self.year = r.years[0]
            self.running = None
        if len(cells) > 1 and all(c.lower().strip(" .:") in _HEADER_WORDS for c in cells):
            self.read[number] = "a table header"
            return
        if not words or all(w in _CONTEXT_WORDS for w in words):
            if r.weekday is not None or r.time is not None:
                self._apply_to_last_body(number, r)
                return
            self.read[number] = f"a heading naming {r.years[0]}" if r.years else "a heading"
            return
        name = re.sub(r"\(\s*\)|\x00", " ", r.rest)
        name = re.sub(r"\b(?:kl\.?|klockan)(?!\w)", " ", name)
        name = " ".join(re.sub(r"(?<![\w])(?:19|20|21)\d\d(?![\w])", " ", name).split())
        name = name.strip(" ,.:;–-()")
        self.bodies.append(
            Body(
                number,
                name,
                _SV_DAYS[r.weekday] if r.weekday is not None else None,
                r.time,
            )
        )
        self.running = None
        self.read[number] = "the heading of a body"

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

    def _date_line(self, number: int, r: LineRead) -> None:
        # "Mötet den 22 november är inställt." marks a listed date, before or after it.
        sentence = bool(
            r.status and not r.hosts and (r.text.rstrip().endswith(".") or r.lead.strip())
        )
        if _DOCUMENT_DATE.match(r.lead):
            self.read[number] = "a document date"  # "Beslutad 2017-02-02"
            return
        prose = [w for w in r.rest.replace("\x00", " ").split() if any(c.isalpha() for c in w)]
        if not r.status and len(prose) >= _SENTENCE_WORDS:
            self.read[number] = "a sentence that mentions a date"
            return
        running = self.running
        found: list[Date] = []
        for phrase in r.phrases:
            made = self._date(number, r, phrase)
            if isinstance(made, str):
                self.problem(number, made)
                return
            found.append(made)
        if sentence:
            self.running = running  # a sentence is not part of the list's order
        if not self.bodies:
            self.problem(
                number, "a date before any heading naming a body; add the body's name above it"
            )
            return
        body = self.bodies[-1]
        if r.status and not r.hosts and self._restates(body, found):
            for d in body.dates:
                if any(d.first == f.first for f in found):
                    d.status = r.status
            self.read[number] = f"a sentence that marks a date {r.status}"
            return
        if sentence:
            self.pending.append((body, found, r.status or ""))
            self.read[number] = f"a sentence that marks a date {r.status}"
            return
        body.dates.extend(found)
        self.read[number] = f"{len(found)} date(s) of {body.name}"

    def _settle(self) -> None:
        """Status sentences whose dates are listed after them mark those; others are dates."""
        for body, found, status in self.pending:
            if self._restates(body, found):
                for d in body.dates:
                    if any(d.first == f.first for f in found):
                        d.status = status
            else:
                body.dates.extend(found)

    @staticmethod
    def _restates(body: Body, found: Sequence[Date]) -> bool:
        known = {d.first for d in body.dates}
        return all(f.first in known for f in found)

    def _date(self, number: int, r: LineRead, phrase: Phrase) -> Date | str:
        year = phrase.year
        for written in (phrase.year, phrase.end_year):
            if written is not None and not YEARS[0] <= written <= YEARS[1]:
                return f"the year {written} is outside the years read ({YEARS[0]}–{YEARS[1]})"
        if year is None:
            year = self.year
            if self.running is not None:
                year = self.running[0]
                if (phrase.month, phrase.day) < self.running[1:] and phrase.kind != "week":
                    year += 1  # the list runs from autumn into spring
        try:
            first = phrase.first(year)
            if (
                phrase.kind == "week"
                and phrase.year is None
                and self.running is not None
                and first < date(*self.running)
            ):
                first = phrase.first(year + 1)
            last = phrase.last(first.year)
        except ValueError:
            return _impossible(phrase, year)
        if last is not None and last <= first:
            return "the last day comes before the first"
        if phrase.weekday is not None and first.weekday() != phrase.weekday and last is None:
            return (
                f"{first.isoformat()} is a {_SV_DAYS[first.weekday()]}, "
                f"not a {_SV_DAYS[phrase.weekday]}"
            )
        self.running = (first.year, first.month, first.day)
        title = ", ".join(r.titles) or None
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
        )

    def _check_weekdays(self, body: Body) -> None:
        if body.weekday is None:
            return
        wanted = _SV_DAYS.index(body.weekday)
        for d in body.dates:
            if d.precision == "day" and d.last is None and d.first.weekday() != wanted:
                self.problem(
                    d.line,
                    f"{d.first.isoformat()} is a {_SV_DAYS[d.first.weekday()]}, but "
                    f"{body.name} meets on {body.weekday}ar",
                )


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
