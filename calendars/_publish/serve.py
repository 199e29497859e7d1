"""`samverkan serve`: a local preview server for a feed folder.

Serves files only (no listings), with the right Content-Type, an ETag from
the content, Last-Modified, 304 for a matching If-None-Match (weak or
strong) or a later If-Modified-Since, HEAD, and no way out of the folder;
dot-files (an interrupted export's temporary files, the folder's lock) are
never served. Files are streamed, not read whole.

The server is waitress: it reads every request whole in one event loop
before a worker thread answers it, so a client that trickles its headers
or keeps its connection open holds a socket, never a worker. On top of it:
a request's headers must arrive within `HEADER_TIMEOUT` seconds, a silent
connection is closed after `IDLE_TIMEOUT`, and one client address holds at
most `PER_CLIENT` connections (more are closed at once).

It stays a preview server: docs/feeds.md says how to serve feeds in
production.
"""

from __future__ import annotations

import email.utils
import hashlib
import mimetypes
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote

from waitress.channel import HTTPChannel  # type: ignore[import-untyped]
from waitress.server import TcpWSGIServer  # type: ignore[import-untyped]

from calendars._errors import CalendarError

TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".xml": "application/atom+xml; charset=utf-8",
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".svg": "image/svg+xml",
    ".atom": "application/atom+xml; charset=utf-8",
    ".png": "image/png",
}
BACKLOG = 1024
"""Connections the kernel queues before the server accepts them."""
WORKERS = 8
"""Requests answered at the same time (each already read whole); more wait."""
CONNECTIONS = 1000
"""Connections open at once; past this the server stops accepting until some close."""
PER_CLIENT = 256
"""Connections one client address may hold; more are closed when accepted."""
HEADER_TIMEOUT = 10.0
"""Seconds a request may take to arrive whole (a client sending a byte now and then)."""
IDLE_TIMEOUT = 10.0
"""Seconds a connection may stay silent between requests before it is closed."""
CHUNK = 256 * 1024
"""Bytes read and sent at a time."""


def _weak(tag: str) -> str:
    """An entity tag without its weak marker: If-None-Match compares weakly (RFC 9110 §13.1.2)."""
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


