"""Reading TOML with line numbers for messages.

``tomllib`` reports the line of a syntax error but not the line of a key,
so a key's line is found again in the text: the table header, then the key.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_HEADER = re.compile(r"^\s*(\[\[?)\s*(.+?)\s*\]\]?\s*(#.*)?$")
_PART = re.compile(r'"([^"]*)"|\'([^\']*)\'|([A-Za-z0-9_\-]+)')


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
