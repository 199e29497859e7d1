"""A deliberately naive reference model of a rotation (issue 17).

It walks turn by turn from the rotation's first turn, applying each change,
waive and exception literally as docs/rotations.md states it: no segments,
no arithmetic on positions, no caching. The engine (`rotations._engine`,
`rotations._overrides`) must give the same terms; tests/test_rotation_reference.py
checks that for drawn rotations. Turn numbers and the dates of a turn come
from the rotation's clock, which has its own tests.

Read it beside docs/rotations.md: each rule is a few lines here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from rotations import (
    Deputy,
    Join,
    Leave,
    LeavePolicy,
    Rotation,
    Substitution,
    Swap,
    Unavailable,
    UnavailablePolicy,
    collation_key,
)
from rotations._units import Clock, Event, EventClock

Turn = tuple[str, str]  # (holder, rule)


@dataclass(frozen=True)
class Row:
    """What the model says about one (piece of a) term."""

    holder: str
    deputy: str | None
    start: date
    end: date
    period: str
    rule: str


@dataclass
class _State:
    """Where the walk stands before a turn."""

    members: list[str]
    """The current members, in rotation order."""
    seen: list[str]
    """Every member ever, in order: a departed member is followed by who came after it."""
    last: str | None = None
    """The holder of the turn before."""
    queue: list[Turn] = field(default_factory=list)
    """Explicit holders of the next turns: a published list, or the rest of a round."""
    listed: bool = False
    """Whether `queue` is (the rest of) a published list."""
    after: str = "cycle"
    """What follows the queue: "cycle" (the member after the last holder),
    "repeat" (the repeated list) or "stop"."""
    round: bool = False
    """Whether the next turn after the queue starts a new round."""
    rule: str = "rotation"
    """The rule of a cycle's turns."""
    repeat: list[str] = field(default_factory=list)
    """The list that repeats, as it now stands."""
    at: int = 0
    """Where the repeated list stands: the index of the next holder."""
    k: int = 0
    """The turn being walked."""


class Stop(Exception):  # noqa: N818 - a stop is not an error of the model
    """The published list has ended (or not begun) and the rotation stops."""


class Nobody(Exception):  # noqa: N818 - a verdict, not an error of the model
    """Nobody can take a turn: every member is unavailable or waives it."""


def _after(rotation: Rotation, last: str, members: Sequence[str], seen: Sequence[str]) -> str:
    """The member that follows `last`: alphabetically, or in the order ever seen."""
    if rotation.alphabetical:
        key = collation_key(last, rotation.language)
        later = [m for m in members if collation_key(m, rotation.language) > key]
        return later[0] if later else members[0]
    if last in members:
        return members[(list(members).index(last) + 1) % len(members)]
    i = seen.index(last)
    return next(m for m in [*seen[i + 1 :], *seen[: i + 1]] if m in members)


def _place(rotation: Rotation, order: Sequence[str], join: Join) -> int:
    """Where `join` enters `order`: alphabetical rotations put it in its place."""
    if rotation.alphabetical or join.position == "alphabetical":
        key = collation_key(join.member, rotation.language)
        return sum(1 for m in order if collation_key(m, rotation.language) < key)
    if join.position == "end":
        return len(order)
    return min(int(join.position), len(order))


