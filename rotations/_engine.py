"""The base sequence of a rotation: who holds turn ``k``, before exceptions.

The sequence is a list of segments, each valid from its first turn until the
next segment starts. A segment is a cycle over an order (with a position that
is computed, never walked) or a stretch of a published list. Membership
changes and the end of a published list start new segments; a new segment is
built from where the previous one stood on the turn before, so nothing before
a change's first turn can move.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rotations._collation import collation_key
from rotations._errors import RotationError
from rotations._model import After, Change, Join, Leave, LeavePolicy


@dataclass(frozen=True, slots=True)
class Cycle:
    """Turns go round `order`; turn `start` is held by ``order[offset]``."""

    start: int
    order: tuple[str, ...]
    offset: int
    members: tuple[str, ...]
    rule: str
    vacated: frozenset[str] = frozenset()
    fillers: tuple[str, ...] = ()

    def position(self, k: int) -> int:
        """The index in `order` of turn `k`."""
        return (self.offset + k - self.start) % len(self.order)

    def holder(self, k: int) -> tuple[str, str]:
        """The holder of turn `k` and the rule that chose it."""
        member = self.order[self.position(k)]
        if member not in self.vacated:
            return member, self.rule
        # Seed-free rule, documented in docs/rotations.md: a member that left
        # with policy "skip" leaves its slots in place; the n-th vacated slot
        # since this segment began goes to the n-th filler, round the order.
        return self.fillers[self._vacated_before(k) % len(self.fillers)], "skip"

    def _vacated_before(self, k: int) -> int:
        n = len(self.order)
        total = 0
        for pos, member in enumerate(self.order):
            if member in self.vacated:
                first = (pos - self.offset) % n
                if k - self.start > first:
                    total += (k - self.start - first + n - 1) // n
        return total


@dataclass(frozen=True, slots=True)
class Listed:
    """Turns ``first`` … ``first + len(holders) - 1`` follow a published list."""

    start: int
    first: int
    holders: tuple[str, ...]
    members: tuple[str, ...]

    def holder(self, k: int) -> tuple[str, str]:
        """The listed holder of turn `k`."""
        return self.holders[k - self.first], "published"


@dataclass(frozen=True, slots=True)
class Stopped:
    """Turns outside a published list whose continuation is "stop"."""

    start: int
    message: str
    members: tuple[str, ...]
    label: Callable[[int], str]

    def holder(self, k: int) -> tuple[str, str]:
        """Always an error: the list has ended (or not begun)."""
        raise RotationError(self.message.format(turn=self.label(k)))


Segment = Cycle | Listed | Stopped
_FOREVER = -(10**18)  # the start of a segment that reaches back without limit


@dataclass(slots=True)
class Cursor:
    """Where a rotation stands: the order, and the position of the next holder."""

    order: list[str]
    next: int


def _successor(last: str, members: Sequence[str], reference: Sequence[str]) -> int:
    """Index in `members` of the member that comes after `last` in `reference` order."""
    if last in members:
        return (members.index(last) + 1) % len(members)
    start = reference.index(last)
    for step in range(1, len(reference) + 1):
        candidate = reference[(start + step) % len(reference)]
        if candidate in members:
            return members.index(candidate)
    msg = "no member is left to continue the rotation"
    raise RotationError(msg)


def _first_surviving(order: Sequence[str], pos: int, gone: set[str]) -> str:
    n = len(order)
    for step in range(n):
        member = order[(pos + step) % n]
        if member not in gone:
            return member
    msg = "no member is left to continue the rotation"
    raise RotationError(msg)


class BaseSequence:
    """The holders of a rotation's turns before overrides, by turn number."""

    def __init__(self, segments: list[Segment]) -> None:
        self.segments = segments
        self._starts = [s.start for s in segments]

    def segment(self, k: int) -> Segment:
        """The segment that turn `k` falls in."""
        return self.segments[max(bisect.bisect_right(self._starts, k) - 1, 0)]

    def holder(self, k: int) -> tuple[str, str]:
        """The base holder of turn `k` and the rule that chose it."""
        return self.segment(k).holder(k)

    def members(self, k: int) -> tuple[str, ...]:
        """The members of the rotation at turn `k`, in order."""
        return self.segment(k).members


@dataclass(slots=True)
class _Builder:
    language: str
    alphabetical: bool
    segments: list[Segment] = field(default_factory=list)

    def cursor_at(self, k: int, members: tuple[str, ...], reference: list[str]) -> Cursor:
        """Where the current (last) segment stands at turn `k`."""
        seg = self.segments[-1]
        if isinstance(seg, Cycle):
            order = [m for m in seg.order if m not in seg.vacated]
            gone = set(seg.vacated)
            nxt = _first_surviving(seg.order, seg.position(k), gone)
            return Cursor(order, order.index(nxt))
        if isinstance(seg, Listed):
            last = seg.holders[k - 1 - seg.first]
            order = list(members)
            return Cursor(order, _successor(last, order, reference))
        msg = "a rotation that has stopped cannot take a membership change"
        raise RotationError(msg)

    def join_position(self, order: Sequence[str], change: Join) -> int:
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
            raise RotationError(msg)
        return change.position


