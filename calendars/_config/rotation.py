"""The `[rotations.NAME]` part of a cooperation file."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

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
    text,
)
from calendars._config.toml import Path, Reader
from calendars._model.cooperation import HandoverAt
from calendars._model.member import Membership
from calendars._model.origin import Origin
from rotations import (
    After,
    Anchor,
    Deputy,
    Join,
    Leave,
    LeavePolicy,
    Rotation,
    RotationError,
    Substitution,
    Swap,
    Unavailable,
    UnavailablePolicy,
    Unit,
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


def _order(reader: Reader, value: object, path: Path, context: Context) -> list[str]:
    """A rotation's own order of members: each a member of the cooperation, once."""
    if not isinstance(value, list) or not value:
        raise reader.fail(
            path,
            "the order must be a non-empty list of members",
            'e.g. members = ["Malmö", "Lund"], or order = "alphabetical"',
        )
    order = [reader.member(m, context.members, path) for m in value]
    dupes = sorted({m for m in order if order.count(m) > 1})
    if dupes:
        raise reader.fail(
            path,
            f"{', '.join(dupes)} is listed more than once",
            "each member appears once in the order",
        )
    return order


def _handover(reader: Reader, value: object, path: Path, _: Context) -> str | HandoverAt:
    """MM-DD (yearly and mandate turns), a weekday (weekly ones), or a body's meeting."""
    if isinstance(value, dict):
        return _handover_at(reader, value, path)
    # Rotation parses the text.
    return reader.text(value, path)


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


def _handovers(reader: Reader, value: object, path: Path, _: Context) -> dict[int, date]:
    handovers: dict[int, date] = {}
    for year, day_ in reader.table(value, path).items():
        if not year.isdigit():
            raise reader.fail((*path, year), f"{year!r} is not a year", 'e.g. 2020 = "2020-09-09"')
        handovers[int(year)] = reader.day(day_, (*path, year))
    return handovers


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


def _position(reader: Reader, value: object, path: Path, _: Context) -> int | str:
    if not (isinstance(value, int) and not isinstance(value, bool)) and value not in (
        "end",
        "alphabetical",
    ):
        raise reader.fail(
            path, f"{value!r} is not a position", 'valid: "end", "alphabetical" or a 0-based index'
        )
    return value


def _change(reader: Reader, raw: object, path: Path, context: Context) -> Join | Leave:
    """One `[[rotations.NAME.changes]]`: a join or a leave."""
    spec = CHANGE.check(reader, raw, path)
    if "date" not in spec:
        raise reader.fail(path, "a change needs a date", 'date = "2019-07-01"')
    if ("joins" in spec) == ("leaves" in spec):
        raise reader.fail(path, "a change needs exactly one of joins or leaves")
    joins = "joins" in spec
    wrong = "policy" if joins else "position"
    if wrong in spec:
        said = (
            "policy applies to leaves, not joins"
            if joins
            else "position applies to joins, not leaves"
        )
        raise reader.fail((*path, wrong), said)
    c = CHANGE.values(reader, spec, path, context)
    if joins:
        return Join(c["joins"], c["date"], c["position"])
    return Leave(c["leaves"], c["date"], c["policy"])


def _changes(reader: Reader, value: object, path: Path, context: Context) -> list[Join | Leave]:
    return [
        _change(reader, raw, (*path, i), context) for i, raw in enumerate(reader.array(value, path))
    ]


Exception_ = Substitution | Swap | Unavailable


def _swap(reader: Reader, pair: object, path: Path, _: Context) -> Swap:
    if not isinstance(pair, list) or len(pair) != 2:
        raise reader.fail(path, "swap takes two periods", 'swap = ["2021", "2022"]')
    if pair[0] == pair[1]:
        raise reader.fail(path, f"a swap of {pair[0]!r} with itself changes nothing")
    return Swap(str(pair[0]), str(pair[1]))


def _substitution(
    reader: Reader, o: Mapping[str, Any], path: Path, before: list[Exception_]
) -> Substitution:
    if o["holder"] is None:
        raise reader.fail(
            path, "a substitution needs a holder", 'period = "2021", holder = "Salem"'
        )
    period = o["period"]
    if any(isinstance(x, Substitution) and x.period == period for x in before):
        raise reader.fail(
            (*path, "period"),
            f"a second substitution for the period {period!r}",
            "one period has one holder",
        )
    return Substitution(period, o["holder"])