class Model:
    """The base holders of a rotation, turn by turn, then its exceptions."""

    def __init__(
        self,
        rotation: Rotation,
        changes: Sequence[Join | Leave] | None = None,
        *,
        clock: Clock | None = None,
        first: int = 0,
    ) -> None:
        self.r = rotation
        self.clock: Clock = clock if clock is not None else rotation.clock
        self.changes = list(rotation.changes if changes is None else changes)
        listed = sorted((self.clock.turn_of_label(p), h) for p, h in rotation.published)
        self.first_listed = listed[0][0] if listed else None
        self.listed = [h for _, h in listed]
        self.base: dict[int, Turn] = {}
        self.members_at: dict[int, tuple[str, ...]] = {}
        self.start = 0 if rotation.anchor is not None else listed[0][0]
        if self.first_listed is not None:
            self.start = min(self.start, self.first_listed)
        self.start = min(self.start, first)  # per event: the first counted event
        self.absences = [o for o in rotation.overrides if isinstance(o, Unavailable)]

    # -- the base sequence ---------------------------------------------------
    def walk(self, last_turn: int) -> None:
        """The base holder of every turn from the first to `last_turn`."""
        r = self.r
        s = _State(members=list(r.members), seen=list(r.members))
        if r.anchor is not None:
            n = len(r.members)
            s.last = r.members[(r.members.index(r.anchor.holder) + self.start - 1) % n]
        effective = [(self.clock.first_turn_from(c.on), c) for c in self.changes]
        for k in range(self.start, last_turn + 1):
            s.k = k
            if k == self.first_listed:
                self.begin_list(s)  # the list first, then the changes of its first turn
            for change in (c for when, c in effective if when == k):
                self.change(s, change)
            try:
                holder, rule = self.waive(s, k, *self.next(s))
            except Stop:
                holder, rule = "", "stop"
            self.base[k] = (holder, rule)
            self.members_at[k] = tuple(s.members)
            s.last = holder or s.last

    def begin_list(self, s: _State) -> None:
        """From its first period the published list holds the turns."""
        r = self.r
        s.queue = [(h, "published") for h in self.listed]
        s.listed, s.round = True, False
        s.after = {"repeat": "repeat", "continue": "cycle", "stop": "stop"}[r.after.value]
        s.rule = "continue"
        s.repeat, s.at = list(self.listed), 0
        for c in self.changes:
            # A member that left before the list gives up its listed periods too.
            when = self.clock.first_turn_from(c.on)
            gone = c.member not in s.members
            if isinstance(c, Leave) and when < s.k and c.member in self.listed and gone:
                self.leave_list(s, c)

    def next(self, s: _State) -> Turn:
        """Who holds the turn: the queue, else what follows it."""
        if s.queue:
            return s.queue.pop(0)
        if s.after == "stop" or s.last is None:
            raise Stop
        if s.after == "repeat":
            current = [m for m in s.repeat if m in s.members]
            if current != s.repeat:
                s.repeat, s.at = current, 0
            if not s.repeat:
                s.after, s.rule, s.round = "cycle", "continue", False
        if s.after == "repeat":
            if s.round:
                s.round = False
                s.at = 1 if len(s.repeat) > 1 and s.repeat[0] == s.last else 0
            holder = s.repeat[s.at % len(s.repeat)]
            s.at = (s.at + 1) % len(s.repeat)
            return holder, "repeat"
        if s.round:
            # A new round starts with the first member, never with the last holder.
            s.round = False
            first = s.members[0]
            return (first if first != s.last or len(s.members) == 1 else s.members[1]), s.rule
        return _after(self.r, s.last, s.members, s.seen), s.rule

    def waive(self, s: _State, k: int, holder: str, rule: str) -> Turn:
        """A member that waives its turn gives it up: everyone moves up."""
        if not self.absences:
            return holder, rule
        start, end = self.clock.span(k)
        for o in self.absences:
            if (
                o.policy is UnavailablePolicy.WAIVE
                and o.member == holder
                and start < o.end
                and o.start < end
            ):
                s.last = holder  # what follows goes on after the waiver
                holder, rule = self.next(s)[0], "waived"
                if holder == o.member:
                    raise Nobody  # next in line is the waiver itself
        return holder, rule

    # -- membership changes ------------------------------------------------------
    def change(self, s: _State, change: Join | Leave) -> None:
        if isinstance(change, Join):
            self.join(s, change)
            return
        old = list(s.members)
        s.members.remove(change.member)
        if s.queue and s.listed:
            self.leave_list(s, change)
        elif s.queue:
            self.leave_round(s, change)
        elif s.after == "repeat" and s.repeat:
            self.leave_repeat(s, change)
        else:
            self.leave_cycle(s, change, old)

    def join(self, s: _State, join: Join) -> None:
        order = list(s.members)
        s.members.insert(_place(self.r, order, join), join.member)
        if join.member not in s.seen:
            at = s.members.index(join.member)
            before = s.seen.index(s.members[at - 1]) + 1 if at > 0 else 0
            s.seen.insert(before, join.member)
        if s.after == "repeat" and s.repeat and not (s.queue and s.listed):
            self.join_repeat(s, join)
        if not s.queue:
            # Between rounds too: the next turn goes to whoever follows the
            # last holder in the new order.
            s.round = False
            return
        if not s.listed:
            # The rest of a round: a joiner at the end enters at its end.
            if join.position == "end" and not self.r.alphabetical:
                s.queue.append((join.member, "rotation"))
            return
        self.join_list(s, join)

    def join_repeat(self, s: _State, join: Join) -> None:
        """The repeated list takes the joiner at its place; it goes on after the last holder."""
        order, n = s.repeat, len(s.repeat)
        at = _place(self.r, order, join)
        new = [*order[:at], join.member, *order[at:]]
        if s.queue:
            s.repeat = new  # a new round starts at its first member
            return
        if s.round:
            s.round = False
            s.at = 1 if n > 1 and order[0] == s.last else 0
        before = (s.at - 1) % n
        if self.r.alphabetical:
            assert s.last is not None
            s.repeat, s.at = new, new.index(_after(self.r, s.last, new, s.seen))
        elif order[before] != s.last:
            assert s.last is not None
            s.repeat, s.at = new, self.successor(s.last, new, s.seen)
        else:
            s.repeat, s.at = new, (before + (1 if at <= before else 0) + 1) % len(new)
        self.not_the_last_again(s)

    @staticmethod
    def not_the_last_again(s: _State) -> None:
        """Whatever the change, a cycle never opens with the member that held the turn before."""
        if not s.round and len(s.repeat) > 1 and s.repeat[s.at % len(s.repeat)] == s.last:
            s.at = (s.at + 1) % len(s.repeat)

    @staticmethod
    def successor(last: str, order: Sequence[str], seen: Sequence[str]) -> int:
        if last in order:
            return (order.index(last) + 1) % len(order)
        i = seen.index(last) if last in seen else -1
        nxt = next((m for m in [*seen[i + 1 :], *seen[: i + 1]] if m in order), order[0])
        return order.index(nxt)

    def join_list(self, s: _State, join: Join) -> None:
        """The newcomer enters the rest of a published list."""
        if any(h == join.member for h, _ in s.queue):
            return  # the list places it already
        entry = (join.member, "published")
        if join.position == "end":
            s.queue.append(entry)
        elif join.position == "alphabetical":
            key = collation_key(join.member, self.r.language)
            at = next(
                (i for i, (h, _) in enumerate(s.queue) if collation_key(h, self.r.language) > key),
                len(s.queue),
            )
            s.queue.insert(at, entry)
        else:
            s.queue.insert(min(int(join.position), len(s.queue)), entry)
        self.list_as_it_stands(s)

    def list_as_it_stands(self, s: _State) -> None:
        if s.after == "repeat":
            assert self.first_listed is not None
            earlier = [self.base[t][0] for t in range(self.first_listed, s.k)]
            s.repeat = [m for m in [*earlier, *(h for h, _ in s.queue)] if m in s.members]
            s.at = 0

    def leave_cycle(self, s: _State, leave: Leave, old: list[str]) -> None:
        """A leave while the members go round: shift, or skip in the current round."""
        assert s.last is not None
        if s.round:  # a new round is due: it starts with the first member (not the last holder)
            pos = 1 if len(old) > 1 and old[0] == s.last else 0
        else:
            pos = old.index(_after(self.r, s.last, old, s.seen))
        skip = leave.policy is LeavePolicy.SKIP and not self.r.alphabetical
        if not (skip and 0 < pos <= old.index(leave.member)):
            return  # shift: the old sequence without the leaver
        # Skip: the rest of the current round keeps its turns; the leaver's
        # is handed on; then a new round over the others.
        s.queue = [(m, s.rule) for m in old[pos:]]
        s.listed, s.round = False, True
        self.hand_on(s, leave.member)

    def leave_repeat(self, s: _State, leave: Leave) -> None:
        order, n = s.repeat, len(s.repeat)
        if s.round:  # a new round of the list is due
            s.round = False
            s.at = 1 if n > 1 and order[0] == s.last else 0
        due = s.at % n
        remaining = [m for m in order if m != leave.member]
        left_at = order.index(leave.member) if leave.member in order else -1
        if not remaining:
            s.repeat = []
            return
        if leave.policy is LeavePolicy.SKIP and 0 < due <= left_at:
            s.queue = [(m, "repeat") for m in order[due:]]
            s.listed, s.round = False, True
            s.repeat = remaining
            self.hand_on(s, leave.member)
            return
        idx = next((due + i) % n for i in range(n) if order[(due + i) % n] != leave.member)
        s.repeat, s.at = remaining, idx - order[:idx].count(leave.member)
        self.not_the_last_again(s)

    def leave_round(self, s: _State, leave: Leave) -> None:
        if leave.policy is LeavePolicy.SHIFT:
            kept: list[Turn] = []
            for h, rule in s.queue:
                if h != leave.member and h != (kept[-1][0] if kept else s.last):
                    kept.append((h, rule))
            s.queue = kept
        else:
            self.hand_on(s, leave.member)
        s.repeat = [m for m in s.repeat if m != leave.member]

    def leave_list(self, s: _State, leave: Leave) -> None:
        if leave.policy is LeavePolicy.SHIFT:
            s.queue = [(h, rule) for h, rule in s.queue if h != leave.member]
        else:
            self.hand_on(s, leave.member)
        self.list_as_it_stands(s)

    def hand_on(self, s: _State, leaver: str) -> None:
        """Each of the leaver's turns goes to the next member that holds neither neighbour.

        The candidates: the later holders of the queue, then the members after
        the leaver in order; with none, the turn is dropped.
        """
        out: list[Turn] = []
        queue = s.queue
        j = s.seen.index(leaver)
        after_leaver = [m for m in [*s.seen[j + 1 :], *s.seen[:j]] if m in s.members]
        for i, (holder, rule) in enumerate(queue):
            if holder != leaver:
                out.append((holder, rule))
                continue
            before = out[-1][0] if out else s.last
            rest = [h for h, _ in queue[i + 1 :] if h != leaver]
            following = rest[0] if rest else self.first_after_queue(s, before)
            candidates = dict.fromkeys([*rest, *after_leaver])
            choice = next((m for m in candidates if m not in (before, following, leaver)), None)
            if choice is not None:
                out.append((choice, "skip"))
        s.queue = out

    def first_after_queue(self, s: _State, last: str | None) -> str | None:
        """Who holds the first turn after the queue (no bump: as the engine's plan)."""
        if s.after == "stop" or last is None:
            return None
        if s.round:
            order = [m for m in s.repeat if m in s.members] if s.after == "repeat" else s.members
            return order[0] if order else None
        if s.after == "repeat":
            current = [m for m in s.repeat if m in s.members]
            return current[0] if current else None
        return _after(self.r, last, s.members, s.seen)

    # -- exceptions ----------------------------------------------------------------
    def holders(self, first: int, last: int) -> dict[int, Turn]:
        """Every holder from the first turn to `last`, exceptions applied."""
        named = [
            self.clock.turn_of_label(p)
            for o in self.r.overrides
            for p in (
                (o.first, o.second)
                if isinstance(o, Swap)
                else (o.period,)
                if isinstance(o, Substitution)
                else ()
            )
        ]
        ends = [self.clock.turn_at(o.end) for o in self.r.overrides if isinstance(o, Unavailable)]
        reach = max([last, *named, *ends])
        horizon = reach + 8 * (len(self.r.members) + len(self.changes)) + 24
        self.walk(horizon)
        final = dict(self.base)
        self.unavailable(final, horizon)
        for o in self.r.overrides:
            if isinstance(o, Swap):
                a, b = self.clock.turn_of_label(o.first), self.clock.turn_of_label(o.second)
                if a in final and b in final:
                    final[a], final[b] = (final[b][0], "swap"), (final[a][0], "swap")
        for o in self.r.overrides:
            if isinstance(o, Substitution):
                k = self.clock.turn_of_label(o.period)
                if k in final:
                    final[k] = (o.holder, "substitution")
        return {k: final[k] for k in range(first, last + 1)}

    def away(self, member: str, k: int) -> UnavailablePolicy | None:
        if not self.absences:
            return None
        start, end = self.clock.span(k)
        for o in self.absences:
            if (
                o.policy is not UnavailablePolicy.WAIVE
                and o.member == member
                and start < o.end
                and o.start < end
            ):
                return o.policy
        return None

    def unavailable(self, final: dict[int, Turn], horizon: int) -> None:
        """Each turn goes to the earliest pending base turn whose holder is available.

        A deferring member keeps its place among the pending turns; a
        forfeiting one gives its turn to a stand-in. With no available
        holder up to the horizon, a current member stands in.
        """
        pending: list[int] = []
        next_base = self.start
        for t in range(self.start, horizon - 4 * len(self.r.members) - 16):
            if next_base == t:
                pending.append(t)
                next_base += 1
            i = 0
            while True:
                if i == len(pending):
                    if next_base - t > 4 * len(self.members_at[t]) + 8:
                        owed = self.base[pending.pop(0)][0]
                        final[t] = (self.stand_in(t, owed), "stand-in")
                        break
                    pending.append(next_base)
                    next_base += 1
                pos = pending[i]
                member = self.base[pos][0]
                policy = self.away(member, t)
                if policy is None:
                    pending.pop(i)
                    if pos != t:
                        final[t] = (member, "deferred" if pos < t else "moved up")
                    break
                if policy is UnavailablePolicy.FORFEIT:
                    pending.pop(i)
                    final[t] = (self.stand_in(t, member), "forfeited")
                    break
                i += 1

    def stand_in(self, t: int, instead_of: str) -> str:
        upcoming = [self.base[k][0] for k in range(t + 1, t + 4 * len(self.members_at[t]) + 8)]
        for m in [*upcoming, *self.members_at[t]]:
            if m != instead_of and self.away(m, t) is None:
                return m
        raise Nobody


