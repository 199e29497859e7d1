"""`samverkan check`: every problem of a cooperation's plans over the years ahead.

A cooperation file is a promise for years; this plans every year of a span
and lists what would go wrong, each with the file, the line and the year:
a rule that cannot be met (or a meeting time a DST change skips), a meeting
moved off its rule, a broken coupling of chair and host, a member with no
turn in a whole cycle of a rotation, one member's people expected at two
bodies on one day, and a published meeting outside its body's lifetime.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from calendars._errors import ConfigError
from calendars._model.cooperation import Cooperation
from calendars._model.meeting import ConflictKind, Meeting, Plan, Status
from calendars._model.origin import Origin
from calendars._planning.planner import plan
from rotations import Term


class ProblemKind(StrEnum):
    """What kind of problem `check` found."""

    RULE_NOT_MET = "rule_not_met"
    """A year the rules cannot be planned in (the plan stops there)."""
    DST_TIME = "dst_time"
    """A meeting time a DST change skips or repeats in that year."""
    MOVED_OFF_RULE = "moved_off_rule"
    """A meeting put on the nearest day the other rules allow."""
    CHAIR_HOSTS = "chair_hosts"
    """The chair's municipality hosts although `host_not_chair` says it must not."""
    CHAIR_NOT_HOST = "chair_not_host"
    """The chair's municipality does not host although `host_is_chair` says it must."""
    NO_TURN = "no_turn"
    """A member that gets no turn in a whole cycle of a rotation."""
    TWO_BODIES = "two_bodies"
    """One member's people expected at two bodies' meetings on one day."""
    OUTSIDE_LIFETIME = "outside_lifetime"
    """A published meeting before a body's `from` or after its `until`."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem `check` found."""

    coop: str
    """The cooperation's id."""
    year: int
    """The year it happens in."""
    kind: ProblemKind
    """What kind of problem."""
    where: str
    """The file and line it comes from ("sodertorn.toml:41"), or the file."""
    message: str
    """What is wrong, for people."""

    def to_dict(self) -> dict[str, object]:
        """The problem as JSON-ready data."""
        return {
            "coop": self.coop,
            "year": self.year,
            "kind": self.kind.value,
            "where": self.where,
            "message": self.message,
        }


def _where(origin: Origin, *keys: str | int) -> str:
    return origin.error("", *keys).where


def _error_problem(coop: Cooperation, year: int, error: ConfigError) -> Problem:
    kind = ProblemKind.DST_TIME if error.key.endswith(".time") else ProblemKind.RULE_NOT_MET
    said = f"{error.key}: {error.message}" if error.key else error.message
    return Problem(
        coop.id, year, kind, error.where, said + (f" ({error.hint})" if error.hint else "")
    )


def _plans(coop: Cooperation, first: int, last: int) -> tuple[list[Plan], list[Problem]]:
    """The plan of the whole span; when a year cannot be planned, each year's on its own."""
    try:
        return [plan(coop, date(first, 1, 1), date(last + 1, 1, 1))], []
    except ConfigError:
        pass
    plans: list[Plan] = []
    problems: list[Problem] = []
    for year in range(first, last + 1):
        try:
            plans.append(plan(coop, date(year, 1, 1), date(year + 1, 1, 1)))
        except ConfigError as exc:
            problems.append(_error_problem(coop, year, exc))
    return plans, problems


def _conflicts(coop: Cooperation, done: Plan) -> list[Problem]:
    by_uid = {m.uid: m for m in done.meetings}
    found = []
    for conflict in done.conflicts:
        meeting = by_uid[conflict.uid]
        body = coop.bodies[meeting.body]
        if conflict.kind is ConflictKind.OFF_RULE:
            kind, where = ProblemKind.MOVED_OFF_RULE, conflict.where
            message = conflict.message.removeprefix(f"{conflict.where}: ")
        else:
            kind = ProblemKind(conflict.kind)
            rule = "host_not_chair" if kind is ProblemKind.CHAIR_HOSTS else "host_is_chair"
            where, message = _where(body.origin, rule), conflict.message
        found.append(Problem(coop.id, meeting.day.year, kind, where, message))
    return found


