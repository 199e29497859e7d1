"""Exceptions applied on top of the base sequence.

Three kinds, kept apart (SPEC §2): an *unavailability* defers the turn (the
member is owed the next turn it can take) or forfeits it; a *swap* exchanges
two turns; a *substitution* gives one turn to another member. They are applied
in that order, so an explicit decision (swap, substitution) has the last word.
Every exception changes a bounded stretch of turns: outside it the base
sequence stands, so look-ups far away cost what they cost without exceptions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rotations._engine import BaseSequence
from rotations._errors import RotationError
from rotations._model import (
    Override,
    Rule,
    Substitution,
    Swap,
    Unavailable,
    UnavailablePolicy,
)
from rotations._units import Clock, EventClock


@dataclass(frozen=True, slots=True)
class _Window:
    member: str
    first: int
    last: int
    policy: UnavailablePolicy


class Resolver:
    """The final holder of every turn: base sequence plus exceptions."""

    def __init__(self, base: BaseSequence, clock: Clock, overrides: Sequence[Override]) -> None:
        self.base = base
        self.clock = clock
        self.fixed: dict[int, tuple[str, Rule]] = {}
        # A waive is part of the base sequence (everyone moves up), not an exception here.
        windows = [
            w
            for o in overrides
            if isinstance(o, Unavailable) and o.policy is not UnavailablePolicy.WAIVE
            for w in self._windows(o)
        ]
        if windows:
            self._walk(sorted(windows, key=lambda w: (w.first, w.last, w.member)))
        for o in overrides:
            if isinstance(o, Swap):
                a, b = self._turn(o.first), self._turn(o.second)
                if a is None or b is None:
                    continue
                ha, hb = self.holder(a)[0], self.holder(b)[0]
                self.fixed[a], self.fixed[b] = (hb, Rule.SWAP), (ha, Rule.SWAP)
        for o in overrides:
            if isinstance(o, Substitution):
                k = self._turn(o.period)
                if k is not None:
                    self.fixed[k] = (o.holder, Rule.SUBSTITUTION)

    def holder(self, k: int) -> tuple[str, Rule]:
        """The holder of turn `k` and the rule that chose it."""
        hit = self.fixed.get(k)
        return hit if hit is not None else self.base.holder(k)

    def _turn(self, label: str) -> int | None:
        if isinstance(self.clock, EventClock):
            # A per-event rotation sees the events it is given; an exception
            # for an event outside them has nothing to change.
            return self.clock.turn_of_event(label)
        return self.clock.turn_of_label(label)

    def _windows(self, o: Unavailable) -> list[_Window]:
        turns = overlapping(self.clock, o)
        if not turns:
            return []
        return [_Window(o.member, turns[0], turns[-1], o.policy)]

    def _unavailable(
        self, windows: Sequence[_Window], member: str, t: int
    ) -> UnavailablePolicy | None:
        for w in windows:
            if w.member == member and w.first <= t <= w.last:
                return w.policy
        return None

    def _walk(self, windows: Sequence[_Window]) -> None:
        """Hand out turns from the first affected one until the sequence realigns.

        Each turn goes to the earliest pending base turn whose holder is
        available; a member that cannot take its turn keeps its place in the
        queue (defer), so it takes the first turn it can.
        """
        last = max(w.last for w in windows)
        limit = 4 * max(len(self.base.members(w.first)) for w in windows) + 8
        t = next_base = windows[0].first
        pending: list[int] = []
        # Every owed turn is repaid within `limit` turns of its window, so the
        # walk ends; the bound makes that a checked promise, not a hope.
        budget = (last - t + 1) + limit * (len(windows) + 1) * 4
        while True:
            budget -= 1
            if budget < 0:  # pragma: no cover - a bug, not an input error
                msg = f"the exceptions near {self.clock.label(t)} do not settle; please report this"
                raise RotationError(msg)
            if not pending and next_base == t:
                upcoming = [w.first for w in windows if w.last >= t]
                if not upcoming:
                    break
                t = next_base = max(t, min(upcoming))
            if next_base == t:
                pending.append(t)
                next_base += 1
            next_base = self._give(windows, t, pending, next_base, limit)
            t += 1
            if t > last and not pending and next_base == t:
                break

    def _give(
        self, windows: Sequence[_Window], t: int, pending: list[int], next_base: int, limit: int
    ) -> int:
        """Give turn `t` to the earliest pending base turn whose holder can take it.

        Base turns are pulled into `pending` as far as needed (`next_base` is
        the first not pulled yet); returns the first not pulled after turn `t`.
        """
        i = 0
        saved = (len(pending), next_base)
        while True:
            if i == len(pending):
                if next_base - t > limit:
                    # No upcoming turn belongs to an available member (the
                    # others may be leaving): the pulled turns go back, a
                    # current member stands in, and the turn is consumed,
                    # not owed — there is no later turn to repay it with.
                    del pending[saved[0] :]
                    owed = self.base.holder(pending.pop(0))[0]
                    self.fixed[t] = (self._stand_in(windows, t, instead_of=owed), Rule.STAND_IN)
                    return saved[1]
                pending.append(next_base)
                next_base += 1
            pos = pending[i]
            member = self.base.holder(pos)[0]
            policy = self._unavailable(windows, member, t)
            if policy is None:
                pending.pop(i)
                if pos != t:
                    self.fixed[t] = (member, Rule.DEFERRED if pos < t else Rule.MOVED_UP)
                return next_base
            if policy is UnavailablePolicy.FORFEIT:
                pending.pop(i)
                self.fixed[t] = (self._stand_in(windows, t, instead_of=member), Rule.FORFEITED)
                return next_base
            i += 1

    def _stand_in(self, windows: Sequence[_Window], t: int, *, instead_of: str) -> str:
        """Who takes turn `t` without being owed or owing anything.

        The next available holder of an upcoming turn, else any available
        current member.
        """
        upcoming = (
            self.base.holder(t + step)[0] for step in range(1, 4 * len(self.base.members(t)) + 8)
        )
        for candidate in (*upcoming, *self.base.members(t)):
            if candidate != instead_of and self._unavailable(windows, candidate, t) is None:
                return candidate
        msg = f"nobody can take the turn {self.clock.label(t)}: every member is unavailable then"
        raise RotationError(msg)


def overlapping(clock: Clock, o: Unavailable) -> list[int]:
    """The turns that overlap the unavailability `o`."""
    if o.end <= o.start:
        msg = (
            f"{o.member} is unavailable from {o.start} to {o.end}: "
            "the end must come after the start"
        )
        raise RotationError(msg, field="overrides")
    return [
        k
        for k in _candidate_turns(clock, o)
        if clock.span(k)[0] < o.end and o.start < clock.span(k)[1]
    ]


def _candidate_turns(clock: Clock, o: Unavailable) -> Sequence[int]:
    if isinstance(clock, EventClock):
        return clock.turns()
    return clock.turns_overlapping(o.start, o.end)
