"""A previous feed that cannot be read back: named, exit 2 with the fix; --force goes on.

Release 2.0: one unreadable file blocked every export with no way out, an
emptied file silently reset SEQUENCE, a FIFO hung the export and a symlink
to /dev/zero exhausted memory.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from calendars._cli.parser import main
from calendars._publish.files import MAX_FEED_BYTES

PERIOD = ("--from", "2024-01-01", "--to", "2025-12-31")
FEED = "sodertorn-kommitten.ics"


def _first_event(data: bytes, change: Callable[[bytes], bytes]) -> bytes:
    head, rest = data.split(b"BEGIN:VEVENT\r\n", 1)
    event, tail = rest.split(b"END:VEVENT\r\n", 1)
    return head + b"BEGIN:VEVENT\r\n" + change(event) + b"END:VEVENT\r\n" + tail


def _removed_event(event: bytes) -> bytes:
    # A meeting no longer planned, with a removal time that is no date-time.
    event = re.sub(rb"UID:[^\r]*", b"UID:sodertorn-kommitten-gone@samverkan", event)
    return event + b"X-SAMVERKAN-REMOVED:yesterday\r\n"


def _replace(path: Path, content: bytes) -> None:
    path.unlink()
    path.write_bytes(content)


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _zero(path: Path) -> None:
    path.unlink()
    path.symlink_to("/dev/zero")


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _huge(path: Path) -> None:
    with path.open("r+b") as handle:  # sparse: costs no disk
        handle.truncate(MAX_FEED_BYTES + 1)


BAD: dict[str, tuple[Callable[[Path], None], str]] = {
    "emptied": (lambda p: _replace(p, b""), "it is empty"),
    "fifo": (_fifo, "not a regular file"),
    "dev-zero": (_zero, "not a regular file"),
    "folder": (_folder, "not a regular file"),
    "huge": (_huge, "larger than 64 MiB"),
    "sequence-abc": (
        lambda p: _replace(p, p.read_bytes().replace(b"SEQUENCE:0", b"SEQUENCE:abc", 1)),
        "SEQUENCE",
    ),
    "no-uid": (
        lambda p: _replace(
            p, _first_event(p.read_bytes(), lambda e: re.sub(rb"UID:[^\r]*\r\n", b"", e))
        ),
        "UID",
    ),
    "bad-removed": (
        lambda p: _replace(p, _first_event(p.read_bytes(), _removed_event)),
        "X-SAMVERKAN-REMOVED",
    ),
    "not-utf8": (
        lambda p: _replace(p, p.read_bytes().replace(b"Nykvarn", b"Nyk\xe4rn", 1)),
        "UTF-8",
    ),
    "garbage-dtstart": (
        lambda p: _replace(
            p,
            p.read_bytes().replace(
                b"DTSTART;TZID=Europe/Stockholm:20240201T120000", b"DTSTART:garbage", 1
            ),
        ),
        "DTSTART",
    ),
    "not-icalendar": (lambda p: _replace(p, b"<html>moved</html>\n"), "not a valid iCalendar"),
}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("published")
    args = ["export", "sodertorn", *PERIOD, "--stamp", "2025-01-01T00:00:00Z", "--out", str(out)]
    assert main([*args, "--format", "csv"]) == 0
    return out


def _others(out: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in out.iterdir()
        if p.name != FEED and not p.name.startswith(".")
    }


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_previous_feed_is_named_with_the_fix(
    case: str, published: Path, tmp_path: Path, cli: Callable[..., object]
) -> None:
    out = tmp_path / "feeds"
    shutil.copytree(published, out)
    spoil, reason = BAD[case]
    spoil(out / FEED)
    before = _others(out)
    args = ("export", "sodertorn", *PERIOD, "--stamp", "2025-06-01T00:00:00Z", "--out", out)
    run = cli(*args)
    assert run.status == 2, run.err  # type: ignore[attr-defined]
    err: str = run.err  # type: ignore[attr-defined]
    assert FEED in err
    assert reason in err
    assert "--force" in err
    assert "Traceback" not in err
    assert _others(out) == before  # nothing written
    forced = cli(*args, "--force", "--format", "csv")
    if case == "folder":  # --force replaces files, never folders
        assert forced.status == 2  # type: ignore[attr-defined]
        assert f"{FEED} is a folder, where a feed goes; remove it" in forced.err  # type: ignore[attr-defined]
        assert _others(out) == before
        return
    assert forced.status == 0, forced.err  # type: ignore[attr-defined]
    assert "warning: the previous feed" in forced.err  # type: ignore[attr-defined]
    assert FEED in forced.err  # type: ignore[attr-defined]
    replaced = out / FEED
    assert replaced.is_file() and not replaced.is_symlink()
    assert replaced.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    # Its meetings went out as new: the first committee meeting is there, SEQUENCE 0.
    assert (
        b"UID:sodertorn-kommitten-2024-02-01@samverkan\r\nSEQUENCE:0\r\n" in replaced.read_bytes()
    )


def test_api_force_warns_and_goes_on(published: Path, tmp_path: Path) -> None:
    from datetime import UTC, date, datetime

    from calendars import CalendarError, export, load

    out = tmp_path / "feeds"
    shutil.copytree(published, out)
    (out / FEED).write_bytes(b"")
    args = {
        "out": out,
        "start": date(2024, 1, 1),
        "end": date(2026, 1, 1),
        "stamp": datetime(2025, 6, 1, tzinfo=UTC),
    }
    with pytest.raises(CalendarError, match=f"{FEED} cannot be read back: it is empty"):
        export([load("sodertorn")], **args)  # type: ignore[arg-type]
    told: list[str] = []
    export([load("sodertorn")], force=True, warn=told.append, **args)  # type: ignore[arg-type]
    assert len(told) == 1
    assert FEED in told[0]
    (out / FEED).write_bytes(b"")
    with pytest.warns(UserWarning, match="cannot be read back"):
        export([load("sodertorn")], force=True, **args)  # type: ignore[arg-type]
