"""Reading TOML with line numbers for messages.

``tomllib`` reports the line of a syntax error but not the line of a key,
so a key's line is found again in the text: the table header, then the key.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from calendars._errors import ConfigError

Path = tuple[str | int, ...]
"""A key path such as ("rotations", "x", "changes", 0, "leaves")."""
_HEADER = re.compile(r"^\s*(\[\[?)\s*(.+?)\s*\]\]?\s*(#.*)?$")
_PART = re.compile(r'"([^"]*)"|\'([^\']*)\'|([A-Za-z0-9_\-]+)')


MAX_DEPTH = 100
"""Nesting deeper than this is refused before the parser recurses out of stack."""


def _deep_line(text: str) -> int | None:
    """The line where brackets first nest deeper than `MAX_DEPTH` (strings ignored roughly)."""
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        for char in line.split("#", 1)[0]:
            depth += (char in "[{") - (char in "]}")
            if depth > MAX_DEPTH:
                return number
    return None


def _parts(header: str) -> tuple[str, ...]:
    return tuple(a or b or c for a, b, c in _PART.findall(header))


class Locator:
    """Finds the line of a key path such as ``("rotations", "x", "changes", 0, "leaves")``."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        # (line number, header parts, is array) for every table header.
        self.headers: list[tuple[int, tuple[str, ...], bool]] = []
        for number, line in enumerate(self.lines, start=1):
            match = _HEADER.match(line)
            if match and not line.lstrip().startswith("#"):
                self.headers.append((number, _parts(match[2]), match[1] == "[["))

    def _table(self, path: Sequence[str | int]) -> tuple[int, int] | None:
        """Line range (first, end) of the table at `path`; (0, …) for the root."""
        if not path:
            end = self.headers[0][0] if self.headers else len(self.lines) + 1
            return 0, end
        names = tuple(p for p in path if isinstance(p, str))
        index = path[-1] if isinstance(path[-1], int) else None
        seen = -1
        for i, (number, parts, is_array) in enumerate(self.headers):
            if parts == names:
                seen += 1
                if index is None or (is_array and seen == index):
                    end = (
                        self.headers[i + 1][0] if i + 1 < len(self.headers) else len(self.lines) + 1
                    )
                    return number, end
        return None

    def line(self, path: Sequence[str | int]) -> int | None:
        """The line where `path` is defined, or ``None`` if it cannot be told."""
        if path and not isinstance(path[-1], int):
            # A table: its header, or the first header below it ([bodies.x.dates]).
            names = tuple(path)
            for number, parts, _ in self.headers:
                if parts[: len(names)] == names:
                    return number
        for split in range(len(path) - 1, -1, -1):
            key = path[split]
            if isinstance(key, int):
                span = self._table(path[: split + 1])
                if span is not None:
                    return span[0] or None
                continue
            span = self._table(path[:split])
            if span is None:
                continue
            pattern = re.compile(
                rf"""^\s*(?:"{re.escape(key)}"|'{re.escape(key)}'|{re.escape(key)})\s*="""
            )
            for number in range(span[0] + 1, span[1]):
                if pattern.match(self.lines[number - 1]):
                    return number
            whole = self._table(path[: split + 1])
            if whole is not None:
                return whole[0] or None
        return None


_DIGITS = 4300
"""Python's bound on the digits int() reads (sys.get_int_max_str_digits)."""


def _long_number_line(text: str) -> int | None:
    """The first line with a run of more than `_DIGITS` digits."""
    found = re.search(rf"\d{{{_DIGITS + 1},}}", text)
    return text.count("\n", 0, found.start()) + 1 if found else None


class Reader:
    """Validates one file's data, with the file's text for line numbers."""

    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.locator = Locator(text)
        try:
            self.data = tomllib.loads(text)
        except RecursionError:
            raise ConfigError(
                f"arrays or tables nested more than {MAX_DEPTH} deep",
                file=file,
                line=_deep_line(text),
                hint="a cooperation file needs a few levels",
            ) from None
        except tomllib.TOMLDecodeError as exc:
            found = re.search(r"at line (\d+)", str(exc))
            line = int(found[1]) if found else None
            raise ConfigError(
                f"not valid TOML: {getattr(exc, 'msg', exc)}",
                file=file,
                line=line,
                hint="see docs/reference.md for the file format",
            ) from None
        except ValueError:  # tomllib's int() of a number of more than 4,300 digits
            raise ConfigError(
                f"a number of more than {_DIGITS:,} digits",
                file=file,
                line=_long_number_line(text),
                hint="every number in a cooperation file is small",
            ) from None

    def fail(self, path: tuple[str | int, ...], message: str, hint: str = "") -> ConfigError:
        key = ".".join(p if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")
        return ConfigError(
            message, file=self.file, key=key, line=self.locator.line(path), hint=hint
        )

    def keys(
        self, table: Mapping[str, Any], allowed: Mapping[str, str], path: tuple[str | int, ...]
    ) -> None:
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, list(allowed), n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"valid: {', '.join(allowed)}"
                raise self.fail((*path, key), f"unknown key {key!r}", hint)

    def table(self, value: object, path: tuple[str | int, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, f"expected a table, got {type(value).__name__}")
        return value

    def text(self, value: object, path: tuple[str | int, ...]) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, f"expected non-empty text, got {value!r}")
        return value

    def choice(self, value: object, valid: tuple[str, ...], path: tuple[str | int, ...]) -> str:
        if value not in valid:
            raise self.fail(path, f"{value!r} is not valid", f"valid: {' | '.join(valid)}")
        return str(value)

    def array(self, value: object, path: tuple[str | int, ...]) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(path, f"expected an array, got {value!r}", "write [...] or [[...]]")
        return value

    def day(self, value: object, path: tuple[str | int, ...]) -> date:
        if isinstance(value, datetime):
            raise self.fail(
                path, f"{value.isoformat()} is a date-time; a date goes here", "e.g. 2020-09-09"
            )
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(path, f"{value!r} is not a date", "write YYYY-MM-DD, e.g. 2020-09-09")

    def member(self, value: object, members: tuple[str, ...], path: tuple[str | int, ...]) -> str:
        name = self.text(value, path)
        if name not in members:
            close = difflib.get_close_matches(name, members, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"members: {', '.join(members)}"
            raise self.fail(path, f"{name!r} is not a member of the cooperation", hint)
        return name
