"""A cooperation described in one TOML file: validation and loading.

Every key the loader accepts is listed in a schema below with a one-line
description; unknown keys are errors (a typo is never silently ignored) and
`docs/reference.md` documents exactly these keys.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from calendars._config.body import BODY, parse_body
from calendars._config.changes import CHANGE, OVERRIDE
from calendars._config.dates import DATE
from calendars._config.dates import OVERRIDE as BODY_OVERRIDE
from calendars._config.keys import (
    TEXT,
    Context,
    Key,
    Table,
    array,
    choice,
    day,
    flag,
    mapping,
    text,
)
from calendars._config.rotation import HANDOVER_AT, ROTATION, START, parse_rotation
from calendars._config.rules import BREAK, read_breaks
from calendars._config.toml import Path as KeyPath
from calendars._config.toml import Reader
from calendars._errors import ConfigError
from calendars._model.body import Body
from calendars._model.cooperation import Cooperation, HandoverAt, Secretariat
from calendars._model.days import Break
from calendars._model.member import Membership
from calendars._model.names import (
    KEY,
    KEY_RULE,
    body_feed,
    cooperation_feed,
    member_codes,
    member_feed,
    rotations_feed,
    slug,
)
from calendars._model.origin import Origin
from calendars._words import WEEKDAYS, Language
from rotations import Rotation


def _id(reader: Reader, value: object, path: KeyPath, _: Context) -> str:
    return _key(reader, value, path, "id")


def _timezone(reader: Reader, value: object, path: KeyPath, _: Context) -> str:
    timezone = reader.text(value, path)
    try:
        ZoneInfo(timezone)
    except Exception:
        raise reader.fail(
            path, f"unknown time zone {timezone!r}", "e.g. Europe/Stockholm"
        ) from None
    return timezone


_EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+")


def _email(reader: Reader, value: object, path: KeyPath, _: Context) -> str:
    email = reader.text(value, path).removeprefix("mailto:")
    if not _EMAIL.fullmatch(email):
        raise reader.fail(path, f"{email!r} is not an e-mail address", "kansli@x.se")
    return email


def _table(reader: Reader, value: object, path: KeyPath, _: Context) -> dict[str, Any]:
    """A table whose entries are read with what the file says elsewhere."""
    return reader.table(value, path)


def _members(reader: Reader, value: object, path: KeyPath, _: Context) -> tuple[Membership, ...]:
    return tuple(_member(reader, name, spec) for name, spec in reader.table(value, path).items())


def _secretariat(reader: Reader, value: object, path: KeyPath, _: Context) -> Secretariat:
    spec = SECRETARIAT.check(reader, value, path)
    for key in SECRETARIAT.docs():
        if key not in spec:
            raise reader.fail(
                path, f"the secretariat needs a {key}", 'name = "Kansliet", email = "kansli@x.se"'
            )
    found = SECRETARIAT.values(reader, spec, path, Context())
    return Secretariat(found["name"], found["email"])


_NAMES = f"^{KEY.pattern}$"
"""Keys of rotations and bodies name files."""
SECRETARIAT = Table(
    (
        text("name", "the secretariat's name, shown as the organiser", required=True),
        Key(
            "email",
            "its e-mail address (without `mailto:`)",
            _email,
            {"type": "string", "pattern": "^(mailto:)?[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"},
            required=True,
        ),
    )
)
"""`[secretariat]`."""
MEMBER = Table(
    (
        text("code", "official municipality code (kommunkod)"),
        day("joins", "the first day it is a member", shown="from the start"),
        day("leaves", "the first day it is no longer a member", shown="it stays"),
        text(
            "address",
            'where it hosts meetings: a meeting it hosts is at "name, room, address" unless '
            "the body or the meeting says where",
        ),
        text("room", "the room at `address` (needs `address`)"),
    )
)
"""`[members]`: one member's table."""
TOP = Table(
    (
        Key(
            "id",
            "short name, used in file names and UIDs: lowercase ASCII letters, digits and `-`, "
            "1–64 characters, not starting or ending with `-`",
            _id,
            {"type": "string", "pattern": _NAMES},
            default="",
            required=True,
        ),
        text("name", "the cooperation's name as people write it", shown="the id"),
        choice(
            "language",
            "`sv` or `en`: event texts and alphabetical order",
            Language,
            default=Language.SV,
        ),
        Key(
            "timezone",
            "IANA time zone of the meetings",
            _timezone,
            TEXT,
            default="Europe/Stockholm",
        ),
        Key(
            "members",
            "table of members",
            _members,
            mapping(MEMBER),  # empty: a calendar of bodies only, as a list naming no host
            default=(),
            required=True,
        ),
        Key(
            "rotations",
            "table of rotations",
            _table,
            mapping(ROTATION.json_schema(), names=_NAMES),
            default={},
        ),
        Key(
            "bodies",
            "table of bodies: committees, management groups, conferences",
            _table,
            mapping(BODY.json_schema(), names=_NAMES),
            default={},
        ),
        Key(
            "secretariat",
            "who organises the meetings (below); without it the feeds have no `ORGANIZER` and "
            "no `METHOD`",
            _secretariat,
            SECRETARIAT.json_schema(),
        ),
        Key(
            "breaks",
            "breaks of every body, as a body's `breaks` (below); a body adds its own and meets "
            "in one of these all the same with `drop_breaks`",
            read_breaks,
            array(BREAK),
            default=(),
        ),
        flag(
            "avoid_half_days",
            "leave out the half days and klämdagar as well as the holidays for every body (a "
            "body may say otherwise)",
        ),
    )
)
"""The top level of a cooperation file."""
TABLES = {
    "": TOP,
    "secretariat": SECRETARIAT,
    "members.*": MEMBER,
    "rotations.*": ROTATION,
    "rotations.*.start": START,
    "rotations.*.handover": HANDOVER_AT,
    "rotations.*.changes[]": CHANGE,
    "rotations.*.overrides[]": OVERRIDE,
    "bodies.*": BODY,
    "breaks[]": BREAK,
    "bodies.*.breaks[]": BREAK,
    "bodies.*.dates.*[]": DATE,
    "bodies.*.overrides[]": BODY_OVERRIDE,
}
"""Each section's table of keys, by where the section stands in the file."""
SCHEMA = {path: table.docs() for path, table in TABLES.items()}
"""Each section's keys and their doc lines, by where the section stands in the file."""


