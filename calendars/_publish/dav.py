"""WebDAV over `urllib` for `samverkan publish`: one calendar collection and its objects.

The password goes only to the origin given with the address (a redirect or
an href elsewhere is refused) and never into a message (`shown_address`,
also when the address holds an unencoded ``?``, ``#`` or ``/``). `timeout`
bounds each whole request: a deadline closes the connection, so a server
that trickles its answer a byte at a time is cut off in time too.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import socket
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from functools import partial
from typing import IO, Any
from urllib.error import HTTPError, URLError
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit
from urllib.request import HTTPHandler, HTTPRedirectHandler, HTTPSHandler, Request, build_opener
from xml.sax.saxutils import escape

from calendars._errors import CalendarError

_DAV = "{DAV:}"
MAX_ANSWER = 16 * 1024 * 1024
"""Bytes read of one answer at most; a server that sends more is refused."""
MAX_TIMEOUT = 600.0
"""The longest `timeout` accepted, in seconds."""
_PROPFIND = b"""<?xml version="1.0" encoding="utf-8"?>
<propfind xmlns="DAV:"><prop><getetag/></prop></propfind>"""
_MKCALENDAR = """<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
<D:set><D:prop><D:displayname>{name}</D:displayname></D:prop></D:set></C:mkcalendar>"""
_EXAMPLE = "e.g. https://dav.example.se/user/calendar/"


class Dav:
    """One CalDAV calendar collection on one server."""

    def __init__(
        self, url: str, *, username: str | None, password: str | None, timeout: float
    ) -> None:
        parts = _address(url)
        if not 0 < timeout <= MAX_TIMEOUT:
            msg = f"timeout {timeout!r} is not between 0 and {MAX_TIMEOUT:g} seconds"
            raise CalendarError(msg)
        user = username or (unquote(parts.username) if parts.username else None)
        secret = password or (unquote(parts.password) if parts.password else None)
        netloc = parts.hostname or ""
        if ":" in netloc:
            netloc = f"[{netloc}]"
        if parts.port:
            netloc += f":{parts.port}"
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        path = quote(path, safe="/%@:!$&'()*+,;=~")  # a calendar named "förbund" is sent %C3%B6
        self.url = urlunsplit((parts.scheme, netloc, path, "", ""))
        """The calendar's address, without credentials."""
        self.shown = shown_address(url if _tangled(url) else self.url)
        """The calendar's address as it may be printed."""
        self.origin = _origin(self.url)
        self.timeout = timeout
        self.headers = {}
        if user:
            token = base64.b64encode(f"{user}:{secret or ''}".encode()).decode()
            self.headers["Authorization"] = f"Basic {token}"

    def request(
        self,
        method: str,
        url: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, bytes]:
        """Status and body of one request, all of it within the timeout."""
        if _origin(url) != self.origin:
            raise _foreign(url, self.origin)
        req = Request(url, data=body, method=method, headers={**self.headers, **(headers or {})})
        deadline = _Deadline(self.timeout)
        opener = build_opener(_SameOrigin(self.origin), _TimedHTTP(deadline), _TimedHTTPS(deadline))
        try:
            return self._exchange(opener, req, deadline)
        finally:
            deadline.cancel()

    def _exchange(self, opener: Any, req: Request, deadline: _Deadline) -> tuple[int, bytes]:
        method, url = req.get_method(), req.full_url
        late = (
            f"the CalDAV server at {self.shown} did not answer {method} within "
            f"{self.timeout:g} s (the timeout; --timeout sets it)"
        )
        try:
            try:
                with opener.open(req, timeout=deadline.left()) as response:
                    status, data = response.status, _read(response, url)
            except HTTPError as exc:
                status, data = exc.code, _read(exc, url)
        except CalendarError:
            if deadline.expired:
                raise CalendarError(late) from None
            raise
        except TimeoutError:
            raise CalendarError(late) from None
        except URLError as exc:
            if isinstance(exc.reason, CalendarError):
                raise exc.reason from None
            if deadline.expired or isinstance(exc.reason, TimeoutError):
                raise CalendarError(late) from None
            msg = f"cannot reach the CalDAV server at {self.shown}: {exc.reason}"
            raise CalendarError(msg) from None
        except (OSError, http.client.HTTPException) as exc:
            if deadline.expired:
                raise CalendarError(late) from None
            msg = (
                f"the CalDAV server at {self.shown} broke off {method} {_path_shown(url)}: "
                f"{exc.__class__.__name__}: {exc}"
            )
            raise CalendarError(msg) from None
        if deadline.expired:  # an answer without a length, cut at the deadline
            raise CalendarError(late)
        return status, data

    def objects(self, name: str) -> dict[str, bytes]:
        """The calendar's objects by URL; the calendar is made (named `name`) if it is missing."""
        status, body = self.request(
            "PROPFIND", self.url, _PROPFIND, {"Depth": "1", "Content-Type": "application/xml"}
        )
        if status in (401, 403):
            msg = (
                f"the CalDAV server refused access to {self.shown} ({status}); "
                "check the user name and password"
            )
            raise CalendarError(msg)
        if status not in (207, 404):
            msg = f"{self.shown} did not answer as a CalDAV calendar (HTTP {status})"
            raise CalendarError(msg)
        tree = self._multistatus(body) if status == 207 else None
        if tree is None or self._missing(tree):
            self._make(name)
            return {}
        found = {}
        for response in tree.iter(f"{_DAV}response"):
            href = (response.findtext(f"{_DAV}href") or "").strip()
            if href.endswith(".ics"):
                url = urljoin(self.url, href)
                if _origin(url) != self.origin:
                    raise _foreign(url, self.origin)
                got, content = self.request("GET", url)
                if got == 200:
                    found[url] = content
        return found

    def _multistatus(self, body: bytes) -> ET.Element:
        try:
            return ET.fromstring(body)
        except ET.ParseError as exc:
            msg = f"{self.shown} answered PROPFIND with XML that cannot be read ({exc})"
            raise CalendarError(msg) from None

    def _missing(self, tree: ET.Element) -> bool:
        """Whether a 207 says the calendar itself is not there (Xandikos: 207 holding a 404)."""
        own = urlsplit(self.url).path
        for response in tree.iter(f"{_DAV}response"):
            href = (response.findtext(f"{_DAV}href") or "").strip()
            path = urlsplit(urljoin(self.url, href)).path
            if unquote(path).rstrip("/") != unquote(own).rstrip("/"):
                continue
            said = (response.findtext(f"{_DAV}status") or "").split()
            if len(said) > 1 and said[1] == "404":
                return True
        return False

    def _make(self, name: str) -> None:
        body = _MKCALENDAR.format(name=escape(name)).encode("utf-8")
        made, answer = self.request(
            "MKCALENDAR", self.url, body, {"Content-Type": "application/xml; charset=utf-8"}
        )
        if made not in (200, 201):
            msg = f"the CalDAV server refused to make {self.shown} ({made}): {answer[:200]!r}"
            raise CalendarError(msg)


