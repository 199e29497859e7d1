"""`samverkan publish`: put a cooperation's meetings on a CalDAV calendar.

Plain WebDAV over `urllib`: every meeting is one calendar object at
``<calendar>/<uid>.ics``, written with PUT, so a second run updates in
place and never duplicates. SEQUENCE and DTSTAMP come from the object on
the server, as for feeds; an unchanged meeting is not written at all. A
meeting that left the plan is written as cancelled.
"""

from __future__ import annotations

import base64
import http.client
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urljoin, urlsplit, urlunsplit
from urllib.request import HTTPRedirectHandler, Request, build_opener

from calendars._errors import CalendarError
from calendars._formats.ical import Organizer, Renderer, signature
from calendars._formats.previous import known_meetings, parse
from calendars._model.cooperation import Cooperation
from calendars._model.key import CalendarKey
from calendars._model.names import cooperation_feed
from calendars._planning.planner import plan as plan_meetings

_DAV = "{DAV:}"
MAX_ANSWER = 16 * 1024 * 1024
"""Bytes read of one answer at most; a server that sends more is refused."""
MAX_TIMEOUT = 600.0
"""The longest `timeout` accepted, in seconds."""
_PROPFIND = b"""<?xml version="1.0" encoding="utf-8"?>
<propfind xmlns="DAV:"><prop><getetag/></prop></propfind>"""
_MKCALENDAR = b"""<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
<D:set><D:prop><D:displayname>{name}</D:displayname></D:prop></D:set></C:mkcalendar>"""


@dataclass(frozen=True, slots=True)
class Published:
    """What a publish run did."""

    created: int
    """Objects written for the first time."""
    updated: int
    """Objects rewritten because a visible field changed."""
    unchanged: int
    """Objects left alone."""
    cancelled: int
    """Objects rewritten as cancelled because their meeting left the plan."""


class _Dav:
    def __init__(
        self, url: str, *, username: str | None, password: str | None, timeout: float
    ) -> None:
        parts = _address(url)
        if not 0 < timeout <= MAX_TIMEOUT:
            msg = f"timeout {timeout!r} is not between 0 and {MAX_TIMEOUT:g} seconds"
            raise CalendarError(msg)
        user = username or (parts.username or None)
        secret = password or (parts.password or None)
        netloc = parts.hostname or ""
        if ":" in netloc:
            netloc = f"[{netloc}]"
        if parts.port:
            netloc += f":{parts.port}"
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        self.url = urlunsplit((parts.scheme, netloc, path, "", ""))
        self.origin = _origin(self.url)
        self.timeout = timeout
        self.opener = build_opener(_SameOrigin(self.origin))
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
        if _origin(url) != self.origin:
            raise _foreign(url, self.origin)
        req = Request(url, data=body, method=method, headers={**self.headers, **(headers or {})})
        try:
            with self.opener.open(req, timeout=self.timeout) as response:
                return response.status, _read(response, url)
        except HTTPError as exc:
            return exc.code, _read(exc, url)
        except CalendarError:
            raise
        except TimeoutError:
            msg = (
                f"the CalDAV server at {self.url} did not answer {method} within "
                f"{self.timeout:g} s (the timeout; --timeout sets it)"
            )
            raise CalendarError(msg) from None
        except URLError as exc:
            if isinstance(exc.reason, CalendarError):
                raise exc.reason from None
            if isinstance(exc.reason, TimeoutError):
                msg = (
                    f"the CalDAV server at {self.url} did not answer {method} within "
                    f"{self.timeout:g} s (the timeout; --timeout sets it)"
                )
                raise CalendarError(msg) from None
            msg = f"cannot reach the CalDAV server at {self.url}: {exc.reason}"
            raise CalendarError(msg) from None
        except (OSError, http.client.HTTPException) as exc:
            msg = (
                f"the CalDAV server at {self.url} broke off {method} {url}: "
                f"{exc.__class__.__name__}: {exc}"
            )
            raise CalendarError(msg) from None

    def objects(self, name: str) -> dict[str, bytes]:
        """The calendar's objects by URL; the calendar is made if it is missing."""
        status, body = self.request(
            "PROPFIND", self.url, _PROPFIND, {"Depth": "1", "Content-Type": "application/xml"}
        )
        if status == 404:
            made, answer = self.request(
                "MKCALENDAR",
                self.url,
                _MKCALENDAR.replace(b"{name}", name.encode("utf-8")),
                {"Content-Type": "application/xml"},
            )
            if made not in (200, 201):
                msg = f"the CalDAV server refused to make {self.url} ({made}): {answer[:200]!r}"
                raise CalendarError(msg)
            return {}
        if status in (401, 403):
            msg = (
                f"the CalDAV server refused access to {self.url} ({status}); "
                "check the user name and password"
            )
            raise CalendarError(msg)
        if status != 207:
            msg = f"{self.url} did not answer as a CalDAV calendar (HTTP {status})"
            raise CalendarError(msg)
        try:
            tree = ET.fromstring(body)
        except ET.ParseError as exc:
            msg = f"{self.url} answered PROPFIND with XML that cannot be read ({exc})"
            raise CalendarError(msg) from None
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


