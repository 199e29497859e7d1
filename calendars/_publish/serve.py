"""`samverkan serve`: a local preview server for a feed folder.

Serves files only (no listings), with the right Content-Type, an ETag from
the content, Last-Modified, 304 for a matching If-None-Match, HEAD, and
no way out of the folder.
"""

from __future__ import annotations

import email.utils
import hashlib
import mimetypes
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}


def _etag(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


class FeedHandler(BaseHTTPRequestHandler):
    """Answers GET and HEAD for files inside `root`."""

    root: Path = Path()
    server_version = "samverkan"
    protocol_version = "HTTP/1.1"

    def _resolve(self) -> Path | None:
        path = unquote(urlsplit(self.path).path)
        if "\x00" in path:
            return None
        relative = path.lstrip("/") or "index.html"
        target = (self.root / relative).resolve()
        if not target.is_relative_to(self.root) or not target.is_file():
            return None
        return target

    def _answer(self, *, body: bool) -> None:
        target = self._resolve()
        if target is None:
            payload = b"not found\n"
            self.send_response(HTTPStatus.NOT_FOUND)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if body:
                self.wfile.write(payload)
            return
        content = target.read_bytes()
        etag = _etag(content)
        modified = email.utils.formatdate(target.stat().st_mtime, usegmt=True)
        wanted = self.headers.get("If-None-Match", "")
        if etag in [tag.strip() for tag in wanted.split(",")] or wanted.strip() == "*":
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
        self.send_header("Content-Length", str(len(content)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", modified)
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if body:
            self.wfile.write(content)

    def do_GET(self) -> None:
        """Send the file."""
        self._answer(body=True)

    def do_HEAD(self) -> None:
        """Send the headers only."""
        self._answer(body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Log to stderr, one line per request."""
        super().log_message(format, *args)


def make_server(
    root: Path, *, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False
) -> ThreadingHTTPServer:
    """A server for `root`; call ``serve_forever()`` on it, ``shutdown()`` to stop."""
    handler = type(
        "Handler",
        (FeedHandler,),
        {"root": root.resolve(), **({"log_message": lambda *_: None} if quiet else {})},
    )
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server
