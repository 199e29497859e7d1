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
import filecmp
import json
import os
import re
import stat
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from calendars._errors import CalendarError
from calendars._formats.scan import ScanMemo, real_moment, scan
from calendars._model.names import INDEX_PAGE

MAX_FEED_BYTES = 64 * 1024 * 1024
"""A previous feed larger than this is not read back (ours are far smaller)."""
MAX_INPUT_BYTES = 16 * 1024 * 1024
"""An input file (`import-text`, `import-ics`) larger than this is refused."""
MAX_LOG_BYTES = 64 * 1024 * 1024
"""A change log (`changes.json`) or index file larger than this is refused."""
LOCK_NAME = ".samverkan.lock"
"""The lock file an export holds in its folder."""
LOCK_WAIT = 120.0
"""Seconds an export waits for another export of the same folder."""
JOURNAL = ".samverkan-commit.json"
"""The renames of a commit under way: written before the first, removed after the last."""
INDEX = INDEX_PAGE
"""Written last, so that it links only feeds that are already in place."""
# Our temporary files: ".<name>.<pid>.tmp", and the ".<name>.<8 chars>.tmp"
# of mkstemp that release 2.0 used.
_TEMP = re.compile(
    r"^\.[^/]+\.(?:ics|html|toml|xml|atom|json|md|docx|pdf|xlsx)\.(?:\d+|[a-z0-9_]{8})\.tmp$"
)


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
        errno.ENOTDIR: "a part of the path is a file, not a folder; choose another --out",
    }.get(exc.errno or 0, "check the folder given as --out")
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
        finish_commit(out)  # a set an interrupted export began to rename is completed first
        for stale in stale_temp_files(out):
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _write_temp(target: Path, content: Iterable[bytes], mode: int) -> Path:
    """`content` (its pieces, as they come) in a temporary file beside `target`.

    A failure removes the temporary file and raises.
    """
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()  # ours from an earlier, interrupted run with the same pid
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
        try:
            for piece in content:
                _write_all(fd, piece)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def _write_all(fd: int, content: bytes) -> None:
    """All of `content` to `fd`: the one place files are written (tests fill the disk here)."""
    view = memoryview(content)
    while view:
        view = view[os.write(fd, view) :]


def _holds(target: Path, content: bytes, read: bytes | None = None) -> bool:
    """Whether `target` is a regular file holding exactly `content`.

    `read` is what this export already read from it (under the folder lock),
    so that it need not be read again.
    """
    try:
        if not target.is_file() or target.is_symlink() or target.stat().st_size != len(content):
            return False
        return (read if read is not None else target.read_bytes()) == content
    except OSError:
        return False


class Staging:
    """The files of one export, each written to a temporary file as it comes, renamed together.

    Nothing replaces a published file until `commit`: a failure before it
    (a bad plan, a full disk) leaves the previous files untouched, and
    `abort` removes what was staged. `os.replace` is atomic per file, so
    every file is wholly old or wholly new; `index.html` is renamed last,
    so that it never links a feed that is not yet there. Files get the mode
    the umask gives (0o644 under 022). A file that already holds its bytes
    is not touched (same inode and mtime), so web servers, rsync and CDNs
    see it unchanged. Only one file's bytes are held at a time.
    """

    def __init__(self, out: Path, *, read: Mapping[str, bytes] | None = None) -> None:
        _ensure_folder(out)
        self.out = out
        self.read = read or {}
        self.mode = _mode()
        self.staged: list[tuple[Path, Path]] = []

    def _target(self, name: str) -> Path:
        target = self.out / name
        if target.is_dir() and not target.is_symlink():
            msg = f"{target} is a folder, where a feed goes; remove it"
            raise CalendarError(msg)
        return target

    def _write(self, target: Path, content: Iterable[bytes]) -> Path:
        try:
            return _write_temp(target, content, self.mode)
        except OSError as exc:
            raise _fail("write", target, exc) from None

    def add(self, name: str, content: bytes) -> None:
        """Stage `content` as `name` (unless the file already holds it)."""
        target = self._target(name)
        if not _holds(target, content, self.read.get(name)):
            self.staged.append((self._write(target, (content,)), target))

    def add_stream(self, name: str, chunks: Iterable[str]) -> None:
        """Stage the text `chunks` as `name`, written as they come (a page of any size)."""
        target = self._target(name)
        tmp = self._write(target, (chunk.encode("utf-8") for chunk in chunks))
        same = target.is_file() and not target.is_symlink()
        if same and filecmp.cmp(tmp, target, shallow=False):
            tmp.unlink()  # the file already holds these bytes: leave it untouched
            return
        self.staged.append((tmp, target))

    def bytes_of(self, name: str) -> bytes:
        """The bytes staged as `name`, or the file's own when it already held them."""
        for tmp, target in reversed(self.staged):
            if target.name == name:
                return tmp.read_bytes()
        return (self.out / name).read_bytes()

    def abort(self) -> None:
        """Remove every staged file; the published ones stay as they were."""
        for tmp, _ in self.staged:
            with contextlib.suppress(OSError):
                tmp.unlink()
        self.staged = []

    def commit(self) -> set[str]:
        """Rename every staged file into place, `index.html` last; the names written.

        The renames are a set: before the first, the list of them is written
        to `JOURNAL` (every staged file is already on disk, synced), and the
        journal is removed after the last. An export killed in between leaves
        the journal, and the next one (under the folder's lock) completes the
        renames before anything else, so feeds, change log and Atom feeds
        never stay half old, half new.
        """
        order = sorted(self.staged, key=lambda item: (item[1].name == INDEX, item[1].name))
        if not order:
            return set()
        journal = json.dumps([[tmp.name, target.name] for tmp, target in order]).encode()
        try:
            os.replace(_write_temp(self.out / JOURNAL, (journal,), self.mode), self.out / JOURNAL)
        except OSError as exc:
            raise _fail("write", self.out / JOURNAL, exc) from None
        _sync_folder(self.out)
        for tmp, target in order:
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise _fail("replace", target, exc) from None
        _sync_folder(self.out)
        with contextlib.suppress(FileNotFoundError):
            (self.out / JOURNAL).unlink()
        return {target.name for _, target in order}


