"""The planned calendars of the bundled cooperations, against the seeds."""

from __future__ import annotations

import itertools
import json
import tomllib
from datetime import date, datetime, time, timedelta
from importlib import resources

import pytest

import calendars
from calendars import load
from calendars._model.days import holiday

# Seed 003, §7, read by hand.
COMMITTEE_2017 = [
    (date(2017, 2, 2), "Haninge"), (date(2017, 3, 23), "Nykvarn"), (date(2017, 6, 1), "Salem"),
    (date(2017, 9, 14), "Botkyrka"), (date(2017, 10, 26), "Tyresö"),
    (date(2017, 12, 7), "Södertälje"),
]  # fmt: skip
MANAGEMENT_2017 = [
    date(2017, 1, 20), date(2017, 2, 24), date(2017, 5, 12), date(2017, 9, 1),
    date(2017, 10, 6), date(2017, 11, 17),
]  # fmt: skip


@pytest.fixture(scope="module")
def plan_2017(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    import contextlib
    import io

    from calendars._cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(
            ["plan", "sodertorn", "--from", "2017-01-01", "--to", "2017-12-31", "--format", "json"]
        )
    assert status == 0
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def _of(plan: list[dict[str, object]], body: str) -> list[dict[str, object]]:
    return [m for m in plan if m["body"] == body]


def test_2017_committee(plan_2017: list[dict[str, object]]) -> None:
    committee = _of(plan_2017, "kommitten")
    assert [(m["start"], m["end"], m["hosts"]) for m in committee] == [
        (f"{d}T12:00:00{_offset(d)}", f"{d}T15:00:00{_offset(d)}", [host])
        for d, host in COMMITTEE_2017
    ]
    assert all(date.fromisoformat(str(m["start"])[:10]).weekday() == 3 for m in committee)
    assert all(m["status"] == "confirmed" and not m["provisional"] for m in committee)


def _offset(day: date) -> str:
    # Sweden: CEST (+02:00) from the last Sunday in March to the last in October.
    return "+02:00" if date(2017, 3, 26) <= day < date(2017, 10, 29) else "+01:00"


def test_2017_planning_conference_in_nynashamn(plan_2017: list[dict[str, object]]) -> None:
    [conf] = _of(plan_2017, "planeringskonferens")
    assert (conf["start"], conf["end"], conf["all_day"]) == ("2017-08-16", "2017-08-18", True)
    assert conf["hosts"] == ["Nynäshamn"]


def test_2017_management_group(plan_2017: list[dict[str, object]]) -> None:
    group = _of(plan_2017, "ledningsgrupp")
    assert len(group) == 7
    timed = [m for m in group if not m["all_day"]]
    assert [date.fromisoformat(str(m["start"])[:10]) for m in timed] == MANAGEMENT_2017
    assert all(str(m["start"])[11:16] == "08:30" and str(m["end"])[11:16] == "13:00" for m in timed)
    assert all(date.fromisoformat(str(m["start"])[:10]).weekday() == 4 for m in timed)
    [conference] = [m for m in group if m["all_day"]]
    assert (conference["start"], conference["end"]) == ("2017-04-06", "2017-04-08")
    assert "planeringskonferens" in str(conference["title"])


def test_2017_conference_radslag_and_key_figures(plan_2017: list[dict[str, object]]) -> None:
    [conf] = _of(plan_2017, "sodertornskonferensen")
    assert (conf["start"], conf["hosts"]) == ("2017-09-07", ["Södertälje", "Nykvarn"])
    assert conf["location"] == "Södertälje och Nykvarn"
    [radslag] = _of(plan_2017, "radslag")
    assert (radslag["start"], radslag["hosts"]) == ("2017-03-30", ["Nykvarn"])
    [keys] = _of(plan_2017, "nyckeltal")
    assert keys["start"] == "2017-10-26"
    assert len(plan_2017) == 6 + 1 + 7 + 1 + 1 + 1


def test_2018_months_are_provisional() -> None:
    plan = calendars.plan(load("sodertorn"), date(2018, 1, 1), date(2018, 5, 1)).of("kommitten")
    assert [(m.start, m.end, m.hosts, m.provisional, m.status.value) for m in plan] == [
        (date(2018, 1, 1), date(2018, 2, 1), ("Huddinge",), True, "provisional"),
        (date(2018, 3, 1), date(2018, 4, 1), ("Haninge",), True, "provisional"),
        (date(2018, 4, 1), date(2018, 5, 1), ("Nykvarn",), True, "provisional"),
    ]


def test_no_host_is_typed_on_a_meeting_in_the_bundled_files() -> None:
    for name in ("sodertorn", "malmolund", "fyra-malarstader"):
        text = resources.files("calendars").joinpath("data").joinpath(f"{name}.toml").read_text()
        data = tomllib.loads(text)
        members = set(data["members"])
        for body in data.get("bodies", {}).values():
            for entries in body.get("dates", {}).values():
                for entry in entries:
                    words = json.dumps(entry, ensure_ascii=False, default=str)
                    assert not any(m in words for m in members), (name, entry)


def test_sodertorn_2019_from_rules_alone() -> None:
    coop = load("sodertorn")
    plan = calendars.plan(coop, date(2019, 1, 1), date(2020, 1, 1))
    committee = plan.of("kommitten")
    assert len(committee) >= 6
    breaks = coop.bodies["kommitten"].rules.breaks
    for m in committee:
        assert isinstance(m.start, datetime)
        assert m.day.weekday() == 3
        assert m.start.time() == time(12, 0)
        assert holiday(m.day) is None
        assert not any(m.day in b for b in breaks)
    days = [m.day for m in committee]
    assert all((b - a).days >= 21 for a, b in itertools.pairwise(days))
    fridays = [m.day for m in plan.of("ledningsgrupp")]
    for day in days:
        assert any(f.weekday() == 4 and 13 <= (day - f).days <= 27 for f in fridays), day
    [radslag] = plan.of("radslag")
    assert radslag.hosts == ("Salem",)  # seed 003: 2019 Salem
    assert len(plan.of("nyckeltal")) == 1


def test_key_figures_day_every_second_year() -> None:
    plan = calendars.plan(load("sodertorn"), date(2017, 1, 1), date(2024, 1, 1)).of("nyckeltal")
    assert [m.day.year for m in plan] == [2017, 2019, 2021, 2023]


def test_malmolund_board_has_chair_and_vice_on_every_meeting() -> None:
    plan = calendars.plan(load("malmolund"), date(2024, 1, 1), date(2028, 1, 1)).of("styrelsen")
    assert len(plan) == 4 * 5
    for m in plan:
        chair = "Malmö" if m.day.year % 2 == 0 else "Lund"
        assert (m.chair, m.vice_chair) == (chair, {"Malmö", "Lund"}.difference({chair}).pop())
        assert m.day.weekday() == 1


def test_fyra_malarstader_chair_changes_at_the_september_2020_meeting() -> None:
    [meeting] = calendars.plan(
        load("fyra-malarstader"), date(2020, 9, 1), date(2020, 10, 1)
    ).meetings
    assert meeting.day == date(2020, 9, 9)
    assert meeting.chair == "Västerås"
    assert meeting.hosts == ("Strängnäs",)
    assert (
        load("fyra-malarstader").rotation("ordforande").holder(meeting.day - timedelta(days=1))
        == "Strängnäs"
    )
