"""Grounding: fabricated numbers are re-asked with their evidence, hopeless ones dropped, spans exact."""

from __future__ import annotations

import pytest

from summarizer.llm.client import LLM
from summarizer.llm.providers import resolve_provider
from summarizer.normalize import normalize_fragment
from summarizer.pipeline import Options, summarize_file
from tests.corpus import SEED_000
from tests.fakes import FakeTransport, empty_answer


def run(answer, max_retries: int = 2):
    fake = FakeTransport(answer)
    options = Options(provider=resolve_provider("embedded"), cache_dir=None, max_retries=max_retries)
    llm = LLM(options.provider, None, transport=fake)
    return summarize_file(SEED_000, options, llm), fake


def teachers_then(first_number: float, letter: str | None = "A"):
    """Teachers answers: `first_number` on the first attempt; on the re-ask, choice `letter`."""

    def answer(section: str, attempt: int) -> dict:
        result = empty_answer(section)
        if section == "teachers":
            if attempt > 1:
                return {"special_post_teachers": letter}
            result["special_post_teachers"] = {"quote": "招聘特岗教师85人", "number": first_number}
        if section == "student_aid":
            result["total_amount_yuan"] = {"quote": "累计发放资助金1543.98万元", "number": 1543.98}
        return result

    return answer


def corrections(fake) -> list[dict]:
    """The re-asks a run sent: a choice for some fields, not the whole section again."""
    return [r for r in fake.requests if "在原文片段中是哪一项" in r["messages"][1]["content"]]


def test_a_misread_number_is_reasked_as_a_choice_among_its_sentence_and_the_choice_grounds():
    report, fake = run(teachers_then(58, "A"))
    assert teachers_calls(fake) == 2
    figure = report.teachers.special_post_teachers
    assert (figure.value, figure.unit, figure.quote) == (85, "person", "招聘特岗教师85人")
    assert report.run.reasks == 1


def test_a_reask_shows_only_the_evidence_sentence_and_the_quantities_in_the_fields_units():
    """Not the whole section again: the quote's sentence, the field, its people counts as choices."""
    _, fake = run(teachers_then(58))
    [reask] = corrections(fake)
    system, user = reask["messages"]
    assert system["content"].startswith("你是教育统计数据抽取助手")
    assert user["content"] == (
        "原文片段：\n严格落实“退一补一”政策,招聘特岗教师85人,免费师范生35人,劳务派遣幼儿教师15人,"
        "充实了教师队伍。\n\n【教师队伍】的下列字段，在原文片段中是哪一项？\n"
        "- special_post_teachers：招聘的特岗教师人数（特岗）\n"
        "  A. 招聘特岗教师85人\n  B. 免费师范生35人\n  C. 劳务派遣幼儿教师15人\n\n"
        "每个字段填说的正是这个字段的那一项的字母；没有一项是这个字段的，填 null。"
    )
    [choice] = reask["response_format"]["schema"]["properties"]["special_post_teachers"]["anyOf"][:1]
    assert choice == {"enum": ["A", "B", "C"], "type": "string"}
    assert reask["temperature"] == 0.0


def test_the_letter_picks_the_quantity_it_labels():
    report, _ = run(teachers_then(58, "B"))
    figure = report.teachers.special_post_teachers
    assert (figure.value, figure.quote) == (35, "免费师范生35人")


def test_a_reask_answered_null_drops_the_figure_with_the_first_error():
    report, fake = run(teachers_then(58, None))
    assert report.teachers.special_post_teachers is None
    assert len(corrections(fake)) == 1
    [warning] = [w for w in report.warnings if w.field == "special_post_teachers"]
    assert warning.message.startswith("dropped: special_post_teachers: 58 does not appear in the quote")


def test_no_reask_at_max_retries_zero():
    report, fake = run(teachers_then(58), max_retries=0)
    assert corrections(fake) == [] and report.teachers.special_post_teachers is None


