"""The `[rotations.NAME]` part of a cooperation file."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, time
from typing import Any, Literal

from calendars._config.toml import Path, Reader
from calendars._model.cooperation import HandoverAt
from calendars._model.member import Membership
from calendars._model.origin import Origin
from calendars._words import WEEKDAY_NAMES
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
    Weekday,
)

ROTATION_KEYS = {
    "role": "free text shown in event texts (chair, värd …)",
    "members": "the rotation order; default: every member of the cooperation",
    "order": '"alphabetical": order the members alphabetically in the language',
    "turn": "event | year | semester | quarter | month | mandate | week | day",
    "every": "a turn lasts this many units (default 1)",
    "handover": "MM-DD a turn starts (default 01-01; for semesters, quarters and months "
    "the day of one of their starts), a weekday for week turns (with a time of day for week "
    'and day turns: "fredag 17.00", "17.00"), or { body = "…", month = 9 }',
    "handovers": "table of explicit handover dates by year (by period for shorter units)",
    "start": "the anchor: { date = ..., holder = ... }",
    "deputy": "none | other | next",
    "published": "table of period -> holder",
    "after": "repeat | continue | stop: what follows the published list",
    "changes": "array of membership changes of this rotation only",
    "leave_policy": "shift (default) | skip: how a member leaving the cooperation leaves this",
    "overrides": "array of exceptions: swap, substitution, unavailability",
    "count_cancelled": "per-event turns: a cancelled event uses up a turn (default false)",
}
HANDOVER_AT_KEYS = {
    "body": "the body whose meeting hands the turn over",
    "month": "the month of that meeting (1-12); the term starts on the meeting's day",
}
START_KEYS = {
    "date": "a day of the anchor's turn (per-event: the first event on or after it)",
    "holder": "the member holding that turn",
}
CHANGE_KEYS = {
    "date": "the day the change happens; it applies from the first turn starting then or later",
    "joins": "a member that joins",
    "leaves": "a member that leaves",
    "position": 'where a joiner enters: "end" (default), "alphabetical" or a 0-based index',
    "policy": "for leaves: shift (default) or skip",
}
OVERRIDE_KEYS = {
    "swap": "two periods whose holders exchange",
    "period": "the period a substitution is for",
    "holder": "who holds that period instead",
    "unavailable": "a member that cannot take a turn",
    "from": "first day of the unavailability",
    "to": "last day of the unavailability (inclusive)",
    "policy": "for unavailable: defer (default: owed the next turn it can take), forfeit "
    "or waive (everyone moves up)",
}


MAX_EVERY = 100
"""The most units one turn may last (`every`): 100 years is far beyond any agreement."""


def parse_rotation(  # noqa: PLR0912, PLR0915 - one validator per key, in one place
    reader: Reader,
    name: str,
    raw: object,
    members: tuple[Membership, ...],
    language: str,
) -> tuple[Rotation, HandoverAt | None]:
    """Validate one `[rotations.NAME]` table; the membership dates become its changes."""
    names = tuple(m.name for m in members)
    path: tuple[str | int, ...] = ("rotations", name)
    spec = reader.table(raw, path)
    reader.keys(spec, ROTATION_KEYS, path)
    order = spec.get("order")
    if order is not None:
        reader.choice(order, ("alphabetical",), (*path, "order"))
    if "members" in spec:
        raw_list = spec["members"]
        if not isinstance(raw_list, list) or not raw_list:
            raise reader.fail(
                (*path, "members"),
                "the order must be a non-empty list of members",
                'e.g. members = ["Malmö", "Lund"], or order = "alphabetical"',
            )
        order_list = [reader.member(m, names, (*path, "members")) for m in raw_list]
        dupes = sorted({m for m in order_list if order_list.count(m) > 1})
        if dupes:
            raise reader.fail(
                (*path, "members"),
                f"{', '.join(dupes)} is listed more than once",
                "each member appears once in the order",
            )
    else:
        order_list = list(names)
    unit = reader.choice(spec.get("turn", "year"), tuple(u.value for u in Unit), (*path, "turn"))
    every = spec.get("every", 1)
    if not isinstance(every, int) or isinstance(every, bool) or not 1 <= every <= MAX_EVERY:
        raise reader.fail(
            (*path, "every"),
            f"{every!r} is not a whole number of turns from 1 to {MAX_EVERY}",
            "use 1, 2, 3 …",
        )
    handover: str | Weekday | None = None
    handover_time: time | None = None
    handover_at = None
    if isinstance(spec.get("handover"), dict):
        handover_at = _handover_at(reader, spec["handover"], (*path, "handover"))
        # Until the planner knows the meeting's day, the turn starts on the 1st.
        handover = f"{handover_at.month:02d}-01"
    elif "handover" in spec:
        # MM-DD for yearly and mandate turns, a weekday for weekly ones: Rotation parses
        # it; a Swedish weekday name is read here, where the words live.
        text = reader.text(spec["handover"], (*path, "handover"))
        handover, handover_time = split_handover(text)
    handovers: dict[int | str, date] = {}
    yearly = unit in (Unit.YEAR.value, Unit.MANDATE.value)
    for year, day in reader.table(spec.get("handovers", {}), (*path, "handovers")).items():
        if yearly and not year.isdigit():
            raise reader.fail(
                (*path, "handovers", year), f"{year!r} is not a year", 'e.g. 2020 = "2020-09-09"'
            )
        # Shorter units name their periods ("2026-H2"); Rotation checks the name.
        key = int(year) if yearly else year
        handovers[key] = reader.day(day, (*path, "handovers", year))
    anchor = None
    if "start" in spec:
        start = reader.table(spec["start"], (*path, "start"))
        reader.keys(start, START_KEYS, (*path, "start"))
        if "holder" not in start:
            raise reader.fail(
                (*path, "start"),
                "the anchor needs a holder",
                '{ date = "2012-01-01", holder = "Malmö" }',
            )
        holder = reader.member(start["holder"], names, (*path, "start", "holder"))
        anchor_day = (
            reader.day(start["date"], (*path, "start", "date")) if "date" in start else None
        )
        anchor = Anchor(holder, anchor_day)
    published: dict[str, str] = {}
    for period, holder in reader.table(spec.get("published", {}), (*path, "published")).items():
        published[period] = reader.member(holder, names, (*path, "published", period))
    after = reader.choice(
        spec.get("after", "repeat"), tuple(a.value for a in After), (*path, "after")
    )
    deputy = reader.choice(
        spec.get("deputy", "none"), tuple(d.value for d in Deputy), (*path, "deputy")
    )
    changes = _changes(reader, spec, path, names)
    overrides = _overrides(reader, spec, path, names, unit)
    changes += _membership_changes(
        reader, spec, path, members=members, order=order_list, own=changes
    )
    order_list = [m for m in order_list if not _joins_later(m, members)]
    count_cancelled = spec.get("count_cancelled", False)
    if not isinstance(count_cancelled, bool):
        raise reader.fail((*path, "count_cancelled"), "expected true or false")
    try:
        rotation = Rotation(
            name,
            order_list,
            role=reader.text(spec.get("role", "chair"), (*path, "role")),
            unit=unit,
            every=every,
            alphabetical=order == "alphabetical",
            language=language,
            handover=handover,
            handovers=handovers,
            anchor=anchor,
            published=published,
            after=after,
            deputy=deputy,
            changes=changes,
            overrides=overrides,
            count_cancelled=count_cancelled,
            handover_time=handover_time,
        )
    except RotationError as exc:
        field = exc.field if exc.field in spec else None
        where = (*path, field) if field else (*path, *_mentioned(spec, str(exc)))
        raise reader.fail(where, str(exc)) from None
    return rotation, handover_at


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


def _changes(
    reader: Reader, spec: dict[str, Any], path: Path, names: tuple[str, ...]
) -> list[Join | Leave]:
    """The rotation's own `[[rotations.NAME.changes]]`."""
    changes: list[Join | Leave] = []
    for i, raw_change in enumerate(reader.array(spec.get("changes", []), (*path, "changes"))):
        cpath = (*path, "changes", i)
        change = reader.table(raw_change, cpath)
        reader.keys(change, CHANGE_KEYS, cpath)
        if "date" not in change:
            raise reader.fail(cpath, "a change needs a date", 'date = "2019-07-01"')
        on = reader.day(change["date"], (*cpath, "date"))
        if ("joins" in change) == ("leaves" in change):
            raise reader.fail(cpath, "a change needs exactly one of joins or leaves")
        if "joins" in change:
            who = reader.member(change["joins"], names, (*cpath, "joins"))
            position = change.get("position", "end")
            if not (
                isinstance(position, int) and not isinstance(position, bool)
            ) and position not in ("end", "alphabetical"):
                raise reader.fail(
                    (*cpath, "position"),
                    f"{position!r} is not a position",
                    'valid: "end", "alphabetical" or a 0-based index',
                )
            if "policy" in change:
                raise reader.fail((*cpath, "policy"), "policy applies to leaves, not joins")
            changes.append(Join(who, on, position))
        else:
            who = reader.member(change["leaves"], names, (*cpath, "leaves"))
            if "position" in change:
                raise reader.fail((*cpath, "position"), "position applies to joins, not leaves")
            policy = reader.choice(
                change.get("policy", "shift"),
                tuple(p.value for p in LeavePolicy),
                (*cpath, "policy"),
            )
            changes.append(Leave(who, on, LeavePolicy(policy)))
    return changes


