"""A cooperation described in one TOML file: validation and loading.

Every key the loader accepts is listed in a schema below with a one-line
description; unknown keys are errors (a typo is never silently ignored) and
`docs/reference.md` documents exactly these keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from calendars._bodyconfig import BODY_KEYS, BREAK_KEYS, DATE_KEYS, parse_body
from calendars._errors import ConfigError
from calendars._meeting import Plan
from calendars._plan import plan
from calendars._rules import Body
from calendars._toml import Reader
from rotations import (
    After,
    Anchor,
    Deputy,
    Join,
    Leave,
    LeavePolicy,
    Member,
    Rotation,
    RotationError,
    Substitution,
    Swap,
    Unavailable,
    UnavailablePolicy,
    Unit,
)

TOP_KEYS = {
    "id": "short name of the cooperation, used in file names and UIDs",
    "name": "the cooperation's name as people write it",
    "language": "sv (default) or en: event texts and alphabetical collation",
    "timezone": "IANA time zone of the meetings (default Europe/Stockholm)",
    "members": 'table of members: name = { code = "kommunkod" }',
    "rotations": "table of rotations, one sub-table each",
    "bodies": "table of bodies (committees, management groups, conferences), one sub-table each",
}
MEMBER_KEYS = {"code": "the official municipality code (kommunkod), optional"}
ROTATION_KEYS = {
    "role": "free text shown in event texts (chair, värd …)",
    "members": "the rotation order; default: every member of the cooperation",
    "order": '"alphabetical": order the members alphabetically in the language',
    "turn": "event | year | semester | quarter | month | mandate | week | day",
    "every": "a turn lasts this many units (default 1)",
    "handover": "MM-DD a yearly turn starts (default 01-01); for week turns a weekday",
    "handovers": "table of explicit handover dates by year",
    "start": "the anchor: { date = ..., holder = ... }",
    "deputy": "none | other | next",
    "published": "table of period -> holder",
    "after": "repeat | continue | stop: what follows the published list",
    "changes": "array of membership changes",
    "overrides": "array of exceptions: swap, substitution, unavailability",
    "count_cancelled": "per-event turns: a cancelled event uses up a turn (default false)",
}
START_KEYS = {
    "date": "a day of the anchor's turn (per-event: the first event on or after it)",
    "holder": "the member holding that turn",
}
CHANGE_KEYS = {
    "date": "the day the change happens; it applies from the first turn starting then or later",
    "joins": "a member that joins",
    "leaves": "a member that leaves",
    "position": 'where a joiner enters: "end" (default), "alphabetical" or a 0-based index',
    "policy": "for leaves: shift (default) or skip",
}
OVERRIDE_KEYS = {
    "swap": "two periods whose holders exchange",
    "period": "the period a substitution is for",
    "holder": "who holds that period instead",
    "unavailable": "a member that cannot take a turn",
    "from": "first day of the unavailability",
    "to": "last day of the unavailability (inclusive)",
    "policy": "for unavailable: defer (default: owed the next turn it can take) or forfeit",
}
SCHEMA = {
    "": TOP_KEYS,
    "members.*": MEMBER_KEYS,
    "rotations.*": ROTATION_KEYS,
    "rotations.*.start": START_KEYS,
    "rotations.*.changes[]": CHANGE_KEYS,
    "rotations.*.overrides[]": OVERRIDE_KEYS,
    "bodies.*": BODY_KEYS,
    "bodies.*.breaks[]": BREAK_KEYS,
    "bodies.*.dates.*[]": DATE_KEYS,
}
BUNDLED = ("sodertorn", "fyra-malarstader", "malmolund", "vastra-malardalen", "bergslagen")


@dataclass(frozen=True, slots=True)
class Cooperation:
    """A cooperation as its TOML file describes it."""

    id: str
    """Short name, e.g. "sodertorn"."""
    name: str
    """Display name, e.g. "Södertörnskommunerna"."""
    language: str = "sv"
    """Language of event texts and of alphabetical order."""
    timezone: str = "Europe/Stockholm"
    """Time zone of the meetings."""
    members: tuple[Member, ...] = ()
    """The member municipalities."""
    rotations: dict[str, Rotation] = field(default_factory=dict)
    """The rotations by name."""
    bodies: dict[str, Body] = field(default_factory=dict)
    """The bodies by key."""
    source: str = ""
    """Where it was read from."""

    def rotation(self, name: str) -> Rotation:
        """The rotation called `name`."""
        try:
            return self.rotations[name]
        except KeyError:
            valid = ", ".join(self.rotations) or "none"
            msg = f"{self.id} has no rotation {name!r}; valid: {valid}"
            raise ConfigError(msg, file=self.source, key="rotations") from None

    def plan(self, start: date, end: date) -> Plan:
        """Every meeting that overlaps the half-open period ``[start, end)``."""
        return plan(
            coop_id=self.id,
            bodies=self.bodies,
            rotations=self.rotations,
            timezone=self.timezone,
            language=self.language,
            start=start,
            end=end,
        )


def _parse(reader: Reader) -> Cooperation:
    data = reader.data
    reader.keys(data, TOP_KEYS, ())
    coop_id = reader.text(data.get("id", ""), ("id",))
    name = reader.text(data.get("name", coop_id), ("name",))
    language = reader.choice(data.get("language", "sv"), ("sv", "en"), ("language",))
    timezone = reader.text(data.get("timezone", "Europe/Stockholm"), ("timezone",))
    try:
        ZoneInfo(timezone)
    except Exception:
        raise reader.fail(
            ("timezone",), f"unknown time zone {timezone!r}", "e.g. Europe/Stockholm"
        ) from None
    raw_members = reader.table(data.get("members", {}), ("members",))
    if not raw_members:
        raise reader.fail(
            ("members",), "the cooperation has no members", 'add "Name" = { code = "0000" }'
        )
    members: list[Member] = []
    for member_name, spec in raw_members.items():
        member_spec = reader.table(spec, ("members", member_name))
        reader.keys(member_spec, MEMBER_KEYS, ("members", member_name))
        code = member_spec.get("code")
        if code is not None:
            code = reader.text(code, ("members", member_name, "code"))
        members.append(Member(member_name, code))
    names = tuple(m.name for m in members)
    rotations: dict[str, Rotation] = {}
    for rot_name, raw in reader.table(data.get("rotations", {}), ("rotations",)).items():
        rotations[rot_name] = _rotation(reader, rot_name, raw, names, language)
    raw_bodies = reader.table(data.get("bodies", {}), ("bodies",))
    bodies = {
        key: parse_body(
            reader,
            key,
            raw,
            rotations=rotations,
            body_keys=tuple(raw_bodies),
            timezone=timezone,
            members=names,
        )
        for key, raw in raw_bodies.items()
    }
    return Cooperation(
        coop_id, name, language, timezone, tuple(members), rotations, bodies, reader.file
    )


def _rotation(  # noqa: PLR0912, PLR0915 - one validator per key, in one place
    reader: Reader, name: str, raw: object, names: tuple[str, ...], language: str
) -> Rotation:
    path: tuple[str | int, ...] = ("rotations", name)
    spec = reader.table(raw, path)
    reader.keys(spec, ROTATION_KEYS, path)
    order = spec.get("order")
    if order is not None:
        reader.choice(order, ("alphabetical",), (*path, "order"))
    if "members" in spec:
        raw_list = spec["members"]
        if not isinstance(raw_list, list) or not raw_list:
            raise reader.fail(
                (*path, "members"),
                "the order must be a non-empty list of members",
                'e.g. members = ["Malmö", "Lund"], or order = "alphabetical"',
            )
        order_list = [reader.member(m, names, (*path, "members")) for m in raw_list]
        dupes = sorted({m for m in order_list if order_list.count(m) > 1})
        if dupes:
            raise reader.fail(
                (*path, "members"),
                f"{', '.join(dupes)} is listed more than once",
                "each member appears once in the order",
            )
    else:
        order_list = list(names)
    unit = reader.choice(spec.get("turn", "year"), tuple(u.value for u in Unit), (*path, "turn"))
    every = spec.get("every", 1)
    if not isinstance(every, int) or isinstance(every, bool) or every < 1:
        raise reader.fail(
            (*path, "every"), f"{every!r} is not a whole number of turns", "use 1, 2, 3 …"
        )
    # MM-DD for yearly and mandate turns, a weekday for weekly ones: Rotation parses it.
    handover = reader.text(spec["handover"], (*path, "handover")) if "handover" in spec else None
    handovers: dict[int, date] = {}
    for year, day in reader.table(spec.get("handovers", {}), (*path, "handovers")).items():
        if not year.isdigit():
            raise reader.fail(
                (*path, "handovers", year), f"{year!r} is not a year", 'e.g. 2020 = "2020-09-09"'
            )
        handovers[int(year)] = reader.day(day, (*path, "handovers", year))
    anchor = None
    if "start" in spec:
        start = reader.table(spec["start"], (*path, "start"))
        reader.keys(start, START_KEYS, (*path, "start"))
        if "holder" not in start:
            raise reader.fail(
                (*path, "start"),
                "the anchor needs a holder",
                '{ date = "2012-01-01", holder = "Malmö" }',
            )
        holder = reader.member(start["holder"], names, (*path, "start", "holder"))
        anchor_day = (
            reader.day(start["date"], (*path, "start", "date")) if "date" in start else None
        )
        anchor = Anchor(holder, anchor_day)
    published: dict[str, str] = {}
    for period, holder in reader.table(spec.get("published", {}), (*path, "published")).items():
        published[period] = reader.member(holder, names, (*path, "published", period))
    after = reader.choice(
        spec.get("after", "repeat"), tuple(a.value for a in After), (*path, "after")
    )
    deputy = reader.choice(
        spec.get("deputy", "none"), tuple(d.value for d in Deputy), (*path, "deputy")
    )
    changes: list[Join | Leave] = []
    for i, raw_change in enumerate(spec.get("changes", [])):
        cpath = (*path, "changes", i)
        change = reader.table(raw_change, cpath)
        reader.keys(change, CHANGE_KEYS, cpath)
        if "date" not in change:
            raise reader.fail(cpath, "a change needs a date", 'date = "2019-07-01"')
        on = reader.day(change["date"], (*cpath, "date"))
        if ("joins" in change) == ("leaves" in change):
            raise reader.fail(cpath, "a change needs exactly one of joins or leaves")
        if "joins" in change:
            who = reader.member(change["joins"], names, (*cpath, "joins"))
            position = change.get("position", "end")
            if not (
                isinstance(position, int) and not isinstance(position, bool)
            ) and position not in ("end", "alphabetical"):
                raise reader.fail(
                    (*cpath, "position"),
                    f"{position!r} is not a position",
                    'valid: "end", "alphabetical" or a 0-based index',
                )
            if "policy" in change:
                raise reader.fail((*cpath, "policy"), "policy applies to leaves, not joins")
            changes.append(Join(who, on, position))
        else:
            who = reader.member(change["leaves"], names, (*cpath, "leaves"))
            if "position" in change:
                raise reader.fail((*cpath, "position"), "position applies to joins, not leaves")
            policy = reader.choice(
                change.get("policy", "shift"),
                tuple(p.value for p in LeavePolicy),
                (*cpath, "policy"),
            )
            changes.append(Leave(who, on, LeavePolicy(policy)))
    overrides: list[Substitution | Swap | Unavailable] = []
    for i, raw_override in enumerate(spec.get("overrides", [])):
        opath = (*path, "overrides", i)
        o = reader.table(raw_override, opath)
        reader.keys(o, OVERRIDE_KEYS, opath)
        kinds = [k for k in ("swap", "period", "unavailable") if k in o]
        if len(kinds) != 1:
            raise reader.fail(
                opath,
                "an override is one of: swap = [A, B]; period + holder; unavailable + from + to",
            )
        if "swap" in o:
            pair = o["swap"]
            if not isinstance(pair, list) or len(pair) != 2:
                raise reader.fail(
                    (*opath, "swap"), "swap takes two periods", 'swap = ["2021", "2022"]'
                )
            overrides.append(Swap(str(pair[0]), str(pair[1])))
        elif "period" in o:
            if "holder" not in o:
                raise reader.fail(
                    opath, "a substitution needs a holder", 'period = "2021", holder = "Salem"'
                )
            overrides.append(
                Substitution(
                    str(o["period"]), reader.member(o["holder"], names, (*opath, "holder"))
                )
            )
        else:
            who = reader.member(o["unavailable"], names, (*opath, "unavailable"))
            if "from" not in o or "to" not in o:
                raise reader.fail(
                    opath,
                    "an unavailability needs from and to",
                    'from = "2021-01-01", to = "2021-12-31"',
                )
            first = reader.day(o["from"], (*opath, "from"))
            last = reader.day(o["to"], (*opath, "to"))
            if last < first:
                raise reader.fail((*opath, "to"), f"{last} is before {first}")
            policy = reader.choice(
                o.get("policy", "defer"),
                tuple(p.value for p in UnavailablePolicy),
                (*opath, "policy"),
            )
            overrides.append(
                Unavailable(
                    who, first, date.fromordinal(last.toordinal() + 1), UnavailablePolicy(policy)
                )
            )
    count_cancelled = spec.get("count_cancelled", False)
    if not isinstance(count_cancelled, bool):
        raise reader.fail((*path, "count_cancelled"), "expected true or false")
    try:
        return Rotation(
            name,
            order_list,
            role=str(spec.get("role", "chair")),
            unit=unit,
            every=every,
            alphabetical=order == "alphabetical",
            language=language,
            handover=handover,
            handovers=handovers,
            anchor=anchor,
            published=published,
            after=after,
            deputy=deputy,
            changes=changes,
            overrides=overrides,
            count_cancelled=count_cancelled,
        )
    except RotationError as exc:
        field = exc.field if exc.field in spec else None
        raise reader.fail((*path, field) if field else path, str(exc)) from None


def load_text(text: str, *, file: str = "<text>") -> Cooperation:
    """Read a cooperation from TOML text."""
    return _parse(Reader(text, file))


def load(source: str | Path) -> Cooperation:
    """Read a cooperation: a bundled name (see `bundled`) or a path to a TOML file.

    Raises:
        ConfigError: naming the file, key and line, and what would be valid.

    """
    text_source = str(source)
    if text_source in BUNDLED:
        text = (
            resources.files("calendars")
            .joinpath("data")
            .joinpath(f"{text_source}.toml")
            .read_text("utf-8")
        )
        return load_text(text, file=f"{text_source} (bundled)")
    path = Path(source)
    if not path.is_file():
        raise ConfigError(
            "no such cooperation file",
            file=text_source,
            hint=f"give a path to a .toml file or a bundled name: {', '.join(BUNDLED)}",
        )
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the file: {exc}", file=text_source) from None
    return load_text(text, file=text_source)


def bundled() -> tuple[str, ...]:
    """The names of the bundled cooperations."""
    return BUNDLED
