"""Scoring and the regression gate, on crafted outputs whose scores are known exactly."""

from __future__ import annotations

import io
import json
from argparse import Namespace
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
from rich.console import Console
from summarizer_evals.baseline import compare, load_baseline, save_baseline
from summarizer_evals.groundtruth import ground_truth
from summarizer_evals.results import EvalRun
from summarizer_evals.runner import eval_main, run_eval
from summarizer_evals.scoring import score_report

from summarizer.models import (
    Figure,
    Infrastructure,
    Meta,
    Project,
    Report,
    RunStats,
    SourceInfo,
    Sports,
    StudentAid,
    Teachers,
)

# Three facts the patterns know: special-post 85, free normal students 35, aid 15,439,800 yuan.
TEXT = "二是优化教师编制配置。招聘特岗教师85人,免费师范生35人。2023年,累计发放资助金1543.98万元。\n"


def fig(value: float, unit: str, quote: str, approximate: bool = False) -> Figure:
    start = max(TEXT.find(quote), 0)
    return Figure(
        value=value, unit=unit, approximate=approximate, quote=quote, span=(start, start + len(quote))
    )


def make_report(
    teachers: Teachers | None = None,
    student_aid: StudentAid | None = None,
    sports: Sports | None = None,
    infrastructure: Infrastructure | None = None,
) -> Report:
    return Report(
        source=SourceInfo(path="crafted.txt", sha256="0" * 64, encoding="utf-8", chars=len(TEXT)),
        meta=Meta(),
        teachers=teachers or Teachers(),
        student_aid=student_aid or StudentAid(),
        sports=sports or Sports(),
        infrastructure=infrastructure or Infrastructure(),
        run=RunStats(provider="fake", model="fake-1", llm_calls=2, cache_hits=1, prompt_tokens=300),
    )


RIGHT = fig(85, "person", "招聘特岗教师85人")
WRONG = fig(85, "person", "免费师范生35人")  # truth is 35; 85 is in the report, so not a hallucination
HALLUCINATED = fig(7, "count", "举办比赛7场")  # no 7 anywhere in TEXT; field has no ground truth


def crafted() -> Report:
    """One right, one wrong, one hallucinated, one missing (student aid total)."""
    return make_report(
        teachers=Teachers(special_post_teachers=RIGHT, free_normal_students=WRONG),
        sports=Sports(events_held=HALLUCINATED),
    )


def test_crafted_text_has_exactly_three_truths() -> None:
    truths = {f: gt.value for f, gt in ground_truth(TEXT).items() if gt.status != "absent"}
    assert truths == {
        "teachers.special_post_teachers": 85,
        "teachers.free_normal_students": 35,
        "student_aid.total_amount_yuan": 15439800,
    }


def test_one_right_one_wrong_one_hallucinated_one_missing() -> None:
    score = score_report(crafted(), TEXT, name="crafted.txt")
    statuses = {f.field: f.status for f in score.fields if f.status in ("correct", "wrong", "missing")}
    assert statuses == {
        "teachers.special_post_teachers": "correct",
        "teachers.free_normal_students": "wrong",
        "student_aid.total_amount_yuan": "missing",
    }
    t = score.tally()
    assert Fraction(t.correct, t.scored) == Fraction(1, 3)
    assert t.accuracy == pytest.approx(1 / 3)
    assert t.coverage == pytest.approx(2 / 3)
    assert (t.figures, t.grounded) == (3, 1)
    assert t.grounding_rate == pytest.approx(1 / 3)
    assert [(h.path, h.value) for h in score.hallucinations] == [("sports.events_held", "7")]
    assert score.cost.llm_calls == 2 and score.cost.cache_hits == 1 and score.cost.prompt_tokens == 300
    # The same verdicts from the JSON dict form of the output.
    assert score_report(crafted().model_dump(mode="json"), TEXT).tally() == t


def test_per_section_scores() -> None:
    score = score_report(crafted(), TEXT)
    teachers, aid, sports = score.tally("teachers"), score.tally("student_aid"), score.tally("sports")
    assert (teachers.accuracy, teachers.coverage, teachers.grounding_rate) == (0.5, 1.0, 0.5)
    assert (aid.accuracy, aid.coverage, aid.grounding_rate) == (0.0, 0.0, None)
    assert (sports.scored, sports.figures, sports.hallucinated) == (0, 1, 1)


