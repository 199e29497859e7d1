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
HANDOVER_AT = Table((
    text("body", "the body whose meeting hands the turn over"),
    Key("month", "the month of that meeting (1-12); the term starts on the meeting's day",
        _month, {"type": "integer", "minimum": 1, "maximum": 12}),
))  # fmt: skip
"""`handover = { body = …, month = … }`: a yearly turn passes at a body's meeting."""
START = Table((
    day("date", "a day of the anchor's turn (per-event: the first event on or after it)"),
    member("holder", "the member holding that turn", required=True),
))  # fmt: skip
"""`start = { … }`: the anchor."""
CHANGE = Table((
    day("date", "the day the change happens; it applies from the first turn starting then or later",
        required=True),
    member("joins", "a member that joins"),
    member("leaves", "a member that leaves"),
    Key("position", 'where a joiner enters: "end" (default), "alphabetical" or a 0-based index',
        _position, {"anyOf": [{"enum": ["end", "alphabetical"]}, _INDEX]}, default="end"),
    choice("policy", "for leaves: shift (default) or skip", tuple(p.value for p in LeavePolicy),
           default=LeavePolicy.SHIFT, make=LeavePolicy),
))  # fmt: skip
"""`[[rotations.NAME.changes]]`."""
OVERRIDE = Table((
    Key("swap", "two periods whose holders exchange", _swap,
        {"type": "array", "items": {"type": ["string", "integer"]}, "minItems": 2, "maxItems": 2}),
    text("period", "the period a substitution is for"),
    member("holder", "who holds that period instead"),
    member("unavailable", "a member that cannot take a turn"),
    day("from", "first day of the unavailability"),
    day("to", "last day of the unavailability (inclusive)"),
    choice("policy", "for unavailable: defer (default: owed the next turn it can take) or forfeit",
           tuple(p.value for p in UnavailablePolicy), default=UnavailablePolicy.DEFER,
           make=UnavailablePolicy),
))  # fmt: skip
"""`[[rotations.NAME.overrides]]`."""
ROTATION = Table((
    text("role", "free text shown in event texts (chair, värd …)", default="chair"),
    Key("members", "the rotation order; default: every member of the cooperation", _order,
        {"type": "array", "items": TEXT, "minItems": 1, "uniqueItems": True}),
    choice("order", '"alphabetical": order the members alphabetically in the language',
           ("alphabetical",)),
    choice("turn", "event | year | semester | quarter | month | mandate | week | day", _UNITS,
           default="year"),
    Key("every", "a turn lasts this many units (default 1)", _every,
        {"type": "integer", "minimum": 1, "maximum": MAX_EVERY}, default=1),
    Key("handover", "MM-DD a yearly turn starts (default 01-01), a weekday for week turns, "
        'or { body = "…", month = 9 }', _handover, {"anyOf": [TEXT, HANDOVER_AT.json_schema()]}),
    Key("handovers", "table of explicit handover dates by year", _handovers,
        mapping(DAY, names=r"^\d+$"), default={}),
    Key("start", "the anchor: { date = ..., holder = ... }", _anchor, START.json_schema()),
    choice("deputy", "none | other | next", tuple(d.value for d in Deputy), default="none"),
    Key("published", "table of period -> holder", _published, mapping(TEXT), default={}),
    choice("after", "repeat | continue | stop: what follows the published list",
           tuple(a.value for a in After), default="repeat"),
    Key("changes", "array of membership changes of this rotation only", _changes, array(CHANGE),
        default=()),
    choice("leave_policy",
           "shift (default) | skip: how a member leaving the cooperation leaves this",
           tuple(p.value for p in LeavePolicy), default="shift"),
    Key("overrides", "array of exceptions: swap, substitution, unavailability", _exceptions,
        array(OVERRIDE), default=()),
    flag("count_cancelled", "per-event turns: a cancelled event uses up a turn (default false)"),
))  # fmt: skip
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
