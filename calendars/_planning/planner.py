"""The planner: a cooperation in, meetings with keys, hosts and chairs out.

The steps, in order: the days of every body (published dates, the rules'
spread, preparation meetings), each meeting's key (its own id, the previous
feed's UID for the same body and nearest date, or its date), the rotations
as the plan uses them (handovers at a body's meeting), hosts and chairs
(named hosts, per-event turns, one meeting's overrides), then the meetings
of the period and the coupling rules they break.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from calendars._errors import CalendarError, ConfigError
from calendars._model.body import Body, Entry, MeetingOverride
from calendars._model.cooperation import Cooperation
from calendars._model.days import NonMeetingDays
from calendars._model.key import KnownMeeting, MeetingKey
from calendars._model.meeting import Conflict, Meeting, Plan, Status
from calendars._model.member import Membership
from calendars._model.zone import check_local_time, transitions
from calendars._planning.candidates import fill, preparation_day, spread
from calendars._words import EVENT, Language
from rotations import Anchor, Event, Rotation, RotationError, Term, Unit

MATCH_DAYS = 62
"""A meeting without an id takes the UID of the previous feed's meeting of
the same body on the nearest date, if that is at most this many days away."""
FIRST_YEAR, LAST_YEAR = 1900, 9000
"""The years a plan may cover."""


@dataclass(frozen=True, slots=True)
class _Draft:
    body: Body
    first: date
    last: date
    entry: Entry | None = None
    status: Status = Status.CONFIRMED
    month_only: bool = False

    @property
    def weight(self) -> float:
        """Days it lasts, for fairness; a month-only date counts once."""
        return 1.0 if self.month_only else float((self.last - self.first).days + 1)

    @property
    def middle(self) -> date:
        """The day distances are measured from: the 15th of a month-only date."""
        return self.first.replace(day=15) if self.month_only else self.first


def _month_end(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1) - timedelta(days=1)


def _entry_draft(body: Body, entry: Entry) -> _Draft:
    if entry.month_only:
        return _Draft(body, entry.start, _month_end(entry.start), entry, Status.PROVISIONAL, True)
    return _Draft(body, entry.start, entry.last or entry.start, entry, entry.status)


def _order(bodies: Mapping[str, Body]) -> list[Body]:
    """Bodies in an order where a prepared body comes before its preparer."""
    done: list[Body] = []
    seen: set[str] = set()

    def visit(body: Body, path: tuple[str, ...]) -> None:
        if body.key in seen:
            return
        if body.key in path:
            circle = " → ".join((*path, body.key))
            raise body.origin.error(f"bodies prepare each other in a circle: {circle}", "prepares")
        target = body.rules.prepares
        if target is not None:
            visit(bodies[target], (*path, body.key))
        seen.add(body.key)
        done.append(body)

    for body in bodies.values():
        visit(body, ())
    return done


class _Reframe:
    """Turns a `CalendarError` raised while planning a body into a `ConfigError` at its key."""

    def __init__(self, body: Body, key: str) -> None:
        self.body, self.key = body, key

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        if isinstance(exc, CalendarError) and not isinstance(exc, ConfigError):
            raise self.body.origin.error(str(exc), self.key) from None


def _rule_days(body: Body, year: int, holidays: NonMeetingDays) -> list[date]:
    """The days the rules give `body` in `year`, besides its published dates."""
    rules = body.rules
    if not rules.meets_in(year) or rules.prepares is not None:
        return []
    published = body.dates.get(year, ())
    if not published:
        with _Reframe(body, "per_year"):
            return spread(rules, year, body=body.key, holidays=holidays)
    if rules.per_year == 0:
        return []
    spans = [(d.first, d.last) for d in (_entry_draft(body, e) for e in published)]
    with _Reframe(body, "per_year"):
        return fill(rules, year, spans, body=body.key, holidays=holidays)


def _preparations(
    body: Body, targets: Sequence[_Draft], own: Sequence[_Draft], holidays: NonMeetingDays
) -> list[_Draft]:
    """A meeting before each meeting of the prepared body that no published one prepares."""
    least, most = body.rules.lead_days
    found: list[_Draft] = []
    for target in targets:
        if target.status is Status.CANCELLED:
            continue
        if target.month_only:
            # Only the month is known: the preparation is provisional in the
            # same month (it cannot be put on a day before an unknown day).
            month = target.first
            if not any(d.month_only and d.first == month for d in (*own, *found)):
                found.append(_Draft(body, month, _month_end(month), None, Status.PROVISIONAL, True))
            continue
        window = (target.first - timedelta(days=most), target.first - timedelta(days=least))
        # One preparation within lead_days before it prepares it: a published
        # one, or one made for an earlier meeting (two on one day were made).
        if any(window[0] <= d.first <= window[1] for d in (*own, *found) if not d.month_only):
            continue
        with _Reframe(body, "lead_days"):
            day = preparation_day(body.rules, target.first, body=body.key, holidays=holidays)
        found.append(
            _Draft(body, day, day + timedelta(days=body.rules.days - 1), None, target.status)
        )
    return found


def _overridden(draft: _Draft, override: MeetingOverride | None) -> _Draft:
    if override is None or override.status is None:
        return draft
    return replace(draft, status=override.status)


def _drafts(bodies: Mapping[str, Body], years: range) -> dict[str, list[_Draft]]:
    holidays = NonMeetingDays()
    by_body: dict[str, list[_Draft]] = {}
    for body in _order(bodies):
        mine: list[_Draft] = []
        for year in years:
            mine += [_entry_draft(body, e) for e in body.dates.get(year, ())]
            length = timedelta(days=body.rules.days - 1)
            mine += [_Draft(body, day, day + length) for day in _rule_days(body, year, holidays)]
        if body.rules.prepares is not None:
            targets = by_body[body.rules.prepares]
            mine += _preparations(body, targets, mine, holidays)
        overrides = {o.day: o for o in body.overrides}
        mine = sorted(
            (_overridden(d, overrides.get(d.first)) for d in mine),
            key=lambda d: (d.first, d.last),
        )
        by_body[body.key] = mine
    return by_body


def _keys(
    coop: Cooperation, body: Body, drafts: Sequence[_Draft], known: Sequence[KnownMeeting]
) -> list[MeetingKey]:
    """Each draft's key: its own id, the previous feed's UID, or its date."""
    keys: list[MeetingKey | None] = [None] * len(drafts)
    given: dict[MeetingKey, Entry] = {}
    for i, d in enumerate(drafts):
        entry = d.entry
        if entry is None or (entry.id is None and entry.uid is None):
            continue
        key = (
            MeetingKey(coop.id, body.key, entry.uid, verbatim=True)
            if entry.uid is not None
            else MeetingKey(coop.id, body.key, entry.id or "")
        )
        if key in given:
            raise entry.origin.error(
                f"a second meeting with the UID {key}",
                "uid" if entry.uid else "id",
                hint=f"the first is on {given[key].start}; ids must be unique within the body",
            )
        given[key] = entry
        keys[i] = key
    # The previous feed's meetings of this body that no own id claims, by
    # exact date first, then by the nearest date.
    before = [
        (k.day, MeetingKey.parse(k.uid, coop=coop.id, body=body.key))
        for k in known
        if k.body == body.key
    ]
    before = [(day, key) for day, key in before if key not in given]
    open_ = [i for i, k in enumerate(keys) if k is None]
    taken_known: set[int] = set()
    # Exact dates first (the usual case, in linear time), in the order of the drafts.
    on_day: dict[date, list[int]] = defaultdict(list)
    for j, (day, _) in enumerate(before):
        on_day[day].append(j)
    for i in sorted(open_, key=lambda i: (drafts[i].first, i)):
        waiting = on_day.get(drafts[i].middle)
        if waiting:
            j = waiting.pop(0)
            keys[i] = before[j][1]
            taken_known.add(j)
    # Then the nearest date, among what is left.
    rest = [j for j in range(len(before)) if j not in taken_known]
    pairs = sorted(
        (abs((drafts[i].middle - before[j][0]).days), drafts[i].first, i, j)
        for i in open_
        if keys[i] is None
        for j in rest
        if abs((drafts[i].middle - before[j][0]).days) <= MATCH_DAYS
    )
    for _, _, i, j in pairs:
        if keys[i] is None and j not in taken_known:
            keys[i] = before[j][1]
            taken_known.add(j)
    used = {k for k in keys if k is not None}
    for i, d in enumerate(drafts):
        if keys[i] is not None:
            continue
        base = d.first.strftime("%Y-%m") if d.month_only else d.first.isoformat()
        key, n = MeetingKey(coop.id, body.key, base), 1
        while key in used:
            n += 1
            key = MeetingKey(coop.id, body.key, f"{base}-{n}")
        used.add(key)
        keys[i] = key
    return [k for k in keys if k is not None]


def _meeting_handovers(
    coop: Cooperation,
    rotation: Rotation,
    name: str,
    drafts: Mapping[str, list[_Draft]],
    years: range,
) -> Rotation:
    """`rotation` with its turns passing on the day of a body's meeting (explicit ones win)."""
    at = coop.handovers_at.get(name)
    if at is None:
        return rotation
    explicit = dict(rotation.handovers)
    days: dict[int, date] = {}
    for d in drafts.get(at.body, ()):
        if d.first.month == at.month and d.status is not Status.CANCELLED and not d.month_only:
            days.setdefault(d.first.year, d.first)
    for year in years:
        if year not in days and year not in explicit:
            raise at.origin.error(
                f"{at.body} has no meeting in month {at.month} of {year} to hand the turn over at",
                hint=f"list one under [bodies.{at.body}.dates], or give "
                f'[rotations.{name}.handovers] {year} = "{year}-{at.month:02d}-01"',
            )
    return rotation.evolve(handovers={**days, **explicit})


