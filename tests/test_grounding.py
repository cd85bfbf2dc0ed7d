"""Grounding and judging on a real report: each id read as its quantity, spans exact, ids for the wrong
thing set aside and never a figure, and a confidence on every figure."""

from __future__ import annotations

import pytest

from summarizer.find import find
from summarizer.find.candidates import names_one_level
from summarizer.llm.client import LLM
from summarizer.llm.presets import resolve_provider
from summarizer.normalize import normalize, normalize_fragment
from summarizer.pipeline import Options, summarize_file
from summarizer.section_text import SectionText
from tests.corpus import SEED_000, seed_path
from tests.fakes import FakeTransport, empty_answer, plain_text


def run(answer, max_retries: int = 2):
    fake = FakeTransport(answer)
    options = Options(provider=resolve_provider("embedded"), cache_dir=None, max_retries=max_retries)
    llm = LLM(options.provider, None, transport=fake)
    return summarize_file(SEED_000, options, llm), fake


def teachers_then(first_number: float):
    """Teachers answers stating `first_number` special-post teachers, and the student aid total."""

    def answer(section: str, attempt: int) -> dict:
        result = empty_answer(section)
        if section == "teachers":
            result["special_post_teachers"] = {"quote": "招聘特岗教师85人", "number": first_number}
        if section == "student_aid":
            result["total_amount_yuan"] = {"quote": "累计发放资助金1543.98万元", "number": 1543.98}
        return result

    return answer


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
    highlight = report.teachers.highlights[0]
    assert (
        highlight.text
        == "严格落实“退一补一”政策,招聘特岗教师85人,免费师范生35人,劳务派遣幼儿教师15人,充实了教师队伍。"
    )
    original = SEED_000.read_text(encoding="utf-8")
    assert normalize_fragment(original[highlight.span[0] : highlight.span[1]]) == highlight.quote


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


def test_a_number_stated_once_in_the_wrong_unit_is_not_repaired():
    """50 is stated once, as 50万元: never a head count, so the figure is dropped, not repaired."""

    report, fake = run(one_teachers_figure("recruited_total", "新招聘教师人数", 50), max_retries=1)
    assert report.teachers.recruited_total is None
    assert teachers_calls(fake) == 1


def assert_filled_by_code(figure, value: int, quote: str) -> None:
    """The model's figure was dropped; the section states one value for the field, so code fills it,
    flagged for review."""
    assert (figure.value, figure.quote, figure.needs_review, figure.confidence) == (value, quote, True, 0.7)
    assert figure.notes == ["filled by code: the model gave none, and the section states this one alone"]


def test_a_hopeless_figure_is_dropped_without_a_reask():
    """850 is nowhere in the text, so the model can only name an id that was never listed (c0): it is
    set aside, never a figure, and a re-ask would have nothing to go on."""

    report, fake = run(one_teachers_figure("special_post_teachers", "招聘特岗教师850人", 850), max_retries=1)
    assert_filled_by_code(report.teachers.special_post_teachers, 85, "招聘特岗教师85人")
    assert teachers_calls(fake) == 1
    [warning] = [w for w in report.warnings if w.field == "special_post_teachers"]
    assert (warning.code, warning.message) == (
        "unknown_id",
        "dropped: the model named 'c0', which is no listed number",
    )
    assert warning.quote is None


def test_an_id_of_another_field_s_unit_is_rejected_and_never_a_figure():
    """1.4万余人次 is listed for the training field; named for the special-post teachers, a head count,
    it is set aside by the answer's model (no re-ask) and judged only to say why."""
    report, fake = run(
        one_teachers_figure("special_post_teachers", "累计培训教师1.4万余人次", 1.4), max_retries=1
    )
    assert_filled_by_code(report.teachers.special_post_teachers, 85, "招聘特岗教师85人")
    assert teachers_calls(fake) == 1
    [warning] = [w for w in report.warnings if w.field == "special_post_teachers"]
    assert warning.code == "wrong_unit"
    assert (
        warning.message == "dropped: 1.4万余人次 is person-times (人次), but this field needs people (人/名)"
    )


