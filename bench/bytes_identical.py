"""Show that a refactoring left every published byte as it was.

Run: python bench/bytes_identical.py REV [--country]

Checks out REV (a commit, e.g. the main before a refactoring) in a temporary
git worktree, writes the same feed sets with it and with the working tree, and
compares them file by file:

* the bundled five cooperations, 2017-2030, from scratch;
* the same folder exported again the next day (the SEQUENCE, DTSTAMP and
  unchanged-file path that reads the previous feeds back);
* with ``--country``: the whole-country scenario of ``bench_country.py``
  (60 cooperations, 290 municipalities, 2027-2036), from scratch.

Prints every file that differs and exits 1 if any does. Each side runs in a
fresh process with its own tree first on ``sys.path``, through the public
API only (``calendars.bundled``, ``load``, ``load_text`` and ``export``), so
the script works on both sides of a change to private modules.
"""

from __future__ import annotations

import argparse
import filecmp
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_SIDE = """
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import calendars

out, country = Path(sys.argv[1]), sys.argv[2] == "1"
coops = [calendars.load(name) for name in calendars.bundled()]
first = datetime(2026, 11, 22, 12, tzinfo=UTC)
next_day = datetime(2026, 11, 23, 12, tzinfo=UTC)
span = {"start": date(2017, 1, 1), "end": date(2031, 1, 1), "jobs": 1}
calendars.export(coops, out=out / "scratch", stamp=first, **span)
calendars.export(coops, out=out / "again", stamp=first, **span)
calendars.export(coops, out=out / "again", stamp=next_day, **span)
if country:
    sys.path.insert(0, str(Path(calendars.__file__).parents[1] / "bench"))
    from bench_country import END, START, cooperations

    calendars.export(
        cooperations(1), out=out / "country", start=START, end=END, stamp=first, jobs=1
    )
"""


def _write(tree: Path, out: Path, *, country: bool) -> None:
    """Write every scenario's folder with the code of `tree` into `out`."""
    env = {"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0"}
    subprocess.run(
        [sys.executable, "-c", _SIDE, str(out), "1" if country else "0"],
        check=True,
        cwd=tree,
        env=env,
    )


def _differences(left: Path, right: Path) -> list[str]:
    """Paths (relative to the roots) that exist on one side only or differ in bytes."""
    found: list[str] = []
    names = {p.relative_to(left) for p in left.rglob("*") if p.is_file()}
    names |= {p.relative_to(right) for p in right.rglob("*") if p.is_file()}
    for name in sorted(names):
        a, b = left / name, right / name
        if not (a.is_file() and b.is_file() and filecmp.cmp(a, b, shallow=False)):
            found.append(str(name))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", help="the commit to compare the working tree with")
    parser.add_argument("--country", action="store_true", help="also the whole country")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        subprocess.run(
            ["git", "worktree", "add", "--detach", "--quiet", str(base), args.rev],
            check=True,
            cwd=ROOT,
        )
        try:
            _write(base, Path(tmp) / "before", country=args.country)
            _write(ROOT, Path(tmp) / "after", country=args.country)
            differ = _differences(Path(tmp) / "before", Path(tmp) / "after")
            total = sum(1 for p in (Path(tmp) / "after").rglob("*") if p.is_file())
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(base)], check=False, cwd=ROOT
            )
    for name in differ:
        print(f"differs: {name}")
    print(f"{total - len(differ)} of {total} files byte-identical to {args.rev}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