@dataclass(frozen=True, slots=True)
class _Turn:
    key: str
    """The event key: the meeting's UID, and #2 … for further joint hosts."""
    index: int
    """The draft."""
    named: str | None
    """The host the published calendar names for this turn."""


def _per_event(
    rotation: Rotation, turns: Sequence[_Turn], drafts: Sequence[_Draft]
) -> dict[str, Term]:
    """Per-event turns: a named host is published, and the rotation goes on after it."""

    def event(turn: _Turn) -> Event:
        d = drafts[turn.index]
        return Event(
            turn.key,
            d.first,
            d.last + timedelta(days=1),
            cancelled=d.status is Status.CANCELLED,
            weight=d.weight,
        )

    found: dict[str, Term] = {}
    current = rotation
    after: _Turn | None = None  # the last named turn, whose successor opens the next run
    run: list[_Turn] = []
    for turn in [*turns, None]:
        if turn is not None and turn.named is None:
            if after is not None and not run:
                first = drafts[turn.index].first
                probe = rotation.evolve(anchor=Anchor(after.named or "", drafts[after.index].first))
                following = probe.assign([event(after), event(turn)])
                if len(following) == 2:
                    current = rotation.evolve(anchor=Anchor(following[1].holder, first))
                after = None
            run.append(turn)
            continue
        if run:
            for term in current.assign([event(t) for t in run]):
                found[term.period] = term
            run = []
        if turn is None:
            break
        d = drafts[turn.index]
        found[turn.key] = Term(
            turn.named or "",
            d.first,
            d.last + timedelta(days=1),
            period=turn.key,
            rule="published",
            weight=d.weight,
        )
        if d.status is not Status.CANCELLED or rotation.count_cancelled:
            after = turn
    return found


