"""A cooperation file written from what an importer read.

Every date keeps a stable ``id`` (its day, ``2017-03-23``, or month,
``2018-01``; ``-2`` for a second meeting of the body that day), so that
re-importing an edited kalendarium keeps the UIDs of the lines that did not
change, and the host(s) its line names. Host rotations are inferred from
those hosts, so that next year's hosts follow on; bodies whose hosts,
merged by date, go round one order share a rotation (as Södertörn's
committee and planning conference do).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence

from calendars._importers.kalendarium import Body, Date, Problem

_KINDS = (("ledningsgrupp", "management"), ("rådslag", "radslag"), ("konferens", "conference"),
          ("kommitté", "committee"), ("styrelse", "committee"), ("nämnd", "committee"))  # fmt: skip


def slug(text: str) -> str:
    """A key made of ASCII letters, digits and dashes."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "organ"


def quote(text: str) -> str:
    """A TOML string."""
    return json.dumps(text, ensure_ascii=False)


def key(text: str) -> str:
    """A TOML key: bare when it can be."""
    return text if re.fullmatch(r"[A-Za-z0-9_-]+", text) else quote(text)


def _kind(name: str) -> str:
    lower = name.lower()
    return next((kind for word, kind in _KINDS if word in lower), "other")


def _cyclic(seq: Sequence[str]) -> bool:
    """Whether `seq` goes round one order: the first n all differ, then it repeats."""
    n = len(set(seq))
    return len(set(seq[:n])) == n and all(seq[i] == seq[i - n] for i in range(n, len(seq)))


def _sequence(bodies: Sequence[Body]) -> list[str]:
    """The hosts in date order; a cancelled meeting takes no turn."""
    dated = [(d.first, d.line, d) for b in bodies for d in b.dates if d.hosts]
    held = [e for e in dated if e[2].status != "cancelled"] or dated
    return [h for _, _, d in sorted(held, key=lambda e: (e[0], e[1])) for h in d.hosts]


def _host_problems(
    bodies: Sequence[Body], order: Sequence[str], *, require_members: bool, rotations: bool
) -> list[Problem]:
    problems: list[Problem] = []
    for body in bodies:
        if rotations:
            problems += _rotation_problems(body)
        problems += [
            Problem(d.line, h, f"{h!r} hosts a meeting but is not among the members")
            for d in body.dates
            for h in d.hosts
            if h not in order
        ]
    if not order and require_members:
        problems.append(Problem(0, "", "no member is named; give the members with --members"))
    return problems


def _rotation_problems(body: Body) -> list[Problem]:
    """Why a rotation cannot continue a body's hosts.

    Dates without a host among dates with one, or one host on some dates and two on others.
    """
    hosted = [d for d in body.dates if d.hosts]
    if not hosted:
        return []
    problems = [
        Problem(
            d.line,
            "",
            f"no host named, but other dates of {body.name} name one; "
            "name the host (a date that names only a place, such as Teams, "
            "takes the rotation's next host)",
        )
        for d in body.dates
        if not d.hosts and not d.location
    ]
    if len({len(d.hosts) for d in hosted}) > 1:
        problems.append(
            Problem(hosted[0].line, "", f"{body.name} has one host on some dates and two on others")
        )
    return problems


def _groups(bodies: Sequence[Body]) -> list[list[Body]]:
    """Bodies that share a host rotation: their hosts, merged by date, go round one order."""
    groups: list[list[Body]] = []
    single = [b for b in bodies if any(len(d.hosts) == 1 for d in b.dates)]
    for body in sorted(single, key=lambda b: (-len(b.dates), b.line)):
        for group in groups:
            if _cyclic(_sequence([*group, body])):
                group.append(body)
                break
        else:
            groups.append([body])
    return groups + [[b] for b in bodies if any(len(d.hosts) > 1 for d in b.dates)]


def date_ids(dates: Sequence[Date]) -> list[str]:
    """Each date's id: its day (or month), with -2, -3 … for later meetings the same day."""
    ids: list[str] = []
    taken: set[str] = set()
    # The last number tried for each base: every lower one is taken already (ids only
    # grow), so many meetings on one day cost linear time (a list and a count from 1
    # each time made 1,000 meetings of one day take 10 s).
    tried: dict[str, int] = {}
    for d in dates:
        base = d.id or (f"{d.first:%Y-%m}" if d.precision == "month" else d.first.isoformat())
        found, n = base, tried.get(base, 1)
        if n > 1:
            found = f"{base}-{n}"
        while found in taken:
            n += 1
            found = f"{base}-{n}"
        tried[base] = n
        ids.append(found)
        taken.add(found)
    return ids


def _date_item(d: Date, id_: str, body: Body) -> str:
    day = f"{d.first:%Y-%m}" if d.precision == "month" else d.first.isoformat()
    parts = [f"date = {quote(day)}"]
    parts.append(f"uid = {quote(d.uid)}" if d.uid else f"id = {quote(d.id or id_)}")
    if d.uid and d.sequence:
        parts.append(f"sequence = {d.sequence}")
    if d.last is not None:
        parts.append(f"end = {quote(d.last.isoformat())}")
    if d.title:
        parts.append(f"title = {quote(d.title)}")
    parts += _time_parts(d, body)
    if d.status:
        parts.append(f"status = {quote(d.status)}")
    if len(d.hosts) == 1:
        parts.append(f"host = {quote(d.hosts[0])}")
    elif d.hosts:
        parts.append(f"hosts = [{', '.join(quote(h) for h in d.hosts)}]")
    return "{ " + ", ".join(parts) + " }"