def test_approximate_figure_matches_its_stated_number_and_float_noise_is_forgiven() -> None:
    text = "累计培训教师1.4万余人次;累计发放资助金1543.98万元。"
    report = make_report(
        teachers=Teachers(
            training_person_times=Figure(
                value=14000, unit="person_time", approximate=True, quote="培训教师1.4万余人次", span=(2, 13)
            )
        ),
        student_aid=StudentAid(
            total_amount_yuan=Figure(
                value=1543.98 * 10000,
                unit="yuan",
                approximate=False,
                quote="发放资助金1543.98万元",
                span=(0, 1),
            )
        ),
    )
    t = score_report(report, text).tally()
    assert (t.correct, t.scored, t.grounded, t.figures, t.hallucinated) == (2, 2, 2, 2, 0)


def test_traditional_quote_and_project_figures_are_grounded() -> None:
    text = "2022年,共發放33700余人次2070余萬元。投資2789萬元實施了縣二中教學樓重建。"
    project = Project(
        name="县二中教学楼重建",
        investment_yuan=Figure(
            value=27890000, unit="yuan", approximate=False, quote="投資2789萬元", span=(0, 1)
        ),
        quote="投资2789万元实施了县二中初中部教学楼重建",
        span=(0, 1),
    )
    report = make_report(
        student_aid=StudentAid(
            total_amount_yuan=Figure(
                value=20700000,
                unit="yuan",
                approximate=True,
                quote="共发放33700余人次2070余万元",
                span=(5, 22),
            )
        ),
        infrastructure=Infrastructure(projects=[project]),
    )
    score = score_report(report, text)
    assert [(c.path, c.grounded) for c in score.figures] == [
        ("infrastructure.projects[0].investment_yuan", True),
        ("student_aid.total_amount_yuan", True),
    ]
    assert score.tally().correct == 1


def test_value_written_in_wan_is_not_a_hallucination_but_a_quote_mismatch_is_ungrounded() -> None:
    report = make_report(
        student_aid=StudentAid(
            total_amount_yuan=Figure(
                value=1543.98, unit="yuan", approximate=False, quote="免费师范生35人", span=(0, 1)
            )
        )
    )
    (check,) = score_report(report, TEXT).figures
    assert check.in_text and check.quote_found and not check.value_in_quote and not check.grounded


# -- the regression gate -----------------------------------------------------------------------------


def extractor(report: Report) -> Callable[[Path], Report]:
    return lambda path: report


def all_right() -> Report:
    return make_report(
        teachers=Teachers(
            special_post_teachers=RIGHT, free_normal_students=fig(35, "person", "免费师范生35人")
        ),
        student_aid=StudentAid(total_amount_yuan=fig(15439800, "yuan", "累计发放资助金1543.98万元")),
    )


def one_turned_wrong() -> Report:
    return make_report(
        teachers=Teachers(special_post_teachers=RIGHT, free_normal_students=WRONG),
        student_aid=StudentAid(total_amount_yuan=fig(15439800, "yuan", "累计发放资助金1543.98万元")),
    )


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    (corpus_dir / "r1.txt").write_text(TEXT, encoding="utf-8")
    list_file = tmp_path / "corpus.txt"
    list_file.write_text("# crafted\ncorpus/r1.txt\n", encoding="utf-8")
    return list_file, tmp_path / "baselines", tmp_path / "out"


def args(list_file: Path, baseline_dir: Path, out: Path, **kw: object) -> Namespace:
    base = {"corpus": str(list_file), "baseline": None, "save_baseline": None, "out": str(out)}
    return Namespace(**{**base, "baseline_dir": str(baseline_dir), **kw})


def quiet() -> Console:
    return Console(file=io.StringIO(), width=200)


def test_gate_fails_when_a_previously_correct_field_turns_wrong(setup: tuple[Path, Path, Path]) -> None:
    list_file, bdir, out = setup
    assert eval_main(args(list_file, bdir, out, save_baseline="main"), extractor(all_right()), quiet()) == 0
    assert (bdir / "main.json").is_file()

    console = quiet()
    code = eval_main(args(list_file, bdir, out, baseline="main"), extractor(one_turned_wrong()), console)
    assert code == 1
    assert "REGRESSED" in console.file.getvalue()
    report = json.loads((out / "eval-report.json").read_text(encoding="utf-8"))
    diff = report["baseline_diff"]
    assert diff["regressed"] is True
    assert [(c["report"], c["field"], c["before"], c["after"]) for c in diff["lost"]] == [
        ("r1.txt", "teachers.free_normal_students", "correct", "wrong")
    ]
    assert diff["score_changes"]["accuracy"] == [1.0, pytest.approx(2 / 3)]
    assert "REGRESSED" in (out / "eval-summary.md").read_text(encoding="utf-8")