BUNDLED = ("sodertorn", "fyra-malarstader", "malmolund", "vastra-malardalen", "bergslagen")


def _parse(reader: Reader) -> Cooperation:
    top = TOP.read(reader, reader.data, ())
    coop_id = top["id"] or _id(reader, "", ("id",), Context())
    # A cooperation without members is a calendar of bodies only (a meeting list
    # that names no host); a rotation or host then names a member that is not there.
    members = top["members"]
    rotations: dict[str, Rotation] = {}
    handovers_at: dict[str, HandoverAt] = {}
    origins: dict[str, Origin] = {}
    for rot_name, raw in top["rotations"].items():
        _key(reader, rot_name, ("rotations", rot_name), "rotation key")
        rotation, at = parse_rotation(reader, rot_name, raw, members, top["language"])
        rotations[rot_name] = rotation
        origins[rot_name] = Origin(reader.file, ("rotations", rot_name), reader.locator)
        if at is not None:
            handovers_at[rot_name] = at
    raw_bodies = top["bodies"]
    for key in raw_bodies:
        _key(reader, key, ("bodies", key), "body key")
    _no_shared_files(reader, coop_id, members, bool(rotations), raw_bodies)
    names = tuple(m.name for m in members)
    bodies = {
        key: parse_body(
            reader, key, raw, rotations=rotations, body_keys=tuple(raw_bodies), members=names
        )
        for key, raw in raw_bodies.items()
    }
    _check_handovers_at(reader, handovers_at, rotations, bodies)
    _check_breaks_and_leads(reader, top["breaks"], bodies)
    return Cooperation(
        id=coop_id,
        name=top["name"] or coop_id,
        language=top["language"],
        timezone=top["timezone"],
        members=members,
        rotations=rotations,
        bodies=bodies,
        source=reader.file,
        handovers_at=handovers_at,
        origins=origins,
        secretariat=top["secretariat"],
        breaks=top["breaks"],
        avoid_half_days=top["avoid_half_days"],
    )


