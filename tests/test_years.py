"""A calendar that keeps working for years (issue 18): awkward years, checks ahead.

Dates are worked out by hand from a calendar: Easter Sunday 2028 is 16
April, so Good Friday (långfredag) is 14 April; 27 April 2028 is a Thursday.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_rules import rule_sets

import calendars
from calendars import CalendarError, ConfigError, load_text
from calendars._model.body import Rules
from calendars._model.days import Break, NonMeetingDays
from calendars._planning.candidates import (
    nearest_preparation_day,
    preparation_day,
    spread,
    spread_off_rule,
)

GOOD_FRIDAY = """\
id = "fredag"
name = "Fredagsgruppen"

[members]
"Arboga" = {}
"Köping" = {}

[bodies.kommitten]
name = "Kommittén"
weekday = "torsdag"
time = "13.00-16.00"
dates.2028 = ["2028-02-17", "2028-04-27", "2028-09-21", "2028-11-23"]

[bodies.ledningsgrupp]
name = "Ledningsgruppen"
prepares = "kommitten"
weekday = "fredag"
time = "09.00-12.00"
lead_days = [13, 15]
"""
LEAD_LINE = 19


def _days(plan: calendars.Plan, body: str) -> list[date]:
    return [m.day for m in plan.of(body)]


def test_good_friday_moves_the_preparation_to_the_nearest_free_friday() -> None:
    coop = load_text(GOOD_FRIDAY, file="fredag.toml")
    plan = calendars.plan(coop, date(2028, 1, 1), date(2029, 1, 1))
    # The only Friday 13–15 days before Thursday 27 April is Good Friday,
    # 14 April. The Fridays around it: 7 April (20 days before, 5 days
    # outside the window) and 21 April (6 days before, 7 outside): 7 April.
    # The others are 13 days before their Thursday: 4 Feb, 8 Sep, 10 Nov.
    assert _days(plan, "ledningsgrupp") == [
        date(2028, 2, 4),
        date(2028, 4, 7),
        date(2028, 9, 8),
        date(2028, 11, 10),
    ]
    assert _days(plan, "kommitten") == [
        date(2028, 2, 17),
        date(2028, 4, 27),
        date(2028, 9, 21),
        date(2028, 11, 23),
    ]
    moved = [m for m in plan.meetings if m.off_rule]
    assert [m.day for m in moved] == [date(2028, 4, 7)]
    [warning] = [c for c in plan.conflicts if c.kind == "off_rule"]
    assert warning.uid == moved[0].uid
    text = warning.message
    assert text.startswith(f"fredag.toml:{LEAD_LINE}: bodies.ledningsgrupp.lead_days: in 2028 ")
    assert "Långfredagen on 2028-04-14" in text
    assert "2028-04-07, 20 days before" in text
    assert "moved off its rule" in text


def test_a_preparation_met_in_no_year_stays_an_error() -> None:
    # Thursday less 1–2 days is a Wednesday or a Tuesday, never a Friday:
    # refused when the file is read.
    with pytest.raises(ConfigError) as caught:
        load_text(GOOD_FRIDAY.replace("[13, 15]", "[1, 2]"), file="fredag.toml")
    assert caught.value.key == "bodies.ledningsgrupp.lead_days"
    assert caught.value.line == LEAD_LINE
    # A published Thursday of a body without a weekday is found when planned.
    text = GOOD_FRIDAY.replace('weekday = "torsdag"\n', "").replace("[13, 15]", "[1, 2]")
    coop = load_text(text, file="fredag.toml")
    with pytest.raises(ConfigError) as caught:
        calendars.plan(coop, date(2028, 1, 1), date(2029, 1, 1))
    assert (caught.value.key, caught.value.line) == ("bodies.ledningsgrupp.lead_days", 18)


JANUARY = """\
id = "januari"
name = "Januarigruppen"

[members]
"Arboga" = {}

