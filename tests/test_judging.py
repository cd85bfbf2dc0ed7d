"""Judging: whether the clause holding a number states a field, as a result of the report year.

Each case is a sentence of the kind county reports write, and the exact reason (or None) judging gives.
"""

from __future__ import annotations

import pytest

from summarizer.find.judging import judge
from summarizer.models import FIELDS

SPECS = {f"{section}.{spec.name}": spec for section, specs in FIELDS.items() for spec in specs}
NOT_TOTAL = "it is not stated as a total (共, 累计, 合计, 全年, 各类 …)"
CUE = "its clause does not say what this field counts "
OTHER_YEAR = "its sentence is about another year or several years, not the report year"


def verdict(field: str, text: str, number: str, year: int | None = 2023) -> str | None:
    start = text.index(number)
    return judge(SPECS[field], text, start, start + len(number), year)


@pytest.mark.parametrize(
    ("field", "text", "number", "expected"),
    [
        # a result, stated as a total
        (
            "student_aid.total_amount_yuan",
            "2023年,累计发放资助金1543.98万元,惠及学生2万人次。",
            "1543.98万元",
            None,
        ),
        # 累计 governs the next clause too: the people aided by that money
        (
            "student_aid.beneficiaries_person_times",
            "全年累计发放资助金1543.98万元,惠及学生23652人次。",
            "23652人次",
            None,
        ),
        # ... but not past another head count, which it belongs to
        (
            "student_aid.beneficiaries_person_times",
            "全年资助学生3000人,其中发放助学金资助学生747人次。",
            "747人次",
            NOT_TOTAL,
        ),
        # 各类 qualifies the noun after it: one programme's donations are not all aid
        (
            "student_aid.beneficiaries_person_times",
            "发放社会各类捐助资金253万元,资助学生747人次。",
            "747人次",
            NOT_TOTAL,
        ),
        ("student_aid.total_amount_yuan", "发放各类资助29640人次2642.7万元。", "2642.7万元", None),
        # one project's money is a part
        ("infrastructure.total_investment_yuan", "投资526万元新建教学楼一栋。", "526万元", NOT_TOTAL),
        # a plan is not a result
        (
            "infrastructure.total_investment_yuan",
            "全区计划投资18亿元新建学校9所。",
            "18亿元",
            "its clause is about a plan or target, not a result",
        ),
        # the first item of an enumeration after 共 is a part
        (
            "teachers.recruited_total",
            "共招聘员额制教师136人、特岗教师30人、社会招考20人。",
            "136人",
            "it is one item of a list, not a stated total",
        ),
        ("teachers.recruited_total", "全年共补充教师108人。", "108人", None),
        # 共产党员 is no total
        ("teachers.recruited_total", "新招聘的共产党员教师12人。", "12人", NOT_TOTAL),
        # a number about something else, in the right unit
        (
            "teachers.commended_teachers",
            "初步审核通过晋升各级职称880人。",
            "880人",
            CUE + "(表彰、评为、获评、荣获、授予、命名、评选、嘉奖、奖励、称号、荣誉)",
        ),
        (
            "party_building.commended_party_members",
            "2023年新发展党员60名。",
            "60名",
            CUE + "(表彰、评为、获评、荣获、授予、命名、评选、嘉奖、奖励、称号、荣誉)",
        ),
        ("party_building.commended_party_members", "表彰奖励80名优秀共产党员。", "80名", None),
        # whom it is about may stand next door, and must: 18 party members are not teachers
        ("sports.facility_investment_yuan", "投资102万元,改建全民健身中心。", "102万元", None),
        (
            "teachers.commended_teachers",
            "18名党员分别被表彰为市优秀党员。",
            "18名",
            CUE + "(教师、老师、校长、班主任、教育工作者、骨干、教职工、人才)",
        ),
        # another year, several years, and this year since January
        ("party_building.new_party_members", "2022年发展党员15名。", "15名", OTHER_YEAR),
        ("teachers.training_person_times", "十三五期间培训教师5万人次。", "5万人次", OTHER_YEAR),
        ("party_building.theory_study_sessions", "2023年以来,召开理论学习中心组学习会议13次。", "13次", None),
    ],
)
def test_judging_reads_the_clause_and_its_sentence(field, text, number, expected) -> None:
    assert verdict(field, text, number) == expected


