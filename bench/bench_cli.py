"""How long each `samverkan` command takes, against `python -c pass`.

Every command and the baseline run once per round, interleaved, for several
rounds; the table gives min and median wall time and their ratio to the
baseline's median. The machines are shared and noisy: quote the ratio of
medians, and several rounds, never one run.

    python bench/bench_cli.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _commands(out: Path) -> dict[str, list[str]]:
    cli = [sys.executable, "-m", "calendars._cli"]
    period = ["--from", "2025-01-01", "--to", "2027-12-31"]
    stamp = ["--stamp", "2026-11-22T12:00:00Z"]
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "--version": [*cli, "--version"],
        "list": [*cli, "list"],
        "rotation": [*cli, "rotation", "malmolund", "ordforande", *period],
        "rotation (per event)": [*cli, "rotation", "sodertorn", "vardar", *period],
        "fairness": [*cli, "fairness", "malmolund", "--from", "2012-01-01", "--to", "2031-12-31"],
        "plan": [*cli, "plan", "sodertorn", "--from", "2017-01-01", "--to", "2018-12-31"],
        "export (one)": [*cli, "export", "malmolund", *period, "--out", str(out / "one"), *stamp],
        "export (all)": [*cli, "export", *period, "--out", str(out / "all"), *stamp],
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        commands = _commands(Path(tmp))
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, argv in commands.items():
                t0 = time.perf_counter()
                subprocess.run(argv, cwd=ROOT, check=True, capture_output=True)
                times[name].append(time.perf_counter() - t0)
    base = statistics.median(times["python -c pass"])
    print(f"{args.rounds} rounds, interleaved; ratio = median / median of `python -c pass`")
    print(f"{'command':24} {'min s':>7} {'median s':>9} {'ratio':>6}")
    for name, found in times.items():
        median = statistics.median(found)
        print(f"{name:24} {min(found):7.3f} {median:9.3f} {median / base:6.1f}")


if __name__ == "__main__":
    main()
