"""`samverkan publish`: put a cooperation's meetings on a CalDAV calendar.

Plain WebDAV over `urllib`: every meeting is one calendar object at
``<calendar>/<uid>.ics``, written with PUT, so a second run updates in
place and never duplicates. SEQUENCE and DTSTAMP come from the object on
the server, as for feeds; an unchanged meeting is not written at all. A
meeting that left the plan is written as cancelled.
"""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urljoin, urlsplit, urlunsplit
from urllib.request import Request, urlopen

from calendars._errors import CalendarError
from calendars._formats.ical import Renderer, known_meetings, parse, signature
from calendars._model.cooperation import Cooperation
from calendars._planning.planner import plan as plan_meetings

_DAV = "{DAV:}"
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
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            msg = f"{url!r} is not a CalDAV calendar address; e.g. https://dav.example.se/user/calendar/"
            raise CalendarError(msg)
        user = username or (parts.username or None)
        secret = password or (parts.password or None)
        netloc = parts.hostname or ""
        if parts.port:
            netloc += f":{parts.port}"
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        self.url = urlunsplit((parts.scheme, netloc, path, "", ""))
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
        req = Request(url, data=body, method=method, headers={**self.headers, **(headers or {})})
        try:
            with urlopen(req, timeout=self.timeout) as response:
                return response.status, response.read()
        except HTTPError as exc:
            return exc.code, exc.read()
        except URLError as exc:
            msg = f"cannot reach the CalDAV server at {self.url}: {exc.reason}"
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
        found = {}
        for response in ET.fromstring(body).iter(f"{_DAV}response"):
            href = response.findtext(f"{_DAV}href") or ""
            if href.endswith(".ics"):
                url = urljoin(self.url, href)
                got, content = self.request("GET", url)
                if got == 200:
                    found[url] = content
        return found


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
    renderer = Renderer(timezone=coop.timezone, language=coop.language)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "cancelled": 0}
    ours = f"{coop.id}-"
    wanted = {m.uid: m for m in plan.meetings}
    for uid in sorted(set(wanted) | {u for u in by_uid if u.startswith(ours)}):
        object_url, before = by_uid.get(uid, (urljoin(dav.url, quote(uid, safe="") + ".ics"), b""))
        content = renderer.feed(
            [wanted[uid]] if uid in wanted else [],
            name=coop.name,
            uid=f"{coop.id}@samverkan",
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
