"""index.html in headless Chromium: subscribe links, downloads, the timeline."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import threading
from datetime import UTC, date, datetime
from pathlib import Path

from conftest import ARTIFACTS

from calendars import load
from calendars._publish.export import export
from calendars._publish.serve import make_server

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def test_index_in_chromium(chromium: str, tmp_path: Path) -> None:
    out = tmp_path / "feeds"
    coops = [load(n) for n in ("sodertorn", "fyra-malarstader", "malmolund")]
    files = export(
        coops,
        out=out,
        start=date(2024, 1, 1),
        end=date(2028, 1, 1),
        stamp=datetime(2026, 11, 22, tzinfo=UTC),
    )
    server = make_server(out, port=0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    page = f"http://{host}:{port}/index.html"
    profile = tmp_path / "profile"
    try:
        dom = subprocess.run(
            [
                chromium,
                *FLAGS,
                f"--user-data-dir={profile}",
                "--virtual-time-budget=3000",
                "--dump-dom",
                page,
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        ).stdout
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "index.png"
        subprocess.run(
            [
                chromium,
                *FLAGS,
                f"--user-data-dir={profile}",
                "--window-size=1200,1800",
                f"--screenshot={shot}",
                page,
            ],
            capture_output=True,
            timeout=120,
            check=False,
        )
    finally:
        server.shutdown()
        server.server_close()
    assert "<h1>Kalendrar att prenumerera på</h1>" in dom
    # The page's script turned relative links into absolute subscribe links.
    for f in files:
        assert f'href="webcal://{host}:{port}/{f.name}"' in dom, f.name
        assert f'href="http://{host}:{port}/{f.name}"' in dom, f.name
        assert f'<a class="download" href="{f.name}" download="">' in dom, f.name
    # One wide timeline per cooperation (and narrow strips for a phone).
    assert dom.count('<svg xmlns="http://www.w3.org/2000/svg" class="timeline"') == 3
    assert len(re.findall(r'<rect class="term"', dom)) > 20
    assert shot.is_file() and shot.stat().st_size > 10_000
    shutil.copy(shot, tmp_path / "index.png")


def test_static_links_with_a_base_url(tmp_path: Path) -> None:
    export(
        [load("malmolund")],
        out=tmp_path,
        start=date(2026, 1, 1),
        end=date(2027, 1, 1),
        stamp=datetime(2026, 11, 22, tzinfo=UTC),
        base_url="https://kansli.example/kalender/",
    )
    page = (tmp_path / "index.html").read_text()
    assert 'href="webcal://kansli.example/kalender/malmolund.ics"' in page
    assert 'href="https://kansli.example/kalender/malmolund.ics"' in page
    assert "location.href" not in page  # no link rewriting: the links are already absolute


STAMP_2017 = datetime(2017, 6, 2, 10, 0, tzinfo=UTC)
# Seed 003, §7 (kalendarium 2017) and the host order it gives (Haninge,
# Nykvarn, Salem, Botkyrka, Tyresö, Södertälje; Nynäshamn hosts the planning
# conference in August): the eight meetings after 1 June 2017.
NEXT_SODERTORN = [
    ("16 augusti 2017", "Nynäshamn"),
    ("1 september 2017", ""),
    ("7 september 2017", "Södertälje, Nykvarn"),
    ("14 september 2017", "Botkyrka"),
    ("6 oktober 2017", ""),
    ("26 oktober 2017", ""),
    ("26 oktober 2017", "Tyresö"),
    ("17 november 2017", ""),
]


def _chromium(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def _rows(dom: str, section: str, klass: str) -> list[list[str]]:
    """The cells of one table of one cooperation's section, row by row, as text."""
    part = dom.split(f'<section id="{section}"', 1)[1]
    table = part.split(f'<table class="{klass}">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr(?: class=\"\w+\")?>(.*?)</tr>", table, re.DOTALL)
    return [
        [_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.DOTALL)]
        for r in rows
        if "<td" in r
    ]


def _items(dom: str, section: str, klass: str) -> list[str]:
    """The items of one list of one cooperation's section, as text."""
    part = dom.split(f'<section id="{section}"', 1)[1]
    listed = part.split(f'<ol class="{klass}">', 1)[1].split("</ol>", 1)[0]
    return [_text(i) for i in re.findall(r"<li[^>]*>(.*?)</li>", listed, re.DOTALL)]


