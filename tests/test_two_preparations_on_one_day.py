"""Two meetings close together got two preparation meetings on one day (found by test_fuzz).

A preparation within `lead_days` before a meeting prepares it, whether
published or made for an earlier meeting; the planner only looked at the
published ones.
"""

from __future__ import annotations

from datetime import date

from test_bad_input import BASE, drop_key, set_key

from calendars import load_text, plan


def test_one_preparation_serves_two_meetings_in_its_window() -> None:
    text = drop_key(BASE, "bodies.styrgrupp", "weekday")  # the rule gives the days
    text = set_key(text, "bodies.styrgrupp", "rrule", '"FREQ=WEEKLY;BYDAY=MO,TH"')
    text = set_key(text, "bodies.styrgrupp", "per_year", "0")
    text = set_key(text, "bodies.styrgrupp", "season", '["03-01", "03-14"]')
    coop = load_text(text, file="prov.toml")
    found = plan(coop, date(2025, 1, 1), date(2026, 1, 1))
    # March 2025: Mondays 3 and 10, Thursdays 6 and 13 (no holiday).
    assert [m.day for m in found.of("styrgrupp")] == [
        date(2025, 3, 3),
        date(2025, 3, 6),
        date(2025, 3, 10),
        date(2025, 3, 13),
    ]
    # Fridays 3-10 days before, nearest the middle (6.5), earlier on a tie:
    # 3 March -> 21 Feb (tie with 28 Feb); 6 March -> 28 Feb; 10 March -> 28 Feb
    # is in its window already; 13 March -> 7 March.
    assert [m.day for m in found.of("beredning")] == [
        date(2025, 2, 21),
        date(2025, 2, 28),
        date(2025, 3, 7),
    ]
