"""`--base-url` is checked before anything is written (it was taken as is: ftp://x made links)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

PERIOD = ("--from", "2026-01-01", "--to", "2026-12-31", "--stamp", "2026-11-22T12:00:00Z")


@pytest.mark.parametrize("url", ["ftp://x", "kalender/", "https://", "https://ex ample.se/k/"])
def test_a_base_url_that_is_no_web_address_is_refused(
    url: str, cli: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "feeds"
    run = cli("export", "malmolund", *PERIOD, "--out", out, "--base-url", url)
    assert run.status == 2
    assert "--base-url" in run.err and "http:// or https://" in run.err
    assert not out.exists()  # nothing written


def test_a_web_address_makes_absolute_subscribe_links(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "feeds"
    run = cli("export", "malmolund", *PERIOD, "--out", out, "--base-url", "https://ex.se/kal")
    assert run.status == 0, run.err
    page = (out / "index.html").read_text("utf-8")
    # The slash the address lacks is added: the feed is in the folder, not beside it.
    assert "webcal://ex.se/kal/malmolund.ics" in page
    assert "https://ex.se/kal/malmolund.ics" in page
