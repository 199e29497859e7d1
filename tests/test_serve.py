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


def test_change_feed_is_served_as_atom(server) -> None:  # type: ignore[no-untyped-def]
    # RFC 4287 §7: Atom documents are application/atom+xml (not application/xml).
    host, port, root = server
    (root / "x-andringar.atom").write_bytes(b'<feed xmlns="http://www.w3.org/2005/Atom"/>')
    status, headers, _ = _get(host, port, "/x-andringar.atom")
    assert status == 200
    assert headers["content-type"] == "application/atom+xml; charset=utf-8"


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


def test_dot_files_are_never_served(server) -> None:  # type: ignore[no-untyped-def]
    host, port, root = server
    # What an interrupted export leaves, and the folder's lock.
    (root / ".a.ics.4242.tmp").write_bytes(b"BEGIN:VCALENDAR\r\n")
    (root / ".samverkan.lock").write_bytes(b"")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[core]")
    for path in ("/.a.ics.4242.tmp", "/.samverkan.lock", "/.git/config", "/%2egit/config"):
        status, _, body = _get(host, port, path)
        assert status == 404, path
        assert b"VCALENDAR" not in body


def test_weak_etag_and_if_modified_since_answer_304(server) -> None:  # type: ignore[no-untyped-def]
    host, port, root = server
    _, headers, _ = _get(host, port, "/a.ics")
    etag, modified = headers["etag"], headers["last-modified"]
    # If-None-Match compares weakly (RFC 9110 §13.1.2): a proxy may have weakened the tag.
    assert _get(host, port, "/a.ics", headers={"If-None-Match": f"W/{etag}"})[0] == 304
    assert _get(host, port, "/a.ics", headers={"If-None-Match": f'"x", W/{etag}'})[0] == 304
    # If-Modified-Since: the Last-Modified sent, or later, is fresh; earlier is not.
    assert _get(host, port, "/a.ics", headers={"If-Modified-Since": modified})[0] == 304
    assert (
        _get(host, port, "/a.ics", headers={"If-Modified-Since": "Sat, 01 Jan 2000 00:00:00 GMT"})[
            0
        ]
        == 200
    )
    assert _get(host, port, "/a.ics", headers={"If-Modified-Since": "yesterday"})[0] == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
    stale = {"If-None-Match": '"other"', "If-Modified-Since": modified}
    assert _get(host, port, "/a.ics", headers=stale)[0] == 200
    # A new version gets a new ETag and is sent again.
    (root / "a.ics").write_bytes(b"BEGIN:VCALENDAR\r\nX-WR-CALNAME:Ny\r\nEND:VCALENDAR\r\n")
    status, again, _ = _get(host, port, "/a.ics", headers={"If-None-Match": etag})
    assert status == 200
    assert again["etag"] != etag


def test_large_files_are_streamed_not_read_whole(server) -> None:  # type: ignore[no-untyped-def]
    import hashlib
    import tracemalloc

    host, port, root = server
    size = 48 * 1024 * 1024
    with (root / "big.ics").open("wb") as handle:
        handle.truncate(size)  # sparse
    tracemalloc.start()
    try:
        conn = http.client.HTTPConnection(host, port, timeout=30)
        conn.request("GET", "/big.ics")
        resp = conn.getresponse()
        digest = hashlib.sha256()
        got = 0
        while chunk := resp.read(1 << 20):
            digest.update(chunk)
            got += len(chunk)
        conn.close()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert resp.status == 200
    assert got == size
    assert digest.hexdigest() == hashlib.sha256(bytes(size)).hexdigest()
    assert peak < 8 * 1024 * 1024, f"peak {peak} bytes while serving {size}"


def test_idle_connections_are_closed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from calendars._publish import serve

    monkeypatch.setattr(serve, "IDLE_TIMEOUT", 0.5)
    (tmp_path / "a.ics").write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    srv = make_server(tmp_path, port=0, quiet=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    host, port = srv.server_address[:2]
    try:
        # More silent connections than workers: each is dropped, and the
        # server still answers afterwards.
        idle = [socket.create_connection((str(host), int(port)), timeout=10) for _ in range(40)]
        for sock in idle:
            assert sock.recv(1) == b""  # closed by the server, not by our 10 s timeout
            sock.close()
        assert _get(str(host), int(port), "/a.ics")[0] == 200
    finally:
        srv.shutdown()
        srv.server_close()


def test_burst_of_1000_parallel_requests_has_no_failure(server) -> None:  # type: ignore[no-untyped-def]
    import socket
    import time

    host, port, root = server
    expected = (root / "a.ics").read_bytes()
    barrier = threading.Barrier(200)

    def one(i: int) -> tuple[int, float]:
        if i < 200:
            barrier.wait(timeout=30)  # the first 200 connect at the same instant
        began = time.monotonic()
        with socket.create_connection((host, port), timeout=30) as sock:
            sock.sendall(b"GET /a.ics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        ok = data.startswith(b"HTTP/1.1 200 ") and data.endswith(expected)
        return (200 if ok else 0), time.monotonic() - began

    with ThreadPoolExecutor(max_workers=200) as pool:
        results = list(pool.map(one, range(1000), timeout=120))
    assert [status for status, _ in results] == [200] * 1000