[bodies.styrgrupp]
name = "Styrgruppen"
weekday = "tisdag"
per_year = 4
season = ["01-01", "01-31"]
"""


def test_a_season_too_short_in_one_year_takes_the_nearest_day_after_it() -> None:
    coop = load_text(JANUARY, file="januari.toml")
    # January 2026: Tuesday 6 is trettondedag jul; 13, 20, 27 are free. The
    # nearest free Tuesday outside the season is 3 February.
    plan = calendars.plan(coop, date(2026, 1, 1), date(2027, 1, 1))
    assert _days(plan, "styrgrupp") == [
        date(2026, 1, 13),
        date(2026, 1, 20),
        date(2026, 1, 27),
        date(2026, 2, 3),
    ]
    [warning] = [c for c in plan.conflicts if c.kind == "off_rule"]
    assert warning.message.startswith("januari.toml:10: bodies.styrgrupp.per_year: ")
    assert "needs at least 4 meetings in 2026" in warning.message
    # 2025 meets the rule: 7, 14, 21, 28 January, nothing moved.
    plan = calendars.plan(coop, date(2025, 1, 1), date(2026, 1, 1))
    assert [d.day for d in _days(plan, "styrgrupp")] == [7, 14, 21, 28]
    assert not plan.conflicts


def test_a_published_date_that_leaves_no_room_at_the_gap_gives_way() -> None:
    text = JANUARY.replace("per_year = 4", "per_year = 3\nmin_gap_days = 14")
    coop = load_text(text + 'dates.2026 = ["2026-01-20"]\n', file="januari.toml")
    plan = calendars.plan(coop, date(2026, 1, 1), date(2027, 1, 1))
    # Tuesdays of January 2026: 6 (trettondedag jul), 13, 20 (published),
    # 27. None is 14 days from the 20th: 13 and 27 are kept, off the rule.
    assert _days(plan, "styrgrupp") == [date(2026, 1, 13), date(2026, 1, 20), date(2026, 1, 27)]
    moved = sorted(c.uid for c in plan.conflicts if c.kind == "off_rule")
    assert moved == [m.uid for m in plan.of("styrgrupp") if m.day.day in (13, 27)]


def test_a_season_too_short_in_every_year_stays_an_error() -> None:
    # Six Tuesdays in January: no January has more than five.
    coop = load_text(JANUARY.replace("per_year = 4", "per_year = 6"), file="januari.toml")
    with pytest.raises(ConfigError) as caught:
        calendars.plan(coop, date(2026, 1, 1), date(2027, 1, 1))
    assert caught.value.key == "bodies.styrgrupp.per_year"
    assert caught.value.line == 10


def test_export_warns_and_plan_strict_fails_on_a_moved_meeting(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "fredag.toml"
    path.write_text(GOOD_FRIDAY, encoding="utf-8")
    run = cli("plan", path, "--from", "2028-01-01", "--to", "2028-12-31")
    assert run.status == 0, run.err
    assert "moved off its rule" in run.out + run.err
    run = cli("plan", path, "--from", "2028-01-01", "--to", "2028-12-31", "--strict")
    assert run.status == 1
    run = cli(
        "export", path, "--from", "2028-01-01", "--to", "2028-12-31", "--out", tmp_path / "out",
        "--stamp", "2027-12-01T00:00:00Z",
    )  # fmt: skip
    assert run.status == 0, run.err
    assert f"fredag.toml:{LEAD_LINE}: bodies.ledningsgrupp.lead_days: in 2028" in run.err
    assert "warning" in run.err


# -- samverkan check --------------------------------------------------------------

CHECKED = """\
id = "koll"
name = "Kollgruppen"

[members]
"Arboga" = {}
"Köping" = {}
"Kungsör" = {}

[rotations.ordforande]
role = "ordförande"
turn = "year"
members = ["Arboga", "Köping", "Kungsör"]
after = "repeat"

[rotations.ordforande.published]
2026 = "Arboga"
2027 = "Köping"

[bodies.styrelsen]
name = "Styrelsen"
chair = "ordforande"
host = "ordforande"
host_not_chair = true
dates.2026 = ["2026-03-10"]
dates.2027 = ["2027-03-09"]

