"""index.html on a phone (375 px) and a desktop (1280 px), in headless Chromium.

Through the DevTools protocol (tests/js/page.mjs): no sideways scrolling,
every next meeting readable with its body, place and host, a timeline whose
text stays legible, dates never broken inside a word, axe-core with no
serious or critical violation; and the Nu HTML checker (vnu.jar) finds no
error. Screenshots go to tests/artifacts/ (page-*-375.png, page-*-1280.png).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import ARTIFACTS, JS, need

from calendars import load
from calendars._formats.section import Section
from calendars._publish.export import export

WIDTHS = (375, 1280)
BUNDLED = ("bergslagen", "fyra-malarstader", "malmolund", "sodertorn", "vastra-malardalen")


def _open(chromium: str, page: Path, name: str) -> dict[str, Any]:
    node = shutil.which("node")
    need(
        node and (JS / "node_modules" / "chrome-remote-interface").is_dir(),
        "node with chrome-remote-interface and axe-core (cd tests/js && npm ci)",
    )
    ARTIFACTS.mkdir(exist_ok=True)
    profile = tempfile.mkdtemp(prefix="samverkan-page-")
    try:
        done = _run_page(node, chromium, page, name, profile)
    finally:
        # Chromium's helpers may still write into the profile after it exits.
        shutil.rmtree(profile, ignore_errors=True)
    assert done.returncode == 0, done.stderr
    return {int(k): v for k, v in json.loads(done.stdout).items()}


def _run_page(
    node: str, chromium: str, page: Path, name: str, profile: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [node, str(JS / "page.mjs"), chromium, page.as_uri(), str(ARTIFACTS), name]
        + [str(w) for w in WIDTHS],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PAGE_PROFILE": profile},
    )


def _nu(page: Path) -> list[str]:
    """The Nu HTML checker's errors and warnings for a file."""
    java = shutil.which("java")
    jar = JS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    need(java and jar.is_file(), "java (default-jre-headless) and vnu-jar (cd tests/js && npm ci)")
    done = subprocess.run(
        [str(java), "-jar", str(jar), "--format", "json", "--stdout", str(page)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(done.stdout)["messages"]
    return [f"{m.get('lastLine')}: {m['type']} {m['message']}" for m in messages]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every bundled cooperation, 2024–2027, exported on 22 November 2026."""
    out = tmp_path_factory.mktemp("all")
    export(
        [load(n) for n in BUNDLED],
        out=out,
        start=date(2024, 1, 1),
        end=date(2028, 1, 1),
        stamp=datetime(2026, 11, 22, tzinfo=UTC),
    )
    return out


def _check_layout(seen: dict[int, Any]) -> None:
    for width in WIDTHS:
        at = seen[width]
        assert at["width"] == width
        assert at["document"] <= width, (width, at["sticking"])
        assert at["sticking"] == [], width
        assert at["broken"] == [], width
        # The timeline's smallest text is drawn at 11 px or more (it was 4 px on a phone).
        assert at["smallest"] is None or at["smallest"] >= 11, (width, at["smallest"])
        bad = [v for v in at["axe"] if v["impact"] in ("serious", "critical")]
        assert bad == [], (width, bad)
        for section, meetings in at["next"].items():
            assert meetings, section
            assert all(m["inside"] for m in meetings), (width, section)


def test_every_bundled_cooperation_fits_a_phone_and_a_desktop(chromium: str, folder: Path) -> None:
    seen = _open(chromium, folder / "index.html", "page-all")
    _check_layout(seen)
    assert set(seen[375]["next"]) == {
        "bergslagen",
        "fyra-malarstader",
        "malmolund",
        "sodertorn",
        "vastra-malardalen",
    }
    for width in WIDTHS:
        assert Path(seen[width]["screenshot"]).stat().st_size > 10_000


def test_the_nu_checker_finds_nothing(folder: Path) -> None:
    assert _nu(folder / "index.html") == []


STAMP_2017 = datetime(2017, 6, 2, 10, 0, tzinfo=UTC)
# Seed 003, §7 and the host rotation it gives (as in test_index_html): the
# eight meetings after 2 June 2017, their bodies and hosts. The committee and
# the conferences meet at the host ("{hosts}"); the management group has no host.
NEXT_SODERTORN = [
    ("16 augusti 2017", "Samarbetskommitténs planeringskonferens", "Nynäshamn"),
    ("1 september 2017", "Ledningsgruppen", None),
    ("7 september 2017", "Södertörnskonferensen", "Södertälje, Nykvarn"),
    ("14 september 2017", "Södertörns samarbetskommitté", "Botkyrka"),
    ("6 oktober 2017", "Ledningsgruppen", None),
    ("26 oktober 2017", "Nyckeltalsdag", None),
    ("26 oktober 2017", "Södertörns samarbetskommitté", "Tyresö"),
    ("17 november 2017", "Ledningsgruppen", None),
]


def test_next_meetings_on_a_phone_say_body_place_and_host(chromium: str, tmp_path: Path) -> None:
    export(
        [load("sodertorn"), load("malmolund")],
        out=tmp_path,
        start=date(2017, 1, 1),
        end=date(2019, 1, 1),
        stamp=STAMP_2017,
    )
    seen = _open(chromium, tmp_path / "index.html", "page-2017")
    _check_layout(seen)
    for width in WIDTHS:
        items = [m["text"] for m in seen[width]["next"]["sodertorn"]]
        assert len(items) == len(NEXT_SODERTORN)
        for text, (day, body, host) in zip(items, NEXT_SODERTORN, strict=True):
            assert day in text and body in text, text
            if host:
                assert f"Värd: {host}" in text, text
                assert "Plats: " in text, text
    assert _nu(tmp_path / "index.html") == []


def _section(page: str, coop: str) -> str:
    return page.split(f'<section id="{coop}"', 1)[1].split("</section>\n<section", 1)[0]


def test_which_calendar_is_mine_comes_first(tmp_path: Path) -> None:
    export(
        [load("sodertorn")],
        out=tmp_path,
        start=date(2017, 1, 1),
        end=date(2019, 1, 1),
        stamp=STAMP_2017,
    )
    page = (tmp_path / "index.html").read_text()
    part = _section(page, "sodertorn")
    headings = re.findall(r"<h3[^>]*>([^<]+)</h3>", part)
    assert headings[0] == "Vilken kalender är min?"
    mine = part.split('<div class="mine">', 1)[1].split("</div>\n</div>", 1)[0]
    # Seed 003, §6: the committee is the politicians', the management group the directors'.
    buttons = re.findall(r'<a class="button webcal" data-feed="([^"]+)"', mine)
    assert buttons[:2] == ["sodertorn-kommitten.ics", "sodertorn-ledningsgrupp.ics"]
    # A municipality's officer: one button per member (seed 003: eight municipalities).
    members = ["botkyrka", "haninge", "huddinge", "nykvarn", "nynashamn", "salem"]
    members += ["sodertalje", "tyreso"]
    assert buttons[2:] == [f"sodertorn-kommun-{m}.ics" for m in members]
    # The full list below.
    assert part.index('<div class="mine">') < part.index('<table class="feeds">')


def test_vice_chair_and_provisional_in_words(tmp_path: Path) -> None:
    export(
        [load("sodertorn"), load("malmolund")],
        out=tmp_path,
        start=date(2017, 1, 1),
        end=date(2019, 1, 1),
        stamp=datetime(2017, 12, 1, tzinfo=UTC),
    )
    page = (tmp_path / "index.html").read_text()
    # Seed 004: Malmö and Lund alternate, Malmö from 2012 (our assumption), so
    # Lund chairs 2017 and Malmö is vice chair; 2018 the other way round.
    roles = _section(page, "malmolund")
    assert "Lund, vice ordförande Malmö" in roles
    assert "Malmö, vice ordförande Lund" in roles
    # The board's next meeting names both.
    nxt = roles.split('<ol class="next">', 1)[1].split("</ol>", 1)[0]
    assert "Ordförande: Malmö, vice ordförande Lund" in nxt
    # Seed 003, §7: "Januari 2018 (Huddinge)" is only a month: provisional, in words.
    sodertorn = _section(page, "sodertorn").split('<ol class="next">', 1)[1].split("</ol>", 1)[0]
    january = next(li for li in sodertorn.split("<li") if "januari 2018" in li)
    assert "preliminärt" in january and "Huddinge" in january


def test_a_section_written_before_vice_chairs_and_body_kinds_still_reads() -> None:
    # An {id}-index.json of the previous release: feeds of four fields,
    # meetings of nine. Another cooperation's export must still list it.
    old = {
        "id": "x", "name": "X", "language": "sv", "start": "2017-01-01",
        "end": "2018-01-01", "today": "2017-06-02", "atom": "x-andringar.xml",
        "feeds": [["x.ics", "X", "cooperation", 1]],
        "rotations": [],
        "meetings": [["2017-09-14", "2017-09-14", "12.00–15.00", "Möte", ["A"], "A",
                      "B", "confirmed", False]],
        "changes": [],
    }  # fmt: skip
    section = Section.from_json(json.dumps(old).encode())
    assert section.feeds[0].body_kind is None
    assert section.meetings[0].vice_chair is None
    assert section.meetings[0].chair == "B"
    assert section.today == date(2017, 6, 2)  # the day the earlier release stored
    # A section written now stores no day (an unchanged one is left untouched on any day).
    assert Section.from_json(section.to_json(), today=section.today) == section
