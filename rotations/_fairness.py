"""Fairness of a list of turns: counts, windows, waits and a balance score."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from itertools import combinations, pairwise
from typing import NamedTuple

from rotations._model import Rule, Term


class FairnessError(AssertionError):
    """Raised by `assert_fair`; the message names the member and the window."""


class ViolationKind(StrEnum):
    """How turns can be uneven."""

    WINDOW = "window"
    """A member not exactly once in n consecutive turns."""
    BACK_TO_BACK = "back-to-back"
    """A member holds two turns in a row."""
    NEVER = "never"
    """A member holds no turn although there were enough turns."""
    SPREAD = "spread"
    """Most minus fewest turns is more than one."""


class AdjustmentKind(StrEnum):
    """What an explicit exception did to a member's account."""

    OWED = "owed"
    """The member could not take its turn and is owed one (defer)."""
    REPAID = "repaid"
    """A deferred turn repaid."""
    FORFEITED = "forfeited"
    """The member could not take its turn and is owed nothing; another stood in."""
    STOOD_IN = "stood in"
    """The member stood in where nobody could be owed the turn."""
    SUBSTITUTED = "substituted"
    """The turn went to another member by a substitution."""
    SWAPPED = "swapped"
    """The member holds the turn by a swap."""
    WAIVED = "waived"
    """The member gave up the turn and everyone moved up."""
    HANDED_ON = "handed on"
    """A leaver's turn handed on under ``skip``."""


@dataclass(frozen=True, slots=True)
class Violation:
    """One way the turns are uneven."""

    kind: ViolationKind
    """What kind of unevenness."""
    member: str
    """The member it concerns."""
    periods: tuple[str, ...]
    """The periods of the window (or of the repeat) it was found in."""
    message: str
    """A sentence saying what is wrong."""


@dataclass(frozen=True, slots=True)
class Adjustment:
    """A turn an explicit exception changed, and what it means for a member's account."""

    kind: AdjustmentKind
    """What the exception did."""
    member: str
    """The member whose account it concerns."""
    period: str
    """The turn's period."""
    other: str | None
    """The other member involved: who held the turn instead, or the leaver."""
    message: str
    """A sentence saying what happened."""


@dataclass(frozen=True, slots=True)
class FairnessReport:
    """How evenly a list of turns is spread over the members."""

    members: tuple[str, ...]
    """The members the report judges."""
    turns: dict[str, int] = field(default_factory=dict)
    """Turns per member."""
    weighted: dict[str, float] = field(default_factory=dict)
    """Weighted turns per member (a two-day conference can count 2)."""
    spread: int = 0
    """Most minus fewest turns among the members."""
    weighted_spread: float = 0.0
    """The same, weighted."""
    windows_checked: int = 0
    """How many windows of n consecutive turns were checked."""
    violations: tuple[Violation, ...] = ()
    """Every window, repeat, absence or spread that breaks the rotation's
    evenness and that no explicit exception explains."""
    explained: tuple[Violation, ...] = ()
    """Unevenness that explicit exceptions (unavailability, swap,
    substitution, a leave under ``skip``) explain: it is not in the sequence
    the rotation planned before them."""
    adjustments: tuple[Adjustment, ...] = ()
    """Turns owed, repaid, forfeited, stood in for, substituted, swapped or
    handed on, in date order."""
    owed: dict[str, int] = field(default_factory=dict)
    """Turns each member is still owed at the end of the terms (deferred and
    not yet repaid); members owed nothing are left out."""
    longest_wait: dict[str, int] = field(default_factory=dict)
    """Most turns between two turns of a member (n in a pure cycle of n)."""
    never: tuple[str, ...] = ()
    """Members that held no turn although there were enough turns."""
    balance: float = 1.0
    """Mean over member pairs of min/max of their turns, over whole cycles
    only; 1.0 is perfectly even. (Weights show in `weighted`.)"""

    @property
    def fair(self) -> bool:
        """Whether no unevenness is left that an explicit exception does not explain."""
        return not self.violations

    def summary(self, *, limit: int = 5) -> str:
        """A few lines a person can read."""
        lines = [
            f"{'fair' if self.fair else 'unfair'}: {sum(self.turns.values())} turns, "
            f"spread {self.spread}, balance {self.balance:.3f}"
        ]
        lines += [f"  {v.message}" for v in self.violations[:limit]]
        if len(self.violations) > limit:
            lines.append(f"  … and {len(self.violations) - limit} more")
        lines += [f"  {a.message}" for a in self.adjustments[:limit]]
        if len(self.adjustments) > limit:
            lines.append(f"  … and {len(self.adjustments) - limit} more exceptions")
        return "\n".join(lines)


