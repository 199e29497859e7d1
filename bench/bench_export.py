"""A whole export of every bundled cooperation: from scratch and again over its own output.

Run: python bench/bench_export.py [ROUNDS]
Prints the minimum and median milliseconds of each. For an A/B between two
checkouts, run it alternately in each (interleaved rounds), e.g.
``for i in 1 2 3; do (cd A && python bench/bench_export.py 1); (cd B && python
bench/bench_export.py 1); done``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from calendars import bundled, load
from calendars._publish.export import export

PERIOD = {"start": date(2024, 1, 1), "end": date(2028, 1, 1)}


def one_round() -> tuple[float, float]:
    coops = [load(name) for name in bundled()]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        t0 = time.perf_counter()
        export(coops, out=out, stamp=datetime(2026, 1, 1, tzinfo=UTC), **PERIOD)  # type: ignore[arg-type]
        t1 = time.perf_counter()
        export(coops, out=out, stamp=datetime(2026, 1, 2, tzinfo=UTC), **PERIOD)  # type: ignore[arg-type]
        t2 = time.perf_counter()
    return (t1 - t0) * 1e3, (t2 - t1) * 1e3


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    results = [one_round() for _ in range(rounds)]
    for i, name in enumerate(("scratch", "re-export")):
        times = [r[i] for r in results]
        print(f"{name:10} min {min(times):7.1f} ms  median {statistics.median(times):7.1f} ms")


if __name__ == "__main__":
    main()
