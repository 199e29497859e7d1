"""A meeting time given as a start only: it lasts the body's duration, and says the end is not stated."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

import calendars
from calendars import load
from calendars._errors import ConfigError

COOP = """id = "t"
name = "T"
[members]
A = {{}}
[bodies.kf]
name = "Kommunfullmäktige"
time = "18.30"
{duration}
[bodies.kf.dates]
2023 = [ {{ date = "2023-01-30" }}, {{ date = "2023-03-27", time = "09:00" }} ]
"""


def _meetings(tmp_path: Path, duration: str = "") -> list[calendars.Meeting]:
    path = tmp_path / "t.toml"
    path.write_text(COOP.format(duration=duration), "utf-8")
    return list(calendars.plan(load(path), date(2023, 1, 1), date(2024, 1, 1)).meetings)


def test_a_start_only_lasts_two_hours_by_default_and_says_the_end_is_not_stated(
    tmp_path: Path,
) -> None:
    first, second = _meetings(tmp_path)
    assert isinstance(first.start, datetime) and isinstance(first.end, datetime)
    assert (first.start.hour, first.start.minute, first.end.hour, first.end.minute) == (
        18,
        30,
        20,
        30,
    )
    assert first.description == "Sluttiden är inte angiven."
    assert isinstance(second.start, datetime) and isinstance(second.end, datetime)
    assert (second.start.hour, second.end.hour) == (9, 11)


def test_the_body_duration_key_sets_the_length(tmp_path: Path) -> None:
    first, _ = _meetings(tmp_path, 'duration = "PT3H"')
    assert isinstance(first.end, datetime)
    assert (first.end.hour, first.end.minute) == (21, 30)


@pytest.mark.parametrize("bad", ['"PT0S"', '"P2D"', '"three hours"', "3"])
def test_a_duration_that_is_not_one_is_named(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ConfigError, match="duration"):
        _meetings(tmp_path, f"duration = {bad}")
