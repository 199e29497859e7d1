"""Bad cooperation files: one clear error naming file, key and line; exit status 2."""

from __future__ import annotations

import pytest
from conftest import DATA

CASES = [
    # file, key in the message, line, words that say what is valid
    ("bad_unknown_member", "rotations.ordf.members", 10, "did you mean 'Köping'?"),
    ("bad_duplicate_member", "rotations.ordf.members", 10, "Arboga is listed more than once"),
    ("bad_unknown_key", "rotations.ordf.handovr", 11, "did you mean 'handover'?"),
    ("bad_empty_order", "rotations.ordf.members", 10, "non-empty list"),
    ("bad_handovers_out_of_order", "rotations.ordf.handovers", 14, "out of order"),
    ("bad_anchor_not_member", "rotations.ordf.start", 11, "valid: Arboga, Köping"),
    ("bad_feb29_handover", "rotations.ordf.handover", 11, "use 02-28 or 03-01"),
    ("bad_syntax", "not valid TOML", 11, "Unclosed inline table"),
    ("bad_turn", "rotations.ordf.turn", 11, "event | year | semester"),
    ("bad_change_key", "rotations.ordf.changes[0].leavs", 15, "did you mean 'leaves'?"),
]


@pytest.mark.parametrize(("name", "key", "line", "hint"), CASES, ids=[c[0] for c in CASES])
def test_bad_file_gives_one_clear_error(cli, name: str, key: str, line: int, hint: str) -> None:  # type: ignore[no-untyped-def]
    path = DATA / f"{name}.toml"
    run = cli("rotation", path, "ordf", "--from", "2020-01-01", "--to", "2021-12-31")
    assert run.status == 2
    assert run.out == ""
    assert "Traceback" not in run.err
    assert f"{path}:{line}: " in run.err
    assert key in run.err
    assert hint in run.err
    assert len(run.err.strip().splitlines()) == 1


def test_missing_file(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("rotation", "no-such.toml", "ordf")
    assert run.status == 2
    assert (
        "bundled name: sodertorn, fyra-malarstader, malmolund, vastra-malardalen, bergslagen"
        in run.err
    )


def test_unknown_rotation(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("rotation", "malmolund", "ordf")
    assert run.status == 2
    assert "valid: ordforande" in run.err


@pytest.mark.parametrize(
    "args",
    [
        ["rotation", "malmolund", "ordforande", "--from", "2020-13-01"],
        ["rotation", "malmolund", "ordforande", "--format", "xml"],
        ["rotation", "malmolund", "ordforande", "--from", "2021-01-01", "--to", "2020-01-01"],
        ["frobnicate"],
    ],
)
def test_bad_command_line_exits_2(cli, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    run = cli(*args)
    assert run.status == 2
    assert "Traceback" not in run.err
    assert run.err.strip()
