"""The planner: a cooperation in, meetings with keys, hosts and chairs out.

The steps, in order: the days of every body (published dates, the rules'
spread, preparation meetings), each meeting's key (its own id, the previous
feed's UID for the same body and nearest date, or its date), the rotations
as the plan uses them (handovers at a body's meeting), hosts and chairs
(named hosts, per-event turns, one meeting's overrides), then the meetings
of the period and the coupling rules they break.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from calendars._errors import CalendarError
from calendars._model.body import Body, MeetingOverride
from calendars._model.cooperation import Cooperation
from calendars._model.key import KnownMeeting, MeetingKey
from calendars._model.meeting import Conflict, ConflictKind, Meeting, Plan, Status
from calendars._model.member import Membership
from calendars._model.zone import check_local_time, transitions
from calendars._planning.drafts import Draft, Reframe, drafts_of
from calendars._planning.identity import meeting_keys
from calendars._planning.roles import Drafted, Role, assign_roles, meeting_handovers, plan_terms
from calendars._planning.years import draft_years
from calendars._words import EVENT

FIRST_YEAR, LAST_YEAR = 1900, 9000
"""The years a plan may cover."""
MOST_YEARS = 200
"""The most years one plan covers: 200 years of a busy cooperation plan in seconds."""


def _check_period(start: date, end: date) -> None:
    if end <= start:
        msg = f"the period {start}–{end} is empty"
        raise CalendarError(msg)
    if start.year < FIRST_YEAR or end.year > LAST_YEAR:
        msg = (
            f"the period {start}–{end} is outside the years a plan covers "
            f"({FIRST_YEAR}–{LAST_YEAR})"
        )
        raise CalendarError(msg)
    if (end - timedelta(days=1)).year - start.year >= MOST_YEARS:
        msg = (
            f"the period {start}–{end} covers more than {MOST_YEARS} years, the most one plan "
            "covers (--from, --to); plan it in parts"
        )
        raise CalendarError(msg)


def _check_times(coop: Cooperation, years: Iterable[int]) -> None:
    """Refuse a body's meeting time that a DST change skips or repeats in the years asked."""
    zone = ZoneInfo(coop.timezone)
    changes = [t.local.date() for year in years for t in transitions(zone, year, year)]
    for body in coop.bodies.values():
        rules = body.rules
        if rules.time is None:
            continue
        for day in changes:
            if rules.weekday is None or day.weekday() == rules.weekday:
                for at in rules.time:
                    try:
                        check_local_time(day, at, zone, what=f"body {body.key!r}")
                    except CalendarError as exc:
                        raise body.origin.error(
                            str(exc), "time", hint="move the meeting out of 02:00–03:00"
                        ) from None


def with_shared_rules(coop: Cooperation) -> Cooperation:
    """`coop` with the cooperation's breaks and half-day choice in every body's rules.

    A body keeps its own breaks after the cooperation's, without those it
    drops, and its own `avoid_half_days` where it says one.
    """
    shared = coop.breaks or coop.avoid_half_days
    if not shared and all(b.half_days is None for b in coop.bodies.values()):
        return coop
    bodies = {}
    for key, body in coop.bodies.items():
        kept = tuple(b for b in coop.breaks if b.name not in body.drop_breaks)
        half = coop.avoid_half_days if body.half_days is None else body.half_days
        rules = replace(body.rules, breaks=kept + body.rules.breaks, avoid_half_days=half)
        bodies[key] = replace(body, rules=rules)
    return replace(coop, bodies=bodies)


def plan(coop: Cooperation, start: date, end: date, *, known: Sequence[KnownMeeting] = ()) -> Plan:
    """Every meeting of `coop` that overlaps the half-open period ``[start, end)``.

    Args:
        coop: the cooperation.
        start: the first day.
        end: the day after the last day.
        known: the meetings a previous feed published; a meeting without an
            id of its own keeps the UID of the one of the same body on the
            nearest date.

    Raises:
        CalendarError: for an empty period; a `ConfigError` naming file, line
            and key for rules that cannot be met in the years asked.

    """
    _check_period(start, end)
    coop = with_shared_rules(coop)
    last_year = (end - timedelta(days=1)).year
    _check_times(coop, range(start.year, last_year + 1))
    # A term that passes at a body's meeting ends at next year's meeting.
    extra = 1 if coop.handovers_at else 0
    years, stretches = draft_years(coop, start.year - extra, last_year + extra)
    by_body = drafts_of(coop.bodies, years)
    drafts: list[Draft] = []
    keys: list[MeetingKey] = []
    for key, body_drafts in by_body.items():
        drafts += body_drafts
        keys += meeting_keys(coop, coop.bodies[key], body_drafts, known)
    overrides = _overrides(coop, by_body, years)
    rotations = {
        name: meeting_handovers(coop, rotation, name, by_body, range(start.year, last_year + 2))
        for name, rotation in coop.rotations.items()
    }
    drafted = Drafted(drafts, keys, overrides, stretches)
    hosts, host_terms = assign_roles(coop, rotations, drafted, role=Role.HOST)
    chairs, chair_terms = assign_roles(coop, rotations, drafted, role=Role.CHAIR)
    zone = ZoneInfo(coop.timezone)
    meetings: list[Meeting] = []
    conflicts: list[Conflict] = []
    members = {m.name: m for m in coop.members}
    for i, d in enumerate(drafts):
        if not (d.first < end and d.last >= start):
            continue
        chair = chairs.get(i)
        meeting = _meeting(
            d,
            key=keys[i],
            zone=zone,
            hosts=tuple(t.holder for t in hosts.get(i, ())),
            chair=chair[0].holder if chair else None,
            vice_chair=chair[0].deputy if chair else None,
            override=overrides.get((d.body.key, d.first)),
            joiner=EVENT[coop.language]["and"],
            members=members,
        )
        meetings.append(meeting)
        conflicts += _off_rule(d, meeting) + _conflicts(d.body, meeting)
    meetings.sort(key=lambda m: (m.day, m.all_day is False, _clock(m), m.body, m.uid))
    terms = plan_terms(rotations, {**host_terms, **chair_terms}, start, end)
    return Plan(tuple(meetings), tuple(conflicts), terms, rotations)


