"""Swedish date, time and place phrases in one line of a kalendarium.

People write dates the way a Word document lets them: ``2 februari``,
``2 feb.``, ``2/2 2017``, ``1.2.2017``, ``2017-02-02``, ``Torsdag den 2 februari``,
``6–7 april``, ``30 mars–1 april``, ``Januari 2018``, ``v. 45``, several on
one line, and a time, a host or a place around them. `read_line` finds
every such phrase and says what is left; the kalendarium decides what a
line is (a date line, a heading, a sentence) and which year a date without
one falls in.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from calendars._words import (
    AGENCIES,
    MONTHS,
    MONTHS_SHORT,
    MUNICIPALITIES,
    WEEKDAYS,
    WEEKDAYS_SHORT,
    Language,
)

SV_MONTHS = MONTHS[Language.SV]
_EN_MONTHS = tuple(m.lower() for m in MONTHS[Language.EN])
_EN_SHORT = tuple(m.lower() for m in MONTHS_SHORT[Language.EN])
_SV_DAYS = WEEKDAYS[Language.SV]
# Weekdays as written before a date or in a heading: tors, torsdag, torsdagen, torsdagar, tor.
_WEEKDAY_WORDS = {
    **{name: i for i, name in enumerate(_SV_DAYS)},
    **{f"{name}en": i for i, name in enumerate(_SV_DAYS)},
    **{f"{name}ar": i for i, name in enumerate(_SV_DAYS)},
    **{short: i for i, short in enumerate(WEEKDAYS_SHORT[Language.SV])},
    "tor": 3,
    "ti": 1,
    "to": 3,
    "må": 0,
    "on": 2,
    "fr": 4,
}
_WD = "|".join(sorted(_WEEKDAY_WORDS, key=len, reverse=True))
_MW = r"[A-Za-zÅÄÖåäöÉé]+\.?"
_END = r"(?![\w/])"
# Any four or five digits after a date are its year: one outside the years read
# (1899, 9001, 10000) is an error naming the line, never passed over.
_YEAR = r"(?:\s+(?P<year>\d{4,5}))?"
_PATTERNS = (
    (
        "iso",
        re.compile(
            r"(?P<y1>\d{4})-(?P<m1>\d{1,2})-(?P<d1>\d{1,2})"
            r"(?:\s*(?:[-–]|till)\s*(?P<y2>\d{4})-(?P<m2>\d{1,2})-(?P<d2>\d{1,2}))?" + _END
        ),
    ),
    # "1.2.2017", as lists in Finland write it: only with its year, so that a
    # time ("13.15") is never a date.
    ("numeric", re.compile(r"(?P<d1>\d{1,2})\.(?P<m1>\d{1,2})\.(?P<year>(?:19|20|21)\d\d)" + _END)),
    (
        "cross",
        re.compile(
            rf"(?P<d1>\d{{1,2}})\s*(?P<m1>{_MW})\s*[-–]\s*(?P<d2>\d{{1,2}})\s*(?P<m2>{_MW}){_YEAR}"
            + _END
        ),
    ),
    ("range", re.compile(rf"(?P<d1>\d{{1,2}})\s*[-–]\s*(?P<d2>\d{{1,2}})\s+(?P<m1>{_MW}){_YEAR}")),
    ("day", re.compile(rf"(?P<d1>\d{{1,2}})(?::[ae])?\s+(?P<m1>{_MW}){_YEAR}")),
    (
        "numeric",
        re.compile(
            r"(?P<d1>\d{1,2})/(?P<m1>\d{1,2})(?:\s*[-–]\s*(?P<d2>\d{1,2})/(?P<m2>\d{1,2}))?"
            r"(?:(?:\s+|\s*[-–]\s*)(?P<year>\d{4,5}))?" + _END
        ),
    ),
    ("month", re.compile(rf"(?P<m1>{_MW})\s+(?P<year>(?:19|20|21)\d\d){_END}")),
    (
        "week",
        re.compile(
            r"(?:vecka|v\.|v)\s*(?P<w>\d{1,2})(?:\s*,?\s*(?P<year>(?:19|20|21)\d\d))?" + _END,
            re.IGNORECASE,
        ),
    ),
)
_TIME = re.compile(
    r"(?:(?:kl\.?|klockan)\s*)?(?P<h1>\d{1,2})(?:[.:](?P<m1>\d{2}))?\s*[-–]\s*"
    r"(?P<h2>\d{1,2})(?:[.:](?P<m2>\d{2}))?(?![\w:/]|\.\d)",
    re.IGNORECASE,
)
# A start without an end: "kl 13.15", "från kl 13:00", "klockan 18.30", "startar 9.00",
# "börjar 09:30".
_LONE_TIME = re.compile(
    r"(?:\bfrån\s+)?(?:\b(?:kl\.?|klockan)\s*|\b(?:startar|börjar)\s+(?:kl\.?\s*|klockan\s+)?)"
    r"(?P<h>\d{1,2})(?:[.:](?P<m>\d{2}))?(?![\w:/]|\.\d)",
    re.IGNORECASE,
)
_STATUS = re.compile(
    r"\b(?P<cancelled>inställ(?:t|d|da|das|des)|ställ(?:s|ts|des|er) in|cancelled)\b"
    r"|\b(?P<provisional>prel(?:iminärt|iminär|iminära)?\.?)(?![\w])",
    re.IGNORECASE,
)
LIST_YEARS = (1900, 2199)
"""The years a meeting list may name (the patterns read 19xx, 20xx and 21xx)."""


def not_a_year(written: object) -> str:
    """The one message for a year outside `LIST_YEARS`, wherever it was found."""
    return f"{written} is not a year; write one from {LIST_YEARS[0]} to {LIST_YEARS[1]}"


_NOT_A_YEAR = re.compile(rf"(?<![\w])({_MW})\s+(?!(?:19|20|21)\d\d(?!\d))(\d{{4,}})(?!\d)")
_STANDALONE_YEAR = re.compile(r"(?<![\w/-])(?:19|20|21)\d\d(?![\w/-])")
_HOST_AT = re.compile(r"((?:i|hos)\s+\S+(?:\s+\S+)?\s+(?:kommun|stad))\s+(\S.*)$")
_AS_OF = re.compile(r"(?<![\w.])(?:per|t\.o\.m\.?|till och med|fr\.o\.m\.?|från och med)\s+$", re.I)
_CELLS = re.compile(r"[()\[\]\t|;,/&+\x00]|\s{2,}|\s[-–:]\s|^[-–:]\s|\s[-–:]$")
_AND = re.compile(r"\s+och\s+")
_NAME = re.compile(r"[A-ZÅÄÖ]\S*(?:\s+\S+){0,2}")


def _split(text: str) -> list[str]:
    """Parts of a line: split at brackets, commas and dashes, and at "och" between names.

    "Haninge och Nykvarn" are two names; "verksamhetsinriktning och budget",
    "förbundsstyrelse och styrgrupper" and a place after "på" ("på Ullevi
    Restaurang och Konferens") are one part each.
    """
    found: list[str] = []
    for cell in _CELLS.split(text):
        sides = _AND.split(cell.strip())
        names = len(sides) > 1 and all(_NAME.fullmatch(side) for side in sides)
        found += sides if names and not cell.strip().startswith("på ") else [cell]
    return found


_FILLER = {
    "den", "kl", "kl.", "klockan", "mötet", "möte", "sammanträdet", "är", "blir", "har",
    "obs", "obs!", "ny", "nytt", "datum", "dag", "tid", "plats", ":", "ca", "cirka",
    "från", "startar", "börjar", "+", "genomförs", "genomfördes", "hålls", "hölls",
}  # fmt: skip
ALL_DAY_WORDS = {"heldag", "heldagsmöte", "heldagar", "hela dagen"}
FORMAT_WORDS = {
    "teams", "zoom", "skype", "digitalt", "digital", "distans", "på distans", "webb",
    "webben", "online", "hybrid", "videolänk", "via teams", "via zoom", "teams-möte",
    "digitalt möte", "telefonmöte", "videomöte",
}  # fmt: skip
_PLACE_ENDS = ("huset", "salen", "rummet", "gården", "hallen", "hotell", "hotellet", "slott",
               "slottet", "center", "centrum", "kyrkan", "skolan", "borgen", "gatan", "vägen",
               "torget", "lokalen", "gymnasiet")  # fmt: skip
_TITLE_ENDS = ("konferens", "konferensen", "möte", "mötet", "dag", "dagen", "seminarium",
               "utbildning", "workshop", "träff", "lunch", "middag", "studiebesök", "internat",
               "rådslag", "kickoff", "dialog", "session", "sammanträde", "planering",
               "uppföljning", "extra", "extramöte", "budget")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Phrase:
    """One date as written, before its year is known."""

    kind: str
    """day, month or week."""
    start: int
    """Where the phrase starts in the cleaned line."""
    day: int
    month: int
    year: int | None
    """The year written with it, if any."""
    end_day: int | None = None
    end_month: int | None = None
    end_year: int | None = None
    week: int | None = None
    weekday: int | None = None
    """The weekday written before it (``tors``, ``Torsdag den``)."""
    weekday_after: int | None = None
    """A weekday after it on a line of several dates: ``23 april (OBS tisdag), 27 maj``."""

    def first(self, year: int) -> date:
        """Its first day in `year` (raises ValueError for an impossible date)."""
        if self.kind == "week":
            return date.fromisocalendar(year, self.week or 0, 1)
        return date(year, self.month, self.day)

    def last(self, year: int) -> date | None:
        """Its last day when it spans several, in `year` (the first day's)."""
        if self.kind == "week":
            return date.fromisocalendar(year, self.week or 0, 5)
        if self.end_day is None:
            return None
        month = self.end_month or self.month
        ends_next_year = month < self.month
        return date(self.end_year or (year + 1 if ends_next_year else year), month, self.end_day)


@dataclass(slots=True)
class LineRead:
    """What one line says."""

    text: str
    """The cleaned line."""
    phrases: list[Phrase] = field(default_factory=list)
    time: str | None = None
    """A time window, ``12.00-15.00``."""
    weekday: int | None = None
    """A weekday named apart from a date (a heading's ``onsdagar``)."""
    years: list[int] = field(default_factory=list)
    """Years named apart from a date, the one the text is about first."""
    status: str | None = None
    """cancelled or provisional."""
    lead: str = ""
    """Text before the first date."""
    hosts: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    own_titles: list[list[str]] = field(default_factory=list)
    """On a line of several dates, each date's own words ("15 juni konstituerande FS")."""
    all_day: bool = False
    starred: bool = False
    """A star after a date or a word ("25 februari* 2025"): a footnote below says what it marks."""
    problems: list[str] = field(default_factory=list)
    rest: str = ""
    """The text left when dates, times, weekdays and status are taken out."""


_PLAIN = str.maketrans({
    "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u00ad": None, "\u200b": None,
    "\ufeff": None, "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
})  # fmt: skip
"""Word's non-breaking and narrow spaces, soft hyphens and smart quotes, as plain text has them."""


def plain(text: str) -> str:
    """Text with Word's non-breaking spaces, soft hyphens and smart quotes made plain."""
    return text.translate(_PLAIN)


_STAR = re.compile(r"(?<=[\w.])\*+(?=\s|$|\|)")
"""A footnote mark: "25 februari* 2025", "25* november"."""


def clean(line: str) -> str:
    """The line without Markdown, bullets and odd dashes; tabs, wide gaps and pipes as cells."""
    if re.fullmatch(r"[\s|:–-]*-[\s|:–-]*", line):
        return ""  # a Markdown table's rule: "---|---|"
    text = re.sub(r"[*_`]+", "", line.translate(_PLAIN))
    text = re.sub(r"^\s*(?:#+|[-•·▪◦*]|\d+\.(?!\d))\s+", "", text)
    text = re.sub(r"[—‒−‑]", "–", text)
    # "i Göteborgs stadUllevi Restaurang": a link's text glued to the word before it.
    text = re.sub(r"(?<=[a-zåäö]{2})(?=[A-ZÅÄÖ][a-zåäö]{2})", " ", text)
    cells = [" ".join(c.split()) for c in re.split(r"\t|\s{2,}|\s*\|\s*", text.strip())]
    return "\t".join(c for c in cells if c)


def month_of(word: str) -> int | str | None:
    """A Swedish month's number; a did-you-mean message for a near miss; None for no month."""
    key = word.lower().rstrip(".")
    if key in SV_MONTHS:
        return SV_MONTHS.index(key) + 1
    if key == "sept":
        return 9
    matches = [i for i, m in enumerate(SV_MONTHS) if len(key) >= 3 and m.startswith(key)]
    if len(matches) == 1:
        return matches[0] + 1
    english = _EN_MONTHS.index(key) if key in _EN_MONTHS else None
    if english is None and key in _EN_SHORT:
        english = _EN_SHORT.index(key)
    if english is not None:
        return f"{word!r} is English; write {SV_MONTHS[english]!r}"
    close = difflib.get_close_matches(key, SV_MONTHS, n=1, cutoff=0.75)
    if close:
        return f"{word!r} is not a Swedish month (did you mean {close[0]!r}?)"
    return None


def _phrase(kind: str, m: re.Match[str], problems: list[str]) -> Phrase | None:
    groups = m.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    if kind == "week":
        return _week_phrase(m, year, problems)
    if kind == "iso":
        y2 = int(m["y2"]) if m["y2"] else None
        return Phrase(
            "day", m.start(), int(m["d1"]), int(m["m1"]), int(m["y1"]),
            end_day=int(m["d2"]) if m["d2"] else None,
            end_month=int(m["m2"]) if m["m2"] else None, end_year=y2,
        )  # fmt: skip
    months = _months(kind, groups, problems)
    if months is None:
        return None
    if kind == "month":
        return Phrase("month", m.start(), 1, months[0], year)
    d2 = groups.get("d2")
    return Phrase(
        "day", m.start(), int(m["d1"]), months[0], year,
        end_day=int(d2) if d2 else None, end_month=months[1] if len(months) > 1 else None,
    )  # fmt: skip


def _week_phrase(m: re.Match[str], year: int | None, problems: list[str]) -> Phrase | None:
    week = int(m["w"])
    if not 1 <= week <= 53:
        problems.append(f"week {week} does not exist; weeks run 1–53")
        return None
    return Phrase("week", m.start(), 1, 1, year, week=week)


def _months(kind: str, groups: dict[str, str | None], problems: list[str]) -> list[int] | None:
    """The month numbers a phrase names (m1, m2); None for a word or number that is none."""
    months: list[int] = []
    for name in ("m1", "m2"):
        word = groups.get(name)
        if word is None:
            continue
        if kind == "numeric":
            months.append(int(word))
            continue
        found = month_of(word)
        if found is None:
            return None
        if isinstance(found, str):
            problems.append(found)
            return None
        months.append(found)
    if any(not 1 <= n <= 12 for n in months):
        return None
    return months


def _find_phrases(text: str, problems: list[str]) -> list[tuple[Phrase, int, int]]:
    found: list[tuple[Phrase, int, int]] = []
    pos = 0
    while pos < len(text):
        if not text[pos].isalnum() or (pos and text[pos - 1].isalnum()):
            pos += 1
            continue
        for kind, pattern in _PATTERNS:
            m = pattern.match(text, pos)
            if m is None or (kind in {"month", "week"} and found and found[-1][2] > pos):
                continue
            before = len(problems)
            phrase = _phrase(kind, m, problems)
            if phrase is not None:
                found.append((phrase, m.start(), m.end()))
                pos = m.end()
                break
            if len(problems) > before:  # a near miss ("7 decmber") is named once
                pos = m.end()
                break
        else:
            pos += 1
    return found


_BEFORE = 64
"""Characters before a date searched for its weekday ("onsdagen den "): a bounded look
back keeps a line of thousands of dates linear (the whole prefix made it quadratic)."""


def _weekday_before(text: str, start: int) -> tuple[int, int] | None:
    offset = max(0, start - _BEFORE)
    m = re.search(rf"(?<![\w])({_WD})\.?,?\s*(?:den\s+)?$", text[offset:start], re.IGNORECASE)
    if m is None or (
        m.start() == 0 and offset and (text[offset - 1].isalnum() or text[offset - 1] == "_")
    ):
        return None  # no weekday, or the look back began inside a word
    return _WEEKDAY_WORDS[m[1].lower()], offset + m.start()


def _time(rest: str, problems: list[str]) -> tuple[str | None, str]:
    """The line's time (a window, else a start) and the rest with it cut out."""
    window = _window(rest)
    if window is not None:
        return window
    lone = _LONE_TIME.search(rest)
    if lone:
        hour, minute = int(lone["h"]), int(lone["m"] or 0)
        if hour >= 24 or minute >= 60:
            problems.append(f"{lone[0]!r} is not a time of day")
            return None, rest
        # A start only: the meeting lasts its body's duration (or ends with its window).
        return f"{hour:02d}.{minute:02d}", rest[: lone.start()] + "\x00" + rest[lone.end() :]
    return None, rest


def _window(rest: str) -> tuple[str, str] | None:
    """The first real time window ("9-12", "13.00–15.30") and the rest with it cut out."""
    for m in _TIME.finditer(rest):
        if m.start() and rest[m.start() - 1].isalnum():
            continue
        h1, h2 = int(m["h1"]), int(m["h2"])
        m1, m2 = int(m["m1"] or 0), int(m["m2"] or 0)
        if h1 < 24 and h2 <= 24 and m1 < 60 and m2 < 60 and (h1, m1) < (h2, m2):
            window = f"{h1:02d}.{m1:02d}-{min(h2, 23):02d}.{m2 if h2 < 24 else 59:02d}"
            return window, rest[: m.start()] + "\x00" + rest[m.end() :]
    return None


def host_name(part: str, members: Sequence[str] | None = None) -> str | None:
    """The member a part names: "Haninge", "i Karlsborg", "hos Skövde", "Alingsås kommun".

    Without `members`, a name is a member when it is one of Sweden's
    municipalities, a region (``Region Stockholm``) or a samordningsförbund's
    agency; an organisation's or a committee's name is not.
    """
    bare = re.sub(r"^(?:i|hos|vid)\s+", "", part.strip())
    town = re.sub(r"\s+(?:kommun|stad|kommunhus)$", "", bare)
    for name in dict.fromkeys((part.strip(), bare, town, town.removesuffix("s"))):
        if members is not None:
            if name in members:
                return name
            continue
        if name in MUNICIPALITIES or name in AGENCIES or re.fullmatch(r"Region \w+", name):
            return name
    return None


def _kind_of_part(part: str, members: Sequence[str] | None) -> str:
    lower = part.lower()
    if host_name(part, members) is not None:
        return "host"
    if lower in ALL_DAY_WORDS:
        return "all_day"
    # "Teams", "Stadshuset", "Rum 3", "på Ullevi Restaurang och Konferens": a place.
    words = part.split()
    place = lower.startswith("på ") and part[3:4].isupper()
    if place or lower in FORMAT_WORDS or lower.endswith(_PLACE_ENDS):
        return "location"
    if any(c.isdigit() for c in part) and len(words) <= 3:  # "Rum 3"; not a sentence's year
        return "location"
    if lower.endswith(_TITLE_ENDS) or not part[:1].isupper() or len(words) > 3:
        return "title"
    # With the members given, another name is a place; without, it is what the
    # meeting is about ("DKR", "Delregionala tillväxtmedel"): never a made-up host.
    return "location" if members is not None else "title"


def _sort_parts(
    read: LineRead, parts: Sequence[str], members: Sequence[str] | None, *, lead: bool
) -> None:
    for raw in parts:
        words = [w for w in raw.split() if w.lower() not in _FILLER]
        part = " ".join(words).strip(" .:–-")
        if not part:
            continue
        first, _, more = part.partition(" ")
        if first.lower() in ALL_DAY_WORDS and more and read.time is None:
            # "heldag tillsammans med kommundirektörer"; beside a time, "Heldag" is a word.
            read.all_day, part = True, more
        at = None if lead else _HOST_AT.match(part)
        if at is not None and host_name(at[1], members) is not None:
            # "i Göteborgs stad Ullevi Restaurang och konferens": the host, then the place.
            _place(read, at[1], "host", members)
            part, kind = at[2], "location"
        else:
            kind = "title" if lead else _kind_of_part(part, members)
        if kind == "location" and part.startswith("på "):
            part = part[3:]
        _place(read, part, kind, members)


def _place(read: LineRead, part: str, kind: str, members: Sequence[str] | None) -> None:
    """Put a part where its kind goes; a place close to a member's name is a problem."""
    if kind == "location" and members is not None and part[:1].isupper():
        close = difflib.get_close_matches(part, members, n=1, cutoff=0.8)
        if close:
            read.problems.append(f"{part!r} is not a member (did you mean {close[0]!r}?)")
            return
    if kind == "all_day":
        read.all_day = True
    elif kind == "host":
        read.hosts.append(host_name(part, members) or part)
    else:
        {"host": read.hosts, "location": read.locations, "title": read.titles}[kind].append(part)


def parts_of(text: str, time: str, members: Sequence[str] | None = None) -> LineRead:
    """The titles, hosts and places in what is left of a line after its `time`."""
    read = LineRead(text, time=time)
    _sort_parts(read, re.split(r"[,;()\t\x00]", text), members, lead=False)
    return read


def _week_notes(
    text: str, found: Sequence[tuple[Phrase, int, int]]
) -> list[tuple[Phrase, int, int]]:
    """A week after a full date is a note on that date, not a meeting: "29 mars (v 13)"."""
    kept: list[tuple[Phrase, int, int]] = []
    for phrase, start, end in found:
        if (
            phrase.kind == "week"
            and kept
            and kept[-1][0].kind == "day"
            and kept[-1][0].week is None
            and re.fullmatch(r"[\s,(]*", text[kept[-1][2] : start])
        ):
            day, day_start, _ = kept[-1]
            closing = re.match(r"\s*\)", text[end:])
            kept[-1] = (
                replace(day, week=phrase.week),
                day_start,
                end + (closing.end() if closing else 0),
            )
            continue
        kept.append((phrase, start, end))
    return kept


def read_line(line: str, *, members: Sequence[str] | None = None) -> LineRead:
    """Every date, time, weekday, status, year, host and place `line` names."""
    text = clean(line)
    emphasis = re.search(r"(?:^|\s)[*_]+\w", line)  # "**Styrelsen**" is bold, not a mark
    read = LineRead(text, starred=bool(_STAR.search(line)) and not emphasis)
    found = _week_notes(text, _find_phrases(text, read.problems))
    # "Överlämnande av delårsrapport per augusti 2019": a date the meeting is about, not one.
    found = [
        f for i, f in enumerate(found) if not i or not _AS_OF.search(text[max(0, f[1] - 20) : f[1]])
    ]
    for bad in _NOT_A_YEAR.finditer(text):  # "Januari 0000": a month with a number no year is
        if isinstance(month_of(bad[1]), int):
            read.problems.append(not_a_year(bad[2]))
    read.phrases, spans = _with_weekdays(text, found)
    rest = "\x00".join(text[pos:start] for pos, start in _gaps(spans, len(text)))
    read.lead = rest.split("\x00", 1)[0] if spans else ""
    read.time, rest = _time(rest, read.problems)
    status = _STATUS.search(rest)
    if status:
        read.status = "cancelled" if status["cancelled"] else "provisional"
        rest = _STATUS.sub("\x00", rest)
    read.weekday, rest = _weekday(rest, dated=bool(spans))
    _weekday_of_its_date(read, text, spans)
    read.years = _years(rest)
    read.rest = rest
    if spans:
        lead, _, tail = rest.partition("\x00")
        _sort_parts(read, _split(lead), members, lead=True)
        _sort_parts(read, _parts(tail), members, lead=False)
    if len(spans) > 1:
        read.own_titles = _own_titles(text, spans, members)
        read.titles = []
    return read


def _with_weekdays(
    text: str, found: Sequence[tuple[Phrase, int, int]]
) -> tuple[list[Phrase], list[tuple[int, int]]]:
    """The phrases, each with the weekday written before it, and the spans they cover."""
    phrases: list[Phrase] = []
    spans: list[tuple[int, int]] = []
    for phrase, start, end in found:
        before = _weekday_before(text, start)
        if before is not None and not any(s <= before[1] < e for s, e in spans):
            phrases.append(replace(phrase, weekday=before[0]))
            spans.append((before[1], end))
        else:
            phrases.append(phrase)
            spans.append((start, end))
    return phrases, spans


def _weekday_of_its_date(read: LineRead, text: str, spans: Sequence[tuple[int, int]]) -> None:
    """'28 jan, …, 23 april (OBS tisdag), 27 maj': the weekday is 23 April's, not the line's."""
    if len(spans) < 2 or read.weekday is None:
        return
    after = _weekday_gap(text, spans)
    if after:
        read.phrases[after - 1] = replace(read.phrases[after - 1], weekday_after=read.weekday)
        read.weekday = None


def _weekday_gap(text: str, spans: Sequence[tuple[int, int]]) -> int | None:
    """Which stretch between a line's dates names a weekday (0: before the first)."""
    for i, (start, end) in enumerate(_gaps(spans, len(text))):
        if re.search(rf"(?<![\w])(?:{_WD})\.?(?![\w])", text[start:end], re.IGNORECASE):
            return i
    return None


def _gaps(spans: Sequence[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The stretches of a line of `length` between the spans: before, among and after."""
    ends = [0, *(end for _, end in spans)]
    starts = [*(start for start, _ in spans), length]
    return list(zip(ends, starts, strict=True))


def _weekday(rest: str, *, dated: bool) -> tuple[int | None, str]:
    """The weekday a line names outside its dates, and the rest with it cut out.

    Beside a date any form; in a heading only a whole name ("on", "to" are words).
    """
    weekday = re.search(rf"(?<![\w])({_WD})\.?(?![\w])", rest, re.IGNORECASE)
    if weekday and (len(weekday[1]) >= 6 or (dated and len(weekday[1]) > 3)):
        cut = rest[: weekday.start()] + "\x00" + rest[weekday.end() :]
        return _WEEKDAY_WORDS[weekday[1].lower()], cut
    return None, rest


def _parts(text: str) -> list[str]:
    """The parts of a line's tail; a note in brackets without a comma is one part."""
    found: list[str] = []
    pos = 0
    for note in re.finditer(r"\(([^(),]*)\)", text):
        if re.search(r"\s(?:och|&)\s|/", note[1]):
            continue  # "(Haninge och Nykvarn)": joint hosts
        found += [*_split(text[pos : note.start()]), *note[1].split("\x00")]
        pos = note.end()
    return found + _split(text[pos:])


def _own_titles(
    text: str, spans: Sequence[tuple[int, int]], members: Sequence[str] | None
) -> list[list[str]]:
    """Each date's words on a line of several: those between the commas around it."""
    found = []
    for i, (start, end) in enumerate(spans):
        before = text.rfind(",", spans[i - 1][1] if i else 0, start)
        after = text.find(",", end, spans[i + 1][0] if i + 1 < len(spans) else len(text))
        pieces = text[before + 1 : start] + "\x00" + text[end : after if after >= 0 else None]
        one = LineRead(pieces)
        _, pieces = _time(pieces, one.problems)
        pieces = _STATUS.sub("\x00", pieces)
        pieces = re.sub(rf"(?<![\w])(?:{_WD})\.?(?![\w])", "\x00", pieces, flags=re.IGNORECASE)
        _sort_parts(one, _split(pieces), members, lead=False)
        found.append(one.titles)
    return found


_NOT_THE_YEAR = re.compile(
    r"(?:antagen|antogs|beslutad|beslutades|fastställd|fastställdes|reviderad|uppdaterad|"
    r"hösten|våren|sommaren|vintern|dnr|den)\s*$",
    re.IGNORECASE,
)


def _years(text: str) -> list[int]:
    """Years named in `text`, the one it is about first ("för 2018, antagen hösten 2017")."""
    about: list[int] = []
    other: list[int] = []
    for m in _STANDALONE_YEAR.finditer(text):
        (other if _NOT_THE_YEAR.search(text[: m.start()]) else about).append(int(m[0]))
    return about + other