def test_spans_point_at_the_quote_in_the_original_file():
    report, _ = run(teachers_then(85))
    original = SEED_000.read_text(encoding="utf-8")
    for figure in (report.teachers.special_post_teachers, report.student_aid.total_amount_yuan):
        start, end = figure.span
        assert normalize_fragment(original[start:end]) == figure.quote
    assert report.student_aid.total_amount_yuan.value == 15439800
    assert report.student_aid.total_amount_yuan.unit == "yuan"


def test_highlights_are_the_source_sentences_of_grounded_figures():
    report, _ = run(teachers_then(85))
    [highlight] = report.teachers.highlights
    assert (
        highlight.text
        == "严格落实“退一补一”政策,招聘特岗教师85人,免费师范生35人,劳务派遣幼儿教师15人,充实了教师队伍。"
    )
    original = SEED_000.read_text(encoding="utf-8")
    assert normalize_fragment(original[highlight.span[0] : highlight.span[1]]) == highlight.quote
    assert report.sports.highlights == []


def teachers_calls(fake) -> int:
    return sum(1 for r in fake.requests if "【教师队伍】" in r["messages"][1]["content"])


def one_teachers_figure(field: str, quote: str, number: float):
    """Answers that state one teachers figure, the same on every attempt, and nothing else."""

    def answer(section: str, attempt: int) -> dict:
        result = empty_answer(section)
        if section == "teachers":
            result[field] = {"quote": quote, "number": number}
        return result

    return answer


def test_a_figure_whose_reask_is_unusable_is_dropped_and_listed():
    """85 is stated twice, this quote nowhere: re-asked, but the answer is no letter, so it is dropped."""
    report, fake = run(
        one_teachers_figure("special_post_teachers", "招聘特岗教师八十五人", 85), max_retries=1
    )
    assert report.teachers.special_post_teachers is None
    assert teachers_calls(fake) == 2  # the first answer and one re-ask
    [warning] = [w for w in report.warnings if w.field == "special_post_teachers"]
    assert warning.section == "teachers"
    assert warning.message.startswith(
        "dropped: special_post_teachers: the quote '招聘特岗教师八十五人' is not in the text"
    )


def test_a_misquoted_number_stated_once_is_grounded_on_its_mention_without_a_reask():
    """The model copied its field description as the quote; 1.4万 is stated once, in person-times."""

    report, fake = run(
        one_teachers_figure("training_person_times", "教师培训的人次（人次）", 1.4), max_retries=1
    )
    figure = report.teachers.training_person_times
    assert (figure.value, figure.unit, figure.approximate) == (14000, "person_time", True)
    assert figure.quote == "累计培训教师1.4万余人次"
    original = SEED_000.read_text(encoding="utf-8")
    assert normalize_fragment(original[figure.span[0] : figure.span[1]]) == figure.quote
    assert teachers_calls(fake) == 1 and report.run.reasks == 0
    [warning] = [w for w in report.warnings if w.field == "training_person_times"]
    assert warning.message == (
        "quote repaired: the model's quote '教师培训的人次（人次）' does not state 1.4 in a unit this "
        "field accepts; its one mention in the section is quoted instead"
    )
    assert warning.quote == "教师培训的人次（人次）"


def test_a_number_from_another_clause_of_its_quote_is_moved_to_the_clause_that_states_it():
    """The quote is real but states other numbers; 150 is stated once elsewhere: that is the evidence."""

    report, fake = run(one_teachers_figure("commended_teachers", "招聘特岗教师85人", 150), max_retries=1)
    figure = report.teachers.commended_teachers
    assert (figure.value, figure.quote) == (150, "培养出市级骨干教师150名")
    assert teachers_calls(fake) == 1


