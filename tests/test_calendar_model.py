"""The calendar model: identity that survives edits, membership, one meeting's overrides,
partly published years, handovers at a meeting, and errors that keep their line.

Each test was written against the first release's behaviour first (where it
failed as the issue describes) and states the values worked out by hand.
"""

from __future__ import annotations

import itertools
import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

import calendars
from calendars import ConfigError, MeetingKey, Status, export, load, load_text

STAMP = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
LATER = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def _events(data: bytes) -> dict[str, dict[str, str]]:
    """Each VEVENT's unfolded properties (name -> value, first wins), by UID."""
    found = {}
    text = data.decode().replace("\r\n ", "")
    for block in re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT\r\n", text, re.DOTALL):
        props: dict[str, str] = {}
        for line in block.split("\r\n"):
            if line:
                name, value = re.split(r"[:;]", line, maxsplit=1)[0], line.split(":", 1)[1]
                props.setdefault(name, value)
        found[props["UID"]] = props
    return found


# -- identity ------------------------------------------------------------------

COMMITTEE = """
id = "ident"
name = "Identitet"

[members]
"Arboga" = {}
"Köping" = {}
"Kungsör" = {}

[rotations.vard]
role = "värd"
turn = "event"
members = ["Arboga", "Köping", "Kungsör"]
start = { date = "2025-01-01", holder = "Arboga" }

[bodies.styrgrupp]
name = "Styrgruppen"
host = "vard"
weekday = "tisdag"
time = "13.00-16.00"

[bodies.styrgrupp.dates]
2025 = [DATES]
"""
DATES = ["2025-02-04", "2025-03-25", "2025-05-20", "2025-09-16", "2025-10-21", "2025-12-02"]
WINDOW = (date(2025, 1, 1), date(2026, 1, 1))


def committee_text(dates: list[str]) -> str:
    return COMMITTEE.replace("DATES", ", ".join(f'"{d}"' for d in dates))


def _publish(dates: list[str], out: Path, stamp: datetime) -> dict[str, dict[str, str]]:
    export(
        [load_text(committee_text(dates), file="ident.toml")],
        out=out,
        start=WINDOW[0],
        end=WINDOW[1],
        stamp=stamp,
    )
    return _events((out / "ident-styrgrupp.ics").read_bytes())


def test_removing_a_date_cancels_exactly_that_meeting(tmp_path: Path) -> None:
    before = _publish(DATES, tmp_path, STAMP)
    assert [e["DTSTART"][-15:-7] for e in before.values()] == [d.replace("-", "") for d in DATES]
    # Hosts go round in turn: Arboga, Köping, Kungsör, Arboga, Köping, Kungsör.
    assert [e["SUMMARY"] for e in before.values()] == [
        f"Styrgruppen ({h})" for h in ["Arboga", "Köping", "Kungsör"] * 2
    ]
    removed = "2025-03-25"
    after = _publish([d for d in DATES if d != removed], tmp_path, LATER)
    assert set(after) == set(before)
    cancelled = [uid for uid, e in after.items() if e["STATUS"] == "CANCELLED"]
    assert len(cancelled) == 1
    assert before[cancelled[0]]["DTSTART"].endswith("20250325T130000")
    for uid, e in after.items():
        if uid in cancelled:
            assert e["SEQUENCE"] == "1"
            continue
        # Every other meeting keeps its date and SEQUENCE. Hosts: the
        # per-event rotation counts the meetings that happen, so the later
        # ones move up one turn each, and that is a visible change.
        assert e["DTSTART"] == before[uid]["DTSTART"]
    # The meetings before the removed one are untouched byte for byte.
    first = next(iter(before))
    assert after[first] == before[first]


