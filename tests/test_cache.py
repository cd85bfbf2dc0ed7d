"""The LLM cache: a second run makes zero calls; a changed prompt or model misses."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel, field_validator

from summarizer.ask import prompts
from summarizer.llm import embedded
from summarizer.llm.bounds import ReasksExhausted
from summarizer.llm.client import LLM
from summarizer.llm.presets import resolve_provider
from summarizer.pipeline import Options, summarize_file
from tests.corpus import SEED_000
from tests.fakes import FakeTransport, empty_answer


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
    original = prompts.template_text

    def edited(name: str) -> str:
        text = original(name)
        return text + "\n注意：只填写原文明确写出的数字。" if name == "teachers" else text

    monkeypatch.setattr(prompts, "template_text", edited)
    report = summarize(tmp_path, fake)
    assert fake.calls == calls + 1  # only the teachers section is asked again
    assert report.run.llm_calls == 1


def test_a_different_model_misses_the_cache(tmp_path):
    fake = FakeTransport(answer)
    summarize(tmp_path, fake)
    calls = fake.calls
    summarize(tmp_path, fake, model="another-model")
    assert fake.calls == 2 * calls


def without_run_stats(report) -> dict:
    data = report.model_dump(mode="json")
    data.pop("run")
    return data


def test_a_replayed_run_gives_the_same_report_as_the_run_that_asked(tmp_path):
    """Section outcomes are replayed whole; re-asks and dropped figures included."""

    def reasked(section: str, attempt: int) -> dict:
        result = answer(section, attempt)
        if section == "student_aid":  # never grounds: dropped with a warning
            result["total_amount_yuan"] = {"quote": "累计发放资助金9999万元", "number": 9999}
        if section == "teachers" and attempt == 1:  # malformed first (no number), right after the re-ask
            result["special_post_teachers"] = {"quote": "招聘特岗教师85人"}
        elif section == "teachers":
            result["special_post_teachers"] = {"quote": "招聘特岗教师85人", "number": 85}
        return result

    fake = FakeTransport(reasked)
    first = summarize(tmp_path, fake)
    assert first.teachers.special_post_teachers.value == 85 and first.run.reasks == 1
    assert any(w.field == "total_amount_yuan" for w in first.warnings)
    calls = fake.calls
    second = summarize(tmp_path, fake)
    assert fake.calls == calls
    assert second.run.cache_hits == calls and second.run.llm_calls == 0
    assert without_run_stats(second) == without_run_stats(first)


def test_a_cached_report_is_summarized_without_importing_openai_or_instructor(tmp_path):
    """Importing them costs most of a second; a warm report must not pay for it."""
    fake = FakeTransport(answer)
    first = summarize(tmp_path, fake)
    script = f"""
import json, sys
from pathlib import Path
from summarizer.llm.client import LLM
from summarizer.llm.presets import resolve_provider
from summarizer.pipeline import Options, summarize_file

def refuse(**request):
    raise AssertionError("the model was called")

provider = resolve_provider("embedded")
cache = Path({str(tmp_path)!r})
llm = LLM(provider, cache, transport=refuse)
report = summarize_file(Path({str(SEED_000)!r}), Options(provider=provider, cache_dir=cache), llm)
print(json.dumps({{
    "loaded": sorted(m for m in ("openai", "instructor") if m in sys.modules),
    "special_post_teachers": report.teachers.special_post_teachers.value,
    "hits": report.run.cache_hits,
}}))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == {
        "loaded": [],
        "special_post_teachers": 85,
        "hits": first.run.llm_calls,
    }


def _ask_for_n(llm: LLM, model: type[BaseModel]) -> BaseModel:
    messages = [{"role": "system", "content": "s"}, {"role": "user", "content": "【教师队伍】n?"}]
    return llm.extract(messages, model, max_retries=0)


def test_a_stored_answer_that_todays_code_rejects_is_a_miss(tmp_path):
    """One cache key, no hash of source files: a stored answer is validated again on every replay."""
    fake = FakeTransport(lambda section, attempt: {"n": attempt})
    provider = resolve_provider("embedded")

    class Answer(BaseModel):
        n: int

    assert _ask_for_n(LLM(provider, tmp_path, transport=fake), Answer).n == 1
    replay = LLM(provider, tmp_path, transport=fake)
    assert _ask_for_n(replay, Answer).n == 1 and fake.calls == 1 and replay.usage.cache_hits == 1

    class Answer(BaseModel):
        n: int

        @field_validator("n")
        @classmethod
        def more_than_one(cls, n: int) -> int:
            if n < 2:
                raise ValueError("n must be at least 2")
            return n

    stricter = LLM(provider, tmp_path, transport=fake)
    assert _ask_for_n(stricter, Answer).n == 2
    assert fake.calls == 2 and stricter.usage.llm_calls == 1 and stricter.usage.cache_hits == 0


def test_an_answer_whose_reasks_ran_out_is_replayed_without_a_call(tmp_path):
    fake = FakeTransport(lambda section, attempt: {"n": f"unclear {attempt}"})
    provider = resolve_provider("embedded")
    messages = [{"role": "system", "content": "s"}, {"role": "user", "content": "【教师队伍】n?"}]

    class Answer(BaseModel):
        n: int

    with pytest.raises(ReasksExhausted) as asked:
        LLM(provider, tmp_path, transport=fake).extract(messages, Answer, max_retries=1)
    assert fake.calls == 2 and json.loads(asked.value.content) == {"n": "unclear 2"}

    replay = LLM(provider, tmp_path, transport=fake)
    with pytest.raises(ReasksExhausted) as replayed:
        replay.extract(messages, Answer, max_retries=1)
    assert fake.calls == 2 and replay.usage.cache_hits == 2 and replay.usage.llm_calls == 0
    assert (replayed.value.content, replayed.value.attempts) == (asked.value.content, 2)


def test_embedded_answers_cached_under_another_prompt_reading_are_not_served(tmp_path, monkeypatch):
    """How prompts are cut into batches changes the last bits of an answer, so it is in the cache key."""
    monkeypatch.setenv("SUMMARIZER_HOME", str(tmp_path / "home"))
    weights = tmp_path / "own.gguf"
    weights.write_bytes(b"GGUF stand-in weights")
    digest = hashlib.sha256(b"GGUF stand-in weights").hexdigest()
    provider = resolve_provider("embedded", model_path=weights)
    assert LLM(provider, None).identity == f"gguf:{digest}|read:head+512"
    monkeypatch.setattr(embedded, "READING", "head+256")
    assert LLM(provider, None).identity == f"gguf:{digest}|read:head+256"


class Planted:
    """What an attacker leaves in a shared cache folder: unpickling it runs a command."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_a_pickle_planted_in_the_cache_folder_is_never_run_and_is_a_miss(tmp_path, capsys):
    import diskcache

    from summarizer.llm.cache import open_cache

    marker = tmp_path / "ran"
    cache = open_cache(tmp_path / "cache")
    cache.set("good", {"answer": 85})
    raw = diskcache.Cache(str(tmp_path / "cache"))
    raw.set("planted", Planted(marker))
    raw.close()
    again = open_cache(tmp_path / "cache")
    assert again.get("planted") is None
    assert not marker.exists()
    assert again.get("good") == {"answer": 85}
    err = capsys.readouterr().err
    assert "ignoring an unreadable cache entry (a pickled entry); it is treated as a miss" in err
    # What we store is text: no row of ours is a pickle.
    rows = diskcache.Cache(str(tmp_path / "cache"))._sql("SELECT key, mode FROM Cache").fetchall()
    assert dict(rows)["good"] != diskcache.core.MODE_PICKLE
