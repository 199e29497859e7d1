"""Faults while exporting: kill -9, a full disk, a read-only folder, two exports at once.

Afterwards every feed is wholly old or wholly new, `index.html` links only
files that exist, no temporary file outlives the next export, and files
get the mode the umask gives.
"""

from __future__ import annotations

import errno
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import DATA, need

from calendars import CalendarError, bundled, load, load_text
from calendars._cli.parser import main
from calendars._publish import files
from calendars._publish.export import export

# Old and new: the bundled Södertörn for two periods, a year apart.
OLD = ("--from", "2024-01-01", "--to", "2025-12-31", "--stamp", "2025-01-01T00:00:00Z")
NEW = ("--from", "2024-01-01", "--to", "2026-12-31", "--stamp", "2025-06-01T00:00:00Z")
TEMP = re.compile(r"^\..*\.tmp$")

# The child is the CLI itself, with the write phase slowed down by a few
# milliseconds per file so that a kill lands inside it: every write and every
# rename sleeps first. Nothing else is changed.
CHILD = r"""
import os, random, sys, time
import calendars._publish.files as files
from calendars._cli.parser import main
os.umask(0o022)
rng = random.Random(int(sys.argv[1]))
real_write, real_replace = files._write_all, os.replace
def slow_write(fd, content):
    time.sleep(rng.uniform(0, 0.004))
    real_write(fd, content)
def slow_replace(a, b):
    time.sleep(rng.uniform(0, 0.004))
    real_replace(a, b)
files._write_all = slow_write
os.replace = slow_replace
sys.exit(main(sys.argv[2:]))
"""


def _state(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}


def _temps(out: Path) -> list[str]:
    return [p.name for p in out.iterdir() if TEMP.match(p.name)]


def _links(index: bytes) -> set[str]:
    return set(re.findall(r'href="([^":/]+\.ics)"', index.decode()))


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """The old feed set in a folder, and the new set exported over it."""
    old = tmp_path_factory.mktemp("old")
    assert main(["export", "sodertorn", *OLD, "--out", str(old), "--format", "csv"]) == 0
    new = tmp_path_factory.mktemp("new")
    shutil.copytree(old, new, dirs_exist_ok=True)
    assert main(["export", "sodertorn", *NEW, "--out", str(new), "--format", "csv"]) == 0
    return old, _state(new)


def _kill_during_write(seed: int, old: Path, work: Path) -> bool:
    """Run the export over a copy of `old` and kill -9 it in its write phase; True if killed."""
    shutil.copytree(old, work)
    rng = random.Random(seed)
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(seed), "export", "sodertorn", *NEW, "--out", str(work)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not _temps(work) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.0005)
    time.sleep(rng.uniform(0, 0.12))
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    _, err = proc.communicate(timeout=60)
    assert killed or proc.returncode == 0, err.decode()
    return killed


