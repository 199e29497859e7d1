"""Shared fixtures: running the CLI in-process and the test data folder."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from calendars._cli.parser import main

# Property runs: 200 examples each by default; HYPOTHESIS_PROFILE=heavy runs
# 5,000 (minutes, not seconds: for before a release, not for every commit).
settings.register_profile("default", max_examples=200)
settings.register_profile("heavy", max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

DATA = Path(__file__).parent / "data"


class TookTooLong(Exception):  # noqa: N818 - reads as the verdict
    """A run went past its time limit."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `TookTooLong` in the main thread if the block runs longer than `seconds`."""

    def stop(signum: int, frame: object) -> None:
        raise TookTooLong(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Run:
    status: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run `samverkan` with arguments; returns status, stdout and stderr."""

    def run(*args: str) -> Run:
        try:
            status = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors and --version
            status = int(exc.code or 0)
        captured = capsys.readouterr()
        return Run(status, captured.out, captured.err)

    return run


# -- real consumers: ical.js, Chromium, Radicale ---------------------------------

import importlib.util  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402
from typing import Any  # noqa: E402

JS = Path(__file__).parent / "js"
ARTIFACTS = Path(__file__).parent / "artifacts"
ALLOW_SKIP = os.environ.get("SAMVERKAN_ALLOW_SKIP") == "1"
"""Skipping a test whose tool is missing is opt-in (a laptop without node, say)."""


def need(available: object, what: str) -> None:
    """Fail when `what` is missing; skip only with SAMVERKAN_ALLOW_SKIP=1.

    The one place that decides (trio's skip_if_optional_else_raise): a test
    whose real consumer is missing must not pass silently, in CI or anywhere.
    """
    if available:
        return
    if ALLOW_SKIP:
        pytest.skip(f"{what} is not installed (tests/run.sh installs it)")
    pytest.fail(
        f"{what} is missing: `bash tests/run.sh` installs it "
        "(SAMVERKAN_ALLOW_SKIP=1 skips such tests on a laptop)"
    )


@pytest.fixture(scope="session")
def icaljs() -> Callable[[list[Path]], dict[str, dict[str, object]]]:
    """Parse .ics files with Mozilla's ical.js; returns what parse.mjs prints."""
    node = shutil.which("node")
    need(
        node and (JS / "node_modules" / "ical.js").is_dir(),
        "node with ical.js (cd tests/js && npm ci)",
    )

    def parse(paths: list[Path]) -> dict[str, dict[str, object]]:
        done = subprocess.run(
            [str(node), str(JS / "parse.mjs"), *map(str, paths)],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)  # type: ignore[no-any-return]

    return parse


@pytest.fixture(scope="session")
def libical() -> Callable[[list[Path]], list[dict[str, Any]]]:
    """Check .ics files with libical through the system python3's gi; see libical/check.py."""
    system = Path("/usr/bin/python3")
    probe = (
        subprocess.run(
            [str(system), "-c", "import gi; gi.require_version('ICalGLib', '3.0')"],
            capture_output=True,
            check=False,
        )
        if system.is_file()
        else None
    )
    need(
        probe is not None and probe.returncode == 0,
        "libical for python3 (apt-get install python3-gi gir1.2-ical-3.0)",
    )

    def check(paths: list[Path]) -> list[dict[str, Any]]:
        done = subprocess.run(
            [str(system), str(Path(__file__).parent / "libical" / "check.py"), *map(str, paths)],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return [json.loads(line) for line in done.stdout.splitlines()]

    return check


@pytest.fixture(scope="session")
def chromium() -> str:
    """The path of Debian's headless Chromium."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    need(path, "Debian's chromium")
    assert path is not None
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(proc: subprocess.Popen[bytes], base: str, log: Path, what: str) -> None:
    """Wait until the server at `base` answers; fail with its log if it does not start."""
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base, timeout=1).close()
            return
        except urllib.error.HTTPError:
            return  # it answers, if only with an error for /
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                pytest.fail(f"{what} did not start: {log.read_text()}")
            time.sleep(0.2)


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[str]:
    """A Radicale CalDAV server on 127.0.0.1 with an empty store; yields a collection URL."""
    need(importlib.util.find_spec("radicale"), "Radicale (pip install radicale)")
    port = free_port()
    log = (tmp_path / "radicale.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--storage-filesystem-folder",
            str(tmp_path / "store"),
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--auth-type",
            "none",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        _serve(proc, base, tmp_path / "radicale.log", "Radicale")
        # The owner's collection; publish makes the calendar inside it.
        urllib.request.urlopen(
            urllib.request.Request(base + "kansli/", method="MKCOL"), timeout=5
        ).close()
        yield base + "kansli/"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


@pytest.fixture
def xandikos(tmp_path: Path) -> Iterator[str]:
    """A Xandikos CalDAV server on 127.0.0.1 with its default user; yields its calendar home."""
    need(importlib.util.find_spec("xandikos"), "Xandikos (pip install xandikos)")
    port = free_port()
    log = (tmp_path / "xandikos.log").open("w")
    listen = ["--defaults", "-l", "127.0.0.1", "-p", str(port), "--no-detect-systemd"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "xandikos", "serve", "-d", str(tmp_path / "xandikos"), *listen],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        _serve(proc, base, tmp_path / "xandikos.log", "Xandikos")
        yield base + "user/calendars/"  # publish makes the calendar inside it
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()
