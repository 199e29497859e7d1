"""A member municipality of a cooperation, with the dates of its membership."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Membership:
    """A member of the cooperation and when it belongs to it."""

    name: str
    """The municipality's name, as rotations and texts write it."""
    code: str | None = None
    """The official municipality code (kommunkod)."""
    joins: date | None = None
    """The first day it is a member; ``None``: from the start."""
    leaves: date | None = None
    """The first day it is no longer a member; ``None``: it stays."""
    address: str | None = None
    """Where it hosts meetings: "Rudsjöterrassen 2, Handen"."""
    room: str | None = None
    """The room there: "Sessionssalen"."""

    def place(self) -> str | None:
        """Its meeting place as a LOCATION: name, room and address; ``None`` without an address."""
        if self.address is None and self.room is None:
            return None
        return ", ".join(p for p in (self.name, self.room, self.address) if p)

    def member_on(self, day: date) -> bool:
        """Whether it is a member on `day` (half-open: ``[joins, leaves)``)."""
        return (self.joins is None or self.joins <= day) and (
            self.leaves is None or day < self.leaves
        )

    def overlaps(self, start: date, end: date) -> bool:
        """Whether it is a member on any day of ``[start, end)``."""
        return (self.joins is None or self.joins < end) and (
            self.leaves is None or start < self.leaves
        )
