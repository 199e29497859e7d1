"""A bug of ours while reading a previous feed back is a bug, not "a bad previous feed".

Release 2.1 turned any TypeError or AttributeError raised while a previous
feed was used into "the previous feed cannot be read back"; under --force
that published every meeting as new, its SEQUENCE back at 0.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from calendars._config.cooperation import load
from calendars._formats.ical import Renderer
from calendars._publish.export import export

START, END = date(2024, 1, 1), date(2025, 1, 1)


def _export(out: Path, day: int) -> None:
    export(
        [load("sodertorn")],
        out=out,
        start=START,
        end=END,
        stamp=datetime(2024, 6, day, tzinfo=UTC),
        force=True,
        warn=lambda message: pytest.fail(f"warned: {message}"),
    )


def test_a_type_error_of_ours_is_raised_even_with_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _export(tmp_path, 1)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if not p.name.startswith(".")}
    feed = Renderer.feed

    def buggy(self: Renderer, *args: object, previous: bytes | None = None, **kw: object) -> bytes:
        if previous is not None:
            raise TypeError("a bug of ours")
        return feed(self, *args, previous=previous, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Renderer, "feed", buggy)
    with pytest.raises(TypeError, match="a bug of ours"):
        _export(tmp_path, 2)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if not p.name.startswith(".")}
    assert after == before  # nothing written, no SEQUENCE reset
