"""`samverkan serve`: a local preview server for a feed folder.

Serves files only (no listings), with the right Content-Type, an ETag from
the content, Last-Modified, 304 for a matching If-None-Match (weak or
strong) or a later If-Modified-Since, HEAD, and no way out of the folder;
dot-files (an interrupted export's temporary files, the folder's lock) are
never served. Files are streamed, not read whole; a fixed pool of workers
answers, each connection is dropped after `IDLE_TIMEOUT` seconds of silence,
and the listen backlog is large enough for a burst of subscribers.

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
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".svg": "image/svg+xml",
    ".atom": "application/atom+xml; charset=utf-8",
    ".png": "image/png",
}
BACKLOG = 1024
"""Connections the kernel queues before the server accepts them."""
WORKERS = 32
"""Requests answered at the same time; more wait in the queue."""
IDLE_TIMEOUT = 10.0
"""Seconds a connection may stay silent (between or inside requests) before it is closed."""
CHUNK = 256 * 1024
"""Bytes read and sent at a time."""


def _weak(tag: str) -> str:
    """An entity tag without its weak marker: If-None-Match compares weakly (RFC 9110 §13.1.2)."""
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


class FeedHandler(BaseHTTPRequestHandler):
    """Answers GET and HEAD for files inside `root`."""

    root: Path = Path()
    server_version = "samverkan"
    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT
    server: FeedServer

    def _resolve(self) -> Path | None:
        path = unquote(urlsplit(self.path).path)
        if "\x00" in path:
            return None
        relative = path.lstrip("/") or "index.html"
        if any(part.startswith(".") for part in relative.split("/")):
            return None  # dot-files: temporary files, the lock, "..", ".git"
        target = (self.root / relative).resolve()
        if not target.is_relative_to(self.root) or not target.is_file():
            return None
        return target

    def _not_found(self, *, body: bool) -> None:
        payload = b"not found\n"
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if body:
            self.wfile.write(payload)

    def _fresh(self, etag: str, mtime: float) -> bool:
        """Whether the client's copy is current: If-None-Match, else If-Modified-Since."""
        wanted = self.headers.get("If-None-Match")
        if wanted is not None:
            tags = [_weak(tag) for tag in wanted.split(",")]
            return wanted.strip() == "*" or _weak(etag) in tags
        since = self.headers.get("If-Modified-Since")
        if since is None:
            return False
        try:
            when = email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError, IndexError):
            return False  # an unreadable date is ignored (RFC 9110 §13.1.3)
        if when.tzinfo is None:
            return False
        return int(mtime) <= when.timestamp()

    def _answer(self, *, body: bool) -> None:
        target = self._resolve()
        if target is None:
            self._not_found(body=body)
            return
        try:
            handle = target.open("rb")
        except OSError:
            self._not_found(body=body)
            return
        with handle:
            info = os.fstat(handle.fileno())
            etag = self.server.etag(handle, info)
            modified = email.utils.formatdate(info.st_mtime, usegmt=True)
            if self._fresh(etag, info.st_mtime):
                self.send_response(HTTPStatus.NOT_MODIFIED)
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", modified)
                self.end_headers()
                return
            kind = (
                TYPES.get(target.suffix)
                or mimetypes.guess_type(target.name)[0]
                or "application/octet-stream"
            )
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(info.st_size))
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            if body:
                handle.seek(0)
                left = info.st_size  # what the headers promised, even if the file grows
                while left > 0:
                    chunk = handle.read(min(CHUNK, left))
                    if not chunk:
                        break
                    self.wfile.write(chunk)
                    left -= len(chunk)

    def do_GET(self) -> None:
        """Send the file."""
        self._answer(body=True)

    def do_HEAD(self) -> None:
        """Send the headers only."""
        self._answer(body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Log to stderr, one line per request."""
        super().log_message(format, *args)


class FeedServer(HTTPServer):
    """An HTTP server with a bounded pool of workers and a large listen backlog."""

    request_queue_size = BACKLOG
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], handler: type[FeedHandler]) -> None:
        super().__init__(address, handler)
        self.pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="serve")
        # ETags by (device, inode, size, mtime): a file is hashed once per version.
        # The cache belongs to this server and is bounded by the folder's files.
        self._etags: dict[tuple[int, int, int, int], str] = {}
        self._lock = threading.Lock()

    def etag(self, handle: Any, info: os.stat_result) -> str:
        """The ETag of an open file: a hash of its content, streamed."""
        key = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
        with self._lock:
            known = self._etags.get(key)
        if known is not None:
            return known
        digest = hashlib.sha256()
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
        tag = '"' + digest.hexdigest()[:32] + '"'
        with self._lock:
            if len(self._etags) > 4096:
                self._etags.clear()
            self._etags[key] = tag
        return tag

    def process_request(self, request: Any, client_address: Any) -> None:
        """Hand the connection to a worker of the pool."""
        self.pool.submit(self._work, request, client_address)

    def _work(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away or timed out is no error; anything else is reported."""
        if isinstance(sys.exc_info()[1], OSError):
            return  # reset, broken pipe, idle timeout: the connection is closed
        super().handle_error(request, client_address)

    def server_close(self) -> None:
        """Stop listening and let the workers finish."""
        super().server_close()
        self.pool.shutdown(wait=False, cancel_futures=True)


def make_server(
    root: Path, *, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False
) -> HTTPServer:
    """A server for `root`; call ``serve_forever()`` on it, ``shutdown()`` to stop.

    It answers with a pool of `WORKERS` threads, queues up to `BACKLOG`
    connections, closes a connection after `IDLE_TIMEOUT` seconds of
    silence and streams files; ``server_close()`` also stops the pool.
    """
    handler = type(
        "Handler",
        (FeedHandler,),
        {"root": root.resolve(), **({"log_message": lambda *_: None} if quiet else {})},
    )
    if ":" in host:
        server_class = type("FeedServer6", (FeedServer,), {"address_family": socket.AF_INET6})
        six: HTTPServer = server_class((host, port), handler)
        return six
    return FeedServer((host, port), handler)