def build(
    *,
    order: tuple[str, ...],
    alphabetical: bool,
    language: str,
    anchor: tuple[int, str] | None,
    listed: tuple[int, tuple[str, ...]] | None,
    after: After,
    changes: Sequence[tuple[int, Change]],
    label: Callable[[int], str],
) -> BaseSequence:
    """Build the base sequence.

    Args:
        order: the members at the start, in rotation order.
        alphabetical: whether joiners and the order follow collation.
        language: "sv" or "en", for alphabetical order.
        anchor: (turn, holder) of the anchor, if any.
        listed: (first turn, holders) of a published list, if any.
        after: what follows the list.
        changes: (effective turn, change) pairs, sorted by turn.
        label: a callable turn -> period name, for messages.

    """
    b = _Builder(language, alphabetical)
    members = order
    reference = list(order)
    name = label

    if anchor is not None:
        turn, holder = anchor
        # The first segment reaches back without limit; its offset is set so
        # that the anchor's turn falls on the anchor holder.
        offset = (order.index(holder) - turn + _FOREVER) % len(order)
        b.segments.append(Cycle(_FOREVER, order, offset, members, "rotation"))
    elif listed is not None:
        # Before its first period a published list says nothing; guessing a
        # holder for the past would invent history, so it is an error.
        first = listed[0]
        msg = f"the published list begins with {name(first)}; {{turn}} has no holder"
        b.segments.append(Stopped(_FOREVER, msg, members, name))
    else:  # pragma: no cover - the Rotation validates this
        msg = "a rotation needs an anchor or a published list"
        raise RotationError(msg)

    # Timeline: list start (0), changes (1), list end (2), ordered by turn.
    timeline: list[tuple[int, int, object]] = [(k, 1, c) for k, c in changes]
    if listed is not None:
        first, holders = listed
        timeline += [(first, 0, None), (first + len(holders), 2, None)]
    timeline.sort(key=lambda item: (item[0], item[1]))

    listing = False
    for k, kind, change in timeline:
        if kind == 0:
            assert listed is not None
            b.segments.append(Listed(k, listed[0], listed[1], members))
            listing = True
        elif kind == 2:
            assert listed is not None
            listing = False
            holders = listed[1]
            if after is After.STOP:
                msg = (
                    f"the published list ended with {name(listed[0] + len(holders) - 1)} "
                    'and the rotation is set to stop (after = "stop"); {turn} has no '
                    'holder. Publish a new list, or set after = "repeat" or "continue"'
                )
                b.segments.append(Stopped(k, msg, members, name))
            elif after is After.REPEAT:
                order_ = tuple(m for m in holders if m in members)
                b.segments.append(Cycle(k, order_, 0, members, "repeat"))
            else:
                pos = _successor(holders[-1], list(members), reference)
                b.segments.append(Cycle(k, members, pos, members, "continue"))
        else:
            assert isinstance(change, Join | Leave)
            members, reference = _apply_membership(members, reference, change, b)
            if listing:
                seg = b.segments[-1]
                assert isinstance(seg, Listed)
                b.segments.append(Listed(k, seg.first, seg.holders, members))
                continue
            b.segments.append(_next_cycle(b, k, change, members, reference))
    return BaseSequence(_merge_same_start(b.segments))


def _apply_membership(
    members: tuple[str, ...], reference: list[str], change: Change, b: _Builder
) -> tuple[tuple[str, ...], list[str]]:
    if isinstance(change, Leave):
        if change.member not in members:
            msg = f"{change.member} leaves on {change.on}, but is not a member then"
            raise RotationError(msg)
        if len(members) == 1:
            msg = f"{change.member} is the last member and cannot leave on {change.on}"
            raise RotationError(msg)
        return tuple(m for m in members if m != change.member), reference
    if change.member in members:
        msg = f"{change.member} joins on {change.on}, but is a member already"
        raise RotationError(msg)
    pos = b.join_position(members, change)
    new_members = (*members[:pos], change.member, *members[pos:])
    if change.member not in reference:
        # Departed members stay in the reference order so that a rotation can
        # continue "after" them; a joiner goes in after its predecessor.
        at = reference.index(new_members[pos - 1]) + 1 if pos > 0 else 0
        reference = [*reference[:at], change.member, *reference[at:]]
    return new_members, reference


def _next_cycle(
    b: _Builder, k: int, change: Change, members: tuple[str, ...], reference: list[str]
) -> Cycle:
    seg = b.segments[-1]
    if isinstance(change, Leave) and change.policy is LeavePolicy.SKIP and isinstance(seg, Cycle):
        vacated = seg.vacated | {change.member}
        n = len(seg.order)
        at = seg.order.index(change.member)
        rotated = [seg.order[(at + 1 + i) % n] for i in range(n)]
        fillers = tuple(dict.fromkeys(m for m in rotated if m not in vacated))
        return Cycle(k, seg.order, seg.position(k), members, seg.rule, vacated, fillers)
    rule = seg.rule if isinstance(seg, Cycle) else "continue"
    previous_members = seg.members
    cursor = b.cursor_at(k, previous_members, reference)
    order = cursor.order
    if isinstance(change, Leave):
        nxt = _first_surviving(order, cursor.next, {change.member})
        order = [m for m in order if m != change.member]
        return Cycle(k, tuple(order), order.index(nxt), members, rule)
    pos = b.join_position(order, change)
    nxt_pos = cursor.next if pos > cursor.next else cursor.next + 1
    if pos == cursor.next:
        nxt_pos = pos
    order = [*order[:pos], change.member, *order[pos:]]
    return Cycle(k, tuple(order), nxt_pos % len(order), members, rule)


def _merge_same_start(segments: list[Segment]) -> list[Segment]:
    """Keep only the last segment of those that start on the same turn."""
    merged: list[Segment] = []
    for seg in segments:
        if merged and merged[-1].start == seg.start:
            merged[-1] = seg
        else:
            merged.append(seg)
    return merged