[bodies.radet]
name = "Rådet"
dates.2027 = ["2027-03-09"]
"""


def test_check_lists_every_problem_with_file_line_and_year(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "koll.toml"
    path.write_text(CHECKED, encoding="utf-8")
    run = cli("check", path, "--from", "2026", "--to", "2028", "--format", "json")
    assert run.status == 1, run.err
    import json

    found = {(p["year"], p["kind"], p["where"].rsplit("/", 1)[-1]) for p in json.loads(run.out)}
    # The chair hosts every meeting (host_not_chair, line 23): 10 March 2026
    # (Arboga) and 9 March 2027 (Köping). The list repeats Arboga, Köping,
    # Arboga: Kungsör has no turn in the three turns 2026–2028 (rotation at
    # line 9). On 9 March 2027 everyone is expected at the Styrelsen and at
    # Rådet ([bodies.radet], line 27).
    assert found == {
        (2026, "chair_hosts", "koll.toml:23"),
        (2027, "chair_hosts", "koll.toml:23"),
        (2026, "no_turn", "koll.toml:9"),
        (2027, "two_bodies", "koll.toml:27"),
    }


def test_bodies_that_share_a_day_are_not_reported(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "koll.toml"
    text = CHECKED.replace('name = "Rådet"\n', 'name = "Rådet"\nshares_day_with = ["styrelsen"]\n')
    path.write_text(text, encoding="utf-8")
    run = cli("check", path, "--from", "2027", "--to", "2027")
    assert "two_bodies" not in run.out
    path.write_text(text.replace('["styrelsen"]', '["radet"]'), encoding="utf-8")
    run = cli("check", path, "--from", "2027", "--to", "2027")
    assert run.status == 2
    assert f"{path}:29: bodies.radet.shares_day_with" in run.err
    assert "valid: styrelsen" in run.err


def test_check_names_each_year_a_rule_cannot_be_planned_in(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "januari.toml"
    path.write_text(JANUARY.replace("per_year = 4", "per_year = 6"), encoding="utf-8")
    run = cli("check", path, "--from", "2026", "--to", "2027", "--format", "csv")
    assert run.status == 1
    lines = run.out.splitlines()
    assert lines[0] == "coop,year,kind,where,message"
    assert [line.split(",")[1:4] for line in lines[1:]] == [
        ["2026", "rule_not_met", f"{path}:10"],
        ["2027", "rule_not_met", f"{path}:10"],
    ]


def test_check_lists_a_moved_meeting_and_is_clean_otherwise(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "fredag.toml"
    path.write_text(GOOD_FRIDAY, encoding="utf-8")
    run = cli("check", path, "--from", "2028", "--to", "2028")
    assert run.status == 1
    assert run.out.startswith(f"{path}:{LEAD_LINE}: 2028: moved_off_rule: ")
    run = cli("check", path, "--from", "2029", "--to", "2029")
    assert (run.status, run.out) == (0, "fredag: no problems in 2029–2029\n")
    assert cli("check", path, "--from", "2029", "--to", "2028").status == 2
    assert cli("check", tmp_path / "missing.toml").status == 2


@pytest.mark.parametrize(
    "coop", ["sodertorn", "malmolund", "vastra-malardalen", "bergslagen", "fyra-malarstader"]
)
def test_every_bundled_cooperation_checks_clean_2026_2041(coop: str) -> None:
    import time

    from calendars._planning.check import check

    began = time.perf_counter()
    problems = check(calendars.load(coop), 2026, 2041)
    took = time.perf_counter() - began
    assert problems == []
    assert took < 1.0, f"{coop}: {took:.2f} s"


# -- breaks for every body, breaks that move ----------------------------------

MOVING = """\
id = "pask"
name = "Påskgruppen"
BREAKS

[members]
"Arboga" = {}

[bodies.styrelse]
name = "Styrelsen"
rrule = "FREQ=WEEKLY;BYDAY=TH"
season = ["02-01", "04-30"]

