"""Run one function over many inputs in worker processes, results in input order."""
from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Inputs handed to a worker per round trip: enough to amortise pickling and IPC over many small
# files, few enough that one slow batch does not leave the other workers idle at the end.
_BATCHES_PER_WORKER = 4
_MAX_CHUNKSIZE = 16


def ordered_map(fn: Callable[[T], R], items: Sequence[T], jobs: int) -> Generator[R, None, None]:
    """`fn` over `items`, yielding results in input order as they become available.

    With `jobs` > 1 and several items the work runs in a pool of `jobs` processes that live for the
    whole run, so whatever a worker builds once and caches (the Lark parsers are cached per process)
    is reused for every document it handles rather than rebuilt per document. Otherwise it runs
    in-process, which is cheaper for one input and easier to debug. `fn` must be picklable (a
    module-level function or a functools.partial of one). Closing the iterator early cancels the
    work not yet started. A worker that dies (killed, out of memory) raises
    concurrent.futures.process.BrokenProcessPool from the iterator.
    """
    if jobs <= 1 or len(items) <= 1:
        yield from map(fn, items)
        return
    workers = min(jobs, len(items))
    chunksize = max(1, min(_MAX_CHUNKSIZE, len(items) // (workers * _BATCHES_PER_WORKER)))
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        yield from pool.map(fn, items, chunksize=chunksize)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