def test_removing_a_date_with_named_hosts_keeps_every_other_host(tmp_path: Path) -> None:
    hosts = ["Arboga", "Köping", "Kungsör", "Arboga", "Köping", "Kungsör"]
    named = [f'{{ date = "{d}", host = "{h}" }}' for d, h in zip(DATES, hosts, strict=True)]
    text = COMMITTEE.replace("DATES", ", ".join(named))
    export(
        [load_text(text, file="ident.toml")],
        out=tmp_path,
        start=WINDOW[0],
        end=WINDOW[1],
        stamp=STAMP,
    )
    before = _events((tmp_path / "ident-styrgrupp.ics").read_bytes())
    text = COMMITTEE.replace("DATES", ", ".join(n for n in named if "2025-03-25" not in n))
    export(
        [load_text(text, file="ident.toml")],
        out=tmp_path,
        start=WINDOW[0],
        end=WINDOW[1],
        stamp=LATER,
    )
    after = _events((tmp_path / "ident-styrgrupp.ics").read_bytes())
    changed = {uid for uid in after if after[uid] != before[uid]}
    assert len(changed) == 1
    assert after[changed.pop()]["STATUS"] == "CANCELLED"


def test_moving_a_date_changes_only_that_meeting(tmp_path: Path) -> None:
    before = _publish(DATES, tmp_path, STAMP)
    moved = [d if d != "2025-05-20" else "2025-05-27" for d in DATES]
    after = _publish(moved, tmp_path, LATER)
    assert set(after) == set(before)
    changed = [uid for uid in after if after[uid] != before[uid]]
    assert len(changed) == 1
    uid = changed[0]
    assert before[uid]["DTSTART"].endswith("20250520T130000")
    assert after[uid]["DTSTART"].endswith("20250527T130000")
    assert after[uid]["SEQUENCE"] == "1"
    assert after[uid]["STATUS"] == "CONFIRMED"


def test_adding_a_date_renumbers_nothing(tmp_path: Path) -> None:
    before = _publish(DATES, tmp_path, STAMP)
    after = _publish(sorted([*DATES, "2025-04-22"]), tmp_path, LATER)
    assert set(before) < set(after)
    new = set(after) - set(before)
    assert [after[u]["DTSTART"][-15:-7] for u in new] == ["20250422"]
    for uid in before:
        assert after[uid]["DTSTART"] == before[uid]["DTSTART"]


def test_meeting_key_round_trips_through_its_uid() -> None:
    key = MeetingKey("sodertorn", "gemensamt-ks", "2017-03-23")
    assert str(key) == "sodertorn-gemensamt-ks-2017-03-23@samverkan"
    assert MeetingKey.parse(str(key), coop="sodertorn", body="gemensamt-ks") == key
    foreign = MeetingKey.parse("040000008200E00074C5B7101A82E008", coop="x", body="y")
    assert foreign.verbatim
    assert str(foreign) == "040000008200E00074C5B7101A82E008"


def test_two_meetings_with_one_id_is_an_error_with_its_line() -> None:
    text = COMMITTEE.replace(
        "DATES", '{ date = "2025-02-04", id = "a" },\n    { date = "2025-03-04", id = "a" }'
    )
    coop = load_text(text, file="dup.toml")
    with pytest.raises(ConfigError) as caught:
        calendars.plan(coop, *WINDOW)
    error = caught.value
    assert error.file == "dup.toml"
    assert error.line == 23  # the line of the year's list (items of an inline list share it)
    assert "bodies.styrgrupp.dates.2025[1].id" in str(error)


# -- membership ----------------------------------------------------------------

MEMBERS = """
id = "medl"
name = "Medlemmar"

[members]
"Arboga" = {}
"Heby" = { code = "0331", leaves = "2025-07-01" }
"Köping" = {}
"Sala" = { joins = "2025-07-01" }

[rotations.vard]
role = "värd"
turn = "event"
start = { date = "2025-01-01", holder = "Arboga" }

[rotations.ordf]
role = "ordförande"
turn = "quarter"
start = { date = "2025-01-01", holder = "Arboga" }

[bodies.styrgrupp]
name = "Styrgruppen"
host = "vard"
chair = "ordf"
weekday = "tisdag"
time = "13.00-16.00"

[bodies.styrgrupp.dates]
2025 = ["2025-02-04", "2025-03-04", "2025-04-08", "2025-05-06", "2025-06-03",
        "2025-08-19", "2025-09-16", "2025-10-14", "2025-11-11", "2025-12-09"]
"""


def test_members_join_and_leave_the_cooperation(tmp_path: Path) -> None:
    coop = load_text(MEMBERS, file="medl.toml")
    plan = calendars.plan(coop, date(2025, 1, 1), date(2026, 1, 1))
    # The host rotation goes Arboga, Heby, Köping until Heby leaves on 1 July;
    # Sala joins at its place in the member order (after Köping) the same day.
    hosts = [m.hosts[0] for m in plan.meetings]
    assert hosts == ["Arboga", "Heby", "Köping", "Arboga", "Heby",
                     "Köping", "Sala", "Arboga", "Köping", "Sala"]  # fmt: skip
    # Quarters: Arboga Q1, Heby Q2, Köping Q3 (Heby left; shift), Sala Q4.
    chairs = [t.holder for t in plan.terms["ordf"]]
    assert chairs == ["Arboga", "Heby", "Köping", "Sala"]
    export([coop], out=tmp_path, start=date(2025, 1, 1), end=date(2026, 1, 1), stamp=STAMP)
    heby = _events((tmp_path / "medl-kommun-heby.ics").read_bytes())
    sala = _events((tmp_path / "medl-kommun-sala.ics").read_bytes())
    meetings = {u: e for u, e in heby.items() if u.startswith("medl-styrgrupp-")}
    assert max(e["DTSTART"][-15:-7] for e in meetings.values()) == "20250603"
    meetings = {u: e for u, e in sala.items() if u.startswith("medl-styrgrupp-")}
    assert min(e["DTSTART"][-15:-7] for e in meetings.values()) == "20250819"
    page = (tmp_path / "index.html").read_text()
    assert "Heby" in page
    assert "Sala" in page


def test_a_member_gone_before_the_period_has_no_feed_and_its_old_one_is_retired(
    tmp_path: Path,
) -> None:
    coop = load_text(MEMBERS, file="medl.toml")
    export([coop], out=tmp_path, start=date(2025, 1, 1), end=date(2026, 1, 1), stamp=STAMP)
    assert (tmp_path / "medl-kommun-heby.ics").exists()
    files = export([coop], out=tmp_path, start=date(2025, 8, 1), end=date(2026, 1, 1), stamp=LATER)
    assert [f.name for f in files if f.kind == "retired"] == ["medl-kommun-heby.ics"]
    page = (tmp_path / "index.html").read_text()
    assert "medl-kommun-heby.ics" not in page
    assert "medl-kommun-sala.ics" in page


def test_a_leaver_s_future_meetings_go_out_cancelled_from_its_feed(tmp_path: Path) -> None:
    stays = MEMBERS.replace(', leaves = "2025-07-01"', "")
    export(
        [load_text(stays, file="medl.toml")],
        out=tmp_path,
        start=date(2025, 1, 1),
        end=date(2026, 1, 1),
        stamp=STAMP,
    )
    before = _events((tmp_path / "medl-kommun-heby.ics").read_bytes())
    export(
        [load_text(MEMBERS, file="medl.toml")],
        out=tmp_path,
        start=date(2025, 1, 1),
        end=date(2026, 1, 1),
        stamp=LATER,
    )
    after = _events((tmp_path / "medl-kommun-heby.ics").read_bytes())
    for uid, e in after.items():
        if not uid.startswith("medl-styrgrupp-"):
            continue
        day = e["DTSTART"][-15:-7]
        assert (e["STATUS"] == "CANCELLED") == (day >= "20250701"), (uid, day)
    assert set(before) <= set(after)


def test_a_member_s_change_in_a_rotation_is_an_error_when_members_already_says_it() -> None:
    text = MEMBERS.replace(
        "[rotations.ordf]",
        '[[rotations.vard.changes]]\ndate = "2025-07-01"\nleaves = "Heby"\n\n[rotations.ordf]',
    )
    with pytest.raises(
        ConfigError,
        match=r"medl\.toml:\d+: rotations\.vard\.changes\[0\]: \[members\] already says",
    ):
        load_text(text, file="medl.toml")