class _Deadline:
    """The end of one request's time: shuts its connections down when it passes."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds
        self.expired = False
        self.timers: list[threading.Timer] = []

    def left(self) -> float:
        return max(self.end - time.monotonic(), 0.001)

    def watch(self, sock: socket.socket) -> None:
        def stop() -> None:
            self.expired = True
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

        timer = threading.Timer(self.left(), stop)
        timer.daemon = True
        timer.start()
        self.timers.append(timer)

    def cancel(self) -> None:
        for timer in self.timers:
            timer.cancel()


class _WatchedHTTP(http.client.HTTPConnection):
    def __init__(self, *args: Any, deadline: _Deadline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline = deadline

    def connect(self) -> None:
        self.timeout = self.deadline.left()
        super().connect()
        self.deadline.watch(self.sock)


class _WatchedHTTPS(_WatchedHTTP, http.client.HTTPSConnection):
    """The same deadline over TLS: `_WatchedHTTP.connect` wraps HTTPS's own connect."""


class _TimedHTTP(HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req: Request) -> http.client.HTTPResponse:
        return self.do_open(partial(_WatchedHTTP, deadline=self.deadline), req)


class _TimedHTTPS(HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def https_open(self, req: Request) -> http.client.HTTPResponse:
        return self.do_open(partial(_WatchedHTTPS, deadline=self.deadline), req)


def _tangled(url: str) -> bool:
    """Whether `url` holds an ``@`` past its host part while that part holds a ``:``.

    ``https://kansli:lö?sen@host/``, ``…:lö/sen@…`` or ``…:l@ö/sen@…`` put part
    of the password after what urllib takes for the host and port: such an
    address is printed with everything before its last ``@`` hidden (also a
    path that merely holds an ``@``: better too much hidden than a password).
    """
    try:
        netloc = urlsplit(url).netloc
    except ValueError:
        return False  # not printed at all (shown_address)
    rest = url.split("://", 1)[-1]
    return ":" in netloc and "@" in rest[len(netloc) :]


def _address(url: str) -> Any:
    """The parts of a calendar address, or an error saying what would be valid."""
    if any(c in url for c in "\r\n\t ") or not url.isprintable():
        msg = (
            f"the CalDAV address {shown_address(url)!r} contains spaces or control characters; "
            f"{_EXAMPLE}"
        )
        raise CalendarError(msg)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        if _tangled(url):
            msg = (
                f"the CalDAV address {shown_address(url)!r} holds a password with an unencoded "
                "?, #, / or @; write them as %3F, %23, %2F and %40, or leave the password "
                "out of the address and set SAMVERKAN_CALDAV_PASSWORD"
            )
            raise CalendarError(msg) from None
        msg = f"{shown_address(url)!r} is not a CalDAV calendar address ({exc}); {_EXAMPLE}"
        raise CalendarError(msg) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        msg = f"{shown_address(url)!r} is not a CalDAV calendar address (http or https); {_EXAMPLE}"
        raise CalendarError(msg)
    if parts.query or parts.fragment:
        msg = (
            f"{shown_address(url)!r}: a CalDAV calendar address has no ?query or #fragment "
            f"(a password holding ? or # is written %3F, %23); {_EXAMPLE}"
        )
        raise CalendarError(msg)
    return parts


def check_address(url: str) -> None:
    """Raise `CalendarError` saying what is wrong with a calendar address (nothing if valid)."""
    _address(url)


def shown_address(url: str) -> str:
    """A calendar address as it may be printed: its password replaced by ***."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<address>"
    if _tangled(url):
        return f"{parts.scheme}://***@{url.rsplit('@', 1)[1]}"
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    user = parts.netloc.rsplit("@", 1)[0].split(":", 1)[0]
    return urlunsplit((parts.scheme, f"{user}:***@{host}", parts.path, parts.query, ""))


def _path_shown(url: str) -> str:
    """The path of a URL on the calendar's server (no host, so no credentials)."""
    return urlsplit(url).path


def _origin(url: str) -> tuple[str, str, int]:
    """Scheme, host and port: where credentials may go (RFC 6454)."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = -1
    default = 443 if parts.scheme == "https" else 80
    return parts.scheme.lower(), (parts.hostname or "").lower(), port or default


def _foreign(url: str, origin: tuple[str, str, int]) -> CalendarError:
    scheme, host, port = origin
    msg = (
        f"the CalDAV server pointed to {shown_address(url)}, which is not on "
        f"{scheme}://{host}:{port}; samverkan follows only addresses on the server given "
        "with --url, so that the password goes nowhere else"
    )
    return CalendarError(msg)


class _SameOrigin(HTTPRedirectHandler):
    """Follows redirects on the calendar's origin only: urllib would send the password along."""

    def __init__(self, origin: tuple[str, str, int]) -> None:
        self.origin = origin

    def redirect_request(  # noqa: PLR0917 - urllib's signature
        self, req: Request, fp: IO[bytes], code: int, msg: str, headers: Any, newurl: str
    ) -> Request | None:
        if _origin(newurl) != self.origin:
            raise URLError(_foreign(newurl, self.origin))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read(response: Any, url: str) -> bytes:
    data: bytes = response.read(MAX_ANSWER + 1)
    if len(data) > MAX_ANSWER:
        mib = MAX_ANSWER // (1024 * 1024)
        msg = f"{shown_address(url)} answered with more than {mib} MiB; refused"
        raise CalendarError(msg)
    promised = (response.headers or {}).get("Content-Length", "")
    if promised.isdigit() and len(data) < int(promised):
        msg = (
            f"the CalDAV server broke off its answer to {shown_address(url)}: "
            f"{len(data)} of {promised} bytes"
        )
        raise CalendarError(msg)
    return data
