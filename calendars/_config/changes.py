"""A rotation's own changes and exceptions, and the changes the members' dates make."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

from calendars._config.keys import Context, Key, Table, choice, day, member, text
from calendars._config.toml import Path, Reader
from calendars._model.member import Membership
from rotations import (
    Join,
    Leave,
    LeavePolicy,
    Substitution,
    Swap,
    Unavailable,
    UnavailablePolicy,
)


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
    kind, other = ("joins", "leaves") if "joins" in spec else ("leaves", "joins")
    for key in spec:
        if key not in _CHANGE_KINDS[kind]:
            raise reader.fail((*path, key), f"{key} applies to {other}, not {kind}")
    c = CHANGE.values(reader, spec, path, context)
    if kind == "joins":
        return Join(c["joins"], c["date"], c["position"])
    return Leave(c["leaves"], c["date"], c["policy"])


def read_changes(reader: Reader, value: object, path: Path, context: Context) -> list[Join | Leave]:
    return [
        _change(reader, raw, (*path, i), context) for i, raw in enumerate(reader.array(value, path))
    ]


AnyException = Substitution | Swap | Unavailable


def _swap(reader: Reader, pair: object, path: Path, _: Context) -> Swap:
    if not isinstance(pair, list) or len(pair) != 2:
        raise reader.fail(path, "swap takes two periods", 'swap = ["2021", "2022"]')
    if pair[0] == pair[1]:
        raise reader.fail(path, f"a swap of {pair[0]!r} with itself changes nothing")
    return Swap(str(pair[0]), str(pair[1]))


def _substitution(
    reader: Reader, o: Mapping[str, Any], path: Path, before: list[AnyException]
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
    reader: Reader, o: Mapping[str, Any], path: Path, before: list[AnyException]
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
    reader: Reader, raw: object, path: Path, context: Context, before: list[AnyException]
) -> AnyException:
    """One `[[rotations.NAME.overrides]]`: a swap, a substitution or an unavailability."""
    spec = OVERRIDE.check(reader, raw, path)
    if sum(k in spec for k in _KINDS) != 1:
        raise reader.fail(path, f"an override is one of: {_ONE_OF}")
    kind = next(k for k in _KINDS if k in spec)
    stray = [k for k in spec if k not in _KINDS[kind]]
    if stray:  # never read and silently left out
        raise reader.fail(
            (*path, stray[0]),
            f"{stray[0]} does not go with {kind}",
            _ONE_OF,
        )
    o = OVERRIDE.values(reader, spec, path, context)
    if o["swap"] is not None:
        return o["swap"]  # type: ignore[no-any-return]
    if o["period"] is not None:
        return _substitution(reader, o, path, before)
    return _unavailable(reader, o, path, before)


def read_exceptions(
    reader: Reader, value: object, path: Path, context: Context
) -> list[AnyException]:
    found: list[AnyException] = []
    for i, raw in enumerate(reader.array(value, path)):
        found.append(_exception(reader, raw, (*path, i), context, found))
    return found


_INDEX = {"type": "integer", "minimum": 0}
_KINDS = {
    "swap": ("swap",),
    "period": ("period", "holder"),
    "unavailable": ("unavailable", "from", "to", "policy"),
}
"""Each kind of exception by the key that names it, and the keys it takes."""
_CHANGE_KINDS = {"joins": ("date", "joins", "position"), "leaves": ("date", "leaves", "policy")}
"""A change joins or leaves; what each takes."""
_ONE_OF = "swap = [A, B]; period + holder; unavailable + from + to (+ policy)"


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
            LeavePolicy,
            default=LeavePolicy.SHIFT,
        ),
    ),
    kinds=_CHANGE_KINDS,
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
            "for `unavailable`: `defer` (owed the next turn it can take), `forfeit` (another "
            "stands in, then as planned) or `waive` (everyone moves up; its next turn a round "
            "later)",
            UnavailablePolicy,
            default=UnavailablePolicy.DEFER,
        ),
    ),
    kinds=_KINDS,
)
"""`[[rotations.NAME.overrides]]`."""


def only_unavailabilities(reader: Reader, overrides: list[AnyException], path: Path) -> None:
    for i, exception in enumerate(overrides):
        if not isinstance(exception, Unavailable):
            raise reader.fail(
                (*path, i),
                "a per-event rotation's turns are meetings: change one meeting's host or chair "
                "with an override of its body",
                '[[bodies.NAME.overrides]] date = "2017-10-26", host = "Salem"',
            )


def joins_later(name: str, members: tuple[Membership, ...]) -> bool:
    return any(m.name == name and m.joins is not None for m in members)


def membership_changes(
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
