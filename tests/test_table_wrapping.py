"""Tables fit the terminal without cutting a date: long texts wrap, then columns drop in order."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calendars._formats.listing import table

ROWS = [
    {
        "day": "tors 14 september 2017",
        "title": "Södertörns samarbetskommitté – extra sammanträde om budgeten",
        "hosts": "Södertälje och Nykvarn",
        "chair": "Huddinge",
        "vice": "Botkyrka",
    },
    {"day": "fre 6 okt 2017", "title": "Ledningsgruppen", "hosts": "", "chair": "", "vice": ""},
]
COLUMNS = [(k, k) for k in ("day", "title", "hosts", "chair", "vice")]


# Natural widths: day 22, title 60, hosts 22, chair 8, vice 8 (128 with the
# gaps). Wrapped at spaces, title needs 17 ("samarbetskommitté"), hosts 10
# ("Södertälje"), chair and vice 8: 73 with the gaps.


def test_wide_text_wraps_and_dates_stay_whole() -> None:
    text = table(ROWS, COLUMNS, width=80, keep=("day",))
    lines = text.splitlines()
    assert lines[0].split() == ["day", "title", "hosts", "chair", "vice"]
    assert all(len(line) <= 80 for line in lines), text
    assert all(c in text for c in ("tors 14 september 2017", "fre 6 okt 2017"))
    # Every word of the long title is there, whole, on some line.
    for word in ROWS[0]["title"].split():
        assert any(word in line.split() for line in lines), word
    assert "…" not in text
    # The first row takes several lines; the date is on its first.
    assert lines[2].startswith("tors 14 september 2017")
    assert not lines[3].startswith("tors")


def test_columns_drop_in_the_stated_order() -> None:
    order = ("vice", "chair", "hosts")
    # 60: without vice 63 is too wide; without chair too, 53 fits.
    narrow = table(ROWS, COLUMNS, width=60, keep=("day",), drop=order)
    assert narrow.splitlines()[0].split() == ["day", "title", "hosts"], narrow
    assert all(len(line) <= 60 for line in narrow.splitlines()), narrow
    # 50: hosts goes too (41 fits).
    tight = table(ROWS, COLUMNS, width=50, keep=("day",), drop=order)
    assert tight.splitlines()[0].split() == ["day", "title"], tight
    assert all(len(line) <= 50 for line in tight.splitlines()), tight
    assert "tors 14 september 2017" in tight


def test_a_date_is_never_cut_even_when_nothing_fits() -> None:
    text = table(ROWS, COLUMNS, width=10, keep=("day",), drop=("vice", "chair", "hosts"))
    assert "tors 14 september 2017" in text
    assert "fre 6 okt 2017" in text


def test_no_cap_without_a_terminal() -> None:
    text = table(ROWS, COLUMNS, width=None, keep=("day",))
    assert max(len(line) for line in text.splitlines()) > 80
    assert ROWS[0]["title"] in text


@pytest.mark.parametrize("columns", ["50", "72"])
def test_plan_table_in_a_narrow_terminal(
    cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    period = ("--from", "2017-01-01", "--to", "2017-12-31")
    meetings = json.loads(cli("plan", "sodertorn", *period, "--format", "json").out)
    monkeypatch.setenv("COLUMNS", columns)
    run = cli("plan", "sodertorn", *period)
    assert run.status == 0, run.err
    lines = run.out.splitlines()
    assert all(len(line) <= int(columns) for line in lines), run.out
    # One row per meeting (a wrapped row goes on in indented lines), each date whole;
    # seed 003's two-day meetings of 2017: 6–7 April and 16–17 August.
    starts = [line for line in lines[2:] if line and not line.startswith(" ")]
    assert len(starts) == len(meetings) == 17
    assert any(line.startswith("6–7 apr 2017 ") for line in starts)
    assert any(line.startswith("16–17 aug 2017 ") for line in starts)
    assert "…" not in run.out


DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)).map(
    lambda d: f"tors {d.day} {d:%b} {d.year}"
)
WORDS = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäö", min_size=1, max_size=14), max_size=8
).map(" ".join)


@given(
    rows=st.lists(
        st.fixed_dictionaries({"day": DAYS, "title": WORDS, "hosts": WORDS, "chair": WORDS}),
        min_size=1,
        max_size=6,
    ),
    width=st.integers(min_value=10, max_value=120),
)
def test_any_table_keeps_each_date_whole_on_its_row(rows: list[dict[str, str]], width: int) -> None:
    columns = [(k, k) for k in ("day", "title", "hosts", "chair")]
    text = table(rows, columns, width=width, keep=("day",), drop=("chair", "hosts"))
    lines = text.splitlines()
    # Headings may wrap too: the rows start after the line of dashes.
    rule = next(i for i, line in enumerate(lines) if line and set(line) <= {"-", " "})
    body = [line for line in lines[rule + 1 :] if line and not line.startswith(" ")]
    # One first line per row (a row whose every cell is empty but the date still has one),
    # each starting with its date, whole.
    assert [line.split("  ")[0].strip() for line in body] == [r["day"] for r in rows]
    # Whatever fits is not wider than asked: the date and title columns need at most
    # the widest date, two spaces and four characters of title.
    least = max(len(r["day"]) for r in rows) + 2 + 4
    if width >= least:
        assert all(len(line) <= width for line in lines), text
    # No word of a kept column is lost: every title word is somewhere in the table.
    assert all(
        word in text.replace("\n", " ") or len(word) > 4
        for r in rows
        for word in r["title"].split()
    )