def test_the_quote_is_the_clause_of_the_named_number_never_the_model_s_words():
    report, _ = run(one_teachers_figure("training_person_times", "累计培训教师1.4万余人次", 1.4))
    figure = report.teachers.training_person_times
    assert (figure.value, figure.unit, figure.approximate) == (14000, "person_time", True)
    assert (figure.quote, figure.notes, figure.confidence) == ("累计培训教师1.4万余人次", [], 0.95)
    original = SEED_000.read_text(encoding="utf-8")
    assert normalize_fragment(original[figure.span[0] : figure.span[1]]) == figure.quote
    assert not [w for w in report.warnings if w.field == "training_person_times"]


def test_a_number_about_something_else_is_dropped_not_moved():
    """85 is the special-post recruits: named for the commended teachers it is set aside, and judging
    says why; 100 and 24 are both stated, so code fills nothing."""

    report, fake = run(one_teachers_figure("commended_teachers", "招聘特岗教师85人", 85), max_retries=1)
    assert report.teachers.commended_teachers is None
    assert teachers_calls(fake) == 1  # no re-ask: judging decides, not a second question
    [warning] = [w for w in report.warnings if w.field == "commended_teachers"]
    assert (warning.code, warning.quote) == ("off_topic", "招聘特岗教师85人")
    assert warning.message.startswith("dropped: 85人: its clause does not say what this field counts (表彰")


def test_one_project_s_money_is_never_offered_as_the_total_investment():
    """526万元 is one project's, stated as no total: no building money of 000 may be the total, so the
    model is not asked for one, and the four sums stay parts."""

    def answer(section: str, attempt: int) -> dict:
        result = empty_answer(section)
        if section == "infrastructure":
            result["total_investment_yuan"] = {"quote": "投资526万元", "number": 526}
        return result

    report, fake = run(answer, max_retries=0)
    assert report.infrastructure.total_investment_yuan is None
    [infrastructure] = [r for r in fake.requests if "【办学条件" in r["messages"][1]["content"]]
    schema = infrastructure["response_format"]["schema"]
    assert "total_investment_yuan" not in schema["properties"]
    assert "- total_investment_yuan" not in infrastructure["messages"][1]["content"]


def test_the_only_figure_a_field_can_take_is_sure_and_a_choice_among_several_is_flagged():
    """The 1.4万 training person-times are the only such figure of the section, and nothing beside them:
    sure. The 12 study sessions stand beside other session counts (4次, 536次), so that one is the
    model's choice and a person should check it. The 100 commended teachers are unmarked, but the other
    commendation (24名教师获得市级奖励) names one level and is smaller: 100 is the whole, and 24 its part;
    as the text does not mark it a total, it is flagged (on other counties' texts such figures were
    wrong four times as often as marked ones)."""

    def answer(section: str, attempt: int) -> dict:
        result = empty_answer(section)
        if section == "teachers":
            result["training_person_times"] = {"quote": "累计培训教师1.4万余人次", "number": 1.4}
            result["commended_teachers"] = {"quote": "表彰了100名优秀教师、优秀教育工作者", "number": 100}
        if section == "party_building":
            result["theory_study_sessions"] = {"quote": "理论学习中心组学习12次", "number": 12}
        return result

    report, _ = run(answer, max_retries=0)
    sure, chosen = report.teachers.training_person_times, report.party_building.theory_study_sessions
    assert (sure.value, sure.confidence, sure.needs_review, sure.notes) == (14000, 0.95, False, [])
    assert (chosen.value, chosen.confidence, chosen.needs_review) == (12, 0.7, True)
    assert chosen.notes[-1] == "the model chose it among 3 values the section states"
    whole = report.teachers.commended_teachers
    assert (whole.value, whole.confidence, whole.needs_review) == (100, 0.7, True)  # the whole, unmarked
    assert whole.notes == [
        "the section's only figure of this kind, but the text does not say it is the total"
    ]
    assert {(i.part_of, i.value) for i in report.teachers.items} >= {("commended_teachers", 24)}
    assert ("commended_teachers", 100) not in {(i.part_of, i.value) for i in report.teachers.items}


def test_a_figure_beside_a_rival_no_field_takes_is_flagged():
    """特岗 85 is the only special-post figure, but its sentence also counts 劳务派遣幼儿教师15人, which
    no field takes: a reading the rules cannot place, as 申请1062人 beside 批准796人 was on another
    county's text."""
    report, _ = run(one_teachers_figure("special_post_teachers", "招聘特岗教师85人", 85), max_retries=0)
    figure = report.teachers.special_post_teachers
    assert (figure.value, figure.confidence, figure.needs_review) == (85, 0.7, True)
    assert figure.notes == ["its sentence also states 15人 of its kind, not as its part"]


