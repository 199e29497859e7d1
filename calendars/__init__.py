"""Calendars: cooperations, bodies, meeting plans, feeds and the CLI.

Only the names in ``__all__`` are stable; modules whose names start with an
underscore are private.
"""

from calendars._config import Cooperation, bundled, load, load_text
from calendars._errors import CalendarError, ConfigError

__all__ = [
    "CalendarError",
    "ConfigError",
    "Cooperation",
    "bundled",
    "load",
    "load_text",
]
