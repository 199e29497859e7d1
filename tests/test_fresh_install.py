"""The README's two set-up commands work on a clean copy in a fresh virtual environment.

The first (install and export) runs as written and must write feeds for all
five bundled cooperations. The second (`bash tests/run.sh`) runs with a
pytest selection, so the suite does not run itself again: the install,
lint and type-check steps are the same.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from calendars import bundled

ROOT = Path(__file__).resolve().parent.parent


def _setup_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## Set up") : readme.index("## A five-minute tour")]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.DOTALL)]


def _clean_copy(target: Path) -> None:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    for name in listed.stdout.decode().split("\0"):
        if name and (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)


def test_readme_has_exactly_two_setup_commands() -> None:
    commands = _setup_commands()
    assert len(commands) == 2
    assert commands[0] == "pip install . && samverkan export"
    assert commands[1] == "bash tests/run.sh"
    assert "bash tests/run.sh" in (ROOT / ".ci" / "run").read_text()


def test_setup_commands_on_a_clean_copy(tmp_path: Path) -> None:
    if os.environ.get("SAMVERKAN_INNER_RUN"):
        pytest.skip("already inside a fresh-copy run")
    clean = tmp_path / "clean"
    _clean_copy(clean)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {
        **os.environ,
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        "VIRTUAL_ENV": str(venv),
        "SAMVERKAN_INNER_RUN": "1",
    }
    env.pop("PYTHONPATH", None)
    install, tests = _setup_commands()
    done = subprocess.run(["bash", "-c", install], cwd=clean, env=env, capture_output=True,
                          text=True, timeout=900, check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    feeds = clean / "feeds"
    for coop in bundled():
        assert (feeds / f"{coop}.ics").is_file(), coop
        assert f"feeds/{coop}.ics" in done.stdout
    assert (feeds / "index.html").is_file()

    done = subprocess.run(["bash", "-c", f"{tests} -q -k test_seeds"], cwd=clean, env=env,
                          capture_output=True, text=True, timeout=1200, check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert re.search(r"\d+ passed", done.stdout)
