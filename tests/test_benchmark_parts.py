"""The benchmark's pure parts: its arithmetic, its parsing, the naive ways' conversion and the stub
server. No model and no timing assertions: timings belong to benchmarks/run.py on a quiet machine."""

from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import naive  # the benchmarks folder is scripts, not a package
import run as bench
import stub_server

from summarizer.models import FIELDS, FIGURE_SECTIONS
from tests.corpus import question, read_seed


def test_physical_limit_adds_reading_and_writing_time():
    # 1,000 prompt tokens at 200 tok/s + 50 output tokens at 10 tok/s = 5 s + 5 s
    assert bench.physical_limit(1000, 50, 200.0, 10.0) == pytest.approx(10.0)


def test_prompt_token_bound_is_report_plus_overhead_per_call():
    assert bench.prompt_token_bound(2000, 5) == pytest.approx(1.25 * 2000 + 400 * 5)


def test_ideal_throughput_and_efficiency():
    assert bench.ideal_throughput(16, 2.0) == 8.0
    assert bench.efficiency(6.4, 8.0) == pytest.approx(0.8)
    assert bench.efficiency(1.0, 0.0) is None
    assert bench.rate(10, 0.0) is None


@pytest.mark.parametrize(
    ("measured", "bound", "higher", "expected"),
    [(0.9, 1.0, False, "PASS"), (1.1, 1.0, False, "MISS"), (60, 50, True, "PASS"), (None, 1, False, "SKIP")],
)
def test_verdict(measured, bound, higher, expected):
    assert bench.verdict(measured, bound, higher) == expected


IMPORTTIME = """\
import time: self [us] | cumulative | imported package
import time:       120 |        120 |   _io
import time:      3000 |       5000 |     openai._client
import time:      2000 |       9000 |   openai
import time:       500 |      10000 | summarizer.cli
import time:        50 |         50 | rich
"""


def test_parse_importtime_reads_depth_and_times():
    entries = bench.parse_importtime(IMPORTTIME)
    assert [(e.module, e.depth) for e in entries] == [
        ("_io", 1),
        ("openai._client", 2),
        ("openai", 1),
        ("summarizer.cli", 0),
        ("rich", 0),
    ]
    top = bench.top_imports(entries, n=2, max_depth=1)
    assert [e.module for e in top] == ["summarizer.cli", "openai"]
    assert top[0].cumulative_us == 10000
    assert bench.by_package(entries, n=2) == [("openai", 5000), ("summarizer", 500)]


def test_naive_figure_is_multiplied_out_only_as_its_quote_writes_it():
    fig = naive.figure({"quote": "投入1543.98万元", "number": 1543.98})
    assert fig is not None and fig["value"] == 15439800 and fig["quote"] == "投入1543.98万元"
    assert naive.figure({"quote": "招聘特岗教师85人", "number": 85})["value"] == 85
    assert naive.figure({"quote": "投资18亿元", "number": 18})["value"] == 1_800_000_000
    assert naive.figure(None) is None
    assert naive.figure({"quote": "x", "number": None}) is None


def test_naive_flat_model_has_every_field_once():
    names = set(naive.flat_model().model_fields)
    assert names == {spec.name for s in FIGURE_SECTIONS for spec in FIELDS[s]}


def test_naive_flat_messages_send_the_report_once_with_every_field_list():
    text = "某县教育局2023年工作总结。招聘特岗教师85人。"
    user = naive.flat_messages(text)[1]["content"]
    assert user.count(text) == 1
    for section in FIGURE_SECTIONS:
        assert all(spec.name in user for spec in FIELDS[section])


def test_naive_output_is_scored_by_the_eval():
    from summarizer_evals.scoring import score_report

    answers = naive.split_flat({"special_post_teachers": {"quote": "招聘特岗教师85人", "number": 85}})
    output = naive.to_report_dict(answers)
    assert output["teachers"]["special_post_teachers"]["value"] == 85
    score = score_report(output, "兴隆县教育和体育局2023年工作总结\n一、教师队伍\n招聘特岗教师85人。")
    assert any(f.path == "teachers.special_post_teachers" for f in score.figures)


def test_a_naive_figure_with_the_right_value_counts_as_right_though_it_has_no_unit():
    """The naive ways have no units; scored strictly, every right value would be "wrong unit"."""
    from summarizer_evals.corpus import load_corpus, read_report
    from summarizer_evals.labels import load_labels

    path = load_corpus()[0]
    labels = load_labels([path])[path.name]
    answers = naive.split_flat(
        {
            "special_post_teachers": {"quote": "招聘特岗教师85人", "number": 85},
            "total_amount_yuan": {"quote": "累计发放资助金1543.98万元", "number": 1543.98},
            "recruited_total": {"quote": "招聘特岗教师85人", "number": 85},
        }
    )
    cost = bench.with_scores(bench.Cost(), naive.to_report_dict(answers), read_report(path), labels)
    assert (cost.figures.right, cost.figures.emitted, cost.figures.stated) == (2, 3, 15)


def test_parse_answer_rejects_truncated_json():
    with pytest.raises(ValueError):
        naive.parse_answer('{"a": ')
    assert naive.parse_answer('{"a": 1}') == {"a": 1}


def draft_model(section: str):
    """The answer model of `section`'s real question about the five seeds read as one chunk."""
    return question(section, "\n".join(read_seed(p) for p in ("000", "001", "002", "003", "004"))).model


@pytest.mark.parametrize("section", FIGURE_SECTIONS)
def test_minimal_instance_validates_against_each_section_draft(section):
    model = draft_model(section)
    instance = stub_server.minimal_instance(model.model_json_schema())
    model.model_validate(instance)  # no grounding context: only the schema is checked


def test_requested_schema_reads_openai_and_llamacpp_forms():
    schema = {"type": "object"}
    openai_form = {"response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": schema}}}
    llamacpp_form = {"response_format": {"type": "json_object", "schema": schema}}
    assert stub_server.requested_schema(openai_form) == schema
    assert stub_server.requested_schema(llamacpp_form) == schema
    assert stub_server.requested_schema({}) is None


def test_stub_server_answers_schema_json_and_counts():
    server = stub_server.start(delay=0.0, lifetime=30)
    try:
        schema = draft_model("teachers").model_json_schema()
        body = {
            "model": "m",
            "messages": [{"role": "user", "content": "x"}],
            "response_format": {"type": "json_schema", "json_schema": {"name": "t", "schema": schema}},
        }
        request = urllib.request.Request(
            f"{server.base_url}/chat/completions",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            reply = json.loads(response.read())
        content = json.loads(reply["choices"][0]["message"]["content"])
        draft_model("teachers").model_validate(content)
        assert reply["usage"]["prompt_tokens"] > 0
        assert server.stats.requests == 1 and server.stats.peak_inflight == 1
    finally:
        stub_server.stop(server)
    stub_server.stop(server)  # idempotent: the lifetime timer may fire after the benchmark stopped it


def test_the_price_of_a_thousand_reports_is_their_mean_tokens_at_the_list_price():
    from summarizer.llm.presets import Price

    rows = [
        {"prompt_tokens": 2000, "completion_tokens": 200},
        {"prompt_tokens": 4000, "completion_tokens": 600},
    ]
    price = Price(0.15, 0.60, "USD")  # per million tokens
    # a mean report: 3,000 prompt and 400 completion tokens = 0.00045 + 0.00024 USD
    assert bench.per_thousand_reports(rows, price) == pytest.approx(0.69)
    assert bench.per_thousand_reports(rows, price, batch=True) == pytest.approx(0.345)
    assert bench.per_thousand_reports([], price) == 0.0