def test_members_joins_and_leaves_are_dates() -> None:
    with pytest.raises(ConfigError, match=r"members\.Heby\.leaves"):
        load_text(MEMBERS.replace('leaves = "2025-07-01"', 'leaves = "snart"'), file="m.toml")
    with pytest.raises(ConfigError, match=r"leaves .* before it joins"):
        load_text(
            MEMBERS.replace('joins = "2025-07-01"', 'joins = "2025-07-01", leaves = "2025-01-01"'),
            file="m.toml",
        )


# -- one meeting's overrides ---------------------------------------------------


def test_an_override_changes_one_meeting_and_the_rotation_goes_on() -> None:
    text = committee_text(DATES) + (
        '\n[[bodies.styrgrupp.overrides]]\ndate = "2025-03-25"\nhost = "Kungsör"\nlocation = "Stadshuset"\n'
        '\n[[bodies.styrgrupp.overrides]]\ndate = "2025-10-21"\nstatus = "cancelled"\n'
    )
    plan = calendars.plan(load_text(text, file="o.toml"), *WINDOW)
    got = [(m.day.isoformat(), m.hosts, m.status, m.location) for m in plan.meetings]
    # 25 March is Köping's turn, given to Kungsör: a substitution; 20 May is
    # still Kungsör's own turn. 21 October is cancelled and takes no turn.
    assert got == [
        ("2025-02-04", ("Arboga",), Status.CONFIRMED, "Arboga"),
        ("2025-03-25", ("Kungsör",), Status.CONFIRMED, "Stadshuset"),
        ("2025-05-20", ("Kungsör",), Status.CONFIRMED, "Kungsör"),
        ("2025-09-16", ("Arboga",), Status.CONFIRMED, "Arboga"),
        ("2025-10-21", (), Status.CANCELLED, None),
        ("2025-12-02", ("Köping",), Status.CONFIRMED, "Köping"),
    ]
    rules = [t.rule for t in plan.terms["vard"]]
    assert rules == ["rotation", "substitution", "rotation", "rotation", "rotation"]


def test_a_date_s_details_win_over_the_body_s_and_an_override_s_over_both() -> None:
    text = (
        committee_text(DATES)
        .replace(
            'time = "13.00-16.00"\n',
            'time = "13.00-16.00"\nlocation = "Hos {hosts}"\nurl = "https://x.se/styrgrupp"\n'
            'agenda = "https://x.se/dagordning/{date}.pdf"\nreminders = ["P1D"]\n',
        )
        .replace(
            '"2025-03-25"',
            '{ date = "2025-03-25", location = "Stadshuset", url = "https://x.se/mars" }',
        )
    )
    text += (
        '\n[[bodies.styrgrupp.overrides]]\ndate = "2025-03-25"\n'
        'agenda = "https://x.se/extra.pdf"\ndescription = "Extra"\n'
    )
    by_day = {
        m.day.isoformat(): m
        for m in calendars.plan(load_text(text, file="d.toml"), *WINDOW).meetings
    }
    feb, mar = by_day["2025-02-04"], by_day["2025-03-25"]
    # February has only the body's: "{hosts}" is Arboga (its turn), "{date}" its day.
    assert feb.details == calendars.Details(
        location="Hos Arboga",
        url="https://x.se/styrgrupp",
        agenda="https://x.se/dagordning/2025-02-04.pdf",
        reminders=(timedelta(days=1),),
    )
    # March: the date's place and page, the override's agenda and text, the body's alarm.
    assert mar.details == calendars.Details(
        location="Stadshuset",
        url="https://x.se/mars",
        description="Extra",
        agenda="https://x.se/extra.pdf",
        reminders=(timedelta(days=1),),
    )
    assert (mar.location, mar.url, mar.description, mar.minutes) == (
        "Stadshuset",
        "https://x.se/mars",
        "Extra",
        None,
    )