def _unavailable(
    reader: Reader, o: Mapping[str, Any], path: Path, before: list[Exception_]
) -> Unavailable:
    who, first, last, policy = o["unavailable"], o["from"], o["to"], o["policy"]
    if first is None or last is None:
        raise reader.fail(
            path, "an unavailability needs from and to", 'from = "2021-01-01", to = "2021-12-31"'
        )
    if last < first:
        raise reader.fail((*path, "to"), f"{last} is before {first}")
    until = date.fromordinal(last.toordinal() + 1)
    for other in before:
        if (
            isinstance(other, Unavailable)
            and other.member == who
            and other.policy is not policy
            and other.start < until
            and first < other.end
        ):
            raise reader.fail(
                (*path, "policy"),
                f"{who} is unavailable in overlapping periods with the policies "
                f"{other.policy.value} and {policy.value}",
                "give one policy for one period",
            )
    return Unavailable(who, first, until, policy)


def _exception(
    reader: Reader, raw: object, path: Path, context: Context, before: list[Exception_]
) -> Exception_:
    """One `[[rotations.NAME.overrides]]`: a swap, a substitution or an unavailability."""
    spec = OVERRIDE.check(reader, raw, path)
    if sum(k in spec for k in ("swap", "period", "unavailable")) != 1:
        raise reader.fail(
            path, "an override is one of: swap = [A, B]; period + holder; unavailable + from + to"
        )
    o = OVERRIDE.values(reader, spec, path, context)
    if o["swap"] is not None:
        return o["swap"]  # type: ignore[no-any-return]
    if o["period"] is not None:
        return _substitution(reader, o, path, before)
    return _unavailable(reader, o, path, before)


def _exceptions(reader: Reader, value: object, path: Path, context: Context) -> list[Exception_]:
    found: list[Exception_] = []
    for i, raw in enumerate(reader.array(value, path)):
        found.append(_exception(reader, raw, (*path, i), context, found))
    return found


_UNITS = tuple(u.value for u in Unit)
_INDEX = {"type": "integer", "minimum": 0}
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
CHANGE = Table(
    (
        day(
            "date",
            "the day of the change; it applies from the first turn starting on or after it",
            required=True,
        ),
        member("joins", "a member that joins (one of `joins`, `leaves`)", shown="—"),
        member("leaves", "a member that leaves", shown="—"),
        Key(
            "position",
            'for `joins`: `"end"`, `"alphabetical"` or a 0-based index; the next turn goes '
            "to whoever follows the last holder in the new order. In a published list: where "
            "the newcomer enters the rest of the list",
            _position,
            {"anyOf": [{"enum": ["end", "alphabetical"]}, _INDEX]},
            default="end",
        ),
        choice(
            "policy",
            "for `leaves`: `shift` (every later turn, listed or not, moves one step earlier) or "
            "`skip` (the leaver's turns in the current round, or in the published list, go to "
            "the next member that holds neither neighbouring turn; from the next round a plain "
            "cycle)",
            tuple(p.value for p in LeavePolicy),
            default=LeavePolicy.SHIFT,
            make=LeavePolicy,
        ),
    )
)
"""`[[rotations.NAME.changes]]`."""
OVERRIDE = Table(
    (
        Key(
            "swap",
            "two periods whose holders exchange",
            _swap,
            {
                "type": "array",
                "items": {"type": ["string", "integer"]},
                "minItems": 2,
                "maxItems": 2,
            },
            shown="—",
        ),
        text("period", "the period a substitution is for", shown="—"),
        member("holder", "who holds that period instead", shown="—"),
        member("unavailable", "a member that cannot take a turn", shown="—"),
        day("from", "first day of the unavailability", shown="—"),
        day("to", "last day of the unavailability (inclusive)", shown="—"),
        choice(
            "policy",
            "for `unavailable`: `defer` (owed the next turn it can take) or `forfeit`",
            tuple(p.value for p in UnavailablePolicy),
            default=UnavailablePolicy.DEFER,
            make=UnavailablePolicy,
        ),
    )
)
"""`[[rotations.NAME.overrides]]`."""
ROTATION = Table(
    (
        text(
            "role", "free text shown in event texts (`ordförande`, `värdkommun` …)", default="chair"
        ),
        Key(
            "members",
            "the rotation order; each a member of the cooperation, once",
            _order,
            {"type": "array", "items": TEXT, "minItems": 1, "uniqueItems": True},
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
            '`MM-DD` a yearly or mandate turn starts (never `02-29`; `"10-15"` for '
            "fullmäktige's mandate periods); for `week` turns the weekday, in English or "
            'Swedish. Or `{ body = "gemensamt-ks", month = 9 }`: a yearly turn passes on the '
            "day of that body's meeting in that month each year (the first one, if there are "
            "several; a year without one is an error)",
            _handover,
            {"anyOf": [TEXT, HANDOVER_AT.json_schema()]},
            shown='`"01-01"` / `"monday"`',
        ),
        Key(
            "handovers",
            "table `YEAR = DATE` of explicit handovers; each in its year, in order",
            _handovers,
            mapping(DAY, names=r"^\d+$"),
            default={},
        ),
        Key(
            "start",
            "the anchor: `{ date = …, holder = … }`",
            _anchor,
            START.json_schema(),
            shown="—",
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
            _changes,
            array(CHANGE),
            default=(),
        ),
        choice(
            "leave_policy",
            "`shift` or `skip`: how a member leaving the cooperation leaves this rotation",
            tuple(p.value for p in LeavePolicy),
            default="shift",
        ),
        Key("overrides", "array of exceptions (below)", _exceptions, array(OVERRIDE), default=()),
        flag("count_cancelled", "per-event turns: a cancelled event uses up a turn"),
    )
)
"""`[rotations.NAME]`."""


