"""Rotation look-ups and per-event assignment (SPEC §6).

Run: python bench/bench_rotations.py [--rounds N] [--per-event 2100 3000]

* Look-ups: the year 3000 must cost about what 2020 costs. Each round times a
  batch of 2020 look-ups and a batch of 3000 look-ups back to back
  (interleaved, alternating which goes first), so drift in the machine hits
  both alike; the ratio is taken per round, and we print its min and median.
* Per-event assignment: `assign(events)` over 1,000 … 100,000 events, the
  duplicate-key check included; the cost per event must stay flat (linear).
* `terms()` over 10, 100 and 1,000 years: the cost per term must stay flat.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

from calendars import load
from calendars._cli.commands import _terms_of
from rotations import (
    Anchor,
    Event,
    Join,
    Leave,
    LeavePolicy,
    Rotation,
    Unavailable,
    UnavailablePolicy,
)


def _timed(call: Callable[[], object], number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        call()
    return (time.perf_counter() - start) / number


def _rotations() -> dict[str, Rotation]:
    busy = Rotation(
        "busy",
        ["Arboga", "Köping", "Kungsör", "Nora", "Hällefors"],
        unit="month",
        anchor=Anchor("Arboga", date(2015, 1, 1)),
        changes=[
            Leave("Nora", date(2017, 5, 1), LeavePolicy.SKIP),
            Join("Lindesberg", date(2018, 2, 1), "alphabetical"),
            Leave("Köping", date(2019, 7, 1)),
        ],
        overrides=[
            Unavailable("Kungsör", date(2019, 1, 1), date(2019, 3, 1)),
            Unavailable("Arboga", date(2020, 6, 1), date(2020, 8, 1)),
        ],
    )
    return {
        "malmolund chair (year)": load("malmolund").rotation("ordforande"),
        "sodertorn radslag (published, repeat)": load("sodertorn").rotation("radslag"),
        "fyra-malarstader chair (handovers)": load("fyra-malarstader").rotation("ordforande"),
        "mandate, handover 10-15": Rotation(
            "kf", ["Malmö", "Lund"], unit="mandate", handover="10-15",
            anchor=Anchor("Malmö", date(2019, 1, 1)),
        ),
        "week, Thursday": Rotation(
            "bakjour", ["Huddinge", "Botkyrka", "Salem"], unit="week", handover="thursday",
            anchor=Anchor("Huddinge", date(2026, 1, 1)),
        ),
        "5 members, month, 3 changes, 2 absences": busy,
        "the same, deputy next, a waive": busy.evolve(
            deputy="next",
            overrides=[*busy.overrides, Unavailable("Nora", date(2016, 3, 1), date(2016, 4, 1),
                                                    UnavailablePolicy.WAIVE)],
        ),
        "semester, handover 05-15": Rotation(
            "s", ["A", "B", "C"], unit="semester", handover="05-15",
            anchor=Anchor("A", date(2020, 6, 1)),
        ),
    }  # fmt: skip


def lookups(rounds: int) -> None:
    print(f"{'look-up (µs)':40} {'2020':>7} {'3000':>7} {'ratio min':>9} {'median':>7}")
    near_day, far_day = date(2020, 6, 15), date(3000, 6, 15)
    for name, rotation in _rotations().items():
        near_times, far_times, ratios = [], [], []
        rotation.holder(near_day), rotation.holder(far_day)  # warm up
        for i in range(rounds):
            near = lambda r=rotation: r.holder(near_day)  # noqa: E731
            far = lambda r=rotation: r.holder(far_day)  # noqa: E731
            if i % 2:
                f, n = _timed(far, 1000), _timed(near, 1000)
            else:
                n, f = _timed(near, 1000), _timed(far, 1000)
            near_times.append(n)
            far_times.append(f)
            ratios.append(f / n)
        print(
            f"{name:40} {statistics.median(near_times) * 1e6:7.2f} "
            f"{statistics.median(far_times) * 1e6:7.2f} {min(ratios):9.2f} "
            f"{statistics.median(ratios):7.2f}"
        )


def assignment(rounds: int) -> None:
    hosts = Rotation(
        "vardar",
        ["Botkyrka", "Haninge", "Huddinge", "Nykvarn", "Nynäshamn", "Salem", "Södertälje"],
        unit="event",
        anchor=Anchor("Haninge", date(2017, 1, 1)),
    )
    print()
    print(
        f"{'assign(events)':16} {'min ms':>9} {'median ms':>10} {'µs/event min':>13} {'median':>7}"
    )
    sizes = (1_000, 10_000, 100_000)
    batches = {
        n: [
            Event(f"m{i}", date(2017, 1, 1) + timedelta(days=i // 3), cancelled=i % 17 == 0)
            for i in range(n)
        ]
        for n in sizes
    }
    times: dict[int, list[float]] = {n: [] for n in sizes}
    for _ in range(rounds):
        for n in sizes:  # interleaved: every size once per round
            times[n].append(_timed(lambda e=batches[n]: hosts.assign(e), 1))
    for n in sizes:
        low, mid = min(times[n]), statistics.median(times[n])
        print(
            f"{n:>10,} ev   {low * 1e3:9.1f} {mid * 1e3:10.1f} {low / n * 1e6:13.2f} "
            f"{mid / n * 1e6:7.2f}"
        )


def term_ranges(rounds: int) -> None:
    print()
    print(f"{'terms() over':14} {'terms':>7} {'µs/term min':>12} {'median':>7}")
    chair = load("malmolund").rotation("ordforande")
    spans = (10, 100, 1000)
    times: dict[int, list[float]] = {y: [] for y in spans}
    for _ in range(rounds):
        for years in spans:
            start, end = date(2020, 1, 1), date(2020 + years, 1, 1)
            times[years].append(_timed(lambda s=start, e=end: chair.terms(s, e), 5))
    for years in spans:
        count = len(chair.terms(date(2020, 1, 1), date(2020 + years, 1, 1)))
        low, mid = min(times[years]), statistics.median(times[years])
        print(f"{years:>5} years    {count:7} {low / count * 1e6:12.2f} {mid / count * 1e6:7.2f}")


def per_event(rounds: int, years: tuple[int, ...]) -> None:
    """`samverkan rotation sodertorn vardar` for one year: 2020 against later years.

    Per-event turns come from the planner, which drafts the years it must and
    counts the meetings of the others (`calendars/_planning/years.py`): the
    year 3000 must cost about what 2020 costs (issue 17).
    """
    coop = load("sodertorn")
    rotation = coop.rotation("vardar")
    print()
    print(f"{'per-event year (ms)':22} {'2020':>8} {'later':>9} {'ratio min':>9} {'median':>7}")
    for year in years:
        near_t, far_t, ratios = [], [], []
        _terms_of(coop, rotation, date(2020, 1, 1), date(2021, 1, 1))  # warm up: holidays
        _terms_of(coop, rotation, date(year, 1, 1), date(year + 1, 1, 1))
        for i in range(rounds):
            near = lambda: _terms_of(coop, rotation, date(2020, 1, 1), date(2021, 1, 1))  # noqa: E731
            far = lambda y=year: _terms_of(coop, rotation, date(y, 1, 1), date(y + 1, 1, 1))  # noqa: E731
            if i % 2:
                f, n = _timed(far, 1), _timed(near, 1)
            else:
                n, f = _timed(near, 1), _timed(far, 1)
            near_t.append(n)
            far_t.append(f)
            ratios.append(f / n)
        near_ms, far_ms = statistics.median(near_t) * 1e3, statistics.median(far_t) * 1e3
        print(
            f"{year:>22} {near_ms:8.1f} {far_ms:9.1f}"
            f" {min(ratios):9.2f} {statistics.median(ratios):7.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument(
        "--per-event",
        type=int,
        nargs="*",
        metavar="YEAR",
        help="also time the per-event host rotation of Södertörn for these years (slow)",
    )
    args = parser.parse_args()
    rounds = args.rounds
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    lookups(rounds)
    assignment(max(3, rounds // 2))
    term_ranges(rounds)
    if args.per_event:
        per_event(max(3, rounds // 3), tuple(args.per_event))
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
