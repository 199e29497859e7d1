"""Ids and keys name files: only safe ones, and no two things share a feed file.

Release 2.0: a body named `rotationer` overwrote the rotations feed, members
"Västerås" and "Vasteras" overwrote each other, `id = "/abs/path/pwn"`
wrote outside --out, "../../x" crashed and CR/LF landed in file names —
all with exit status 0.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from calendars import CalendarError, ConfigError, load_text
from calendars._publish.export import export

BASE = """id = "{id}"
name = "Test"

[members]
"Arboga" = {{}}
"Köping" = {{}}
{members}
[rotations.{rotation}]
role = "värd"
turn = "year"
members = ["Arboga", "Köping"]
start = {{ date = "2025-01-01", holder = "Arboga" }}

[bodies.{body}]
name = "Styrgruppen"
host = "{rotation}"
weekday = "måndag"
time = "12:00-15:00"
per_year = 2
"""


def _text(
    *, id: str = "test", body: str = "styrgrupp", rotation: str = "vard", members: str = ""
) -> str:
    return BASE.format(id=id, body=body, rotation=rotation, members=members)


def test_the_template_is_valid() -> None:
    coop = load_text(_text(), file="ok.toml")
    assert coop.id == "test"
    assert list(coop.bodies) == ["styrgrupp"]


@pytest.mark.parametrize(
    ("text", "line", "key", "shared", "other"),
    [
        # A body named like the rotations feed.
        (_text(body="rotationer"), 14, "bodies.rotationer", "test-rotationer.ics", "the rotations"),
        # Two members whose names make one slug.
        (
            _text(members='"Västerås" = {}\n"Vasteras" = {}\n'),
            8,
            "members.Vasteras",
            "test-kommun-vasteras.ics",
            "members.Västerås",
        ),
        (
            _text(members='"Kungsör" = {}\n"KUNGSOR" = {}\n'),
            8,
            "members.KUNGSOR",
            "test-kommun-kungsor.ics",
            "members.Kungsör",
        ),
        # A body whose key is a member's feed.
        (
            _text(body="kommun-arboga"),
            5,
            "members.Arboga",
            "test-kommun-arboga.ics",
            "bodies.kommun-arboga",
        ),
    ],
)
def test_shared_feed_files_are_refused_at_load_time(
    text: str, line: int, key: str, shared: str, other: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_text(text, file="coop.toml")
    error = caught.value
    assert (error.file, error.line, error.key) == ("coop.toml", line, key)
    assert shared in str(error)
    assert other in str(error)


@pytest.mark.parametrize(
    ("where", "value"),
    [
        ("id", "/abs/path/pwn"),
        ("id", "../../x"),
        ("id", "a\\rb"),
        ("id", "a\\nb"),
        ("id", "Gemensamt KS"),
        ("id", "sodertorn.ics"),
        ("id", "-x"),
        ("id", "x-"),
        ("id", "x" * 65),
        ("id", "västerås"),
        ("body", '"Gemensamt KS"'),
        ("body", '"../x"'),
        ("body", '"a/b"'),
        ("body", "Styrgrupp"),
        ("body", "styr_grupp"),
        ("rotation", "Vard"),
        ("rotation", '"vård"'),
        ("rotation", '".hidden"'),
    ],
)
def test_ids_and_keys_that_cannot_name_a_file(where: str, value: str) -> None:
    if where == "id":
        text = _text(id=value)
        line, key = 1, "id"
    elif where == "body":
        text = _text(body=value)
        line, key = 14, f"bodies.{value.strip(chr(34))}"
    else:
        text = _text(rotation=value).replace(f'host = "{value}"', 'host = "x"')
        line, key = 8, f"rotations.{value.strip(chr(34))}"
    with pytest.raises(ConfigError) as caught:
        load_text(text, file="coop.toml")
    error = caught.value
    assert error.file == "coop.toml"
    assert error.line == line
    assert error.key == key
    assert "cannot name a file" in str(error)
    assert 'lowercase ASCII letters, digits and "-"' in str(error)


def test_cli_refuses_a_path_as_id_and_writes_nothing(
    tmp_path: Path, cli: Callable[..., object]
) -> None:
    path = tmp_path / "pwn.toml"
    target = tmp_path / "pwned"
    path.write_text(_text(id=str(target)), "utf-8")
    out = tmp_path / "feeds"
    run = cli("export", path, "--from", "2025-01-01", "--to", "2025-12-31", "--out", out)
    assert run.status == 2  # type: ignore[attr-defined]
    assert f"{path}:1: id:" in run.err  # type: ignore[attr-defined]
    assert "Traceback" not in run.err  # type: ignore[attr-defined]
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [path]


def test_two_cooperations_sharing_a_feed_file_are_refused(tmp_path: Path) -> None:
    first = load_text(_text(id="a", body="b-c"), file="a.toml")
    second = load_text(_text(id="a-b", body="c"), file="ab.toml")
    with pytest.raises(CalendarError, match=r"'a' and 'a-b' both make the feed file a-b-c\.ics"):
        export(
            [first, second],
            out=tmp_path,
            start=date(2025, 1, 1),
            end=date(2026, 1, 1),
            stamp=datetime(2025, 1, 1, tzinfo=UTC),
        )
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == []
