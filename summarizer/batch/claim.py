"""One batch per output folder (or per shard of it) at a time.

Two batches on one --out would each do every report, the second redoing what the first is doing.
Shards are meant to share a folder (manifest.py), so a shard takes the folder's lock shared and its
own shard's lock exclusively: shards run side by side, but not beside an unsharded batch or a copy of
themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from ..errors import InputError
from ..file_locks import file_lock
from .inputs import Shard

LOCK = ".batch.lock"


@contextmanager
def claim_output(out: Path, shard: Shard | None) -> Iterator[None]:
    """Hold --out for this batch, or fail at once in one line naming who holds it."""
    with ExitStack() as stack:
        try:
            stack.enter_context(file_lock(out / LOCK, shared=shard is not None))
            if shard is not None:
                stack.enter_context(file_lock(out / f".batch.shard-{shard.index}-of-{shard.count}.lock"))
        except BlockingIOError:
            raise InputError(out, _busy(shard)) from None
        yield


def _busy(shard: Shard | None) -> str:
    who = "another `summarize batch`"
    if shard is not None:
        who += f" without --shard, or with --shard {shard},"
    return f"{who} is writing to this folder; wait for it to finish, or pass another --out"
