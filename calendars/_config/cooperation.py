"""A cooperation described in one TOML file: validation and loading.

Every key the loader accepts is listed in a schema below with a one-line
description; unknown keys are errors (a typo is never silently ignored) and
`docs/reference.md` documents exactly these keys.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from calendars._config.body import BODY_KEYS, BREAK_KEYS, parse_body
from calendars._config.dates import DATE_KEYS
from calendars._config.dates import OVERRIDE_KEYS as OVERRIDE_KEYS_BODY
from calendars._config.rotation import (
    CHANGE_KEYS,
    HANDOVER_AT_KEYS,
    OVERRIDE_KEYS,
    ROTATION_KEYS,
    START_KEYS,
    parse_rotation,
)
from calendars._config.toml import Reader
from calendars._errors import ConfigError
from calendars._model.cooperation import Cooperation, HandoverAt, Secretariat
from calendars._model.member import Membership
from calendars._model.names import (
    KEY,
    KEY_RULE,
    body_feed,
    cooperation_feed,
    member_feed,
    rotations_feed,
    slug,
)
from calendars._model.origin import Origin
from calendars._words import Language
from rotations import Rotation

TOP_KEYS = {
    "id": "short name of the cooperation, used in file names and UIDs",
    "name": "the cooperation's name as people write it",
    "language": "sv (default) or en: event texts and alphabetical collation",
    "timezone": "IANA time zone of the meetings (default Europe/Stockholm)",
    "members": 'table of members: name = { code = "kommunkod" }',
    "rotations": "table of rotations, one sub-table each",
    "bodies": "table of bodies (committees, management groups, conferences), one sub-table each",
    "secretariat": "who organises the meetings: name and email (the feeds' ORGANIZER)",
}
SECRETARIAT_KEYS = {
    "name": "the secretariat's name, shown as the organiser",
    "email": "its e-mail address; replies and questions go there",
}
MEMBER_KEYS = {
    "code": "the official municipality code (kommunkod), optional",
    "joins": "the first day it is a member (default: from the start)",
    "leaves": "the first day it is no longer a member (default: it stays)",
    "address": "where it hosts meetings, the LOCATION of the meetings it hosts",
    "room": "the room there, written before the address",
}
SCHEMA = {
    "": TOP_KEYS,
    "secretariat": SECRETARIAT_KEYS,
    "members.*": MEMBER_KEYS,
    "rotations.*": ROTATION_KEYS,
    "rotations.*.start": START_KEYS,
    "rotations.*.handover": HANDOVER_AT_KEYS,
    "rotations.*.changes[]": CHANGE_KEYS,
    "rotations.*.overrides[]": OVERRIDE_KEYS,
    "bodies.*": BODY_KEYS,
    "bodies.*.breaks[]": BREAK_KEYS,
    "bodies.*.dates.*[]": DATE_KEYS,
    "bodies.*.overrides[]": OVERRIDE_KEYS_BODY,
}
BUNDLED = ("sodertorn", "fyra-malarstader", "malmolund", "vastra-malardalen", "bergslagen")


def _parse(reader: Reader) -> Cooperation:
    data = reader.data
    reader.keys(data, TOP_KEYS, ())
    coop_id = _key(reader, data.get("id", ""), ("id",), "id")
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
    members = tuple(_member(reader, name, spec) for name, spec in raw_members.items())
    rotations: dict[str, Rotation] = {}
    handovers_at: dict[str, HandoverAt] = {}
    origins: dict[str, Origin] = {}
    for rot_name, raw in reader.table(data.get("rotations", {}), ("rotations",)).items():
        _key(reader, rot_name, ("rotations", rot_name), "rotation key")
        rotation, at = parse_rotation(reader, rot_name, raw, members, language)
        rotations[rot_name] = rotation
        origins[rot_name] = Origin(reader.file, ("rotations", rot_name), reader.locator)
        if at is not None:
            handovers_at[rot_name] = at
    names = tuple(m.name for m in members)
    raw_bodies = reader.table(data.get("bodies", {}), ("bodies",))
    for key in raw_bodies:
        _key(reader, key, ("bodies", key), "body key")
    _no_shared_files(reader, coop_id, members, bool(rotations), raw_bodies)
    bodies = {
        key: parse_body(
            reader,
            key,
            raw,
            rotations=rotations,
            body_keys=tuple(raw_bodies),
            members=names,
        )
        for key, raw in raw_bodies.items()
    }
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
    return Cooperation(
        id=coop_id,
        name=name,
        language=Language(language),
        timezone=timezone,
        members=members,
        rotations=rotations,
        bodies=bodies,
        source=reader.file,
        handovers_at=handovers_at,
        origins=origins,
        secretariat=_secretariat(reader, data),
    )


_EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+")


def _secretariat(reader: Reader, data: dict[str, object]) -> Secretariat | None:
    if "secretariat" not in data:
        return None
    path = ("secretariat",)
    spec = reader.table(data["secretariat"], path)
    reader.keys(spec, SECRETARIAT_KEYS, path)
    for key in SECRETARIAT_KEYS:
        if key not in spec:
            raise reader.fail(
                path, f"the secretariat needs a {key}", 'name = "Kansliet", email = "kansli@x.se"'
            )
    email = reader.text(spec["email"], (*path, "email")).removeprefix("mailto:")
    if not _EMAIL.fullmatch(email):
        raise reader.fail((*path, "email"), f"{email!r} is not an e-mail address", "kansli@x.se")
    return Secretariat(reader.text(spec["name"], (*path, "name")), email)


def _key(reader: Reader, value: object, path: tuple[str, ...], what: str) -> str:
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
    named += [(member_feed(coop_id, m.name), ("members", m.name)) for m in members]
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


def _member(reader: Reader, name: str, raw: object) -> Membership:
    path = ("members", name)
    spec = reader.table(raw, path)
    reader.keys(spec, MEMBER_KEYS, path)
    code = reader.text(spec["code"], (*path, "code")) if "code" in spec else None
    joins = reader.day(spec["joins"], (*path, "joins")) if "joins" in spec else None
    leaves = reader.day(spec["leaves"], (*path, "leaves")) if "leaves" in spec else None
    if joins is not None and leaves is not None and leaves <= joins:
        raise reader.fail((*path, "leaves"), f"{name} leaves ({leaves}) before it joins ({joins})")
    address = reader.text(spec["address"], (*path, "address")) if "address" in spec else None
    room = reader.text(spec["room"], (*path, "room")) if "room" in spec else None
    if room is not None and address is None:
        raise reader.fail((*path, "room"), "a room needs the address it is at", 'address = "…"')
    return Membership(name, code, joins, leaves, address, room)


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
