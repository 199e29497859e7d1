"""Shared fixtures: running the CLI in-process and the test data folder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from calendars._cli import main

DATA = Path(__file__).parent / "data"


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
