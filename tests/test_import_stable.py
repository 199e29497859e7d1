"""A cooperation file written from a list is stable: removing one date changes only that date.

Named hosts per date are the truth of a published list; no rotation is
inferred from them, so nothing later hangs on the dates around the one
removed (issue 16: the rådslag moved from its own rotation to the
committee's when 23 March was removed, and the rotations feed cancelled
terms and added them again under new UIDs).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA

from calendars._importers import coopfile, kalendarium
from calendars._importers.phrases import read_line

LISTS = [DATA / "kalendarium_2017.txt", *sorted((DATA / "kalendarium" / "real").glob("*.txt"))]


def _toml(text: str) -> tuple[list[str], list[kalendarium.Date]]:
    parsed = kalendarium.parse(text, body="Direktionen")
    toml, problems = coopfile.to_toml(
        parsed.bodies, coop_id="c", name="c", require_members=False, rotations=False
    )
    assert problems == []
    return toml.splitlines(), [d for b in parsed.bodies for d in b.dates]


@pytest.mark.parametrize("source", LISTS, ids=[p.stem[:24] for p in LISTS])
def test_removing_one_date_changes_only_its_lines(source: Path) -> None:
    text = source.read_text("utf-8")
    lines = text.splitlines()
    whole, dates = _toml(text)
    lines_of = [d.line for d in dates]
    # A line of one date, in a body of several (removing a body's only date removes the body).
    one_date_lines = [
        d.line
        for b in kalendarium.parse(text, body="Direktionen").bodies
        if len(b.dates) > 1
        for d in b.dates
        if lines_of.count(d.line) == 1
    ]
    # The date that alone names the list's year cannot go without the year going too (55).
    year_of = {n for n in one_date_lines if read_line(lines[n - 1]).phrases[0].year is not None}
    if len(year_of) == 1 and not any(read_line(line).years for line in lines):
        one_date_lines.remove(year_of.pop())
    # Two meetings of a body on one day are DAY and DAY-2 (docs/reference.md): removing the
    # first renames the second, by design of those ids (59: 4 oktober, Samverkanstorg Live).
    shared = {d.first for d in dates if [e.first for e in dates].count(d.first) > 1}
    one_date_lines = [n for n in one_date_lines if dates[lines_of.index(n)].first not in shared]
    for number in one_date_lines:
        gone = next(d for d in dates if d.line == number)
        day = gone.first.isoformat() if gone.precision != "month" else f"{gone.first:%Y-%m}"
        without, _ = _toml("\n".join([*lines[: number - 1], "", *lines[number:]]))
        removed = [line for line in whole if line not in without]
        added = [line for line in without if line not in whole]
        assert added == [], (source.name, number, added)
        for line in removed:
            named = day in line or (gone.hosts and any(f'"{h}" = {{}}' == line for h in gone.hosts))
            block = line in {"", "[[bodies.direktionen.overrides]]"} or line.startswith(
                ("location = ", "[[bodies.")
            )
            assert named or block or line.endswith(" = [") or line == "]", (number, line)


@pytest.mark.parametrize("source", LISTS, ids=[p.stem[:24] for p in LISTS])
def test_every_line_with_a_date_made_a_meeting_or_is_named(source: Path) -> None:
    """Exit 0 only when every date-bearing line was used: a meeting, a status, or a named note."""
    text = source.read_text("utf-8")
    parsed = kalendarium.parse(text, body="Direktionen")
    made = {d.line for b in parsed.bodies for d in b.dates}
    named = {n.line for n in parsed.notes} | {p.line for p in parsed.problems}
    used = {
        n
        for n, what in parsed.read.items()
        if what.startswith(
            (
                "a sentence that marks",
                "a sentence about a listed",
                "another document of the meeting",
            )
        )
    }
    for number, line in enumerate(text.splitlines(), start=1):
        if read_line(line).phrases:
            assert number in made | named | used, (number, line, parsed.read.get(number))
