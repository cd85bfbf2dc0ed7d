"""The gate over a set of real shapes: 0 false refusals, 0 false acceptances, exact decisions.

`tests/data/gate/` holds the set, one text per file, its folder saying what the gate must decide:
  accept/      county education work in any shape: the first 700 and a middle 700 characters of
               each corpus report (corpus_*), and texts written for this set (banner and index
               fields, a document-sharing page, short year-in-review pages, one sentence, an aid
               centre's summary, Traditional script with pinyin glosses, PDF text with line numbers
               and junk, a report holding a table, an education-and-sports bureau's sports
               summary…);
  borderline/  about a county's schools but not a bureau's account of its work (a school's news, a
               government report with one paragraph on schools, a disease-control report with a
               school-health item, corpus report 000's sports chapter cut out without the bureau's
               name): summarised with a warning;
  reject/      clearly something else (English, Japanese, news on roads, farming or a ball game, two
               novels, a CSV and a TSV dump, Python and SQL, a recipe, a weather forecast, a flat
               advert, a health bureau's report). A health bureau's report is refused: its subject
               is health; one with a school-health item is borderline instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.errors import InputError
from summarizer.gate import FORCED_WARNING, NOT_A_REPORT, Decision, Verdict, assess, measure
from summarizer.llm.client import LLM
from summarizer.llm.presets import resolve_provider
from summarizer.normalize import normalize
from summarizer.pipeline import Options, summarize_source
from summarizer.reading import read_report
from summarizer.skim import skim as readable
from tests.fakes import TextReadingTransport

GATE_SET = Path(__file__).parent / "data" / "gate"
EXPECTED = {"accept": Decision.SUMMARISE, "borderline": Decision.WARN, "reject": Decision.REFUSE}
CASES = sorted(GATE_SET.glob("*/*.txt"))


def decide(path: Path) -> Decision:
    return assess(normalize(path.read_text(encoding="utf-8")).text).decision


def test_the_set_is_large_and_covers_every_folder():
    counts = {folder: len(list((GATE_SET / folder).glob("*.txt"))) for folder in EXPECTED}
    assert sum(counts.values()) >= 40
    assert counts == {"accept": 28, "borderline": 5, "reject": 16}
    assert len(list(GATE_SET.glob("accept/corpus_*.txt"))) == 10  # head and middle of all five


def test_no_false_refusal_or_false_acceptance_on_the_set():
    decided = {path: decide(path) for path in CASES}
    false_refusals = [p for p, d in decided.items() if p.parent.name != "reject" and d is Decision.REFUSE]
    false_acceptances = [
        p for p, d in decided.items() if p.parent.name == "reject" and d is not Decision.REFUSE
    ]
    wrong = [f"{p.parent.name}/{p.name}: {d}" for p, d in decided.items() if d is not EXPECTED[p.parent.name]]
    n_refused, n_accepted = len(false_refusals), len(false_acceptances)
    print(f"{len(CASES)} texts: {n_refused} false refusals, {n_accepted} false acceptances")
    assert not false_refusals, "refused: " + ", ".join(p.name for p in false_refusals)
    assert not false_acceptances, "accepted: " + ", ".join(p.name for p in false_acceptances)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("english_education", "not Chinese text"),
        ("japanese_school", "not Chinese text"),
        ("python_code", "program code"),
        ("sql_dump", "program code"),
        ("csv_school_statistics.csv", "a table, not prose"),
        ("tsv_budget_sheet", "a table, not prose"),
        ("novel_village_teacher", "fiction"),
        ("traffic_news", "not about schools, teachers or students"),
        ("health_bureau_report", "not about schools, teachers or students"),
    ],
)
def test_refusals_name_what_the_text_is(name, reason):
    text = normalize((GATE_SET / "reject" / f"{name}.txt").read_text(encoding="utf-8")).text
    assert assess(text).reason == reason


@pytest.mark.parametrize(
    ("name", "warning"),
    [
        (
            "school_opening_news",
            "may not be an education work report (about schools, but not a county's account of its "
            "education work): summarised anyway",
        ),
        (
            "county_government_report_excerpt",
            "may not be an education work report (schools are only part of what it is about): "
            "summarised anyway",
        ),
    ],
)
def test_borderline_texts_carry_a_warning(name, warning):
    text = normalize((GATE_SET / "borderline" / f"{name}.txt").read_text(encoding="utf-8")).text
    assert assess(text).warning == warning


def test_a_bare_title_is_too_short_and_one_sentence_is_enough():
    assert assess("梧川县教育局2021年工作总结").reason == "too short to tell"
    one = "梧川县2022年招聘教师60名,全部充实到农村学校。"
    not_an_account = "about schools, but not a county's account of its education work"
    assert assess(one) == Verdict(Decision.WARN, not_an_account)  # summarised, with a warning
    assert assess("梧川县2022年发放资助资金300万元,惠及学生5000人次。").decision is Decision.SUMMARISE


def test_a_table_inside_a_report_is_not_a_table_dump():
    m = measure(normalize((GATE_SET / "accept" / "report_with_table.txt").read_text("utf-8")).text)
    assert m.table_rows == 5 and 0.3 < m.table_share < 0.6


def test_pinyin_glosses_are_not_letters_of_another_language():
    glossed = "關(guān)於(yú)學(xué)生(shēng)資(zī)助(zhù)"
    assert readable(glossed) == "關於學生資助"
    m = measure(normalize((GATE_SET / "accept" / "traditional_pinyin_notice.txt").read_text("utf-8")).text)
    assert m.han_share == 1.0 and m.school_distinct >= 5


def test_a_prose_line_ending_in_a_semicolon_or_bracket_is_not_code():
    text = (
        "一是新建学校3所(城关片区);\n二是招聘教师85名,培训教师2000人次;\n三是发放资助资金600万元(含营养餐);\n"
    )
    assert measure(text).code_share == 0.0
    assert measure(text).table_rows < 3


def test_corpus_reports_whole_are_summarised_without_warning():
    from tests.corpus import CORPUS

    for path in sorted(CORPUS.glob("0*.txt")):
        assert assess(normalize(path.read_text(encoding="utf-8")).text).decision is Decision.SUMMARISE, (
            path.name
        )


class NoCalls:
    """A transport that fails the test if the pipeline asks the model anything."""

    def __call__(self, **request):
        raise AssertionError("the model was called")


def run(path: Path, force: bool = False):
    provider = resolve_provider("vllm", model="fake", base_url="http://127.0.0.1:9/v1")
    options = Options(provider=provider, cache_dir=None, force=force)
    return summarize_source(read_report(path), options, LLM(provider, None, transport=NoCalls()))


def test_pipeline_refuses_in_one_line_naming_the_file_and_force_gives_meta_only():
    path = GATE_SET / "reject" / "health_bureau_report.txt"
    with pytest.raises(InputError) as refused:
        run(path)
    assert str(refused.value) == f"{path}: {NOT_A_REPORT}"
    report = run(path, force=True)
    assert [w.message for w in report.warnings] == [FORCED_WARNING]
    assert (report.meta.county, report.meta.report_year, report.run.llm_calls) == ("鹤鸣县", 2022, 0)


def test_pipeline_summarises_a_borderline_text_with_the_warning_first():
    path = GATE_SET / "borderline" / "county_government_report_excerpt.txt"
    provider = resolve_provider("vllm", model="fake", base_url="http://127.0.0.1:9/v1")
    options = Options(provider=provider, cache_dir=None)
    report = summarize_source(
        read_report(path), options, LLM(provider, None, transport=TextReadingTransport())
    )
    assert report.warnings[0].section == "meta"
    assert report.warnings[0].message.startswith("may not be an education work report (schools are only part")
    assert report.run.llm_calls >= 1