[bodies.grupp]
name = "Gruppen"
rrule = "FREQ=WEEKLY;BYDAY=TH"
season = ["02-01", "04-30"]
GROUP
"""


def _thursdays(breaks: str, group: str = "", year: int = 2027) -> dict[str, list[str]]:
    coop = load_text(MOVING.replace("BREAKS", breaks).replace("GROUP", group), file="pask.toml")
    plan = calendars.plan(coop, date(year, 1, 1), date(year + 1, 1, 1))
    return {b: [f"{d:%m-%d}" for d in _days(plan, b)] for b in ("styrelse", "grupp")}


# Thursdays of February–April 2027: Easter Sunday is 28 March, so
# skärtorsdag is 25 March and the week after Easter is 29 March – 4 April.
FEB_APR_2027 = [
    "02-04", "02-11", "02-18", "02-25", "03-04", "03-11", "03-18", "03-25",
    "04-01", "04-08", "04-15", "04-22", "04-29",
]  # fmt: skip


def test_a_cooperation_break_after_easter_applies_to_every_body_unless_dropped() -> None:
    found = _thursdays(
        'breaks = [{ name = "veckan efter påsk", easter = [1, 7] }]',
        'drop_breaks = ["veckan efter påsk"]',
    )
    assert found["styrelse"] == [d for d in FEB_APR_2027 if d != "04-01"]
    assert found["grupp"] == FEB_APR_2027


def test_sportlov_moves_by_year() -> None:
    # ISO week 8 of 2027 is 22–28 February (Thursday 25), week 9 is
    # 1–7 March (Thursday 4); week 8 of 2028 is 21–27 February (Thursday 24).
    breaks = 'breaks = [{ name = "sportlov", week = 8, weeks = { 2027 = 9 } }]'
    assert _thursdays(breaks)["styrelse"] == [d for d in FEB_APR_2027 if d != "03-04"]
    assert "02-24" not in _thursdays(breaks, year=2028)["styrelse"]
    assert "03-02" in _thursdays(breaks, year=2028)["styrelse"]


def test_half_days_are_left_out_when_asked() -> None:
    # skärtorsdag 25 March 2027; the body that says false keeps it.
    found = _thursdays("avoid_half_days = true", "avoid_half_days = false")
    assert found["styrelse"] == [d for d in FEB_APR_2027 if d != "03-25"]
    assert found["grupp"] == FEB_APR_2027
    # 2026: Easter 5 April, skärtorsdag 2 April; valborgsmässoafton 30 April
    # is a Thursday too.
    april = [d for d in _thursdays("avoid_half_days = true", year=2026)["styrelse"] if d > "04"]
    assert april == ["04-09", "04-16", "04-23"]


@pytest.mark.parametrize(
    ("breaks", "group", "key", "line"),
    [
        ('breaks = [{ name = "x", easter = [3, 1] }]', "", "breaks[0]", 3),
        ('breaks = [{ name = "x", easter = [1, 2], week = 8 }]', "", "breaks[0]", 3),
        ('breaks = [{ name = "x", weeks = { 2027 = 54 } }]', "", "breaks[0]", 3),
        ('breaks = [{ name = "x", weeks = { 1066 = 8 } }]', "", "breaks[0].weeks.1066", 3),
        ('breaks = [{ name = "x", easter = "påsk" }]', "", "breaks[0].easter", 3),
        ("", 'drop_breaks = ["jul"]', "bodies.grupp.drop_breaks[0]", 17),
        ("avoid_half_days = 1", "", "avoid_half_days", 3),
    ],
)
def test_bad_breaks_name_their_line(breaks: str, group: str, key: str, line: int) -> None:
    with pytest.raises(ConfigError) as caught:
        load_text(MOVING.replace("BREAKS", breaks).replace("GROUP", group), file="pask.toml")
    assert (caught.value.key, caught.value.line) == (key, line)


# -- lifetimes, annual events on a weekday, seed dates ---------------------------


def test_bergslagens_styrgrupp_first_meets_in_august_2014() -> None:
    # Seed 002: "i augusti 2014 träffades så denna styrgrupp" (the day unknown).
    plan = calendars.plan(calendars.load("bergslagen"), date(2012, 1, 1), date(2015, 1, 1))
    first = plan.of("styrgruppen")[0]
    assert (first.day, first.month_only) == (date(2014, 8, 1), True)
    # The per-event host rotation starts there, with Lindesberg.
    assert first.hosts == ("Lindesberg",)


LIFETIME = """\
id = "liv"
name = "Livstid"

[members]
"Arboga" = {}

