"""A meeting's details: where, which links, what text, which alarms.

One value serves a body (its details for every meeting, with placeholders),
a published date and a one-meeting override (that meeting's own), and the
planned meeting (the details that won).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True)
class Details:
    """What a subscriber sees of a meeting besides its time, hosts and chair.

    ``None`` (or no reminders) means "not given here": the body's details
    stand unless a date or an override gives its own (`over`).
    """

    location: str | None = None
    """Where it is held (on a body: "{hosts}" stands for the host names)."""
    url: str | None = None
    """Its web page (RFC 7986 URL)."""
    conference: str | None = None
    """The online-meeting link (CONFERENCE)."""
    description: str | None = None
    """Free text for the meeting's description."""
    agenda: str | None = None
    """The agenda's link (on a body: "{date}" stands for the meeting's first day)."""
    minutes: str | None = None
    """The minutes' link (on a body: "{date}" stands for the meeting's first day)."""
    reminders: tuple[timedelta, ...] = ()
    """Alarms this long before the start (VALARM)."""

    def over(self, base: Details) -> Details:
        """These details over `base`: each one given here wins, the others are `base`'s."""
        return Details(
            location=base.location if self.location is None else self.location,
            url=base.url if self.url is None else self.url,
            conference=base.conference if self.conference is None else self.conference,
            description=base.description if self.description is None else self.description,
            agenda=base.agenda if self.agenda is None else self.agenda,
            minutes=base.minutes if self.minutes is None else self.minutes,
            reminders=self.reminders or base.reminders,
        )