def test_the_stated_parts_of_a_total_are_kept_as_items_and_shown_never_summed():
    """000 states its building money project by project: no total, four parts, each with its clause."""
    from summarizer.render import render

    report, _ = run(lambda section, attempt: empty_answer(section), max_retries=0)
    infrastructure = report.infrastructure
    assert infrastructure.total_investment_yuan is None
    parts = [
        (i.part_of, i.value, i.quote) for i in infrastructure.items if i.part_of == "total_investment_yuan"
    ]
    assert parts == [
        ("total_investment_yuan", 5260000, "投资526万元"),
        ("total_investment_yuan", 83750000, "投资8375万元"),
        ("total_investment_yuan", 9600000, "投资960万元"),
        ("total_investment_yuan", 8765500, "投资876.55万元"),
    ]
    original = SEED_000.read_text(encoding="utf-8")
    for item in infrastructure.items:
        assert normalize_fragment(original[item.span[0] : item.span[1]]) == item.quote
    markdown = render(report, "markdown")
    assert "| total_investment_yuan | 8375万元 | 投资8375万元 |" in markdown
    assert "107375500" not in markdown and "10737.55" not in markdown  # the sum is never shown


def test_the_model_reads_only_the_sentences_that_state_a_figure_a_field_can_take():
    """The teachers prompt holds 招聘特岗教师85人 but not the section's sentences without such a figure
    (师德师风 …), and a section with no such figure (001's sports) costs no call at all."""
    report, fake = run(teachers_then(85), max_retries=0)
    [teachers] = [
        r["messages"][1]["content"] for r in fake.requests if "【教师队伍】" in r["messages"][1]["content"]
    ]
    assert "招聘特岗教师85人[c2]" in teachers  # each number with its id after it
    assert "表彰了100名优秀教师" in plain_text(teachers)
    assert "师德" not in teachers
    assert report.teachers.special_post_teachers.value == 85

    fake = FakeTransport(lambda section, attempt: empty_answer(section))
    options = Options(provider=resolve_provider("embedded"), cache_dir=None, max_retries=0)
    report = summarize_file(seed_path("001"), options, LLM(options.provider, None, transport=fake))
    asked = [r["messages"][1]["content"] for r in fake.requests]
    assert len(asked) == 4 and not any("【体育】" in text for text in asked)
    assert report.sports.participants_person_times is None


@pytest.mark.parametrize(
    ("clause", "one_level"),
    [
        ("改扩建公办幼儿园11所", True),
        ("新增公办义务教育学位3500个", True),
        ("24名教师获得市级奖励", True),
        ("完成38所中小学幼儿园维修改造", False),  # two stages: the whole
        ("新增学位900个", False),
        ("市表彰9人", False),  # 市 names who commends, not a level of the commended
        ("获国家级、省级表彰12人", False),
    ],
)
def test_a_figure_for_one_level_of_schooling_or_government_is_a_part(clause, one_level):
    assert names_one_level(clause) is one_level


def test_with_a_narrower_part_stated_an_unmarked_figure_is_another_part_not_the_total():
    """002 states 免除学费685.510万元 and 助学贷款380.119万元, no total: the loan fills the loan field, so
    the tuition figure is one more programme, kept as an item, never the aid total."""

    def answer(section: str, attempt: int) -> dict:
        result = empty_answer(section)
        if section == "student_aid":
            result["total_amount_yuan"] = {"quote": "为2191名学生免除学费685.510万元", "number": 685.51}
        return result

    fake = FakeTransport(answer)
    options = Options(provider=resolve_provider("embedded"), cache_dir=None, max_retries=0)
    report = summarize_file(seed_path("002"), options, LLM(options.provider, None, transport=fake))
    assert report.student_aid.total_amount_yuan is None
    assert ("total_amount_yuan", 6855100) in {(i.part_of, i.value) for i in report.student_aid.items}
    [aid] = [r for r in fake.requests if "【学生资助】" in r["messages"][1]["content"]]
    assert "total_amount_yuan" not in aid["response_format"]["schema"]["properties"]


