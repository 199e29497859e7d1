"""Feed folders: the previous feeds read back safely, new ones written atomically.

What a folder can hold besides our feeds, and what we do about it:

- temporary files of an export that was killed (``.NAME.PID.tmp``): removed
  by the next export, never served (the server refuses dot-files);
- a previous feed that cannot be read back (unreadable, not a regular file,
  empty, larger than `MAX_FEED_BYTES`): named in an error, or with
  ``force`` left out so that its meetings go out as new;
- another export writing at the same time: `folder_lock` makes the second
  wait for the first, or fail with a message after `LOCK_WAIT` seconds.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import stat
import time
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path

from calendars._errors import CalendarError

MAX_FEED_BYTES = 64 * 1024 * 1024
"""A previous feed larger than this is not read back (ours are far smaller)."""
LOCK_NAME = ".samverkan.lock"
"""The lock file an export holds in its folder."""
LOCK_WAIT = 120.0
"""Seconds an export waits for another export of the same folder."""
INDEX = "index.html"
"""Written last, so that it links only feeds that are already in place."""
# Our temporary files: ".<name>.<pid>.tmp", and the ".<name>.<8 chars>.tmp"
# of mkstemp that release 2.0 used.
_TEMP = re.compile(r"^\.[^/]+\.(?:ics|html|toml|xml|json)\.(?:\d+|[a-z0-9_]{8})\.tmp$")


def _mode() -> int:
    """The mode a new file gets under the process's umask (0o644 under 022)."""
    # Reading the umask means setting it; setting it back at once is the
    # documented way (os.umask has no read-only form).
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _fail(action: str, path: Path, exc: OSError) -> CalendarError:
    reason = exc.strerror or str(exc)
    hint = {
        errno.ENOSPC: "free some space",
        errno.EDQUOT: "free some space",
        errno.EROFS: "the file system is read-only; choose another --out",
        errno.EACCES: "give this user write access or choose another --out",
        errno.EPERM: "give this user write access or choose another --out",
    }.get(exc.errno or 0, "check the folder")
    after = (
        "some feeds may already be new, each whole; run the export again"
        if action == "replace"
        else "the previous files are unchanged"
    )
    return CalendarError(f"cannot {action} {path}: {reason} ({hint}); {after}")


def stale_temp_files(out: Path) -> list[Path]:
    """Temporary files that an interrupted run left in `out`."""
    try:
        names = sorted(os.listdir(out))
    except OSError:
        return []
    return [out / name for name in names if _TEMP.match(name)]


def _ensure_folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        msg = f"{out} is a file, not a folder; give --out a folder (it is made if missing)"
        raise CalendarError(msg)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _fail("make the folder", out, exc) from None


@contextlib.contextmanager
def folder_lock(out: Path, *, wait: float | None = None) -> Iterator[None]:
    """Hold the folder's lock: one export at a time writes `out`.

    Stale temporary files of an interrupted export are removed once the lock
    is held (no export of ours can be writing them then).
    """
    wait = LOCK_WAIT if wait is None else wait
    _ensure_folder(out)
    path = out / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, _mode())
    except OSError as exc:
        raise _fail("lock the folder with", path, exc) from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    msg = (
                        f"another export is writing {out} (it holds {path}) and did not "
                        f"finish within {wait:g} s; run again when it is done"
                    )
                    raise CalendarError(msg) from None
                time.sleep(0.05)
        for stale in stale_temp_files(out):
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _write_temp(target: Path, content: bytes, mode: int) -> Path:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()  # ours from an earlier, interrupted run with the same pid
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
    try:
        _write_all(fd, content)
        os.fsync(fd)
    finally:
        os.close(fd)
    return tmp


