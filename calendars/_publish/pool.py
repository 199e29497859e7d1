"""Work done in forked processes: each of `n` tasks, results in order."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar, cast

T = TypeVar("T")

_SERVED: list[Callable[[int], object]] = []
"""The task a forked worker serves; set only in the workers, by `_adopt`.

The one piece of module state of the package (named in docs/design.md): a
forked worker is handed its task once, when it starts, so that the inputs
it shares with the parent (the previous feeds' bytes, the cooperations) are
not pickled for every task. The parent never sets it.
"""


def _adopt(task: Callable[[int], object]) -> None:
    _SERVED[:] = [task]


def _serve(i: int) -> object:
    return _SERVED[0](i)


def each(task: Callable[[int], T], n: int, jobs: int) -> Iterator[T]:
    """``task(i)`` for each `i` below `n`, in order: in `jobs` forked processes, or here.

    Workers are forked, so they share `task`'s inputs without copying; only
    each result comes back. The results come in the order of `i`, so what
    is made of them is byte for byte what a serial run makes. Where the
    system cannot fork, or for one job or one task, everything runs here.
    """
    if jobs <= 1 or n <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for i in range(n):
            yield task(i)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=min(jobs, n), mp_context=context, initializer=_adopt, initargs=(task,)
    ) as pool:
        for result in pool.map(_serve, range(n)):
            yield cast("T", result)  # what `task` returned, pickled back