def _overrides(
    coop: Cooperation, by_body: Mapping[str, Sequence[Draft]], years: Collection[int]
) -> dict[tuple[str, date], MeetingOverride]:
    """Every meeting override by body and day; one on a day without a meeting is an error."""
    overrides = {(b.key, o.day): o for b in coop.bodies.values() for o in b.overrides}
    matched = {(d.body.key, d.first) for drafts in by_body.values() for d in drafts}
    for (body_key, day), override in overrides.items():
        if day.year in years and (body_key, day) not in matched:
            days = sorted(d.first for d in by_body[body_key] if d.first.year == day.year)
            listed = ", ".join(str(x) for x in days) or "none"
            raise override.origin.error(
                f"{body_key} has no meeting on {day}",
                "date",
                hint=f"its meetings in {day.year}: {listed}",
            )
    return overrides


def _off_rule(d: Draft, meeting: Meeting) -> list[Conflict]:
    """The warning of a meeting moved off its rule, with the file and line of the rule."""
    if d.off_rule is None:
        return []
    warning = d.off_rule
    return [Conflict(meeting.uid, str(warning), ConflictKind.OFF_RULE, warning.where)]


def _conflicts(body: Body, meeting: Meeting) -> list[Conflict]:
    """The coupling rules between chair and host that `meeting` breaks."""
    if meeting.chair is None or meeting.status is Status.CANCELLED:
        return []
    said = f"{meeting.chair} chairs {meeting.title} on {meeting.day}"
    if body.host_not_chair and meeting.chair in meeting.hosts:
        return [Conflict(meeting.uid, f"{said} and also hosts it", ConflictKind.CHAIR_HOSTS)]
    if body.host_is_chair and meeting.chair not in meeting.hosts:
        hosting = ", ".join(meeting.hosts) or "nobody"
        return [
            Conflict(
                meeting.uid,
                f"{said} but does not host it ({hosting} does)",
                ConflictKind.CHAIR_NOT_HOST,
            )
        ]
    return []


def _clock(m: Meeting) -> time:
    return m.start.timetz().replace(tzinfo=None) if isinstance(m.start, datetime) else time(0)


def _meeting(
    d: Draft,
    *,
    key: MeetingKey,
    zone: ZoneInfo,
    hosts: tuple[str, ...],
    chair: str | None,
    vice_chair: str | None,
    override: MeetingOverride | None,
    joiner: str,
    members: Mapping[str, Membership],
) -> Meeting:
    body, entry = d.body, d.entry
    title = body.name if entry is None or not entry.title else f"{body.name} – {entry.title}"
    start, stop = _span(d, zone)
    details = d.body.details
    day = d.first.isoformat()
    own = replace(
        details,
        location=_location(details.location, hosts, joiner, members),
        agenda=details.agenda.replace("{date}", day) if details.agenda else None,
        minutes=details.minutes.replace("{date}", day) if details.minutes else None,
    )
    # One meeting's own details (its date entry, then its override) win over the body's.
    for source in (entry, override):
        if source is not None:
            own = source.details.over(own)
    return Meeting(
        key=key,
        body=body.key,
        title=title,
        start=start,
        end=stop,
        status=d.status,
        month_only=d.month_only,
        hosts=hosts,
        chair=chair,
        vice_chair=vice_chair,
        details=own,
        weight=d.weight,
        off_rule=d.off_rule.message if d.off_rule is not None else None,
        sequence=entry.sequence + 1 if entry is not None and entry.sequence is not None else 0,
    )


def _span(d: Draft, zone: ZoneInfo) -> tuple[date, date] | tuple[datetime, datetime]:
    """A draft's start and end: whole days, or its clock times on its day in `zone`."""
    body, entry = d.body, d.entry
    window = entry.time if entry is not None and entry.time else body.rules.time
    all_day = (
        window is None
        or d.last != d.first
        or (entry is not None and (d.month_only or entry.all_day))
    )
    if all_day or window is None or d.month_only:
        return d.first, d.last + timedelta(days=1)
    what = f"{body.key} on {d.first}"
    with Reframe(body, "time"):
        start = check_local_time(d.first, window[0], zone, what=what)
        stop = check_local_time(d.first, window[1], zone, what=what)
    return start, stop


def _location(
    written: str | None, hosts: tuple[str, ...], joiner: str, members: Mapping[str, Membership]
) -> str | None:
    """The body's place with "{hosts}" filled in, or the hosts' own places."""
    names = joiner.join(hosts)
    if written:
        return written.replace("{hosts}", names)
    # A host with an address gives its place; otherwise the host's name says where.
    places = [_place(members, h) for h in hosts]
    return (" / " if places != list(hosts) else joiner).join(places) or None


def _place(members: Mapping[str, Membership], host: str) -> str:
    membership = members.get(host)
    place = membership.place() if membership is not None else None
    return place or host
