"""The planner: bodies and rotations in, meetings with hosts and chairs out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from calendars._errors import CalendarError
from calendars._meeting import Conflict, Meeting, Plan, Status
from calendars._rules import Body, Entry, preparation_day, spread
from rotations import Event, Rotation, RotationError, Term, Unit


@dataclass(frozen=True, slots=True)
class _Draft:
    body: Body
    first: date
    last: date
    entry: Entry | None = None
    status: Status = Status.CONFIRMED

    @property
    def month_only(self) -> bool:
        return self.entry is not None and self.entry.month_only

    @property
    def weight(self) -> float:
        """Days it lasts, for fairness; a month-only date counts once."""
        return 1.0 if self.month_only else float((self.last - self.first).days + 1)


def _month_end(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1) - timedelta(days=1)


def _entry_draft(body: Body, entry: Entry) -> _Draft:
    if entry.month_only:
        return _Draft(body, entry.start, _month_end(entry.start), entry, Status.PROVISIONAL)
    return _Draft(body, entry.start, entry.last or entry.start, entry, entry.status)


def _order(bodies: Mapping[str, Body]) -> list[Body]:
    """Bodies in an order where a prepared body comes before its preparer."""
    done: list[Body] = []
    seen: set[str] = set()

    def visit(body: Body, path: tuple[str, ...]) -> None:
        if body.key in seen:
            return
        if body.key in path:
            msg = f"bodies prepare each other in a circle: {' → '.join((*path, body.key))}"
            raise CalendarError(msg)
        target = body.rules.prepares
        if target is not None:
            visit(bodies[target], (*path, body.key))
        seen.add(body.key)
        done.append(body)

    for body in bodies.values():
        visit(body, ())
    return done


def _drafts(bodies: Mapping[str, Body], years: range) -> list[_Draft]:
    drafts: list[_Draft] = []
    by_body: dict[str, list[_Draft]] = defaultdict(list)
    for body in _order(bodies):
        mine: list[_Draft] = []
        for year in years:
            if year in body.dates:
                mine += [_entry_draft(body, e) for e in body.dates[year]]
            elif body.rules.prepares is not None:
                # A meeting known only by its month cannot be prepared on a
                # given day; a provisional one gets a provisional preparation.
                for target in by_body[body.rules.prepares]:
                    if target.first.year != year or target.month_only:
                        continue
                    if target.status is Status.CANCELLED:
                        continue
                    day = preparation_day(body.rules, target.first, body=body.key)
                    last = day + timedelta(days=body.rules.days - 1)
                    mine.append(_Draft(body, day, last, None, target.status))
            elif body.rules.meets_in(year):
                for day in spread(body.rules, year, body=body.key):
                    mine.append(_Draft(body, day, day + timedelta(days=body.rules.days - 1)))
        mine.sort(key=lambda d: (d.first, d.last))
        by_body[body.key] = mine
        drafts += mine
    return drafts


def _uids(coop_id: str, drafts: list[_Draft]) -> dict[int, str]:
    """UID per draft: body, year and ordinal within the year, so moving a date keeps it."""
    counters: dict[tuple[str, int], int] = defaultdict(int)
    uids: dict[int, str] = {}
    seen: dict[str, int] = {}
    for i, d in enumerate(drafts):
        if d.entry is not None and d.entry.id is not None:
            uid = f"{coop_id}-{d.body.key}-{d.entry.id}@samverkan"
        else:
            key = (d.body.key, d.first.year)
            counters[key] += 1
            uid = f"{coop_id}-{d.body.key}-{d.first.year}-{counters[key]:02d}@samverkan"
        if uid in seen:
            msg = f"body {d.body.key!r}: two meetings would have the UID {uid}; ids must be unique"
            raise CalendarError(msg)
        seen[uid] = i
        uids[i] = uid
    return uids


def check_local_time(day: date, at: time, zone: ZoneInfo, *, what: str) -> datetime:
    """Return `day` at wall-clock time `at` in `zone`.

    A time that a DST change skips or repeats is refused, never shifted.
    """
    naive = datetime.combine(day, at)
    aware = naive.replace(tzinfo=zone)
    round_trip = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != naive:
        msg = (
            f"{what}: {naive:%Y-%m-%d %H:%M} does not exist in {zone.key} "
            "(the clocks spring forward)"
        )
        raise CalendarError(msg)
    if aware.replace(fold=1).utcoffset() != aware.utcoffset():
        msg = f"{what}: {naive:%Y-%m-%d %H:%M} happens twice in {zone.key} (the clocks fall back)"
        raise CalendarError(msg)
    return aware


def _assign(rotation: Rotation, keys: list[tuple[str, _Draft]], *, what: str) -> dict[str, Term]:
    events = [
        Event(
            key,
            d.first,
            d.last + timedelta(days=1),
            # Only per-event turns are used up by meetings; a calendar turn
            # has a holder on a cancelled meeting's date all the same.
            cancelled=d.status is Status.CANCELLED and rotation.unit is Unit.EVENT,
            weight=d.weight,
        )
        for key, d in keys
    ]
    try:
        return {t.period: t for t in rotation.assign(events)}
    except RotationError as exc:
        msg = f"{what}: {exc}"
        raise CalendarError(msg) from None


def plan(  # noqa: PLR0912 - assigns hosts, chairs and conflicts in one pass
    *,
    coop_id: str,
    bodies: Mapping[str, Body],
    rotations: Mapping[str, Rotation],
    timezone: str,
    language: str,
    start: date,
    end: date,
) -> Plan:
    """Plan every body's meetings that overlap ``[start, end)``.

    Per-event rotations count every event from their anchor on, so the
    meetings of earlier years are planned too (and then left out).
    """
    if end <= start:
        msg = f"the period {start}–{end} is empty"
        raise CalendarError(msg)
    zone = ZoneInfo(timezone)
    first_year = start.year
    for body in bodies.values():
        for key in (body.host, body.chair):
            rotation = rotations.get(key) if key else None
            if (
                rotation is not None
                and rotation.unit is Unit.EVENT
                and rotation.anchor
                and rotation.anchor.on
            ):
                first_year = min(first_year, rotation.anchor.on.year)
    drafts = _drafts(bodies, range(first_year, end.year + 1))
    uids = _uids(coop_id, drafts)

    hosts: dict[str, tuple[str, ...]] = {}
    turns: dict[str, list[Term]] = defaultdict(list)
    by_host: dict[str, list[tuple[str, _Draft]]] = defaultdict(list)
    for i, d in enumerate(drafts):
        if d.body.host:
            by_host[d.body.host] += [(f"{uids[i]}#{j}", d) for j in range(d.body.hosts_per_meeting)]
    for key, keyed in by_host.items():
        terms = _assign(rotations[key], keyed, what=f"host rotation {key!r}")
        for event_key, term in terms.items():
            uid = event_key.rsplit("#", 1)[0]
            hosts[uid] = (*hosts.get(uid, ()), term.holder)
            turns[key].append(term)
    chairs: dict[str, Term] = {}
    by_chair: dict[str, list[tuple[str, _Draft]]] = defaultdict(list)
    for i, d in enumerate(drafts):
        if d.body.chair:
            by_chair[d.body.chair].append((uids[i], d))
    for key, keyed in by_chair.items():
        chairs.update(_assign(rotations[key], keyed, what=f"chair rotation {key!r}"))

    joiner = " och " if language == "sv" else " and "
    meetings: list[Meeting] = []
    conflicts: list[Conflict] = []
    for i, d in enumerate(drafts):
        if not (d.first < end and d.last >= start):
            continue
        uid = uids[i]
        meeting = _meeting(
            d, uid=uid, zone=zone, hosts=hosts.get(uid, ()), chair=chairs.get(uid), joiner=joiner
        )
        meetings.append(meeting)
        conflicts += _conflicts(d.body, meeting)
    meetings.sort(key=lambda m: (m.day, m.all_day is False, _clock(m), m.body, m.uid))
    window_turns = {
        key: tuple(t for t in ts if t.start < end and t.end > start) for key, ts in turns.items()
    }
    return Plan(tuple(meetings), tuple(conflicts), window_turns)


def _conflicts(body: Body, meeting: Meeting) -> list[Conflict]:
    """The coupling rules between chair and host that `meeting` breaks."""
    if meeting.chair is None or meeting.status is Status.CANCELLED:
        return []
    said = f"{meeting.chair} chairs {meeting.title} on {meeting.day}"
    if body.host_not_chair and meeting.chair in meeting.hosts:
        return [Conflict(meeting.uid, f"{said} and also hosts it")]
    if body.host_is_chair and meeting.chair not in meeting.hosts:
        hosting = ", ".join(meeting.hosts) or "nobody"
        return [Conflict(meeting.uid, f"{said} but does not host it ({hosting} does)")]
    return []


def _clock(m: Meeting) -> time:
    return m.start.timetz().replace(tzinfo=None) if isinstance(m.start, datetime) else time(0)


def _meeting(
    d: _Draft,
    *,
    uid: str,
    zone: ZoneInfo,
    hosts: tuple[str, ...],
    chair: Term | None,
    joiner: str,
) -> Meeting:
    body, entry = d.body, d.entry
    title = body.name if entry is None or not entry.title else f"{body.name} – {entry.title}"
    window = entry.time if entry is not None and entry.time else body.rules.time
    all_day = (
        window is None
        or d.last != d.first
        or (entry is not None and (entry.month_only or entry.all_day))
    )
    start: date | datetime
    stop: date | datetime
    if all_day or window is None:
        start, stop = d.first, d.last + timedelta(days=1)
    else:
        what = f"{body.key} on {d.first}"
        start = check_local_time(d.first, window[0], zone, what=what)
        stop = check_local_time(d.first, window[1], zone, what=what)
    names = joiner.join(hosts)
    location = body.location.format(hosts=names) if body.location else (names or None)
    return Meeting(
        uid=uid,
        body=body.key,
        title=title,
        start=start,
        end=stop,
        status=d.status,
        month_only=d.month_only,
        hosts=hosts,
        chair=chair.holder if chair else None,
        vice_chair=chair.deputy if chair else None,
        location=location,
        weight=d.weight,
    )
