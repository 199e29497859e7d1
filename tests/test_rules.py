"""Meeting rules: Swedish non-meeting days, spreading, preparation, DST."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta

import pytest
from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import calendars
from calendars import CalendarError, load
from calendars._model.body import Rules
from calendars._model.days import Break, holiday
from calendars._model.zone import check_local_time
from calendars._planning.candidates import candidates, preparation_day, spread

# Easter, worked out from an almanac: (Good Friday, Easter Monday).
EASTER = {
    2017: (date(2017, 4, 14), date(2017, 4, 17)),
    2019: (date(2019, 4, 19), date(2019, 4, 22)),
    2024: (date(2024, 3, 29), date(2024, 4, 1)),
    2038: (date(2038, 4, 23), date(2038, 4, 26)),
}
EVES = [date(2017, 6, 23), date(2024, 6, 21), date(2038, 6, 25),  # midsommarafton
        date(2017, 12, 24), date(2024, 12, 24),  # julafton
        date(2017, 12, 31), date(2024, 12, 31)]  # nyårsafton  # fmt: skip


@pytest.mark.parametrize("year", sorted(EASTER))
def test_easter_moves_each_year_and_is_never_a_meeting_day(year: int) -> None:
    good_friday, easter_monday = EASTER[year]
    assert holiday(good_friday) == "Långfredagen"
    assert holiday(easter_monday) == "Annandag påsk"
    fridays = candidates(Rules(weekday=4), year)
    mondays = candidates(Rules(weekday=0), year)
    assert good_friday not in fridays
    assert easter_monday not in mondays
    assert good_friday + timedelta(days=7) in fridays


@pytest.mark.parametrize("eve", EVES, ids=str)
def test_midsummer_christmas_and_new_years_eve_are_never_meeting_days(eve: date) -> None:
    assert eve not in candidates(Rules(), eve.year)
    assert holiday(eve) in {"Midsommarafton", "Julafton", "Nyårsafton"}


def test_breaks_by_days_wrapping_new_year_and_by_week() -> None:
    christmas = Break("jul", first=(12, 20), last=(1, 6))
    assert date(2024, 12, 27) in christmas
    assert date(2025, 1, 6) in christmas
    assert date(2025, 1, 7) not in christmas
    sportlov = Break("sportlov", week=8)
    assert date(2024, 2, 19) in sportlov  # Monday of ISO week 8, 2024
    assert date(2024, 2, 26) not in sportlov


def test_twelve_noon_is_twelve_local_in_march_july_and_november() -> None:
    plan = calendars.plan(load(DATA / "plan_rules.toml"), date(2020, 1, 1), date(2021, 1, 1))
    offsets = {m.day: m.start.utcoffset() for m in plan.meetings if isinstance(m.start, datetime)}
    assert all(m.start.time() == time(12) for m in plan.meetings if isinstance(m.start, datetime))
    # CET (+01:00) until 29 March 2020 and again from 25 October; CEST between.
    assert offsets == {
        date(2020, 3, 24): timedelta(hours=1),
        date(2020, 5, 12): timedelta(hours=2),
        date(2020, 7, 7): timedelta(hours=2),
        date(2020, 11, 3): timedelta(hours=1),
    }


def test_a_time_the_clocks_skip_or_repeat_is_refused() -> None:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Europe/Stockholm")
    with pytest.raises(CalendarError, match="does not exist"):
        check_local_time(date(2025, 3, 30), time(2, 30), zone, what="x")
    with pytest.raises(CalendarError, match="happens twice"):
        check_local_time(date(2025, 10, 26), time(2, 30), zone, what="x")
    assert check_local_time(
        date(2025, 3, 31), time(2, 30), zone, what="x"
    ).utcoffset() == timedelta(hours=2)


def test_cancelled_meeting_takes_no_host_turn_and_conflicts_are_reported() -> None:
    plan = calendars.plan(load(DATA / "plan_rules.toml"), date(2020, 1, 1), date(2021, 1, 1))
    got = [(m.day, m.status.value, m.hosts, m.chair) for m in plan.meetings]
    assert got == [
        (date(2020, 3, 24), "confirmed", ("Arboga",), "Arboga"),
        (date(2020, 5, 12), "cancelled", (), "Arboga"),
        (date(2020, 7, 7), "confirmed", ("Köping",), "Arboga"),
        (date(2020, 11, 3), "confirmed", ("Kungsör",), "Arboga"),
    ]
    assert [c.uid for c in plan.conflicts] == ["regler-styrgrupp-2020-03-24@samverkan"]
    assert "Arboga chairs" in plan.conflicts[0].message


@pytest.mark.parametrize(
    ("name", "key", "words"),
    [
        ("bad_dst_time", "bodies.nattmote.time", "does not exist"),
        ("bad_impossible_rule", "bodies.kommitte.per_year", "needs at least 6 meetings in 2020"),
        ("bad_host_on_date", "bodies.kommitte.dates.2020", "unknown key 'hots'"),
    ],
)
def test_impossible_rules_are_config_errors(cli, name: str, key: str, words: str) -> None:  # type: ignore[no-untyped-def]
    run = cli("plan", DATA / f"{name}.toml", "--from", "2020-01-01", "--to", "2020-12-31")
    assert run.status == 2
    assert key in run.err
    assert words in run.err
    assert "Traceback" not in run.err


# -- properties ----------------------------------------------------------------

month_days = st.tuples(st.integers(1, 12), st.integers(1, 28))


@st.composite
def rule_sets(draw: st.DrawFn) -> Rules:
    first = draw(month_days)
    last = draw(month_days.filter(lambda md: md > first))
    breaks = draw(
        st.lists(
            st.builds(lambda a, b: Break("b", first=a, last=b), month_days, month_days)
            | st.builds(lambda w: Break("v", week=w), st.integers(1, 52)),
            max_size=2,
        )
    )
    return Rules(
        weekday=draw(st.none() | st.integers(0, 6)),
        days=draw(st.integers(1, 2)),
        per_year=draw(st.integers(1, 12)),
        season=(first, last),
        breaks=tuple(breaks),
        min_gap_days=draw(st.integers(0, 30)),
    )


# The number of examples comes from the profile (tests/conftest.py).
PROPS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(rule_sets(), st.integers(1990, 2100))
def test_rules_never_meet_on_holidays_or_breaks_and_meet_often_enough(
    rules: Rules, year: int
) -> None:
    try:
        days = spread(rules, year, body="b")
    except CalendarError as exc:
        assert "body 'b' needs at least" in str(exc)
        assert str(year) in str(exc)
        # Infeasible means: not even packing from the first free day fits.
        free = candidates(rules, year)
        packed: list[date] = []
        for d in free:
            if not packed or (d - packed[-1]).days >= max(rules.min_gap_days, rules.days):
                packed.append(d)
        assert len(packed) < rules.per_year
        return
    assert len(days) == rules.per_year
    gap = max(rules.min_gap_days, rules.days)
    for a, b in itertools.pairwise(days):
        assert (b - a).days >= gap
    for d in days:
        assert date(year, *rules.season[0]) <= d <= date(year, *rules.season[1])
        assert rules.weekday is None or d.weekday() == rules.weekday
        for i in range(rules.days):
            day = d + timedelta(days=i)
            assert holiday(day) is None
            assert not any(day in b for b in rules.breaks)
    assert spread(rules, year, body="b") == days  # the same on a second run


@PROPS
@given(
    st.dates(date(1990, 1, 1), date(2100, 12, 31)),
    st.integers(0, 6),
    st.integers(1, 20),
    st.integers(0, 14),
)
def test_preparation_precedes_within_the_lead(
    meeting: date, weekday: int, least: int, width: int
) -> None:
    rules = Rules(weekday=weekday, prepares="x", lead_days=(least, least + width))
    try:
        day = preparation_day(rules, meeting, body="p")
    except CalendarError as exc:
        assert f"{least}–{least + width} days before" in str(exc)
        return
    assert least <= (meeting - day).days <= least + width
    assert day.weekday() == weekday
    assert holiday(day) is None


def test_rrule_days_are_the_candidates() -> None:
    # The first Thursday of each month of 2024 (worked out from a calendar);
    # 6 June is National Day, so June has none.
    rules = Rules(rrule="FREQ=MONTHLY;BYDAY=1TH")
    assert spread(rules, 2024, body="b") == [
        date(2024, 1, 4), date(2024, 2, 1), date(2024, 3, 7), date(2024, 4, 4),
        date(2024, 5, 2), date(2024, 7, 4), date(2024, 8, 1), date(2024, 9, 5),
        date(2024, 10, 3), date(2024, 11, 7), date(2024, 12, 5),
    ]  # fmt: skip


def test_host_is_chair_reports_meetings_the_chair_does_not_host() -> None:
    from calendars import load_text

    text = (
        (DATA / "plan_rules.toml")
        .read_text()
        .replace("host_not_chair = true", "host_is_chair = true")
    )
    plan = calendars.plan(load_text(text, file="x.toml"), date(2020, 1, 1), date(2021, 1, 1))
    # Chair Arboga all 2020; hosts Arboga, (cancelled), Köping, Kungsör.
    assert [c.uid for c in plan.conflicts] == [
        "regler-styrgrupp-2020-07-07@samverkan",
        "regler-styrgrupp-2020-11-03@samverkan",
    ]
    assert (
        plan.conflicts[0].message
        == "Arboga chairs Styrgruppen on 2020-07-07 but does not host it (Köping does)"
    )


def test_swedish_holidays_loaded_alone_equal_python_holidays_own() -> None:
    import holidays

    from calendars._model.days import _holidays

    for year in (1990, 2017, 2024, 2038, 2100):
        theirs = holidays.country_holidays(
            "SE",
            years=year,
            include_sundays=False,
            categories=("public", "de_facto"),
            language="sv",
        )
        assert _holidays(year) == dict(theirs.items())
        assert date(year, 12, 24) in _holidays(year)  # julafton
