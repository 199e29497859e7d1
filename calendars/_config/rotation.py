"""The `[rotations.NAME]` part of a cooperation file (changes and exceptions: `changes.py`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, time
from typing import Any

from calendars._config.changes import (
    CHANGE,
    OVERRIDE,
    joins_later,
    membership_changes,
    only_unavailabilities,
    read_changes,
    read_exceptions,
)
from calendars._config.keys import (
    DAY,
    TEXT,
    Context,
    Key,
    Table,
    array,
    choice,
    day,
    flag,
    mapping,
    member,
    members,
    text,
)
from calendars._config.rules import YEARS
from calendars._config.toml import Path, Reader
from calendars._model.cooperation import HandoverAt
from calendars._model.member import Membership
from calendars._model.origin import Origin
from calendars._words import WEEKDAY_NAMES, Language
from rotations import (
    After,
    Anchor,
    Deputy,
    LeavePolicy,
    Rotation,
    RotationError,
    Unit,
    Weekday,
)

MAX_EVERY = 100
"""The most units one turn may last (`every`): 100 years is far beyond any agreement."""


def _every(reader: Reader, value: object, path: Path, _: Context) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_EVERY:
        raise reader.fail(
            path,
            f"{value!r} is not a whole number of turns from 1 to {MAX_EVERY}",
            "use 1, 2, 3 …",
        )
    return value


_Handover = tuple[str | Weekday | None, time | None]


def _handover(reader: Reader, value: object, path: Path, _: Context) -> _Handover | HandoverAt:
    """MM-DD, a weekday (weekly turns) and a time of day (week and day turns), or a meeting."""
    if isinstance(value, dict):
        return _handover_at(reader, value, path)
    return split_handover(reader.text(value, path))


def split_handover(text: str) -> _Handover:
    """A handover's day and time of day: "fredag 17.00" -> (Weekday.FRIDAY, 17:00).

    Week and day duties may hand over at a time of day ("17.00" alone for
    day turns); a weekday is read here in Swedish or English, where the words
    live. Anything else (MM-DD) is left for `Rotation` to parse.
    """
    handover: str | Weekday | None = text
    at = None
    if clock := re.fullmatch(r"(.*?)\s*(?:kl\.?\s*)?([01]?\d|2[0-3])[.:]([0-5]\d)", text):
        handover, at = clock[1], time(int(clock[2]), int(clock[3]))
    number = WEEKDAY_NAMES.get(str(handover).strip().lower())
    if number is not None:
        handover = Weekday.of(number)
    return handover or None, at


def _handover_at(reader: Reader, raw: object, path: Path) -> HandoverAt:
    spec = HANDOVER_AT.check(reader, raw, path)
    if "body" not in spec or "month" not in spec:
        raise reader.fail(
            path,
            "a handover at a meeting needs body and month",
            '{ body = "styrelsen", month = 9 }',
        )
    at = HANDOVER_AT.values(reader, spec, path, Context())
    return HandoverAt(at["body"], at["month"], Origin(reader.file, path, reader.locator))


def _month(reader: Reader, month: object, path: Path, _: Context) -> int:
    if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12:
        raise reader.fail(path, f"{month!r} is not a month", "a number from 1 to 12")
    return month


def _handovers(reader: Reader, value: object, path: Path, _: Context) -> dict[int | str, date]:
    """Explicit handovers by year, or by period for shorter units ("2026-H2", "2026-Q3")."""
    handovers: dict[int | str, date] = {}
    for name, day_ in reader.table(value, path).items():
        if _PERIOD.fullmatch(name):
            # Rotation checks that the period fits the rotation's unit.
            handovers[name] = reader.day(day_, (*path, name))
            continue
        if not name.isdigit() or len(name) > 4 or not YEARS[0] <= int(name) <= YEARS[1]:
            raise reader.fail(
                (*path, name[:20]),
                f"{name[:20]!r} is not a year in {YEARS[0]}–{YEARS[1]} nor a period",
                'e.g. 2020 = "2020-09-09", or "2026-H2", "2026-Q3", "2026-05" for shorter turns',
            )
        handovers[int(name)] = reader.day(day_, (*path, name))
    return handovers


_PERIOD = re.compile(r"\d{4}-(?:H[12]|Q[1-4]|0[1-9]|1[0-2])")
"""A semester, quarter or month named as `published` names them."""


def _anchor(reader: Reader, value: object, path: Path, context: Context) -> Anchor:
    start = START.check(reader, value, path)
    if "holder" not in start:
        raise reader.fail(
            path, "the anchor needs a holder", '{ date = "2012-01-01", holder = "Malmö" }'
        )
    found = START.values(reader, start, path, context)
    return Anchor(found["holder"], found["date"])


def _published(reader: Reader, value: object, path: Path, context: Context) -> dict[str, str]:
    return {
        period: reader.member(holder, context.members, (*path, period))
        for period, holder in reader.table(value, path).items()
    }


_UNITS = tuple(u.value for u in Unit)
HANDOVER_AT = Table(
    (
        text("body", "the body whose meeting hands the turn over", shown="—"),
        Key(
            "month",
            "the month of that meeting, 1–12; explicit `handovers` still win",
            _month,
            {"type": "integer", "minimum": 1, "maximum": 12},
            shown="—",
        ),
    )
)
"""`handover = { body = …, month = … }`: a yearly turn passes at a body's meeting."""
START = Table(
    (
        day(
            "date",
            "a day of the anchor's turn; per event: the first event on or after it",
            shown='— (optional for `turn = "event"`)',
        ),
        member("holder", "the member holding that turn", required=True),
    )
)
"""`start = { … }`: the anchor."""
ROTATION = Table(
    (
        text(
            "role", "free text shown in event texts (`ordförande`, `värdkommun` …)", default="chair"
        ),
        members(
            "members",
            "the rotation order; each a member of the cooperation, once",
            hint='each member once, e.g. members = ["Malmö", "Lund"], or order = "alphabetical"',
            shown="every member",
        ),
        choice(
            "order",
            '`"alphabetical"`: sort the members in the file\'s `language`',
            ("alphabetical",),
            shown="the listed order",
        ),
        choice(
            "turn",
            "`event`, `year`, `semester`, `quarter`, `month`, `mandate` (from the first "
            "handover day after each general election), `week` (ISO weeks) or `day`",
            _UNITS,
            default="year",
        ),
        Key(
            "every",
            'a turn lasts this many units (for `turn = "event"`: events), counted from the '
            "anchor; 1–100",
            _every,
            {"type": "integer", "minimum": 1, "maximum": MAX_EVERY},
            default=1,
        ),
        Key(
            "handover",
            '`MM-DD` a turn starts (never `02-29`; `"10-15"` for fullmäktige\'s mandate '
            "periods; for semesters, quarters and months the day, 1–28, of one of their starts, "
            '`"05-15"`); for `week` turns the weekday, in English or Swedish; week and day '
            'turns may add a time of day (`"fredag 17.00"`, `"17.00"`). Or `{ body = '
            '"gemensamt-ks", month = 9 }`: a yearly turn passes on the day of that body\'s '
            "meeting in that month each year (the first one, if there are several; a year "
            "without one is an error)",
            _handover,
            {"anyOf": [TEXT, HANDOVER_AT.json_schema()]},
            shown='`"01-01"` / `"monday"`',
        ),
        Key(
            "handovers",
            "table `YEAR = DATE` of explicit handovers, each in its year, in order; for "
            'semester, quarter and month turns by period (`"2026-H2"`, `"2026-Q3"`, `"2026-05"`)',
            _handovers,
            mapping(DAY, names=r"^(\d+|\d{4}-(H[12]|Q[1-4]|0[1-9]|1[0-2]))$"),
            default={},
        ),
        Key(
            "start",
            "the anchor: `{ date = …, holder = … }`",
            _anchor,
            START.json_schema(),
            shown="—",
        ),
        day(
            "from",
            "the first day the rotation is in force (the agreement that set it up): before it "
            "nobody holds the role, its meetings have no chair or host from it, a look-up is "
            "an error and per-event turns count from it",
            shown="always",
        ),
        choice(
            "deputy",
            "`none`, `other` (two members) or `next` (the next turn's holder)",
            tuple(d.value for d in Deputy),
            default="none",
        ),
        Key(
            "published",
            'table `PERIOD = MEMBER`; periods `"2017"`, `"2017-H1"`, `"2017-Q3"`, '
            '`"2017-03"`, `"2026-W05"`, `"2026-01-05"` (mandate: the year the period '
            "starts), no gaps",
            _published,
            mapping(TEXT),
            default={},
        ),
        choice(
            "after",
            "after the published list: `repeat`, `continue` or `stop`",
            tuple(a.value for a in After),
            default="repeat",
        ),
        Key(
            "changes",
            "array of membership changes of this rotation only (below); for the cooperation's, "
            "use `[members]`",
            read_changes,
            array(CHANGE),
            default=(),
        ),
        choice(
            "leave_policy",
            "`shift` or `skip`: how a member leaving the cooperation leaves this rotation",
            tuple(p.value for p in LeavePolicy),
            default="shift",
        ),
        Key(
            "overrides", "array of exceptions (below)", read_exceptions, array(OVERRIDE), default=()
        ),
        flag("count_cancelled", "per-event turns: a cancelled event uses up a turn"),
    )
)
"""`[rotations.NAME]`."""


