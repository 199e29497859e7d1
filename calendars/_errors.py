"""The error roots of the `calendars` package."""

from __future__ import annotations


class CalendarError(ValueError):
    """A calendar that cannot be planned, exported or read."""


def json_line(exc: Exception) -> str:
    """``:N`` for a JSON error that knows its line (`json.JSONDecodeError`), else ``""``."""
    line = getattr(exc, "lineno", None)
    return f":{line}" if isinstance(line, int) else ""


class ConfigError(CalendarError):
    """A cooperation file that is not valid.

    Attributes:
        file: the file's path or bundled name.
        key: the dotted key, e.g. ``rotations.ordforande.members``.
        line: the line number, where known.
        hint: what would be valid.

    """

    def __init__(
        self, message: str, *, file: str, key: str = "", line: int | None = None, hint: str = ""
    ) -> None:
        self.message = message
        self.file = file
        self.key = key
        self.line = line
        self.hint = hint
        text = f"{self.where}: {key + ': ' if key else ''}{message}"
        if hint:
            text += f" ({hint})"
        super().__init__(text)

    @property
    def where(self) -> str:
        """``file:line``, or the file alone where the line is not known."""
        return self.file + (f":{self.line}" if self.line else "")

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only fields: rebuilt from them, so the error crosses processes whole.
        return (_config_error, (self.message, self.file, self.key, self.line, self.hint))


def _config_error(message: str, file: str, key: str, line: int | None, hint: str) -> ConfigError:
    return ConfigError(message, file=file, key=key, line=line, hint=hint)
