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
from summarizer.llm.presets import resolve_provider
from summarizer.normalize import normalize
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


def traced_bytes(stage: Callable[[], object]) -> tuple[int, int]:
    """(peak, kept): what `stage` allocates at its peak, and what its result still holds."""
    tracemalloc.start()
    try:
        result = stage()  # noqa: F841 -- held, so that `kept` counts it
        kept, peak = tracemalloc.get_traced_memory()
        return peak, kept
    finally:
        tracemalloc.stop()


def peak_bytes(stage: Callable[[], object]) -> int:
    return traced_bytes(stage)[0]


def test_the_gate_on_a_near_limit_report_allocates_about_its_size(near_limit_text) -> None:
    """The gate counted Han characters with findall: one string object per character, about 25 times
    the file (52 MB for 2 MB). Counting by iteration keeps it under twice the file."""
    size = len(near_limit_text.encode("utf-8"))
    assert size > 1.8 * 2**20
    peak = peak_bytes(lambda: assess(near_limit_text))
    assert peak < 2 * size, f"gate peak {peak / 2**20:.1f} MB for a {size / 2**20:.1f} MB text"


def test_normalising_a_near_limit_report_allocates_a_few_times_its_size(near_limit_text) -> None:
    """Normalisation kept one string per character and one int per offset: a peak of 72 times the
    file (143 MB for 2 MB), and 15 times the file kept for the whole run. Line pieces and an offset
    array bring them to about 4 and 2 times."""
    size = len(near_limit_text.encode("utf-8"))
    peak, kept = traced_bytes(lambda: normalize(near_limit_text))
    assert peak < 8 * size, f"normalize peak {peak / 2**20:.1f} MB for a {size / 2**20:.1f} MB text"
    assert kept < 4 * size, f"normalize kept {kept / 2**20:.1f} MB for a {size / 2**20:.1f} MB text"


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