def test_a_larger_loan_does_not_unmake_a_marked_aid_total(tmp_path):
    """Loans are lent, not granted, and may exceed the aid a report totals: 共…发放资助资金1387.4万元
    stays the total beside 发放助学贷款1390余万元, which fills the loan field."""
    report_file = tmp_path / "aid.txt"
    report_file.write_text(
        "某县教育体育局2019年工作总结\n"
        "一、工作开展情况\n(一)精准扶贫惠民生。一是2019年共为17445名学生发放教育扶贫资助资金1387.4万元。"
        "二是为2160多名贫困学子发放助学贷款1390余万元。三是新建学校2所,新招聘教师30名。\n",
        encoding="utf-8",
    )

    def answer(section: str, attempt: int) -> dict:
        result = empty_answer(section)
        if section == "student_aid":
            result["total_amount_yuan"] = {"quote": "发放教育扶贫资助资金1387.4万元", "number": 1387.4}
            result["student_loan_amount_yuan"] = {"quote": "发放助学贷款1390余万元", "number": 1390}
        return result

    options = Options(provider=resolve_provider("embedded"), cache_dir=None, max_retries=0)
    report = summarize_file(
        report_file, options, LLM(options.provider, None, transport=FakeTransport(answer))
    )
    assert report.student_aid.total_amount_yuan.value == 13874000
    assert (
        report.student_aid.student_loan_amount_yuan.value,
        report.student_aid.student_loan_amount_yuan.approximate,
    ) == (13900000, True)


def beside(section: str, text: str, field: str, number: str) -> list[str]:
    """The rivals `Candidates.rivals_beside` names for the quantity written `number` in `text`."""
    normalized = normalize(text)
    chunk = SectionText(normalized.text, ((0, 0, len(normalized.text)),))
    candidates = find(section, chunk, normalized, None)
    [quantity] = [q for q in candidates.quantities if q.text == number]
    [spec] = [s for s in candidates.fields if s.name == field]
    return [q.text for q in candidates.rivals_beside(spec, quantity)]


@pytest.mark.parametrize(
    ("section", "field", "text", "number", "rivals"),
    [
        # a figure of its kind no field takes (dispatched teachers are no recruits of any channel)
        ("teachers", "special_post_teachers", "招聘特岗教师85人,劳务派遣幼儿教师15人。", "85人", ["15人"]),
        ("infrastructure", "schools_renovated", "全年实施新建学校8所,开工学校3所。", "8所", ["3所"]),
        # peers of the field's own kind, none stated as the others' part (w51)
        ("infrastructure", "schools_renovated", "全年实施新建学校8所,投用学校3所,改扩建学校7所。", "8所",
         ["3所", "7所"]),
        # a figure of a narrower field is no rival to the total (seed 000)
        ("student_aid", "total_amount_yuan",
         "累计发放资助金1543.98万元,惠及贫困学生23652人次,为1116名贫困大学生申请助学贷款1279.33万元。",
         "1543.98万元", []),
        # a stated part is no rival to its whole, nor is the next part after it
        ("teachers", "commended_teachers", "获国家、省、市表彰9人,其中全国优秀教师1人,省级优秀教师3人。",
         "9人", []),
        # another sentence's figure is not beside it
        ("teachers", "special_post_teachers", "招聘特岗教师85人。劳务派遣幼儿教师15人。", "85人", []),
    ],
)  # fmt: skip
def test_a_rival_is_a_figure_of_the_kind_in_the_sentence_that_the_field_cannot_place(
    section, field, text, number, rivals
):
    assert beside(section, text, field, number) == rivals


def wholes(text: str, routed: str) -> list[str]:
    """The total investment figures `Candidates.wholes` admits when the infrastructure section holds
    only the clause `routed` of `text` (routing sent the rest elsewhere)."""
    normalized = normalize(text)
    at = normalized.text.index(routed)
    chunk = SectionText(routed, ((0, at, len(routed)),))
    candidates = find("infrastructure", chunk, normalized, 2020)
    [spec] = [s for s in candidates.fields if s.name == "total_investment_yuan"]
    return [c.quantity.text for c in candidates.wholes(spec)]