def _epochs(terms: Sequence[Term], fallback: tuple[str, ...]) -> list[list[Term]]:
    runs: list[list[Term]] = []
    for term in terms:
        if runs and (runs[-1][-1].members or fallback) == (term.members or fallback):
            runs[-1].append(term)
        else:
            runs.append([term])
    return runs


def _balance(values: Sequence[float]) -> float:
    pairs = list(combinations(values, 2))
    if not pairs:
        return 1.0
    return sum(1.0 if max(a, b) == 0 else min(a, b) / max(a, b) for a, b in pairs) / len(pairs)


def _whole_turns(ordered: Sequence[Term]) -> list[Term]:
    """One term per turn: the pieces of a term split by a change count once."""
    whole: list[Term] = []
    for t in ordered:
        last = whole[-1] if whole else None
        if last is not None and (last.index, last.period, last.end) == (t.index, t.period, t.start):
            whole[-1] = replace(last, end=t.end)
        else:
            whole.append(t)
    return whole


def _window_name(window: Sequence[Term]) -> str:
    return f"{window[0].period}–{window[-1].period}" if len(window) > 1 else window[0].period


def fairness(terms: Iterable[Term], *, members: Sequence[str] | None = None) -> FairnessReport:
    """Judge how evenly `terms` are spread, telling exceptions apart.

    Args:
        terms: the turns, in any order (they are sorted by start).
        members: the members to judge; by default those recorded on the
            terms (or, failing that, the holders).

    Windows of n consecutive turns are checked within stretches of unchanged
    membership (n = the number of members then); the balance score counts
    whole cycles of each stretch, so half a cycle raises no false alarm.
    Unevenness that is not in the sequence the rotation planned before its
    explicit exceptions (each term's `planned` holder) is *explained*, not
    a violation; a leave under ``skip`` explains the windows it touches.

    """
    ordered = _whole_turns(sorted(terms, key=lambda t: (t.start, t.index)))
    report = _measure(ordered, members)
    planned = [replace(t, holder=t.planned) for t in ordered if t.planned is not None]
    if not planned and not any(t.rule == Rule.SKIP for t in ordered):
        return report
    base = _measure([replace(t, holder=t.planned or t.holder) for t in ordered], members)
    kept, explained = _explain(report.violations, base.violations, ordered)
    adjustments, owed = _adjustments(ordered)
    return replace(
        report,
        violations=tuple(kept),
        explained=tuple(explained),
        adjustments=adjustments,
        owed=owed,
    )


def _explain(
    violations: Sequence[Violation], in_plan: Sequence[Violation], ordered: Sequence[Term]
) -> tuple[list[Violation], list[Violation]]:
    """`violations` split into those kept and those explained by an exception or a skip.

    A violation is explained if the planned sequence (`in_plan`, its violations)
    does not have it, or if a skipped or waived turn touches it.
    """
    in_base = {(v.kind, v.member, v.periods) for v in in_plan}
    base_kinds = {v.kind for v in in_plan}
    skipped = {t.period for t in ordered if t.rule in (Rule.SKIP, Rule.WAIVED)}
    kept: list[Violation] = []
    explained: list[Violation] = []
    for v in violations:
        if v.kind in (ViolationKind.SPREAD, ViolationKind.NEVER):
            cause = v.kind not in base_kinds or bool(skipped)
        else:
            cause = (v.kind, v.member, v.periods) not in in_base or bool(skipped & set(v.periods))
        (explained if cause else kept).append(v)
    return kept, explained


class _Account(NamedTuple):
    """How a rule's turn shows in the accounts: whose account, the other member, the sentence."""

    kind: AdjustmentKind
    planned_is_member: bool
    """The planned holder's account (else the actual holder's)."""
    other: bool
    """Whether the other member is named."""
    message: str
    """A template over planned, holder and p (the period)."""


