"""Every exit-2 message names where (issue 21): the file and its line, the key, or the option.

Runs each bad input of the table in tests/test_bad_input.py and asks more of
the message than that table does: a TOML key names `file:LINE:` and the key
path; an import-text problem `file:LINE:`; an .ics problem the file and the
line or property it is on (`file:LINE:` where the reader knows a line, else
the property, e.g. DTSTART); a command-line problem the option (`--from`) or
the argument it is about.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA
from test_bad_input import CASES, Case, _run

_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RRULE", "X-WR-TIMEZONE", "TZID")
_FILE_ONLY_ICS = ("import-ics file ",)
"""Whole-file problems (empty, not a calendar, not UTF-8): no line or property to name."""


def _where_missing(case: Case, err: str, file: str, tmp: Path) -> str:
    """What the message fails to name ("" when it names where)."""
    line = rf"{re.escape(file)}:\d+: "
    if case.kind in ("toml", "text"):
        if not re.search(line, err):
            return "file:LINE:"
        if case.key and case.key.replace('"', "") not in err:
            return f"key {case.key}"
        return ""
    if case.kind == "ics":
        if file not in err:
            return "file"
        if case.id.startswith(_FILE_ONLY_ICS) or re.search(line, err):
            return ""
        return "" if any(p in err for p in _PROPERTIES) else "line or property"
    options = [a for a in case.payload if a.startswith("--")]
    named = [o for o in options if o in err]
    if named:
        return ""
    args = [a.replace("{data}", str(DATA)).replace("{tmp}", str(tmp)) for a in case.payload]
    values = [a for a in args[1:] if not a.startswith("--") and a] or args
    return "" if any(v in err for v in values) else "option or argument"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_message_names_where(case: Case, cli: Callable[..., Any], tmp_path: Path) -> None:
    run, file = _run(case, cli, tmp_path)
    assert run.status == 2, run.err
    missing = _where_missing(case, run.err, file, tmp_path)
    assert not missing, f"no {missing} in {run.err!r}"
