"""The fork pool the scan and the report share: work on every core, stopped at once on an error."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

Item = TypeVar('Item')
Result = TypeVar('Result')
NO_PARALLEL = 'AIGUARD_NO_PARALLEL'  # set: everything runs in this process


def cores() -> int:
    """How many workers a pool runs."""
    return min(os.cpu_count() or 1, 8)


def can_fork() -> bool:
    """A pool may be started here: fork exists and nothing asked for one process."""
    if os.environ.get(NO_PARALLEL):
        return False
    import multiprocessing  # lazy: ~4 ms that a commit of a few files never needs

    return 'fork' in multiprocessing.get_all_start_methods()


def fork_map(func: Callable[[Item], Result], items: Iterable[Item], workers: int) -> Iterator[Result]:
    """func(item) for each item on `workers` forked processes, in order. A timeout, a crash or
    a reader that stops early terminates the workers instead of waiting for them."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context('fork'), initializer=_in_worker)
    try:
        yield from pool.map(func, items)
    except BaseException:
        for proc in list(getattr(pool, '_processes', {}).values()):
            proc.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def _in_worker() -> None:
    os.environ[NO_PARALLEL] = '1'  # a worker never starts a pool of its own
