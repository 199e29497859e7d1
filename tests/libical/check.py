"""Check iCalendar files with libical (Evolution's parser), through GObject introspection.

Run with the system python3 (Debian's python3-gi and gir1.2-ical-3.0), not
the project's venv. For each file it prints one JSON line: the file, whether
libical's RFC 5546 restriction check passed, and every error libical
attached to the components (X-LIC-ERROR), with what it read of each event.
"""

import json
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402


def _errors(component):
    found = []
    prop = component.get_first_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
    while prop is not None:
        found.append(
            f"{ICalGLib.Component.kind_to_string(component.isa())}: {prop.get_xlicerror()}"
        )
        prop = component.get_next_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
    child = component.get_first_component(ICalGLib.ComponentKind.ANY_COMPONENT)
    while child is not None:
        found += _errors(child)
        child = component.get_next_component(ICalGLib.ComponentKind.ANY_COMPONENT)
    return found


def _events(root):
    found = []
    ev = root.get_first_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    while ev is not None:
        props = {}
        prop = ev.get_first_property(ICalGLib.PropertyKind.ANY_PROPERTY)
        while prop is not None:
            props.setdefault(prop.get_property_name(), []).append(prop.get_value_as_string())
            prop = ev.get_next_property(ICalGLib.PropertyKind.ANY_PROPERTY)
        alarms = 0
        alarm = ev.get_first_component(ICalGLib.ComponentKind.VALARM_COMPONENT)
        while alarm is not None:
            alarms += 1
            alarm = ev.get_next_component(ICalGLib.ComponentKind.VALARM_COMPONENT)
        found.append({"props": props, "alarms": alarms})
        ev = root.get_next_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    return found


for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as handle:
        root = ICalGLib.Component.new_from_string(handle.read())
    parse_errors = _errors(root)
    ok = bool(ICalGLib.restriction_check(root))
    print(
        json.dumps(
            {
                "file": path,
                "restrictions_ok": ok,
                "parse_errors": parse_errors,
                "errors": _errors(root),
                "events": _events(root),
            }
        )
    )
