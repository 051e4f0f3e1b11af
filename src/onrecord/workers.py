"""Run per-document work in worker processes: whole documents in, small results out, input order kept.

spaCy's own ``nlp.pipe(n_process=N)`` parallelises only the parse. Its workers send every parsed
``Doc`` back to the main process, which must unpickle it and then run all the extraction alone; on
two cores that main process became the bottleneck. Here each worker runs the whole per-document
job on a chunk of documents and returns only its results, so every core does every stage.

Workers are forked: they share the loaded pipeline with the parent page by page instead of each
loading (or unpickling) their own copy. Where fork is unavailable ``can_fork()`` is false and
callers stay in one process. ``time_limit`` bounds a step in whichever process runs it.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# About a second of parsing per chunk: long enough that sending it costs nothing, short enough that
# a few articles still keep both cores busy.
CHUNK_CHARS = 20_000


def can_fork() -> bool:
    """Tell whether worker processes can be forked here (Linux and macOS; not Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


def chunks(items: Iterable[tuple[Item, str]], chars: int = CHUNK_CHARS) -> Iterator[list[tuple[Item, str]]]:
    """Group (key, text) pairs in order into lists of about ``chars`` characters (at least one pair each)."""
    chunk: list[tuple[Item, str]] = []
    size = 0
    for key, text in items:
        chunk.append((key, text))
        size += len(text)
        if size >= chars:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def map_in_workers(
    work: Callable[[list[Item]], list[Result]],
    batches: Iterable[list[Item]],
    processes: int,
    initializer: Callable[..., None],
    initargs: tuple[object, ...],
) -> Iterator[Result]:
    """Yield ``work(batch)``'s results for each batch, in order, computed in ``processes`` forked workers.

    ``initializer(*initargs)`` runs once in each worker (forked, so its arguments are not pickled).
    At most two batches per worker are in flight, so a stream of any length runs in bounded memory.
    An exception in a worker, or a worker that dies, is raised here when its batch is due.
    """
    context = multiprocessing.get_context("fork")
    ahead = 2 * processes
    with ProcessPoolExecutor(processes, mp_context=context, initializer=initializer, initargs=initargs) as pool:
        pending: deque[Future[list[Result]]] = deque()
        try:
            for batch in batches:
                pending.append(pool.submit(work, batch))
                if len(pending) >= ahead:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeoutError in the block after ``seconds`` (main thread only; elsewhere no limit).

    One pathological page (a regex that backtracks, a megabyte of markup) must not stall a batch.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