def _sync_folder(out: Path) -> None:
    """Make the renames in `out` durable where the OS allows."""
    with contextlib.suppress(OSError):
        dir_fd = os.open(out, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def finish_commit(out: Path) -> list[str]:
    """Complete the renames an interrupted commit in `out` left; the names renamed.

    Call it holding the folder's lock. A journal that cannot be read (it is
    written whole before the first rename, so only a hand-edited one) is an
    error naming it.
    """
    path = out / JOURNAL
    try:
        raw = _read_regular(path, limit=MAX_FEED_BYTES)
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as exc:
        msg = f"cannot read {path}, an interrupted export's list of renames: {exc}; remove it"
        raise CalendarError(msg) from None
    try:
        pairs = [(str(a), str(b)) for a, b in json.loads(raw)]
    except (ValueError, TypeError, RecursionError):
        msg = f"{path} is not the list of renames an export writes; remove it"
        raise CalendarError(msg) from None
    done = []
    for tmp, target in pairs:
        if "/" in tmp or "/" in target or not _TEMP.match(tmp) or target.startswith("."):
            msg = f"{path} names {tmp!r} → {target!r}, which no export writes; remove it"
            raise CalendarError(msg)
        try:
            os.replace(out / tmp, out / target)
        except FileNotFoundError:
            continue  # renamed before the interruption
        except OSError as exc:
            raise _fail("replace", out / target, exc) from None
        done.append(target)
    _sync_folder(out)
    path.unlink()
    return done


def write_atomically(
    out: Path, files: Mapping[str, bytes], *, read: Mapping[str, bytes] | None = None
) -> set[str]:
    """Write every file or none (see `Staging`); returns the names of the files written."""
    staging = Staging(out, read=read)
    try:
        for name in sorted(files, key=lambda name: (name == INDEX, name)):
            staging.add(name, files[name])
    except BaseException:
        staging.abort()
        raise
    return staging.commit()


def read_input(path: Path, *, limit: int, what: str) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or a `CalendarError`.

    A FIFO, a device (``/dev/zero``) or a folder is refused before it is
    opened for reading, and a file is never read past `limit`: the message
    names the file, the bound and `what` it is for.
    """
    try:
        data = _read_regular(path, limit=limit, empty=True)
    except OSError as exc:
        msg = f"cannot read {path}: {exc.strerror or exc}"
        raise CalendarError(msg) from None
    except ValueError as exc:
        bound = f"{what} is read from a regular file of at most {_size(limit)}"
        msg = f"cannot read {path}: {exc} ({bound})"
        raise CalendarError(msg) from None
    return data


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit} bytes"


def _read_regular(path: Path, *, limit: int = MAX_FEED_BYTES, empty: bool = False) -> bytes:
    """The bytes of a regular file of at most `limit`; `OSError` or `ValueError` else."""
    info = path.stat()  # follows a symlink: what it points to must be a regular file too
    if not stat.S_ISREG(info.st_mode):
        msg = "it is not a regular file"
        raise ValueError(msg)
    if info.st_size > limit:
        msg = f"it is larger than {_size(limit)}"
        raise ValueError(msg)
    # O_NONBLOCK: a FIFO swapped in after the stat cannot hang the open.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            msg = "it is not a regular file"
            raise ValueError(msg)
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        msg = f"it is larger than {_size(limit)}"
        raise ValueError(msg)
    if not empty and not data.strip():
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


def _value_problem(name: str, value: str) -> str | None:
    pattern = _EVENT_VALUES.get(name)
    if pattern is None:
        return None
    if name == "SEQUENCE":
        return None if pattern.fullmatch(value) else "is not a whole number from 0 to 999999999"
    if pattern.fullmatch(value) and real_moment(value):
        return None
    return "is not a date-time as samverkan writes it"


_EVENT = re.compile(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", re.DOTALL)


def _event_problem(block: str) -> tuple[int, str] | None:
    """(line within the event, what is wrong) for one unfolded VEVENT, or ``None``."""
    uid_seen = False
    for number, line in enumerate(block.split("\r\n"), start=1):
        name, _, value = line.partition(":")
        name = name.split(";", 1)[0].upper()
        uid_seen |= name == "UID" and bool(value.strip())
        problem = _value_problem(name, value)
        if problem:
            return number, f"{name}:{value[:40]} {problem}"
    if not uid_seen:
        return 1, "has no UID"
    return None


def feed_problem(data: bytes, *, seen: set[bytes] | None = None) -> str | None:
    """What keeps a previous feed from being read back, or ``None``.

    UTF-8 text, a VCALENDAR, and in every VEVENT a UID and the values an
    export reads back (DTSTART, DTEND, DTSTAMP, SEQUENCE, X-SAMVERKAN-REMOVED)
    in the form we write them. `seen` holds the events already found sound in
    this export: a meeting is in many feeds, and is checked once.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"it is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
    if (
        not text.startswith("BEGIN:VCALENDAR\r\n")
        and text.replace("\r\n ", "").split("\r\n", 1)[0] != "BEGIN:VCALENDAR"
    ):
        return "not a valid iCalendar file: it does not start with BEGIN:VCALENDAR"
    blocks = _EVENT.findall(data)
    if data.count(b"BEGIN:VEVENT") != len(blocks):
        starts = [m.start() for m in re.finditer(rb"BEGIN:VEVENT", data)]
        ends = {m.start() for m in _EVENT.finditer(data)}
        first = next((s for s in starts if s not in ends), 0)
        line = _line_of(data, first)
        return f"the event that begins on line {line} has no END:VEVENT"
    position = 0
    for block in blocks:
        position = data.index(block, position)
        if seen is not None and block in seen:
            continue
        unfolded = block.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
        found = _event_problem(unfolded)
        if found is None:
            if seen is not None:
                seen.add(block)
            continue
        offset, problem = found
        start = _line_of(data, position)
        if problem == "has no UID":
            return f"the event that begins on line {start} has no UID"
        return f"line {start + offset - 1}: {problem}"
    return None


def _line_of(data: bytes, position: int) -> int:
    """The line (1-based, of the unfolded text) where byte `position` of `data` is."""
    before = data[:position].decode("utf-8", "replace")
    return before.replace("\r\n ", "").replace("\r\n\t", "").count("\r\n") + 1


def _scans(data: bytes, name: str, memo: ScanMemo) -> bool:
    """Whether the scan reads `data` whole (a feed of ours, every line as we write it)."""
    try:
        return scan(data, source=name, memo=memo) is not None
    except CalendarError:  # not UTF-8: the full check names the byte
        return False


def read_previous(
    out: Path, *, memo: ScanMemo | None = None
) -> tuple[dict[str, bytes], dict[str, str]]:
    """The feeds as last published in `out`, by file name, and those that cannot be read.

    Returns:
        The readable feeds, and for each one that is not (unreadable, not a
        regular file, empty or too large) the reason, by file name.

    """
    if not out.is_dir():
        return {}, {}
    found: dict[str, bytes] = {}
    bad: dict[str, str] = {}
    seen: set[bytes] = set()
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
        # A feed of ours that the scan reads whole is sound (and read once
        # for the export, in `memo`); anything else gets the full check.
        if memo is not None and _scans(data, name, memo):
            found[name] = data
            continue
        problem = feed_problem(data, seen=seen)
        if problem is None:
            found[name] = data
        else:
            bad[name] = problem
    return found, bad
