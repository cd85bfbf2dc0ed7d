"""Memory within the input limit stays proportional to the input (issue 15, point 10).

tracemalloc measures what a stage allocates at its peak; the assertions are on those measured bytes,
never on time. `benchmarks/memory.py` measures the whole command's peak RSS.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable

import pytest

from summarizer.gate import assess
from summarizer.llm.client import LLM
from summarizer.llm.providers import resolve_provider
from summarizer.pipeline import Options, summarize_file
from summarizer.reading import MAX_INPUT_BYTES
from tests.corpus import CORPUS
from tests.fakes import FakeTransport, empty_answer


@pytest.fixture(scope="module")
def near_limit_text() -> str:
    """A real report repeated to just under the 2 MB input limit."""
    seed = (CORPUS / "000_3212bd501dfd8a03.txt").read_text(encoding="utf-8")
    copies = int(0.95 * MAX_INPUT_BYTES) // len(seed.encode("utf-8"))
    return "\n".join([seed] * copies)


def peak_bytes(stage: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        stage()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_gate_on_a_near_limit_report_allocates_about_its_size(near_limit_text) -> None:
    """The gate counted Han characters with findall: one string object per character, about 25 times
    the file (52 MB for 2 MB). Counting by iteration keeps it under twice the file."""
    size = len(near_limit_text.encode("utf-8"))
    assert size > 1.8 * 2**20
    peak = peak_bytes(lambda: assess(near_limit_text))
    assert peak < 2 * size, f"gate peak {peak / 2**20:.1f} MB for a {size / 2**20:.1f} MB text"


def test_a_report_just_under_the_limit_is_summarised(near_limit_text, tmp_path) -> None:
    """The whole pipeline, with a fake at the transport, on the largest input it accepts."""
    path = tmp_path / "big.txt"
    path.write_text(near_limit_text, encoding="utf-8")
    assert path.stat().st_size < MAX_INPUT_BYTES
    fake = FakeTransport(lambda section, _attempt: empty_answer(section))
    provider = resolve_provider("vllm", model="fake", base_url="http://127.0.0.1:9/v1")
    report = summarize_file(path, Options(provider, None), LLM(provider, None, transport=fake))
    assert report.source.chars == len(near_limit_text)
    assert fake.calls > 0
