"""Work on the next item in a background thread while the caller handles the current one.

Model inference (ctranslate2, torch) runs in C++ without the GIL, so the model computes batch k+1 on one
core while the checks of batch k run in Python on another: both cores stay busy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def run_ahead(work: Callable[[Item], Result], items: Iterable[Item]) -> Iterator[tuple[Item, Result]]:
    """(item, work(item)) in order; work(next item) is already running while the caller handles this one.
    An exception of `work` (KeyboardInterrupt too) is raised where its item's result would have come."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="mtedit-ahead") as pool:
        pending: tuple[Item, Future[Result]] | None = None
        for item in items:
            future = pool.submit(work, item)
            if pending is not None:
                yield pending[0], pending[1].result()
            pending = (item, future)
        if pending is not None:
            yield pending[0], pending[1].result()