def test_an_override_that_matches_no_meeting_is_an_error_with_its_line() -> None:
    text = (
        committee_text(DATES)
        + '\n[[bodies.styrgrupp.overrides]]\ndate = "2025-03-26"\nhost = "Kungsör"\n'
    )
    coop = load_text(text, file="o.toml")
    with pytest.raises(ConfigError) as caught:
        calendars.plan(coop, *WINDOW)
    message = str(caught.value)
    assert message.startswith(
        "o.toml:26: bodies.styrgrupp.overrides[0].date: styrgrupp has no meeting on 2025-03-26"
    )
    assert "2025-03-25" in message  # the meetings that year are listed


def test_a_per_event_rotation_refuses_period_overrides() -> None:
    text = committee_text(DATES).replace(
        "[bodies.styrgrupp]",
        '[[rotations.vard.overrides]]\nperiod = "ident-styrgrupp-2025-01@samverkan#0"\nholder = "Köping"\n\n[bodies.styrgrupp]',
    )
    with pytest.raises(
        ConfigError,
        match=r"rotations\.vard\.overrides\[0\]: a per-event rotation's turns are meetings",
    ):
        load_text(text, file="o.toml")


def test_override_keys_are_checked() -> None:
    text = (
        committee_text(DATES)
        + '\n[[bodies.styrgrupp.overrides]]\ndate = "2025-03-25"\nchiar = "Kungsör"\n'
    )
    with pytest.raises(ConfigError, match="did you mean 'chair'"):
        load_text(text, file="o.toml")
    text = (
        committee_text(DATES)
        + '\n[[bodies.styrgrupp.overrides]]\ndate = "2025-03-25"\nhost = "Uppsala"\n'
    )
    with pytest.raises(ConfigError, match="Uppsala"):
        load_text(text, file="o.toml")


# -- partly published years and preparation --------------------------------------


def test_sodertorn_2018_keeps_its_published_months_and_fills_the_year() -> None:
    plan = calendars.plan(load("sodertorn"), date(2018, 1, 1), date(2019, 1, 1))
    committee = plan.of("kommitten")
    assert len(committee) >= 6
    # Seed 003 §7: "Januari 2018 (Huddinge)", "Mars 2018 (Haninge)", "April 2018 (Nykvarn)".
    months = [(m.day, m.hosts) for m in committee if m.month_only]
    assert months == [
        (date(2018, 1, 1), ("Huddinge",)),
        (date(2018, 3, 1), ("Haninge",)),
        (date(2018, 4, 1), ("Nykvarn",)),
    ]
    assert all(m.provisional for m in committee if m.month_only)
    rule_made = [m for m in committee if not m.month_only]
    assert all(m.day.weekday() == 3 for m in rule_made)  # Thursdays
    days = sorted(m.day for m in rule_made)
    assert all((b - a).days >= 21 for a, b in itertools.pairwise(days))
    assert all(not date(2018, 6, 15) <= d <= date(2018, 8, 31) for d in days)  # summer break
    management = plan.of("ledningsgrupp")
    for meeting in committee:
        if meeting.month_only:
            # A provisional month-only preparation in the same month.
            assert any(p.month_only and p.day == meeting.day for p in management)
        else:
            assert any(
                13 <= (meeting.day - p.day).days <= 27 and p.day.weekday() == 4 for p in management
            ), meeting.day


def test_sodertorn_2017_is_still_the_published_kalendarium() -> None:
    plan = calendars.plan(load("sodertorn"), date(2017, 1, 1), date(2018, 1, 1))
    assert len(plan.meetings) == 17


def test_a_year_with_fewer_published_dates_than_per_year_gets_the_rest_from_the_rules() -> None:
    text = COMMITTEE.replace("DATES", '"2025-02-04"').replace(
        'time = "13.00-16.00"',
        'time = "13.00-16.00"\nper_year = 4\nmin_gap_days = 28\nseason = ["01-15", "12-15"]',
    )
    plan = calendars.plan(load_text(text, file="p.toml"), *WINDOW)
    days = [m.day for m in plan.meetings]
    assert len(days) == 4
    assert date(2025, 2, 4) in days
    assert all(d.weekday() == 1 for d in days)
    assert all((b - a).days >= 28 for a, b in itertools.pairwise(days))


# -- handover at a meeting ------------------------------------------------------


