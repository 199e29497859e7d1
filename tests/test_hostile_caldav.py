"""publish against a hostile or broken CalDAV server on 127.0.0.1.

Release 2.0 sent the Basic-auth header to any host a PROPFIND href named
(a hostile server collected user:password), echoed a URL's password, and
gave tracebacks or hung on malformed XML, dropped or silent connections.
"""

from __future__ import annotations

import base64
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from conftest import DATA
from hypothesis import given
from hypothesis import strategies as st

from calendars import CalendarError, load_text
from calendars._publish.caldav import publish
from calendars._publish.dav import Dav, shown_address

SECRET = "hemligt-lösen-42"
TOKEN = base64.b64encode(f"kansli:{SECRET}".encode()).decode()


class Recorder:
    """A small HTTP server that answers as told and records what it was sent."""

    def __init__(self, answer: Callable[[BaseHTTPRequestHandler], None]) -> None:
        self.seen: list[tuple[str, str, str | None]] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                recorder.seen.append((self.command, self.path, self.headers.get("Authorization")))
                answer(self)

            do_GET = do_PUT = do_PROPFIND = do_MKCALENDAR = _any  # noqa: N815

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = int(self.server.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def servers() -> Iterator[Callable[[Callable[[BaseHTTPRequestHandler], None]], Recorder]]:
    made: list[Recorder] = []

    def make(answer: Callable[[BaseHTTPRequestHandler], None]) -> Recorder:
        made.append(Recorder(answer))
        return made[-1]

    yield make
    for recorder in made:
        recorder.close()


def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes, **headers: str) -> None:
    handler.send_response(status)
    for name, value in {"Content-Length": str(len(body)), **headers}.items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def _multistatus(*hrefs: str) -> bytes:
    items = "".join(
        f'<d:response><d:href>{h}</d:href><d:propstat><d:prop><d:getetag>"1"</d:getetag>'
        "</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
        for h in hrefs
    )
    return f'<?xml version="1.0"?><d:multistatus xmlns:d="DAV:">{items}</d:multistatus>'.encode()


def _publish(url: str, *, timeout: float = 10.0) -> object:
    coop = load_text((DATA / "feeds.toml").read_text(), file="feeds.toml")
    return publish(
        coop,
        url=url,
        start=date(2025, 1, 1),
        end=date(2027, 1, 1),
        stamp=datetime(2026, 1, 1, tzinfo=UTC),
        username="kansli",
        password=SECRET,
        timeout=timeout,
    )


