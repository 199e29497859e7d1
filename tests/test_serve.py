"""The preview server: types, ETags, 304, HEAD, no escapes, parallel load."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from calendars._publish.serve import make_server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, int, Path]]:
    root = tmp_path / "feeds"
    root.mkdir()
    (root / "a.ics").write_bytes(
        "BEGIN:VCALENDAR\r\nX-WR-CALNAME:Åre\r\nEND:VCALENDAR\r\n".encode()
    )
    (root / "index.html").write_text("<!doctype html><title>x</title>", "utf-8")
    (tmp_path / "secret.txt").write_text("do not serve")
    srv = make_server(root, port=0, quiet=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    host, port = srv.server_address[:2]
    try:
        yield str(host), int(port), root
    finally:
        srv.shutdown()
        srv.server_close()


def _get(
    host: str, port: int, path: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request(method, path, headers=headers or {})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body


def test_ics_has_calendar_type_etag_and_last_modified(server) -> None:  # type: ignore[no-untyped-def]
    host, port, root = server
    status, headers, body = _get(host, port, "/a.ics")
    assert status == 200
    assert headers["content-type"] == "text/calendar; charset=utf-8"
    assert body == (root / "a.ics").read_bytes()
    assert headers["etag"].startswith('"')
    assert "gmt" in headers["last-modified"].lower()
    again, _, _ = _get(host, port, "/a.ics", headers={"If-None-Match": headers["etag"]})
    assert again == 304
    changed, _, _ = _get(host, port, "/a.ics", headers={"If-None-Match": '"other"'})
    assert changed == 200


def test_head_sends_headers_only(server) -> None:  # type: ignore[no-untyped-def]
    host, port, root = server
    status, headers, body = _get(host, port, "/a.ics", method="HEAD")
    assert status == 200
    assert body == b""
    assert int(headers["content-length"]) == len((root / "a.ics").read_bytes())


@pytest.mark.parametrize(
    "path", ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/nope.ics", "/%00"]
)
def test_no_escape_from_the_folder(server, path: str) -> None:  # type: ignore[no-untyped-def]
    host, port, _ = server
    status, _, body = _get(host, port, path)
    assert status == 404
    assert b"do not serve" not in body


def test_root_is_the_index(server) -> None:  # type: ignore[no-untyped-def]
    host, port, _ = server
    status, headers, _ = _get(host, port, "/")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"


def test_200_parallel_requests_all_succeed(server) -> None:  # type: ignore[no-untyped-def]
    host, port, _ = server
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda _: _get(host, port, "/a.ics")[0], range(200), timeout=60))
    assert results == [200] * 200
