"""The kalendarium corpus: lists written the ways people write them, each with its plan worked out by hand.

Each ``tests/data/kalendarium/NAME.txt`` has a ``NAME.expected``:

* ``# args: …``: options for import-text;
* ``! N: message``: the error or warning expected for line N;
* ``[exit 2]``: the import must fail and write nothing;
* ``[exit 1]``: the file is written, but a line with a date made no meeting
  and was not explained away (its ``!`` warning says which);
* every other line, one meeting of the plan over the years the file names:
  ``DAY TIME | TITLE | HOSTS | STATUS [| @PLACE]``, where DAY is
  ``2017-02-02``, ``2017-04-06..2017-04-07`` or ``2018-01`` (month only) and
  TIME is ``12.00-15.00``, ``heldag`` or ``månad``.
"""

from __future__ import annotations

import re
import shlex
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import DATA

import calendars
from calendars import load

CORPUS = DATA / "kalendarium"
CASES = sorted(CORPUS.glob("*.txt"))
REAL = sorted((CORPUS / "real").glob("*.txt"))


def _line(m: calendars.Meeting) -> str:
    if m.month_only:
        day, time = f"{m.start:%Y-%m}", "månad"
    elif isinstance(m.start, datetime) and isinstance(m.end, datetime):
        day, time = m.start.date().isoformat(), f"{m.start:%H.%M}-{m.end:%H.%M}"
    else:
        last = m.end - timedelta(days=1)
        day = m.start.isoformat() if last == m.start else f"{m.start}..{last}"
        time = "heldag"
    text = f"{day} {time} | {m.title} | {', '.join(m.hosts)} | {m.status.value}"
    if m.location and m.location not in {", ".join(m.hosts), " och ".join(m.hosts)}:
        text += f" | @{m.location}"
    return text


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30
    assert len(REAL) >= 30
    assert all(c.with_suffix(".expected").exists() for c in CASES + REAL)


@pytest.mark.parametrize("case", CASES + REAL, ids=[c.stem for c in CASES + REAL])
def test_kalendarium(case: Path, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    spec = case.with_suffix(".expected").read_text("utf-8").splitlines()
    args = [a for s in spec if s.startswith("# args:") for a in shlex.split(s[7:])]
    errors = [s[2:] for s in spec if s.startswith("! ")]
    fails = "[exit 2]" in spec
    wanted = [s for s in spec if s.strip() and not s.startswith(("#", "!", "[exit"))]
    out = tmp_path / "coop.toml"
    run = cli("import-text", case, "--id", "corpus", "--out", out, *args)
    assert "Traceback" not in run.err
    for error in errors:
        number, message = error.split(": ", 1)
        said = [line for line in run.err.splitlines() if line.startswith(f"{case}:{number}: ")]
        assert said, f"no message for line {number}:\n{run.err}"
        assert any(message in line for line in said), run.err
    if fails:
        assert run.status == 2
        assert "nothing written" in run.err
        assert not out.exists()
        return
    assert run.status == (1 if "[exit 1]" in spec else 0), run.err
    if not errors:
        assert run.err == ""
    coop = load(out)
    years = [int(w[:4]) for w in wanted]
    meetings = calendars.plan(coop, date(min(years), 1, 1), date(max(years) + 1, 1, 1)).meetings
    got = sorted(_line(m) for m in meetings)
    assert got == sorted(wanted)


def test_thirty_real_lists_are_published_by_cooperations() -> None:
    """SOURCES.md names the lists municipal cooperations publish; the issue asks for 30."""
    sources = (CORPUS / "real" / "SOURCES.md").read_text("utf-8")
    said = re.search(r"are published by municipal cooperations \([^)]*\):\s*([^.]*)\.", sources)
    assert said is not None
    numbers: set[int] = set()
    for first, last in re.findall(r"(\d+)(?:–(\d+))?", said[1]):
        numbers |= set(range(int(first), int(last or first) + 1))
    stems = {int(case.stem[:2]): case for case in REAL}
    assert numbers <= set(stems)
    assert len(numbers) >= 30
    rows = {int(n) for n in re.findall(r"^\| (\d+) \|", sources, re.MULTILINE)}
    assert rows == set(stems)  # every list has its source row
