"""Key tables: each key of a section with its doc line, default, check and JSON Schema.

A section's reader walks its `Table`; the key tables of `docs/reference.md`
are the tables' `reference()` text (tests/test_docs.py) and the JSON Schema
(`calendars/data/samverkan.schema.json`) is made from the same tables, so
the reader, the reference and the schema cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Any

from calendars._config.toml import Path, Reader
from rotations import Rotation

JSON = dict[str, Any]
"""A JSON Schema (or a part of one)."""
TEXT: JSON = {"type": "string", "minLength": 1}
DAY: JSON = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
"""A date, TOML's or quoted: to Taplo both are strings of format date (taplo issue #826)."""
LINK: JSON = {"type": "string", "pattern": r"^https?://\S+$"}


@dataclass(frozen=True, slots=True)
class Context:
    """What a section is checked against besides its own values."""

    members: tuple[str, ...] = ()
    """The names of the cooperation's members."""
    rotations: Mapping[str, Rotation] = field(default_factory=dict)
    """The cooperation's rotations, for a body's chair and host."""
    bodies: tuple[str, ...] = ()
    """The keys of the cooperation's bodies, for `prepares`."""
    key: str = ""
    """The section's own key (a body's, a rotation's)."""
    year: int = 0
    """The year a list of published dates is written under."""
    duration: timedelta = timedelta(hours=2)
    """How long a meeting lasts whose time is a start only (the body's `duration`)."""


Read = Callable[[Reader, Any, Path, Context], Any]
"""Checks a given value at a key path and makes it a model value, or raises `ConfigError`."""


@dataclass(frozen=True, slots=True)
class Key:
    """One key of a section."""

    name: str
    """The key as written in TOML."""
    doc: str
    """What it means, in one line."""
    read: Read
    """The check and conversion of a given value."""
    schema: Mapping[str, Any]
    """The JSON Schema of a value."""
    default: Any = None
    """What an absent key reads as (``None``: absent; the section decides)."""
    required: bool = False
    """The section cannot be without it (its reader says so in its own words)."""
    shown: str = ""
    """The default as the reference shows it, when `default` does not say it."""

    def default_text(self) -> str:
        """The reference's default column: `shown`, else made from `default`."""
        if self.shown:
            return self.shown
        if self.required:
            return "—"
        if isinstance(self.default, bool):
            return f"`{str(self.default).lower()}`"
        if isinstance(self.default, int):
            return f"`{self.default}`"
        if isinstance(self.default, str) and self.default:
            return f'`"{self.default}"`'
        return "none"


@dataclass(frozen=True, slots=True)
class Table:
    """The keys of one section, in the order the reference lists them."""

    keys: tuple[Key, ...]
    """Each key; its name is unique in the table."""
    kinds: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Kinds of the section, if it has some: the key that names each and the keys it takes."""

    def docs(self) -> dict[str, str]:
        """Each key's doc line, by name."""
        return {k.name: k.doc for k in self.keys}

    def check(self, reader: Reader, raw: object, path: Path) -> dict[str, Any]:
        """`raw` as a table with only this table's keys (a typo is an error, never ignored)."""
        spec = reader.table(raw, path)
        reader.keys(spec, self.docs(), path)
        return spec

    def values(
        self, reader: Reader, spec: Mapping[str, Any], path: Path, context: Context
    ) -> dict[str, Any]:
        """Every key's value: read if given, else its default."""
        return {
            k.name: k.read(reader, spec[k.name], (*path, k.name), context)
            if k.name in spec
            else k.default
            for k in self.keys
        }

    def read(
        self, reader: Reader, raw: object, path: Path, context: Context | None = None
    ) -> dict[str, Any]:
        """`check`, then `values`."""
        spec = self.check(reader, raw, path)
        return self.values(reader, spec, path, context or Context())

    def reference(self) -> str:
        """The section's table of keys as docs/reference.md shows it (Markdown)."""
        rows = [f"| `{k.name}` | {k.default_text()} | {k.doc} |" for k in self.keys]
        return "\n".join(["| key | default | meaning |", "|---|---|---|", *rows]) + "\n"

    def json_schema(self) -> JSON:
        """The JSON Schema of the section: these keys and no others."""
        properties: JSON = {}
        for k in self.keys:
            shown: JSON = {"description": k.doc, **k.schema}
            if isinstance(k.default, int) or (isinstance(k.default, str) and k.default):
                shown["default"] = k.default  # a value a user could write
            properties[k.name] = shown
        schema: JSON = {"type": "object", "properties": properties, "additionalProperties": False}
        required = [k.name for k in self.keys if k.required]
        if required:
            schema["required"] = required
        if self.kinds:
            schema["oneOf"] = [
                {"required": [kind], "propertyNames": {"enum": list(takes)}}
                for kind, takes in self.kinds.items()
            ]
        return schema


