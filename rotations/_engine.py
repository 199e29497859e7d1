"""The base sequence of a rotation: who holds turn ``k``, before exceptions.

The sequence is a list of segments, each valid from its first turn until the
next segment starts. A segment is a cycle over an order (with a position that
is computed, never walked), a stretch of explicit holders (a published list,
or the rest of a round after a `skip` leave) followed by what comes after it,
or a stop. Each membership change reads where the sequence stands on its
first turn, rewrites what follows and drops the segments after that turn, so
nothing before a change's first turn can move.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import replace

from rotations._collation import collation_key
from rotations._errors import RotationError
from rotations._model import After, Change, Join, Leave, LeavePolicy, Rule
from rotations._segments import (
    FOREVER,
    BaseSequence,
    Builder,
    Cycle,
    Fixed,
    Next,
    Step,
    Stopped,
    Then,
    Waive,
    successor,
)

__all__ = ["BaseSequence", "Fixed", "Step", "Waive", "build"]


def build(
    *,
    order: tuple[str, ...],
    language: str,
    anchor: tuple[int, str] | None,
    listed: tuple[int, tuple[str, ...]] | None,
    after: After,
    changes: Sequence[tuple[int, Step]],
    label: Callable[[int], str],
    alphabetical: bool = False,
) -> BaseSequence:
    """Build the base sequence.

    Args:
        order: the members at the start, in rotation order.
        language: "sv" or "en", for alphabetical joins.
        anchor: (turn, holder) of the anchor, if any.
        listed: (first turn, holders) of a published list, if any.
        after: what follows the list.
        changes: (effective turn, change) pairs, sorted by turn; a `Waive`
            comes after the changes of its turn.
        label: a callable turn -> period name, for messages.
        alphabetical: the order is alphabetical: a joiner takes its
            alphabetical place (whatever its position), and after a leave the role goes to the next
            current member after the last holder, alphabetically.

    """
    b = Builder(language, label, alphabetical=alphabetical)
    members = order
    reference = list(order)

    if anchor is not None:
        turn, holder = anchor
        # The first segment reaches back without limit; its offset is set so
        # that the anchor's turn falls on the anchor holder.
        offset = (order.index(holder) - turn + FOREVER) % len(order)
        b.segments.append(Cycle(FOREVER, order, offset, members, Rule.ROTATION))
    elif listed is not None:
        # Before its first period a published list says nothing; guessing a
        # holder for the past would invent history, so it is an error.
        msg = f"the published list begins with {label(listed[0])}; {{turn}} has no holder"
        b.segments.append(Stopped(FOREVER, msg, members, label))
    else:  # pragma: no cover - the Rotation validates this
        msg = "a rotation needs an anchor or a published list"
        raise RotationError(msg)

    pending = list(changes)
    if listed is not None:
        first, holders = listed
        # Changes before the list (an anchored rotation) apply first; the list
        # then takes over from its first period with the members of that day.
        earlier: list[Leave] = []
        while pending and pending[0][0] < first:
            k, change = pending.pop(0)
            members, reference = _step(b, k, change, members, reference)
            if isinstance(change, Leave):
                earlier.append(change)
        then = _after_list(after, holders, members, last=label(first + len(holders) - 1))
        fixed = [(h, Rule.PUBLISHED) for h in holders]
        b.emit(first, fixed, then, members, reference, published=True)
        for leave in earlier:
            # A member that left before the list (and is not back) gives up its
            # listed periods too.
            if leave.member in holders and leave.member not in members:
                _rewrite(b, first, leave, members, reference)

    for k, change in pending:
        members, reference = _step(b, k, change, members, reference)
    return BaseSequence(b.segments, b.waived)


def _after_list(
    after: After, holders: tuple[str, ...], members: tuple[str, ...], last: str
) -> Then:
    """What follows a published list whose last period is `last`."""
    if after is After.STOP:
        msg = (
            f"the published list ended with {last} and the rotation is set to stop "
            '(after = "stop"); {turn} has no holder. Publish a new list, or set '
            'after = "repeat" or "continue"'
        )
        return Then(Next.STOP, message=msg)
    if after is After.REPEAT:
        return Then(Next.REPEAT, holders, 0, Rule.REPEAT)
    return Then(Next.CONTINUE, members)


def _step(
    b: Builder, k: int, change: Step, members: tuple[str, ...], reference: list[str]
) -> tuple[tuple[str, ...], list[str]]:
    """Apply one change (or waive) from turn `k`; the members and reference after it."""
    if isinstance(change, Waive):
        _waive(b, k, change.member, reference)
        return members, reference
    members, reference = _apply_membership(members, reference, change, b)
    _rewrite(b, k, change, members, reference)
    return members, reference


def _waive(b: Builder, k: int, member: str, reference: list[str]) -> None:
    """`member` waives turn `k` if it holds it: every later turn moves one step earlier.

    The member keeps its place in the order and takes its next turn a
    round later.
    """
    seg = BaseSequence(b.segments).segment(k)
    if isinstance(seg, Stopped) or seg.holder(k)[0] != member:
        return
    if isinstance(seg, Cycle):
        b.cut(k)
        b.segments.append(replace(seg, start=k, offset=(seg.position(k) + 1) % len(seg.order)))
    else:
        rest = [seg.holder(t) for t in range(k + 1, seg.start + len(seg.holders))]
        b.emit(k, rest, seg.then, seg.members, reference, published=seg.published, after=member)
    if b.holder(k) == member:
        # Next in line is the waiver itself (a rotation of one, a list naming it twice).
        msg = f"{member} waives {b.label(k)}, but no other member is next in line to take it"
        raise RotationError(msg, field="overrides")
    b.waived[k] = member


def _apply_membership(
    members: tuple[str, ...], reference: list[str], change: Change, b: Builder
) -> tuple[tuple[str, ...], list[str]]:
    if isinstance(change, Leave):
        if change.member not in members:
            msg = f"{change.member} leaves on {change.on}, but is not a member then"
            raise RotationError(msg, field="changes")
        if len(members) == 1:
            msg = f"{change.member} is the last member and cannot leave on {change.on}"
            raise RotationError(msg, field="changes")
        return tuple(m for m in members if m != change.member), reference
    if change.member in members:
        msg = f"{change.member} joins on {change.on}, but is a member already"
        raise RotationError(msg, field="changes")
    pos = b.join_position(members, change)
    new_members = (*members[:pos], change.member, *members[pos:])
    if change.member not in reference:
        # Departed members stay in the reference order so that a rotation can
        # continue "after" them; a joiner goes in after its predecessor.
        at = reference.index(new_members[pos - 1]) + 1 if pos > 0 else 0
        reference = [*reference[:at], change.member, *reference[at:]]
    return new_members, reference


def _rewrite(
    b: Builder, k: int, change: Change, members: tuple[str, ...], reference: list[str]
) -> None:
    """Rewrite the sequence from turn `k` for one membership change."""
    seg = b.segments[max(bisect.bisect_right([s.start for s in b.segments], k) - 1, 0)]
    if isinstance(seg, Stopped):
        b.cut(k)
        b.segments.append(replace(seg, start=k, members=members))
        return
    if isinstance(seg, Cycle):
        _rewrite_cycle(b, k, seg, change=change, members=members, reference=reference)
        return
    fixed = [seg.holder(t) for t in range(k, seg.start + len(seg.holders))]
    if isinstance(change, Leave):
        fixed, then = _leave_fixed(
            b, k, seg, fixed, change=change, members=members, reference=reference
        )
    else:
        fixed, then = _join_fixed(b, fixed, seg.then, change, seg.published)
    if seg.published and then.kind is Next.REPEAT:
        # The list repeats as it now stands: its entries before `k`, then the rest.
        earlier = [h for t in range(_list_start(b, seg), k) if (h := b.holder(t)) in members]
        then = replace(then, order=(*earlier, *(h for h, _ in fixed)))
    b.emit(k, fixed, then, members, reference, published=seg.published)


def _leave_fixed(
    b: Builder,
    k: int,
    seg: Fixed,
    fixed: list[tuple[str, Rule]],
    *,
    change: Leave,
    members: tuple[str, ...],
    reference: list[str],
) -> tuple[list[tuple[str, Rule]], Then]:
    """A member leaves during a stretch of explicit holders: `fixed` from turn `k` on."""
    if change.policy is LeavePolicy.SHIFT:
        fixed = [(h, r) for h, r in fixed if h != change.member]
        if not seg.published:
            # The rest of a round after a skip: nobody twice in a row.
            fixed = _no_repeats(fixed, b.holder(k - 1))
    then = _then_without(seg.then, change.member)
    if change.policy is LeavePolicy.SKIP:
        fixed = _hand_on(
            b, k, fixed, leaver=change.member, then=then, members=members, reference=reference
        )
    return fixed, then


def _list_start(b: Builder, seg: Fixed) -> int:
    """The first turn of the published list that `seg` continues."""
    start = seg.start
    for s in reversed(b.segments):
        if isinstance(s, Fixed) and s.published and s.start <= start:
            start = s.start
        elif s.start < start:
            break
    return start


def _rewrite_cycle(
    b: Builder,
    k: int,
    seg: Cycle,
    *,
    change: Change,
    members: tuple[str, ...],
    reference: list[str],
) -> None:
    if isinstance(change, Join):
        then = _join_cycle(b, k, seg, change, reference)
        b.emit(k, [], then, members, reference, published=False)
    else:
        _leave_cycle(b, k, seg, change=change, members=members, reference=reference)


def _join_cycle(b: Builder, k: int, seg: Cycle, change: Join, reference: list[str]) -> Then:
    """The cycle from turn `k` with `change.member` in its place."""
    order = seg.order
    pos = seg.position(k)
    at = b.insert_at(order, change)
    new = (*order[:at], change.member, *order[at:])
    # The next turn goes to whoever follows the last holder in the new order
    # (by its place, when the last turn was this cycle's: a repeated list
    # can name a member twice).
    last, before = b.holder(k - 1), (pos - 1) % len(order)
    if b.alphabetical or order[before] != last:
        offset = b.after(last, new, reference)
    else:
        offset = (before + (1 if at <= before else 0) + 1) % len(new)
    return Then(Next.CYCLE, new, offset, seg.rule)


def _leave_cycle(
    b: Builder,
    k: int,
    seg: Cycle,
    *,
    change: Leave,
    members: tuple[str, ...],
    reference: list[str],
) -> None:
    """Rewrite the cycle from turn `k` without `change.member`."""
    order = seg.order
    pos = seg.position(k)
    remaining = tuple(m for m in order if m != change.member)
    if not remaining:
        # A repeated list whose every member has left: go on with the member order.
        b.emit(k, [], Then(Next.CONTINUE, members), members, reference, published=False)
        return
    leaver_at = order.index(change.member) if change.member in order else -1
    if b.alphabetical and seg.rule != Rule.REPEAT:
        # The next current member after the last holder, alphabetically.
        then = Then(Next.CYCLE, remaining, b.after(b.holder(k - 1), remaining, reference), seg.rule)
        b.emit(k, [], then, members, reference, published=False)
        return
    if change.policy is LeavePolicy.SKIP and pos > 0 and leaver_at >= pos:
        # The rest of the current round keeps its turns; the leaver's turn is
        # handed on; from the next round the cycle is plain over the others.
        fixed = [(order[p], seg.rule) for p in range(pos, len(order))]
        then = Then(Next.CYCLE, remaining, 0, seg.rule)
        fixed = _hand_on(
            b, k, fixed, leaver=change.member, then=then, members=members, reference=reference
        )
        b.emit(k, fixed, then, members, reference, published=False)
        return
    # Shift (or a skip with nothing left to hand on in this round): the
    # old sequence without the leaver.
    nxt = next(
        (pos + i) % len(order)
        for i in range(len(order))
        if order[(pos + i) % len(order)] != change.member
    )
    then = Then(Next.CYCLE, remaining, nxt - order[:nxt].count(change.member), seg.rule)
    b.emit(k, [], then, members, reference, published=False)


def _first_of(
    then: Then, last: str, reference: Sequence[str], members: Sequence[str]
) -> str | None:
    """Who holds the first turn after a stretch that ends with `last` (a current member)."""
    order = [m for m in then.order if m in members]
    if then.kind is Next.STOP or not order:
        return None
    if then.kind is Next.CONTINUE:
        return order[successor(last, order, reference)]
    n = len(then.order)
    return next(m for i in range(n) if (m := then.order[(then.offset + i) % n]) in members)


def _hand_on(
    b: Builder,
    k: int,
    fixed: list[tuple[str, Rule]],
    *,
    leaver: str,
    then: Then,
    members: Sequence[str],
    reference: Sequence[str],
) -> list[tuple[str, Rule]]:
    """Give each of the leaver's turns in `fixed` to the next member that can take it.

    The next member is the first, among the holders after the turn and then
    the members after the leaver in order, that holds neither the turn
    before nor the turn after (so nobody serves twice in a row). With nobody
    such, the turn is dropped and the rest of the stretch moves up.
    """
    out: list[tuple[str, Rule]] = []
    after_leaver = [
        reference[(reference.index(leaver) + i) % len(reference)] for i in range(1, len(reference))
    ]
    i = 0
    while i < len(fixed):
        holder, rule = fixed[i]
        if holder != leaver:
            out.append((holder, rule))
            i += 1
            continue
        before = out[-1][0] if out else b.holder(k - 1)
        rest = [h for h, _ in fixed[i + 1 :] if h != leaver]
        tail = _first_of(then, rest[-1] if rest else before, reference, members)
        following = rest[0] if rest else tail
        current = set(members)
        candidates = dict.fromkeys([*rest, *(m for m in after_leaver if m in current)])
        choice = next((m for m in candidates if m not in (before, following, leaver)), None)
        if choice is not None:
            out.append((choice, Rule.SKIP))
        i += 1
    return out


def _no_repeats(fixed: list[tuple[str, Rule]], before: str) -> list[tuple[str, Rule]]:
    """`fixed` without entries that repeat the holder just before them."""
    out: list[tuple[str, Rule]] = []
    for holder, rule in fixed:
        if holder != (out[-1][0] if out else before):
            out.append((holder, rule))
    return out


def _then_without(then: Then, leaver: str) -> Then:
    if leaver not in then.order:
        return then
    order = tuple(m for m in then.order if m != leaver)
    at = then.offset % len(then.order)
    if then.kind is Next.CYCLE and order:
        # Keep the same member first, or the one after the leaver.
        first = next(
            then.order[(at + i) % len(then.order)]
            for i in range(len(then.order))
            if then.order[(at + i) % len(then.order)] != leaver
        )
        return replace(then, order=order, offset=order.index(first))
    return replace(then, order=order, offset=0)


def _join_fixed(
    b: Builder, fixed: list[tuple[str, Rule]], then: Then, change: Join, published: bool
) -> tuple[list[tuple[str, Rule]], Then]:
    """A member joins during a stretch of explicit holders."""
    entry = (change.member, Rule.PUBLISHED if published else Rule.ROTATION)
    if published and any(h == change.member for h, _ in fixed):
        # The list already places the newcomer; it joins the order after it.
        fixed = fixed[:]
        if then.kind in (Next.CYCLE, Next.CONTINUE):
            at = b.insert_at(then.order, change)
            then = replace(then, order=(*then.order[:at], change.member, *then.order[at:]))
        return fixed, then
    if then.kind in (Next.CYCLE, Next.CONTINUE):
        at = b.insert_at(then.order, change)
        order = (*then.order[:at], change.member, *then.order[at:])
        offset = then.offset + 1 if at < then.offset else then.offset
        then = replace(then, order=order, offset=offset)
    if change.position == "end" and (published or not b.alphabetical):
        # At the end of the stretch: after its last holder, before what follows.
        return [*fixed, entry], then
    if not published:
        # The rest of a round after a skip: the newcomer enters with the next
        # round (in an alphabetical rotation always: it takes its place there).
        return fixed, then
    at = _listed_at(b, fixed, change)
    return [*fixed[:at], entry, *fixed[at:]], then


def _listed_at(b: Builder, fixed: list[tuple[str, Rule]], change: Join) -> int:
    """Where in a published stretch `fixed` a joiner not at its end goes."""
    if change.position == "alphabetical":
        key = collation_key(change.member, b.language)
        return next(
            (i for i, (h, _) in enumerate(fixed) if collation_key(h, b.language) > key),
            len(fixed),
        )
    if isinstance(change.position, int):
        return min(change.position, len(fixed))
    return len(fixed)  # pragma: no cover - "end" in a published list returned before