@dataclass
class _Etags:
    """ETags by (device, inode, size, mtime): a file is hashed once per version."""

    known: dict[tuple[int, int, int, int], str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def of(self, handle: BinaryIO, info: os.stat_result) -> str:
        key = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
        with self.lock:
            found = self.known.get(key)
        if found is not None:
            return found
        digest = hashlib.sha256()
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
        tag = '"' + digest.hexdigest()[:32] + '"'
        with self.lock:
            if len(self.known) > 4096:
                self.known.clear()
            self.known[key] = tag
        return tag


def _resolve(root: Path, raw: str) -> Path | None:
    path = unquote(raw)
    if "\x00" in path:
        return None
    relative = path.lstrip("/") or "index.html"
    if any(part.startswith(".") for part in relative.split("/")):
        return None  # dot-files: temporary files, the lock, "..", ".git"
    try:
        target = (root / relative).resolve()
    except (OSError, ValueError):
        return None
    if not target.is_relative_to(root) or not target.is_file():
        return None
    return target


def _fresh(environ: dict[str, Any], etag: str, mtime: float) -> bool:
    """Whether the client's copy is current: If-None-Match, else If-Modified-Since."""
    wanted = environ.get("HTTP_IF_NONE_MATCH")
    if wanted is not None:
        tags = [_weak(tag) for tag in wanted.split(",")]
        return wanted.strip() == "*" or _weak(etag) in tags
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since is None:
        return False
    try:
        when = email.utils.parsedate_to_datetime(since)
    except (TypeError, ValueError, IndexError):
        return False  # an unreadable date is ignored (RFC 9110 §13.1.3)
    if when.tzinfo is None:
        return False
    return int(mtime) <= when.timestamp()


def _status(code: HTTPStatus) -> str:
    return f"{code.value} {code.phrase}"


Start = Callable[[str, list[tuple[str, str]]], Any]


@dataclass(frozen=True)
class FeedApp:
    """The WSGI application: GET and HEAD of files inside `root`."""

    root: Path
    quiet: bool = False
    etags: _Etags = field(default_factory=_Etags)

    def __call__(self, environ: dict[str, Any], start: Start) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if not self.quiet:  # one line per request, as http.server wrote it
            who = environ.get("REMOTE_ADDR", "-")
            said = f"{method} {environ.get('PATH_INFO', '/')[:200]!r}"
            print(f"{who} - - [{email.utils.formatdate(usegmt=True)}] {said}", file=sys.stderr)
        if method not in ("GET", "HEAD"):
            start(_status(HTTPStatus.METHOD_NOT_ALLOWED), [("Allow", "GET, HEAD")])
            return [b""]
        target = _resolve(self.root, environ.get("PATH_INFO", "/"))
        try:
            handle = target.open("rb") if target is not None else None
        except OSError:
            handle = None
        if target is None or handle is None:
            payload = b"not found\n"
            start(
                _status(HTTPStatus.NOT_FOUND),
                [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", "10")],
            )
            return [payload if method == "GET" else b""]
        info = os.fstat(handle.fileno())
        etag = self.etags.of(handle, info)
        modified = email.utils.formatdate(info.st_mtime, usegmt=True)
        if _fresh(environ, etag, info.st_mtime):
            handle.close()
            start(_status(HTTPStatus.NOT_MODIFIED), [("ETag", etag), ("Last-Modified", modified)])
            return []
        kind = (
            TYPES.get(target.suffix)
            or mimetypes.guess_type(target.name)[0]
            or "application/octet-stream"
        )
        start(
            _status(HTTPStatus.OK),
            [
                ("Content-Type", kind),
                ("Content-Length", str(info.st_size)),
                ("ETag", etag),
                ("Last-Modified", modified),
                ("Cache-Control", "no-cache"),
            ],
        )
        if method == "HEAD":
            handle.close()
            return []
        handle.seek(0)
        wrapper = environ.get("wsgi.file_wrapper")
        if wrapper is not None:  # waitress sends from the file, at most Content-Length
            sent: Iterable[bytes] = wrapper(handle, CHUNK)
            return sent
        return _stream(handle, info.st_size)


def _stream(handle: BinaryIO, size: int) -> Iterable[bytes]:
    """The file in chunks, no more than the headers promised (even if it grows)."""
    with handle:
        left = size
        while left > 0:
            chunk = handle.read(min(CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            yield chunk


class _Channel(HTTPChannel):  # type: ignore[misc]
    """A connection that remembers when its current request began to arrive."""

    began: float | None = None

    def received(self, data: bytes) -> bool:
        if self.request is None and data and self.began is None:
            self.began = time.monotonic()
        done: bool = super().received(data)
        if self.request is None:
            self.began = None  # every request that arrived is whole
        return done


class FeedServer(TcpWSGIServer):  # type: ignore[misc]
    """waitress with a header timeout and a bound on connections per client."""

    channel_class = _Channel
    header_timeout = HEADER_TIMEOUT
    per_client = PER_CLIENT

    @property
    def server_address(self) -> tuple[str, int]:
        """The address listened on (the port chosen when 0 was asked)."""
        return str(self.effective_host), int(self.effective_port)

    def handle_accept(self) -> None:
        """Accept, unless this client already holds `per_client` connections."""
        try:
            accepted = self.accept()
            if accepted is None:
                return
            conn, addr = accepted
            self.set_socket_options(conn)
            # waitress reads as much of a file at a time as the socket's send buffer holds.
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, CHUNK)
        except OSError:
            return  # the client went away before we got to it
        addr = self.fix_addr(addr)
        host = addr[0] if isinstance(addr, tuple) else addr
        held = sum(
            1
            for channel in list(self.active_channels.values())
            if isinstance(channel.addr, tuple) and channel.addr[0] == host
        )
        if held >= self.per_client:
            conn.close()
            return
        self.channel_class(self, conn, addr, self.adj, map=self._map)

    def maintenance(self, now: float) -> None:
        """Close silent connections, and those whose request is not whole in time."""
        super().maintenance(now)
        late = time.monotonic() - self.header_timeout
        for channel in list(self.active_channels.values()):
            began = getattr(channel, "began", None)
            if began is not None and began < late and not channel.requests:
                channel.will_close = True

    def serve_forever(self) -> None:
        """Answer until `shutdown()` is called (from another thread)."""
        self._stopping = threading.Event()
        self._stopped = threading.Event()
        try:
            while not self._stopping.is_set():
                self.asyncore.loop(
                    timeout=self.adj.asyncore_loop_timeout, map=self._map, use_poll=True, count=1
                )
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop `serve_forever()` and wait until it has stopped."""
        stopping = getattr(self, "_stopping", None)
        if stopping is None:
            return
        stopping.set()
        self.trigger.pull_trigger()
        self._stopped.wait(10)

    def server_close(self) -> None:
        """Close every connection and the listening socket, and stop the workers."""
        self.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
        for channel in list(self._map.values()):
            try:
                channel.close()
            except OSError:
                continue


def make_server(
    root: Path, *, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False
) -> FeedServer:
    """A server for `root`; call ``serve_forever()`` on it, ``shutdown()`` to stop.

    It answers with `WORKERS` threads, queues up to `BACKLOG` connections,
    holds at most `CONNECTIONS` (`PER_CLIENT` from one address), closes a
    connection whose request has not arrived whole after `HEADER_TIMEOUT`
    seconds or that is silent for `IDLE_TIMEOUT`, and streams files.

    Raises:
        CalendarError: when the address cannot be listened on (in use, not
            an address of this machine, not an address at all), naming it.

    """
    try:
        return FeedServer(
            FeedApp(root.resolve(), quiet=quiet),
            host=host,
            port=port,
            threads=WORKERS,
            backlog=BACKLOG,
            connection_limit=CONNECTIONS,
            channel_timeout=IDLE_TIMEOUT,
            cleanup_interval=1,
            asyncore_use_poll=True,
            expose_tracebacks=False,
            ident="samverkan",
        )
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        shown = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        msg = f"cannot listen on {shown}: {reason}; check --host and --port"
        raise CalendarError(msg) from None