def test_kill_9_in_the_write_phase_loses_nothing(
    reference: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    old_dir, new = reference
    old = _state(old_dir)
    wanted, most = 32, 64  # kills in the write phase; runs at most

    def one(seed: int) -> tuple[bool, bool]:
        work = tmp_path / f"run{seed}"
        killed = _kill_during_write(seed, old_dir, work)
        found = _state(work)
        for name, content in found.items():
            # Wholly old or wholly new, never a mix or a truncated file.
            assert content in (old.get(name), new.get(name)), f"run {seed}: {name} is torn"
        for link in _links(found["index.html"]):
            assert link in found, f"run {seed}: index.html links {link}, which is missing"
        left = bool(_temps(work))
        # The next export converges on the new set and removes the leftovers.
        old_mask = os.umask(0o022)
        try:
            status = main(["export", "sodertorn", *NEW, "--out", str(work), "--format", "csv"])
        finally:
            os.umask(old_mask)
        assert status == 0
        assert _state(work) == new, f"run {seed}: the next export did not converge"
        assert _temps(work) == [], f"run {seed}: temporary files remain"
        for path in work.iterdir():
            if not path.name.startswith("."):
                assert path.stat().st_mode & 0o777 == 0o644, f"run {seed}: {path.name}"
        return killed, left

    # A run whose export finished before the kill still checks convergence, but
    # does not count: runs go on, two at a time, until `wanted` kills landed.
    results: list[tuple[bool, bool]] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        seed = 0
        while sum(k for k, _ in results) < wanted and seed < most:
            results += pool.map(one, range(seed, seed + 2))
            seed += 2
    killed = sum(k for k, _ in results)
    assert killed >= wanted, f"only {killed} of {len(results)} runs were killed in the write phase"
    # Some kills must have left temporary files behind, or cleaning was never tested.
    assert any(left for _, left in results)


# The child is the CLI, killed by SIGKILL at its n-th rename (the journal's own is the first).
KILL_AT_RENAME = r"""
import os, signal, sys
from calendars._cli.parser import main
os.umask(0o022)
left = int(sys.argv[1])
real_replace = os.replace
def replace(a, b):
    global left
    left -= 1
    if left < 0:
        os.kill(os.getpid(), signal.SIGKILL)
    real_replace(a, b)
os.replace = replace
sys.exit(main(sys.argv[2:]))
"""


@pytest.fixture(scope="module")
def bergslagen(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """Bergslagen's old set, and its new set: its feeds sort before changes.json."""
    old = tmp_path_factory.mktemp("bergslagen-old")
    assert main(["export", "bergslagen", *OLD, "--out", str(old), "--format", "csv"]) == 0
    new = tmp_path_factory.mktemp("bergslagen-new")
    shutil.copytree(old, new, dirs_exist_ok=True)
    assert main(["export", "bergslagen", *NEW, "--out", str(new), "--format", "csv"]) == 0
    assert sorted(_state(new))[0] < "changes.json"
    assert _state(new)["changes.json"] != _state(old)["changes.json"]
    return old, _state(new)


@pytest.mark.parametrize("renames", [1, 2, 4, 7, 10, 12])
def test_a_kill_between_renames_loses_no_change_log(
    bergslagen: tuple[Path, dict[str, bytes]], tmp_path: Path, renames: int
) -> None:
    """Killed after `renames` renames (journal first, then feeds before changes.json):
    the next export completes the set, change log and Atom feeds included."""
    old_dir, new = bergslagen
    work = tmp_path / "feeds"
    shutil.copytree(old_dir, work)
    proc = subprocess.run(
        [sys.executable, "-c", KILL_AT_RENAME, str(renames), "export", "bergslagen", *NEW,
         "--out", str(work)],
        capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    assert (work / files.JOURNAL).exists()
    # Half the set is new: completing the journal's renames alone makes it whole,
    # change log and Atom feeds included, before anything is computed again.
    with files.folder_lock(work):
        pass
    assert _state(work) == new
    old_mask = os.umask(0o022)
    try:
        assert _export_cli_coop(work, "bergslagen") == 0
    finally:
        os.umask(old_mask)
    assert _state(work) == new
    assert not (work / files.JOURNAL).exists()
    assert _temps(work) == []


def _export_cli_coop(out: Path, coop: str) -> int:
    return main(["export", coop, *NEW, "--out", str(out), "--format", "csv"])


def _export_cli(out: Path, period: tuple[str, ...] = NEW) -> int:
    return main(["export", "sodertorn", *period, "--out", str(out), "--format", "csv"])


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_files_follow_the_umask(tmp_path: Path, mask: int, mode: int) -> None:
    old_mask = os.umask(mask)
    try:
        assert _export_cli(tmp_path / "feeds") == 0
        toml = tmp_path / "imported.toml"
        assert main(["import-text", str(DATA / "kalendarium_2017.txt"), "--out", str(toml)]) == 0
    finally:
        os.umask(old_mask)
    modes = {p.name: p.stat().st_mode & 0o777 for p in (tmp_path / "feeds").iterdir()}
    assert modes.pop("index.html") == mode
    assert {modes.pop(name) for name in list(modes) if name.endswith(".ics")} == {mode}
    assert toml.stat().st_mode & 0o777 == mode


def test_stale_temp_files_are_removed_by_the_next_export(tmp_path: Path) -> None:
    out = tmp_path / "feeds"
    assert _export_cli(out, OLD) == 0
    stale = [
        out / ".sodertorn.ics.12345.tmp",  # ours, from a killed run
        out / ".index.html.abcd_123.tmp",  # the mkstemp pattern of release 2.0
    ]
    for path in stale:
        path.write_bytes(b"BEGIN:VCALENDAR\r\n")  # torn
    keep = [out / ".htaccess", out / "notes.tmp", out / ".sodertorn.ics.swp"]
    for path in keep:
        path.write_text("not ours")
    assert _export_cli(out) == 0
    assert [p for p in stale if p.exists()] == []
    assert all(p.read_text() == "not ours" for p in keep)


def test_full_disk_leaves_the_previous_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., object]
) -> None:
    # Simulated: the write in files.py fails with ENOSPC on its fifth file.
    out = tmp_path / "feeds"
    assert _export_cli(out, OLD) == 0
    before = _state(out)
    real = files._write_all
    calls = {"n": 0}

    def full(fd: int, content: bytes) -> None:
        calls["n"] += 1
        if calls["n"] >= 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd, content)

    monkeypatch.setattr(files, "_write_all", full)
    run = cli("export", "sodertorn", *NEW, "--out", out)
    assert run.status == 2  # type: ignore[attr-defined]
    assert "No space left on device" in run.err  # type: ignore[attr-defined]
    assert "previous files are unchanged" in run.err  # type: ignore[attr-defined]
    assert "Traceback" not in run.err  # type: ignore[attr-defined]
    assert _state(out) == before
    assert _temps(out) == []


