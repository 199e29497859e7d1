"""Every example in README.md and docs/*.md runs, so the docs cannot drift.

In a Markdown file:
* ```python blocks run in order, in one namespace per file;
* ```toml blocks whose first line is ``# file: NAME``, and any block
  opened as ```text file=NAME, are written to NAME in the file's working
  folder before its commands run;
* ```console blocks hold ``$ command`` lines, each followed by the exact
  output expected ("..." in a line stands for any text, as in doctest);
  a last output line ``[exit N]`` expects exit status N.
* ```sh blocks in README.md are the set-up commands, run by
  test_fresh_install; in docs/ they show commands that need a server
  (serve, publish) or a long run: each `samverkan` line in them must parse.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```", re.DOTALL | re.MULTILINE)


def _blocks(page: Path) -> list[tuple[str, str, str]]:
    return [(m[1], m[2].strip(), m[3]) for m in BLOCK.finditer(page.read_text("utf-8"))]


def _pattern(line: str) -> str:
    return ".*".join(re.escape(part) for part in line.split("..."))


def _run_console(block: str, cwd: Path) -> None:
    commands: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        else:
            assert commands, f"output before any command: {line!r}"
            commands[-1][1].append(line)
    for command, lines in commands:
        status = 0
        expected_lines = lines
        if lines and (m := re.fullmatch(r"\[exit (\d+)\]", lines[-1])):
            status = int(m[1])
            expected_lines = lines[:-1]
        argv = shlex.split(command)
        assert argv[0] == "samverkan", f"docs commands run samverkan, not {argv[0]}"
        done = subprocess.run(
            [sys.executable, "-m", "calendars._cli", *argv[1:]],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
            env={
                "COLUMNS": "80",
                "PATH": "/usr/bin:/bin",
                "LC_ALL": "C.UTF-8",
                # The code under test, when it is not the installed one (a worktree).
                **{k: v for k, v in os.environ.items() if k == "PYTHONPATH"},
            },
        )
        got = [line.rstrip() for line in (done.stdout + done.stderr).rstrip("\n").splitlines()]
        want = [line.rstrip() for line in expected_lines]
        if len(got) == len(want):
            got = [w if re.fullmatch(_pattern(w), g) else g for g, w in zip(got, want, strict=True)]
        assert got == want, (
            f"$ {command}\n--- expected\n" + "\n".join(want) + "\n--- got\n" + "\n".join(got)
        )
        assert done.returncode == status, f"$ {command}: exit {done.returncode}, expected {status}"


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_examples_run(page: Path, tmp_path: Path) -> None:
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    ran = 0
    for lang, info, body in _blocks(page):
        if info.startswith("file="):
            (tmp_path / info.removeprefix("file=")).write_text(body, "utf-8")
        if lang == "python":
            exec(compile(body, str(page), "exec"), namespace)
            ran += 1
        elif lang == "toml" and body.startswith("# file: "):
            name = body.splitlines()[0].removeprefix("# file: ").strip()
            (tmp_path / name).write_text(body, "utf-8")
        elif lang == "console":
            _run_console(body, tmp_path)
            ran += 1
    assert ran or page.name in {"index.md"}, f"{page.name} has no runnable example"


def test_reference_lists_exactly_the_keys_the_validator_accepts() -> None:
    from calendars._config.cooperation import SCHEMA

    text = (ROOT / "docs" / "reference.md").read_text("utf-8")
    documented: dict[str, set[str]] = {}
    for marker in re.finditer(r"<!-- keys: ?(\S*) -->\n((?:\|.*\n)+)", text):
        documented[marker[1]] = set(re.findall(r"^\| `([^`]+)` \|", marker[2], re.MULTILINE))
    assert set(documented) == set(SCHEMA)
    for path, keys in SCHEMA.items():
        assert documented[path] == set(keys), path


def test_sh_examples_in_docs_parse() -> None:
    from calendars._cli import _parser

    checked = 0
    for page in PAGES[1:]:
        for lang, _, body in _blocks(page):
            if lang != "sh":
                continue
            for line in body.splitlines():
                words = shlex.split(line, comments=True)
                while words and "=" in words[0] and not words[0].startswith("-"):
                    words = words[1:]  # VAR=value prefixes
                if words[:1] == ["samverkan"]:
                    _parser().parse_args(words[1:])  # exits 2 on a bad example
                    checked += 1
    assert checked >= 3