def _time_parts(d: Date, body: Body) -> list[str]:
    """A date's time where it differs from its body's, and all_day where a time would apply."""
    parts = []
    if d.time and d.time != body.time:
        parts.append(f"time = {quote(d.time)}")
    if d.all_day and (body.time or d.time) and d.precision == "day":
        parts.append("all_day = true")
    return parts


def _body_lines(body: Body, name: str, rotation: str | None) -> list[str]:
    out = ["", f"[bodies.{key(name)}]", f"name = {quote(body.name)}",
           f"kind = {quote(_kind(body.name))}"]  # fmt: skip
    if rotation is not None:
        out.append(f"host = {quote(rotation)}")
        width = max(len(d.hosts) for d in body.dates)
        if width > 1:
            out.append(f"hosts = {width}")
    if body.weekday:
        out.append(f"weekday = {quote(body.weekday)}")
    if body.time:
        out.append(f"time = {quote(body.time)}")
    if body.location:
        out.append(f"location = {quote(body.location)}")
    out += ["", f"[bodies.{key(name)}.dates]"]
    dated = sorted(body.dates, key=lambda d: (d.first, d.line))
    by_year: dict[int, list[str]] = {}
    for d, id_ in zip(dated, date_ids(dated), strict=True):
        by_year.setdefault(d.first.year, []).append(_date_item(d, id_, body))
    for year, items in sorted(by_year.items()):
        out.append(f"{year} = [")
        out += [f"  {item}," for item in items]
        out.append("]")
    for d in dated:
        if d.location:
            out += [
                "",
                f"[[bodies.{key(name)}.overrides]]",
                f"date = {quote(d.first.isoformat())}",
                f"location = {quote(d.location)}",
            ]
    return out


def to_toml(
    bodies: Sequence[Body],
    *,
    coop_id: str,
    name: str,
    members: Sequence[str] | None = None,
    source: str = "",
    tool: str = "import-text",
    timezone: str | None = None,
    require_members: bool = True,
    rotations: bool = True,
) -> tuple[str, list[Problem]]:
    """The cooperation file for the bodies, with host rotations that continue the hosts.

    Without `require_members`, a list that names no host is meetings without
    hosts, in a cooperation without members. Without `rotations`, each date
    keeps the hosts its line names and no rotation is inferred: removing a
    date from the list then changes only that date's line (and a member's,
    when no other date names it), never a rotation that later terms hang on.
    """
    found = _hosts(bodies, rotations=rotations)
    order = list(members) if members else found
    problems = _host_problems(bodies, order, require_members=require_members, rotations=rotations)
    if problems:
        return "", problems
    keys = _keys(bodies)
    out = [
        f"# Imported by `samverkan {tool}` from {source or 'a kalendarium'}.",
        *_hosts_note(found=bool(found), rotations=rotations),
        f"id = {quote(coop_id)}",
        f"name = {quote(name)}",
        *([f"timezone = {quote(timezone)}"] if timezone else []),
        "",
        "[members]",
        *(f"{quote(m)} = {{}}" for m in order),
    ]
    rotation_of: dict[int, str] = {}
    for i, group in enumerate(_groups(bodies) if rotations else []):
        rot = "vardar" if i == 0 else f"{keys[id(group[0])]}-vardar"
        out += _rotation_lines(group, rot, order)
        for b in group:
            rotation_of[id(b)] = rot
    for body in bodies:
        out += _body_lines(body, keys[id(body)], rotation_of.get(id(body)))
    return "\n".join(out) + "\n", []


def _hosts(bodies: Sequence[Body], *, rotations: bool) -> list[str]:
    """The hosts the dates name: in the order first named, or by name without rotations."""
    found = list(dict.fromkeys(h for b in bodies for d in b.dates for h in d.hosts))
    if not rotations:
        found.sort()
    return found


def _keys(bodies: Sequence[Body]) -> dict[int, str]:
    """Each body's key in the file, by id(): its name's slug, -2 added until it is free."""
    keys: dict[int, str] = {}
    for body in bodies:
        made = slug(body.name)
        while made in keys.values():
            made += "-2"
        keys[id(body)] = made
    return keys


def _hosts_note(*, found: bool, rotations: bool) -> tuple[str, ...]:
    """The header's comment on where the hosts come from."""
    if found and rotations:
        return (
            "# Each date keeps the host its line names; the host rotations below were",
            "# inferred from them for later meetings: check their order before you publish.",
        )
    if found:
        return (
            "# Each date keeps the host its line names; no host rotation is inferred:",
            "# add one (docs/reference.md) for the meetings after the list.",
        )
    return ("# The list names no host: its meetings have none.",)


def _rotation_lines(group: Sequence[Body], rot: str, order: Sequence[str]) -> list[str]:
    """The rotation `rot` that continues the hosts of a group of bodies, in their order."""
    seq = _sequence(group)
    cycle = list(dict.fromkeys(seq))
    rest = [m for m in order if m not in cycle]
    first = min(d.first for b in group for d in b.dates if d.hosts)
    return [
        "",
        f"# Hosts of: {', '.join(b.name for b in group)}.",
        f"[rotations.{key(rot)}]",
        'role = "värdkommun"',
        'turn = "event"',
        f"members = [{', '.join(quote(m) for m in cycle + rest)}]",
        f"start = {{ date = {quote(first.isoformat())}, holder = {quote(seq[0])} }}",
    ]
