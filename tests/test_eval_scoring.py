"""Scoring and the regression gate, on crafted outputs and labels whose scores are known exactly."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from rich.console import Console
from summarizer_evals.baseline import compare, load_baseline, save_baseline
from summarizer_evals.errors import EvalInputError
from summarizer_evals.labels import LABELLED_FIELDS
from summarizer_evals.report import markdown_summary, render
from summarizer_evals.results import EvalRun
from summarizer_evals.runner import EvalOptions, eval_main

from summarizer.cli import main

TEXT = (
    "兴隆县教育和体育局2023年工作总结\n二是优化教师编制配置。招聘特岗教师85人,免费师范生35人,公费师范生36人。"
    "2023年,累计发放资助金1543.98万元。计划投资18亿元建设学校。\n"
)
STATED = {
    "teachers.special_post_teachers": {"value": 85, "unit": "person", "quote": "招聘特岗教师85人"},
    "teachers.free_normal_students": {
        "value": 35,
        "unit": "person",
        "quote": "免费师范生35人",
        "alternatives": [{"value": 36, "unit": "person", "quote": "公费师范生36人", "reason": "crafted"}],
    },
    "student_aid.total_amount_yuan": {
        "value": 15439800,
        "unit": "yuan",
        "quote": "累计发放资助金1543.98万元",
    },
}


def figure(value: float, unit: str, quote: str, approximate: bool = False) -> dict:
    return {"value": value, "unit": unit, "approximate": approximate, "quote": quote, "span": [0, 0]}


RIGHT = figure(85, "person", "招聘特岗教师85人")
WRONG = figure(85, "person", "免费师范生35人")
PLAN = figure(1_800_000_000, "yuan", "计划投资18亿元")  # a plan: the label is null, so it is false


def output(**sections: dict) -> dict:
    return {"meta": {"county": "兴隆县", "report_year": 2023}, **sections}


@pytest.fixture
def corpus(tmp_path: Path) -> EvalOptions:
    """A one-report corpus with a complete label file, and folders for baselines and results."""
    (tmp_path / "000_x.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "corpus.txt").write_text("000_x.txt\n", encoding="utf-8")
    fields = {name: {"value": None, "reason": "not stated"} for name in LABELLED_FIELDS}
    labels = tmp_path / "labels"
    labels.mkdir()
    (labels / "000_x.json").write_text(
        json.dumps({"report": "000_x.txt", "fields": {**fields, **STATED}}, ensure_ascii=False), "utf-8"
    )
    return EvalOptions(
        corpus=tmp_path / "corpus.txt",
        labels_dir=labels,
        baseline_dir=tmp_path / "baselines",
        out=tmp_path / "out",
    )


def evaluate(options: EvalOptions, result: dict, **changes) -> tuple[EvalRun, object]:
    wanted = EvalOptions(**{**vars(options), **changes})
    done = eval_main(wanted, lambda _path: result)
    return done.run, done.diff


def test_every_emitted_figure_is_judged_and_precision_and_recall_follow(corpus) -> None:
    result = output(
        teachers={"special_post_teachers": RIGHT, "free_normal_students": WRONG},
        infrastructure={"total_investment_yuan": PLAN},
        sports={"events_held": figure(7, "count", "举办比赛7场")},
    )
    run, _ = evaluate(corpus, result)
    statuses = {f.field: f.status for f in run.reports[0].fields if f.status not in ("blank", "unscored")}
    assert statuses == {
        "meta.county": "right",
        "meta.bureau": "missed",
        "meta.report_year": "right",
        "teachers.special_post_teachers": "right",
        "teachers.free_normal_students": "wrong",
        "infrastructure.total_investment_yuan": "false",
        "sports.events_held": "false",
        "student_aid.total_amount_yuan": "missed",
    }
    t = run.tally()
    assert (t.right, t.wrong, t.false, t.missed, t.blank) == (1, 1, 2, 1, 15)
    assert t.precision == pytest.approx(1 / 4)
    assert t.recall == pytest.approx(1 / 3)
    assert t.f1 == pytest.approx(2 * (1 / 4) * (1 / 3) / (1 / 4 + 1 / 3))
    assert run.by_section()["teachers"].precision == pytest.approx(1 / 2)
    assert run.by_field()["sports.events_held"].false == 1
    assert (run.meta_tally().right, run.meta_tally().stated) == (2, 3)  # meta apart from the figures


def test_a_wrong_unit_or_approximate_flag_is_counted_apart_and_an_alternative_is_right(corpus) -> None:
    result = output(
        teachers={
            "special_post_teachers": figure(85, "person_time", "招聘特岗教师85人"),
            "free_normal_students": figure(36, "person", "免费师范生35人"),
        },
        student_aid={"total_amount_yuan": figure(15439800, "yuan", "累计发放资助金1543.98万元", True)},
    )
    t = evaluate(corpus, result)[0].tally()
    assert (t.right, t.wrong_unit, t.emitted, t.stated) == (1, 2, 3, 3)


def test_a_baseline_is_rescored_with_todays_labels_and_the_edit_is_listed(corpus, tmp_path) -> None:
    evaluate(corpus, output(teachers={"free_normal_students": WRONG}), save_baseline="base")
    label_file = corpus.labels_dir / "000_x.json"
    data = json.loads(label_file.read_text("utf-8"))
    data["fields"]["teachers.free_normal_students"] = {"value": 85, "unit": "person", "quote": "特岗教师85人"}
    label_file.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    _, diff = evaluate(corpus, output(teachers={"free_normal_students": WRONG}), baseline="base")
    assert diff.labels_changed and not diff.regressed
    [edit] = diff.label_changes
    assert (edit.field, edit.after) == ("teachers.free_normal_students", "85 person «特岗教师85人»")
    assert diff.score_changes["right"] == (1, 1)  # both sides now judged by the edited label


def test_the_gate_fails_on_a_lost_figure_and_on_a_new_false_one_and_passes_an_improvement(corpus) -> None:
    evaluate(corpus, output(teachers={"special_post_teachers": RIGHT}), save_baseline="base")
    _, lost = evaluate(corpus, output(), baseline="base")
    assert lost.regressed and [c.field for c in lost.lost] == ["teachers.special_post_teachers"]
    assert lost.dropped == ["precision", "recall"] or lost.dropped == ["recall"]

    more = output(teachers={"special_post_teachers": RIGHT}, infrastructure={"total_investment_yuan": PLAN})
    _, false = evaluate(corpus, more, baseline="base")
    assert false.regressed and not false.lost
    [new] = false.new_false
    assert (new.field, new.got_after, new.quote_after) == (
        "infrastructure.total_investment_yuan",
        "1800000000",
        "计划投资18亿元",
    )

    better = output(
        teachers={"special_post_teachers": RIGHT},
        student_aid={"total_amount_yuan": figure(15439800, "yuan", "累计发放资助金1543.98万元")},
    )
    _, gained = evaluate(corpus, better, baseline="base")
    assert not gained.regressed
    assert [c.field for c in gained.gained] == ["student_aid.total_amount_yuan"]


def test_the_diff_shows_values_with_their_quotes_off_a_terminal(corpus) -> None:
    """In a pipe or a CI log the results come out as Markdown: no column is cut to "r…"."""
    evaluate(corpus, output(teachers={"special_post_teachers": RIGHT}), save_baseline="base")
    misread = figure(35, "person", "免费师范生35人")
    run, diff = evaluate(corpus, output(teachers={"special_post_teachers": misread}), baseline="base")
    log = io.StringIO()
    render(Console(file=log, width=80, force_terminal=False), run, diff)
    text = log.getvalue()
    assert "| report | precision | recall | F1 | right | wrong | unit/≈ | false | missed | blank |" in text
    assert "REGRESSED against baseline 'base': 1 right figure(s) lost, precision below the baseline" in text
    assert "| LOST | 000_x.txt | teachers.special_post_teachers | right: 85 «招聘特岗教师85人» | " in text
    assert "wrong: 35 «免费师范生35人»" in text
    assert "…" not in text.replace("sha256 `", "").split("## By report")[1]
    assert text == markdown_summary(run, diff) + "\n"


def test_a_run_round_trips_through_its_baseline_file(corpus, tmp_path) -> None:
    run, _ = evaluate(corpus, output(teachers={"special_post_teachers": RIGHT}))
    path = save_baseline(run, "again", tmp_path)
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # shared like any output, not 0600
    again = load_baseline("again", tmp_path)
    assert again.scores() == run.scores()
    assert again.labels_hash == run.labels_hash and len(run.labels_hash) == 64
    assert compare(run, again).regressed is False


def test_an_extractor_crash_counts_as_missed_and_regresses(corpus) -> None:
    evaluate(corpus, output(teachers={"special_post_teachers": RIGHT}), save_baseline="base")

    def crash(_path: Path) -> dict:
        raise RuntimeError("model fell over")

    options = EvalOptions(**{**vars(corpus), "baseline": "base"})
    done = eval_main(options, crash)
    run, diff = done.run, done.diff
    assert run.reports[0].error == "RuntimeError: model fell over"
    assert run.tally().missed == 3 and diff.regressed


def test_bad_eval_input_is_one_line_naming_the_file(corpus, tmp_path) -> None:
    with pytest.raises(EvalInputError, match=r"^no baseline named 'nope' \(.*nope\.json\); save one"):
        evaluate(corpus, output(), baseline="nope")
    broken = corpus.labels_dir / "000_x.json"
    broken.write_text('{"report": "000_x.txt", "fields": {"teachers.bogus": null}}', "utf-8")
    with pytest.raises(EvalInputError, match=rf"^{broken}: unknown field teachers.bogus$"):
        evaluate(corpus, output())


def test_eval_main_returns_what_it_wrote_and_prints_nothing(corpus, capsys) -> None:
    seen: list[tuple[int, int, str]] = []
    options = EvalOptions(**{**vars(corpus), "save_baseline": "base"})
    done = eval_main(
        options,
        lambda _path: output(teachers={"special_post_teachers": RIGHT}),
        on_report=lambda i, n, path: seen.append((i, n, path.name)),
    )
    assert seen == [(1, 1, "000_x.txt")]
    assert done.written == (corpus.out / "eval-report.json", corpus.out / "eval-summary.md")
    assert done.saved == corpus.baseline_dir / "base.json" and done.saved.is_file()
    assert done.diff is None and done.regressed is False
    assert capsys.readouterr() == ("", "")


def test_the_cli_shows_the_eval_and_exits_1_on_a_regression(corpus, capsys, monkeypatch) -> None:
    answers = {"now": output(teachers={"special_post_teachers": RIGHT})}
    monkeypatch.setattr("summarizer.library.Summarizer.summarize", lambda *_: answers["now"])
    remote = ["--provider", "vllm", "--base-url", "http://127.0.0.1:9/v1"]
    flags = ["--corpus", str(corpus.corpus), "--labels-dir", str(corpus.labels_dir),
             "--baseline-dir", str(corpus.baseline_dir), "--out", str(corpus.out), *remote]  # fmt: skip
    assert main(["eval", *flags, "--save-baseline", "base"]) == 0
    err = capsys.readouterr().err
    assert "eval 1/1 000_x.txt" in err
    assert f"Wrote {corpus.out / 'eval-report.json'} and {corpus.out / 'eval-summary.md'}" in err
    assert f"Saved baseline {corpus.baseline_dir / 'base.json'}" in err
    assert main(["eval", *flags, "--baseline", "base"]) == 0
    answers["now"] = output()
    assert main(["eval", *flags, "--baseline", "base"]) == 1
    assert "REGRESSED against baseline 'base'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--baseline", "nope"], "summarize: error: no baseline named 'nope'"),
        (
            ["--prompts", "/nonexistent/prompts"],
            "summarize: error: /nonexistent/prompts: no such prompt folder",
        ),
    ],
)
def test_the_cli_refuses_bad_eval_input_in_one_line(tmp_path, capsys, args, message) -> None:
    code = main(
        ["eval", *args, "--out", str(tmp_path), "--provider", "vllm", "--base-url", "http://127.0.0.1:9/v1"]
    )
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err.startswith(message) and "\n" not in err


@pytest.mark.parametrize(
    ("name", "template", "problem"),
    [
        (
            "teachers.md",
            "从原文中抽取【教师队伍】数据。\n",
            "the template lacks $text, where the report text goes",
        ),
        (
            "sports.md",
            "原文：\n$text\n抽取【体育】数据。\n",
            "the template lacks $fields, where the list of fields goes",
        ),
    ],
)
def test_a_prompt_folder_without_a_variable_is_refused(tmp_path, capsys, name, template, problem) -> None:
    folder = tmp_path / "prompts"
    folder.mkdir()
    (folder / name).write_text(template, encoding="utf-8")
    code = main(
        ["eval", "--prompts", str(folder), "--provider", "vllm", "--base-url", "http://127.0.0.1:9/v1"]
    )
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err == f"summarize: error: {folder / name}: {problem}"
