"""Atom 1.0 (RFC 4287) feeds of the change log, for feed readers."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from calendars._words import Language

ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True, slots=True)
class AtomEntry:
    """One entry: a change to one meeting."""

    key: str
    """A stable identity; the entry's id is derived from it."""
    title: str
    """The line a reader lists."""
    updated: datetime
    """When it happened (the export's stamp)."""
    text: str
    """The entry's summary: one line a reader lists."""
    content: str
    """The entry's full text (RFC 4287 §4.1.3), one change a line."""
    link: str
    """Where a person reads more (rel="alternate", RFC 4287 §4.1.1): the index page."""


def _id(key: str) -> str:
    # RFC 4287 §4.2.6: a permanent, unique IRI. Derived, never random.
    return uuid.uuid5(uuid.NAMESPACE_URL, f"samverkan:{key}").urn


def _when(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom(
    entries: Sequence[AtomEntry],
    *,
    key: str,
    title: str,
    author: str,
    empty_updated: datetime,
    own: str,
    link: str | None = None,
    page: str | None = None,
    language: Language = Language.SV,
) -> bytes:
    """An Atom feed of `entries`, newest first.

    Args:
        entries: the entries.
        key: the feed's stable identity (its id is derived from it).
        title: the feed's title.
        author: who publishes it (the secretariat or the cooperation).
        empty_updated: the feed's `updated` when it has no entries (so an
            unchanged export writes the same bytes); otherwise the newest entry's.
        own: the feed's own address (rel="self"): absolute when the
            publishing address is known, else its file name, a relative
            reference that resolves wherever the folder is published.
        link: the address of the calendar the changes are about (rel="related").
        page: the page that shows the changes (rel="alternate").
        language: xml:lang of the texts.

    """
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": language})
    ordered = sorted(entries, key=lambda e: (e.updated, e.key), reverse=True)
    ET.SubElement(feed, f"{{{ATOM}}}id").text = _id(key)
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    updated = ordered[0].updated if ordered else empty_updated
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _when(updated)
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = author
    if link is not None:
        ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "related", "href": link})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": own})
    if page is not None:
        ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": page})
    ET.SubElement(feed, f"{{{ATOM}}}generator").text = "samverkan"
    for entry in ordered:
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(item, f"{{{ATOM}}}id").text = _id(entry.key)
        ET.SubElement(item, f"{{{ATOM}}}title").text = entry.title
        ET.SubElement(item, f"{{{ATOM}}}updated").text = _when(entry.updated)
        ET.SubElement(item, f"{{{ATOM}}}link", {"rel": "alternate", "href": entry.link})
        ET.SubElement(item, f"{{{ATOM}}}summary").text = entry.text
        ET.SubElement(item, f"{{{ATOM}}}content", {"type": "text"}).text = entry.content
    ET.indent(feed)
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body + b"\n"