def test_an_unknown_report_year_cannot_rule_out_a_year() -> None:
    assert verdict("party_building.new_party_members", "2022年发展党员15名。", "15名", None) is None


@pytest.mark.parametrize(
    ("field", "text", "number", "expected"),
    [
        (
            "teachers.training_person_times",
            "教师培训扎实推进。劝退参与校外培训学生863人。",
            "863人",
            "its clause counts 学生, not what this field counts",
        ),
        ("teachers.training_person_times", "组织教师和学生培训共1200人次。", "1200人次", None),
        (
            "teachers.commended_teachers",
            "评选表彰优秀教师。评选表彰区级优秀学生603人。",
            "603人",
            "its clause counts 学生, not what this field counts",
        ),
    ],
)
def test_a_clause_that_counts_students_does_not_count_teachers(field, text, number, expected) -> None:
    assert verdict(field, text, number) == expected


COMPARED = "it is a change against another year, not the year's own figure"


@pytest.mark.parametrize(
    ("field", "text", "number", "expected"),
    [
        ("teachers.special_post_teachers", "特岗教师比上年增加20人。", "20人", COMPARED),
        ("student_aid.total_amount_yuan", "全年发放各类资助资金同比增加300万元。", "300万元", COMPARED),
        ("infrastructure.new_school_places", "全年新增学位较2022年多500个。", "500个", COMPARED),
        ("party_building.new_party_members", "发展新党员较去年同期多5名。", "5名", COMPARED),
        # the year's own figure beside its change is kept, and 比较 is no comparison with a year
        ("teachers.special_post_teachers", "招聘特岗教师85人,较上年增加20人。", "85人", None),
        ("infrastructure.schools_renovated", "全年共完成比较薄弱学校改造12所。", "12所", None),
    ],
)
def test_a_change_against_another_year_is_not_the_years_figure(field, text, number, expected):
    assert verdict(field, text, number) == expected


RATE = "it is a rate per person, school or period, not an amount"


@pytest.mark.parametrize(
    ("field", "text", "number", "expected"),
    [
        ("student_aid.total_amount_yuan", "全年共发放资助资金,按每生每年1000元标准发放。", "1000元", RATE),
        ("student_aid.total_amount_yuan", "累计发放国家助学金每人每年2000元。", "2000元", RATE),
        ("sports.facility_investment_yuan", "投资生均500元购置体育器材。", "500元", RATE),
        ("student_aid.total_amount_yuan", "全年共发放资助资金,人均资助1500元。", "1500元", RATE),
        # a total beside its rate is kept; a rate word far before the number governs another noun
        ("student_aid.total_amount_yuan", "按每生1000元标准,全年共发放助学金1200万元。", "1200万元", None),
        ("sports.facility_investment_yuan", "为每所学校配备体育器材,投资共计200万元。", "200万元", None),
    ],
)
def test_a_rate_is_not_an_amount(field, text, number, expected):
    assert verdict(field, text, number) == expected


def test_party_members_commended_are_not_commended_teachers():
    """The party chapter names 教师 too (教师党员13名) and may be routed to teachers as well."""
    text = "全年发展新党员15名,其中教师党员13名。表彰优秀共产党员42名。"
    assert (
        verdict("teachers.commended_teachers", text, "42名")
        == "its clause counts 党员, not what this field counts"
    )
    assert verdict("teachers.commended_teachers", "共表彰优秀教师党员20名。", "20名") is None


def test_a_verb_before_a_list_of_nouns_governs_the_number_after_it():
    text = "教师节表彰优秀教师、优秀班主任共计96名。"
    assert verdict("teachers.commended_teachers", text, "96名") is None


