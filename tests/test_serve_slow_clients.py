"""The preview server against slow and lingering clients (issue 21), on 127.0.0.1 only.

Before: 40 connections sending one header byte every 3 s held all 32
workers, every other request timed out, and those sockets were never
closed; clients that kept their connection 5 s after the answer made 790
of 1,000 requests time out. Every loop here is bounded and stops by itself.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from conftest import time_limit

from calendars import CalendarError
from calendars._publish import serve
from calendars._publish.serve import make_server

HOST = "127.0.0.1"
BODY = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"


def _sockets() -> int:
    """The sockets this process holds."""
    found = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            found += os.readlink(f"/proc/self/fd/{fd}").startswith("socket:")
        except OSError:
            continue
    return found


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, Path]]:
    monkeypatch.setattr(serve, "HEADER_TIMEOUT", 4.0)
    monkeypatch.setattr(serve.FeedServer, "header_timeout", 4.0)
    (tmp_path / "a.ics").write_bytes(BODY)
    (tmp_path / "a-andringar.xml").write_bytes(b"<feed/>")
    (tmp_path / "a-index.json").write_bytes(b"{}")
    srv = make_server(tmp_path, host=HOST, port=0, quiet=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv.server_address[1], tmp_path
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(10)


def _get(port: int, path: str = "/a.ics") -> tuple[bool, bytes]:
    with socket.create_connection((HOST, port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return data.startswith(b"HTTP/1.1 200 "), data


def _trickle(port: int, stop: threading.Event, closed: list[bool]) -> None:
    """One header byte every 3 s, at most 6 times; notes whether the server closed."""
    with socket.create_connection((HOST, port), timeout=10) as sock:
        for byte in b"GET /a.i"[:6]:
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                closed.append(True)
                return
            if stop.wait(3):
                return
            sock.setblocking(False)
            try:
                if sock.recv(1) == b"":
                    closed.append(True)
                    return
            except BlockingIOError:
                pass
            finally:
                sock.setblocking(True)


def _linger(port: int, stop: threading.Event, answered: list[bool]) -> None:
    """A keep-alive request, then the connection held 5 s."""
    with socket.create_connection((HOST, port), timeout=10) as sock:
        sock.sendall(b"GET /a.ics HTTP/1.1\r\nHost: x\r\n\r\n")
        answered.append(sock.recv(65536).startswith(b"HTTP/1.1 200 "))
        stop.wait(5)


def _under_load(
    port: int, client: Callable[[int, threading.Event, list[bool]], None]
) -> tuple[list[bool], list[bool], float]:
    stop = threading.Event()
    said: list[bool] = []
    slow = [threading.Thread(target=client, args=(port, stop, said)) for _ in range(40)]
    for thread in slow:
        thread.start()
    time.sleep(0.5)  # the 40 hold their connections
    began = time.monotonic()
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda _: _get(port)[0], range(1000), timeout=60))
    took = time.monotonic() - began
    for thread in slow:
        thread.join(25)
    stop.set()
    return results, said, took


def test_1000_requests_while_40_clients_trickle_their_headers(
    served: tuple[int, Path],
) -> None:
    port, _ = served
    before = _sockets()
    with time_limit(60):
        results, closed, took = _under_load(port, _trickle)
    assert results.count(True) == 1000
    assert took < 30, f"1,000 requests took {took:.1f} s"
    # The header timeout (4 s here) closed every trickling connection.
    assert closed == [True] * 40
    time.sleep(1.5)
    assert _sockets() <= before + 2, "connections left open"


def test_1000_requests_while_40_clients_hold_their_connections(
    served: tuple[int, Path],
) -> None:
    port, _ = served
    with time_limit(60):
        results, answered, took = _under_load(port, _linger)
    assert results.count(True) == 1000
    assert answered == [True] * 40
    assert took < 30, f"1,000 requests took {took:.1f} s"


def test_one_client_holds_at_most_per_client_connections(
    served: tuple[int, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    port, _ = served
    held = [socket.create_connection((HOST, port), timeout=10) for _ in range(serve.PER_CLIENT)]
    try:
        time.sleep(0.5)
        extra = socket.create_connection((HOST, port), timeout=10)
        with extra:
            extra.sendall(b"GET /a.ics HTTP/1.1\r\nHost: x\r\n\r\n")
            try:
                got = extra.recv(100)
            except ConnectionResetError:
                got = b""
        assert got == b"", "the connection past the bound was answered"
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.5)
    assert _get(port)[0]  # once they are gone, the client is answered again


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a-andringar.xml", "application/atom+xml; charset=utf-8"),
        ("a-index.json", "application/json"),
        ("a.ics", "text/calendar; charset=utf-8"),
    ],
)
def test_atom_and_json_have_their_own_types(served: tuple[int, Path], name: str, kind: str) -> None:
    port, _ = served
    ok, data = _get(port, f"/{name}")
    assert ok
    assert f"\r\nContent-Type: {kind}\r\n".encode() in data


def test_a_port_in_use_is_an_error_naming_the_address(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(CalendarError, match=rf"cannot listen on 127\.0\.0\.1:{port}: "):
            make_server(tmp_path, host=HOST, port=port, quiet=True)
        run = cli("serve", tmp_path, "--host", HOST, "--port", port)
    assert run.status == 2
    assert f"127.0.0.1:{port}" in run.err
    assert "Traceback" not in run.err


@pytest.mark.parametrize("host", ["no such host.invalid", "999.1.1.1", "192.0.2.1", "::zz"])
def test_a_bad_host_is_an_error_naming_it(
    host: str, cli: Callable[..., Any], tmp_path: Path
) -> None:
    run = cli("serve", tmp_path, "--host", host, "--port", "0")
    assert run.status == 2, run.err
    assert host in run.err
    assert "Traceback" not in run.err