def _overrides(  # noqa: PLR0912 - one branch per kind of exception and its contradictions
    reader: Reader, spec: dict[str, Any], path: Path, names: tuple[str, ...], unit: str
) -> list[Substitution | Swap | Unavailable]:
    """`[[rotations.NAME.overrides]]`: swaps, substitutions, unavailabilities."""
    overrides: list[Substitution | Swap | Unavailable] = []
    for i, raw_override in enumerate(reader.array(spec.get("overrides", []), (*path, "overrides"))):
        opath = (*path, "overrides", i)
        o = reader.table(raw_override, opath)
        reader.keys(o, OVERRIDE_KEYS, opath)
        kinds = [k for k in ("swap", "period", "unavailable") if k in o]
        if len(kinds) != 1:
            raise reader.fail(
                opath,
                "an override is one of: swap = [A, B]; period + holder; unavailable + from + to",
            )
        if "swap" in o:
            pair = o["swap"]
            if not isinstance(pair, list) or len(pair) != 2:
                raise reader.fail(
                    (*opath, "swap"), "swap takes two periods", 'swap = ["2021", "2022"]'
                )
            if pair[0] == pair[1]:
                raise reader.fail(
                    (*opath, "swap"), f"a swap of {pair[0]!r} with itself changes nothing"
                )
            overrides.append(Swap(str(pair[0]), str(pair[1])))
        elif "period" in o:
            if "holder" not in o:
                raise reader.fail(
                    opath, "a substitution needs a holder", 'period = "2021", holder = "Salem"'
                )
            period = reader.text(o["period"], (*opath, "period"))
            if any(isinstance(x, Substitution) and x.period == period for x in overrides):
                raise reader.fail(
                    (*opath, "period"),
                    f"a second substitution for the period {period!r}",
                    "one period has one holder",
                )
            overrides.append(
                Substitution(period, reader.member(o["holder"], names, (*opath, "holder")))
            )
        else:
            who = reader.member(o["unavailable"], names, (*opath, "unavailable"))
            if "from" not in o or "to" not in o:
                raise reader.fail(
                    opath,
                    "an unavailability needs from and to",
                    'from = "2021-01-01", to = "2021-12-31"',
                )
            first = reader.day(o["from"], (*opath, "from"))
            last = reader.day(o["to"], (*opath, "to"))
            if last < first:
                raise reader.fail((*opath, "to"), f"{last} is before {first}")
            policy = reader.choice(
                o.get("policy", "defer"),
                tuple(p.value for p in UnavailablePolicy),
                (*opath, "policy"),
            )
            until = date.fromordinal(last.toordinal() + 1)
            for other in overrides:
                if (
                    isinstance(other, Unavailable)
                    and other.member == who
                    and other.policy.value != policy
                    and other.start < until
                    and first < other.end
                ):
                    raise reader.fail(
                        (*opath, "policy"),
                        f"{who} is unavailable in overlapping periods with the policies "
                        f"{other.policy.value} and {policy}",
                        "give one policy for one period",
                    )
            overrides.append(Unavailable(who, first, until, UnavailablePolicy(policy)))
    if unit == Unit.EVENT.value:
        for i, exception in enumerate(overrides):
            if not isinstance(exception, Unavailable):
                raise reader.fail(
                    (*path, "overrides", i),
                    "a per-event rotation's turns are meetings: change one meeting's host or chair "
                    "with an override of its body",
                    '[[bodies.NAME.overrides]] date = "2017-10-26", host = "Salem"',
                )
    return overrides


def split_handover(text: str) -> tuple[str | Weekday | None, time | None]:
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


def _handover_at(reader: Reader, raw: dict[str, object], path: Path) -> HandoverAt:
    reader.keys(raw, HANDOVER_AT_KEYS, path)
    if "body" not in raw or "month" not in raw:
        raise reader.fail(
            path,
            "a handover at a meeting needs body and month",
            '{ body = "styrelsen", month = 9 }',
        )
    body = reader.text(raw["body"], (*path, "body"))
    month = raw["month"]
    if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12:
        raise reader.fail((*path, "month"), f"{month!r} is not a month", "a number from 1 to 12")
    return HandoverAt(body, month, Origin(reader.file, path, reader.locator))


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
