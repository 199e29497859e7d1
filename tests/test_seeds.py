"""The rules of the seeds, checked against dates read off the seed texts by hand."""

from __future__ import annotations

import json
from datetime import date

import pytest

from calendars import load
from rotations import Event, RotationError

# Seed 003, §6 "Världkommun för rådslaget", copied by hand.
RADSLAG = {
    2017: "Nykvarn", 2018: "Huddinge", 2019: "Salem", 2020: "Nynäshamn",
    2021: "Botkyrka", 2022: "Tyresö", 2023: "Södertälje", 2024: "Haninge",
}  # fmt: skip


def test_fyra_malarstader_chair_passes_at_the_september_2020_meeting() -> None:
    chair = load("fyra-malarstader").rotation("ordforande")
    # Seed 000: Strängnäs from September 2019 until the meeting on 9 September 2020.
    assert chair.holder(date(2019, 9, 30)) == "Strängnäs"
    assert chair.holder(date(2020, 9, 8)) == "Strängnäs"
    assert chair.holder(date(2020, 9, 9)) == "Västerås"
    term = chair.term(date(2020, 9, 9))
    assert (term.start, term.holder) == (date(2020, 9, 9), "Västerås")
    assert chair.term(date(2020, 9, 8)).end == date(2020, 9, 9)


def test_malmolund_chair_alternates_yearly_and_vice_is_the_other() -> None:
    chair = load("malmolund").rotation("ordforande")
    terms = chair.terms(date(2012, 1, 1), date(2032, 1, 1))
    assert len(terms) == 20
    for term in terms:
        expected = "Malmö" if term.start.year % 2 == 0 else "Lund"
        assert term.holder == expected, term
        assert term.deputy == ({"Malmö", "Lund"} - {expected}).pop()
        # Seed 004: the programme with the rotating chair was adopted on 24
        # January 2012 (the rotation's `from`); the first term starts that day.
        first = date(2012, 1, 24) if term.start.year == 2012 else date(term.start.year, 1, 1)
        assert (term.start, term.end) == (first, date(term.start.year + 1, 1, 1))


def test_sodertorn_radslag_follows_the_published_list() -> None:
    radslag = load("sodertorn").rotation("radslag")
    for year, host in RADSLAG.items():
        term = radslag.term(date(year, 3, 30))
        assert (term.holder, term.rule) == (host, "published")
    # The bundled file repeats the list after 2024 (its stated assumption).
    assert radslag.term(date(2025, 6, 1)).holder == "Nykvarn"
    assert radslag.term(date(2026, 6, 1)).holder == "Huddinge"
    assert radslag.term(date(2025, 6, 1)).rule == "repeat"


def test_cli_says_which_rule_produced_2025(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("rotation", "sodertorn", "radslag", "--from", "2024-01-01", "--to", "2025-12-31")
    assert run.status == 0
    rows = [line.split() for line in run.out.splitlines()]
    row_2025 = next(r for r in rows if r and r[0] == "2025")
    assert row_2025[1] == "Nykvarn" and row_2025[-1] == "repeat"
    assert 'repeated from its start (after = "repeat")' in " ".join(run.out.split())
    as_json = json.loads(
        cli(
            "rotation",
            "sodertorn",
            "radslag",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--format",
            "json",
        ).out
    )
    assert as_json == [
        {
            "holder": "Nykvarn",
            "deputy": None,
            "start": "2025-01-01",
            "end": "2026-01-01",
            "period": "2025",
            "rule": "repeat",
        }
    ]


def test_continue_follows_the_member_order_after_the_list() -> None:
    radslag = load("sodertorn").rotation("radslag").evolve(after="continue")
    # Member order: Haninge, Nykvarn, Salem, Nynäshamn, … — after Haninge (2024)
    # comes Nykvarn, then Salem (repeat would give Huddinge in 2026).
    assert radslag.holder(date(2025, 1, 1)) == "Nykvarn"
    assert radslag.holder(date(2026, 1, 1)) == "Salem"
    assert radslag.term(date(2026, 1, 1)).rule == "continue"


def test_stop_makes_2025_an_error() -> None:
    radslag = load("sodertorn").rotation("radslag").evolve(after="stop")
    assert radslag.holder(date(2024, 5, 1)) == "Haninge"
    with pytest.raises(RotationError, match=r"ended with 2024.*2025 has no holder"):
        radslag.holder(date(2025, 5, 1))


def test_shared_event_host_rotation_reproduces_the_2017_kalendarium() -> None:
    hosts = load("sodertorn").rotation("vardar")
    # Seed 003, §7: committee meetings (Thursdays) and the planning conference.
    committee = [
        date(2017, 2, 2),
        date(2017, 3, 23),
        date(2017, 6, 1),
        date(2017, 9, 14),
        date(2017, 10, 26),
        date(2017, 12, 7),
        date(2018, 1, 1),
        date(2018, 3, 1),
        date(2018, 4, 1),
    ]  # provisional months
    events = [Event(f"kommitte-{d}", d) for d in committee]
    events.append(Event("planeringskonferens-2017", date(2017, 8, 16), date(2017, 8, 18), weight=2))
    got = [t.holder for t in hosts.assign(events)]
    assert got == [
        "Haninge",
        "Nykvarn",
        "Salem",
        "Nynäshamn",
        "Botkyrka",
        "Tyresö",
        "Södertälje",
        "Huddinge",
        "Haninge",
        "Nykvarn",
    ]


def test_cancelled_event_does_not_use_up_a_turn() -> None:
    hosts = load("sodertorn").rotation("vardar")
    days = [date(2017, 2, 2), date(2017, 3, 23), date(2017, 6, 1)]
    events = [Event("a", days[0]), Event("b", days[1], cancelled=True), Event("c", days[2])]
    assert [(t.period, t.holder) for t in hosts.assign(events)] == [
        ("a", "Haninge"),
        ("c", "Nykvarn"),
    ]
    counting = hosts.evolve(count_cancelled=True)
    assert [t.holder for t in counting.assign(events)] == ["Haninge", "Nykvarn", "Salem"]
