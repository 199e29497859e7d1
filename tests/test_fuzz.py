"""Fuzzing the loader, the planner and the .ics reader: only our own errors, in bounded time.

Every example either works or raises `CalendarError` (a `ConfigError` for a
file); anything else — a TypeError, a RecursionError, an OverflowError —
is an uncaught exception and fails. Each example has a time bound
(`LIMIT`), so an input that makes a run take minutes fails too. 2,300
examples in the default profile.
"""

from __future__ import annotations

import string
from datetime import date, datetime

from conftest import time_limit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_bad_input import BASE, set_key

from calendars import CalendarError, load_text, plan, read_meetings

LIMIT = 5.0
"""Seconds one example may take."""
FUZZ = settings(
    deadline=None,  # the alarm below is the bound; hypothesis' deadline flakes on a busy CI
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    derandomize=True,
)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


# TOML values of every kind: what a careless or hostile user could write.
scalars = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1).map(str),
    st.sampled_from(["0", "1", "-1", "2", "3", "7", "13", "53", "366", "10000", "1e9", "nan"]),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.booleans().map(lambda b: "true" if b else "false"),
    st.text(max_size=20).map(_quoted),
    st.sampled_from(
        [
            '"2025-02-30"',
            '"02-29"',
            '"13-01"',
            '"12:00-15:00"',
            '"25:00-26:00"',
            '"Arboga"',
            '"Nope"',
            '"ordf"',
            '"vard"',
            '"styrgrupp"',
            '"beredning"',
            '"FREQ=DAILY"',
            '"FREQ=WEEKLY;BYDAY=MO"',
            '"FREQ=MONTHLY;BYDAY=1TH"',
            '"FREQ=YEARLY;BYMONTH=9"',
            '"FREQ=SECONDLY"',
            '"FREQ=DAILY;UNTIL=20250601T000000Z"',
            '"2025"',
            '"2025-H1"',
            '"2025-Q3"',
            '"2025-03"',
            '"year"',
            '"event"',
            '"month"',
            '"{hosts}"',
            '"{x}"',
            "2025-01-01",
            "2025-01-01T10:00:00",
            "10:00:00",
            '"måndag"',
            '"torsdag"',
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.dictionaries(
            st.sampled_from(
                [
                    "date",
                    "holder",
                    "from",
                    "to",
                    "name",
                    "week",
                    "period",
                    "swap",
                    "unavailable",
                    "policy",
                    "joins",
                    "leaves",
                    "body",
                    "month",
                    "status",
                    "host",
                    "2025",
                    "x",
                ]
            ),
            inner,
            max_size=3,
        ).map(lambda d: "{ " + ", ".join(f"{k} = {v}" for k, v in d.items()) + " }"),
    ),
    max_leaves=6,
)
KEYS = [
    ("", "id"), ("", "name"), ("", "language"), ("", "timezone"),
    *[("rotations.ordf", k) for k in ("role", "members", "order", "turn", "every", "handover",
      "handovers", "start", "deputy", "published", "after", "changes", "leave_policy",
      "overrides", "count_cancelled")],
    *[("rotations.vard", k) for k in ("turn", "every", "start", "overrides", "changes")],
    *[("bodies.styrgrupp", k) for k in ("name", "kind", "chair", "host", "hosts", "attendees",
      "location", "weekday", "time", "days", "per_year", "season", "breaks", "min_gap_days",
      "rrule", "every_years", "first_year", "dates", "overrides", "host_not_chair")],
    *[("bodies.beredning", k) for k in ("prepares", "lead_days", "weekday", "per_year")],
]  # fmt: skip


@st.composite
def configs(draw: st.DrawFn) -> str:
    text = BASE
    for _ in range(draw(st.integers(1, 3))):
        section, key = draw(st.sampled_from(KEYS))
        text = set_key(text, section, key, draw(values))
    return text


@settings(FUZZ, max_examples=1000)
@given(configs())
def test_loader_and_planner_raise_only_our_errors(text: str) -> None:
    with time_limit(LIMIT):
        try:
            coop = load_text(text, file="fuzz.toml")
            plan(coop, date(2025, 1, 1), date(2026, 1, 1))
        except CalendarError as exc:
            assert str(exc).startswith("fuzz.toml") or "fuzz.toml" not in str(exc)