def test_full_tmpfs_leaves_the_previous_set(tmp_path: Path, cli: Callable[..., object]) -> None:
    # A real full disk: a tmpfs just larger than the old set, so the new set
    # cannot be staged beside it. Mounting needs root and the capability; where
    # it cannot be had, test_full_disk_leaves_the_previous_set (ENOSPC
    # simulated in files.py) stands in, as the brief of issue 12 allows.
    need(
        os.geteuid() == 0 and shutil.which("mount"),
        "root and mount, to mount a small tmpfs (test_full_disk_leaves_the_previous_set "
        "simulates the full disk without them)",
    )
    probe = tmp_path / "old"
    assert _export_cli(probe, OLD) == 0
    # tmpfs counts whole 4 KiB pages per file, plus one per inode.
    size = sum((p.stat().st_size // 4096 + 2) * 4096 for p in probe.iterdir()) + 64 * 1024
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    need(done.returncode == 0, f"a tmpfs mount ({done.stderr.decode().strip()})")
    try:
        out = mount / "feeds"
        shutil.copytree(probe, out)
        before = _state(out)
        run = cli("export", "sodertorn", *NEW, "--out", out)
        assert run.status == 2, run.err  # type: ignore[attr-defined]
        assert "No space left on device" in run.err  # type: ignore[attr-defined]
        assert _state(out) == before
        assert _temps(out) == []
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_read_only_folder_is_an_error_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., object]
) -> None:
    out = tmp_path / "feeds"
    assert _export_cli(out, OLD) == 0
    before = _state(out)
    if os.geteuid() == 0:
        # root writes through permission bits: simulate the read-only file system.
        def read_only(target: Path, content: bytes, mode: int) -> Path:
            raise OSError(errno.EROFS, "Read-only file system")

        monkeypatch.setattr(files, "_write_temp", read_only)
        expected = "Read-only file system"
    else:
        out.chmod(0o555)
        expected = "Permission denied"
    try:
        run = cli("export", "sodertorn", *NEW, "--out", out)
    finally:
        out.chmod(0o755)
    assert run.status == 2  # type: ignore[attr-defined]
    assert expected in run.err  # type: ignore[attr-defined]
    assert str(out) in run.err  # type: ignore[attr-defined]
    assert "Traceback" not in run.err  # type: ignore[attr-defined]
    assert _state(out) == before


def test_out_naming_a_file_is_an_error(tmp_path: Path, cli: Callable[..., object]) -> None:
    out = tmp_path / "feeds.txt"
    out.write_text("mine")
    run = cli("export", "sodertorn", *NEW, "--out", out)
    assert run.status == 2  # type: ignore[attr-defined]
    assert "is a file, not a folder" in run.err  # type: ignore[attr-defined]
    assert out.read_text() == "mine"


def test_out_under_a_file_names_the_option(tmp_path: Path, cli: Callable[..., object]) -> None:
    mine = tmp_path / "feeds.txt"
    mine.write_text("mine")
    run = cli("export", "sodertorn", *NEW, "--out", mine / "x")
    assert run.status == 2  # type: ignore[attr-defined]
    assert "a part of the path is a file, not a folder; choose another --out" in run.err  # type: ignore[attr-defined]
    assert "Traceback" not in run.err  # type: ignore[attr-defined]
    assert mine.read_text() == "mine"


