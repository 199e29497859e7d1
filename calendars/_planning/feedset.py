"""Which meetings go in which feed: the feed set of a cooperation, as values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from calendars._model.cooperation import Cooperation
from calendars._model.key import HostSlot, MeetingKey, RotationMark
from calendars._model.meeting import Meeting, Plan, Status
from calendars._model.names import (
    FeedKind,
    body_feed,
    cooperation_feed,
    member_codes,
    member_feed,
    rotations_feed,
    slug,
)
from calendars._model.zone import check_local_time
from calendars._words import EVENT, Language
from rotations import Term, Unit


@dataclass(frozen=True, slots=True)
class RotationRow:
    """One rotation's terms, for the timeline picture."""

    coop: str
    """The cooperation's id."""
    name: str
    """The rotation's name."""
    role: str
    """The role it hands out."""
    terms: tuple[Term, ...]
    """The terms in the window (per-event rotations: one per meeting that took a turn)."""


@dataclass(frozen=True, slots=True)
class FeedPlan:
    """One feed of a set, before it is rendered."""

    name: str
    """File name, e.g. "sodertorn-kommitten.ics"."""
    title: str
    """The calendar's name as subscribers see it."""
    kind: FeedKind
    """What it holds."""
    meetings: tuple[Meeting, ...]
    """What it holds, in order of day."""


def _role_title(role: str, term: Term, language: Language, context: str = "") -> str:
    deputy = EVENT[language]["deputy"]
    text = f"{role[:1].upper()}{role[1:]}: {term.holder}"
    if term.deputy:
        text += f" ({deputy}: {term.deputy})"
    return f"{text} – {context}" if context else text


def rotation_rows(coop: Cooperation, plan: Plan) -> list[RotationRow]:
    """The terms of every rotation in the plan's period."""
    return [
        RotationRow(coop.id, name, rotation.role, plan.terms.get(name, ()))
        for name, rotation in coop.rotations.items()
    ]


def rotation_meetings(
    coop: Cooperation, rows: list[RotationRow], plan: Plan
) -> list[tuple[str, Meeting]]:
    """Each term as an all-day event, with its holder."""
    by_uid = {m.uid: m for m in plan.meetings}
    language = coop.language
    zone = ZoneInfo(coop.timezone)
    found = []
    for row in rows:
        for term in row.terms:
            taken_at = None
            if coop.rotations[row.name].unit is Unit.EVENT:
                # The meeting's body is not known here; its UID is all the look-up needs.
                slot = HostSlot.parse(term.period, coop=coop.id, body="")
                taken_at = by_uid.get(str(slot.meeting))
                context, key = taken_at.title if taken_at else "", slug(term.period)
            else:
                context, key = "", term.period
            # A turn taken at a provisional meeting (only the month known) is
            # provisional too: never a confirmed month-long term.
            pencilled = taken_at is not None and taken_at.provisional
            start: date | datetime = term.start
            end: date | datetime = term.end
            if term.handover_time is not None:
                # A duty handed over at a time of day: the term runs from then to then.
                what = f"rotations.{row.name}.handover"
                start = check_local_time(term.start, term.handover_time, zone, what=what)
                end = check_local_time(term.end, term.handover_time, zone, what=what)
            meeting = Meeting(
                key=MeetingKey(coop.id, f"rotation-{row.name}", key),
                body=str(RotationMark(row.name)),
                title=_role_title(row.role, term, language, context),
                start=start,
                end=end,
                transparent=True,  # a chair for a year is not busy all year
                status=Status.PROVISIONAL if pencilled else Status.CONFIRMED,
                month_only=pencilled and taken_at is not None and taken_at.month_only,
            )
            found.append((term.holder, meeting))
    return found


def _attends(coop: Cooperation, member: str, meeting: Meeting) -> bool:
    """Whether `member` is at `meeting`: a member then, and an attendee or a host."""
    membership = coop.membership(member)
    if membership is not None and not membership.member_on(meeting.day):
        return False
    attendees = coop.bodies[meeting.body].attendees
    return member in meeting.hosts or attendees is None or member in attendees


def feed_plans(coop: Cooperation, plan: Plan, start: date, end: date) -> list[FeedPlan]:
    """The feeds of `coop`: the whole cooperation, each body, the rotations, each member.

    A member's feed holds what it attends and hosts while it is a member,
    and its own turns; members that do not belong to the cooperation in
    ``[start, end)`` get none.
    """
    language = coop.language
    rows = rotation_rows(coop, plan)
    found = [FeedPlan(cooperation_feed(coop.id), coop.name, FeedKind.COOPERATION, plan.meetings)]
    for key, body in coop.bodies.items():
        found.append(FeedPlan(body_feed(coop.id, key), body.name, FeedKind.BODY, plan.of(key)))
    turns = rotation_meetings(coop, rows, plan)
    if rows:
        title = f"{coop.name} – {EVENT[language]['rotations']}"
        found.append(
            FeedPlan(rotations_feed(coop.id), title, FeedKind.ROTATIONS, tuple(m for _, m in turns))
        )
    codes = member_codes((m.name, m.code) for m in coop.members)
    for member in coop.members_on(start, end):
        own = [m for holder, m in turns if holder == member.name]
        attended = [m for m in plan.meetings if _attends(coop, member.name, m)]
        meetings = tuple(sorted([*attended, *own], key=lambda m: (m.day, m.uid)))
        found.append(
            FeedPlan(
                member_feed(coop.id, member.name, code=codes[member.name]),
                f"{coop.name} – {member.name}",
                FeedKind.MEMBER,
                meetings,
            )
        )
    return found
