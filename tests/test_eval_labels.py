"""The hand labels are data a person reviewed: each must say something the report really states.

Every quote (of a value, an alternative or a part) is in its report, and states its value; every corpus
report has a complete label file; the regex ground truth, an independent second opinion, agrees with
every label it has a value for. Malformed label files are refused in one line naming file and field.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from summarizer_evals.corpus import load_corpus, read_report
from summarizer_evals.groundtruth import ground_truth
from summarizer_evals.labels import LABELLED_FIELDS, LabelError, load_labels, read_labels
from summarizer_evals.numbers import mentioned_values, value_in
from summarizer_evals.textnorm import normalise, squeeze

CORPUS = load_corpus()
LABELS = load_labels(CORPUS)
TEXTS = {path.name: normalise(read_report(path)) for path in CORPUS}


def every_answer():
    for report, labels in sorted(LABELS.items()):
        for name, label in labels.labels.items():
            answers = [("value", label.answer)] if label.answer else []
            answers += [(f"alternative {i + 1}", a) for i, a in enumerate(label.alternatives)]
            answers += [(f"part {i + 1}", a) for i, a in enumerate(label.parts)]
            for kind, answer in answers:
                yield pytest.param(report, answer, id=f"{report[:3]}-{name}-{kind}")


def test_every_corpus_report_is_labelled_in_all_20_fields() -> None:
    assert sorted(LABELS) == sorted(p.name for p in CORPUS)
    assert len(LABELLED_FIELDS) == 20
    assert all(list(labels.labels) == list(LABELLED_FIELDS) for labels in LABELS.values())


@pytest.mark.parametrize(("report", "answer"), list(every_answer()))
def test_every_quote_is_in_its_report_and_states_its_value(report, answer) -> None:
    quote = normalise(answer.quote)
    assert squeeze(quote) in squeeze(TEXTS[report]), answer.quote
    assert value_in(answer.value, mentioned_values(quote)), (answer.value, answer.quote)


def test_the_labels_count_what_the_issue_found_wrong() -> None:
    """Spot checks of hard slots, read from the text: a part is not a total, a plan is not a result."""
    lab = {name[:3]: labels.labels for name, labels in LABELS.items()}
    assert lab["000"]["infrastructure.total_investment_yuan"].answer is None  # only projects' money
    assert lab["000"]["teachers.special_post_teachers"].answer.value == 85
    assert lab["000"]["student_aid.total_amount_yuan"].answer.value == Decimal(15439800)
    assert lab["002"]["infrastructure.total_investment_yuan"].answer is None  # 计划投资18亿元
    assert lab["002"]["party_building.new_party_members"].answer.value == 60
    assert lab["001"]["teachers.commended_teachers"].answer is None  # 880 are title promotions
    assert lab["004"]["student_aid.total_amount_yuan"].answer.value == Decimal(26427424)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name[:3])
def test_the_regex_truth_agrees_with_every_label(path: Path) -> None:
    """Two independent readings of the same text: where the patterns find one value, the label accepts
    it, so a disagreement exposes a bug in one of them."""
    labels = LABELS[path.name].labels
    for name, truth in ground_truth(read_report(path)).items():
        if truth.status != "truth" or name not in labels:
            continue
        label = labels[name]
        assert label.stated, f"{name}: the patterns read {truth.value}, the label says {label.summary()}"
        assert label.accepted(truth.value) is not None, (
            f"{name}: patterns {truth.value}, label {label.summary()}"
        )


def write(tmp_path: Path, fields: dict) -> Path:
    path = tmp_path / "000_x.json"
    path.write_text(json.dumps({"report": "000_x.txt", "fields": fields}, ensure_ascii=False), "utf-8")
    return path


def complete(**changes) -> dict:
    fields = {name: {"value": None, "reason": "not stated"} for name in LABELLED_FIELDS}
    return {**fields, **changes}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (complete(**{"teachers.bogus": {"value": None, "reason": "x"}}), "unknown field teachers.bogus"),
        (
            {k: v for k, v in complete().items() if k != "sports.events_held"},
            "field sports.events_held is not labelled",
        ),
        (
            complete(**{"sports.events_held": {"value": "30", "unit": "count", "quote": "30项"}}),
            "sports.events_held: value '30' is not a number",
        ),
        (
            complete(**{"sports.events_held": {"value": 30, "unit": "times", "quote": "30项"}}),
            "sports.events_held: unit 'times' is not one of",
        ),
        (
            complete(**{"sports.events_held": {"value": None}}),
            "sports.events_held: a null value needs a reason",
        ),
    ],
)
def test_a_malformed_label_file_is_refused_naming_file_and_field(tmp_path, fields, message) -> None:
    path = write(tmp_path, fields)
    with pytest.raises(LabelError) as caught:
        read_labels(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("quote", "value", "message"),
    [
        ("招聘特岗教师86人", 86, "the quote '招聘特岗教师86人' is not in the report"),
        ("招聘特岗教师85人", 86, "the quote '招聘特岗教师85人' does not state 86"),
    ],
)
def test_a_label_whose_quote_the_report_does_not_have_is_refused(tmp_path, quote, value, message) -> None:
    report = tmp_path / "000_x.txt"
    report.write_text("二是优化教师编制配置。招聘特岗教师85人。\n", encoding="utf-8")
    labels = tmp_path / "labels"
    labels.mkdir()
    answer = {"value": value, "unit": "person", "quote": quote}
    path = write(labels, complete(**{"teachers.special_post_teachers": answer}))
    with pytest.raises(LabelError) as caught:
        load_labels([report], labels)
    assert str(caught.value) == f"{path}: teachers.special_post_teachers: {message}"
