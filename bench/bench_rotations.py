"""Rotation look-ups: the year 3000 must cost about what 2020 costs (SPEC §6).

Run: python bench/bench_rotations.py
Prints, per rotation, microseconds per look-up in 2020 and 3000 and their ratio,
and the cost per term of `terms()` over 10, 100 and 1,000 years (growth).
"""

from __future__ import annotations

import timeit
from datetime import date

from calendars import load
from rotations import Anchor, Join, Leave, LeavePolicy, Rotation, Unavailable


def _best(stmt: object, number: int) -> float:
    return min(timeit.repeat(stmt, number=number, repeat=5)) / number  # type: ignore[arg-type]


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
        "5 members, month, 3 changes, 2 absences": busy,
    }


def main() -> None:
    print(f"{'rotation':42} {'2020 µs':>9} {'3000 µs':>9} {'ratio':>6}")
    for name, rotation in _rotations().items():
        near = _best(lambda r=rotation: r.holder(date(2020, 6, 15)), 2000)
        far = _best(lambda r=rotation: r.holder(date(3000, 6, 15)), 2000)
        print(f"{name:42} {near * 1e6:9.2f} {far * 1e6:9.2f} {far / near:6.2f}")
    print()
    print(f"{'terms() over':14} {'terms':>7} {'µs/term':>9}")
    chair = load("malmolund").rotation("ordforande")
    for years in (10, 100, 1000):
        start, end = date(2020, 1, 1), date(2020 + years, 1, 1)
        count = len(chair.terms(start, end))
        cost = _best(lambda s=start, e=end: chair.terms(s, e), max(1, 2000 // years))
        print(f"{years:>5} years    {count:7} {cost / count * 1e6:9.2f}")


if __name__ == "__main__":
    main()