def _write_all(fd: int, content: bytes) -> None:
    """All of `content` to `fd`: the one place files are written (tests fill the disk here)."""
    view = memoryview(content)
    while view:
        view = view[os.write(fd, view) :]


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
    previous files untouched; `os.replace` is atomic per file, so every file
    is wholly old or wholly new. `index.html` is renamed last, so that it
    never links a feed that is not yet there. Files get the mode the umask
    gives (0o644 under 022), as any other new file would. A file that
    already holds its bytes is not touched (same inode and mtime), so web
    servers, rsync and CDNs see it unchanged.

    Returns:
        The names of the files written.

    """
    _ensure_folder(out)
    for name in files:
        if (out / name).is_dir() and not (out / name).is_symlink():
            msg = f"{out / name} is a folder, where a feed goes; remove it"
            raise CalendarError(msg)
    mode = _mode()
    order = sorted(files, key=lambda name: (name == INDEX, name))
    staged: list[tuple[Path, Path]] = []
    target = out
    try:
        for name in order:
            target = out / name
            if _holds(target, files[name]):
                continue
            try:
                staged.append((_write_temp(target, files[name], mode), target))
            except OSError as exc:
                raise _fail("write", target, exc) from None
    except BaseException:
        leftovers = [tmp for tmp, _ in staged]
        leftovers.append(target.with_name(f".{target.name}.{os.getpid()}.tmp"))
        for tmp in leftovers:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise
    for tmp, target in staged:
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise _fail("replace", target, exc) from None
    if staged:
        with contextlib.suppress(OSError):  # make the renames durable where the OS allows it
            dir_fd = os.open(out, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    return {target.name for _, target in staged}


def _read_regular(path: Path) -> bytes:
    """The bytes of a regular file of at most `MAX_FEED_BYTES`; `OSError` or `ValueError` else."""
    info = path.stat()  # follows a symlink: what it points to must be a regular file too
    if not stat.S_ISREG(info.st_mode):
        msg = "it is not a regular file"
        raise ValueError(msg)
    if info.st_size > MAX_FEED_BYTES:
        msg = f"it is larger than {MAX_FEED_BYTES // (1024 * 1024)} MiB"
        raise ValueError(msg)
    # O_NONBLOCK: a FIFO swapped in after the stat cannot hang the open.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            msg = "it is not a regular file"
            raise ValueError(msg)
        chunks = []
        left = MAX_FEED_BYTES + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > MAX_FEED_BYTES:
        msg = f"it is larger than {MAX_FEED_BYTES // (1024 * 1024)} MiB"
        raise ValueError(msg)
    if not data.strip():
        msg = "it is empty"
        raise ValueError(msg)
    return data


_EVENT_VALUES = {
    # RFC 5545 §3.3.4/§3.3.5: DATE or DATE-TIME (local or UTC), as we write them.
    "DTSTART": re.compile(r"\d{8}(?:T\d{6}Z?)?"),
    "DTEND": re.compile(r"\d{8}(?:T\d{6}Z?)?"),
    "DTSTAMP": re.compile(r"\d{8}T\d{6}Z"),
    "X-SAMVERKAN-REMOVED": re.compile(r"\d{8}T\d{6}Z"),
    "SEQUENCE": re.compile(r"\d{1,9}"),
}


def _valid_when(text: str) -> bool:
    layout = "%Y%m%dT%H%M%S" if "T" in text else "%Y%m%d"
    try:
        datetime.strptime(text.removesuffix("Z"), layout)
    except ValueError:
        return False
    return True


def _value_problem(name: str, value: str) -> str | None:
    pattern = _EVENT_VALUES.get(name)
    if pattern is None:
        return None
    if name == "SEQUENCE":
        return None if pattern.fullmatch(value) else "is not a whole number"
    if pattern.fullmatch(value) and _valid_when(value):
        return None
    return "is not a date-time as samverkan writes it"


def feed_problem(data: bytes) -> str | None:
    """What keeps a previous feed from being read back, or ``None``.

    A linear scan of the unfolded lines: UTF-8 text, a VCALENDAR, and in
    every VEVENT a UID and the values an export reads back (DTSTART, DTEND,
    DTSTAMP, SEQUENCE, X-SAMVERKAN-REMOVED) in the form we write them.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"it is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
    lines = text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")
    if not lines or lines[0] != "BEGIN:VCALENDAR":
        return "not a valid iCalendar file: it does not start with BEGIN:VCALENDAR"
    in_event = False
    uid_seen = False
    start_line = 0
    for number, line in enumerate(lines, start=1):
        if line == "BEGIN:VEVENT":
            in_event, uid_seen, start_line = True, False, number
            continue
        if line == "END:VEVENT":
            if not uid_seen:
                return f"the event that begins on line {start_line} has no UID"
            in_event = False
            continue
        if not in_event:
            continue
        name, _, value = line.partition(":")
        name = name.split(";", 1)[0].upper()
        uid_seen |= name == "UID" and bool(value.strip())
        problem = _value_problem(name, value)
        if problem:
            return f"line {number}: {name}:{value[:40]} {problem}"
    if in_event:
        return f"the event that begins on line {start_line} has no END:VEVENT"
    return None


def read_previous(out: Path) -> tuple[dict[str, bytes], dict[str, str]]:
    """The feeds as last published in `out`, by file name, and those that cannot be read.

    Returns:
        The readable feeds, and for each one that is not (unreadable, not a
        regular file, empty or too large) the reason, by file name.

    """
    if not out.is_dir():
        return {}, {}
    found: dict[str, bytes] = {}
    bad: dict[str, str] = {}
    for name in sorted(os.listdir(out)):
        if not name.endswith(".ics") or name.startswith("."):
            continue
        try:
            data = _read_regular(out / name)
        except OSError as exc:
            bad[name] = exc.strerror or str(exc)
            continue
        except ValueError as exc:
            bad[name] = str(exc)
            continue
        problem = feed_problem(data)
        if problem is None:
            found[name] = data
        else:
            bad[name] = problem
    return found, bad