def test_concurrent_exports_do_not_interleave(
    reference: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    old_dir, new = reference
    out = tmp_path / "feeds"
    shutil.copytree(old_dir, out)
    coop = load("sodertorn")
    stamp = datetime(2025, 6, 1, tzinfo=UTC)
    inside = {"now": 0, "most": 0}
    lock = threading.Lock()
    real = files.Staging

    class Counting(files.Staging):
        """A staging that counts the exports putting their files in place at once."""

        def commit(self) -> set[str]:
            with lock:
                inside["now"] += 1
                inside["most"] = max(inside["most"], inside["now"])
            time.sleep(0.05)
            try:
                return super().commit()
            finally:
                with lock:
                    inside["now"] -= 1

    import calendars._publish.export as export_module

    export_module.Staging = Counting  # type: ignore[misc]
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            runs = [
                pool.submit(
                    export,
                    [coop],
                    out=out,
                    start=date(2024, 1, 1),
                    end=date(2027, 1, 1),
                    stamp=stamp,
                )
                for _ in range(4)
            ]
            for run in runs:
                run.result(timeout=120)
    finally:
        export_module.Staging = real  # type: ignore[misc]
    assert inside["most"] == 1
    assert _state(out) == new
    assert _temps(out) == []


def test_concurrent_processes_wait_for_each_other(
    reference: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    old_dir, new = reference
    out = tmp_path / "feeds"
    shutil.copytree(old_dir, out)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "calendars._cli", "export", "sodertorn", *NEW, "--out", out],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(3)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    assert _state(out) == new
    assert _temps(out) == []


def test_a_held_lock_fails_with_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "feeds"
    monkeypatch.setattr(files, "LOCK_WAIT", 0.3)
    with (
        files.folder_lock(out),
        pytest.raises(CalendarError, match="another export is writing") as caught,
    ):
        export(
            [load("sodertorn")],
            out=out,
            start=date(2025, 1, 1),
            end=date(2026, 1, 1),
            stamp=datetime(2025, 6, 1, tzinfo=UTC),
        )
    assert ".samverkan.lock" in str(caught.value)
    assert _state(out) == {}


def test_an_export_in_parallel_processes_is_byte_identical_to_a_serial_one(tmp_path: Path) -> None:
    coops = [load(name) for name in bundled()]
    period = {
        "start": date(2024, 1, 1),
        "end": date(2028, 1, 1),
        "stamp": datetime(2026, 11, 22, tzinfo=UTC),
    }
    serial = export(coops, out=tmp_path / "one", jobs=1, **period)  # type: ignore[arg-type]
    parallel = export(coops, out=tmp_path / "two", jobs=2, **period)  # type: ignore[arg-type]
    assert serial == parallel
    one = {
        p.name: p.read_bytes() for p in (tmp_path / "one").iterdir() if not p.name.startswith(".")
    }
    two = {
        p.name: p.read_bytes() for p in (tmp_path / "two").iterdir() if not p.name.startswith(".")
    }
    assert len(one) > 50
    assert one == two
    # Again into a folder with the previous set, in parallel: nothing changes, nothing is touched.
    again = export(
        coops,
        out=tmp_path / "two",
        jobs=2,
        **{**period, "stamp": datetime(2026, 11, 23, tzinfo=UTC)},
    )  # type: ignore[arg-type]
    assert not any(f.written for f in again)


def test_an_error_in_a_worker_process_arrives_whole(tmp_path: Path) -> None:
    import pickle

    from calendars import ConfigError

    error = ConfigError("no meeting", file="a.toml", key="bodies.x.date", line=7, hint="add one")
    back = pickle.loads(pickle.dumps(error))
    assert (back.file, back.key, back.line, back.hint, str(back)) == (
        "a.toml",
        "bodies.x.date",
        7,
        "add one",
        str(error),
    )
    bad = load_text(
        'id = "t"\nname = "T"\n[members]\n"A" = {}\n[bodies.b]\nweekday = "tisdag"\nper_year = 60\n'
        'season = ["01-01", "01-31"]\n',
        file="bad.toml",
    )
    with pytest.raises(ConfigError, match=r"bad\.toml:7: bodies\.b\.per_year"):
        export(
            [load("malmolund"), bad],
            out=tmp_path,
            start=date(2025, 1, 1),
            end=date(2026, 1, 1),
            stamp=datetime(2026, 1, 1, tzinfo=UTC),
            jobs=2,
        )
    assert not any(p.suffix == ".ics" for p in tmp_path.iterdir())


def test_the_index_page_written_in_pieces_is_the_page_index_makes(tmp_path: Path) -> None:
    from calendars._formats.html import index
    from calendars._formats.section import Section

    coops = [load(name) for name in bundled()]
    export(
        coops,
        out=tmp_path,
        start=date(2024, 1, 1),
        end=date(2028, 1, 1),
        stamp=datetime(2026, 11, 22, tzinfo=UTC),
    )
    # The index files do not store the export's day (issue 21): the page counts from it.
    sections = [
        Section.from_json((tmp_path / f"{c.id}-index.json").read_bytes(), today=date(2026, 11, 22))
        for c in coops
    ]
    assert (tmp_path / "index.html").read_text("utf-8") == index(sections, language="sv")
    before = (tmp_path / "index.html").stat()
    export(
        coops,
        out=tmp_path,
        start=date(2024, 1, 1),
        end=date(2028, 1, 1),
        stamp=datetime(2026, 11, 22, tzinfo=UTC),
    )
    after = (tmp_path / "index.html").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