def test_gate_passes_on_an_improvement(setup: tuple[Path, Path, Path]) -> None:
    list_file, bdir, out = setup
    assert eval_main(args(list_file, bdir, out, save_baseline="main"), extractor(crafted()), quiet()) == 0
    code = eval_main(args(list_file, bdir, out, baseline="main"), extractor(all_right()), quiet())
    assert code == 0
    diff = compare(
        run_eval(extractor(all_right()), [list_file.parent / "corpus/r1.txt"]), load_baseline("main", bdir)
    )
    assert not diff.regressed and diff.lost == []
    assert sorted(c.field for c in diff.gained) == [
        "student_aid.total_amount_yuan",
        "teachers.free_normal_students",
    ]
    assert diff.new_hallucinations == []


def test_new_hallucinations_are_listed(tmp_path: Path) -> None:
    corpus = tmp_path / "r1.txt"
    corpus.write_text(TEXT, encoding="utf-8")
    save_baseline(run_eval(extractor(all_right()), [corpus]), "b", tmp_path)
    with_extra = all_right().model_copy(update={"sports": Sports(events_held=HALLUCINATED)})
    diff = compare(run_eval(extractor(with_extra), [corpus]), load_baseline("b", tmp_path))
    assert [(h.report, h.path, h.value) for h in diff.new_hallucinations] == [
        ("r1.txt", "sports.events_held", "7")
    ]
    assert not diff.regressed  # hallucinations are reported; the gate is correctness and accuracy


def test_extractor_crash_counts_as_missing_and_regresses(tmp_path: Path) -> None:
    corpus = tmp_path / "r1.txt"
    corpus.write_text(TEXT, encoding="utf-8")
    baseline = run_eval(extractor(all_right()), [corpus])

    def boom(path: Path) -> Report:
        raise RuntimeError("model fell over")

    run = run_eval(boom, [corpus])
    assert run.reports[0].error == "RuntimeError: model fell over"
    assert run.tally().missing == 3
    assert compare(run, baseline).regressed


def test_run_round_trips_through_json(tmp_path: Path) -> None:
    corpus = tmp_path / "r1.txt"
    corpus.write_text(TEXT, encoding="utf-8")
    run = run_eval(extractor(crafted()), [corpus], prompt_hashes={"extract.md": "abc"})
    again = EvalRun.from_dict(json.loads(json.dumps(run.to_dict())))
    assert again.scores() == run.scores()
    assert (again.provider, again.model, again.prompt_hashes) == ("fake", "fake-1", {"extract.md": "abc"})
    assert again.corpus_hash == run.corpus_hash


def test_missing_baseline_or_corpus_is_a_usage_error(setup: tuple[Path, Path, Path]) -> None:
    list_file, bdir, out = setup
    assert eval_main(args(list_file, bdir, out, baseline="nope"), extractor(crafted()), quiet()) == 2
    assert eval_main(args(list_file.with_name("x.txt"), bdir, out), extractor(crafted()), quiet()) == 2


def test_a_baseline_from_another_llama_cpp_build_is_named_in_the_diff(setup: tuple[Path, Path, Path]) -> None:
    list_file, bdir, out = setup
    avx512, avx2 = "llama-cpp-python 0.3.36: AVX2 AVX512", "llama-cpp-python 0.3.36: AVX2"
    saved = args(list_file, bdir, out, save_baseline="main")
    assert eval_main(saved, extractor(all_right()), quiet(), runtime=avx512) == 0
    assert load_baseline("main", bdir).runtime == avx512

    console = quiet()
    code = eval_main(
        args(list_file, bdir, out, baseline="main"), extractor(all_right()), console, runtime=avx2
    )
    assert code == 0  # a different build alone is not a regression; it is a caveat on the diff
    note = (
        f"The baseline was run on {avx512}, this run on {avx2}: a different build rounds differently, "
        "so some changes may not come from the prompts."
    )
    assert note in " ".join(console.file.getvalue().split())
    diff = json.loads((out / "eval-report.json").read_text(encoding="utf-8"))["baseline_diff"]
    assert diff["runtime_change"] == [avx512, avx2]
    assert note in (out / "eval-summary.md").read_text(encoding="utf-8")

    same = compare(
        run_eval(extractor(all_right()), [list_file.parent / "corpus/r1.txt"], runtime=avx512),
        load_baseline("main", bdir),
    )
    assert same.runtime_change is None
