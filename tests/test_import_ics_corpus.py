"""The .ics corpus: files shaped like real exports, each read or refused with a message.

Each ``tests/data/ics/NAME.ics`` has a ``NAME.expected``, worked out from the
file by hand:

* ``# args: …``: options for import-ics;
* ``! text``: a warning that must be printed;
* ``!! text``: the file is refused with exit status 2 and this in the message;
* every other line, one meeting in local time (Europe/Stockholm unless
  --timezone says otherwise): ``START END | TITLE | STATUS``.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from conftest import DATA

CORPUS = DATA / "ics"
CASES = sorted(CORPUS.glob("*.ics"))


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert all(c.with_suffix(".expected").exists() for c in CASES)


def _when(text: str) -> str:
    return text[:16] if "T" in text else text


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_ics_file(case: Path, cli) -> None:  # type: ignore[no-untyped-def]
    spec = case.with_suffix(".expected").read_text("utf-8").splitlines()
    args = [a for s in spec if s.startswith("# args:") for a in shlex.split(s[7:])]
    refused = [s[3:] for s in spec if s.startswith("!! ")]
    warned = [s[2:] for s in spec if s.startswith("! ")]
    wanted = [s for s in spec if s.strip() and not s.startswith(("#", "!"))]
    run = cli("import-ics", case, "--format", "json", *args)
    assert "Traceback" not in run.err
    if refused:
        assert run.status == 2, run.out
        assert run.out == ""
        for text in refused:
            assert text in run.err
        return
    assert run.status == 0, run.err
    for text in warned:
        assert text in run.err
    if not warned:
        assert run.err == ""
    got = [
        f"{_when(m['start'])} {_when(m['end'])} | {m['title']} | {m['status']}"
        for m in json.loads(run.out)
    ]
    assert got == wanted
