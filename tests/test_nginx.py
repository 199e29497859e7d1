"""The nginx block docs/feeds.md shows serves a feed folder as it says (127.0.0.1 only)."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DATA, need

from calendars._cli.parser import main

DOC = Path(__file__).resolve().parent.parent / "docs" / "feeds.md"


def _block() -> str:
    text = DOC.read_text("utf-8")
    found = re.search(r"For nginx:\n\n```\n(.*?)```", text, re.DOTALL)
    assert found, "docs/feeds.md has no nginx block"
    return found[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def nginx(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    binary = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    need(binary, "nginx (tests/run.sh installs nginx-light)")
    feeds = tmp_path / "feeds"
    args = ["--from", "2025-01-01", "--to", "2025-12-31", "--stamp", "2025-01-01T00:00:00Z"]
    assert (
        main(["export", str(DATA / "feeds.toml"), *args, "--out", str(feeds), "--format", "csv"])
        == 0
    )
    (feeds / ".sodertorn.ics.123.tmp").write_bytes(b"half")
    port = _free_port()
    block = _block().replace("/srv/samverkan/feeds/", f"{feeds}/")
    temp = tmp_path / "nginx"
    temp.mkdir()
    conf = temp / "nginx.conf"
    conf.write_text(
        # As root, nginx's workers would run as nobody, who cannot read pytest's folders.
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\nworker_processes 1;\npid {temp}/nginx.pid;\nerror_log {temp}/error.log;\n"
        "events { worker_connections 64; }\nhttp {\n access_log off;\n default_type text/plain;\n"
        + "".join(
            f" {k}_temp_path {temp}/{k};\n"
            for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f" server {{\n  listen 127.0.0.1:{port};\n{block}\n }}\n}}\n",
        "utf-8",
    )
    proc = subprocess.Popen([str(binary), "-p", str(temp), "-c", str(conf)], stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                time.sleep(0.05)
        yield port, feeds
    finally:
        proc.terminate()
        proc.wait(10)


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers=headers or {})
    answer = conn.getresponse()
    answer.read()
    conn.close()
    return answer.status, {k.lower(): v for k, v in answer.getheaders()}


def test_the_documented_nginx_block_serves_feeds_as_docs_say(nginx: tuple[int, Path]) -> None:
    port, feeds = nginx
    kinds = {
        "test.ics": "text/calendar; charset=utf-8",
        "index.html": "text/html; charset=utf-8",
        "test-andringar.atom": "application/atom+xml; charset=utf-8",
        "test-index.json": "application/json",
    }
    for name, kind in kinds.items():
        assert (feeds / name).exists(), name
        status, headers = _get(port, f"/kalender/{name}")
        assert status == 200, name
        assert headers["content-type"] == kind, name
        assert headers["cache-control"] == "no-cache"
    status, headers = _get(port, "/kalender/test.ics")
    assert _get(port, "/kalender/test.ics", {"If-None-Match": headers["etag"]})[0] == 304
    since = {"If-Modified-Since": headers["last-modified"]}
    assert _get(port, "/kalender/test.ics", since)[0] == 304
    for hidden in (".sodertorn.ics.123.tmp", ".samverkan.lock"):
        assert _get(port, f"/kalender/{hidden}")[0] == 403, hidden