_ACCOUNTS = {
    Rule.FORFEITED: _Account(
        AdjustmentKind.FORFEITED, True, True, "{planned} forfeited {p}; {holder} stood in"
    ),
    Rule.STAND_IN: _Account(
        AdjustmentKind.STOOD_IN,
        False,
        True,
        "{holder} stood in for {planned} in {p}; nobody is owed it",
    ),
    Rule.SUBSTITUTION: _Account(
        AdjustmentKind.SUBSTITUTED,
        True,
        True,
        "{planned}'s turn {p} went to {holder} (a substitution)",
    ),
    Rule.SWAP: _Account(
        AdjustmentKind.SWAPPED, False, True, "{holder} holds {p} by a swap with {planned}"
    ),
    Rule.WAIVED: _Account(
        AdjustmentKind.WAIVED,
        True,
        True,
        "{planned} waived {p}; {holder} and everyone after moved up",
    ),
    Rule.SKIP: _Account(
        AdjustmentKind.HANDED_ON, False, False, "{holder} holds {p}, handed on by a leaver"
    ),
}
"""The exceptions whose turn is one adjustment, by the rule that produced it."""


def _adjustments(ordered: Sequence[Term]) -> tuple[tuple[Adjustment, ...], dict[str, int]]:
    """What each exception did to the members' accounts, and who is still owed a turn."""
    found: list[Adjustment] = []
    balance: Counter[str] = Counter()  # turns owed (> 0) or taken early (< 0) by deferral
    for t in ordered:
        planned, holder, p = t.planned or t.holder, t.holder, t.period
        account = _ACCOUNTS.get(Rule(t.rule)) if t.rule in _RULES else None
        if account is not None:
            member, other = (planned, holder) if account.planned_is_member else (holder, planned)
            text = account.message.format(planned=planned, holder=holder, p=p)
            found.append(
                Adjustment(account.kind, member, p, other if account.other else None, text)
            )
        elif t.rule in (Rule.MOVED_UP, Rule.DEFERRED):
            before = balance[holder]
            balance[planned] += 1
            balance[holder] -= 1
            if planned != holder and balance[planned] > 0 and t.rule == Rule.MOVED_UP:
                text = f"{planned} could not take {p} ({holder} took it) and is owed a turn"
                found.append(Adjustment(AdjustmentKind.OWED, planned, p, holder, text))
            if before > 0:
                text = f"{holder} holds {p}, a deferred turn repaid"
                found.append(Adjustment(AdjustmentKind.REPAID, holder, p, planned, text))
    owed = {m: n for m, n in balance.items() if n > 0}
    return tuple(found), owed


_RULES = frozenset(Rule)


def _measure(ordered: Sequence[Term], members: Sequence[str] | None) -> FairnessReport:
    judged, throughout = _judged(ordered, members)
    counts = Counter(t.holder for t in ordered)
    weights: dict[str, float] = {}
    for t in ordered:
        weights[t.holder] = weights.get(t.holder, 0.0) + t.weight
    checked, violations, scores = _windows(ordered, judged)
    never = _never(ordered, judged, throughout, counts)
    violations += [
        Violation(ViolationKind.NEVER, m, (), f"{m} holds no turn in {len(ordered)} turns")
        for m in never
    ]
    violations += _spread(counts, throughout)
    return FairnessReport(
        members=judged,
        turns={m: counts[m] for m in dict.fromkeys((*judged, *counts))},
        weighted={m: weights.get(m, 0.0) for m in dict.fromkeys((*judged, *counts))},
        spread=int(_range([counts[m] for m in throughout])),
        weighted_spread=_range([weights.get(m, 0.0) for m in throughout]),
        windows_checked=checked,
        violations=tuple(violations),
        longest_wait=_waits(ordered),
        never=never,
        balance=min(scores, default=1.0),
    )


def _judged(
    ordered: Sequence[Term], members: Sequence[str] | None
) -> tuple[tuple[str, ...], list[str]]:
    """The members judged, and those of them present throughout.

    By default the members recorded on the terms (or, failing that, the
    holders); spread and absence concern the members present throughout.
    """
    if members is not None:
        return tuple(members), list(members)
    recorded = tuple(dict.fromkeys(m for t in ordered for m in t.members))
    judged = recorded or tuple(dict.fromkeys(t.holder for t in ordered))
    return judged, [m for m in judged if all(m in (t.members or judged) for t in ordered)]