[bodies.grupp]
name = "Gruppen"
rrule = "FREQ=MONTHLY;BYMONTHDAY=10"
from = "2026-03-01"
until = "2026-05-31"
dates.2026 = ["2026-01-15"]
"""


def test_a_lifetime_bounds_the_rules_and_check_lists_published_dates_outside(
    cli,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    coop = load_text(LIFETIME.replace('dates.2026 = ["2026-01-15"]\n', ""), file="liv.toml")
    plan = calendars.plan(coop, date(2026, 1, 1), date(2027, 1, 1))
    # The 10th of each month from March to May 2026 (none a holiday).
    assert _days(plan, "grupp") == [date(2026, 3, 10), date(2026, 4, 10), date(2026, 5, 10)]
    path = tmp_path / "liv.toml"
    path.write_text(LIFETIME, encoding="utf-8")
    run = cli("check", path, "--from", "2026", "--to", "2026")
    assert run.status == 1
    assert run.out.startswith(f"{path}:10: 2026: outside_lifetime: Gruppen meets on 2026-01-15")
    path.write_text(LIFETIME.replace("2026-05-31", "2026-02-01"), encoding="utf-8")
    run = cli("check", path, "--from", "2026", "--to", "2026")
    assert run.status == 2
    assert f"{path}:11: bodies.grupp.until" in run.err


ANNUAL = """\
id = "arlig"
name = "Årligt"

[members]
"Arboga" = {}

[bodies.seminarium]
name = "Seminariet"
rrule = "FREQ=YEARLY;BYMONTH=5;BYDAY=1TH"   # the first Thursday in May
per_year = 1
"""


def test_an_annual_weekday_event_on_a_holiday_moves_to_the_nearest_free_one() -> None:
    coop = load_text(ANNUAL, file="arlig.toml")
    plan = calendars.plan(coop, date(2025, 1, 1), date(2027, 1, 1))
    # 1 May 2025, the first Thursday, is Första maj; the Thursdays either
    # side, 24 April and 8 May, are as near: the earlier. 2026: 7 May.
    assert _days(plan, "seminarium") == [date(2025, 4, 24), date(2026, 5, 7)]
    [moved] = [c for c in plan.conflicts if c.kind == "off_rule"]
    assert moved.where == "arlig.toml:10"
    assert "2025" in moved.message


def test_the_almedalen_seminar_is_the_tuesday_of_week_27_held_by_all_three() -> None:
    plan = calendars.plan(calendars.load("vastra-malardalen"), date(2017, 1, 1), date(2028, 1, 1))
    seminars = plan.of("almedalen")
    # Seed 001: 4 July (2017), the Tuesday of week 27. Week 27 begins on
    # Monday 29 June 2020, 5 July 2021, 29 June 2026 and 5 July 2027.
    days = {m.day.year: m.day for m in seminars}
    assert days[2017] == date(2017, 7, 4)
    assert [days[y] for y in (2020, 2021, 2026, 2027)] == [
        date(2020, 6, 30),
        date(2021, 7, 6),
        date(2026, 6, 30),
        date(2027, 7, 6),
    ]
    assert all(m.day.weekday() == 1 for m in seminars)
    assert all(sorted(m.hosts) == ["Arboga", "Kungsör", "Köping"] for m in seminars)


def test_malmolundregionen_met_on_the_seed_dates() -> None:
    # Seed 004: meetings on 13 September 2011, 15 November 2011 and
    # 24 January 2012 (all Tuesdays); nothing earlier in 2011.
    plan = calendars.plan(calendars.load("malmolund"), date(2011, 1, 1), date(2012, 2, 1))
    assert _days(plan, "styrelsen") == [
        date(2011, 9, 13),
        date(2011, 11, 15),
        date(2012, 1, 24),
    ]


# -- what subscribers see -----------------------------------------------------------


def _vevents(data: bytes) -> list[dict[str, str]]:
    """Each VEVENT's unfolded properties (name without parameters -> value)."""
    text = data.decode().replace("\r\n ", "")
    found = []
    for block in text.split("BEGIN:VEVENT\r\n")[1:]:
        props: dict[str, str] = {}
        for line in block.split("END:VEVENT")[0].split("\r\n"):
            if ":" in line:
                head, value = line.split(":", 1)
                props.setdefault(head.split(";")[0], value)
        found.append(props)
    return found


