"""Advisory file locks between processes on one machine: two installs, or two batches on one --out.

flock on a small lock file kept next to what it guards. The kernel drops the lock when its process
dies, so a `kill -9` never leaves a stale lock behind and the file itself may stay.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def file_lock(
    path: Path, *, shared: bool = False, on_busy: Callable[[], None] | None = None
) -> Iterator[None]:
    """Hold a lock on `path` for the block.

    When another process holds it: with `on_busy`, call it (to say why we wait) and wait; without,
    raise BlockingIOError at once.
    """
    mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_busy is None:
                raise
            on_busy()
            fcntl.flock(fd, mode)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