@pytest.mark.parametrize(
    ("text", "number", "expected"),
    [
        ("完成校舍建设总投资1200万元。", "1200万元", None),
        ("通过编制总量控制、备案管理方式投资300万元建设校舍。", "300万元", NOT_TOTAL),
        ("按照总体部署投资300万元改造校舍。", "300万元", NOT_TOTAL),
    ],
)
def test_zong_marks_a_total_only_where_it_means_all(text, number, expected):
    assert verdict("infrastructure.total_investment_yuan", text, number) == expected


@pytest.mark.parametrize(
    ("text", "number", "expected"),
    [
        ("通过公开招考招录新教师36名,其中特岗教师20名。", "36名", None),
        ("招录新教师36名;其中,特岗教师20名。", "36名", None),
        ("招录新教师36名,特岗教师20名。", "36名", NOT_TOTAL),  # no 其中: nothing says it is the whole
    ],
)
def test_a_number_its_parts_follow_with_qizhong_is_a_total(text, number, expected):
    assert verdict("teachers.recruited_total", text, number) == expected


PLAN = "its clause is about a plan or target, not a result"


@pytest.mark.parametrize(
    ("field", "text", "number", "expected"),
    [
        # a programme's name is no plan; the list's total is recruitment's, not one channel's
        (
            "teachers.recruited_total",
            "年内通过实施公费定向师范生计划、特岗教师计划以及引才计划等共计补充教师385名。",
            "385名",
            None,
        ),
        (
            "teachers.special_post_teachers",
            "年内通过实施公费定向师范生计划、特岗教师计划以及引才计划等共计补充教师385名。",
            "385名",
            "it is the total of a list that names this field as one item",
        ),
        # counted over a list of ways one of which is 特岗: not a number of 特岗 teachers (w101)
        (
            "teachers.special_post_teachers",
            "该县还通过双选、公招、特岗、代课转正等多种方式公开招聘了中小学教师130名。",
            "130名",
            "it is the total of a list that names this field as one item",
        ),
        # ... while a list of aid programmes summed is the aid total
        (
            "student_aid.total_amount_yuan",
            "先后发放高中、中职助学金、学前一年补助金、寄宿生补贴等合计493万元,受惠学生6712人。",
            "493万元",
            None,
        ),
        # money obtained is no plan; 计划 as a verb is
        ("sports.facility_investment_yuan", "该县争取体育场地建设等资金500万元。", "500万元", None),
        ("infrastructure.total_investment_yuan", "全年计划投资9.35亿元,实施学校建设项目。", "9.35亿元", PLAN),
        # what is about to be done governs its sentence: a pipeline's budget, not the year's money (w101)
        (
            "infrastructure.total_investment_yuan",
            "目前,该县正在实施和即将实施的各类基本建设项目有10批次共190个,总投资1.88亿元。",
            "1.88亿元",
            PLAN,
        ),
        # 将 before a verb of doing is the future; before a noun or a number it is 把
        ("infrastructure.schools_renovated", "今年全区将新建两所中小学。", "两所", PLAN),
        ("teachers.recruited_total", "全年共招聘教师85名,将85名新教师纳入编制管理。", "85名", None),
        # what a project gives once finished, and a list a plan introduces
        (
            "infrastructure.new_school_places",
            "全年新建学校8所,全部建成投用后,新增学位26600个。",
            "26600个",
            PLAN,
        ),
        (
            "infrastructure.schools_renovated",
            "今年,我市计划总投资9.35亿元,实施2项工程:一是实施石人沟小学等3所学校改建。",
            "3所",
            PLAN,
        ),
        # several years, also in the sentence's later items and with Arabic digits; 一年来 is the year
        (
            "infrastructure.schools_renovated",
            "近年来累计投入资金近7亿元用于学校建设,新建学校11所;改扩建学校72所,其中高中学校4所。",
            "72所",
            OTHER_YEAR,
        ),
        ("teachers.recruited_total", "近3年来,累计引进高水平人才130名。", "130名", OTHER_YEAR),
        ("teachers.recruited_total", "一年来,全县共招聘新教师130名。", "130名", None),
        # all education spending is no building investment
        (
            "infrastructure.total_investment_yuan",
            "全年累计投入财政性教育经费10.9亿元,实施重点项目工程32项。",
            "10.9亿元",
            "its clause counts 经费, not what this field counts",
        ),
        ("infrastructure.total_investment_yuan", "全年共投入校舍维修经费800万元。", "800万元", None),
        # loans counted in contracts or 人次
        ("student_aid.student_loan_recipients", "办理大学生生源地助学贷款199份。", "199份", None),
        ("student_aid.student_loan_recipients", "办理生源地助学贷款4889人次。", "4889人次", None),
        # money's purpose in the next clause, and aid named as 教育扶贫 and 受惠
        (
            "student_aid.total_amount_yuan",
            "2023年,共投入资金732.57万元,资助贫困学生25291人次。",
            "732.57万元",
            None,
        ),
        (
            "student_aid.total_amount_yuan",
            "共发放教育扶贫资金1152.05万元,受惠学生17354人次。",
            "1152.05万元",
            None,
        ),
        (
            "student_aid.beneficiaries_person_times",
            "共发放教育扶贫资金1152.05万元,受惠学生17354人次。",
            "17354人次",
            None,
        ),
        # ... but not when the next clause states money of its own
        (
            "student_aid.total_amount_yuan",
            "筹措资金22.8万元,为2160多名贫困学子发放助学贷款1390余万元。",
            "22.8万元",
            CUE + "(资助、助学、补助、救助、奖助、奖学金、免除、发放)",
        ),
        # running costs are no aid
        (
            "student_aid.total_amount_yuan",
            "全年城乡义务教育公用经费支出7064.42万元,资助学生3000人次。",
            "7064.42万元",
            "its clause counts 公用经费, not what this field counts",
        ),
        # work only begun is no school built or renovated
        (
            "infrastructure.schools_renovated",
            "徐木中学、西周中学等4所学校的薄弱学校改造项目都已经全部开工建设。",
            "4所",
            "its clause counts 开工, not what this field counts",
        ),
        # an edition is no event: 第 19 届 is no quantity at all, and 届 counts no event
        (
            "sports.events_held",
            "连续举办中小学生运动会19届。",
            "19届",
            "its measure word 届 does not count what this field counts",
        ),
    ],
)
def test_rules_found_on_other_counties_texts(field, text, number, expected) -> None:
    assert verdict(field, text, number) == expected


