"""Calendars: cooperations, bodies, meeting plans, feeds and the CLI.

Only the names in ``__all__`` are stable; modules whose names start with an
underscore are private.
"""

from calendars._caldav import Published, publish
from calendars._config import Cooperation, bundled, load, load_text
from calendars._errors import CalendarError, ConfigError
from calendars._export import export
from calendars._feeds import FeedFile
from calendars._ical import read_meetings
from calendars._meeting import Conflict, Meeting, Plan, Status
from calendars._rules import Body, Entry, Rules
from calendars._serve import make_server

__all__ = [
    "Body",
    "CalendarError",
    "ConfigError",
    "Conflict",
    "Cooperation",
    "Entry",
    "FeedFile",
    "Meeting",
    "Plan",
    "Published",
    "Rules",
    "Status",
    "bundled",
    "export",
    "load",
    "load_text",
    "make_server",
    "publish",
    "read_meetings",
]
