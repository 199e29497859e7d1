"""The segments a rotation's base sequence is made of, and the builder that lays them.

A segment is valid from its first turn until the next segment starts: a
cycle over an order (with a position that is computed, never walked), a
stretch of explicit holders (a published list, or the rest of a round after
a `skip` leave) followed by what comes after it, or a stop.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from rotations._collation import collation_key
from rotations._errors import RotationError
from rotations._model import Change, Join, Rule

FOREVER = -(10**18)  # the start of a segment that reaches back without limit


@dataclass(frozen=True, slots=True)
class Cycle:
    """Turns go round `order`; turn `start` is held by ``order[offset]``."""

    start: int
    order: tuple[str, ...]
    offset: int
    members: tuple[str, ...]
    rule: Rule

    def position(self, k: int) -> int:
        """The index in `order` of turn `k`."""
        return (self.offset + k - self.start) % len(self.order)

    def holder(self, k: int) -> tuple[str, Rule]:
        """The holder of turn `k` and the rule that chose it."""
        return self.order[self.position(k)], self.rule


class Next(StrEnum):
    """What follows a stretch of explicit holders."""

    CYCLE = "cycle"
    """Go round an order from a given place."""
    CONTINUE = "continue"
    """Go round an order after the stretch's last holder."""
    REPEAT = "repeat"
    """Go round the published list from its start."""
    STOP = "stop"
    """Nothing: a look-up is an error."""


@dataclass(frozen=True, slots=True)
class Then:
    """What follows a stretch of explicit holders.

    kind "cycle": go round `order` from ``order[offset]``; "continue": go round
    `order` after the stretch's last holder; "repeat": go round `order` (the
    published list) from its start; "stop": nothing, with `message`.
    """

    kind: Next
    order: tuple[str, ...] = ()
    offset: int = 0
    rule: Rule = Rule.ROTATION
    message: str = ""


@dataclass(frozen=True, slots=True)
class Fixed:
    """Turns ``start`` … ``start + len(holders) - 1`` have explicit holders, then `then`."""

    start: int
    holders: tuple[str, ...]
    rules: tuple[Rule, ...]
    members: tuple[str, ...]
    then: Then
    published: bool

    def holder(self, k: int) -> tuple[str, Rule]:
        """The explicit holder of turn `k`."""
        i = k - self.start
        return self.holders[i], self.rules[i]


@dataclass(frozen=True, slots=True)
class Stopped:
    """Turns outside a published list whose continuation is "stop"."""

    start: int
    message: str
    members: tuple[str, ...]
    label: Callable[[int], str]

    def holder(self, k: int) -> tuple[str, Rule]:
        """Always an error: the list has ended (or not begun)."""
        raise RotationError(self.message.format(turn=self.label(k)))


Segment = Cycle | Fixed | Stopped


@dataclass(frozen=True, slots=True)
class Waive:
    """`member` gives up the turn it would hold, if it holds it: everyone moves up."""

    member: str


Step = Change | Waive


def successor(last: str, members: Sequence[str], reference: Sequence[str]) -> int:
    """Index in `members` of the member that comes after `last` in `reference` order."""
    if last in members:
        return (members.index(last) + 1) % len(members)
    if last in reference:
        start = reference.index(last)
        for step in range(1, len(reference) + 1):
            candidate = reference[(start + step) % len(reference)]
            if candidate in members:
                return members.index(candidate)
    return 0


class BaseSequence:
    """The holders of a rotation's turns before overrides, by turn number."""

    def __init__(self, segments: list[Segment], waived: dict[int, str] | None = None) -> None:
        self.segments = segments
        self.waived = waived or {}
        """Turns a member waived: turn -> the member that waived it."""
        self._starts = [s.start for s in segments]

    def segment(self, k: int) -> Segment:
        """The segment that turn `k` falls in."""
        return self.segments[max(bisect.bisect_right(self._starts, k) - 1, 0)]

    def holder(self, k: int) -> tuple[str, Rule]:
        """The base holder of turn `k` and the rule that chose it."""
        holder, rule = self.segment(k).holder(k)
        return (holder, Rule.WAIVED) if k in self.waived else (holder, rule)

    def members(self, k: int) -> tuple[str, ...]:
        """The members of the rotation at turn `k`, in order."""
        return self.segment(k).members


