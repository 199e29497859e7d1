"""Where a value was written: file, key path and line, for errors found after loading."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from calendars._errors import ConfigError

KeyPath = tuple[str | int, ...]
"""A key path such as ("bodies", "kommitten", "overrides", 0, "date")."""


class LineFinder(Protocol):
    """Tells the line of a key path in the file a value came from."""

    def line(self, path: Sequence[str | int]) -> int | None:
        """The line where `path` is defined, or ``None``."""
        ...


def dotted(path: KeyPath) -> str:
    """``("a", "b", 0, "c")`` as people read it: ``a.b[0].c``."""
    return ".".join(p if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")


@dataclass(frozen=True, slots=True)
class Origin:
    """The file and key a value was read from, so that a later error can name them."""

    file: str = ""
    """The file's path or bundled name; empty for values made in code."""
    path: KeyPath = ()
    """The value's key path in the file."""
    lines: LineFinder | None = field(default=None, compare=False, repr=False)
    """Finds a key's line in the file's text (the config reader's locator)."""

    def child(self, *keys: str | int) -> Origin:
        """The origin of a key below this one."""
        return Origin(self.file, (*self.path, *keys), self.lines)

    def error(self, message: str, *keys: str | int, hint: str = "") -> ConfigError:
        """A `ConfigError` for this value (or a key below it), with file, key and line."""
        path = (*self.path, *keys)
        line = self.lines.line(path) if self.lines is not None and path else None
        return ConfigError(
            message, file=self.file or "<code>", key=dotted(path), line=line, hint=hint
        )
