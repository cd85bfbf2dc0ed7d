"""Whole-block prefix reuse: which tokens a call may keep, on a stand-in for llama-cpp-python's Llama.

The real model's answers with and without reuse are compared in tests/test_embedded_model.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import pytest

from summarizer.llm.prefix import BlockPrefixReuse, whole_blocks


@pytest.mark.parametrize(
    ("previous", "prompt", "kept"),
    [
        (1300, 1300 + 200, 1024),  # a re-ask: the previous prompt and more; its 2 whole blocks
        (1300, 400, 0),  # the new prompt is shorter than one block
        (1024, 1024, 512),  # the same prompt again: one token must be left to evaluate
        (0, 2000, 0),  # nothing before
    ],
)
def test_whole_blocks_of_a_shared_prefix(previous, prompt, kept):
    old = list(range(previous))
    new = old[:prompt] + [-1] * max(0, prompt - previous)
    assert whole_blocks(old, new, 512) == kept


def test_a_prompt_that_differs_early_keeps_only_the_blocks_before_the_difference():
    old = list(range(3000))
    new = [*old[:1100], -5, *old[1101:]]
    assert whole_blocks(old, new, 512) == 1024


class FakeLlama:
    """Holds tokens like Llama: n_tokens valid ids in input_ids; generate appends the prompt's
    uncached tail and two answer tokens, and records how many tokens it was told to keep."""

    n_batch = 512

    def __init__(self) -> None:
        self.input_ids = np.zeros(8192, dtype=np.intc)
        self.n_tokens = 0
        self.resumed_at: list[int] = []

    def generate(self, tokens: Sequence[int], *args, **kwargs) -> Iterator[int]:
        self.resumed_at.append(self.n_tokens)
        full = [*tokens, 7, 8]
        self.input_ids[: len(full)] = full
        self.n_tokens = len(full)
        yield from (7, 8)

    def complete(self, reuse: BlockPrefixReuse, tokens: list[int]) -> None:
        with reuse.call():
            list(self.generate(tokens))


def test_a_reask_resumes_after_the_whole_blocks_of_the_call_before():
    llama = FakeLlama()
    reuse = BlockPrefixReuse(llama)
    prompt = list(range(1, 1301))
    llama.complete(reuse, prompt)
    llama.complete(reuse, [*prompt, 7, 8, 99, 100])
    assert llama.resumed_at == [0, 1024]
    assert reuse.kept == 1024
    assert "generate" not in vars(llama)  # the wrapper is gone outside our calls


def test_after_someone_else_used_the_model_nothing_is_kept():
    llama = FakeLlama()
    reuse = BlockPrefixReuse(llama)
    prompt = list(range(1, 1301))
    llama.complete(reuse, prompt)
    list(llama.generate(list(range(5000, 6000))))  # e.g. the benchmark's naive way, on the same model
    llama.complete(reuse, [*prompt, 99])
    assert llama.resumed_at[-1] == 0
    assert reuse.kept == 0
