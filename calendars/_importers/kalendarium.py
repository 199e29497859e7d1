"""`samverkan import-text`: a Swedish kalendarium to a cooperation file.

A kalendarium is written as in a verksamhetsplan. The importer reads
headings that name a body, with its weekday and time in brackets
(``Södertörns samarbetskommitté (torsdagar 12.00-15.00)``), and date lines
under them: ``2 februari (Haninge)``, ``6-7 april (planeringskonferens)``,
``Januari 2018 (Huddinge)``, ``16-17 augusti 2017 (Nynäshamn)``,
``7 september 2017 (Södertälje och Nykvarn)``. A name in brackets is a
host; other bracketed text is a title. Hosts are never written on dates:
the importer finds host rotations that reproduce them, sharing one
rotation between bodies whose hosts follow one order (as Södertörn's
committee and planning conference do). Every line it cannot read is
reported with its number and what is wrong, and nothing is written.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from calendars._errors import CalendarError
from calendars._words import MONTHS as _MONTHS
from calendars._words import WEEKDAY_NAMES, WEEKDAYS, Language

MONTHS = _MONTHS[Language.SV]
_MONTH_ALT = "|".join(MONTHS)
_WORD = r"[A-Za-zÅÄÖåäöÉé]+"
# 2 februari · 16-17 augusti 2017 · 6–7 april · Nyckeltalsdag 26 oktober 2017
_DAY_LINE = re.compile(
    rf"^(?P<lead>.*?)\b(?P<d1>\d{{1,2}})(?:\s*[-–]\s*(?P<d2>\d{{1,2}}))?\s+(?P<month>{_WORD})"
    r"(?:\s+(?P<year>\d{4}))?\s*(?:\((?P<note>[^)]*)\))?\s*$"
)
# Januari 2018 (Huddinge)
_MONTH_LINE = re.compile(rf"^(?P<month>{_WORD})\s+(?P<year>\d{{4}})\s*(?:\((?P<note>[^)]*)\))?\s*$")
_HEADING_TIME = re.compile(
    rf"^(?P<name>.+?)\s*\((?P<day>{_WORD})\s+(?P<t1>\d{{1,2}}[.:]\d{{2}})\s*[-–]\s*"
    r"(?P<t2>\d{1,2}[.:]\d{2})\)\s*$"
)
_KINDS = (("ledningsgrupp", "management"), ("rådslag", "radslag"), ("konferens", "conference"),
          ("kommitté", "committee"), ("styrelse", "committee"), ("nämnd", "committee"))  # fmt: skip


@dataclass
class _Date:
    line: int
    first: date
    last: date | None
    month_only: bool
    title: str | None
    hosts: tuple[str, ...]


@dataclass
class _Body:
    line: int
    name: str
    weekday: str | None = None
    time: str | None = None
    dates: list[_Date] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Problem:
    """A line the importer could not read."""

    line: int
    """1-based line number."""
    text: str
    """The line as written."""
    message: str
    """What is wrong."""

    def __str__(self) -> str:
        return f"line {self.line}: {self.text!r}: {self.message}"


YEARS = (1900, 9000)
"""The years a date may have (those a plan covers)."""


def _clean(line: str) -> str:
    text = re.sub(r"[*_`]+", "", line)
    text = re.sub(r"^\s*#+\s*", "", text)
    return " ".join(text.replace("\t", " ").split())


def _month(word: str) -> int | None:
    key = word.lower()
    return MONTHS.index(key) + 1 if key in MONTHS else None


def _month_problem(word: str) -> str:
    close = difflib.get_close_matches(word.lower(), MONTHS, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"{word!r} is not a Swedish month{hint}"


def _hosts(note: str | None, known: set[str] | None) -> tuple[tuple[str, ...], str | None]:
    """Split a bracket into hosts or a title: "Södertälje och Nykvarn" -> two hosts."""
    if not note:
        return (), None
    parts = [p.strip() for p in re.split(r"\s+och\s+|,\s*|\s*&\s*", note.strip()) if p.strip()]
    looks_like_names = all(p[:1].isupper() for p in parts)
    if known is not None:
        looks_like_names = all(p in known for p in parts)
    if looks_like_names:
        return tuple(parts), None
    return (), note.strip()


def parse(  # noqa: PLR0912 - one branch per kind of line
    text: str, *, year: int | None = None, members: Sequence[str] | None = None
) -> tuple[list[_Body], list[Problem]]:
    """Bodies with their dates, and the lines that could not be read.

    Args:
        text: the kalendarium.
        year: the year of dates written without one; by default the
            earliest year the text mentions.
        members: the member names; by default a capitalised bracket is a host.

    """
    known = set(members) if members is not None else None
    lines = text.splitlines()
    if year is None:
        years = [int(y) for y in re.findall(r"\b(20\d\d|19\d\d)\b", text)]
        if not years:
            raise CalendarError("the text names no year; give one with --year")
        year = min(years)
    bodies: list[_Body] = []
    problems: list[Problem] = []
    for number, raw in enumerate(lines, start=1):
        line = _clean(raw)
        if not line:
            continue
        day_match = _DAY_LINE.match(line)
        month_match = _MONTH_LINE.match(line)
        heading = _HEADING_TIME.match(line)
        if heading:
            day = heading["day"].lower()
            if day.removesuffix("ar") not in WEEKDAY_NAMES and day not in WEEKDAY_NAMES:
                problems.append(
                    Problem(number, raw.strip(), f"{heading['day']!r} is not a weekday")
                )
                continue
            bodies.append(
                _Body(
                    number,
                    heading["name"].strip(),
                    day.removesuffix("ar"),
                    f"{heading['t1'].replace(':', '.')}-{heading['t2'].replace(':', '.')}",
                )
            )
            continue
        if day_match and not (month_match and _month(month_match["month"])):
            found = _read_day(day_match, number, raw.strip(), year, known)
        elif month_match and _month(month_match["month"]):
            found = _read_month(month_match, number, raw.strip(), known)
        elif re.search(r"\d", line) and (
            day_match or month_match or re.search(r"\b\d{1,2}\s+" + _WORD, line)
        ):
            found = Problem(
                number,
                raw.strip(),
                "not a date this importer reads; write e.g. '2 februari', "
                "'6-7 april 2017' or 'Januari 2018'",
            )
        else:
            bodies.append(_Body(number, line))
            continue
        if isinstance(found, Problem):
            problems.append(found)
            continue
        if not bodies:
            problems.append(Problem(number, raw.strip(), "a date before any heading naming a body"))
            continue
        bodies[-1].dates.append(found)
    for body in bodies:
        for d in body.dates:
            if body.weekday and d.last is None and not d.month_only:
                wanted = WEEKDAY_NAMES[body.weekday]
                if d.first.weekday() != wanted:
                    problems.append(
                        Problem(
                            d.line,
                            lines[d.line - 1].strip(),
                            f"{d.first.isoformat()} is a {_SV_DAYS[d.first.weekday()]}, but "
                            f"{body.name} meets on {body.weekday}ar",
                        )
                    )
    return [b for b in bodies if b.dates], sorted(problems, key=lambda p: p.line)


_SV_DAYS = WEEKDAYS[Language.SV]


def _read_day(
    m: re.Match[str], number: int, raw: str, year: int, known: set[str] | None
) -> _Date | Problem:
    month = _month(m["month"])
    if month is None:
        return Problem(number, raw, _month_problem(m["month"]))
    y = int(m["year"]) if m["year"] else year
    if not YEARS[0] <= y <= YEARS[1]:
        return Problem(number, raw, f"{y} is not a year from {YEARS[0]} to {YEARS[1]}")
    try:
        first = date(y, month, int(m["d1"]))
        last = date(y, month, int(m["d2"])) if m["d2"] else None
    except ValueError:
        days = (date(y + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
        return Problem(number, raw, f"{MONTHS[month - 1]} {y} has {days} days")
    if last is not None and last <= first:
        return Problem(number, raw, "the last day comes before the first")
    hosts, title = _hosts(m["note"], known)
    lead = m["lead"].strip(" :–-")
    if lead and title is None:
        title = lead
    return _Date(number, first, last, False, title, hosts)


def _read_month(m: re.Match[str], number: int, raw: str, known: set[str] | None) -> _Date | Problem:
    month = _month(m["month"])
    if month is None:
        return Problem(number, raw, _month_problem(m["month"]))
    if not YEARS[0] <= int(m["year"]) <= YEARS[1]:
        return Problem(number, raw, f"{m['year']} is not a year from {YEARS[0]} to {YEARS[1]}")
    hosts, title = _hosts(m["note"], known)
    return _Date(number, date(int(m["year"]), month, 1), None, True, title, hosts)


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "organ"


def _kind(name: str) -> str:
    lower = name.lower()
    return next((kind for word, kind in _KINDS if word in lower), "other")


def _cyclic(seq: Sequence[str]) -> bool:
    """Whether `seq` goes round one order: the first n all differ, then it repeats."""
    n = len(set(seq))
    return len(set(seq[:n])) == n and all(seq[i] == seq[i - n] for i in range(n, len(seq)))


def _sequence(bodies: Sequence[_Body]) -> list[str]:
    events = sorted(
        ((d.first, d.line, h) for b in bodies for d in b.dates for h in d.hosts),
        key=lambda e: (e[0], e[1]),
    )
    return [h for _, _, h in events]


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _key(text: str) -> str:
    """A TOML key: bare when it can be."""
    return text if re.fullmatch(r"[A-Za-z0-9_-]+", text) else _quote(text)


def _host_problems(bodies: Sequence[_Body], order: Sequence[str]) -> list[Problem]:
    problems: list[Problem] = []
    for body in bodies:
        hosted = [d for d in body.dates if d.hosts]
        if hosted and len(hosted) != len(body.dates):
            problems += [
                Problem(d.line, "", f"no host in brackets, but other dates of {body.name} name one")
                for d in body.dates
                if not d.hosts
            ]
        if len({len(d.hosts) for d in hosted}) > 1:
            problems.append(
                Problem(
                    hosted[0].line, "", f"{body.name} has one host on some dates and two on others"
                )
            )
    for body in bodies:
        for d in body.dates:
            problems += [
                Problem(d.line, h, f"{h!r} hosts a meeting but is not among the members")
                for h in d.hosts
                if h not in order
            ]
    if not order:
        problems.append(Problem(0, "", "no member is named; give the members with --members"))
    return problems


def _groups(bodies: Sequence[_Body]) -> list[list[_Body]]:
    """Bodies that share a host rotation: their hosts, merged by date, go round one order."""
    groups: list[list[_Body]] = []
    single = [b for b in bodies if any(len(d.hosts) == 1 for d in b.dates)]
    for body in sorted(single, key=lambda b: (-len(b.dates), b.line)):
        for group in groups:
            if _cyclic(_sequence([*group, body])):
                group.append(body)
                break
        else:
            groups.append([body])
    return groups + [[b] for b in bodies if any(len(d.hosts) > 1 for d in b.dates)]


def _date_item(d: _Date) -> str:
    if d.month_only:
        return _quote(f"{d.first:%Y-%m}")
    if d.last is None and not d.title:
        return _quote(d.first.isoformat())
    parts = [f"date = {_quote(d.first.isoformat())}"]
    if d.last is not None:
        parts.append(f"end = {_quote(d.last.isoformat())}")
    if d.title:
        parts.append(f"title = {_quote(d.title)}")
    return "{ " + ", ".join(parts) + " }"


def _body_lines(body: _Body, key: str, rotation: str | None) -> list[str]:
    out = ["", f"[bodies.{_key(key)}]", f"name = {_quote(body.name)}",
           f"kind = {_quote(_kind(body.name))}"]  # fmt: skip
    if rotation is not None:
        out.append(f"host = {_quote(rotation)}")
        width = max(len(d.hosts) for d in body.dates)
        if width > 1:
            out.append(f"hosts = {width}")
    if body.weekday:
        out.append(f"weekday = {_quote(body.weekday)}")
    if body.time:
        out.append(f"time = {_quote(body.time)}")
    out += ["", f"[bodies.{_key(key)}.dates]"]
    by_year: dict[int, list[str]] = {}
    for d in sorted(body.dates, key=lambda d: (d.first, d.line)):
        by_year.setdefault(d.first.year, []).append(_date_item(d))
    out += [f"{year} = [{', '.join(items)}]" for year, items in sorted(by_year.items())]
    return out


def to_toml(
    bodies: Sequence[_Body],
    *,
    coop_id: str,
    name: str,
    members: Sequence[str] | None = None,
    source: str = "",
) -> tuple[str, list[Problem]]:
    """The cooperation file for the bodies, with host rotations that reproduce the hosts."""
    found = list(dict.fromkeys(h for b in bodies for d in b.dates for h in d.hosts))
    order = list(members) if members else found
    problems = _host_problems(bodies, order)
    if problems:
        return "", problems
    keys: dict[int, str] = {}
    for body in bodies:
        key = slug(body.name)
        while key in keys.values():
            key += "-2"
        keys[id(body)] = key
    out = [
        f"# Imported by `samverkan import-text` from {source or 'a kalendarium'}.",
        "# The host rotations below were inferred from the hosts in the text:",
        "# check their order and anchors before you publish.",
        f"id = {_quote(coop_id)}",
        f"name = {_quote(name)}",
        "",
        "[members]",
        *(f"{_quote(m)} = {{}}" for m in order),
    ]
    rotation_of: dict[int, str] = {}
    for i, group in enumerate(_groups(bodies)):
        seq = _sequence(group)
        cycle = list(dict.fromkeys(seq))
        rest = [m for m in order if m not in cycle]
        rot = "vardar" if i == 0 else f"{keys[id(group[0])]}-vardar"
        first = min(d.first for b in group for d in b.dates if d.hosts)
        out += [
            "",
            f"# Hosts of: {', '.join(b.name for b in group)}.",
            f"[rotations.{_key(rot)}]",
            'role = "värdkommun"',
            'turn = "event"',
            f"members = [{', '.join(_quote(m) for m in cycle + rest)}]",
            f"start = {{ date = {_quote(first.isoformat())}, holder = {_quote(seq[0])} }}",
        ]
        for b in group:
            rotation_of[id(b)] = rot
    for body in bodies:
        out += _body_lines(body, keys[id(body)], rotation_of.get(id(body)))
    return "\n".join(out) + "\n", []
