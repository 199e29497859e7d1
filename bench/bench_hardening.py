"""What the hardening of issue 12 costs (SPEC §6: re-export costs about a scratch export).

Run: python bench/bench_hardening.py
Interleaved A/B over several rounds, min and median in milliseconds:

- re-export of every bundled cooperation into a folder that holds the
  previous set (lock, stale-file sweep, safe reads, the previous-feed check)
  against the same export with `feed_problem` replaced by a no-op;
- `feed_problem` alone over the whole previous set;
- the preview server: 1,000 requests from 50 threads, total seconds.
"""

from __future__ import annotations

import http.client
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path

from calendars import bundled, load
from calendars._publish import files
from calendars._publish.export import export
from calendars._publish.serve import make_server

ROUNDS = 7
STAMP = datetime(2026, 11, 22, tzinfo=UTC)


def _ms(fn: Callable[[], object]) -> float:
    began = time.perf_counter()
    fn()
    return (time.perf_counter() - began) * 1000


def _report(name: str, samples: list[float]) -> None:
    print(f"{name:<46} min {min(samples):8.1f}  median {statistics.median(samples):8.1f}")


def main() -> None:
    coops = [load(name) for name in bundled()]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)

        def run() -> None:
            export(coops, out=out, start=date(2025, 1, 1), end=date(2028, 1, 1), stamp=STAMP)

        run()  # the previous set
        checked: list[float] = []
        unchecked: list[float] = []
        real = files.feed_problem
        for _ in range(ROUNDS):
            checked.append(_ms(run))
            files.feed_problem = lambda data: None  # type: ignore[assignment]
            try:
                unchecked.append(_ms(run))
            finally:
                files.feed_problem = real
        _report("re-export, previous feeds checked (ms)", checked)
        _report("re-export, check left out (ms)", unchecked)
        previous, _ = files.read_previous(out)
        size = sum(map(len, previous.values()))
        alone = [_ms(lambda: [real(d) for d in previous.values()]) for _ in range(ROUNDS)]
        _report(f"feed_problem over {len(previous)} feeds, {size // 1024} KiB (ms)", alone)

        server = make_server(out, port=0, quiet=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        host, port = server.server_address[:2]

        def get(_: int) -> int:
            conn = http.client.HTTPConnection(str(host), int(port), timeout=30)
            conn.request("GET", "/index.html")
            status = conn.getresponse().status
            conn.close()
            return status

        burst = []
        for _ in range(3):
            with ThreadPoolExecutor(max_workers=50) as pool:
                began = time.perf_counter()
                statuses = list(pool.map(get, range(1000)))
                burst.append(time.perf_counter() - began)
            assert statuses == [200] * 1000
        server.shutdown()
        server.server_close()
        _report("serve: 1,000 GETs, 50 threads (s)", burst)


if __name__ == "__main__":
    main()
