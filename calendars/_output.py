"""Listings as a table, JSON or CSV (the exporters of the CLI)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence

FORMATS = ("table", "json", "csv")
Row = Mapping[str, object]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def table(rows: Sequence[Row], columns: Sequence[tuple[str, str]], *, width: int = 80) -> str:
    """Rows as aligned text columns, cut to fit `width` characters.

    Args:
        rows: the data.
        columns: (key, heading) pairs, in display order.
        width: the terminal width; wide cells are shortened with "…".

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

    lines = ["  ".join(fit(h, w).ljust(w) for h, w in zip(headings, widths, strict=True)).rstrip()]
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