def parse_rotation(
    reader: Reader,
    name: str,
    raw: object,
    members: tuple[Membership, ...],
    language: str,
) -> tuple[Rotation, HandoverAt | None]:
    """Validate one `[rotations.NAME]` table; the membership dates become its changes."""
    names = tuple(m.name for m in members)
    path: tuple[str | int, ...] = ("rotations", name)
    spec = ROTATION.check(reader, raw, path)
    r = ROTATION.values(reader, spec, path, Context(members=names, key=name))
    order = r["members"] or list(names)
    at = r["handover"] if isinstance(r["handover"], HandoverAt) else None
    if r["turn"] == Unit.EVENT.value:
        _only_unavailabilities(reader, r["overrides"], (*path, "overrides"))
    changes = [
        *r["changes"],
        *_membership_changes(reader, spec, path, members=members, order=order, own=r["changes"]),
    ]
    try:
        rotation = Rotation(
            name,
            [m for m in order if not _joins_later(m, members)],
            role=r["role"],
            unit=r["turn"],
            every=r["every"],
            alphabetical=r["order"] == "alphabetical",
            language=language,
            # Until the planner knows the meeting's day, the turn starts on the 1st.
            handover=f"{at.month:02d}-01" if at is not None else r["handover"],
            handovers=r["handovers"],
            anchor=r["start"],
            published=r["published"],
            after=r["after"],
            deputy=r["deputy"],
            changes=changes,
            overrides=r["overrides"],
            count_cancelled=r["count_cancelled"],
        )
    except RotationError as exc:
        field = exc.field if exc.field in spec else None
        where = (*path, field) if field else (*path, *_mentioned(spec, str(exc)))
        raise reader.fail(where, str(exc)) from None
    return rotation, at


def _only_unavailabilities(reader: Reader, overrides: list[Exception_], path: Path) -> None:
    for i, exception in enumerate(overrides):
        if not isinstance(exception, Unavailable):
            raise reader.fail(
                (*path, i),
                "a per-event rotation's turns are meetings: change one meeting's host or chair "
                "with an override of its body",
                '[[bodies.NAME.overrides]] date = "2017-10-26", host = "Salem"',
            )


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


def _joins_later(name: str, members: tuple[Membership, ...]) -> bool:
    return any(m.name == name and m.joins is not None for m in members)


def _membership_changes(
    reader: Reader,
    spec: dict[str, object],
    path: Path,
    *,
    members: tuple[Membership, ...],
    order: list[str],
    own: list[Join | Leave],
) -> list[Join | Leave]:
    """The joins and leaves that `[members]` dates make in a rotation drawn from them.

    A joiner enters at its place in the rotation's order among the members
    there on its day (or alphabetically, for an alphabetical order); a
    leaver leaves by the rotation's `leave_policy`.
    """
    policy = reader.choice(
        spec.get("leave_policy", "shift"),
        tuple(p.value for p in LeavePolicy),
        (*path, "leave_policy"),
    )
    alphabetical = spec.get("order") == "alphabetical"
    by_name = {m.name: m for m in members}
    made: list[Join | Leave] = []
    for name in order:
        member = by_name[name]
        if member.joins is None and member.leaves is None:
            continue
        for i, change in enumerate(own):
            if change.member == name:
                raise reader.fail(
                    (*path, "changes", i),
                    f"[members] already says when {name} joins or leaves the cooperation",
                    f"remove this change, or the dates of members.{name}",
                )
        if member.joins is not None:
            position: Literal["alphabetical"] | int = (
                "alphabetical"
                if alphabetical
                else sum(
                    1
                    for other in order[: order.index(name)]
                    if by_name[other].member_on(member.joins)
                )
            )
            made.append(Join(name, member.joins, position))
        if member.leaves is not None:
            made.append(Leave(name, member.leaves, LeavePolicy(policy)))
    return made