def _assign(
    rotation: Rotation, turns: Sequence[_Turn], drafts: Sequence[_Draft]
) -> dict[str, Term]:
    if rotation.unit is Unit.EVENT:
        return _per_event(rotation, turns, drafts)
    found = {}
    for turn in turns:
        d = drafts[turn.index]
        # A calendar turn has a holder on a cancelled meeting's date all the same.
        term = replace(
            rotation.term(d.first),
            start=d.first,
            end=d.last + timedelta(days=1),
            period=turn.key,
            weight=d.weight,
        )
        if turn.named is not None:
            term = replace(term, holder=turn.named, rule="published")
        found[turn.key] = term
    return found


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
    last_year = (end - timedelta(days=1)).year
    _check_times(coop, range(start.year, last_year + 1))
    first_year = start.year - (1 if coop.handovers_at else 0)
    for body in coop.bodies.values():
        for name in (body.host, body.chair):
            rotation = coop.rotations.get(name) if name else None
            anchor = rotation.anchor if rotation is not None else None
            if rotation is not None and rotation.unit is Unit.EVENT and anchor and anchor.on:
                first_year = min(first_year, anchor.on.year)
    # A term that passes at a body's meeting ends at next year's meeting.
    years = range(first_year, last_year + (2 if coop.handovers_at else 1))
    by_body = _drafts(coop.bodies, years)
    drafts: list[_Draft] = []
    keys: list[MeetingKey] = []
    for key, body_drafts in by_body.items():
        drafts += body_drafts
        keys += _keys(coop, coop.bodies[key], body_drafts, known)
    overrides = {(b.key, o.day): o for b in coop.bodies.values() for o in b.overrides}
    matched = {(d.body.key, d.first) for d in drafts}
    for (body_key, day), override in overrides.items():
        if day.year in years and (body_key, day) not in matched:
            days = sorted(d.first for d in by_body[body_key] if d.first.year == day.year)
            listed = ", ".join(str(x) for x in days) or "none"
            raise override.origin.error(
                f"{body_key} has no meeting on {day}",
                "date",
                hint=f"its meetings in {day.year}: {listed}",
            )
    rotations = {
        name: _meeting_handovers(coop, rotation, name, by_body, range(start.year, last_year + 2))
        for name, rotation in coop.rotations.items()
    }
    hosts, host_terms = _roles(coop, rotations, drafts, keys, overrides, role="host")
    chairs, chair_terms = _roles(coop, rotations, drafts, keys, overrides, role="chair")
    language = Language(coop.language)
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
            joiner=EVENT[language]["and"],
            members=members,
        )
        meetings.append(meeting)
        conflicts += _conflicts(d.body, meeting)
    meetings.sort(key=lambda m: (m.day, m.all_day is False, _clock(m), m.body, m.uid))
    terms = _plan_terms(rotations, {**host_terms, **chair_terms}, start, end)
    return Plan(tuple(meetings), tuple(conflicts), terms, rotations)


