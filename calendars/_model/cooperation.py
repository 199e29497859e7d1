"""A cooperation: its members, rotations and bodies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from calendars._errors import ConfigError
from calendars._model.body import Body
from calendars._model.days import Break
from calendars._model.member import Membership
from calendars._model.origin import Origin
from calendars._words import Language
from rotations import Rotation


@dataclass(frozen=True, slots=True)
class HandoverAt:
    """A yearly rotation whose turn passes at a body's meeting in a given month."""

    body: str
    """The body whose meeting hands the turn over."""
    month: int
    """The month of that meeting (1–12)."""
    origin: Origin = field(default_factory=Origin, compare=False)
    """Where it is written, for a year without such a meeting."""


@dataclass(frozen=True, slots=True)
class Secretariat:
    """The office that runs a cooperation: the ORGANIZER of its meetings."""

    name: str
    """Its name: "Södertörnskommunernas samverkanskansli"."""
    email: str
    """Its address, without "mailto:"."""


@dataclass(frozen=True, slots=True)
class Cooperation:
    """A cooperation as its TOML file describes it."""

    id: str
    """Short name, e.g. "sodertorn"."""
    name: str
    """Display name, e.g. "Södertörnskommunerna"."""
    language: Language = Language.SV
    """Language of event texts and of alphabetical order."""
    timezone: str = "Europe/Stockholm"
    """Time zone of the meetings."""
    members: tuple[Membership, ...] = ()
    """The member municipalities, with the dates they join or leave."""
    rotations: Mapping[str, Rotation] = field(default_factory=dict)
    """The rotations by name."""
    bodies: Mapping[str, Body] = field(default_factory=dict)
    """The bodies by key."""
    source: str = ""
    """Where it was read from."""
    handovers_at: Mapping[str, HandoverAt] = field(default_factory=dict)
    """Rotations whose turn passes at a body's meeting, by rotation name."""
    origins: Mapping[str, Origin] = field(default_factory=dict, compare=False)
    """Where each rotation is written, by name, for errors found while planning."""
    secretariat: Secretariat | None = None
    """Who organises the meetings; without one, feeds carry no ORGANIZER and no METHOD."""
    breaks: tuple[Break, ...] = ()
    """Breaks of every body (a body may drop some and add its own)."""
    avoid_half_days: bool = False
    """Leave the half days and klämdagar out for every body that does not say otherwise."""

    def __post_init__(self) -> None:
        for name in ("rotations", "bodies", "handovers_at", "origins"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))

    def rotation(self, name: str) -> Rotation:
        """The rotation called `name`."""
        try:
            return self.rotations[name]
        except KeyError:
            valid = ", ".join(self.rotations) or "none"
            msg = f"{self.id} has no rotation {name!r}; valid: {valid}"
            raise ConfigError(msg, file=self.source, key="rotations") from None

    def members_on(self, start: date, end: date) -> tuple[Membership, ...]:
        """The members that belong to the cooperation on some day of ``[start, end)``."""
        return tuple(m for m in self.members if m.overlaps(start, end))

    def membership(self, name: str) -> Membership | None:
        """The member called `name`, if any."""
        return next((m for m in self.members if m.name == name), None)
