"""Parts of the index page made to be read on a phone as well as a desktop.

"Which calendar is mine?" with one subscribe button per kind of reader, the
next meetings as a list (each says its body, place, host and chair in words,
and "preliminärt" or "inställt" where it is so), and the timeline as one
narrow strip per rotation, or a list of turns for a rotation whose turns
are too many to draw (a host per meeting). `calendars._formats.html` puts
them on the page; the style sheet's phone rules are here too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from html import escape
from urllib.parse import quote

from calendars._formats.listing import day_text
from calendars._formats.section import FeedLink, Listed, RotationLine, Section, TermRow
from calendars._model.body import BodyKind
from calendars._model.meeting import Status
from calendars._model.names import FeedKind
from calendars._words import INDEX, MONTHS, Language

STRIP_MAX_TURNS = 12
"""A rotation with more turns than this in the period is listed turn by turn, not drawn."""

STRIP_WIDTH = 360
"""The drawing width of one strip (CSS pixels at a 375 px phone, about)."""
NARROW = "60rem"
"""Below this width the page shows the strips; from it, the one wide timeline."""

STYLE = f"""
nav ul{{flex-wrap:wrap;gap:.3rem 1rem}}
.mine{{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:.8rem;
margin:.5rem 0 1rem}}
.mine>div{{border:1px solid #c8c8c8;border-radius:6px;padding:.6rem .8rem}}
.mine p{{margin:0 0 .4rem}}
.mine ul{{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.4rem}}
a.button{{display:inline-block;background:#0a4f99;color:#fff;border-radius:4px;
padding:.35rem .7rem;text-decoration:none;font-weight:600}}
a.button:focus{{outline:3px solid #e08a00;outline-offset:2px}}
ol.next{{list-style:none;padding:0;margin:.5rem 0 1rem}}
ol.next>li{{border-bottom:1px solid #c8c8c8;padding:.4rem 0}}
ol.next p{{margin:0}}
.date,.time{{white-space:nowrap}}
.status{{font-weight:700;color:#8a2b00}}
ol.turns{{columns:14rem;padding-left:0;list-style:none;margin:.3rem 0 1rem}}
ol.turns li{{break-inside:avoid}}
p.strip{{margin:.6rem 0 .1rem;font-weight:600}}
svg.strip{{display:block;width:100%;max-width:36rem;height:auto}}
.download{{overflow-wrap:anywhere}}
.narrow{{display:none}}
@media (max-width:{NARROW}){{
.narrow{{display:block}}
.wide{{display:none}}
}}
@media (max-width:48rem){{
body{{margin:1rem auto}}
table.feeds,table.feeds tbody,table.feeds tr,table.feeds td,
table.roles,table.roles tbody,table.roles tr,table.roles td{{display:block}}
table.feeds tr:first-child,table.roles tr:first-child{{position:absolute;left:-9999px}}
table.feeds tr,table.roles tr{{border-bottom:1px solid #c8c8c8;padding:.4rem 0}}
table.feeds td,table.roles td{{border:0;padding:.1rem 0}}
table.roles td[data-label]::before,table.feeds td[data-label]::before{{
content:attr(data-label) ": ";font-weight:600}}
}}
"""


def _day(day: date, language: Language) -> str:
    """A day on the page: "tors 2 februari 2017" in Swedish, ISO in English."""
    return day_text(day, language, long=True)


def when_html(m: Listed, language: Language) -> str:
    """The days of a meeting, each kept on one line: a day is never broken inside a word."""
    if m.month_only:
        months = MONTHS[language]
        return f'<span class="date">{escape(months[m.first.month - 1])} {m.first.year}</span>'
    first = f'<span class="date">{escape(_day(m.first, language))}</span>'
    if m.last == m.first:
        return first
    return f'{first} – <span class="date">{escape(_day(m.last, language))}</span>'


def chair_text(chair: str | None, vice: str | None, language: Language) -> str:
    """The chair with the vice chair: "Malmö, vice ordförande Lund"."""
    if not chair:
        return ""
    t = INDEX[language]
    return f"{chair}, {t['vice_chair']} {vice}" if vice else chair


def status_word(status: Status, language: Language) -> str:
    """The status in words ("preliminärt", "inställt"), not only as a style; else empty."""
    t = INDEX[language]
    return t[status] if status in (Status.PROVISIONAL, Status.CANCELLED) else ""


def next_list(meetings: Sequence[Listed], language: Language) -> list[str]:
    """The next meetings as a list: when, what, then host, place and chair in words."""
    t = INDEX[language]
    out = ['<ol class="next">']
    for m in meetings:
        when = when_html(m, language)
        if m.time:
            when += f' <span class="time">{escape(m.time)}</span>'
        if word := status_word(m.status, language):
            when += f' <strong class="status">{escape(word)}</strong>'
        facts = [
            (t["host"], ", ".join(m.hosts)),
            (t["place"], m.location or ""),
            (t["chair"], chair_text(m.chair, m.vice_chair, language)),
        ]
        said = " · ".join(f"<span>{escape(k)}: {escape(v)}</span>" for k, v in facts if v)
        klass = ' class="cancelled"' if m.status is Status.CANCELLED else ""
        out += [
            f"<li{klass}>",
            f'<p class="when">{when}</p>',
            f'<p class="what"><strong>{escape(m.title)}</strong></p>',
            *([f'<p class="where">{said}</p>'] if said else []),
            "</li>",
        ]
    out.append("</ol>")
    return out


def _button(feed: FeedLink, label: str, base: str | None) -> str:
    path = quote(feed.name)
    https = f"{base}{path}" if base else path
    webcal = "webcal://" + https.split("://", 1)[1] if base and "://" in https else path
    return (
        f'<a class="button webcal" data-feed="{path}" href="{escape(webcal)}">{escape(label)}</a>'
    )


def _first_of(feeds: Sequence[FeedLink], kind: BodyKind) -> FeedLink | None:
    return next((f for f in feeds if f.body_kind == kind), None)


def mine(section: Section, base: str | None) -> list[str]:
    """Which calendar is mine: one subscribe button for each kind of reader.

    Readers: a politician on the board, a director in the management group,
    an officer of a member municipality.

    The board is the first body of kind committee (else the whole cooperation's
    feed stands in), the management group the first of kind management (none:
    no such card); an officer gets one button per member municipality.
    """
    t = INDEX[section.language]
    cards: list[tuple[str, list[str]]] = []
    board = _first_of(section.feeds, BodyKind.COMMITTEE)
    whole = next((f for f in section.feeds if f.kind is FeedKind.COOPERATION), None)
    if board is not None:
        cards.append(
            (t["mine_board"].format(body=board.title), [_button(board, t["subscribe"], base)])
        )
    elif whole is not None:
        cards.append(
            (t["mine_all"].format(coop=section.name), [_button(whole, t["subscribe"], base)])
        )
    management = _first_of(section.feeds, BodyKind.MANAGEMENT)
    if management is not None:
        cards.append(
            (
                t["mine_management"].format(body=management.title),
                [_button(management, t["subscribe"], base)],
            )
        )
    members = [f for f in section.feeds if f.kind is FeedKind.MEMBER]
    if members:
        label = f"{section.name} – "
        cards.append(
            (t["mine_member"], [_button(f, f.title.removeprefix(label), base) for f in members])
        )
    out = [f"<h3>{escape(t['mine'])}</h3>", '<div class="mine">']
    for title, buttons in cards:
        out += [
            "<div>",
            f"<p>{escape(title)}</p>",
            "<ul>",
            *(f"<li>{b}</li>" for b in buttons),
            "</ul>",
            "</div>",
        ]
    out += ["</div>", f"<p>{escape(t['mine_more'])}</p>"]
    return out


def drawn(row: RotationLine, section: Section) -> bool:
    """Whether a rotation is drawn as a strip, else listed turn by turn.

    Drawn: at most `STRIP_MAX_TURNS` turns that together cover half the
    period or more. A turn per meeting covers a day or two each: drawn, it
    is a row of thin lines nobody can read.
    """
    span = max((section.end - section.start).days, 1)
    covered = sum(
        (min(t.last, section.end) - max(t.first, section.start)).days + 1
        for t in row.terms
        if t.last >= section.start and t.first < section.end
    )
    return len(row.terms) <= STRIP_MAX_TURNS and 2 * covered >= span


def turn_list(row: RotationLine, section: Section) -> list[str]:
    """A rotation with many short turns (a host per meeting), as a list of turns.

    A turn that starts at a meeting known only by its month says the month
    and "preliminärt", never a made-up first day.
    """
    language = section.language
    t = INDEX[language]
    months = {m.first: m for m in section.meetings if m.month_only}
    out = [f'<p class="strip">{escape(row.label)} – {escape(t["turns"])}</p>', '<ol class="turns">']
    for term in row.terms:
        deputy = f" ({t['vice']} {term.deputy})" if term.deputy else ""
        month = months.get(term.first)
        if month is not None:
            when = f"{when_html(month, language)} ({escape(t['provisional'])})"
        else:
            when = f'<span class="date">{escape(_day(term.first, language))}</span>'
        out.append(f"<li>{when} {escape(term.holder)}{escape(deputy)}</li>")
    out.append("</ol>")
    return out


def scale(start: date, end: date, *, left: float, inner: float) -> Callable[[date], float]:
    """The x of a day on a picture of ``[start, end]``: `inner` wide from `left`, clipped."""
    span = max((end - start).days, 1)

    def x(day: date) -> float:
        clipped = min(max(day, start), end)
        return left + inner * (clipped - start).days / span

    return x


def year_ticks(
    start: date,
    end: date,
    x: Callable[[date], float],
    *,
    top: int,
    bottom: int,
    label: int,
    size: int,
) -> list[str]:
    """A line from `top` to `bottom`, and the year at height `label`, at each 1 January."""
    ticks = []
    for year in range(start.year, end.year + 1):
        tick = date(year, 1, 1)
        if start <= tick < end:
            ticks.append(
                f'<line x1="{x(tick):.1f}" y1="{top}" x2="{x(tick):.1f}" y2="{bottom}" '
                'stroke="#767676" stroke-width="1"/>'
                f'<text x="{x(tick) + 3:.1f}" y="{label}" font-size="{size}">{year}</text>'
            )
    return ticks


def strip(
    row: RotationLine, section: Section, colour: Mapping[str, str], *, number: int
) -> list[str]:
    """One rotation as a narrow strip: its label in text above, years and terms drawn."""
    start, end = section.start, section.end
    x = scale(start, end, left=1, inner=STRIP_WIDTH - 2)

    ident = f"st-{escape(section.id)}-{number}"
    parts = [
        f'<p class="strip" id="{ident}">{escape(row.label)}</p>',
        f'<svg xmlns="http://www.w3.org/2000/svg" class="strip" role="img" '
        f'aria-labelledby="{ident}" viewBox="0 0 {STRIP_WIDTH} 44" '
        f'width="{STRIP_WIDTH}" height="44">',
    ]
    parts += year_ticks(start, end, x, top=2, bottom=44, label=13, size=12)
    for term in row.terms:
        x0, x1 = x(term.first), max(x(term.last + timedelta(days=1)), x(term.first) + 3)
        parts.append(_block(term, x0, x1, colour[term.holder]))
    parts.append("</svg>")
    return parts


def _block(term: TermRow, x0: float, x1: float, fill: str) -> str:
    days = f"{term.first.isoformat()} – {term.last.isoformat()}"
    block = (
        f'<rect class="term" x="{x0:.1f}" y="17" width="{x1 - x0:.1f}" height="26" '
        f'fill="{fill}"><title>{escape(term.holder)} {days}</title></rect>'
    )
    if x1 - x0 > 7.5 * len(term.holder) + 4:
        block += (
            f'<text x="{x0 + 3:.1f}" y="35" font-size="12" font-weight="bold" '
            f'fill="#fff">{escape(term.holder)}</text>'
        )
    return block
