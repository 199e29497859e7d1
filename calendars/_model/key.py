"""Identities as values, each with one string form, made by `__str__` and read by `parse`.

A meeting's `MeetingKey` (its UID, which survives other meetings being
added, removed or moved), a `HostSlot` (a turn a meeting gives a rotation),
a `RotationMark` (a rotation-feed event's body), a `CalendarKey` (a
calendar's identity) and a `DerivedKey` (the UID an imported event is given).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_SUFFIX = "@samverkan"
_SLOT = "#"
_ROTATION = "rotation:"
_DERIVED = "@import.samverkan"


@dataclass(frozen=True, slots=True, eq=False)
class MeetingKey:
    """The identity of one meeting; its string form is the meeting's iCalendar UID.

    Our own keys read ``{coop}-{body}-{id}@samverkan``, each ``-`` of the
    cooperation's id doubled: cooperation ``a`` (body ``b-c``) and ``a-b``
    (body ``c``) give ``a-b-c-…`` and ``a--b-c-…``, never one UID (an id has
    no ``-`` at an end, a body key does not start with one). A UID published
    before that rule, by a cooperation whose id has a ``-``, is read back
    verbatim, so its meetings keep it. A key taken over from a
    calendar someone else publishes keeps that calendar's UID as it is
    (`verbatim`), so that subscribers see no duplicates when we take it over.
    The string is made only by `__str__` and read only by `parse`.
    """

    coop: str
    """The cooperation's id."""
    body: str
    """The body's key."""
    id: str
    """The meeting's id within the body: an `id` from the file, a date, or a UID."""
    verbatim: bool = False
    """`id` is a whole UID from another calendar, written as it is."""

    def __str__(self) -> str:
        if self.verbatim:
            return self.id
        return f"{_coop(self.coop)}-{self.body}-{self.id}{_SUFFIX}"

    # Two keys are the same identity when their UIDs are: a key read back
    # from a feed equals the key the planner made.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, MeetingKey) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))

    def __lt__(self, other: MeetingKey) -> bool:
        return str(self) < str(other)

    @classmethod
    def parse(cls, uid: str, *, coop: str, body: str) -> MeetingKey:
        """The key whose string form is `uid`, for a meeting of `body` in `coop`."""
        prefix = f"{_coop(coop)}-{body}-"
        if uid.startswith(prefix) and uid.endswith(_SUFFIX) and len(uid) > len(prefix + _SUFFIX):
            return cls(coop, body, uid[len(prefix) : -len(_SUFFIX)])
        return cls(coop, body, uid, verbatim=True)


def _coop(coop: str) -> str:
    """The cooperation's part of a UID: its id with each ``-`` doubled."""
    return coop.replace("-", "--")


@dataclass(frozen=True, slots=True)
class HostSlot:
    """One turn a meeting gives a rotation: its host or chair, or its second joint host and on.

    Its string form is the turn's key in the rotation (`rotations.Event.key`,
    `Term.period`): the meeting's UID for the first slot, ``{uid}#2`` … for
    the further ones. It is made only by `__str__` and read only by `parse`;
    a rotation-feed event's UID is made of it, so the form never changes.
    """

    meeting: MeetingKey
    """The meeting."""
    n: int = 1
    """Which slot, from 1."""

    def __str__(self) -> str:
        return str(self.meeting) if self.n == 1 else f"{self.meeting}{_SLOT}{self.n}"

    @classmethod
    def parse(cls, text: str, *, coop: str, body: str) -> HostSlot:
        """The slot whose string form is `text`, of a meeting of `body` in `coop`.

        A UID taken over verbatim that itself ends in ``#`` and a number
        reads as a further slot: such a UID is not a first slot's form.
        """
        uid, mark, n = text.rpartition(_SLOT)
        if mark and n.isdecimal() and n.isascii() and not n.startswith("0") and int(n) >= 2:
            return cls(MeetingKey.parse(uid, coop=coop, body=body), int(n))
        return cls(MeetingKey.parse(text, coop=coop, body=body))


@dataclass(frozen=True, slots=True)
class RotationMark:
    """What a rotation-feed event carries as its body: which rotation's term it is.

    Its string form ``rotation:{name}`` is the event's X-SAMVERKAN-BODY,
    made only by `__str__` and read only by `parse`; no body key has it,
    since a key has no ":".
    """

    rotation: str
    """The rotation's key."""

    def __str__(self) -> str:
        return f"{_ROTATION}{self.rotation}"

    @classmethod
    def parse(cls, body: str) -> RotationMark | None:
        """The mark whose string form is `body`; ``None`` for a body's key."""
        return cls(body.removeprefix(_ROTATION)) if body.startswith(_ROTATION) else None


@dataclass(frozen=True, slots=True)
class CalendarKey:
    """The identity of one published calendar (a feed file, or a CalDAV collection).

    Its string form ``{stem}@samverkan`` is made only by `__str__` and read
    only by `parse`. Feeds carry no calendar-level UID (vdirsyncer copies the
    VCALENDAR's into every event it splits out); the form is the one such a
    UID had in feeds and CalDAV objects an older samverkan wrote, by which
    publish still recognises its own objects.
    """

    stem: str
    """The calendar's feed file name without ".ics" ("sodertorn-kommitten")."""

    def __str__(self) -> str:
        return f"{self.stem}{_SUFFIX}"

    @classmethod
    def of_feed(cls, name: str) -> CalendarKey:
        """The calendar of the feed file `name` ("sodertorn.ics")."""
        return cls(name.removesuffix(".ics"))

    @classmethod
    def parse(cls, uid: str) -> CalendarKey | None:
        """The key whose string form is `uid`; ``None`` for a UID we did not make."""
        stem = uid.removesuffix(_SUFFIX)
        return cls(stem) if stem and stem != uid else None


@dataclass(frozen=True, slots=True)
class DerivedKey:
    """The UID an imported event without one is given: a digest of what it says.

    Its string form ``{digest}@import.samverkan`` (``{digest}-2@…`` … when two
    events say the same) is made only by `__str__` and read only by `parse`.
    """

    digest: str
    """Hex digest of the event's summary, start and place."""
    n: int = 1
    """Which of the events that say the same, from 1."""

    def __str__(self) -> str:
        suffix = "" if self.n == 1 else f"-{self.n}"
        return f"{self.digest}{suffix}{_DERIVED}"

    @classmethod
    def parse(cls, uid: str) -> DerivedKey | None:
        """The key whose string form is `uid`; ``None`` for a UID not derived by us."""
        found = re.fullmatch(r"([0-9a-f]+)(?:-([1-9][0-9]*))?" + re.escape(_DERIVED), uid)
        if found is None or found[2] == "1":
            return None
        return cls(found[1], int(found[2] or 1))


@dataclass(frozen=True, slots=True)
class KnownMeeting:
    """A meeting a previous feed published: its body, day and UID."""

    body: str
    """The body's key (the feed's X-SAMVERKAN-BODY)."""
    day: date
    """Its first day."""
    uid: str
    """Its UID as published."""