RULES = st.fixed_dictionaries(
    {
        "weekday": st.sampled_from(['"måndag"', '"tisdag"', '"onsdag"', '"torsdag"', '"fredag"']),
        "per_year": st.integers(0, 60).map(str),
        "days": st.integers(1, 3).map(str),
        "min_gap_days": st.integers(0, 60).map(str),
        "season": st.sampled_from(['["01-01", "12-31"]', '["01-15", "06-15"]', '["08-15", "12-15"]',
                                   '["06-01", "06-10"]']),
        "rrule": st.sampled_from(["", '"FREQ=WEEKLY;BYDAY=MO,TH"', '"FREQ=MONTHLY;BYDAY=1TH"',
                                  '"FREQ=DAILY;UNTIL=20250601T000000Z"', '"FREQ=YEARLY;BYMONTH=9"']),
        "breaks": st.sampled_from(["[]", '[{ name = "sommar", from = "06-15", to = "08-15" }]',
                                   '[{ name = "jul", from = "12-20", to = "01-06" }]',
                                   '[{ name = "sportlov", week = 9 }]']),
        "lead_days": st.sampled_from(["[0, 0]", "[3, 10]", "[13, 27]", "[0, 366]"]),
    }
)  # fmt: skip


@settings(FUZZ, max_examples=500)
@given(RULES, st.integers(1990, 2100))
def test_planner_on_valid_rules_raises_only_our_errors(rules: dict[str, str], year: int) -> None:
    text = BASE
    for key, raw in rules.items():
        if key == "lead_days":
            text = set_key(text, "bodies.beredning", key, raw)
        elif raw:
            text = set_key(text, "bodies.styrgrupp", key, raw)
    with time_limit(LIMIT):
        try:
            coop = load_text(text, file="rules.toml")
            found = plan(coop, date(year, 1, 1), date(year + 1, 1, 1))
        except CalendarError:
            return
    for meeting in found.meetings:
        assert date(year, 1, 1) <= meeting.day < date(year + 1, 1, 1)
    # One meeting of a body a day at most: sub-daily rules gave 24 identical
    # ones, and two meetings close together got two preparations on one day.
    keys = [(m.body, m.day, m.title) for m in found.meetings]
    assert len(keys) == len(set(keys))


ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//SV\r\nX-WR-TIMEZONE:Europe/Stockholm\r\n"
    "BEGIN:VEVENT\r\nUID:a@x\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:20250101T100000\r\n"
    "DTEND:20250101T120000\r\nSUMMARY:Styrgruppen\r\nSTATUS:CONFIRMED\r\nSEQUENCE:0\r\n"
    "X-SAMVERKAN-BODY:styrgrupp\r\nX-SAMVERKAN-HOST:Arboga\r\nLOCATION:Arboga\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:b@x\r\nDTSTAMP:20250101T000000Z\r\nDTSTART;VALUE=DATE:20250406\r\n"
    "DTEND;VALUE=DATE:20250408\r\nSUMMARY:Konferens\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)
ICS_VALUES = st.one_of(
    st.text(alphabet=string.printable, max_size=30),
    st.sampled_from(["garbage", "20250230", "20250230T100000", "00000101T000000Z",
                     "99991231T235959Z", "PT1H", "-P1D", "20250101T100000Z/PT1H", "", ";;;",
                     "Mars/Base", "../../etc/passwd", "/etc/localtime", "abc", "999999999999"]),
)  # fmt: skip
ICS_NAMES = st.sampled_from(
    ["DTSTART", "DTSTART;VALUE=DATE", "DTSTART;VALUE=PERIOD", "DTSTART;VALUE=DURATION",
     "DTSTART;TZID=Mars/Base", "DTEND", "DTEND;VALUE=DATE", "DURATION", "X-WR-TIMEZONE", "UID",
     "STATUS", "SEQUENCE", "X-SAMVERKAN-PRECISION", "X-SAMVERKAN-HOST", "SUMMARY"]
)  # fmt: skip


@st.composite
def ics_files(draw: st.DrawFn) -> bytes:
    lines = ICS.split("\r\n")
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["set", "drop", "insert", "bytes"]))
        i = draw(st.integers(0, len(lines) - 1))
        if action == "set":
            name = draw(ICS_NAMES)
            base = name.split(";", 1)[0]
            same = [j for j, line in enumerate(lines) if line.split(":")[0].split(";")[0] == base]
            line = f"{name}:{draw(ICS_VALUES)}"
            if same:
                lines[draw(st.sampled_from(same))] = line
            else:
                lines.insert(i, line)
        elif action == "drop":
            del lines[i]
        elif action == "insert":
            lines.insert(i, f"{draw(ICS_NAMES)}:{draw(ICS_VALUES)}")
        else:
            lines[i] += draw(st.binary(max_size=4)).decode("latin-1")
    return "\r\n".join(lines).encode("utf-8", "surrogateescape")


@settings(FUZZ, max_examples=800)
@given(ics_files())
def test_ics_reader_raises_only_our_errors(data: bytes) -> None:
    with time_limit(LIMIT):
        try:
            meetings = read_meetings(data, source="fuzz.ics")
        except CalendarError as exc:
            assert "fuzz.ics" in str(exc)
            return
    for meeting in meetings:
        assert isinstance(meeting.start, date)
        assert meeting.end >= meeting.start
        if isinstance(meeting.start, datetime):
            assert meeting.start.tzinfo is not None