def test_fyra_malarstader_chair_passes_at_the_september_joint_meeting() -> None:
    coop = load("fyra-malarstader")
    plan = calendars.plan(coop, date(2020, 1, 1), date(2031, 1, 1))
    # The joint meeting: a Wednesday 1–15 September, the middle one of those
    # free days (worked out from each year's calendar).
    joint = {
        2021: date(2021, 9, 8), 2022: date(2022, 9, 7), 2023: date(2023, 9, 6),
        2024: date(2024, 9, 4), 2025: date(2025, 9, 3), 2026: date(2026, 9, 2),
        2027: date(2027, 9, 8), 2028: date(2028, 9, 6), 2029: date(2029, 9, 5),
        2030: date(2030, 9, 4),
    }  # fmt: skip
    meetings = {m.day.year: m.day for m in plan.of("gemensamt-ks")}
    assert {y: meetings[y] for y in joint} == joint
    starts = {t.start.year: t.start for t in plan.terms["ordforande"] if t.start.year >= 2020}
    assert starts[2020] == date(2020, 9, 9)  # seed 000
    assert {y: starts[y] for y in joint} == joint
    holders = [t.holder for t in plan.terms["ordforande"] if t.start.year >= 2020]
    assert holders[:5] == ["Västerås", "Enköping", "Eskilstuna", "Strängnäs", "Västerås"]