def _expected(coop: Cooperation, meeting: Meeting) -> set[str]:
    body = coop.bodies[meeting.body]
    listed = body.attendees
    names = {
        m.name
        for m in coop.members
        if m.member_on(meeting.day) and (listed is None or m.name in listed)
    }
    return names | set(meeting.hosts)


def _together(coop: Cooperation, a: str, b: str) -> bool:
    """Whether either body says its meetings may share a day with the other's."""
    return b in coop.bodies[a].shares_day_with or a in coop.bodies[b].shares_day_with


def _two_bodies(coop: Cooperation, done: Plan) -> list[Problem]:
    """Days on which one member is expected at meetings of two bodies."""
    by_day: dict[date, list[Meeting]] = defaultdict(list)
    for m in done.meetings:
        if m.status is not Status.CANCELLED and not m.month_only:
            by_day[m.day].append(m)
    order = list(coop.bodies)
    found = []
    for day, meetings in sorted(by_day.items()):
        meetings.sort(key=lambda m: order.index(m.body))
        for i, a in enumerate(meetings):
            for b in meetings[i + 1 :]:
                if a.body == b.body or _together(coop, a.body, b.body):
                    continue
                both = _expected(coop, a) & _expected(coop, b)
                names = ", ".join(m.name for m in coop.members if m.name in both)
                if both:
                    # Said at the later of the two bodies in the file.
                    found.append(
                        Problem(
                            coop.id,
                            day.year,
                            ProblemKind.TWO_BODIES,
                            _where(coop.bodies[b.body].origin),
                            f"{names} expected at {a.title} and at {b.title} on {day}",
                        )
                    )
    return found


def _no_turn(coop: Cooperation, name: str, terms: tuple[Term, ...]) -> list[Problem]:
    """Each member that a whole cycle of `name` (as many turns as members) passes over.

    A cycle that is not whole in the span (its first or last turn outside)
    is not judged; a member is reported once, at the first such cycle.
    """
    found = []
    told: set[str] = set()
    for i, first in enumerate(terms):
        members = first.members
        cycle = terms[i : i + len(members)]
        if not members or len(cycle) < len(members):
            break
        held = {t.holder for t in cycle}
        for member in members:
            if member not in held and member not in told and cycle[-1].members == members:
                told.add(member)
                origin = coop.origins.get(name, Origin(coop.source, ("rotations", name)))
                found.append(
                    Problem(
                        coop.id,
                        first.start.year,
                        ProblemKind.NO_TURN,
                        _where(origin),
                        f"{member} has no turn of {name} in the {len(members)} turns "
                        f"{cycle[0].start}–{cycle[-1].start}",
                    )
                )
    return found


def _outside_lifetime(coop: Cooperation, done: Plan) -> list[Problem]:
    found = []
    for m in done.meetings:
        body = coop.bodies[m.body]
        if not body.alive(m.day):
            key = "from" if body.active_from and m.day < body.active_from else "until"
            found.append(
                Problem(
                    coop.id,
                    m.day.year,
                    ProblemKind.OUTSIDE_LIFETIME,
                    _where(body.origin, key),
                    f"{m.title} meets on {m.day}, outside its lifetime "
                    f"({body.active_from or '…'}–{body.active_until or '…'})",
                )
            )
    return found


def check(coop: Cooperation, first: int, last: int) -> list[Problem]:
    """Every problem of `coop`'s plans for the years `first`–`last`, by year, then file."""
    plans, problems = _plans(coop, first, last)
    for done in plans:
        problems += _conflicts(coop, done)
        problems += _two_bodies(coop, done)
        problems += _outside_lifetime(coop, done)
    # Each year planned on its own gives its own terms: one run of them.
    runs: dict[str, dict[tuple[date, str, str], Term]] = defaultdict(dict)
    for done in plans:
        for name, terms in done.terms.items():
            runs[name].update({(t.start, t.period, t.holder): t for t in terms})
    for name, found in sorted(runs.items()):
        problems += _no_turn(coop, name, tuple(found[k] for k in sorted(found)))
    return sorted(problems, key=lambda p: (p.year, p.where, p.kind, p.message))
