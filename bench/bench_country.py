"""A whole-country scenario: 290 municipalities in 60 cooperations, 10 years (SPEC §6).

Run: python bench/bench_country.py
Each cooperation has a yearly chair rotation with a vice chair, a per-event
host rotation, a committee meeting six times a year (rules, breaks,
holidays) and a management group preparing each committee meeting. The
script loads all 60 files, plans 10 years, checks fairness of every
rotation and exports the feed set, and prints the time of each step.
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import calendars
from calendars import Cooperation, load_text
from calendars._publish.export import export
from rotations import fairness

START, END = date(2027, 1, 1), date(2037, 1, 1)


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


def main() -> None:
    sizes = [5] * 50 + [4] * 10
    t0 = time.perf_counter()
    coops = cooperations(1)
    t1 = time.perf_counter()
    plans = [calendars.plan(c, START, END) for c in coops]
    t2 = time.perf_counter()
    unfair = 0
    for coop, plan in zip(coops, plans, strict=True):
        unfair += not fairness(coop.rotation("ordf").terms(START, END)).fair
        unfair += not fairness(plan.terms["vard"]).fair
    t3 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        files = export(
            coops, out=Path(tmp), start=START, end=END, stamp=datetime(2026, 11, 22, tzinfo=UTC)
        )
        t4 = time.perf_counter()
        size = sum(len(f.content) for f in files)
    meetings = sum(len(p.meetings) for p in plans)
    print(f"{len(coops)} cooperations, {sum(sizes)} municipalities, 10 years, {meetings} meetings")
    print(f"load     {t1 - t0:6.2f} s")
    print(f"plan     {t2 - t1:6.2f} s   ({(t2 - t1) / meetings * 1e6:.0f} µs per meeting)")
    print(f"fairness {t3 - t2:6.2f} s   ({2 * len(coops)} rotations, {unfair} unfair)")
    print(f"export   {t4 - t3:6.2f} s   ({len(files)} feeds, {size / 2**20:.1f} MiB)")
    print(f"total    {t4 - t0:6.2f} s")


if __name__ == "__main__":
    main()
