"""Calendars: cooperations, bodies, meeting plans, feeds and the CLI.

Only the names in ``__all__`` are stable; modules whose names start with an
underscore are private. The layers, from the bottom: the model
(``_model``), the configuration (``_config``), planning (``_planning``),
formats (``_formats``), publishing (``_publish``), importers
(``_importers``) and the command line (``_cli``); each imports only the
layers below it (see docs/design.md).

The names are loaded on first use (PEP 562), so that `import calendars`
and the command line's start-up stay cheap: `samverkan rotation` never
loads the iCalendar, HTTP or CalDAV code.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from calendars._config.cooperation import bundled, load, load_text
    from calendars._errors import CalendarError, ConfigError
    from calendars._formats.feed import FeedFile
    from calendars._importers.ics import IcsImport, ImportedEvent, read_calendar, read_meetings
    from calendars._model.body import Body, BodyKind, Entry, MeetingOverride, Rules
    from calendars._model.cooperation import Cooperation, HandoverAt, Secretariat
    from calendars._model.days import Break
    from calendars._model.details import Details
    from calendars._model.key import KnownMeeting, MeetingKey
    from calendars._model.meeting import Conflict, ConflictKind, Meeting, Plan, Status
    from calendars._model.member import Membership
    from calendars._model.names import FeedKind
    from calendars._model.origin import LineFinder, Origin
    from calendars._planning.planner import plan
    from calendars._publish.caldav import Published, publish
    from calendars._publish.export import export
    from calendars._publish.serve import FeedServer, make_server
    from calendars._words import Language

_WHERE = {
    "Body": "calendars._model.body",
    "BodyKind": "calendars._model.body",
    "Break": "calendars._model.days",
    "CalendarError": "calendars._errors",
    "ConfigError": "calendars._errors",
    "Conflict": "calendars._model.meeting",
    "ConflictKind": "calendars._model.meeting",
    "Cooperation": "calendars._model.cooperation",
    "Details": "calendars._model.details",
    "Entry": "calendars._model.body",
    "FeedFile": "calendars._formats.feed",
    "FeedKind": "calendars._model.names",
    "HandoverAt": "calendars._model.cooperation",
    "IcsImport": "calendars._importers.ics",
    "ImportedEvent": "calendars._importers.ics",
    "KnownMeeting": "calendars._model.key",
    "Language": "calendars._words",
    "LineFinder": "calendars._model.origin",
    "Meeting": "calendars._model.meeting",
    "MeetingKey": "calendars._model.key",
    "MeetingOverride": "calendars._model.body",
    "Membership": "calendars._model.member",
    "Origin": "calendars._model.origin",
    "Plan": "calendars._model.meeting",
    "Published": "calendars._publish.caldav",
    "Rules": "calendars._model.body",
    "Secretariat": "calendars._model.cooperation",
    "Status": "calendars._model.meeting",
    "bundled": "calendars._config.cooperation",
    "export": "calendars._publish.export",
    "load": "calendars._config.cooperation",
    "load_text": "calendars._config.cooperation",
    "make_server": "calendars._publish.serve",
    "FeedServer": "calendars._publish.serve",
    "plan": "calendars._planning.planner",
    "publish": "calendars._publish.caldav",
    "read_calendar": "calendars._importers.ics",
    "read_meetings": "calendars._importers.ics",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        msg = f"module 'calendars' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])


__all__ = [
    "Body",
    "BodyKind",
    "Break",
    "CalendarError",
    "ConfigError",
    "Conflict",
    "ConflictKind",
    "Cooperation",
    "Details",
    "Entry",
    "FeedFile",
    "FeedKind",
    "FeedServer",
    "HandoverAt",
    "IcsImport",
    "ImportedEvent",
    "KnownMeeting",
    "Language",
    "LineFinder",
    "Meeting",
    "MeetingKey",
    "MeetingOverride",
    "Membership",
    "Origin",
    "Plan",
    "Published",
    "Rules",
    "Secretariat",
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