ONE_ITEM = "its money is for a list of works, of which this field's is one item"


@pytest.mark.parametrize(
    ("field", "text", "number", "expected"),
    [
        # a sports ground among other works: building money, not sports money
        ("sports.facility_investment_yuan",
         "2020年投入3430万元完成3所乡镇学校校舍、道路、运动场等新建和改造。", "3430万元", ONE_ITEM),
        # sports works alone, or sports named outside the list: sports money
        ("sports.facility_investment_yuan",
         "投资102万元,改建老二中全民健身中心、室外运动场。", "102万元", None),
        ("sports.facility_investment_yuan", "投资102万元,改建老二中全民健身中心。", "102万元", None),
        # a total covers such lists by design: all aid money over its programmes
        ("student_aid.total_amount_yuan", "全年共发放助学金、营养餐补助、免学费等各类资助资金2070万元。",
         "2070万元", None),
    ],
)  # fmt: skip
def test_money_for_a_list_of_works_is_not_one_item_s_money(field, text, number, expected) -> None:
    assert verdict(field, text, number, 2020 if "2020" in text else 2023) == expected


def test_gaibao_names_the_renovation_of_weak_schools():
    """改薄 (全面改薄, improving weak schools) is renovation, as reports name the national programme."""
    assert verdict("infrastructure.schools_renovated", "全年改薄学校17所。", "17所") is None
    assert verdict("infrastructure.schools_renovated", "全年薄弱学校17所。", "17所").startswith(CUE)