def _address(url: str) -> Any:
    """The parts of a calendar address, or an error saying what would be valid."""
    example = "e.g. https://dav.example.se/user/calendar/"
    if any(c in url for c in "\r\n\t ") or not url.isprintable():
        msg = f"the CalDAV address {_shown(url)!r} contains spaces or control characters; {example}"
        raise CalendarError(msg)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        msg = f"{_shown(url)!r} is not a CalDAV calendar address ({exc}); {example}"
        raise CalendarError(msg) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        msg = f"{_shown(url)!r} is not a CalDAV calendar address (http or https); {example}"
        raise CalendarError(msg)
    if parts.query or parts.fragment:
        msg = f"{_shown(url)!r}: a CalDAV calendar address has no ?query or #fragment; {example}"
        raise CalendarError(msg)
    return parts


def _shown(url: str) -> str:
    """`url` without a password, for messages: credentials are never printed."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<address>"
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    user = parts.netloc.rsplit("@", 1)[0].split(":", 1)[0]
    return urlunsplit((parts.scheme, f"{user}:***@{host}", parts.path, parts.query, ""))


def shown_address(url: str) -> str:
    """A calendar address as it may be printed: with its password replaced by ***."""
    return _shown(url)


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
        f"the CalDAV server pointed to {_shown(url)}, which is not on {scheme}://{host}:{port}; "
        "samverkan follows only addresses on the server given with --url, so that the "
        "password goes nowhere else"
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
        msg = f"{_shown(url)} answered with more than {MAX_ANSWER // (1024 * 1024)} MiB; refused"
        raise CalendarError(msg)
    promised = (response.headers or {}).get("Content-Length", "")
    if promised.isdigit() and len(data) < int(promised):
        msg = (
            f"the CalDAV server broke off its answer to {_shown(url)}: "
            f"{len(data)} of {promised} bytes"
        )
        raise CalendarError(msg)
    return data


def _same(new: bytes, old: bytes, *, source: str) -> bool:
    """Whether the events are the same, whatever the server did to the bytes."""

    def key(data: bytes) -> list[tuple[str, int, tuple[bytes, ...]]]:
        return sorted(
            (str(ev["uid"]), int(ev.get("sequence", 0)), signature(ev))
            for ev in parse(data, source=source).walk("VEVENT")
        )

    return key(new) == key(old)


def publish(
    coop: Cooperation,
    *,
    url: str,
    start: date,
    end: date,
    stamp: datetime,
    username: str | None = None,
    password: str | None = None,
    timeout: float = 30.0,
) -> Published:
    """Put the meetings of ``[start, end)`` on the calendar at `url`, idempotently."""
    dav = _Dav(url, username=username, password=password, timeout=timeout)
    existing = dav.objects(coop.name)
    known = [k for url_, data in existing.items() for k in known_meetings(data, source=url_)]
    plan = plan_meetings(coop, start, end, known=known)
    by_uid: dict[str, tuple[str, bytes]] = {}
    for object_url, content in existing.items():
        for ev in parse(content, source=object_url).walk("VEVENT"):
            by_uid[str(ev["uid"])] = (object_url, content)
    secretariat = coop.secretariat
    organizer = Organizer(secretariat.name, secretariat.email) if secretariat else None
    renderer = Renderer(timezone=coop.timezone, language=coop.language, organizer=organizer)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "cancelled": 0}
    ours = f"{coop.id}-"
    wanted = {m.uid: m for m in plan.meetings}
    for uid in sorted(set(wanted) | {u for u in by_uid if u.startswith(ours)}):
        object_url, before = by_uid.get(uid, (urljoin(dav.url, quote(uid, safe="") + ".ics"), b""))
        content = renderer.feed(
            [wanted[uid]] if uid in wanted else [],
            name=coop.name,
            uid=CalendarKey.of_feed(cooperation_feed(coop.id)),
            stamp=stamp,
            window=(start, end),
            previous=before or None,
            source=object_url,
        )
        if b"BEGIN:VEVENT" not in content:
            continue  # out of the window, or cancelled long ago
        if before and _same(content, before, source=object_url):
            counts["unchanged"] += 1
            continue
        status, answer = dav.request(
            "PUT", object_url, content, {"Content-Type": "text/calendar; charset=utf-8"}
        )
        if status not in (200, 201, 204):
            msg = f"the CalDAV server refused {uid} ({status}): {answer[:200]!r}"
            raise CalendarError(msg)
        if uid not in wanted:
            counts["cancelled"] += 1
        elif before:
            counts["updated"] += 1
        else:
            counts["created"] += 1
    return Published(**counts)