def _never(
    ordered: Sequence[Term],
    judged: Sequence[str],
    throughout: Sequence[str],
    counts: Counter[str],
) -> tuple[str, ...]:
    """The members present throughout who hold no turn, once there are turns enough for all."""
    if len(ordered) < len(judged):
        return ()
    return tuple(m for m in throughout if counts[m] == 0)


def _range(values: Sequence[float]) -> float:
    return max(values, default=0) - min(values, default=0)


def _spread(counts: Counter[str], throughout: Sequence[str]) -> list[Violation]:
    if _range([counts[m] for m in throughout]) <= 1:
        return []
    most = max(throughout, key=lambda m: counts[m])
    least = min(throughout, key=lambda m: counts[m])
    text = (
        f"{most} holds {counts[most]} turns and {least} {counts[least]}; "
        "the spread should be at most 1"
    )
    return [Violation(ViolationKind.SPREAD, most, (), text)]


def _windows(
    ordered: Sequence[Term], fallback: tuple[str, ...]
) -> tuple[int, list[Violation], list[float]]:
    """Windows checked, their violations and back-to-back repeats, and each run's balance."""
    violations: list[Violation] = []
    checked = 0
    scores: list[float] = []
    for run in _epochs(ordered, fallback):
        cycle = run[0].members or fallback
        n = len(cycle)
        for i in range(len(run) - n + 1):
            window = run[i : i + n]
            checked += 1
            violations += _window(window, cycle)
        for a, b in pairwise(run):
            if n > 1 and a.holder == b.holder:
                text = f"{a.holder} holds two turns in a row: {a.period} and {b.period}"
                violations.append(
                    Violation(ViolationKind.BACK_TO_BACK, a.holder, (a.period, b.period), text)
                )
        whole = (len(run) // n) * n
        if whole:
            cycle_counts = Counter(t.holder for t in run[:whole])
            scores.append(_balance([cycle_counts[m] for m in cycle]))
    return checked, violations, scores


def _window(window: Sequence[Term], cycle: Sequence[str]) -> list[Violation]:
    """Each member of `cycle` not exactly once in `window`."""
    seen = Counter(t.holder for t in window)
    periods = tuple(t.period for t in window)
    found = []
    for m in cycle:
        if seen[m] != 1:
            what = "no turn" if seen[m] == 0 else f"{seen[m]} turns"
            text = (
                f"{m} has {what} in the window {_window_name(window)}; each of "
                f"the {len(cycle)} members should hold exactly one"
            )
            found.append(Violation(ViolationKind.WINDOW, m, periods, text))
    return found


def _waits(ordered: Sequence[Term]) -> dict[str, int]:
    """Most turns between two turns of each member."""
    waits: dict[str, int] = {}
    last_seen: dict[str, int] = {}
    for i, t in enumerate(ordered):
        if t.holder in last_seen:
            waits[t.holder] = max(waits.get(t.holder, 0), i - last_seen[t.holder])
        last_seen[t.holder] = i
    return waits


def assert_fair(
    terms: Iterable[Term] | FairnessReport,
    *,
    members: Sequence[str] | None = None,
    min_balance: float | None = None,
    strict: bool = False,
) -> FairnessReport:
    """Fail with a message naming the member and the window if turns are uneven.

    Only unevenness that no explicit exception explains fails; with
    ``strict=True`` any exception (a deferral, forfeit, swap, substitution
    or skip) fails too. Use it in your own test suite::

        assert_fair(rotation.terms(date(2020, 1, 1), date(2030, 1, 1)))

    Returns:
        The report, for further checks.

    Raises:
        FairnessError: an ``AssertionError`` whose message lists the problems.

    """
    report = terms if isinstance(terms, FairnessReport) else fairness(terms, members=members)
    problems = [v.message for v in report.violations]
    if strict:
        problems += [v.message for v in report.explained]
        problems += [a.message for a in report.adjustments]
    if min_balance is not None and report.balance < min_balance:
        problems.insert(0, f"balance {report.balance:.3f} is below {min_balance}")
    if problems:
        shown = "\n  ".join(problems[:10])
        more = f"\n  … and {len(problems) - 10} more" if len(problems) > 10 else ""
        msg = f"rotation is not fair:\n  {shown}{more}"
        raise FairnessError(msg)
    return report
