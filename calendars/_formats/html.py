"""The index page of a feed folder: every cooperation whose feeds are there.

Per cooperation: the next meetings, who chairs and hosts now and next, the
timeline of the rotations with a legend, the latest changes, the feeds with
subscribe links, and a kalendarium that prints one page per year. The page
makes no external request and works from ``file://`` and from `serve`.

What a section shows comes from `calendars._formats.section`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import timedelta
from html import escape
from urllib.parse import quote

from calendars._formats.blocks import (
    STYLE,
    chair_text,
    drawn,
    mine,
    next_list,
    scale,
    status_word,
    strip,
    turn_list,
    year_ticks,
)
from calendars._formats.listing import day_text
from calendars._formats.section import Listed, RotationLine, Section, TermRow
from calendars._model.meeting import Status
from calendars._words import CHANGES, FEED_KINDS, INDEX, MONTHS, Language

# Colour-blind-safe, dark enough for white text (WCAG AA at 11px bold is not
# claimed; names are also in the legend in dark text).
_PALETTE = (
    "#1b7a5e", "#b34700", "#5b55a0", "#b0206a", "#3f6e12", "#8a6a00", "#7a5414",
    "#1a5f94", "#6b3fa0", "#a3361a", "#2f6f73", "#555555",
)  # fmt: skip
NEXT_MEETINGS = 8
"""How many of the next meetings a section lists."""
LATEST_CHANGES = 10
"""How many changes a section lists."""


def _when(m: Listed, language: Language) -> str:
    if m.month_only:
        months = MONTHS[language]
        return f"{months[m.first.month - 1]} {m.first.year}"
    first = day_text(m.first, language, long=True)
    if m.last != m.first:
        return f"{first} – {day_text(m.last, language, long=True)}"
    return first


def colours(rotations: Sequence[RotationLine]) -> dict[str, str]:
    """One colour per holder, in alphabetical order of the holders."""
    holders = sorted({t.holder for r in rotations for t in r.terms})
    return {h: _PALETTE[i % len(_PALETTE)] for i, h in enumerate(holders)}


def timeline(
    section: Section, *, width: int = 900, rows: Sequence[RotationLine] | None = None
) -> str:
    """An SVG picture: one band per rotation under its name, one coloured block per term.

    `rows`: the rotations to draw (default: all of the section's).
    """
    rows = section.rotations if rows is None else rows
    start, end = section.start, section.end
    label_w, row_h, top = 6, 40, 24
    x = scale(start, end, left=label_w, inner=width - label_w - 10)

    colour = colours(rows)
    t = INDEX[section.language]
    height = top + row_h * len(rows) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" '
        f'aria-labelledby="tl-{escape(section.id)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
        f'<title id="tl-{escape(section.id)}">{escape(t["timeline"])}: {escape(section.name)}'
        "</title>",
    ]
    parts += year_ticks(start, end, x, top=top - 6, bottom=height - 6, label=top - 10, size=11)
    for i, row in enumerate(rows):
        y = top + i * row_h
        parts.append(f'<text x="{label_w}" y="{y + 12}" font-size="12">{escape(row.label)}</text>')
        for term in row.terms:
            x0, x1 = x(term.first), x(term.last + timedelta(days=1))
            x1 = max(x1, x0 + 3)  # a one-day turn stays visible
            days = f"{term.first.isoformat()} – {term.last.isoformat()}"
            parts.append(
                f'<rect class="term" x="{x0:.1f}" y="{y + 16}" width="{x1 - x0:.1f}" '
                f'height="{row_h - 20}" fill="{colour[term.holder]}">'
                f"<title>{escape(term.holder)} {days}</title></rect>"
            )
            if x1 - x0 > 7 * len(term.holder):
                parts.append(
                    f'<text x="{x0 + 3:.1f}" y="{y + 30}" font-size="11" font-weight="bold" '
                    f'fill="#fff">{escape(term.holder)}</text>'
                )
    parts.append("</svg>")
    return "\n".join(parts)


def _now_and_next(section: Section) -> list[tuple[str, str, str]]:
    """(role, now, next) per rotation, counted from the export's day, as HTML.

    Each day is kept on one line (``<span class="date">``): a date never breaks
    at its hyphens on a narrow screen.
    """
    found = []
    for row in section.rotations:
        now = next((t for t in row.terms if t.first <= section.today <= t.last), None)
        after = next((t for t in row.terms if t.first > section.today), None)
        vice = f"{INDEX[section.language]['vice']} {row.role}"

        def said(term: TermRow | None, vice: str = vice) -> str:
            if term is None:
                return "–"
            deputy = f", {vice} {term.deputy}" if term.deputy else ""
            days = " – ".join(
                f'<span class="date">{d.isoformat()}</span>' for d in (term.first, term.last)
            )
            return f"{escape(term.holder + deputy)} ({days})"

        found.append((escape(row.label), said(now), said(after)))
    return found


_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;
color:#1a1a1a;background:#fff;line-height:1.45}
table{border-collapse:collapse;margin:.5rem 0 1rem}
td,th{border-bottom:1px solid #c8c8c8;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}
td.date,td.time{white-space:nowrap}
a{color:#0a4f99}
a:focus,button:focus{outline:3px solid #e08a00;outline-offset:2px}
.timeline{max-width:100%;height:auto}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem}
.legend span{display:inline-block;width:1rem;height:1rem;margin-right:.35rem;
vertical-align:-.15rem;border-radius:2px}
button.copy{font:inherit;padding:.1rem .5rem;cursor:pointer}
nav ul{display:flex;gap:1rem;list-style:none;padding:0}
.kalendarium{display:none}
.cancelled{text-decoration:line-through}
@media print{
body{margin:0;max-width:none;font-size:10pt}
body>*:not(main),main>section>*:not(.kalendarium){display:none !important}
.kalendarium{display:block}
.kalendarium section{break-after:page;page-break-after:always}
.kalendarium section:last-child{break-after:auto;page-break-after:auto}
main>section:not(:last-of-type) .kalendarium section:last-child{break-after:page;
page-break-after:always}
td,th{padding:.15rem .4rem}
}
"""

_LINKS = """
for (const a of document.querySelectorAll('a[data-feed]')) {
  const url = new URL(a.dataset.feed, location.href);
  if (url.protocol === 'https:' || url.protocol === 'http:') {
    a.href = a.classList.contains('webcal')
      ? 'webcal://' + url.host + url.pathname : url.href;
  }
}
"""
_COPY = """
for (const b of document.querySelectorAll('button.copy')) {
  b.addEventListener('click', async () => {
    const link = document.querySelector('a.https[data-feed="' + b.dataset.feed + '"]');
    try {
      await navigator.clipboard.writeText(link.href);
      b.textContent = b.dataset.done;
    } catch (e) {
      window.prompt(b.dataset.label, link.href);
    }
  });
}
"""


def _section(section: Section, base: str | None) -> list[str]:
    lang = section.language
    t = INDEX[lang]
    sid = escape(section.id)
    out = [
        f'<section id="{sid}" lang="{escape(lang)}" aria-labelledby="h-{sid}">',
        f'<h2 id="h-{sid}">{escape(section.name)}</h2>',
    ]
    out += mine(section, base)
    upcoming = [m for m in section.meetings if m.last >= section.today][:NEXT_MEETINGS]
    out.append(f"<h3>{escape(t['next'])}</h3>")
    if upcoming:
        out += next_list(upcoming, lang)
    else:
        out.append(f"<p>{escape(t['no_meetings'])}</p>")
    if section.rotations:
        out += _roles(section)
        out += _timelines(section)
    out += _changes(section)
    out += _feeds(section, base)
    out += _kalendarium(section)
    out.append("</section>")
    return out


def _changes(section: Section) -> list[str]:
    """The latest changes and the link to the change feed."""
    words = CHANGES[section.language]
    out = [f"<h3>{escape(words['latest'])}</h3>"]
    if section.changes:
        out.append('<ul class="changes">')
        out += [
            f"<li><time>{escape(c.when)}</time> {escape(c.text)}</li>"
            for c in section.changes[:LATEST_CHANGES]
        ]
        out.append("</ul>")
    else:
        out.append(f"<p>{escape(words['none'])}</p>")
    if section.atom:
        out.append(
            f'<p><a class="atom" href="{quote(section.atom)}">{escape(words["feed"])} '
            f"(Atom)</a></p>"
        )
    return out


def _feeds(section: Section, base: str | None) -> list[str]:
    """The feeds, each with its subscribe links, a copy button and a download link."""
    t = INDEX[section.language]
    kinds = FEED_KINDS[section.language]
    out = [
        f"<h3>{escape(t['feeds'])}</h3>",
        '<table class="feeds">',
        f'<tr><th scope="col">{escape(t["calendar"])}</th><th scope="col">{escape(t["kind"])}</th>'
        f'<th scope="col">{escape(t["events"])}</th><th scope="col">{escape(t["subscribe"])}</th>'
        f'<th scope="col">{escape(t["download"])}</th></tr>',
    ]
    for f in section.feeds:
        path = quote(f.name)
        https = f"{base}{path}" if base else path
        webcal = "webcal://" + https.split("://", 1)[1] if base and "://" in https else path
        out.append(
            f'<tr><td>{escape(f.title)}</td><td data-label="{escape(t["kind"])}">'
            f'{escape(kinds[f.kind])}</td><td data-label="{escape(t["events"])}">{f.events}</td>'
            f'<td><a class="webcal" data-feed="{path}" href="{escape(webcal)}">'
            f"{escape(t['apple'])}</a> · "
            f'<a class="https" data-feed="{path}" href="{escape(https)}">'
            f"{escape(t['google'])}</a> "
            f'<button type="button" class="copy" data-feed="{path}" '
            f'data-done="{escape(t["copied"])}" data-label="{escape(t["copy"])}">'
            f"{escape(t['copy'])}</button></td>"
            f'<td><a class="download" href="{path}" download>{escape(f.name)}</a></td></tr>'
        )
    out.append("</table>")
    return out


def _roles(section: Section) -> list[str]:
    """Who chairs and hosts now and next, with the vice chair."""
    t = INDEX[section.language]
    out = [
        f"<h3>{escape(t['now'])}</h3>",
        '<table class="roles">',
        f'<tr><th scope="col">{escape(t["role"])}</th>'
        f'<th scope="col">{escape(t["current"])}</th>'
        f'<th scope="col">{escape(t["following"])}</th></tr>',
    ]
    for role, now, after in _now_and_next(section):
        out.append(
            f"<tr><td>{role}</td>"
            f'<td data-label="{escape(t["current"])}">{now}</td>'
            f'<td data-label="{escape(t["following"])}">{after}</td></tr>'
        )
    out.append("</table>")
    return out


def _timelines(section: Section) -> list[str]:
    """The rotations: drawn wide for a desktop, as strips for a phone, or turn by turn.

    A rotation with more turns than a strip can name (a host per meeting) is
    listed turn by turn at every width instead of drawn as a barcode.
    """
    t = INDEX[section.language]
    shown = [r for r in section.rotations if drawn(r, section)]
    out = [f"<h3>{escape(t['timeline'])}</h3>"]
    if shown:
        colour = colours(shown)
        out += [
            '<div class="wide">',
            timeline(section, rows=shown),
            "</div>",
            '<div class="narrow">',
        ]
        for number, row in enumerate(shown):
            out += strip(row, section, colour, number=number)
        out += ["</div>", f'<ul class="legend" aria-label="{escape(t["legend"])}">']
        out += [
            f'<li><span style="background:{c}" aria-hidden="true"></span>{escape(h)}</li>'
            for h, c in colour.items()
        ]
        out.append("</ul>")
    for row in section.rotations:
        if not drawn(row, section):
            out += turn_list(row, section)
    return out


TABLE_COLUMNS = ("date", "time", "meeting", "host", "place", "chair")
"""The columns of a meeting table, in order."""


def _meeting_table(meetings: Sequence[Listed], lang: Language, *, klass: str = "") -> list[str]:
    """Meetings as a table; the host, place and chair columns only when some meeting has one."""
    t = INDEX[lang]
    cells = [_cells(m, lang) for m in meetings]
    # The date and the meeting always; the time and the others when some meeting has one.
    keys = [k for k in TABLE_COLUMNS if k in ("date", "meeting") or any(c[k] for c in cells)]
    attr = f' class="{klass}"' if klass else ""
    out = [
        f"<table{attr}>",
        "<tr>" + "".join(f'<th scope="col">{escape(t[k])}</th>' for k in keys) + "</tr>",
    ]
    for m, row in zip(meetings, cells, strict=True):
        status = ' class="cancelled"' if m.status is Status.CANCELLED else ""
        out.append(f"<tr{status}>" + "".join(_cell(k, row[k]) for k in keys) + "</tr>")
    out.append("</table>")
    return out


def _cells(m: Listed, lang: Language) -> dict[str, str]:
    """One meeting's texts by column."""
    return {
        "date": _when(m, lang),
        "time": m.time,
        "meeting": " – ".join(w for w in (m.title, status_word(m.status, lang)) if w),
        "host": ", ".join(m.hosts),
        "place": m.location or "",
        "chair": chair_text(m.chair, m.vice_chair, lang),
    }


def _cell(key: str, text: str) -> str:
    """One table cell; the date and time cells carry their column as a class for the style."""
    if key in ("date", "time"):
        return f'<td class="{key}">{escape(text)}</td>'
    return f"<td>{escape(text)}</td>"


def _kalendarium(section: Section) -> list[str]:
    """Every meeting of the period, one table per year; printing gives one page per year."""
    lang = section.language
    t = INDEX[lang]
    out = [f'<div class="kalendarium" lang="{escape(lang)}">']
    years = sorted({m.first.year for m in section.meetings})
    for year in years:
        out += [
            '<section class="year">',
            f"<h2>{escape(t['kalendarium'])} {year} – {escape(section.name)}</h2>",
            *_meeting_table([m for m in section.meetings if m.first.year == year], lang),
            "</section>",
        ]
    out.append("</div>")
    return out


def index(
    sections: Sequence[Section],
    *,
    language: Language = Language.SV,
    base_url: str | None = None,
) -> str:
    """The index page of a folder: one section per cooperation, in order of name.

    Args:
        sections: what to show of each cooperation.
        language: the page's language.
        base_url: where the feeds are published ("https://example.se/kalender/");
            without it the page fills in the subscribe links from its own address.

    """
    by_id = {s.id: s for s in sections}
    heads = [(s.id, s.name) for s in sections]
    return "".join(index_parts(heads, by_id.__getitem__, language=language, base_url=base_url))


def index_parts(
    heads: Sequence[tuple[str, str]],
    load: Callable[[str], Section],
    *,
    language: Language = Language.SV,
    base_url: str | None = None,
) -> Iterator[str]:
    """The index page in pieces, loading one section at a time (the same text as `index`).

    Args:
        heads: (id, name) of each cooperation.
        load: the section of a cooperation, by id, read when its turn comes.
        language: the page's language.
        base_url: as for `index`.

    """
    t = INDEX[language]
    ordered = sorted(heads, key=lambda h: (h[1].casefold(), h[0]))
    head = [
        "<!doctype html>",
        f'<html lang="{language}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(t['title'])}</title>",
        f"<style>{_STYLE}{STYLE}.sr{{position:absolute;left:-9999px}}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(t['title'])}</h1>",
        f"<p>{escape(t['help'])}</p>",
        f'<nav aria-label="{escape(t["cooperations"])}"><ul>',
        *(f'<li><a href="#{escape(i)}">{escape(n)}</a></li>' for i, n in ordered),
        "</ul></nav>",
        "</header>",
        "<main>",
    ]
    yield "\n".join(head) + "\n"
    base = base_url.rstrip("/") + "/" if base_url else None
    for coop_id, _ in ordered:
        lines = _section(load(coop_id), base)
        if lines:
            yield "\n".join(lines) + "\n"
    # Without a known address, the page builds absolute links from its own.
    script = _COPY if base else _LINKS + _COPY
    yield "\n".join(["</main>", "<script>", script.strip(), "</script>", "</body>", "</html>", ""])