def test_the_rotation_command_shows_meeting_handovers(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli(
        "rotation",
        "fyra-malarstader",
        "ordforande",
        "--from",
        "2021-01-01",
        "--to",
        "2022-12-31",
        "--format",
        "json",
    )
    assert run.status == 0, run.err
    terms = json.loads(run.out)
    assert [(t["holder"], t["start"], t["end"]) for t in terms] == [
        ("Västerås", "2020-09-09", "2021-09-08"),
        ("Enköping", "2021-09-08", "2022-09-07"),
        ("Eskilstuna", "2022-09-07", "2023-09-06"),
    ]


def test_a_handover_body_must_exist_and_meet_in_the_month() -> None:
    text = (
        'id = "h"\nname = "H"\n[members]\n"A" = {}\n"B" = {}\n'
        '[rotations.ordf]\nhandover = { body = "ks", month = 9 }\nstart = { date = "2020-10-01", holder = "A" }\n'
        '[bodies.ks]\nweekday = "onsdag"\nper_year = 1\nseason = ["05-01", "05-31"]\nchair = "ordf"\n'
    )
    with pytest.raises(
        ConfigError, match=r"rotations\.ordf\.handover\.body: 'kommun' is not a body"
    ):
        load_text(text.replace('body = "ks"', 'body = "kommun"'), file="h.toml")
    coop = load_text(text, file="h.toml")
    with pytest.raises(
        ConfigError,
        match=r"h\.toml:7: rotations\.ordf\.handover: ks has no meeting in month 9 of 2021",
    ):
        calendars.plan(coop, date(2021, 1, 1), date(2022, 1, 1))


# -- per-event chair rotations ----------------------------------------------------


def test_a_per_event_chair_rotation_is_in_the_rotations_feed_and_the_cli(
    cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    text = committee_text(DATES).replace('host = "vard"', 'chair = "vard"')
    path = tmp_path / "c.toml"
    path.write_text(text)
    coop = load_text(text, file="c.toml")
    export([coop], out=tmp_path / "feeds", start=WINDOW[0], end=WINDOW[1], stamp=STAMP)
    terms = _events((tmp_path / "feeds" / "ident-rotationer.ics").read_bytes())
    summaries = sorted(e["SUMMARY"] for e in terms.values())
    assert len(summaries) == 6
    assert sum(s.startswith("Värd: Arboga") for s in summaries) == 2
    run = cli(
        "rotation", path, "vard", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "json"
    )
    assert run.status == 0, run.err
    assert [t["holder"] for t in json.loads(run.out)] == ["Arboga", "Köping", "Kungsör"] * 2
    run = cli("fairness", path, "vard", "--from", "2025-01-01", "--to", "2025-12-31")
    assert run.status == 0, run.err
    assert "no body" not in run.out + run.err


# -- errors after loading ----------------------------------------------------------


def test_a_rule_that_fails_only_in_a_later_year_is_reported_for_that_year() -> None:
    text = (
        COMMITTEE.replace("2025 = [DATES]", "")
        .replace('host = "vard"\n', "")
        .replace(
            'time = "13.00-16.00"',
            'time = "13.00-16.00"\nper_year = 4\nseason = ["01-01", "01-31"]',
        )
    )
    # Four Tuesdays in January: 2025 has 7, 14, 21, 28. January 2026 has
    # 6 (trettondedag jul, a holiday), 13, 20, 27: only three.
    coop = load_text(text, file="late.toml")
    plan = calendars.plan(coop, date(2025, 1, 1), date(2026, 1, 1))
    assert [m.day.day for m in plan.meetings] == [7, 14, 21, 28]
    # 2026 keeps the nightly job going (issue 18): the nearest free Tuesday
    # after the season, 3 February, with a warning at the rule's line.
    plan = calendars.plan(coop, date(2026, 1, 1), date(2027, 1, 1))
    assert [m.day for m in plan.meetings][-1] == date(2026, 2, 3)
    [moved] = [c for c in plan.conflicts if c.kind == "off_rule"]
    assert moved.message.startswith("late.toml:20: bodies.styrgrupp.per_year: ")
    assert "needs at least 4 meetings in 2026" in moved.message
    assert "only 3 fit" in moved.message


def test_an_impossible_preparation_day_names_its_line() -> None:
    text = committee_text(DATES) + (
        '\n[bodies.beredning]\nprepares = "styrgrupp"\nweekday = "lördag"\nlead_days = [1, 2]\n'
    )
    # Tuesday less 1–2 days is a Monday or a Sunday, never a Saturday: an
    # error when the file is read (issue 18), at the same key and line.
    with pytest.raises(ConfigError) as caught:
        load_text(text, file="prep.toml")
    assert caught.value.key == "bodies.beredning.lead_days"
    assert caught.value.line == 28
    assert "1–2 days before a meeting of styrgrupp (on Tuesdays) is never a Saturday" in str(
        caught.value
    )


def test_the_dst_check_is_for_the_years_asked() -> None:
    text = (
        COMMITTEE.replace("DATES", "")
        .replace("2025 = []", "")
        .replace(
            'time = "13.00-16.00"',
            'time = "02.30-04.00"\nper_year = 2\nseason = ["03-01", "03-31"]',
        )
        .replace('weekday = "tisdag"', 'weekday = "söndag"')
    )
    coop = load_text(text, file="dst.toml")  # no error at load time
    with pytest.raises(
        ConfigError,
        match=r"dst\.toml:\d+: bodies\.styrgrupp\.time: .*2025-03-30 02:30 does not exist",
    ):
        calendars.plan(coop, date(2025, 1, 1), date(2026, 1, 1))


def test_plan_over_a_long_period_has_one_meeting_per_planned_day() -> None:
    coop = load("sodertorn")
    plan = calendars.plan(coop, date(2017, 1, 1), date(2030, 1, 1))
    keys = [m.uid for m in plan.meetings]
    assert len(keys) == len(set(keys))
    assert all(m.start < m.end for m in plan.meetings)
    assert all(isinstance(m.end - m.start, timedelta) for m in plan.meetings)


def test_named_hosts_and_overrides_count_without_a_host_rotation() -> None:
    text = (
        'id = "n"\nname = "N"\n[members]\n"Arboga" = {}\n"Köping" = {}\n'
        '[bodies.b]\nname = "B"\n[bodies.b.dates]\n'
        '2025 = [{ date = "2025-02-04", host = "Köping" }, "2025-03-04"]\n'
        '[[bodies.b.overrides]]\ndate = "2025-03-04"\nhost = "Arboga"\nchair = "Köping"\n'
    )
    plan = calendars.plan(load_text(text, file="n.toml"), *WINDOW)
    assert [(m.day.isoformat(), m.hosts, m.chair) for m in plan.meetings] == [
        ("2025-02-04", ("Köping",), None),
        ("2025-03-04", ("Arboga",), "Köping"),
    ]
