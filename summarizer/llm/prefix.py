"""Reuse the previous call's prompt in the KV cache, in whole blocks, so answers stay bit-for-bit cold.

llama.cpp reads a prompt in blocks of `n_batch` tokens, and the rounding of a block depends on where it
starts. Its own prefix cache resumes at any token, which shifts every later block: an answer would then
depend on which call ran before, and a cached run and a cold one could disagree (the eval gate would
flap). So the embedded model used to start every call from an empty cache, and a re-ask, which repeats
its section's whole prompt, paid for reading the section twice.

Here every prompt is read on one fixed schedule: first its head (the system message, up to the first
end-of-turn token) as a batch of its own, then blocks of `n_batch` tokens from there. A call keeps
only the leading pieces of that schedule that the previous call's prompt shares with it. Every piece
then starts where a cold run starts it and holds what a cold run holds, so the numbers are the same
as from an empty cache. A re-ask skips most of the section it just read, and every call after the
first skips the system prompt, which all section calls share but which is shorter than one block.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any


def common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def whole_blocks(previous: Sequence[int], prompt: Sequence[int], block: int, head: int = 0) -> int:
    """How many leading tokens of `prompt` can be kept: the pieces of its reading schedule (the head,
    then whole blocks after it) that the previous prompt shares, leaving at least one token to
    evaluate (llama.cpp needs one to produce fresh logits)."""
    shared = max(min(common_prefix(previous, prompt), len(previous), len(prompt) - 1), 0)
    if head == 0:
        return shared // block * block
    if shared < head:
        return 0
    return head + (shared - head) // block * block


def head_length(prompt: Sequence[int], turn_end: int | None, block: int) -> int:
    """Tokens up to and including the first end-of-turn token: the system message, the same in every
    section call. 0 (no head) when there is none, or when it would not fit one batch."""
    if turn_end is None:
        return 0
    try:
        end = list(prompt).index(turn_end) + 1
    except ValueError:
        return 0
    return end if end <= block and end < len(prompt) else 0


class BlockPrefixReuse:
    """Wraps one llama-cpp-python `Llama` for the duration of each of our calls."""

    def __init__(self, llama: Any) -> None:
        self.llama = llama
        self.turn_end: int | None = llama.token_eos()
        self.prompt: list[int] = []  # the prompt of our last call
        self.after: tuple[int, bytes] | None = None  # the model's tokens when our last call ended
        self.kept = 0  # tokens reused by the last call (for tests and benchmarks)

    @contextmanager
    def call(self) -> Iterator[None]:
        """Around one completion: its prompt reuses pieces of ours, if nobody else ran since."""
        if not self._untouched():
            self.prompt = []
        self.llama.generate = self._generate  # the instance attribute shadows Llama.generate
        try:
            yield
        finally:
            del self.llama.generate
            self.after = self._state()

    def _generate(self, tokens: Sequence[int], *args: Any, **kwargs: Any) -> Any:
        head = head_length(tokens, self.turn_end, self.llama.n_batch)
        self.kept = whole_blocks(self.prompt, tokens, self.llama.n_batch, head)
        # Llama.generate resumes after its first n_tokens tokens when they match the prompt, and
        # starts from an empty cache when n_tokens is 0.
        self.llama.n_tokens = self.kept
        if self.kept == 0 and head:
            self.llama.eval(list(tokens[:head]))  # the head as a batch of its own, as always
        self.prompt = list(tokens)
        return type(self.llama).generate(self.llama, tokens, *args, **kwargs)

    def _state(self) -> tuple[int, bytes]:
        n = self.llama.n_tokens
        return n, self.llama.input_ids[:n].tobytes()

    def _untouched(self) -> bool:
        """Whether the model still holds what our last call left (another user may have run it)."""
        return self.after is not None and self._state() == self.after