LIKE_ITEMS = (
    "2020年,投入3430万元完成3所乡镇学校校舍新建和改造;投入250万元为10余所学校购置功能室器材;"
    "投入60余万元,为30所乡镇学校安装红外测温一体机。"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # items of one list, each led by 投入: the first is one item, not the whole
        (LIKE_ITEMS, []),
        # the same figure where the sentence lists nothing else is the section's whole, though unmarked
        ("2020年,投入3430万元完成3所乡镇学校校舍新建和改造;完成10余所学校功能室建设。", ["3430万元"]),
    ],
)
def test_the_first_of_a_list_of_like_items_is_not_the_whole(text, expected):
    assert wholes(text, "投入3430万元完成3所乡镇学校校舍新建和改造;") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017年共资助学前阶段贫困学生1430人次。", []),  # marked, but one stage's total
        ("2017年共资助各级各类贫困学生1430人次。", ["1430人次"]),
    ],
)
def test_a_marked_total_of_one_stage_is_a_part(text, expected):
    normalized = normalize(text)
    chunk = SectionText(normalized.text, ((0, 0, len(normalized.text)),))
    candidates = find("student_aid", chunk, normalized, 2017)
    [spec] = [s for s in candidates.fields if s.name == "beneficiaries_person_times"]
    assert [c.quantity.text for c in candidates.wholes(spec)] == expected


def section_wholes(section: str, text: str, field: str) -> list[str]:
    """The figures `Candidates.wholes` admits for `field` when the section is all of `text`."""
    normalized = normalize(text)
    chunk = SectionText(normalized.text, ((0, 0, len(normalized.text)),))
    candidates = find(section, chunk, normalized, None)
    [spec] = [s for s in candidates.fields if s.name == field]
    return [c.quantity.text for c in candidates.wholes(spec)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a school named as an example before 等 names no stage of the count (w41, 001)
        ("马颈坳小学等8所农村学校完成运动场改造和教学楼维修项目。", ["8所"]),
        ("在平堡镇中心小学等24所学校实施校园校舍维修改造。", ["24所"]),
        # the stage named after 等 is the count's own: beside another stage's count, neither is the whole
        ("太阳坪乡、新厂镇等6所中心幼儿园改造建设全部完成,改扩建初级中学3所。", []),
        # ... while the section's only count of schools built is the year's, whatever stage (w53, w21)
        ("安排学前教育资金1073万元,新建幼儿园4所。", ["4所"]),
        ("全年新建幼儿园4所。", ["4所"]),  # marked as well
        # schools put into use were built (w75)
        ("常福中学、长春街小学蔡甸祥云分校等8所学校建成投入使用。", ["8所"]),
    ],
)
def test_what_a_count_of_schools_counts(text, expected):
    assert section_wholes("infrastructure", text, "schools_renovated") == expected


# The figures a sentence opens with, each in its own unit, describe one thing: here one stage's aid (w93).
ONE_STAGE_RUN = (
    "2017年共资助学前阶段贫困学生1430人次,发放资金120.96万元;"
    "完成大学阶段2820人的生源地贷款,发放贷款金额2188万元。"
)


@pytest.mark.parametrize(
    ("section", "text", "field", "expected"),
    [
        ("student_aid", ONE_STAGE_RUN, "total_amount_yuan", []),
        # the same money with no stage before it
        ("student_aid", ONE_STAGE_RUN.replace("学前阶段", "各级各类"), "total_amount_yuan", ["120.96万元"]),
        # a list of like items is no such run: its last count is the list's, not its last item's (w97)
        ("student_aid", "发放寄宿生生活补助132万元,各类助学金130余万元,贫困幼儿入园补助70.9万元,"
         "资助学生369人次。", "beneficiaries_person_times", ["369人次"]),
        # one stage's project money beside other money is a part (004) …
        ("infrastructure", "2024年,改扩建公办幼儿园11所,建设面积7985㎡,投入资金2196.1万元,新增学位900个。"
         "投入资金380万元,建成塑胶运动场5个。", "total_investment_yuan", []),
        # … while the section's only places figure is its places
        ("infrastructure", "2024年,改扩建公办幼儿园11所,建设面积7985㎡,投入资金2196.1万元,新增学位900个。"
         "投入资金380万元,建成塑胶运动场5个。", "new_school_places", ["900个"]),
    ],
)  # fmt: skip
def test_a_run_of_figures_a_sentence_opens_with_counts_what_its_clauses_name(section, text, field, expected):
    assert section_wholes(section, text, field) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # two groups of one course, joined by 、: the first is one item, not the whole (w105)
        ("携手西华师大举办骨干教师培训班2期,培训教育干部达189人、骨干教师达526人。", []),
        # a 、 to a figure of another kind of unit is no list of like items
        ("举办骨干教师培训班2期、培训骨干教师526人。", ["526人"]),
    ],
)
def test_an_item_of_an_enumeration_is_not_the_whole(text, expected):
    assert section_wholes("teachers", text, "training_person_times") == expected


