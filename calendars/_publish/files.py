"""Feed folders: the previous feeds read back, new ones written atomically."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from calendars._errors import CalendarError


def _holds(target: Path, content: bytes) -> bool:
    """Whether `target` is a regular file holding exactly `content`."""
    try:
        if not target.is_file() or target.is_symlink() or target.stat().st_size != len(content):
            return False
        return target.read_bytes() == content
    except OSError:
        return False


def write_atomically(out: Path, files: Mapping[str, bytes]) -> set[str]:
    """Write every file or none: all go to temporary files first, then each is renamed.

    A failure before the renames (a bad plan, a full disk) leaves the
    previous files untouched; `os.replace` is atomic per file. A file that
    already holds the bytes is not touched (same inode and mtime), so web
    servers, rsync and CDNs see it unchanged.

    Returns:
        The names of the files written.

    """
    out.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, content in files.items():
            target = out / name
            if _holds(target, content):
                continue
            fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out)
            staged.append((Path(tmp_name), target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        for tmp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        raise
    for tmp, target in staged:
        os.replace(tmp, target)
    return {target.name for _, target in staged}


def read_previous(out: Path) -> dict[str, bytes]:
    """The feeds as last published in `out`, by file name."""
    if not out.is_dir():
        return {}
    found = {}
    for path in sorted(out.glob("*.ics")):
        try:
            found[path.name] = path.read_bytes()
        except OSError as exc:
            msg = f"cannot read the previous feed {path}: {exc}"
            raise CalendarError(msg) from None
    return found