def test_a_number_stated_twice_is_reasked_with_the_sentences_of_both_mentions():
    """85 is stated twice (特岗教师85人, 精英教师85名): code cannot choose, the model is asked to."""

    def answer(section: str, attempt: int) -> dict:
        result = empty_answer(section)
        if section == "teachers":
            if attempt > 1:
                return {"special_post_teachers": "A"}
            result["special_post_teachers"] = {"quote": "特岗教师的人数", "number": 85}
        return result

    report, fake = run(answer, max_retries=1)
    assert teachers_calls(fake) == 2
    [reask] = corrections(fake)
    text, choices, _ = reask["messages"][1]["content"].split("\n\n")
    assert text.splitlines()[1:] == [
        "严格落实“退一补一”政策,招聘特岗教师85人,免费师范生35人,劳务派遣幼儿教师15人,充实了教师队伍。",
        "2023年,培养出市级骨干教师150名,精英教师85名,卓越教师14名。",
    ]
    assert choices.splitlines()[2:] == [
        "  A. 招聘特岗教师85人",
        "  B. 免费师范生35人",
        "  C. 劳务派遣幼儿教师15人",
        "  D. 培养出市级骨干教师150名",
        "  E. 精英教师85名",
        "  F. 卓越教师14名",
    ]
    assert report.teachers.special_post_teachers.quote == "招聘特岗教师85人"


def test_a_number_stated_once_in_the_wrong_unit_is_not_repaired():
    """50 is stated once, as 50万元: never a head count, so the figure is dropped, not repaired."""

    report, fake = run(one_teachers_figure("recruited_total", "新招聘教师人数", 50), max_retries=1)
    assert report.teachers.recruited_total is None
    assert teachers_calls(fake) == 1


def test_a_hopeless_figure_is_dropped_without_a_reask():
    """850 is nowhere in the text and the quote is invented: a re-ask would have nothing to go on."""

    report, fake = run(one_teachers_figure("special_post_teachers", "招聘特岗教师850人", 850), max_retries=1)
    assert report.teachers.special_post_teachers is None
    assert teachers_calls(fake) == 1
    [warning] = [w for w in report.warnings if w.field == "special_post_teachers"]
    assert warning.message == (
        "dropped: special_post_teachers: the quote '招聘特岗教师850人' is not in the text; "
        "copy the sentence exactly, or set this field to null"
    )


def test_a_number_in_the_wrong_unit_is_rejected():
    report, _ = run(
        one_teachers_figure("special_post_teachers", "设立书记、校长专项绩效50万元", 50), max_retries=0
    )
    assert report.teachers.special_post_teachers is None
    [warning] = [w for w in report.warnings if w.field == "special_post_teachers"]
    assert "50万元 is money (元), but this field needs people (人/名)" in warning.message


@pytest.mark.parametrize("quote", ["招聘特岗教师 85 人", "招聘特岗教师85人。"])
def test_quotes_with_altered_spacing_or_punctuation_still_ground(quote):
    report, _ = run(one_teachers_figure("special_post_teachers", quote, 85), max_retries=0)
    assert report.teachers.special_post_teachers.quote.startswith("招聘特岗教师85人")


def test_a_clause_that_states_two_choices_is_shown_with_the_number_each_one_means():
    """A clause that states two quantities is offered twice; the labels say which number each picks."""
    from decimal import Decimal

    from summarizer.grounding import Choice, Correction

    clause = "8个先进基层党组织和30名优秀党务工作者"
    correction = Correction(
        sentences=((0, 10),),
        choices=(
            Choice("表彰奖励80名优秀共产党员", Decimal(80)),
            Choice(clause, Decimal(8)),
            Choice(clause, Decimal(30)),
        ),
    )
    assert correction.labels() == [
        "表彰奖励80名优秀共产党员",
        "8个先进基层党组织和30名优秀党务工作者（8）",
        "8个先进基层党组织和30名优秀党务工作者（30）",
    ]
    assert correction.pick("C").model_dump() == {"quote": clause, "number": 30.0}


def test_a_correction_for_a_field_the_template_does_not_describe_fails_loudly():
    from summarizer import prompting
    from summarizer.errors import SummarizerError

    with pytest.raises(
        SummarizerError, match=r"^prompt template teachers.md does not describe the field projects$"
    ):
        prompting.correction_messages("teachers", {"projects": ["x"]}, "text")
