"""The index page of a feed set, with a timeline picture of the rotations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape
from urllib.parse import quote

from calendars._formats.feed import FeedFile
from calendars._planning.feedset import RotationRow
from calendars._words import FEED_KINDS, INDEX, Language

_PALETTE = (
    "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d",
    "#1f78b4", "#b2df8a", "#fb9a99", "#cab2d6", "#ff7f00",
)  # fmt: skip


def timeline(rows: Sequence[RotationRow], start: date, end: date, *, width: int = 900) -> str:
    """An SVG picture: one band per rotation, one coloured block per term."""
    label_w, row_h, top = 190, 26, 24
    span = max((end - start).days, 1)
    inner = width - label_w - 10

    def x(day: date) -> float:
        clipped = min(max(day, start), end)
        return label_w + inner * (clipped - start).days / span

    members = sorted({t.holder for row in rows for t in row.terms})
    colour = {m: _PALETTE[i % len(_PALETTE)] for i, m in enumerate(members)}
    height = top + row_h * len(rows) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
        f"<title>{escape(INDEX[Language.SV]['timeline'])}</title>",
    ]
    for year in range(start.year, end.year + 1):
        tick = date(year, 1, 1)
        if start <= tick < end:
            parts.append(
                f'<line x1="{x(tick):.1f}" y1="{top - 6}" x2="{x(tick):.1f}" y2="{height - 6}" '
                'stroke="#bbb" stroke-width="1"/>'
                f'<text x="{x(tick) + 3:.1f}" y="{top - 10}" font-size="11">{year}</text>'
            )
    for i, row in enumerate(rows):
        y = top + i * row_h
        parts.append(
            f'<text x="4" y="{y + 17}" font-size="12">'
            f"{escape(row.coop)} · {escape(row.name)}</text>"
        )
        for term in row.terms:
            x0, x1 = x(term.start), x(term.end)
            x1 = max(x1, x0 + 3)  # a one-day turn stays visible
            parts.append(
                f'<rect class="term" x="{x0:.1f}" y="{y + 3}" width="{x1 - x0:.1f}" '
                f'height="{row_h - 6}" fill="{colour[term.holder]}">'
                f"<title>{escape(term.holder)} {term.start.isoformat()}–{term.end.isoformat()}"
                "</title></rect>"
            )
            if x1 - x0 > 7 * len(term.holder):
                parts.append(
                    f'<text x="{x0 + 3:.1f}" y="{y + 17}" font-size="11" fill="#fff">'
                    f"{escape(term.holder)}</text>"
                )
    parts.append("</svg>")
    return "\n".join(parts)


def index(
    groups: Sequence[tuple[str, str, Sequence[FeedFile], Sequence[RotationRow]]],
    *,
    start: date,
    end: date,
    language: str = "sv",
    base_url: str | None = None,
) -> str:
    """The index page: per cooperation, its feeds with subscribe and download links.

    Args:
        groups: (id, name, feeds, rotation rows) per cooperation.
        start: first day of the period shown.
        end: the day after the last.
        language: "sv" or "en".
        base_url: where the feeds are published ("https://example.se/kalender/");
            without it the page fills in the subscribe links from its own address.

    """
    t = INDEX[Language(language)]
    kinds = FEED_KINDS[Language(language)]
    out = [
        "<!doctype html>",
        f'<html lang="{language}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(t['title'])}</title>",
        "<style>",
        "body{font-family:system-ui,sans-serif;margin:2rem;max-width:72rem;color:#222}",
        "table{border-collapse:collapse;margin:1rem 0}",
        "td,th{border-bottom:1px solid #ddd;padding:.35rem .6rem;text-align:left}",
        "a{color:#0b5cad}.timeline{max-width:100%;height:auto}",
        "</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(t['title'])}</h1>",
        f"<p>{escape(t['help'])}</p>",
    ]
    base = base_url.rstrip("/") + "/" if base_url else None
    for coop_id, name, files, rows in groups:
        out += [
            f'<section id="{escape(coop_id)}">',
            f"<h2>{escape(name)}</h2>",
            "<table>",
            f"<tr><th>{escape(t['calendar'])}</th><th></th><th>{escape(t['events'])}</th>"
            f"<th>{escape(t['subscribe'])}</th><th>{escape(t['download'])}</th></tr>",
        ]
        for f in files:
            if f.kind == "retired":
                continue  # still written for old subscribers; not offered to new ones
            path = quote(f.name)
            https = f"{base}{path}" if base else path
            webcal = "webcal://" + https.split("://", 1)[1] if base and "://" in https else path
            out.append(
                f"<tr><td>{escape(f.title)}</td><td>{escape(kinds[f.kind])}</td>"
                f"<td>{f.events}</td>"
                f'<td><a class="webcal" data-feed="{path}" href="{escape(webcal)}">'
                f"{escape(t['apple'])}</a> · "
                f'<a class="https" data-feed="{path}" href="{escape(https)}">'
                f"{escape(t['google'])}</a></td>"
                f'<td><a class="download" href="{path}" download>{escape(f.name)}</a></td></tr>'
            )
        out += ["</table>"]
        if rows:
            out += [
                f"<h3>{escape(t['timeline'])}</h3>",
                timeline(rows, start, end),
            ]
        out.append("</section>")
    if base is None:
        # Served without a known address: build absolute links from this page's.
        out += [
            "<script>",
            "for (const a of document.querySelectorAll('a[data-feed]')) {",
            "  const url = new URL(a.dataset.feed, location.href);",
            "  if (url.protocol === 'https:' || url.protocol === 'http:') {",
            "    a.href = a.classList.contains('webcal')",
            "      ? 'webcal://' + url.host + url.pathname : url.href;",
            "  }",
            "}",
            "</script>",
        ]
    out += ["</body>", "</html>", ""]
    return "\n".join(out)