def test_a_host_turn_at_a_month_only_meeting_is_preliminary(tmp_path: Path) -> None:
    # Seed 003: "Januari 2018 (Huddinge)", only the month known.
    from datetime import UTC, datetime

    stamp = datetime(2017, 12, 1, tzinfo=UTC)
    out = tmp_path / "out"
    calendars.export(
        [calendars.load("sodertorn")], out=out, start=date(2018, 1, 1), end=date(2018, 2, 1),
        stamp=stamp,
    )  # fmt: skip
    for feed in ("sodertorn-rotationer.ics", "sodertorn-kommun-huddinge.ics"):
        [turn] = [
            e
            for e in _vevents((out / feed).read_bytes())
            if e["X-SAMVERKAN-BODY"] == "rotation:vardar"
        ]
        assert turn["STATUS"] == "TENTATIVE"
        assert turn["SUMMARY"].startswith("Preliminärt (januari 2018): Värdkommun: Huddinge")
        assert (turn["DTSTART"], turn["DTEND"]) == ("20180101", "20180201")


def test_a_moved_meeting_says_so_in_its_description(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    coop = load_text(GOOD_FRIDAY, file="fredag.toml")
    out = tmp_path / "out"
    calendars.export(
        [coop], out=out, start=date(2028, 1, 1), end=date(2029, 1, 1),
        stamp=datetime(2027, 12, 1, tzinfo=UTC), warn=lambda _: None,
    )  # fmt: skip
    events = _vevents((out / "fredag-ledningsgrupp.ics").read_bytes())
    said = {e["DTSTART"][:8]: e.get("DESCRIPTION", "") for e in events}
    assert "Flyttat i år" in said["20280407"]
    assert all("Flyttat" not in text for day, text in said.items() if day != "20280407")


def test_the_change_log_and_atom_carry_vice_chair_changes(tmp_path: Path) -> None:
    import json
    from datetime import UTC, datetime

    import feedparser
    from conftest import DATA

    text = (DATA / "rich.toml").read_text(encoding="utf-8")
    window = {"start": date(2025, 1, 1), "end": date(2026, 1, 1)}
    calendars.export(
        [load_text(text, file="rich.toml")], out=tmp_path, stamp=datetime(2025, 1, 10, tzinfo=UTC),
        **window,
    )  # fmt: skip
    # The chair rotation gains a deputy, the next in order: Köping chairs
    # 2025 (its start), so Kungsör becomes vice chair of all three meetings.
    deputy = text.replace('holder = "Köping" }\n', 'holder = "Köping" }\ndeputy = "next"\n')
    assert deputy != text
    calendars.export(
        [load_text(deputy, file="rich.toml")], out=tmp_path, stamp=datetime(2025, 2, 3, tzinfo=UTC),
        **window,
    )  # fmt: skip
    log = json.loads((tmp_path / "changes.json").read_text(encoding="utf-8"))["changes"]
    assert len(log) == 3
    assert {(c["kinds"] == ["vice_chair"], c["old_vice_chair"], c["vice_chair"]) for c in log} == {
        (True, None, "Kungsör")
    }
    atom = feedparser.parse((tmp_path / "rik-andringar.atom").read_bytes())
    assert not atom.bozo
    # One entry per export (RFC 4287: no two entries share `updated`), a line per change.
    assert [e.title for e in atom.entries] == ["3 ändringar 2025-02-03"]
    assert (
        atom.entries[0].content[0].value.count("Styrgruppen: ny vice ordförande – → Kungsör") == 3
    )


THEIRS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Kansliet//Kalender//SV\r\n"
    "BEGIN:VEVENT\r\nUID:styrelse-2027-03-11@kansliet.example\r\nDTSTAMP:20270101T000000Z\r\n"
    "SEQUENCE:3\r\nDTSTART;VALUE=DATE:20270311\r\nSUMMARY:Styrelsen\r\nLOCATION:Arboga\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_a_takeover_keeps_sequence_so_the_next_export_goes_above_it(
    cli,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    source = tmp_path / "theirs.ics"
    source.write_bytes(THEIRS.encode())
    out = tmp_path / "taken.toml"
    run = cli("import-ics", source, "--id", "taken", "--members", "Arboga", "--out", out)
    assert run.status == 0, run.err
    assert "sequence = 3" in out.read_text(encoding="utf-8")
    feeds = tmp_path / "feeds"
    for _ in range(2):  # the second, unchanged export keeps it
        run = cli(
            "export", out, "--from", "2027-01-01", "--to", "2027-12-31", "--out", feeds,
            "--stamp", "2027-01-02T00:00:00Z",
        )  # fmt: skip
        assert run.status == 0, run.err
        [event] = _vevents((feeds / "taken-styrelsen.ics").read_bytes())
        assert event["UID"] == "styrelse-2027-03-11@kansliet.example"
        assert event["SEQUENCE"] == "4"


# -- invariants of the fallback ------------------------------------------------------

PROPS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(rule_sets(), st.integers(1990, 2100))
def test_off_rule_days_keep_the_weekday_holidays_and_breaks(rules: Rules, year: int) -> None:
    try:
        spread(rules, year, body="b")
    except CalendarError:
        pass
    else:
        return  # the rule holds: no fallback is made
    days, off = spread_off_rule(rules, year)
    assert days == sorted(set(days))
    assert len(days) <= rules.per_year
    assert off <= set(days)
    holidays = NonMeetingDays()
    season = (date(year, *rules.season[0]), date(year, *rules.season[1]))
    for d in days:
        assert d.year == year
        assert rules.weekday is None or d.weekday() == rules.weekday
        assert all(
            holidays.blocked(d + timedelta(days=i), rules.breaks) is None for i in range(rules.days)
        )
        # A day outside the season is always marked off its rule.
        assert season[0] <= d <= season[1] or d in off
    for a, b in itertools.pairwise(days):
        assert (b - a).days >= rules.days  # never two at once


@PROPS
@given(
    st.dates(date(1990, 1, 1), date(2100, 12, 31)),
    st.integers(0, 6),
    st.integers(1, 20),
    st.integers(0, 6),
    st.lists(st.integers(1, 52), max_size=3),
)
def test_a_moved_preparation_is_the_nearest_free_day_before_the_meeting(
    meeting: date, weekday: int, least: int, width: int, weeks: list[int]
) -> None:
    breaks = tuple(Break("v", week=w) for w in weeks)
    rules = Rules(weekday=weekday, prepares="x", lead_days=(least, least + width), breaks=breaks)
    try:
        preparation_day(rules, meeting, body="p")
    except CalendarError:
        pass
    else:
        return
    moved = nearest_preparation_day(rules, meeting, taken=set())
    if moved is None:
        return
    holidays = NonMeetingDays()
    lead = (meeting - moved).days
    assert 0 <= lead < 366 and not least <= lead <= least + width
    assert moved.weekday() == weekday
    assert holidays.blocked(moved, breaks) is None

    def outside(d: date) -> int:
        n = (meeting - d).days
        return max(least - n, n - least - width)

    # No free day of the weekday is nearer the window.
    for n in range(366):
        d = meeting - timedelta(days=n)
        if d.weekday() == weekday and holidays.blocked(d, breaks) is None:
            assert outside(d) >= outside(moved) or least <= n <= least + width


def test_check_names_a_dst_gap_time_in_each_year(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # 02.30 on the last Sunday of March does not exist in Europe/Stockholm.
    text = JANUARY.replace('weekday = "tisdag"', 'weekday = "söndag"\ntime = "02.30-04.00"')
    text = text.replace('season = ["01-01", "01-31"]', 'season = ["03-01", "03-31"]')
    path = tmp_path / "natt.toml"
    path.write_text(text, encoding="utf-8")
    run = cli("check", path, "--from", "2026", "--to", "2027", "--format", "json")
    assert run.status == 1
    import json

    found = [(p["year"], p["kind"], p["where"]) for p in json.loads(run.out)]
    assert found == [(2026, "dst_time", f"{path}:10"), (2027, "dst_time", f"{path}:10")]