def test_one_page_for_the_folder_in_chromium(chromium: str, tmp_path: Path) -> None:
    out = tmp_path / "feeds"
    period = {"start": date(2017, 1, 1), "end": date(2019, 1, 1), "stamp": STAMP_2017}
    # Two runs into one folder: the second must not drop the first from the page.
    export([load("sodertorn")], out=out, **period)  # type: ignore[arg-type]
    export([load("malmolund")], out=out, **period)  # type: ignore[arg-type]
    page = out / "index.html"
    profile = tmp_path / "profile"
    dom = _chromium(
        chromium, profile, "--virtual-time-budget=3000", "--dump-dom", page.as_uri()
    ).stdout
    assert '<html lang="sv">' in dom
    assert '<h2 id="h-sodertorn">Södertörnskommunerna</h2>' in dom
    assert '<h2 id="h-malmolund">MalmöLundregionen</h2>' in dom
    items = _items(dom, "sodertorn", "next")
    assert len(items) == len(NEXT_SODERTORN)
    for item, (day, host) in zip(items, NEXT_SODERTORN, strict=True):
        assert day in item and (f"Värd: {host}" in item if host else "Värd" not in item), item
    assert items[0].startswith("\nons 16 augusti 2017 – tors 17 augusti 2017\n")
    assert "tors 14 september 2017 12.00–15.00\nSödertörns samarbetskommitté" in items[3]
    # Who hosts the rådslag now and next: the published list, 2017 Nykvarn, 2018 Huddinge (seed 003, §6).
    roles = {r[0]: (r[1], r[2]) for r in _rows(dom, "sodertorn", "roles")}
    radslag = roles["Värdkommun – Södertörns rådslag"]
    assert radslag == ("Nykvarn (2017-01-01 – 2017-12-31)", "Huddinge (2018-01-01 – 2018-12-31)")
    # The legend names every holder on the timeline, and the timeline says whole days.
    section = dom.split('<section id="sodertorn"', 1)[1].split('<section id="malmolund"')[0]
    legend = re.findall(r'aria-hidden="true"></span>(.*?)</li>', section)
    drawn = set(
        re.findall(r"<title>([^<]+?) \d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}</title>", section)
    )
    assert set(legend) == drawn
    assert "<title>Nykvarn 2017-01-01 – 2017-12-31</title>" in section
    # The committee's host turns (one per meeting) are listed, not drawn as a
    # barcode: SPEC §2 and seed 003, §7 — Haninge, Nykvarn, Salem, Nynäshamn
    # (the planning conference), Botkyrka, Tyresö, Södertälje; then Huddinge,
    # Haninge, Nykvarn in 2018, known by month only.
    turns = _items(dom, "sodertorn", "turns")
    assert turns[:10] == [
        "tors 2 februari 2017 Haninge",
        "tors 23 mars 2017 Nykvarn",
        "tors 1 juni 2017 Salem",
        "ons 16 augusti 2017 Nynäshamn",
        "tors 14 september 2017 Botkyrka",
        "tors 26 oktober 2017 Tyresö",
        "tors 7 december 2017 Södertälje",
        "januari 2018 (preliminärt) Huddinge",
        "mars 2018 (preliminärt) Haninge",
        "april 2018 (preliminärt) Nykvarn",
    ]
    assert "sodertorn ·" not in dom
    # Subscribe links and copy buttons for every feed; the change feed is linked.
    assert dom.count('class="copy"') == dom.count('class="download"') > 20
    assert 'href="sodertorn-andringar.atom"' in dom
    # Served over HTTP too: the links become absolute.
    server = make_server(out, port=0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    try:
        served = _chromium(
            chromium,
            profile,
            "--virtual-time-budget=3000",
            "--dump-dom",
            f"http://{host}:{port}/index.html",
        ).stdout
    finally:
        server.shutdown()
        server.server_close()
    assert f'href="webcal://{host}:{port}/sodertorn.ics"' in served
    assert f'href="http://{host}:{port}/malmolund.ics"' in served
    # A screenshot per cooperation, to look at: each alone in a folder (headless
    # Chromium's --screenshot does not follow a scrolled #fragment).
    ARTIFACTS.mkdir(exist_ok=True)
    for coop in ("sodertorn", "malmolund"):
        alone = tmp_path / coop
        export([load(coop)], out=alone, **period)  # type: ignore[arg-type]
        shot = ARTIFACTS / f"index-{coop}.png"
        _chromium(
            chromium,
            profile,
            "--virtual-time-budget=3000",
            "--window-size=1200,1800",
            f"--screenshot={shot}",
            (alone / "index.html").as_uri(),
        )
        assert shot.is_file() and shot.stat().st_size > 10_000
    # Printing gives the kalendarium only: one page per cooperation and year (2 × 2).
    pdf = tmp_path / "index.pdf"
    _chromium(chromium, profile, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    pages = re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes())
    assert len(pages) == 4
    shutil.copy(pdf, ARTIFACTS / "index.pdf")


def _contrast(colour: str, other: str = "#ffffff") -> float:
    """WCAG 2 contrast ratio of two sRGB colours."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(colour), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_page_is_accessible_and_self_contained(tmp_path: Path) -> None:
    export(
        [load("sodertorn"), load("malmolund")],
        out=tmp_path,
        start=date(2017, 1, 1),
        end=date(2019, 1, 1),
        stamp=STAMP_2017,
    )
    page = (tmp_path / "index.html").read_text()
    assert page.startswith('<!doctype html>\n<html lang="sv">')
    assert page.count("<h1>") == 1
    assert re.findall(r'<h2 id="h-[a-z-]+">([^<]+)</h2>', page) == [
        "MalmöLundregionen",
        "Södertörnskommunerna",
    ]
    # Headings go h1 > h2 > h3: every h3 follows an h2.
    levels = [int(n) for n in re.findall(r"<h([1-6])", page)]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    # Keyboard: the copy control is a real button; focus is visible.
    assert '<button type="button" class="copy"' in page
    assert "button:focus{outline" in page.replace("a:focus,", "")
    # No request leaves the folder: no external scripts, styles, fonts or images.
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page)
    assert "@import" not in page and "url(" not in page
    # White text on every timeline colour, and the link colour, meet WCAG AA (4.5:1).
    colours = set(re.findall(r'fill="(#[0-9a-f]{6})"', page))
    assert colours, "the timeline has coloured terms"
    assert all(_contrast(c) >= 4.5 for c in colours), colours
    assert _contrast("#0a4f99") >= 4.5
