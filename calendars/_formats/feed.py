"""A rendered feed file."""

from __future__ import annotations

from dataclasses import dataclass

from calendars._model.names import FeedKind


@dataclass(frozen=True, slots=True)
class FeedFile:
    """One file of a feed set."""

    name: str
    """File name, e.g. "sodertorn-kommitten.ics"."""
    title: str
    """The calendar's name as subscribers see it."""
    kind: FeedKind
    """What it holds; `FeedKind.RETIRED`: no longer made."""
    coop: str
    """The cooperation's id."""
    events: int
    """How many events it holds."""
    content: bytes
    """The file's bytes (empty in what `export` returns: they are on disk)."""
    written: bool = True
    """Whether the export wrote it; ``False``: the file already held these bytes."""
    size: int = 0
    """How many bytes the file holds."""