def _roles(
    coop: Cooperation,
    rotations: Mapping[str, Rotation],
    drafts: Sequence[_Draft],
    keys: Sequence[MeetingKey],
    overrides: Mapping[tuple[str, date], MeetingOverride],
    *,
    role: str,
) -> tuple[dict[int, list[Term]], dict[str, list[Term]]]:
    """Hosts (or chairs) per draft, and the terms per rotation, with overrides applied."""
    by_rotation: dict[str, list[_Turn]] = defaultdict(list)
    for i, d in enumerate(drafts):
        name = d.body.host if role == "host" else d.body.chair
        if name is None:
            continue
        named = d.entry.hosts if role == "host" and d.entry is not None else ()
        count = d.body.hosts_per_meeting if role == "host" else 1
        for j in range(count):
            key = str(keys[i]) if j == 0 else f"{keys[i]}#{j + 1}"
            by_rotation[name].append(_Turn(key, i, named[j] if j < len(named) else None))
    per_draft: dict[int, list[Term]] = defaultdict(list)
    per_rotation: dict[str, list[Term]] = {}
    for name, turns in by_rotation.items():
        turns.sort(key=lambda t: (drafts[t.index].first, drafts[t.index].last, t.key))
        try:
            found = _assign(rotations[name], turns, drafts)
        except RotationError as exc:
            raise coop.origins[name].error(str(exc)) from None
        terms: list[Term] = []
        for turn in turns:
            term = found.get(turn.key)
            if term is None:
                continue  # a cancelled meeting that takes no turn
            d = drafts[turn.index]
            override = overrides.get((d.body.key, d.first))
            wanted: tuple[str | None, ...] = ()
            if override is not None:
                wanted = override.hosts if role == "host" else (override.chair,)
            j = 0 if turn.key == str(keys[turn.index]) else int(turn.key.rsplit("#", 1)[1]) - 1
            instead = wanted[j] if j < len(wanted) else None
            if instead is not None and instead != term.holder:
                # A substitution: this turn only; the rotation goes on as it was.
                term = replace(term, holder=instead, rule="substitution")
            per_draft[turn.index].append(term)
            terms.append(term)
        per_rotation[name] = terms
    _given(drafts, keys, overrides, role=role, into=per_draft)
    return per_draft, per_rotation


