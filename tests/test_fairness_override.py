"""Issue 17: a body's host override is a substitution in the fairness report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from test_calendar_model import DATES, committee_text

# The identity tests' committee (its six 2025 dates), with Kungsör standing in on 25 March.
COOP = (
    committee_text(DATES)
    + """
[[bodies.styrgrupp.overrides]]
date = "2025-03-25"
host = "Kungsör"
"""
)


def test_a_host_override_is_a_substitution_not_unfair(tmp_path: Path, cli: Callable) -> None:  # type: ignore[type-arg]
    coop = tmp_path / "ident.toml"
    coop.write_text(COOP, "utf-8")
    run = cli("fairness", coop, "--from", "2025-01-01", "--to", "2025-12-31")
    # Planned: Arboga, Köping, Kungsör, Arboga, Köping, Kungsör; on 25 March
    # Kungsör stands in for Köping: Arboga 2, Köping 1, Kungsör 3.
    assert run.status == 0, run.out
    lines = run.out.splitlines()
    assert lines[0].startswith("vard: fair"), run.out
    assert "  turns: Arboga 2, Köping 1, Kungsör 3" in lines
    substituted = [line for line in lines if "(a substitution)" in line]
    assert len(substituted) == 1, run.out
    # Per-event turns are named by their date, not by the meeting's UID.
    assert substituted == ["  Köping's turn 2025-03-25 went to Kungsör (a substitution)"]
