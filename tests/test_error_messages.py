"""Every exit-2 message names where (issue 21): the file and its line, the key, or the option.

Runs each bad input of the table in tests/test_bad_input.py and asks more of
the message than that table does: a problem in a file (TOML, import-text,
.ics) names `file:LINE:` (only an empty file has no line) and, for TOML, the
key path; a command-line problem names the option (`--from`) or the argument
it is about.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA
from test_bad_input import CASES, Case, _run

_NO_LINE = ("import-ics file 0",)
"""An empty .ics file: there is no line to name, the file alone says where."""


def _in_file(case: Case, err: str, file: str) -> str:
    """What a message about an input file fails to name ("" when it names where)."""
    if case.id in _NO_LINE:
        return "" if f"{file}: " in err else "file"
    if not re.search(rf"{re.escape(file)}:\d+: ", err):
        return "file:LINE:"
    if case.key and case.key.replace('"', "") not in err:
        return f"key {case.key}"
    return ""


def _on_command_line(case: Case, err: str, tmp: Path) -> str:
    """What a message about the command line fails to name: its option or argument."""
    if any(a in err for a in case.payload if a.startswith("--")):
        return ""
    args = [a.replace("{data}", str(DATA)).replace("{tmp}", str(tmp)) for a in case.payload]
    values = [a for a in args[1:] if not a.startswith("--") and a] or args
    return "" if any(v in err for v in values) else "option or argument"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_message_names_where(case: Case, cli: Callable[..., Any], tmp_path: Path) -> None:
    run, file = _run(case, cli, tmp_path)
    assert run.status == 2, run.err
    if case.kind == "cli":
        missing = _on_command_line(case, run.err, tmp_path)
    else:
        missing = _in_file(case, run.err, file)
    assert not missing, f"no {missing} in {run.err!r}"


def test_a_change_log_that_is_not_json_is_named_with_its_line(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    # The third line breaks off inside the list: json names line 3, and so must the message.
    out = tmp_path / "feeds"
    out.mkdir()
    (out / "changes.json").write_text('{\n  "changes": [\n    oops\n', "utf-8")
    for args in (("changes", out), ("export", DATA / "feeds.toml", "--out", out)):
        run = cli(*args)
        assert run.status == 2, run.err
        assert f"{out / 'changes.json'}:3: not a change log samverkan wrote" in run.err


def test_a_previous_feed_names_the_line_it_cannot_read(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "feeds"
    period = ("--from", "2025-01-01", "--to", "2025-12-31", "--out", out, "--format", "csv")
    assert cli("export", DATA / "feeds.toml", *period).status == 0
    feed = out / "test-kommun-arboga.ics"
    text = feed.read_bytes()
    line = text[: text.index(b"SEQUENCE:0\r\n")].count(b"\n") + 1
    feed.write_bytes(text.replace(b"SEQUENCE:0\r\n", b"SEQUENCE:-3\r\n", 1))
    run = cli("export", DATA / "feeds.toml", *period)
    assert run.status == 2
    assert f"{feed}:{line}: the previous feed cannot be read back: SEQUENCE:-3" in run.err