def _given(
    drafts: Sequence[_Draft],
    keys: Sequence[MeetingKey],
    overrides: Mapping[tuple[str, date], MeetingOverride],
    *,
    role: str,
    into: dict[int, list[Term]],
) -> None:
    """A body without a rotation for the role: the names its dates and overrides give.

    They are that meeting's hosts (or chair), never dropped in silence.
    """
    for i, d in enumerate(drafts):
        if (d.body.host if role == "host" else d.body.chair) is not None:
            continue
        override = overrides.get((d.body.key, d.first))
        if role == "host":
            given = (override.hosts if override else ()) or (d.entry.hosts if d.entry else ())
        else:
            given = (override.chair,) if override and override.chair else ()
        for name in given:
            span = (d.first, d.last + timedelta(days=1))
            into[i].append(Term(name, *span, period=str(keys[i]), rule="published"))


def _plan_terms(
    rotations: Mapping[str, Rotation], used: Mapping[str, list[Term]], start: date, end: date
) -> dict[str, tuple[Term, ...]]:
    """The terms of every rotation in ``[start, end)``: per-event ones as the meetings took them."""
    found: dict[str, tuple[Term, ...]] = {}
    for name, rotation in rotations.items():
        if rotation.unit is Unit.EVENT:
            found[name] = tuple(t for t in used.get(name, ()) if t.start < end and t.end > start)
            continue
        try:
            found[name] = tuple(rotation.terms(start, end))
        except RotationError:
            # A published list set to stop has no terms past its end: the known ones.
            found[name] = tuple(_known_terms(rotation, start, end))
    return found


def _known_terms(rotation: Rotation, start: date, end: date) -> list[Term]:
    known = []
    for k in rotation.clock.turns_overlapping(start, end):
        day = rotation.clock.span(k)[0]
        try:
            known.append(rotation.term(max(day, start)))
        except RotationError:
            continue
    return known


def _conflicts(body: Body, meeting: Meeting) -> list[Conflict]:
    """The coupling rules between chair and host that `meeting` breaks."""
    if meeting.chair is None or meeting.status is Status.CANCELLED:
        return []
    said = f"{meeting.chair} chairs {meeting.title} on {meeting.day}"
    if body.host_not_chair and meeting.chair in meeting.hosts:
        return [Conflict(meeting.uid, f"{said} and also hosts it")]
    if body.host_is_chair and meeting.chair not in meeting.hosts:
        hosting = ", ".join(meeting.hosts) or "nobody"
        return [
            Conflict(meeting.uid, f"{said} but does not host it ({hosting} does)", "chair_not_host")
        ]
    return []


def _clock(m: Meeting) -> time:
    return m.start.timetz().replace(tzinfo=None) if isinstance(m.start, datetime) else time(0)


def _meeting(
    d: _Draft,
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
    window = entry.time if entry is not None and entry.time else body.rules.time
    all_day = (
        window is None
        or d.last != d.first
        or (entry is not None and (d.month_only or entry.all_day))
    )
    start: date | datetime
    stop: date | datetime
    if all_day or window is None or d.month_only:
        start, stop = d.first, d.last + timedelta(days=1)
    else:
        what = f"{body.key} on {d.first}"
        with _Reframe(body, "time"):
            start = check_local_time(d.first, window[0], zone, what=what)
            stop = check_local_time(d.first, window[1], zone, what=what)
    names = joiner.join(hosts)
    if body.location:
        location: str | None = body.location.replace("{hosts}", names)
    else:
        # A host with an address gives its place; otherwise the host's name says where.
        places = [_place(members, h) for h in hosts]
        location = (" / " if places != list(hosts) else joiner).join(places) or None
    day = d.first.isoformat()
    found: dict[str, str | None] = {
        "location": location,
        "url": body.url,
        "conference": body.conference,
        "description": body.description,
        "agenda": body.agenda.replace("{date}", day) if body.agenda else None,
        "minutes": body.minutes.replace("{date}", day) if body.minutes else None,
    }
    # One meeting's own details (its date entry, then its override) win over the body's.
    for source in (entry, override):
        if source is not None:
            for name in found:
                value = getattr(source, name)
                if value is not None:
                    found[name] = value
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
        location=found["location"],
        weight=d.weight,
        url=found["url"],
        conference=found["conference"],
        description=found["description"],
        agenda=found["agenda"],
        minutes=found["minutes"],
        reminders=body.reminders,
    )


def _place(members: Mapping[str, Membership], host: str) -> str:
    membership = members.get(host)
    place = membership.place() if membership is not None else None
    return place or host
