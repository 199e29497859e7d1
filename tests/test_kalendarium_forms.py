"""The real meeting lists as Word documents, PDFs and saved web pages read to the same plan.

`tests/data/kalendarium/real/make_forms.py` lays each list out as a
secretariat's file looks (headings, bullets, a table with a header row); the
plan each must read to is the one worked out by hand in ``NN-name.expected``.
"""

from __future__ import annotations

import importlib.util
import shlex
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import DATA, need
from test_kalendarium_corpus import _line

import calendars
from calendars import load

REAL = DATA / "kalendarium" / "real"
CASES = sorted(REAL.glob("*.txt"))
_spec = importlib.util.spec_from_file_location("make_forms", REAL / "make_forms.py")
assert _spec is not None and _spec.loader is not None
make_forms = importlib.util.module_from_spec(_spec)
sys.modules["make_forms"] = make_forms
_spec.loader.exec_module(make_forms)


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("forms")
    for case in CASES:
        make_forms.make(case, folder, make_forms.font())
    return folder


def _wanted(case: Path) -> tuple[list[str], list[str]]:
    spec = case.with_suffix(".expected").read_text("utf-8").splitlines()
    args = [a for s in spec if s.startswith("# args:") for a in shlex.split(s[7:])]
    return args, sorted(s for s in spec if s.strip() and not s.startswith(("#", "!", "[exit")))


@pytest.mark.parametrize("suffix", ["docx", "html", "pdf"])
@pytest.mark.parametrize("case", CASES, ids=[c.stem[:2] for c in CASES])
def test_each_form_reads_to_the_hand_worked_plan(  # type: ignore[no-untyped-def]
    case: Path, suffix: str, forms: Path, cli, tmp_path: Path
) -> None:
    if suffix == "pdf":
        need(make_forms.font(), "a DejaVu Sans TrueType font (fonts-dejavu-core)")
    source = forms / f"{case.stem}.{suffix}"
    args, wanted = _wanted(case)
    out = tmp_path / "coop.toml"
    run = cli("import-text", source, "--id", "forms", "--out", out, *args)
    exit_1 = "[exit 1]" in case.with_suffix(".expected").read_text("utf-8").splitlines()
    assert run.status == (1 if exit_1 else 0), run.err
    assert all(": warning: " in line for line in run.err.splitlines()), run.err
    years = [int(w[:4]) for w in wanted]
    meetings = calendars.plan(load(out), date(min(years), 1, 1), date(max(years) + 1, 1, 1))
    assert sorted(_line(m) for m in meetings.meetings) == wanted


def test_the_forms_have_tables_bullets_and_headings(forms: Path) -> None:
    kinds = {b.kind for case in CASES for b in make_forms.blocks(case.read_text("utf-8"))}
    assert kinds == {"title", "heading", "paragraph", "bullets", "table"}
    tables = [c for c in CASES if any(b.kind == "table" for b in make_forms.blocks(c.read_text()))]
    assert len(tables) >= 10
