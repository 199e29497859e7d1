"""Listings as a table, JSON or CSV (the exporters of the CLI)."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Collection, Mapping, Sequence
from datetime import date

from calendars._words import DATES, MONTHS, MONTHS_SHORT, WEEKDAYS_SHORT, Language

FORMATS = ("table", "json", "csv", "excel")
"""Listing formats; "excel" is CSV as Swedish Excel opens it (`to_excel_csv`)."""
Row = Mapping[str, object]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _fields(day: date, language: Language) -> dict[str, object]:
    """What the `DATES` forms may name of `day`."""
    return {
        "d": day.day,
        "mon": MONTHS_SHORT[language][day.month - 1],
        "month": MONTHS[language][day.month - 1],
        "wd": WEEKDAYS_SHORT[language][day.weekday()],
        "y": day.year,
        "mm": f"{day.month:02d}",
        "iso": day.isoformat(),
    }


def day_text(day: date, language: Language, *, weekday: bool = False, long: bool = False) -> str:
    """A day as people write it: "tors 2 feb 2017" in Swedish, ISO in English.

    `long`: with the weekday and the whole month's name ("tors 2 februari 2017").
    """
    form = "long" if long else "weekday" if weekday else "day"
    return DATES[language][form].format(**_fields(day, language))


def span_text(first: date, last: date, language: Language) -> str:
    """Two days of one meeting: "16–17 aug 2017" or "2017-08-16–17"."""
    words = DATES[language]
    if (first.year, first.month) == (last.year, last.month):
        return words["span_in_month"].format(
            **_fields(first, language), last_d=last.day, last_dd=f"{last.day:02d}"
        )
    return words["span"].format(first=day_text(first, language), last=day_text(last, language))


def month_text(day: date, language: Language) -> str:
    """A month known without its day: "januari 2018" or "2018-01 (month)"."""
    return DATES[language]["month"].format(**_fields(day, language))


BOLD, RED, RESET = "\033[1m", "\033[31m", "\033[0m"


WRAP_MIN = 8
"""A wrapped column keeps at least this many characters (or its longest word)."""


def _wrap(text: str, width: int) -> list[str]:
    if len(text) <= width:
        return [text]
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def table(
    rows: Sequence[Row],
    columns: Sequence[tuple[str, str]],
    *,
    width: int | None = 80,
    colour: bool = False,
    keep: Collection[str] = (),
    drop: Sequence[str] = (),
) -> str:
    """Rows as aligned text columns, fitted to `width` without cutting a date.

    When the table is wider than `width`: first the widest column not in
    `keep` wraps at spaces, down to `WRAP_MIN` characters or its longest word;
    then the columns in `drop` are left out, in that order; then wrapped
    columns may break inside words. Columns in `keep` (dates, times) are never
    wrapped or cut: a table that cannot fit is printed wider than `width`.

    Args:
        rows: the data.
        columns: (key, heading) pairs, in display order.
        width: the terminal's width; ``None``: no limit (not a terminal).
        colour: bold headings (only for a terminal).
        keep: keys of columns never wrapped.
        drop: keys of columns that may be left out, first dropped first.

    """
    cells = {key: [_cell(row.get(key)) for row in rows] for key, _ in columns}
    shown, widths = _layout(cells, columns, width=width, keep=keep, drop=drop)
    return _lines(cells, len(rows), shown, widths, colour=colour)


def _layout(
    cells: Mapping[str, Sequence[str]],
    columns: Sequence[tuple[str, str]],
    *,
    width: int | None,
    keep: Collection[str],
    drop: Sequence[str],
) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """The columns `table` shows and their widths (see there)."""
    shown = list(columns)

    def natural(key: str, heading: str) -> int:
        return max([len(heading)] + [len(c) for c in cells[key]])

    def least(key: str, heading: str, *, words: bool) -> int:
        if key in keep:
            return natural(key, heading)
        longest = max(
            [len(w) for c in cells[key] for w in c.split()] + [len(w) for w in heading.split()],
            default=1,
        )
        return max(1, longest) if words else min(natural(key, heading), 4)

    def fit(words: bool) -> dict[str, int] | None:
        widths = {key: natural(key, heading) for key, heading in shown}
        floor = {
            key: min(widths[key], max(WRAP_MIN, least(key, heading, words=True)))
            if words
            else least(key, heading, words=False)
            for key, heading in shown
        }
        while width is not None and sum(widths.values()) + 2 * (len(shown) - 1) > width:
            candidates = [k for k, _ in shown if k not in keep and widths[k] > floor[k]]
            if not candidates:
                return None
            widest = max(candidates, key=lambda k: widths[k])
            widths[widest] -= 1
        return widths

    widths = fit(words=True)
    for key in drop:
        if widths is not None:
            break
        if key in dict(shown) and len(shown) > 1:
            shown = [(k, h) for k, h in shown if k != key]
            widths = fit(words=True)
    if widths is None:
        widths = fit(words=False) or {key: natural(key, heading) for key, heading in shown}
    return shown, widths


def _lines(
    cells: Mapping[str, Sequence[str]],
    count: int,
    shown: Sequence[tuple[str, str]],
    widths: Mapping[str, int],
    *,
    colour: bool,
) -> str:
    """The table's text: headings, a rule, then `count` rows, each wrapped to `widths`."""

    def line(parts: Sequence[str]) -> str:
        return "  ".join(
            p.ljust(widths[k]) for p, (k, _) in zip(parts, shown, strict=True)
        ).rstrip()

    heads = [_wrap(h, widths[k]) for k, h in shown]
    out = []
    for i in range(max(len(h) for h in heads)):
        text = line([h[i] if i < len(h) else "" for h in heads])
        out.append(f"{BOLD}{text}{RESET}" if colour else text)
    out.append("  ".join("-" * widths[k] for k, _ in shown))
    for r in range(count):
        wrapped = [_wrap(cells[k][r], widths[k]) for k, _ in shown]
        for i in range(max(len(w) for w in wrapped)):
            out.append(line([w[i] if i < len(w) else "" for w in wrapped]))
    return "\n".join(out)


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


def _excel_cell(value: object) -> str:
    if isinstance(value, float):
        return str(value).replace(".", ",")  # Swedish Excel reads a decimal comma
    return _cell(value)


def to_excel_csv(rows: Sequence[Row], columns: Sequence[str]) -> str:
    """Rows as CSV that Swedish Excel opens by a double-click, one column per field.

    A byte-order mark (Excel takes a file without one for the local 8-bit
    code page and garbles å, ä, ö), ";" between fields (Excel's list
    separator where the decimal sign is a comma), CRLF line ends, quotes
    only where a field needs them, numbers with a decimal comma.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_excel_cell(row.get(c)) for c in columns])
    return "\ufeff" + out.getvalue()