def reference_terms(rotation: Rotation, start: date, end: date) -> list[Row]:
    """The model's terms overlapping ``[start, end)``, split where a deputy changes."""
    clock = rotation.clock
    first, last = clock.turn_at(start), clock.turn_at(end - timedelta(days=1))
    held = Model(rotation).holders(first, last + 1)
    # The holders as known with the first n changes only (for the deputy "as known that day").
    known: dict[int, dict[int, Turn] | None] = {len(rotation.changes): held}
    rows: list[Row] = []
    for k in range(first, last + 1):
        holder, rule = held[k]
        if rule == "stop":
            raise Stop
        s, e = clock.span(k)
        cuts = sorted({c.on for c in rotation.changes if s < c.on < e})
        for a, b in zip([s, *cuts], [*cuts, e], strict=True):
            deputy = _deputy(rotation, k, a, holder, known, turns=(first, last + 1), clock=clock)
            row = Row(holder, deputy, a, b, clock.label(k), rule)
            if rows and rows[-1].period == row.period and rows[-1].deputy == row.deputy:
                rows[-1] = Row(holder, row.deputy, rows[-1].start, b, row.period, rule)
            else:
                rows.append(row)
    return [row for row in rows if row.start < end and start < row.end]


def _deputy(
    rotation: Rotation,
    k: int,
    on: date,
    holder: str,
    known: dict[int, dict[int, Turn] | None],
    *,
    turns: tuple[int, int],
    clock: Clock,
) -> str | None:
    if rotation.deputy is Deputy.NONE:
        return None
    if rotation.deputy is Deputy.OTHER:
        return next(m for m in rotation.members if m != holder)
    # The next holder as the rotation stood that day: changes after it are unknown.
    n = sum(1 for c in rotation.changes if c.on <= on)
    if n not in known:
        try:
            model = Model(rotation, rotation.changes[:n], clock=clock, first=turns[0])
            known[n] = model.holders(*turns)
        except Nobody:
            known[n] = None  # as known that day, nobody could take a turn
    held = known[n]
    # Before a stop the next turn has no holder, so there is no deputy.
    return None if held is None else held[k + 1][0] or None


def reference_assign(rotation: Rotation, events: Sequence[Event]) -> list[Row]:
    """The model's term for each counted event of a per-event rotation, in date order."""
    assert rotation.anchor is not None
    clock = EventClock(
        events,
        anchor=rotation.anchor.on,
        count_cancelled=rotation.count_cancelled,
        every=rotation.every,
    )
    if not len(clock):
        return []
    turns = clock.turns()
    held = Model(rotation, clock=clock, first=turns.start).holders(turns.start, turns.stop)
    known: dict[int, dict[int, Turn] | None] = {len(rotation.changes): held}
    rows = []
    for e in clock.events:
        k = clock.turn_of_event(e.key)
        assert k is not None
        holder, rule = held[k]
        on = clock.span(k)[0]
        deputy = _deputy(
            rotation, k, on, holder, known, turns=(turns.start, turns.stop), clock=clock
        )
        rows.append(Row(holder, deputy, e.start, e.stop, e.key, rule))
    return rows