def test_foreign_href_is_refused_and_gets_no_password(servers) -> None:  # type: ignore[no-untyped-def]
    thief = servers(lambda h: _send(h, 200, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"))
    hostile = servers(lambda h: _send(h, 207, _multistatus(f"{thief.url}steal.ics")))
    with pytest.raises(CalendarError) as caught:
        _publish(hostile.url + "cal/")
    message = str(caught.value)
    assert f"pointed to {thief.url}steal.ics" in message
    assert "follows only addresses on the server given with --url" in message
    assert SECRET not in message
    assert thief.seen == []  # not even asked
    assert hostile.seen == [("PROPFIND", "/cal/", f"Basic {TOKEN}")]


def test_foreign_redirect_is_refused_and_gets_no_password(servers) -> None:  # type: ignore[no-untyped-def]
    thief = servers(lambda h: _send(h, 207, _multistatus()))
    hostile = servers(lambda h: _send(h, 307, b"", Location=f"{thief.url}cal/"))
    with pytest.raises(CalendarError, match=r"which is not on http://127\.0\.0\.1"):
        _publish(hostile.url + "cal/")
    assert thief.seen == []


def test_same_origin_href_is_followed(servers) -> None:  # type: ignore[no-untyped-def]
    def answer(h: BaseHTTPRequestHandler) -> None:
        if h.command == "PROPFIND":
            _send(h, 207, _multistatus("/cal/other.ics"))
        elif h.command == "GET":
            _send(h, 200, b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
        else:
            _send(h, 201, b"")

    server = servers(answer)
    done = _publish(server.url + "cal/")
    assert done.created == 6  # type: ignore[attr-defined]
    assert ("GET", "/cal/other.ics", f"Basic {TOKEN}") in server.seen


@pytest.mark.parametrize(
    "body",
    [
        b"<d:multistatus xmlns:d='DAV:'><d:response>",
        b"not xml at all",
        b"",
        b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><x>&b;</x>",
    ],
)
def test_malformed_xml_is_an_error(servers, body: bytes) -> None:  # type: ignore[no-untyped-def]
    server = servers(lambda h: _send(h, 207, body))
    with pytest.raises(CalendarError, match="answered PROPFIND with XML that cannot be read"):
        _publish(server.url + "cal/")


def test_dropped_connection_is_an_error(servers) -> None:  # type: ignore[no-untyped-def]
    def drop(h: BaseHTTPRequestHandler) -> None:
        h.close_connection = True
        h.connection.shutdown(socket.SHUT_RDWR)

    server = servers(drop)
    with pytest.raises(CalendarError, match=r"broke off PROPFIND|cannot reach"):
        _publish(server.url + "cal/")


def test_cut_answer_is_an_error(servers) -> None:  # type: ignore[no-untyped-def]
    def cut(h: BaseHTTPRequestHandler) -> None:
        h.send_response(207)
        h.send_header("Content-Length", "1000")
        h.end_headers()
        h.wfile.write(b"<d:multistatus")
        h.close_connection = True

    server = servers(cut)
    with pytest.raises(CalendarError, match="broke off its answer"):
        _publish(server.url + "cal/")


def test_silent_server_times_out(tmp_path) -> None:  # type: ignore[no-untyped-def]
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    try:
        began = time.monotonic()
        with pytest.raises(CalendarError, match=r"did not answer PROPFIND within 1 s"):
            _publish(f"http://127.0.0.1:{port}/cal/", timeout=1.0)
        assert time.monotonic() - began < 30  # bounded, not a hang
    finally:
        listener.close()


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("ftp://127.0.0.1/cal/", "http or https"),
        ("http:///cal/", "http or https"),
        ("http://127.0.0.1:99999/cal/", "Port out of range"),
        ("http://127.0.0.1:abc/cal/", "is not a CalDAV calendar address"),
        ("http://127.0.0.1/cal/\r\nX: y", "control characters"),
        ("http://127.0.0.1/cal/?x=1", "no ?query"),
        ("kalender", "http or https"),
    ],
)
def test_bad_urls(url: str, said: str, cli: Callable[..., Any]) -> None:
    run = cli("publish", DATA / "feeds.toml", "--url", url)
    assert run.status == 2
    assert said in run.err
    assert "Traceback" not in run.err


def test_password_in_the_url_is_never_printed(servers, cli: Callable[..., Any]) -> None:  # type: ignore[no-untyped-def]
    ok = servers(
        lambda h: _send(h, 207, _multistatus()) if h.command == "PROPFIND" else _send(h, 201, b"")
    )
    url = f"http://kansli:{SECRET}@127.0.0.1:{ok.port}/cal/"
    run = cli(
        "publish", DATA / "feeds.toml", "--url", url, "--from", "2025-01-01", "--to", "2026-12-31"
    )
    assert run.status == 0, run.err
    assert SECRET not in run.out + run.err
    assert f"http://kansli:***@127.0.0.1:{ok.port}/cal/: 6 created" in run.out
    assert ok.seen[0][2] == f"Basic {TOKEN}"
    refused = servers(lambda h: _send(h, 500, b"no"))
    bad = f"http://kansli:{SECRET}@127.0.0.1:{refused.port}/cal/"
    run = cli("publish", DATA / "feeds.toml", "--url", bad)
    assert run.status == 2
    assert SECRET not in run.out + run.err


@pytest.mark.parametrize("value", ["0", "-1", "601", "abc", "nan"])
def test_timeout_bounds(value: str, cli: Callable[..., Any]) -> None:
    run = cli(
        "publish", DATA / "feeds.toml", "--url", "http://127.0.0.1:9/cal/", "--timeout", value
    )
    assert run.status == 2
    assert "between 0 and 600" in run.err


def _trickle(head: bytes, body: bytes, pause: float) -> Callable[[BaseHTTPRequestHandler], None]:
    """An answer sent one byte at a time, `pause` seconds apart, from its first byte."""

    def answer(h: BaseHTTPRequestHandler) -> None:
        for byte in head + body:
            time.sleep(pause)
            try:
                h.wfile.write(bytes([byte]))
                h.wfile.flush()
            except OSError:
                return
        h.close_connection = True

    return answer


@pytest.mark.parametrize("where", ["status line", "headers", "body"])
def test_timeout_bounds_the_whole_answer(servers, where: str) -> None:  # type: ignore[no-untyped-def]
    # Each byte comes within the timeout, so a per-read timeout never fires:
    # an answer trickled at 1 byte/s took 67 s with --timeout 3.
    body = _multistatus(*(f"/cal/{n}.ics" for n in range(20)))
    head = f"HTTP/1.1 207 Multi-Status\r\nContent-Length: {len(body)}\r\n\r\n".encode()
    if where == "status line":
        server = servers(_trickle(head + body, b"", 0.2))
    elif where == "headers":
        server = servers(_trickle(head, body, 0.2))
    else:

        def answer(h: BaseHTTPRequestHandler) -> None:
            h.wfile.write(head)
            _trickle(b"", body, 0.2)(h)

        server = servers(answer)
    began = time.monotonic()
    with pytest.raises(CalendarError, match=r"did not answer PROPFIND within 2 s"):
        _publish(server.url + "cal/", timeout=2.0)
    assert time.monotonic() - began < 4


_THEIRS = (
    b"BEGIN:VEVENT\r\nUID:test-styrgrupp-mars@samverkan\r\nDTSTAMP:20250101T000000Z\r\n"
    b"DTSTART:20250331T100000Z\r\nSUMMARY:Annan\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.mark.parametrize(
    ("owner", "refusal"),
    [
        # Published for cooperation "annan" ("test" is the one published here).
        (b"X-SAMVERKAN-COOP:annan", "holds test-styrgrupp-mars@samverkan published for "
         "cooperation 'annan'"),
        # Written before X-SAMVERKAN-COOP: its calendar-level UID names its owner as a whole.
        (b"UID:annan@samverkan", "published for the calendar 'annan@samverkan', not "
         "cooperation 'test'"),
    ],
)  # fmt: skip
def test_another_cooperations_object_is_not_overwritten(  # type: ignore[no-untyped-def]
    servers, owner: bytes, refusal: str
) -> None:
    other = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" + owner + b"\r\n" + _THEIRS

    def answer(h: BaseHTTPRequestHandler) -> None:
        if h.command == "PROPFIND":
            _send(h, 207, _multistatus("/cal/other.ics"))
        elif h.command == "GET":
            _send(h, 200, other)
        else:
            _send(h, 201, b"")

    server = servers(answer)
    with pytest.raises(CalendarError) as caught:
        _publish(server.url + "cal/")
    assert refusal in str(caught.value)
    assert [m for m, _, _ in server.seen if m == "PUT"] == []


@pytest.mark.parametrize("mark", ["?", "#", "/"])
def test_password_with_unencoded_characters_is_never_printed(
    servers, mark: str, cli: Callable[..., Any]
) -> None:  # type: ignore[no-untyped-def]
    server = servers(lambda h: _send(h, 500, b"no"))
    for secret in (f"hemligt{mark}lösen42", f"4242{mark}lösen42"):
        url = f"http://kansli:{secret}@127.0.0.1:{server.port}/cal/"
        run = cli("publish", DATA / "feeds.toml", "--url", url, "--timeout", "5")
        assert run.status == 2, run.out
        printed = run.out + run.err
        assert "Traceback" not in printed
        for part in secret.split(mark):
            assert part not in printed, (part, printed)


def test_percent_encoded_password_is_sent_decoded(servers, cli: Callable[..., Any]) -> None:  # type: ignore[no-untyped-def]
    ok = servers(
        lambda h: _send(h, 207, _multistatus()) if h.command == "PROPFIND" else _send(h, 201, b"")
    )
    url = f"http://kansli:hemligt%3F%23%2F@127.0.0.1:{ok.port}/cal/"
    run = cli("publish", DATA / "feeds.toml", "--url", url, "--from", "2025-01-01")
    assert run.status == 0, run.err
    token = base64.b64encode(b"kansli:hemligt?#/").decode()
    assert ok.seen[0][2] == f"Basic {token}"
    assert "hemligt" not in run.out + run.err


@given(
    secret=st.text(
        alphabet=st.sampled_from("abcXYZ0123456789?#/@:%&;=ö"), min_size=6, max_size=24
    ).filter(lambda s: not s.startswith(("/", "?", "#")))
)
def test_no_password_is_ever_shown(secret: str) -> None:
    url = f"https://kansli:{secret}@dav.example.se:8443/kansli/kalender/"
    printed = [shown_address(url)]
    try:
        printed.append(Dav(url, username=None, password=None, timeout=5).shown)
    except CalendarError as exc:
        printed.append(str(exc))
    rest = url.replace(secret, " ")
    for text in printed:
        assert secret not in text
        for part in re.split(r"[?#/@]", secret):
            if len(part) >= 4 and part not in rest:
                assert part not in text, (part, text)
