"""Listings as a table, JSON or CSV (the exporters of the CLI)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from datetime import date

from calendars._words import MONTHS, MONTHS_SHORT, WEEKDAYS_SHORT, Language

FORMATS = ("table", "json", "csv")
Row = Mapping[str, object]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def day_text(day: date, language: str, *, weekday: bool = False) -> str:
    """A day as people write it: "tors 2 feb 2017" in Swedish, ISO in English."""
    if language != "sv":
        return day.isoformat()
    text = f"{day.day} {MONTHS_SHORT[Language.SV][day.month - 1]} {day.year}"
    return f"{WEEKDAYS_SHORT[Language.SV][day.weekday()]} {text}" if weekday else text


def span_text(first: date, last: date, language: str) -> str:
    """Two days of one meeting: "16–17 aug 2017" or "2017-08-16–17"."""
    if language != "sv":
        tail = (
            f"{last:%d}"
            if (first.year, first.month) == (last.year, last.month)
            else last.isoformat()
        )
        return f"{first.isoformat()}–{tail}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {MONTHS_SHORT[Language.SV][first.month - 1]} {first.year}"
    return f"{day_text(first, 'sv')}–{day_text(last, 'sv')}"


def month_text(day: date, language: str) -> str:
    """A month known without its day: "januari 2018" or "2018-01 (month)"."""
    if language != "sv":
        return f"{day:%Y-%m} (month)"
    return f"{MONTHS[Language.SV][day.month - 1]} {day.year}"


BOLD, RED, RESET = "\033[1m", "\033[31m", "\033[0m"


def table(
    rows: Sequence[Row],
    columns: Sequence[tuple[str, str]],
    *,
    width: int = 80,
    colour: bool = False,
) -> str:
    """Rows as aligned text columns, cut to fit `width` characters.

    Args:
        rows: the data.
        columns: (key, heading) pairs, in display order.
        width: the terminal width; wide cells are shortened with "…".
        colour: bold headings (only for a terminal).

    """
    cells = [[_cell(row.get(key)) for key, _ in columns] for row in rows]
    headings = [heading for _, heading in columns]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headings)]
    # Shrink the widest column until the line fits.
    while sum(widths) + 2 * (len(widths) - 1) > width and max(widths) > 6:
        widest = widths.index(max(widths))
        widths[widest] -= 1

    def fit(text: str, w: int) -> str:
        return text if len(text) <= w else text[: w - 1] + "…"

    head = "  ".join(fit(h, w).ljust(w) for h, w in zip(headings, widths, strict=True)).rstrip()
    lines = [f"{BOLD}{head}{RESET}" if colour else head]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(fit(c, w).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in cells
    ]
    return "\n".join(lines)


def to_json(rows: Sequence[Row]) -> str:
    """Rows as a JSON array, keys in insertion order, non-ASCII kept."""
    return json.dumps(list(rows), ensure_ascii=False, indent=2)


def to_csv(rows: Sequence[Row], columns: Sequence[str]) -> str:
    """Rows as CSV with a header line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue()
