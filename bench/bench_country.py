"""A whole-country scenario: 290 municipalities in 60 cooperations, 10 years (SPEC §6).

Run: python bench/bench_country.py [--scaling | --parallel] [--rounds N]
Each cooperation has a yearly chair rotation with a vice chair, a per-event
host rotation, a committee meeting six times a year (rules, breaks,
holidays) and a management group preparing each committee meeting. The
script loads all 60 files, plans 10 years, checks fairness of every
rotation and exports the feed set, and prints the time of each step.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import calendars
from calendars import Cooperation, load_text
from calendars._publish.export import export
from rotations import fairness

START, END = date(2027, 1, 1), date(2037, 1, 1)
ROOT = Path(__file__).resolve().parents[1]


def cooperation(index: int, members: list[str]) -> str:
    listed = "\n".join(f'"{m}" = {{}}' for m in members)
    order = ", ".join(f'"{m}"' for m in members)
    return f"""
id = "coop{index:03d}"
name = "Samverkan {index}"

[members]
{listed}

[rotations.ordf]
role = "ordförande"
order = "alphabetical"
turn = "year"
start = {{ date = "2027-01-01", holder = "{sorted(members)[0]}" }}
deputy = "next"

[rotations.vard]
role = "värdkommun"
turn = "event"
members = [{order}]
start = {{ date = "2027-01-01", holder = "{members[0]}" }}

[bodies.kommitte]
name = "Samverkanskommittén {index}"
chair = "ordf"
host = "vard"
host_not_chair = true
weekday = "torsdag"
time = "13.00-16.00"
per_year = 6
season = ["01-15", "12-15"]
min_gap_days = 21
breaks = [
    {{ name = "sommar", from = "06-15", to = "08-20" }},
    {{ name = "sportlov", week = 8 }},
]

[bodies.ledningsgrupp]
name = "Ledningsgruppen {index}"
prepares = "kommitte"
weekday = "fredag"
time = "09.00-12.00"
lead_days = [7, 21]
"""


def cooperations(scale: int) -> list[Cooperation]:
    """`scale` times the country: 290 municipalities in 60 cooperations each time."""
    coops = []
    for copy in range(scale):
        names = [f"Kommun {copy:02d}-{i:03d}" for i in range(290)]
        sizes = [5] * 50 + [4] * 10  # 50 * 5 + 10 * 4 = 290
        at = 0
        for i, size in enumerate(sizes):
            index = copy * 60 + i
            text = cooperation(index, names[at : at + size])
            coops.append(load_text(text, file=f"coop{index}.toml"))
            at += size
    return coops


def once(scale: int = 1, jobs: int = 1) -> dict[str, float]:
    """Load, plan, check and export `scale` times the country; the time of each step."""
    t0 = time.perf_counter()
    coops = cooperations(scale)
    t1 = time.perf_counter()
    unfair = meetings = 0
    checking = 0.0
    for coop in coops:  # one plan at a time, as an export holds them
        plan = calendars.plan(coop, START, END)
        c0 = time.perf_counter()
        unfair += not fairness(coop.rotation("ordf").terms(START, END)).fair
        unfair += not fairness(plan.terms["vard"]).fair
        checking += time.perf_counter() - c0
        meetings += len(plan.meetings)
    t3 = time.perf_counter()
    t2 = t3 - checking
    with tempfile.TemporaryDirectory() as tmp:
        files = export(
            coops,
            out=Path(tmp),
            start=START,
            end=END,
            stamp=datetime(2026, 11, 22, tzinfo=UTC),
            jobs=jobs,
        )
        t4 = time.perf_counter()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {
        "coops": len(coops), "meetings": meetings, "unfair": unfair, "feeds": len(files),
        "mib": sum(f.size for f in files) / 2**20, "load": t1 - t0, "plan": t2 - t1,
        "fairness": t3 - t2, "export": t4 - t3, "total": t4 - t0, "rss_mib": rss,
    }  # fmt: skip


def _child(scale: int, jobs: int) -> dict[str, float]:
    """`once` in a fresh process, so that its peak memory is its own."""
    code = (
        "import json, sys; sys.path.insert(0, 'bench'); from bench_country import once; "
        f"print(json.dumps(once({scale}, {jobs})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    found: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def scaling(rounds: int) -> None:
    """Growth to 8 x the country, and peak memory; each size once per round, interleaved."""
    scales = (1, 2, 4, 8)
    found: dict[int, list[dict[str, float]]] = {s: [] for s in scales}
    for _ in range(rounds):
        for s in scales:
            found[s].append(_child(s, 1))
    base = statistics.median(r["total"] for r in found[1])
    print(f"scaling, {rounds} rounds interleaved, one process each (--jobs 1)")
    print(f"{'scale':>5} {'coops':>6} {'meetings':>9} {'total min':>10} {'total med':>10} "
          f"{'x 1':>6} {'ms/coop':>8} {'peak MiB':>9}")  # fmt: skip
    for s in scales:
        totals = [r["total"] for r in found[s]]
        med = statistics.median(totals)
        r0 = found[s][0]
        rss = statistics.median(r["rss_mib"] for r in found[s])
        print(
            f"{s:>5} {int(r0['coops']):>6} {int(r0['meetings']):>9} {min(totals):10.2f} "
            f"{med:10.2f} {med / base:6.2f} {med / r0['coops'] * 1e3:8.1f} {rss:9.0f}"
        )
    small, large = (
        statistics.median(r["total"] for r in found[1]),
        statistics.median(r["total"] for r in found[8]),
    )
    print(f"growth exponent 1x -> 8x: {math.log(large / small) / math.log(8):.2f} (1.00 is linear)")


def parallel(rounds: int) -> None:
    """`--jobs 2` against `--jobs 1` on the country, interleaved, in fresh processes."""
    one, two = [], []
    for _ in range(rounds):
        one.append(_child(1, 1)["export"])
        two.append(_child(1, 2)["export"])
    ratios = [b / a for a, b in zip(one, two, strict=True)]
    print(f"export of the country, {rounds} rounds interleaved")
    print(f"  --jobs 1  min {min(one):6.2f} s  median {statistics.median(one):6.2f} s")
    print(f"  --jobs 2  min {min(two):6.2f} s  median {statistics.median(two):6.2f} s")
    med = statistics.median(ratios)
    print(f"  ratio jobs2/jobs1 per round: min {min(ratios):.2f}, median {med:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scaling", action="store_true", help="growth to 8x and peak memory")
    parser.add_argument("--parallel", action="store_true", help="--jobs 2 against --jobs 1")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.scaling:
        scaling(args.rounds)
        return
    if args.parallel:
        parallel(args.rounds)
        return
    r = once()
    coops, meetings = int(r["coops"]), int(r["meetings"])
    print(f"{coops} cooperations, 290 municipalities, 10 years, {meetings} meetings")
    print(f"load     {r['load']:6.2f} s")
    print(f"plan     {r['plan']:6.2f} s   ({r['plan'] / r['meetings'] * 1e6:.0f} µs per meeting)")
    unfair = int(r["unfair"])
    print(f"fairness {r['fairness']:6.2f} s   ({2 * coops} rotations, {unfair} unfair)")
    feeds = int(r["feeds"])
    print(f"export   {r['export']:6.2f} s   ({feeds} feeds, {r['mib']:.1f} MiB)")
    print(f"total    {r['total']:6.2f} s   (peak {r['rss_mib']:.0f} MiB)")


if __name__ == "__main__":
    main()
