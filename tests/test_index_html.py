"""index.html in headless Chromium: subscribe links, downloads, the timeline."""

from __future__ import annotations

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
    assert dom.count("<svg") == 3  # one timeline per cooperation
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
