"""The LLM cache: a second run makes zero calls; a changed prompt or model misses."""

from __future__ import annotations

from pathlib import Path

from summarizer import prompting
from summarizer.llm.client import LLM
from summarizer.llm.providers import resolve_provider
from summarizer.pipeline import Options, summarize_file
from tests.fakes import FakeTransport, empty_answer

SEED_000 = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_3212bd501dfd8a03.txt"


def answer(section: str, attempt: int) -> dict:
    result = empty_answer(section)
    if section == "teachers":
        result["special_post_teachers"] = {"quote": "招聘特岗教师85人", "number": 85}
    return result


def summarize(cache_dir: Path, fake: FakeTransport, model: str | None = None):
    provider = resolve_provider("embedded", model=model)
    options = Options(provider=provider, cache_dir=cache_dir)
    return summarize_file(SEED_000, options, LLM(provider, cache_dir, transport=fake))


def test_second_run_makes_zero_llm_calls(tmp_path):
    fake = FakeTransport(answer)
    first = summarize(tmp_path, fake)
    calls = fake.calls
    assert calls >= 4 and first.run.llm_calls == calls and first.run.cache_hits == 0
    second = summarize(tmp_path, fake)
    assert fake.calls == calls
    assert second.run.llm_calls == 0 and second.run.cache_hits == calls
    assert second.teachers == first.teachers


def test_a_changed_prompt_template_misses_the_cache(tmp_path, monkeypatch):
    fake = FakeTransport(answer)
    summarize(tmp_path, fake)
    calls = fake.calls
    original = prompting.template_text

    def edited(name: str) -> str:
        text = original(name)
        return text + "\n注意：只填写原文明确写出的数字。" if name == "teachers" else text

    monkeypatch.setattr(prompting, "template_text", edited)
    report = summarize(tmp_path, fake)
    assert fake.calls == calls + 1  # only the teachers section is asked again
    assert report.run.llm_calls == 1


def test_a_different_model_misses_the_cache(tmp_path):
    fake = FakeTransport(answer)
    summarize(tmp_path, fake)
    calls = fake.calls
    summarize(tmp_path, fake, model="another-model")
    assert fake.calls == 2 * calls