@pytest.mark.parametrize(
    ("field", "text", "number", "expected"),
    [
        # the count after the money it was paid with counts that money's students (w102)
        ("student_aid.student_loan_recipients", "该区共办理生源地信用助学贷款456.72万元,受助学生575人次。",
         "575人次", None),
        # not when the count's own clause states money of its own
        ("student_aid.student_loan_recipients", "办理生源地信用助学贷款456.72万元,资助学生575人次30万元。",
         "575人次", CUE + "(贷款、放贷)"),
        # nor a count after a clause with no money
        ("student_aid.student_loan_recipients", "办理生源地信用助学贷款工作,受助学生575人次。",
         "575人次", CUE + "(贷款、放贷)"),
    ],
)  # fmt: skip
def test_a_count_after_its_money_counts_what_the_money_paid_for(field, text, number, expected):
    assert verdict(field, text, number, None) == expected


REQUESTS = "it counts requests; its sentence then states how many were granted"
W34_LOANS = "网上申请生源地信用助学贷款的高校新生和在校生1062人,批准796人,发放助学贷款431.0805万元。"
W106_LOANS = "推荐生源地助学贷款新生109名,在沙县农商行实际放贷100人,授信金额245.3万元。"


@pytest.mark.parametrize(
    ("text", "number", "expected"),
    [
        (W34_LOANS, "1062人", REQUESTS),
        # 批准796人 names no subject of its own: the loans carry over from the clause before
        (W34_LOANS, "796人", None),
        (W106_LOANS, "109名", REQUESTS),
        (W106_LOANS, "100人", None),  # 放贷: lent
        # a request stated alone stands: the bureau applied for the students (seed 000)
        ("为1116名贫困大学生申请助学贷款1279.33万元。", "1116名", None),
        # a bare clause after another kind of count carries nothing over
        ("网上申请生源地信用助学贷款1062笔,批准796人。", "796人", CUE + "(贷款、放贷)"),
    ],
)
def test_requests_are_not_recipients_when_the_grants_follow(text, number, expected):
    assert verdict("student_aid.student_loan_recipients", text, number, None) == expected


def test_a_hedged_count_of_the_wrong_measure_word_says_which_word():
    """The measure word follows the hedge: 20余届 counts 届, which no event is."""
    reason = verdict("sports.events_held", "全年共举办各类体育比赛20余届。", "20余届")
    assert reason == "its measure word 届 does not count what this field counts"


ENTITLED = "it counts {}, which this field does not count"


@pytest.mark.parametrize(
    ("field", "text", "number", "expected"),
    [
        # what every pupil has is no aid: the nutrition plan's pupils, named in the clause before (004)
        ("student_aid.beneficiaries_person_times",
         "资助330人、发放资金55.75万元。全区营养改善计划实施学校83所,受益学生4.8万余名。",
         "4.8万余名", ENTITLED.format("营养改善")),
        ("student_aid.total_amount_yuan", "全年累计拨付膳食补助资金4681.1万元。", "4681.1万元",
         ENTITLED.format("膳食")),
        # the fee exemption paid as running costs, though its clause says 免除 and 补助 (004)
        ("student_aid.beneficiaries_person_times",
         "城乡义务教育公用经费支出7064.42万元,102495名义务教育阶段学生享受免除学杂费补助公用经费。",
         "102495名", ENTITLED.format("公用经费")),
        # a clause before that ends with a count of its own kind describes something else
        ("student_aid.beneficiaries_person_times", "营养改善计划惠及学生3000人,全年共资助贫困学生500人。",
         "500人", None),
        ("student_aid.beneficiaries_person_times", "发放各类资助29640人次2642.7424万元。", "29640人次", None),
        # a total that lists one among its programmes before 等 sums it with the others
        ("student_aid.total_amount_yuan", "全年共发放助学金、营养餐补助、免学费等各类资助资金2070万元。",
         "2070万元", None),
    ],
)  # fmt: skip
def test_what_every_pupil_has_is_not_aid(field, text, number, expected):
    assert verdict(field, text, number, None) == expected