def test_athletes_at_a_games_are_its_participants():
    """健儿 is the press's word for athletes (w71: 815名运动健儿赛场竞技 at the county's track meet)."""
    text = "成功举办第四届中学生田径运动会,各中学组建的9支代表队、815名运动健儿赛场竞技。"
    assert section_wholes("sports", text, "participants_person_times") == ["815名"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the section's only recruitment figure is the year's, whatever stage it names (w101, w105)
        ("今年通过双选、公招、特岗、代课转正等多种方式公开招聘了中小学教师130名。", ["130名"]),
        ("公开考聘农村中小学教师107名,充实农村教师队伍。", ["107名"]),
        # beside another stage's recruitment, one stage's count is a part
        ("公开招聘中小学教师130名,招聘幼儿教师30名。", []),
    ],
)
def test_the_only_recruitment_figure_is_the_year_s_whatever_stage_it_names(text, expected):
    assert section_wholes("teachers", text, "recruited_total") == expected


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        # places the government buys at private schools exist already (004)
        ("new_school_places", "改扩建公办幼儿园11所,新增学位900个。政府购买义务教育学位13503个。", ["900个"]),
        # schools for the elderly are no schools of the education system (004, 000)
        ("schools_renovated", "新建公办幼儿园2所。新增老年学校8所,改扩建老年学校67所。", ["2所"]),
    ],
)  # fmt: skip
def test_bought_places_and_schools_for_the_elderly_are_not_counted(field, text, expected):
    assert section_wholes("infrastructure", text, field) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the measure word follows the hedge and the bracketed word: 30多(次)项 counts 项 (000)
        ("举办各级各类全民健身活动30多(次)项,30000余人次参加比赛。", ["30多(次)项"]),
        ("全年共举办各类体育比赛20余场。", ["20余场"]),
        ("全年共举办各类体育比赛20余届。", []),  # 届 counts editions, not events
    ],
)
def test_a_hedged_count_keeps_its_measure_word(text, expected):
    assert section_wholes("sports", text, "events_held") == expected


@pytest.mark.parametrize(
    ("section", "field", "text", "expected"),
    [
        # 全区 names the games, not the count: the marked count is a part, the larger figure the whole (002)
        ("sports", "participants_person_times",
         "区第九届全民健身运动会40余项次,带动健身人群达到10万余人。组织召开全区老教师趣味运动会,有227名老教师参加。",
         ["10万余人"]),
        # 全年 marks the kindergartens approved; the year's places are the larger figure before (w109)
        ("infrastructure", "new_school_places",
         "2018年新建、扩建公办学校18所,新增公办学位1.1万个。全年审批了18所幼儿园,新增学位超过8000个。",
         ["1.1万个"]),
        # not for money: a programme's sum stands unmarked beside the others (w97)
        ("student_aid", "total_amount_yuan",
         "发放贫困寄宿生生活补助132万元,各类助学金130余万元,贫困幼儿入园补助70.9万元。", []),
    ],
)  # fmt: skip
def test_when_every_marked_count_is_exceeded_the_marks_were_on_parts(section, field, text, expected):
    assert section_wholes(section, text, field) == expected


def test_aid_beneficiaries_beside_the_nutrition_plan_and_the_fee_exemption():
    """004: its 各类资助 total is the whole once the nutrition plan's pupils and the pupils of the fee
    exemption, larger than it, are not counted as aided."""
    text = (
        "2024年,发放各类资助29640人次2642.7424万元。积极配合区慈善协会实施资助项目,资助330人、发放资金55.75万元。"
        "全区营养改善计划实施学校83所,受益学生4.8万余名,覆盖率100%。城乡义务教育公用经费支出7064.42万元,"
        "102495名义务教育阶段学生享受免除学杂费补助公用经费。"
    )
    assert section_wholes("student_aid", text, "beneficiaries_person_times") == ["29640人次"]
