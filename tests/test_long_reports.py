"""A section too long for one call is split at sentence ends and sent in pieces: never truncated."""

from __future__ import annotations

import re

import pytest

from summarizer import pipeline
from summarizer.llm.bounds import Deferred
from summarizer.llm.client import LLM
from summarizer.llm.presets import resolve_provider
from summarizer.pipeline import Options, summarize_file
from tests.corpus import SEED_000
from tests.fakes import TextReadingTransport


def test_a_section_longer_than_a_call_holds_is_split_and_nothing_is_lost(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "EMBEDDED_CHUNK_CHARS", 400)
    fake = TextReadingTransport()
    provider = resolve_provider("embedded")
    report = summarize_file(SEED_000, Options(provider, tmp_path), LLM(provider, tmp_path, transport=fake))

    teachers = fake.texts("teachers")
    assert len(teachers) > 1
    assert all(len(re.sub(r"\s", "", t)) < 400 + 600 for t in teachers)  # 400 of report text + the prompt
    assert sum("招聘特岗教师85人" in t for t in teachers) == 1  # sent once, whole, in one piece
    warning = next(w.message for w in report.warnings if w.section == "teachers")
    assert warning == f"text too long for one call: split into {len(teachers)} chunks"

    figure = report.teachers.special_post_teachers
    assert figure is not None and figure.value == 85
    original = SEED_000.read_text(encoding="utf-8")
    assert original[figure.span[0] : figure.span[1]] == figure.quote
    assert report.student_aid.total_amount_yuan.value == 15439800  # found in whichever piece holds it


class DeferringTransport(TextReadingTransport):
    """Records every request and answers none, as a Batch API round does (llm/recording.py)."""

    def __call__(self, **request):
        self.requests.append(request)
        raise Deferred("answered by a later job")


def test_a_batch_api_round_records_every_chunk_of_a_split_section(tmp_path, monkeypatch):
    """Each chunk's ask goes into the same round: a split section costs no extra night."""
    monkeypatch.setattr(pipeline, "EMBEDDED_CHUNK_CHARS", 400)
    fake = DeferringTransport()
    provider = resolve_provider("embedded")
    with pytest.raises(Deferred):
        summarize_file(SEED_000, Options(provider, tmp_path), LLM(provider, tmp_path, transport=fake))
    teachers = [r for r in fake.requests if "【教师队伍】" in r["messages"][1]["content"]]
    assert len(teachers) > 1  # every chunk of the split teachers section, in one round
    assert len({r["messages"][1]["content"] for r in teachers}) == len(teachers)
