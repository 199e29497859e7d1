"""Calendars: cooperations, bodies, meeting plans, feeds and the CLI.

Only the names in ``__all__`` are stable; modules whose names start with an
underscore are private. The layers, from the bottom: the model
(``_model``), the configuration (``_config``), planning (``_planning``),
formats (``_formats``), publishing (``_publish``), importers
(``_importers``) and the command line (``_cli``); each imports only the
layers below it (see docs/design.md).
"""

from calendars._config.cooperation import bundled, load, load_text
from calendars._errors import CalendarError, ConfigError
from calendars._formats.feed import FeedFile
from calendars._importers.ics import IcsImport, ImportedEvent, read_calendar, read_meetings
from calendars._model.body import Body, Entry, MeetingOverride, Rules
from calendars._model.cooperation import Cooperation, HandoverAt
from calendars._model.key import KnownMeeting, MeetingKey
from calendars._model.meeting import Conflict, Meeting, Plan, Status
from calendars._model.member import Membership
from calendars._model.origin import Origin
from calendars._planning.planner import plan
from calendars._publish.caldav import Published, publish
from calendars._publish.export import export
from calendars._publish.serve import make_server
from calendars._words import Language

__all__ = [
    "Body",
    "CalendarError",
    "ConfigError",
    "Conflict",
    "Cooperation",
    "Entry",
    "FeedFile",
    "HandoverAt",
    "IcsImport",
    "ImportedEvent",
    "KnownMeeting",
    "Language",
    "Meeting",
    "MeetingKey",
    "MeetingOverride",
    "Membership",
    "Origin",
    "Plan",
    "Published",
    "Rules",
    "Status",
    "bundled",
    "export",
    "load",
    "load_text",
    "make_server",
    "plan",
    "publish",
    "read_calendar",
    "read_meetings",
]