def parse_rotation(
    reader: Reader,
    name: str,
    raw: object,
    members: tuple[Membership, ...],
    language: Language,
) -> tuple[Rotation, HandoverAt | None]:
    """Validate one `[rotations.NAME]` table; the membership dates become its changes."""
    names = tuple(m.name for m in members)
    path: tuple[str | int, ...] = ("rotations", name)
    spec = ROTATION.check(reader, raw, path)
    r = ROTATION.values(reader, spec, path, Context(members=names, key=name))
    order = r["members"] or list(names)
    at = r["handover"] if isinstance(r["handover"], HandoverAt) else None
    day, clock = r["handover"] if isinstance(r["handover"], tuple) else (None, None)
    if r["turn"] == Unit.EVENT.value:
        only_unavailabilities(reader, r["overrides"], (*path, "overrides"))
    changes = [
        *r["changes"],
        *membership_changes(reader, spec, path, members=members, order=order, own=r["changes"]),
    ]
    try:
        rotation = Rotation(
            name,
            [m for m in order if not joins_later(m, members)],
            role=r["role"],
            unit=r["turn"],
            every=r["every"],
            alphabetical=r["order"] == "alphabetical",
            language=language,
            # Until the planner knows the meeting's day, the turn starts on the 1st.
            handover=f"{at.month:02d}-01" if at is not None else day,
            handover_time=clock,
            handovers=r["handovers"],
            anchor=r["start"],
            published=r["published"],
            after=r["after"],
            deputy=r["deputy"],
            changes=changes,
            overrides=r["overrides"],
            count_cancelled=r["count_cancelled"],
            since=r["from"],
        )
    except RotationError as exc:
        field = exc.field if exc.field in spec else None
        where = (*path, field) if field else (*path, *_mentioned(spec, str(exc)))
        raise reader.fail(where, str(exc)) from None
    return rotation, at


def _mentioned(spec: Mapping[str, Any], message: str) -> tuple[str | int, ...]:
    """The key below a rotation that holds the value an error from `rotations` quotes.

    `rotations` knows nothing of files; its messages quote the value
    (`'2025-H3' is not a year period`, `Arboga joins on …`), so the key is
    found again by that value: a published period, an override, a change.
    """
    quoted = re.findall(r"'([^']+)'", message)
    first_word = message.split(" ", 1)[0]
    for key in ("published", "handovers"):
        table = spec.get(key)
        if isinstance(table, dict):
            for name in table:
                if name in quoted:
                    return (key, name)
    for key in ("overrides", "changes"):
        items = spec.get(key)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            for name, value in item.items():
                values = value if isinstance(value, list) else [value]
                if any(str(v) in quoted or str(v) == first_word for v in values):
                    return (key, i, name)
    return ()