class Builder:
    """Segments under construction; each change rewrites everything from its turn."""

    def __init__(self, language: str, label: Callable[[int], str], *, alphabetical: bool) -> None:
        self.language = language
        self.label = label
        self.alphabetical = alphabetical
        self.segments: list[Segment] = []
        self.waived: dict[int, str] = {}

    def holder(self, k: int) -> str:
        return BaseSequence(self.segments).holder(k)[0]

    def cut(self, k: int) -> None:
        """Drop every segment that starts at `k` or later."""
        self.segments = [s for s in self.segments if s.start < k]
        self.waived = {t: m for t, m in self.waived.items() if t < k}

    def emit(
        self,
        k: int,
        fixed: list[tuple[str, Rule]],
        then: Then,
        members: tuple[str, ...],
        reference: Sequence[str],
        *,
        published: bool,
        after: str | None = None,
    ) -> None:
        """From turn `k`: the explicit `fixed` holders, then `then`.

        What follows goes on after the last of `fixed`, or after `after` (a
        member that waived turn `k`), or after the holder of turn ``k - 1``.
        """
        self.cut(k)
        if fixed:
            holders = tuple(h for h, _ in fixed)
            rules = tuple(r for _, r in fixed)
            self.segments.append(Fixed(k, holders, rules, members, then, published))
        start = k + len(fixed)
        last = fixed[-1][0] if fixed else after or self.holder(k - 1)
        if (
            then.kind is Next.CYCLE
            and len(then.order) > 1
            and then.order[then.offset % len(then.order)] == last
        ):
            # A cycle never opens with the holder of the turn before (a skip's
            # stand-in, say): it starts with the next member instead.
            then = replace(then, offset=then.offset + 1)
        self.segments.append(self.resolve(start, then, last, members, reference))

    def resolve(
        self, start: int, then: Then, last: str, members: tuple[str, ...], reference: Sequence[str]
    ) -> Segment:
        if then.kind is Next.STOP:
            return Stopped(start, then.message, members, self.label)
        if then.kind is Next.REPEAT:
            then = replace(then, order=tuple(m for m in then.order if m in members))
        if not then.order:
            # Every member of the repeated list has left: go on with the member order.
            then = Then(Next.CONTINUE, members)
        if then.kind is Next.CONTINUE:
            return Cycle(
                start, then.order, self.after(last, then.order, reference), members, Rule.CONTINUE
            )
        return Cycle(start, then.order, then.offset % len(then.order), members, then.rule)

    def after(self, last: str, order: Sequence[str], reference: Sequence[str]) -> int:
        """Index in `order` of the member that follows `last`.

        In an alphabetical rotation that is the next member alphabetically,
        wrapping around, whether `last` is still a member or not (SPEC §2).
        """
        if not self.alphabetical:
            return successor(last, order, reference)
        key = collation_key(last, self.language)
        later = [i for i, m in enumerate(order) if collation_key(m, self.language) > key]
        return later[0] if later else 0

    def insert_at(self, order: Sequence[str], change: Join) -> int:
        """Where a joiner enters `order` (an index past its end means the end)."""
        if self.alphabetical:
            change = replace(change, position="alphabetical")
        if isinstance(change.position, int):
            return min(change.position, len(order))
        return self.join_position(order, change)

    def join_position(self, order: Sequence[str], change: Join) -> int:
        if self.alphabetical:
            change = replace(change, position="alphabetical")
        if change.position == "end":
            return len(order)
        if change.position == "alphabetical":
            key = collation_key(change.member, self.language)
            return sum(1 for m in order if collation_key(m, self.language) < key)
        if not 0 <= change.position <= len(order):
            msg = (
                f"{change.member} joins at position {change.position}, but the order "
                f'has {len(order)} members; valid: 0–{len(order)}, "end" or "alphabetical"'
            )
            raise RotationError(msg, field="changes")
        return change.position
