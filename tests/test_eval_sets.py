"""The eval's corpus sets: the seed reports and the wider set are scored, reported and gated apart, and a
wider text's meta is scored against its label, also where the text states none."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from summarizer_evals.corpus import CorpusError, load_corpus, read_corpus
from summarizer_evals.labels import LABELLED_FIELDS
from summarizer_evals.report import markdown_summary, render
from summarizer_evals.runner import EvalOptions, eval_main

SEED = "兴隆县教育和体育局2023年工作总结\n招聘特岗教师85人,免费师范生35人。2023年,累计发放资助金1543.98万元。"
TUNE = "本年度,我局发展党员12名,招聘特岗教师40人。举办第十九届中小学生运动会。\n"
MEASURE = "2021年,全县新增学位3500个,新建学校4所。十三五以来累计投入资金8.6亿元。\n"


PLACES = {"value": 3500, "unit": "place", "approximate": False, "quote": "全县新增学位3500个"}


def label(text_name: str, stated: dict, meta: dict | None = None) -> dict:
    fields = {name: {"value": None, "reason": "not stated"} for name in LABELLED_FIELDS}
    data = {"report": text_name, "fields": {**fields, **stated}}
    return {**data, "meta": meta} if meta is not None else data


def person(value: int, quote: str) -> dict:
    return {"value": value, "unit": "person", "approximate": False, "quote": quote}


def figure(value: float, unit: str, quote: str, confidence: float = 0.95, review: bool = False) -> dict:
    return {"value": value, "unit": unit, "approximate": False, "quote": quote, "span": [0, 0],
            "confidence": confidence, "needs_review": review}  # fmt: skip


@pytest.fixture
def sets(tmp_path: Path) -> EvalOptions:
    """Three reports in three sets: a seed, a wider text to tune on, a wider text only measured."""
    (tmp_path / "wider").mkdir()
    (tmp_path / "000_seed.txt").write_text(SEED, encoding="utf-8")
    (tmp_path / "wider" / "w1_tune.txt").write_text(TUNE, encoding="utf-8")
    (tmp_path / "wider" / "w2_measure.txt").write_text(MEASURE, encoding="utf-8")
    (tmp_path / "corpus.txt").write_text(
        "# seeds first\n000_seed.txt\n[wider/tune]\nwider/w1_tune.txt\n"
        "[wider/measure]\nwider/w2_measure.txt\n",
        encoding="utf-8",
    )
    labels = tmp_path / "labels"
    labels.mkdir()
    files = {
        "000_seed": label("000_seed.txt", {"teachers.special_post_teachers": person(85, "招聘特岗教师85人")}),
        "w1_tune": label(
            "w1_tune.txt",
            {
                "party_building.new_party_members": person(12, "发展党员12名"),
                "teachers.special_post_teachers": person(40, "招聘特岗教师40人"),
            },
            {"county": None, "report_year": None, "plan_year": None},
        ),
        "w2_measure": label(
            "w2_measure.txt",
            {"infrastructure.new_school_places": PLACES},
            {"county": None, "report_year": 2021, "plan_year": None},
        ),
    }
    for stem, data in files.items():
        (labels / f"{stem}.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return EvalOptions(
        corpus=tmp_path / "corpus.txt", labels_dir=labels, baseline_dir=tmp_path / "b", out=tmp_path / "out"
    )


def outputs(**per_report: dict) -> dict[str, dict]:
    """Every report's output: the seed's special-post teachers right, the wider texts as given."""
    base = {
        "000_seed.txt": {"meta": {"county": "兴隆县", "report_year": 2023},
                         "teachers": {"special_post_teachers": figure(85, "person", "招聘特岗教师85人")}},
        "w1_tune.txt": {"meta": {}},
        "w2_measure.txt": {"meta": {"report_year": 2021}},
    }  # fmt: skip
    return {**base, **per_report}


def evaluate(options: EvalOptions, results: dict[str, dict], **changes):
    done = eval_main(EvalOptions(**{**vars(options), **changes}), lambda path: results[Path(path).name])
    return done.run, done.diff


def test_the_list_file_names_sets_and_halves(sets) -> None:
    entries = read_corpus(sets.corpus)
    assert [(e.path.name, e.set) for e in entries] == [
        ("000_seed.txt", "corpus"),
        ("w1_tune.txt", "wider/tune"),
        ("w2_measure.txt", "wider/measure"),
    ]
    assert [p.name for p in load_corpus(sets.corpus, only="wider")] == ["w1_tune.txt", "w2_measure.txt"]
    assert [p.name for p in load_corpus(sets.corpus, only="corpus")] == ["000_seed.txt"]


def test_a_malformed_set_line_is_one_error_naming_the_line(sets) -> None:
    sets.corpus.write_text("000_seed.txt\n[Wider tune]\n", encoding="utf-8")
    message = r"corpus\.txt:2: a set line is \[name\] or \[name/half\]: \[Wider tune\]$"
    with pytest.raises(CorpusError, match=message):
        read_corpus(sets.corpus)


def test_each_set_and_half_is_scored_apart(sets) -> None:
    party = {"new_party_members": figure(12, "person", "发展党员12名")}
    sports = {"events_held": figure(19, "count", "第十九届", 0.7, True)}
    results = outputs(**{"w1_tune.txt": {"meta": {}, "party_building": party, "sports": sports}})
    run, _ = evaluate(sets, results)
    assert run.set_names() == ["corpus", "wider", "wider/measure", "wider/tune"]
    corpus, wider = run.subset("corpus").tally(), run.subset("wider").tally()
    assert (corpus.right, corpus.emitted, corpus.stated) == (1, 1, 1)
    assert (wider.right, wider.false, wider.emitted, wider.stated) == (1, 1, 2, 3)
    assert run.subset("wider/tune").tally().precision == pytest.approx(1 / 2)
    assert run.subset("wider/measure").tally().recall == 0
    levels = run.subset("wider").by_confidence()
    assert {k: (t.right, t.emitted) for k, t in levels.items()} == {"0.95": (1, 1), "0.70": (0, 1)}
    data = run.to_dict()
    assert data["sets"]["wider"]["precision"] == pytest.approx(1 / 2)
    assert data["sets"]["wider"]["needs_review"]["false"] == 1
    assert data["sets"]["corpus"]["reports"] == 1


def test_labelled_meta_is_right_where_stated_and_false_where_the_text_states_none(sets) -> None:
    results = outputs(**{"w1_tune.txt": {"meta": {"county": "本年县", "report_year": 2021}},
                         "w2_measure.txt": {"meta": {"report_year": 2020}}})  # fmt: skip
    run, _ = evaluate(sets, results)
    meta = {(r.report, f.field): f.status for r in run.reports for f in r.fields if f.section == "meta"}
    assert meta[("w1_tune.txt", "meta.county")] == "false"
    assert meta[("w1_tune.txt", "meta.report_year")] == "false"
    assert meta[("w1_tune.txt", "meta.plan_year")] == "blank"
    assert meta[("w2_measure.txt", "meta.report_year")] == "wrong"
    wider = run.subset("wider").meta_tally()
    assert (wider.right, wider.stated, wider.wrong, wider.false) == (0, 1, 1, 2)


def test_a_new_wrong_figure_in_the_wider_set_fails_the_gate_though_the_corpus_gains(sets) -> None:
    party = {"new_party_members": figure(12, "person", "发展党员12名")}
    before = {"000_seed.txt": {"meta": {}}, "w1_tune.txt": {"meta": {}, "party_building": party}}
    evaluate(sets, outputs(**before), save_baseline="base")
    wrong = {"special_post_teachers": figure(19, "person", "第十九届")}
    now = {"w1_tune.txt": {"meta": {}, "party_building": party, "teachers": wrong}}
    run, diff = evaluate(sets, outputs(**now), baseline="base")
    gained = [(c.report, c.field) for c in diff.gained]
    assert ("000_seed.txt", "teachers.special_post_teachers") in gained  # the seed's figure, gained
    assert [(c.report, c.before, c.after) for c in diff.new_wrong] == [("w1_tune.txt", "missed", "wrong")]
    assert diff.regressed
    assert diff.dropped == ["precision", "wider precision", "wider/tune precision"]  # 1/1 → 2/3, 1/1 → 1/2
    assert "corpus precision" not in diff.dropped
    text = markdown_summary(run, diff)
    assert (
        "REGRESSED against baseline 'base': 1 new wrong figure(s), precision below the baseline, "
        "wider precision below the baseline, wider/tune precision below the baseline" in text
    )
    row = "| NEW WRONG | w1_tune.txt | teachers.special_post_teachers | missed: — | wrong: 19 «第十九届» |"
    assert row in text


def test_the_summary_shows_each_set_its_meta_and_how_sure_its_figures_are(sets) -> None:
    run, _ = evaluate(sets, outputs())
    log = io.StringIO()
    render(Console(file=log, width=80, force_terminal=False), run)
    text = log.getvalue()
    assert "[corpus, 1 reports] Precision 100.0% (1/1 emitted figures right)" in text
    assert "[wider, 2 reports] Precision n/a (0/0 emitted figures right) · recall 0.0% (0/3" in text
    assert "| wider/measure | n/a | 0.0% | n/a | 0 | 0 | 0 | 0 | 1 | 19 |" in text
    assert "| wider | 1 | 1 | 0 | 0 | 0 |" in text  # meta: the one stated year right, none false
    assert "| corpus: confidence 0.95 | 1 | 1 | 0 | 100.0% |" in text
    assert "## The wider set by field" in text and "## The corpus set by field" in text
    wider_fields = text.split("## The wider set by field")[1]
    assert "| infrastructure.new_school_places | n/a | 0.0% | n/a | 0 | 0 | 0 | 0 | 1 | 1 |" in wider_fields
