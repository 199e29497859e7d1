"""The value objects of a rotation: anchors, changes, exceptions and terms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum
from typing import Literal


@dataclass(frozen=True, slots=True)
class Member:
    """A member of a cooperation, usually a municipality."""

    name: str
    """The name as it is written, e.g. "Södertälje"."""
    code: str | None = None
    """The official municipality code (kommunkod), e.g. "0181"."""


class Deputy(StrEnum):
    """Who stands in for the holder (e.g. the vice chair)."""

    NONE = "none"
    """No deputy."""
    OTHER = "other"
    """The other member of a two-member rotation (Malmö when Lund chairs)."""
    NEXT = "next"
    """The member that holds the next turn."""


class After(StrEnum):
    """What a rotation does when its published list of holders ends."""

    REPEAT = "repeat"
    """Repeat the published list from its first entry."""
    CONTINUE = "continue"
    """Continue the member order after the last listed holder."""
    STOP = "stop"
    """Nothing: a look-up past the list is an error saying the list has ended."""


class LeavePolicy(StrEnum):
    """How the turns of a member that leaves are handed on."""

    SHIFT = "shift"
    """Every later turn moves one step earlier (the others advance)."""
    SKIP = "skip"
    """Only the leaver's own turns pass on, to the members after it in turn."""


class UnavailablePolicy(StrEnum):
    """What an unavailable member's turn becomes."""

    DEFER = "defer"
    """The turn passes to the next member and the member is owed the next turn it can take."""
    FORFEIT = "forfeit"
    """The next member stands in and the member is owed nothing; then as planned."""
    WAIVE = "waive"
    """The member gives the turn up and everyone moves up: it keeps its place
    in the order and takes its next turn a round later."""


class Rule(StrEnum):
    """What produced a term's holder."""

    ROTATION = "rotation"
    """The rotation's order from its anchor."""
    PUBLISHED = "published"
    """The published list."""
    REPEAT = "repeat"
    """The published list again, from its start."""
    CONTINUE = "continue"
    """The member order after the published list's last holder."""
    SKIP = "skip"
    """A leaver's turn handed on under ``skip``."""
    SUBSTITUTION = "substitution"
    """A substitution gave the turn to another member."""
    SWAP = "swap"
    """Two turns were swapped."""
    MOVED_UP = "moved up"
    """The turn came early because the holder was unavailable."""
    DEFERRED = "deferred"
    """A member takes the turn it is owed after being unavailable."""
    FORFEITED = "forfeited"
    """The holder was unavailable and forfeits; the next member stands in."""
    WAIVED = "waived"
    """The holder waived the turn; everyone moved up."""
    STAND_IN = "stand-in"
    """No upcoming turn belonged to an available member; a current member stands in."""


Position = Literal["end", "alphabetical"] | int


@dataclass(frozen=True, slots=True)
class Anchor:
    """Which member holds the turn that contains a given date."""

    holder: str
    """The member holding that turn."""
    on: date | None = None
    """A day of that turn; for per-event rotations, the first event on or after it.

    ``None`` only for per-event rotations (the first event) and published lists.
    """


@dataclass(frozen=True, slots=True)
class Join:
    """A member joins the rotation from the first turn that starts on or after `on`."""

    member: str
    """The new member."""
    on: date
    """The date it joins."""
    position: Position = "end"
    """Where it enters the order: "end", "alphabetical" or a 0-based index."""


@dataclass(frozen=True, slots=True)
class Leave:
    """A member leaves the rotation from the first turn that starts on or after `on`."""

    member: str
    """The member that leaves."""
    on: date
    """The date it leaves."""
    policy: LeavePolicy = LeavePolicy.SHIFT
    """How its turns are handed on."""


Change = Join | Leave


@dataclass(frozen=True, slots=True)
class Substitution:
    """One turn goes to another member; the rotation goes on as it was."""

    period: str
    """The turn's period ("2021", "2021-H2", or an event key)."""
    holder: str
    """Who holds that turn instead."""


@dataclass(frozen=True, slots=True)
class Swap:
    """Two turns exchange holders."""

    first: str
    """One turn's period."""
    second: str
    """The other turn's period."""


@dataclass(frozen=True, slots=True)
class Unavailable:
    """A member cannot take a turn that overlaps ``[start, end)``."""

    member: str
    """The member."""
    start: date
    """First day it is unavailable."""
    end: date
    """The day it is available again (exclusive)."""
    policy: UnavailablePolicy = UnavailablePolicy.DEFER
    """Whether it is owed the turn (defer), loses it to a stand-in (forfeit)
    or gives it up while everyone moves up (waive)."""


Override = Substitution | Swap | Unavailable


@dataclass(frozen=True, slots=True)
class Term:
    """One turn: `holder` holds the role over the half-open ``[start, end)``."""

    holder: str
    """The member holding the role."""
    start: date
    """First day of the turn."""
    end: date
    """The day after the last day (exclusive)."""
    deputy: str | None = None
    """The deputy (vice chair), if the rotation has one."""
    period: str = ""
    """The period's name: "2017", "2017-H1", "2017-Q3", "2017-03" or an event key."""
    index: int = 0
    """The turn number; 0 is the anchor's turn."""
    rule: Rule = Rule.ROTATION
    """What produced this holder."""
    members: tuple[str, ...] = ()
    """The rotation's members when the turn starts, in rotation order."""
    weight: float = 1.0
    """How much the turn counts in fairness reports."""
    planned: str | None = None
    """Who the rotation gave the turn to before an exception (unavailability,
    swap, substitution) changed it; ``None`` when it is the holder."""
    handover_time: time | None = None
    """The time of day the turn is handed over on `start` (and handed on on
    `end`), for week and day duties; ``None``: at the start of the day."""

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day < self.end

    def to_dict(self) -> dict[str, str | None]:
        """The term as JSON-ready data: holder, deputy, start, end (exclusive), period, rule."""
        return {
            "holder": self.holder,
            "deputy": self.deputy,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "period": self.period,
            "rule": self.rule,
        }
