"""Which years the planner drafts, and the years it counts instead (SPEC §2).

A per-event rotation hands one turn per meeting from its anchor on, so the
host of a meeting in 2030 depends on every meeting since 2017. Drafting all
those years would make a look-up in the year 3000 cost a thousand years of
planning. Instead, a year in which a body's meetings follow its rules alone
— no published dates, no overrides, no start or end of its life, no change
or unavailability of the rotation — holds exactly `per_year` meetings, so
such years are counted (`rotations.Unlisted`), never drafted. The meeting
after a published host is drafted too: the turns go on from it. What cannot
be counted so (an RRULE without `per_year`, a preparing body, a swap or a
substitution named by meeting, a rotation giving both hosts and chairs) is
drafted year by year, as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from itertools import pairwise

from calendars._model.body import Body, Rules
from calendars._model.cooperation import Cooperation
from calendars._model.days import Break
from rotations import Rotation, Substitution, Swap, Unavailable, Unit, Unlisted

Stretches = dict[str, tuple[Unlisted, ...]]
"""The counted (not drafted) stretches of each per-event rotation."""


def draft_years(coop: Cooperation, first: int, last: int) -> tuple[tuple[int, ...], Stretches]:
    """The years to draft for a plan of the years ``first``–``last``, and what is counted.

    A per-event rotation anchored before `first` needs its turns since the
    anchor, and every per-event rotation the meetings since the earliest
    such anchor (as when every year from it is drafted): the years its
    meetings can be counted in are left out of the drafts and given to it as
    `Unlisted` stretches; the others (and the year before `first`, whose
    meetings a previous feed's UIDs may match) are drafted.
    """
    window = set(range(first, last + 1))
    # Every per-event rotation sees the meetings from the earliest anchor on,
    # its own or not: one before its anchor may still move its turns (a
    # published host, a waived turn), as when every year is drafted.
    played: dict[str, list[Body]] = {}
    earliest = first
    for name, rotation in coop.rotations.items():
        users = _users(coop, name)
        anchor = rotation.anchor.on if rotation.anchor is not None else None
        if rotation.unit is Unit.EVENT and users and anchor is not None:
            played[name] = users
            earliest = min(earliest, anchor.year)
    needed: set[int] = set()
    counted: dict[str, list[Body]] = {}
    for name, users in played.items() if earliest < first else ():
        rotation = coop.rotations[name]
        if not _countable(rotation, name, users):
            needed.update(range(earliest, first))
            continue
        counted[name] = users
        irregular = _irregular(rotation, users) | _after_named(name, users, first)
        needed.update(y for y in irregular if earliest <= y < first)
        needed.add(first - 1)
    years = tuple(sorted(window | needed))
    stretches = {
        name: tuple(_stretches(coop, name, users, _gaps(years, earliest, first)))
        for name, users in counted.items()
    }
    return years, stretches


def _users(coop: Cooperation, name: str) -> list[Body]:
    return [b for b in coop.bodies.values() if name in (b.host, b.chair)]


def _countable(rotation: Rotation, name: str, users: Sequence[Body]) -> bool:
    """Whether every year without exceptions holds a number of turns known from the rules."""
    if any(isinstance(o, Swap | Substitution) for o in rotation.overrides):
        return False  # named by meeting: its year is not known without drafting
    if any(b.host == name for b in users) and any(b.chair == name for b in users):
        # Hosts and chairs take the rotation's turns apart (one run each), but
        # a stretch holds one count for both: such a rotation is drafted.
        return False
    return all(
        b.rules.prepares is None
        and (b.rules.per_year > 0 or not b.rules.rrule)
        and b.rules.per_year <= surely_free(b.rules)
        for b in users
    )


HOLIDAYS_A_YEAR, HALF_DAYS_A_YEAR = 20, 10
"""More than the Swedish holidays (16 at most) and half days (7) any year has."""


def surely_free(rules: Rules) -> int:
    """How many meetings the rules can place in any year, at the least (a lower bound).

    A year the spread cannot fill takes the nearest days the weekday, the
    holidays and the breaks allow (`candidates.spread_off_rule`), so it holds
    `per_year` meetings whenever this many days are surely free. Counted
    generously: every holiday, half day and break day is taken to fall on the
    meeting weekday, each break in two pieces (over New Year, ISO week 1).
    """
    weekly = rules.weekday is not None or bool(rules.rrule)  # an RRULE's days may share one
    length = rules.days
    singles = HOLIDAYS_A_YEAR + (HALF_DAYS_A_YEAR if rules.avoid_half_days else 0)
    if weekly:
        per_start = length // 7 + 1  # the weekday's starts one blocked day takes
        taken = singles * per_start + sum((_days(b) + 2 * length) // 7 + 2 for b in rules.breaks)
        base, apart = 52, 2 * -(-length // 7) - 1
    else:
        taken = singles * length + sum(_days(b) + 2 * length for b in rules.breaks)
        base, apart = 365, 2 * length - 1
    return max(base - taken, 0) // apart


def _days(b: Break) -> int:
    """The most days of a year the break `b` covers."""
    if b.easter is not None:
        return b.easter[1] - b.easter[0] + 1
    if b.first is None or b.last is None:
        return 14  # an ISO week, at both ends of a calendar year
    first, last = date(2000, *b.first), date(2000, *b.last)
    return (last - first).days + 1 if first <= last else 366 - (first - last).days + 1


def _irregular(rotation: Rotation, users: Iterable[Body]) -> set[int]:
    """The years whose meetings the rules alone do not give, or whose turns a change moves."""
    years = {rotation.anchor.on.year} if rotation.anchor and rotation.anchor.on else set()
    years.update(c.on.year for c in rotation.changes)
    if rotation.since is not None:
        years.add(rotation.since.year)  # a year it comes into force in is drafted
    for o in rotation.overrides:
        if isinstance(o, Unavailable):
            # And the year before: a counted meeting may last into its first days.
            years.update(range(o.start.year - 1, (o.end - timedelta(days=1)).year + 1))
    for body in users:
        years.update(body.dates)
        years.update(o.day.year for o in body.overrides)
        years.update(d.year for d in (body.active_from, body.active_until) if d is not None)
    return years


def _after_named(name: str, users: Sequence[Body], first: int) -> set[int]:
    """The years from each published host's up to one that surely holds the next host turn.

    The turns go on after a published host from the meeting that follows it
    (`roles._per_event` anchors the rotation there): that meeting is drafted,
    never counted, or an unavailability on the published turn, or `every` > 1,
    would start the turns after it elsewhere.
    """
    hosting = [b for b in users if b.host == name]
    # After the last year a host body meets by its rules in, the meetings
    # left are published (drafted): no year after it is searched.
    lives = [b.active_until.year if b.active_until else first for b in hosting if b.rules.per_year]
    stop = min(first, max(lives, default=0) + 1)
    years: set[int] = set()
    for body in hosting:
        for year, entries in body.dates.items():
            if not any(e.hosts for e in entries):
                continue
            y = year + 1
            while y < stop and not any(_surely_hosts(b, name, y) for b in hosting):
                y += 1
            years.update(range(year, min(y, stop - 1) + 1))
    return years


def _surely_hosts(body: Body, name: str, year: int) -> bool:
    """Whether the rules alone give `body` a meeting hosted by rotation `name` in `year`."""
    born, gone = body.active_from, body.active_until
    return (
        body.host == name
        and body.rules.per_year > 0
        and year not in body.dates
        and all(o.day.year != year for o in body.overrides)
        and body.rules.meets_in(year)
        and (born is None or born.year < year)
        and (gone is None or gone.year > year)
    )


def _gaps(years: Sequence[int], earliest: int, first: int) -> list[tuple[int, int]]:
    """The runs ``[start, end)`` of years from `earliest` to `first` that are not drafted."""
    edges = [earliest - 1, *(y for y in years if earliest <= y < first), first]
    return [(a + 1, b) for a, b in pairwise(edges) if b - a > 1]


def _stretches(
    coop: Cooperation, name: str, users: Sequence[Body], gaps: Sequence[tuple[int, int]]
) -> list[Unlisted]:
    since = coop.rotations[name].since
    found = []
    for start, end in gaps:
        # Before the rotation is in force a meeting takes no turn (its year is drafted).
        before = since is not None and since.year >= end
        count = 0 if before else sum(_turns(name, body, start, end) for body in users)
        found.append(Unlisted(date(start, 1, 1), date(end, 1, 1), count))
    return found


def _turns(name: str, body: Body, start: int, end: int) -> int:
    """The turns `body`'s meetings give rotation `name` in the years ``[start, end)``.

    Each year the body meets in it holds `per_year` meetings (the spread,
    or the nearest days allowed, never fewer), each a turn per host slot.
    """
    # Its first and last years are drafted, never counted: a run is all in its life or all out.
    born, gone = body.active_from, body.active_until
    if (born is not None and born.year >= end) or (gone is not None and gone.year < start):
        return 0
    rules = body.rules
    if rules.every_years == 1 or rules.first_year is None:
        years = end - start
    else:
        years = _multiples(start - rules.first_year, end - rules.first_year, rules.every_years)
    slots = (body.hosts_per_meeting if body.host == name else 0) + (body.chair == name)
    return years * rules.per_year * slots


def _multiples(lo: int, hi: int, step: int) -> int:
    """How many multiples of `step` lie in ``[lo, hi)``."""
    return -(-hi // step) - -(-lo // step)
