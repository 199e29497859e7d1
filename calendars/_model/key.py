"""Meeting identity: a key that survives other meetings being added, removed or moved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

_SUFFIX = "@samverkan"


@dataclass(frozen=True, slots=True, eq=False)
class MeetingKey:
    """The identity of one meeting; its string form is the meeting's iCalendar UID.

    Our own keys read ``{coop}-{body}-{id}@samverkan``. A key taken over from a
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
        return self.id if self.verbatim else f"{self.coop}-{self.body}-{self.id}{_SUFFIX}"

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
        prefix = f"{coop}-{body}-"
        if uid.startswith(prefix) and uid.endswith(_SUFFIX) and len(uid) > len(prefix + _SUFFIX):
            return cls(coop, body, uid[len(prefix) : -len(_SUFFIX)])
        return cls(coop, body, uid, verbatim=True)


@dataclass(frozen=True, slots=True)
class CalendarKey:
    """The identity of one published calendar (a feed file, or a CalDAV collection).

    Its string form ``{stem}@samverkan`` is the calendar's UID; it is made
    only by `__str__` and read only by `parse`.
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
class KnownMeeting:
    """A meeting a previous feed published: its body, day and UID."""

    body: str
    """The body's key (the feed's X-SAMVERKAN-BODY)."""
    day: date
    """Its first day."""
    uid: str
    """Its UID as published."""