def _text(reader: Reader, value: object, path: Path, _: Context) -> str:
    return reader.text(value, path)


def _day(reader: Reader, value: object, path: Path, _: Context) -> Any:
    return reader.day(value, path)


def _member(reader: Reader, value: object, path: Path, context: Context) -> str:
    return reader.member(value, context.members, path)


def _flag(reader: Reader, value: object, path: Path, _: Context) -> bool:
    if not isinstance(value, bool):
        raise reader.fail(path, f"{value!r} is not true or false")
    return value


def text(
    name: str, doc: str, *, default: str | None = None, required: bool = False, shown: str = ""
) -> Key:
    """A non-empty text."""
    return Key(name, doc, _text, TEXT, default, required, shown)


def day(name: str, doc: str, *, required: bool = False, shown: str = "") -> Key:
    """A date, TOML's or "YYYY-MM-DD"."""
    return Key(name, doc, _day, DAY, required=required, shown=shown)


def member(name: str, doc: str, *, required: bool = False, shown: str = "") -> Key:
    """The name of a member of the cooperation."""
    return Key(name, doc, _member, TEXT, required=required, shown=shown)


def members(name: str, doc: str, *, hint: str = "", shown: str = "") -> Key:
    """A non-empty list of members of the cooperation, each named once."""

    def read(reader: Reader, value: object, path: Path, context: Context) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise reader.fail(path, f"{name} is a non-empty list of members", hint)
        listed = tuple(reader.member(m, context.members, path) for m in value)
        twice = sorted({m for m in listed if listed.count(m) > 1})
        if twice:
            raise reader.fail(path, f"{', '.join(twice)} is listed more than once", hint)
        return listed

    schema = {"type": "array", "items": TEXT, "minItems": 1, "uniqueItems": True}
    return Key(name, doc, read, schema, shown=shown)


def flag(name: str, doc: str, *, shown: str = "") -> Key:
    """A boolean; false when absent."""
    return Key(name, doc, _flag, {"type": "boolean"}, default=False, shown=shown)


def whole(reader: Reader, value: object, path: Path, *, least: int, most: int) -> int:
    """A whole number from `least` to `most` (true and false are not numbers here)."""
    if not isinstance(value, int) or isinstance(value, bool) or not least <= value <= most:
        raise reader.fail(path, f"{value!r} is not a whole number from {least} to {most}")
    return value


def count(
    name: str, doc: str, *, least: int, most: int, default: int | None, shown: str = ""
) -> Key:
    """A whole number from `least` to `most`."""

    def read(reader: Reader, value: object, path: Path, _: Context) -> int:
        return whole(reader, value, path, least=least, most=most)

    schema = {"type": "integer", "minimum": least, "maximum": most}
    return Key(name, doc, read, schema, default, shown=shown)


def choice(
    name: str,
    doc: str,
    valid: tuple[str, ...] | type[StrEnum],
    *,
    default: object = None,
    make: Callable[[str], object] = str,
    shown: str = "",
) -> Key:
    """One of `valid`, made into a value by `make`; an enum's values are read as the enum."""
    if isinstance(valid, type):
        make = valid
        valid = tuple(v.value for v in valid)

    def read(reader: Reader, value: object, path: Path, _: Context) -> object:
        return make(reader.choice(value, valid, path))

    return Key(name, doc, read, {"enum": list(valid)}, default, shown=shown)


def array(table: Table | JSON) -> JSON:
    """The JSON Schema of an array of `table`s (or of values of a schema)."""
    return {"type": "array", "items": table.json_schema() if isinstance(table, Table) else table}


def mapping(of: Table | JSON, *, names: str | None = None) -> JSON:
    """The JSON Schema of a table whose keys are names (`names`: their pattern)."""
    schema: JSON = {
        "type": "object",
        "additionalProperties": of.json_schema() if isinstance(of, Table) else of,
    }
    if names is not None:
        schema["propertyNames"] = {"pattern": names}
    return schema
