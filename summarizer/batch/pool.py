"""Up to `jobs` reports in flight, on threads.

Threads, not asyncio: the work is blocking I/O in the `openai` client and in llama.cpp, the
pipeline is synchronous, and the GIL is released while waiting on sockets, so threads give the
same overlap without an async rewrite of the pipeline. Daemon threads (not ThreadPoolExecutor,
whose workers the interpreter joins at exit) so that Ctrl-C abandons in-flight reports at once
instead of waiting minutes for their retries to run out.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

POLL_SECONDS = 0.2


def run_parallel(items: Iterable[T], work: Callable[[T], R], jobs: int) -> Iterator[R]:
    """Yield `work(item)` results as they finish; `work` must not raise.

    Closing the iterator (or an exception in the consumer, such as KeyboardInterrupt) stops the
    workers from starting new items; items already in flight are abandoned.
    """
    todo: queue.Queue[T] = queue.Queue()
    for item in items:
        todo.put(item)
    total = todo.qsize()
    done: queue.Queue[R] = queue.Queue()
    stop = threading.Event()

    def worker() -> None:
        while not stop.is_set():
            try:
                item = todo.get_nowait()
            except queue.Empty:
                return
            done.put(work(item))

    for _ in range(max(1, min(jobs, total))):
        threading.Thread(target=worker, daemon=True, name="summarize-batch").start()
    try:
        for _ in range(total):
            yield _next(done)
    finally:
        stop.set()


def _next(done: queue.Queue[R]) -> R:
    """Wait with a timeout, so Ctrl-C is noticed promptly on every platform."""
    while True:
        try:
            return done.get(timeout=POLL_SECONDS)
        except queue.Empty:
            continue
