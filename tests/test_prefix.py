"""Whole-block prefix reuse: which tokens a call may keep, on a stand-in for llama-cpp-python's Llama.

The real model's answers with and without reuse are compared in tests/test_embedded_model.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import pytest

from summarizer.llm.prefix import BlockPrefixReuse, head_length, whole_blocks


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


@pytest.mark.parametrize(
    ("previous", "prompt", "kept"),
    [
        (1300, 1300 + 200, 190 + 1024),  # a re-ask: the head and the 2 whole blocks after it
        (1300, 400, 190),  # shorter than head + one block: the head alone
        (150, 2000, 0),  # the previous prompt ends inside the head: nothing
    ],
)
def test_the_head_is_a_piece_of_its_own_and_blocks_count_from_its_end(previous, prompt, kept):
    old = list(range(previous))
    new = old[:prompt] + [-1] * max(0, prompt - previous)
    assert whole_blocks(old, new, 512, head=190) == kept


def test_a_different_section_after_the_same_system_prompt_keeps_the_head():
    system = [*range(100, 289), 0]  # 190 tokens ending with the end-of-turn token 0
    teachers, sports = [*system, *range(1000, 1800)], [*system, *range(5000, 5300)]
    head = head_length(sports, 0, 512)
    assert head == 190
    assert whole_blocks(teachers, sports, 512, head) == 190


@pytest.mark.parametrize(
    ("prompt", "head"),
    [
        ([5, 6, 0, 7, 8], 3),  # up to and including the first end-of-turn token
        ([5, 6, 7, 8], 0),  # no end of turn: no head
        ([5, 6, 7, 0], 0),  # the whole prompt: nothing would be left to read after it
        ([*range(1, 600), 0, 5], 0),  # longer than one batch
    ],
)
def test_head_length(prompt, head):
    assert head_length(prompt, 0, 512) == head


class FakeLlama:
    """Holds tokens like Llama: n_tokens valid ids in input_ids; generate appends the prompt's
    uncached tail and two answer tokens, and records how many tokens it was told to keep."""

    n_batch = 512
    TURN_END = 0

    def __init__(self) -> None:
        self.input_ids = np.zeros(8192, dtype=np.intc)
        self.n_tokens = 0
        self.resumed_at: list[int] = []
        self.evaluated: list[int] = []  # lengths of the batches our wrapper evaluated itself

    def token_eos(self) -> int:
        return self.TURN_END

    def eval(self, tokens: Sequence[int]) -> None:
        self.evaluated.append(len(tokens))
        self.input_ids[self.n_tokens : self.n_tokens + len(tokens)] = tokens
        self.n_tokens += len(tokens)

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


def test_a_cold_call_reads_its_head_alone_and_the_next_section_resumes_after_it():
    llama = FakeLlama()
    reuse = BlockPrefixReuse(llama)
    system = [*range(100, 289), FakeLlama.TURN_END]
    llama.complete(reuse, [*system, *range(1000, 1800)])
    assert llama.evaluated == [190] and llama.resumed_at == [190]
    llama.complete(reuse, [*system, *range(5000, 5300)])
    assert llama.evaluated == [190]  # not read again
    assert llama.resumed_at == [190, 190] and reuse.kept == 190
