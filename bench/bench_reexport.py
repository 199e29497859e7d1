"""The nightly job: re-export into a folder that holds the previous feeds, against a scratch export.

For each scenario, every round runs a scratch export (an empty folder) and
a re-export of the same, unchanged input into the folder of the previous
run, interleaved; the table gives min and median of each and the ratio of
medians (SPEC §6: re-export ≤ 1.2 × scratch). It also counts the files an
unchanged re-export touched (a new inode or mtime): that should be 0, so
web servers, rsync and CDNs see nothing changed.

    python bench/bench_reexport.py [--rounds 5] [--country]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_country import cooperations

from calendars import Cooperation, bundled, export, load

STAMP = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
LATER = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)


def _state(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.iterdir()}


def _run(coops: Sequence[Cooperation], out: Path, start: date, end: date, stamp: datetime) -> float:
    t0 = time.perf_counter()
    export(coops, out=out, start=start, end=end, stamp=stamp)
    return time.perf_counter() - t0


def scenario(name: str, coops: Sequence[Cooperation], start: date, end: date, rounds: int) -> None:
    scratch, again = [], []
    with tempfile.TemporaryDirectory() as tmp:
        kept = Path(tmp) / "kept"
        _run(coops, kept, start, end, STAMP)
        for i in range(rounds):
            scratch.append(_run(coops, Path(tmp) / f"scratch{i}", start, end, STAMP))
            again.append(_run(coops, kept, start, end, LATER))
        before = _state(kept)
        _run(coops, kept, start, end, LATER)
        touched = sum(before[n] != s for n, s in _state(kept).items())
        files = len(before)
    a, b = statistics.median(scratch), statistics.median(again)
    print(f"{name}: {files} files, {rounds} rounds interleaved")
    print(f"  scratch    min {min(scratch):6.3f} s  median {a:6.3f} s")
    print(f"  re-export  min {min(again):6.3f} s  median {b:6.3f} s")
    print(
        f"  ratio of medians {b / a:.2f};  unchanged re-export touched {touched} of {files} files"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--country", action="store_true", help="also the whole-country scenario")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    bundled_coops = [load(name) for name in bundled()]
    scenario(
        "bundled five, 2017-2030", bundled_coops, date(2017, 1, 1), date(2031, 1, 1), args.rounds
    )
    if args.country:
        scenario(
            "whole country, 60 cooperations, 10 years",
            cooperations(1),
            date(2027, 1, 1),
            date(2037, 1, 1),
            args.rounds,
        )


if __name__ == "__main__":
    main()