def _check_breaks_and_leads(
    reader: Reader, breaks: tuple[Break, ...], bodies: Mapping[str, Body]
) -> None:
    """A body's `drop_breaks` names the cooperation's breaks; its lead window can be met."""
    names = tuple(b.name for b in breaks)
    for key, body in bodies.items():
        for i, dropped in enumerate(body.drop_breaks):
            reader.choice(dropped, names, ("bodies", key, "drop_breaks", i))
        target = bodies[body.rules.prepares] if body.rules.prepares else None
        day = target.rules.weekday if target is not None else None
        if target is not None and day is not None and not body.rules.leads_from(day):
            least, most = body.rules.lead_days
            raise reader.fail(
                ("bodies", key, "lead_days"),
                f"{least}–{most} days before a meeting of {target.key} "
                f"(on {WEEKDAYS[Language.EN][day]}s) is never a "
                f"{WEEKDAYS[Language.EN][body.rules.weekday or 0]}: the preparation can be "
                "made in no year",
                "widen lead_days or change the weekday",
            )


def _check_handovers_at(
    reader: Reader,
    handovers_at: Mapping[str, HandoverAt],
    rotations: Mapping[str, Rotation],
    bodies: Mapping[str, Body],
) -> None:
    for rot_name, at in handovers_at.items():
        if at.body not in bodies:
            raise reader.fail(
                (*at.origin.path, "body"),
                f"{at.body!r} is not a body of this cooperation",
                f"valid: {', '.join(bodies) or 'none'}",
            )
        if rotations[rot_name].unit.value != "year":
            raise reader.fail(
                at.origin.path, "a handover at a meeting needs yearly turns", 'turn = "year"'
            )


def _key(reader: Reader, value: object, path: KeyPath, what: str) -> str:
    """An id or key that names files: `KEY` only (no path, dot, space or CR/LF)."""
    text = reader.text(value, path)
    if not KEY.fullmatch(text):
        raise reader.fail(
            path,
            f"the {what} {text!r} cannot name a file",
            f"use {KEY_RULE}, e.g. {slug(text)!r}",
        )
    return text


def _no_shared_files(
    reader: Reader,
    coop_id: str,
    members: tuple[Membership, ...],
    has_rotations: bool,
    bodies: dict[str, object],
) -> None:
    """Refuse two things whose feeds would be one file (one would overwrite the other)."""
    owners: dict[str, tuple[str, ...]] = {cooperation_feed(coop_id): ("id",)}
    named: list[tuple[str, tuple[str, ...]]] = []
    if has_rotations:
        named.append((rotations_feed(coop_id), ("rotations",)))
    named += [(body_feed(coop_id, key), ("bodies", key)) for key in bodies]
    codes = member_codes((m.name, m.code) for m in members)
    named += [
        (member_feed(coop_id, m.name, code=codes[m.name]), ("members", m.name)) for m in members
    ]
    for file_name, path in named:
        first = owners.setdefault(file_name, path)
        if first != path:
            special: dict[tuple[str, ...], str] = {
                ("id",): "the whole cooperation",
                ("rotations",): "the rotations",
            }
            shown = special.get(first, ".".join(first))
            raise reader.fail(
                path,
                f"its feed file {file_name} is also the feed file of {shown}; "
                "one would overwrite the other",
                "rename one of them",
            )


MEMBER_NAME_LENGTH = 100
"""The longest member name: it names feed files (a file name has at most 255 bytes)."""


def _member(reader: Reader, name: str, raw: object) -> Membership:
    path = ("members", name)
    if len(name) > MEMBER_NAME_LENGTH:
        raise reader.fail(
            ("members",),
            f"the member name {name[:40]!r}… has {len(name)} characters; its feed file "
            f"needs a name of 1–{MEMBER_NAME_LENGTH}",
            "write the municipality's name",
        )
    m = MEMBER.read(reader, raw, path)
    joins, leaves = m["joins"], m["leaves"]
    if joins is not None and leaves is not None and leaves <= joins:
        raise reader.fail((*path, "leaves"), f"{name} leaves ({leaves}) before it joins ({joins})")
    if m["room"] is not None and m["address"] is None:
        raise reader.fail((*path, "room"), "a room needs the address it is at", 'address = "…"')
    return Membership(name, m["code"], joins, leaves, m["address"], m["room"])


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
