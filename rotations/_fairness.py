"""Fairness of a list of turns: counts, windows, waits and a balance score."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations, pairwise

from rotations._model import Term


class FairnessError(AssertionError):
    """Raised by `assert_fair`; the message names the member and the window."""


@dataclass(frozen=True, slots=True)
class Violation:
    """One way the turns are uneven."""

    kind: str
    """"window" (a member not exactly once in n consecutive turns),
    "back-to-back", "never" or "spread"."""
    member: str
    """The member it concerns."""
    periods: tuple[str, ...]
    """The periods of the window (or of the repeat) it was found in."""
    message: str
    """A sentence saying what is wrong."""


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
    """Every window, repeat or absence that breaks the rotation's evenness."""
    longest_wait: dict[str, int] = field(default_factory=dict)
    """Most turns between two turns of a member (n in a pure cycle of n)."""
    never: tuple[str, ...] = ()
    """Members that held no turn although there were enough turns."""
    balance: float = 1.0
    """Mean over member pairs of min/max of their turns, over whole cycles
    only; 1.0 is perfectly even. (Weights show in `weighted`.)"""

    @property
    def fair(self) -> bool:
        """Whether no violation was found and the spread is at most one."""
        return not self.violations and self.spread <= 1

    def summary(self, *, limit: int = 5) -> str:
        """A few lines a person can read."""
        lines = [
            f"{'fair' if self.fair else 'unfair'}: {sum(self.turns.values())} turns, "
            f"spread {self.spread}, balance {self.balance:.3f}"
        ]
        lines += [f"  {v.message}" for v in self.violations[:limit]]
        if len(self.violations) > limit:
            lines.append(f"  … and {len(self.violations) - limit} more")
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


def _window_name(window: Sequence[Term]) -> str:
    return f"{window[0].period}–{window[-1].period}" if len(window) > 1 else window[0].period


def fairness(terms: Iterable[Term], *, members: Sequence[str] | None = None) -> FairnessReport:
    """Judge how evenly `terms` are spread.

    Args:
        terms: the turns, in any order (they are sorted by start).
        members: the members to judge; by default those recorded on the
            terms (or, failing that, the holders).

    Windows of n consecutive turns are checked within stretches of unchanged
    membership (n = the number of members then); the balance score counts
    whole cycles of each stretch, so half a cycle raises no false alarm.

    """
    ordered = sorted(terms, key=lambda t: (t.start, t.index))
    recorded = tuple(dict.fromkeys(m for t in ordered for m in t.members))
    judged = (
        tuple(members)
        if members is not None
        else recorded or tuple(dict.fromkeys(t.holder for t in ordered))
    )
    fallback = judged
    counts = Counter(t.holder for t in ordered)
    weights: dict[str, float] = {}
    for t in ordered:
        weights[t.holder] = weights.get(t.holder, 0.0) + t.weight
    # Spread and absence concern members present throughout.
    throughout = (
        list(judged)
        if members is not None
        else [m for m in judged if all(m in (t.members or fallback) for t in ordered)]
    )
    spread = max((counts[m] for m in throughout), default=0) - min(
        (counts[m] for m in throughout), default=0
    )
    wspread = max((weights.get(m, 0.0) for m in throughout), default=0.0) - min(
        (weights.get(m, 0.0) for m in throughout), default=0.0
    )
    violations: list[Violation] = []
    checked = 0
    scores: list[float] = []
    for run in _epochs(ordered, fallback):
        cycle = run[0].members or fallback
        n = len(cycle)
        for i in range(len(run) - n + 1):
            window = run[i : i + n]
            checked += 1
            seen = Counter(t.holder for t in window)
            periods = tuple(t.period for t in window)
            for m in cycle:
                if seen[m] != 1:
                    what = "no turn" if seen[m] == 0 else f"{seen[m]} turns"
                    violations.append(
                        Violation(
                            "window",
                            m,
                            periods,
                            f"{m} has {what} in the window {_window_name(window)}; each of "
                            f"the {n} members should hold exactly one",
                        )
                    )
        for a, b in pairwise(run):
            if n > 1 and a.holder == b.holder:
                violations.append(
                    Violation(
                        "back-to-back",
                        a.holder,
                        (a.period, b.period),
                        f"{a.holder} holds two turns in a row: {a.period} and {b.period}",
                    )
                )
        whole = (len(run) // n) * n
        if whole:
            cycle_counts = Counter(t.holder for t in run[:whole])
            scores.append(_balance([cycle_counts[m] for m in cycle]))
    never: tuple[str, ...] = ()
    if len(ordered) >= len(judged):
        never = tuple(m for m in throughout if counts[m] == 0)
        violations += [
            Violation("never", m, (), f"{m} holds no turn in {len(ordered)} turns") for m in never
        ]
    if spread > 1:
        most = max(throughout, key=lambda m: counts[m])
        least = min(throughout, key=lambda m: counts[m])
        violations.append(
            Violation(
                "spread",
                most,
                (),
                f"{most} holds {counts[most]} turns and {least} {counts[least]}; "
                "the spread should be at most 1",
            )
        )
    waits: dict[str, int] = {}
    last_seen: dict[str, int] = {}
    for i, t in enumerate(ordered):
        if t.holder in last_seen:
            waits[t.holder] = max(waits.get(t.holder, 0), i - last_seen[t.holder])
        last_seen[t.holder] = i
    return FairnessReport(
        members=judged,
        turns={m: counts[m] for m in dict.fromkeys((*judged, *counts))},
        weighted={m: weights.get(m, 0.0) for m in dict.fromkeys((*judged, *counts))},
        spread=spread,
        weighted_spread=wspread,
        windows_checked=checked,
        violations=tuple(violations),
        longest_wait=waits,
        never=never,
        balance=min(scores, default=1.0),
    )


def assert_fair(
    terms: Iterable[Term] | FairnessReport,
    *,
    members: Sequence[str] | None = None,
    min_balance: float | None = None,
) -> FairnessReport:
    """Fail with a message naming the member and the window if turns are uneven.

    Use it in your own test suite::

        assert_fair(rotation.terms(date(2020, 1, 1), date(2030, 1, 1)))

    Returns:
        The report, for further checks.

    Raises:
        FairnessError: an ``AssertionError`` whose message lists the problems.

    """
    report = terms if isinstance(terms, FairnessReport) else fairness(terms, members=members)
    problems = [v.message for v in report.violations]
    if min_balance is not None and report.balance < min_balance:
        problems.insert(0, f"balance {report.balance:.3f} is below {min_balance}")
    if problems:
        shown = "\n  ".join(problems[:10])
        more = f"\n  … and {len(problems) - 10} more" if len(problems) > 10 else ""
        msg = f"rotation is not fair:\n  {shown}{more}"
        raise FairnessError(msg)
    return report
