"""Report meta (county, bureau, title, years, date) read deterministically, without the LLM.

A 1.5B model got the report year wrong in 4 of 5 seed reports, while the answer is nearly always
spelled out in the title, the first sentence or a numbered heading; regexes are exact and free.
Reports arrive in many shapes: with a site banner and index fields (发文机关, 来源), from a
document-sharing page, as a short year-in-review page, as an excerpt. So each value is looked for
in every place it can be (title, header, body) and records where it was found; a report year read
from 今年 and the publication date is marked inferred.

The text is normalised (Simplified, NFKC); `header` is the web boilerplate normalisation removed.
Both are read through `skim.skim`, so pinyin glosses and PDF line numbers do not hide a name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Generic, TypeVar

from .clauses import sentence_around
from .models import Meta, MetaSource
from .outline import Kind, Part, split_outline
from .places import is_listed, is_listed_as_written, listed_name_ending, long_stems, official_name
from .quantities import find_quantities
from .skim import skim
from .text_patterns import HAN, HAN_CHAR, STATEMENT_MARKS, YEAR

HEAD_CHARS = 800  # title, bureau and the opening sentence sit within this many characters
# Words just before a place the county goes to, takes part in, works with or helps: 赴, 到, 参加, 与,
# 同, 向, 对口, 帮扶, 援.
_PARTNER_BEFORE = re.compile(r"(?:赴|到|至|前往|参加|参与|与|同|向|和|援|对口|帮扶|结对)$")
BODY_CHARS = 3000  # a county named only in the body is named within this many characters
RENAMED_MENTIONS = 2  # times the body must name a county listed only under another suffix (孟津县, 孟津区)
TITLE_MAX = 60

_TITLE_WORDS = re.compile(
    r"工作总结|年度总结|工作报告|述职报告|工作情况|完成情况|工作回顾|总结|回眸|盘点|这一年|工作会议上的讲话|讲话"
)
_TITLE_PREFIX = re.compile(r"^\s*(?:[•·]\s*)?(?:标\s*题\s*:\s*)?(?:【[^】]*】)?\s*")
# A headline "what: how" whose first half names the summary (体育工作回顾:发展体育事业 增进民生福祉).
_HEADLINE = re.compile(r"([^:]{2,}):[^:]{4,}")
_SENTENCE_PUNCT = re.compile(f"[{STATEMENT_MARKS}:]")
_BREADCRUMB = re.compile(r"[>»]|当前位置|您的位置")  # 首页 > 实用文档 > 工作总结: a site's path, not a title
_OUTLINE_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.]|\(?[一二三四五六七八九十0-9]+\)|[0-9]+[、.])"
)
_PROSE_PUNCT = re.compile(f"[{STATEMENT_MARKS}]")  # not ":", which index fields and "同志们:" have
OPENING_LINES = 2  # the opening sentence may follow a one-line lead ("一年来…" then "2021年,…")
_YEAR = re.compile(rf"({YEAR})\s*年?度?")
_BARE_YEAR = re.compile(rf"({YEAR})\s*年度?")
_RESULT_WORDS = re.compile(r"总结|报告|工作情况|完成情况|开展情况|回顾|这一年")
_LOOKING_BACK = re.compile(rf"(?:回眸|盘点|回顾)\s*({YEAR})")  # 回眸2021: the year looked back on
# The opening names its year as the one it looks back on: "对安岳县而言,2022年是极不平凡的一年".
_YEAR_WAS = re.compile(rf"({YEAR})年是[^。;!?]{{0,16}}?一年")
_OPENING_YEAR = re.compile(
    rf"^\s*({YEAR})\s*年?度?\s*(?:[上下]半年)?"
    rf"(?:,|以来|是|全[县区市旗]|我[县区市局旗]|[{HAN}]{{1,6}}[县区旗](?:教|委))"
)
# A sentence or a clause of one that opens with its year: "。2023年,累计发放…", "会议指出,2021年,全县…",
# "2021年我县共资助…". Not one about the future: "2023年,蕲春将加快…".
# A news lead's "本报讯(通讯员…)2017年上半年," too, a season or the year's end ("2022年秋季,", "2012年年末
# 全市…"), and a line item after a dash ("——2018年,聘请…").
_SENTENCE_YEAR = re.compile(
    rf"(?:^|[。;!?\n,:)])[\s—]*({YEAR})年度?(?:[上下]半年|[春秋]季|底|末|年底|年末)?(?:,|(?=[我全该本共]))"
    r"(?![^,。;]{0,12}?(?:将|计划|力争|拟|预计))"
)
# The last or first year of a five-year plan: "十二五"规划的收官之年 is 2015, 十四五开局之年 2021.
_PLAN_PERIOD_YEAR = re.compile(r"十([一二三四五])五\W{0,2}(?:规划)?\W{0,2}(?:的)?(收官|开局)之年")
_PERIOD_START = {"一": 2006, "二": 2011, "三": 2016, "四": 2021, "五": 2026}
_RESULTS_HEADING = re.compile(
    rf"({YEAR})\s*年度?[^\n,。;:]{{0,8}}?工作[^\n,。;:]{{0,4}}?(?:情况|成效|成绩|回顾|总结)"
)
_PLANS_IN_HEADING = re.compile(r"打算|要点|计划|思路|安排")
_PLAN_HEADING = re.compile(
    rf"(?:^|[\s、)】和暨及与])({YEAR})\s*年度?[^\s,。;:、]{{0,10}}?(?:打算|要点|计划|思路|安排|重点工作)"
)
# A New Year's address looks back on the year just ended: 2019年元旦献词 reviews 2018 (一年来 …).
_NEW_YEAR_ADDRESS = re.compile(rf"({YEAR})\s*年?\s*(?:元旦|新年|新春)(?:献词|贺词|致辞)")
# A sentence that opens with a year and says what will be done in it states that year's plans:
# 2023年,蕲春将加快推进…; 2023年,蔡甸区将建成… (a news report of a work meeting, with no plans heading);
# 到2021年秋季,东西湖区还将有9所公办中小学建成 (by then).
_PLAN_SENTENCE = re.compile(
    rf"(?:^|[。;!?\n])\s*(?:到|至)?({YEAR})年,?[^。;!?\n]{{0,20}}?(?:将|计划|力争|拟)"
)
_NEXT_YEAR_PLAN = re.compile(r"(?:明年|下一年度?|新的一年)(?:的)?(?:工作)?(?:打算|计划|思路|要点|安排)")
_THIS_YEAR = re.compile(r"今年|本年度|本年")
# 今年 and, further on in the same sentence, the year it is: "今年,我市把教育惠民工程列为2021年为民办的十件
# 实事" (a text flattened to one clause a line keeps the sentence). Not a year compared with (比2019年),
# one a span runs to (到2025年), or one of plans (2022年将).
_THIS_YEAR_NAMED = re.compile(
    rf"(?:今年|本年度)[^。!?;]{{0,30}}?(?<![比较到至与和])({YEAR})年(?!以来|前|将|起|底前)"
)
_BUREAU_SUFFIX = r"(?:教育(?:和|与)?(?:体育|科技|科学技术|文化)?局|教体局|教文体局|教科体局|教育委员会|教委)"
_BUREAU_IN_TEXT = re.compile(rf"[{HAN}]{{1,12}}?(?:县|区|市|旗){_BUREAU_SUFFIX}")
_COUNTY = re.compile(rf"[{HAN}]+?(?:自治县|自治旗|县|区|旗|市)")
_DATE = rf"({YEAR})\s*[-年./]\s*([0-9]{{1,2}})\s*[-月./]\s*([0-9]{{1,2}})"
_DATE_LABELS = ("成文日期", "发文日期", "发布日期", "发布时间", "生成日期", "时间")
# A line near the top that is only a date: a page's "2017-12-06 00:00", a speech's "(2019年12月12日)";
# or a short line of a news page that dates it: "咸阳日报 2016-09-21 00:00 大字".
_DATE_LINE = re.compile(rf"^\s*\(?{_DATE}日?\)?(?:\s+[0-9]{{1,2}}:[0-9]{{2}}(?::[0-9]{{2}})?)?\s*$", re.M)
_DATED_LINE = re.compile(
    rf"^.{{0,12}}?({YEAR})-([0-9]{{2}})-([0-9]{{2}})(?:\s+[0-9]{{2}}:[0-9]{{2}})?.{{0,8}}$", re.M
)
# A date with a time of day, as a page stamps its metadata line (来源:红网 作者:… 2015-08-27 11:02:26).
_STAMP = re.compile(rf"({YEAR})-([0-9]{{2}})-([0-9]{{2}})\s+[0-9]{{2}}:[0-9]{{2}}")
_CLOSING_DATE = re.compile(rf"({YEAR})年([0-9]{{1,2}})月([0-9]{{1,2}})日\s*$")
_ISSUER_LABELS = ("发布机构", "信息来源", "发文机关", "发布单位", "所属机构", "来源")
_ISSUER_FIELD = re.compile(rf"(?:{'|'.join(_ISSUER_LABELS)})[\s|:]*([{HAN}]{{2,30}})")
# A line that is a site's banner: the county government's portal, news centre or public-affairs page.
_BANNER = re.compile(r"人民政府|政府网|门户网|融媒体|政务|新闻网|信息公开")

# County names, read where the name's start is not marked: the name runs back from 县/区/旗 to a
# boundary, a higher unit (省/市/州/盟) or a word that cannot be part of a name (全县, 我区, 在…县).
_NAME_SUFFIX = re.compile(r"自治县|自治旗|县|区|旗|市")
# 市 ends a prefecture's name as often as a county-level city's (宁德市, 福安市): a name ending in 市
# counts only as written on the list of counties, which holds the county-level cities alone.
_CITY = "市"
_NOT_IN_NAME = frozenset("省市州盟的在和与及了对向为由是将把被从全我本该各其这那每两个年月日于至到共有等邻近")
NAME_MAX = 3  # characters before the suffix; autonomous counties are longer and say 自治
# Words ending in 区 or 县 that name no county: parts of a town, kinds of zone, county-wide things.
_GENERIC_NAMES = re.compile(
    r"(?:城|市|辖|园|社|景|片|校|学|山|库|老|苏|矿|新|开发|示范|试验|保护|功能|小|营|街|牧|灾|战|禁|"
    r"贫困|边远|农村|城乡|乡村|民族|少数民族|偏远|重点|先行|实验|改革|创新|高新|经开|自贸|经济|地|自治)区$"
    r"|(?:示范|均衡|先进|达标|试点|贫困|重点|百强|发展|强|大|文明|模范|创建|典型|样板)[县旗]$"
    r"|^(?:区|县|旗)$"
)
_HIGHER_UNITS = re.compile(rf"(?:[{HAN}]{{2,8}}?(?:省|自治区|市|州|盟|地区))*")  # 山西省长治市
_NOT_A_NAME_AFTER = re.compile(r"域|级|城|情|直")  # 县域, 区级, 县城, 县情, 县直: about a county, not one


T = TypeVar("T")


@dataclass(frozen=True)
class Found(Generic[T]):
    """A meta value and where it was read."""

    value: T
    source: MetaSource
    inferred: bool = False


def extract_meta(text: str, header: str = "", script: str = "simplified") -> Meta:
    """Meta of a normalised report; fields that are not stated, or implied by the date, stay None."""
    text, header = skim(text), skim(header)
    title = find_title(text, header)
    published = find_published_date(f"{header}\n{text[:HEAD_CHARS]}", text)
    report_year = find_report_year(text, title.value if title else None, published)
    plan_year = find_plan_year(text, title.value if title else None, report_year)
    bureau = find_bureau(header, text, title)
    county = find_county(bureau, title, header, text)
    if county:
        county = Found(official_name(county.value), county.source, county.inferred)
    if report_year is None and plan_year is not None and title is not None and "总结" in title.value:
        report_year = Found(plan_year.value - 1, "title", inferred=True)  # 工作总结及2021年工作安排
    found = {
        "county": county,
        "bureau": bureau,
        "title": title,
        "report_year": report_year,
        "plan_year": plan_year,
        "published_date": published,
    }
    present = {name: f for name, f in found.items() if f is not None}
    return Meta(
        **{name: f.value if f else None for name, f in found.items()},
        source_script="traditional" if script == "traditional" else "simplified",
        sources={name: f.source for name, f in present.items()},
        inferred=[name for name, f in present.items() if f.inferred],
    )


# --- title -------------------------------------------------------------------------------------


def find_title(text: str, header: str = "") -> Found[str] | None:
    """The first short, unpunctuated line near the top that names a summary or report."""
    for source, where in ((text[:HEAD_CHARS], "title"), (header, "header")):
        for line in source.splitlines():
            candidate = _TITLE_PREFIX.sub("", line).strip()
            if _is_title(candidate):
                return Found(candidate, where)
    return None


def _is_title(line: str) -> bool:
    headline = _HEADLINE.fullmatch(line)
    named = headline.group(1) if headline else line  # a headline's first half must name the summary
    return (
        4 <= len(line) <= TITLE_MAX
        and _TITLE_WORDS.search(named) is not None
        and _SENTENCE_PUNCT.search(headline.group(0).replace(":", "", 1) if headline else line) is None
        and _OUTLINE_START.match(line) is None
        and _BREADCRUMB.search(line) is None
    )


# --- years -------------------------------------------------------------------------------------


def find_report_year(text: str, title: str | None, published: Found[str] | None = None) -> Found[int] | None:
    """Title ("…2023年工作总结"), opening ("2020年,全县…"), results heading, 今年 + the date, else the
    year sentences of results open with."""
    if title:
        year = _year_before_results(title)
        if year:
            return Found(year, "title")
    address = _NEW_YEAR_ADDRESS.search(f"{title or ''}\n{text[:HEAD_CHARS]}")
    if address:
        return Found(int(address.group(1)) - 1, "title" if title and address.group() in title else "body")
    opening = _opening_year(text)
    if opening:
        return Found(opening, "body")
    heading = next(
        (m for m in _RESULTS_HEADING.finditer(text) if not _PLANS_IN_HEADING.search(m.group())), None
    )
    if heading:
        return Found(int(heading.group(1)), "body")
    chapter = _year_of_chapter(text, Kind.RESULTS)
    if chapter:
        return Found(chapter, "body")
    period = _PLAN_PERIOD_YEAR.search(text[: HEAD_CHARS * 2])
    if period:
        return Found(_period_year(period), "body")
    named = _THIS_YEAR_NAMED.search(text[: HEAD_CHARS * 2])
    if named:
        return Found(int(named.group(1)), "body")
    if published and _THIS_YEAR.search(text[: HEAD_CHARS * 2]) and int(published.value[5:7]) > 2:
        # 今年 in a page of January or February may still mean the year under review.
        return Found(int(published.value[:4]), "date", inferred=True)
    year = _results_year(text)
    if year:
        return Found(year, "body", inferred=True)
    return _dated_summary_year(title, published)


def _period_year(match: re.Match[str]) -> int:
    start = _PERIOD_START[match.group(1)]
    return start + 4 if match.group(2) == "收官" else start


def _dated_summary_year(title: str | None, published: Found[str] | None) -> Found[int] | None:
    """A summary whose title names no year, dated in a year's last quarter or the next year's first two
    months, summarises that year: 述职报告 (2019年12月12日) → 2019, 成文日期 2024-01-15 → 2023."""
    if not (title and published and _TITLE_WORDS.search(title)):
        return None
    year, month = int(published.value[:4]), int(published.value[5:7])
    if month >= 10:
        return Found(year, "date", inferred=True)
    return Found(year - 1, "date", inferred=True) if month <= 2 else None


def _results_year(text: str) -> int | None:
    """The year that sentences of results open with ("。2023年,累计发放资助金…"): the year of a slice cut
    from the middle of a report. Results state figures, so a sentence that states one counts twice
    ("2022年,蕲春投入4434万元" outweighs the plan "2023年,蕲春加快推进新一中建设"). Inferred, since a
    sentence may open with an earlier year; the most weight wins, the latest on a tie."""
    years: Counter[int] = Counter()
    for match in _SENTENCE_YEAR.finditer(text):
        sentence_end = sentence_around(text, match.end(), match.end())[1]
        states_figure = bool(find_quantities(text[match.end() : sentence_end]))
        years[int(match.group(1))] += 2 if states_figure else 1
    return max(years, key=lambda y: (years[y], y)) if years else None


def _year_before_results(title: str) -> int | None:
    """The year whose stretch of the title (up to the next year) names the results, not the plans."""
    looking_back = _LOOKING_BACK.search(title)
    if looking_back:
        return int(looking_back.group(1))
    years = list(_YEAR.finditer(title))
    for i, match in enumerate(years):
        stretch = title[match.end() : years[i + 1].start() if i + 1 < len(years) else len(title)]
        if _RESULT_WORDS.search(stretch):
            return int(match.group(1))
    return None


def _opening_year(text: str) -> int | None:
    """The year the first sentences start with ("2021年,我县…", "2019,全区…") or say they look back on
    ("2022年是极不平凡的一年")."""
    prose = (line.strip(" |\t\u3000") for line in text[: HEAD_CHARS * 2].splitlines())
    for line in [line for line in prose if _PROSE_PUNCT.search(line)][:OPENING_LINES]:
        match = _OPENING_YEAR.match(line) or _YEAR_WAS.search(line)
        if match:
            return int(match.group(1))
    return None


def find_plan_year(text: str, title: str | None, report_year: Found[int] | None) -> Found[int] | None:
    """Only when the text has plans: the year of their heading, else the title's, else 明年 → next year.

    A title that promises plans ("…暨2023年工作计划") is not enough: an excerpt may stop before them.
    """
    base = report_year.value if report_year else None
    if _has_plans(text, title):
        for source, where in ((_without_title(text, title), "body"), (title or "", "title")):
            for match in _PLAN_HEADING.finditer(source):
                year = int(match.group(1))
                if base is None or year == base + 1:
                    return Found(year, where)
        if base is not None and _NEXT_YEAR_PLAN.search(text):
            return Found(base + 1, "body")
        if base is not None and _year_of_chapter(text, Kind.PLANS) == base + 1:
            return Found(base + 1, "body")
    if base is not None and any(int(m.group(1)) == base + 1 for m in _PLAN_SENTENCE.finditer(text)):
        return Found(base + 1, "body")  # no plans chapter, but sentences of next year's plans
    return None


def _year_of_chapter(text: str, kind: Kind) -> int | None:
    """The year a chapter of `kind` is headed by alone ("2024年" over the year's work, "2025年" over the
    next's): the outline has judged what the chapter holds."""
    for part in _outline(text):
        year = _BARE_YEAR.fullmatch(part.heading.strip())
        if part.kind is kind and year:
            return int(year.group(1))
    return None


def _has_plans(text: str, title: str | None) -> bool:
    """A plans chapter in the body: a "2021年工作安排" heading line, 明年工作打算, or the outline's."""
    body = _without_title(text, title)
    if _NEXT_YEAR_PLAN.search(body) or any(map(_is_plan_heading, body.splitlines())):
        return True
    return any(part.kind is Kind.PLANS for part in _outline(body))


@lru_cache(maxsize=4)
def _outline(text: str) -> tuple[Part, ...]:
    """The text's outline, split once for the several questions meta asks of it."""
    return tuple(split_outline(text))


def _is_plan_heading(line: str) -> bool:
    heading = _OUTLINE_START.sub("", line).strip()
    return len(heading) <= TITLE_MAX // 2 and _PLAN_HEADING.match(f" {heading}") is not None


def _without_title(text: str, title: str | None) -> str:
    return text.replace(title, "") if title else text


# --- bureau and county -------------------------------------------------------------------------


def find_bureau(header: str, text: str, title: Found[str] | None = None) -> Found[str] | None:
    """From an index field (发布机构, 信息来源, 发文机关, 来源), else the title, else the opening text."""
    head = f"{header}\n{text[:HEAD_CHARS]}"
    for label in _ISSUER_LABELS:
        found = _labelled_bureau(head, label)
        if found:
            return Found(found, "header")
    sources = [(header, "header"), (text[:HEAD_CHARS], "body")]
    if title:
        sources.insert(0, (title.value, title.source))
    for source, where in sources:
        for match in _BUREAU_IN_TEXT.finditer(source):
            bureau = _trim_bureau(_strip_field_debris(match.group(0)))
            if bureau:
                return Found(bureau, where)
    return None


def _trim_bureau(found: str) -> str | None:
    """The bureau's name from where its county's name starts, keeping a city before it: "持续推进
    靖远县教育局" → 靖远县教育局, "六安市裕安区教体局" stays. None when no county is named (全县教育局)."""
    prefix = re.split(r"教育|教体|教文|教科|教委", found, maxsplit=1)[0]
    county = _county_of_bureau(found)
    if county is None:
        return None
    head = prefix[: prefix.rfind(county)]
    return found if _HIGHER_UNITS.fullmatch(head) else found[len(head) :]


def _labelled_bureau(head: str, label: str) -> str | None:
    spaced = r"\s*".join(label)
    match = re.search(rf"{spaced}[\s|:]*([{HAN}]{{2,30}}?{_BUREAU_SUFFIX})", head)
    return match.group(1) if match else None


def _strip_field_debris(name: str) -> str:
    """'标题张店区教育和体育局' → '张店区教育和体育局': drop what a label glued onto the name."""
    return re.sub(r"^(?:标题|发布机构|信息来源|来源)", "", name)


def find_county(
    bureau: Found[str] | None, title: Found[str] | None, header: str = "", text: str = ""
) -> Found[str] | None:
    """From the bureau's name, the title, the banner or index fields, else the body's most named county
    on the list of counties (a pattern alone cuts phrases: 人才兴区 is no 才兴区)."""
    if bureau:
        name = _county_of_bureau(bureau.value)
        if name:
            return Found(name, bureau.source)
    if title:
        names = county_names(title.value)
        if names:
            return Found(names[0], title.source)
    names = county_names("\n".join(_banner_lines(header, text)))
    if names:
        return Found(names[0], "header")
    named = Counter(name for name in _acting_county_names(text[:BODY_CHARS]) if is_listed(name))
    # A name listed only under another suffix must be named twice: a report names its own county again
    # and again, while a verb before 县 (新建县第一实验小学, the school the county builds) reads as a
    # county renamed since (新建区) once.
    names = [n for n, count in named.most_common() if is_listed_as_written(n) or count >= RENAMED_MENTIONS]
    if names:
        return Found(names[0], "body")
    stems = _long_stems_named(text[:BODY_CHARS])
    return Found(long_stems()[stems[0]], "body") if len(set(stems)) == 1 else None


def _long_stems_named(text: str) -> list[str]:
    """Long county names the text writes without their suffix (问道·伊金霍洛), in order; not one that
    goes on with 市, which names the prefecture of the same name (乌鲁木齐市, not 乌鲁木齐县)."""
    return [m.group() for m in _long_stem_pattern().finditer(text) if not text.startswith("市", m.end())]


@cache
def _long_stem_pattern() -> re.Pattern[str]:
    """All long stems in one pattern, the longest first, so the text is read once."""
    return re.compile("|".join(sorted(long_stems(), key=len, reverse=True)))


def _county_of_bureau(bureau: str) -> str | None:
    """The county-level name in the bureau ("六安市裕安区教育体育局" → 裕安区), else its city."""
    prefix = re.split(r"教育|教体|教文|教科|教委", bureau, maxsplit=1)[0]
    names = county_names(prefix)
    if names:
        return names[-1]
    cities = [n for n in _COUNTY.findall(prefix) if _name_char(n[0])]
    return cities[-1] if cities else None


def _banner_lines(header: str, text: str) -> list[str]:
    """Index fields naming the issuer, and site-banner lines above the first line of prose."""
    lines = [m.group(1) for m in _ISSUER_FIELD.finditer(f"{header}\n{text[:HEAD_CHARS]}")]
    for line in text[:HEAD_CHARS].splitlines():
        if len(line.strip()) > TITLE_MAX:
            break
        if _BANNER.search(line):
            lines.append(line)
    return lines


def county_names(text: str) -> list[str]:
    """The county and district names in `text`, in order: 黎城县, 裕安区, 鄂伦春自治旗."""
    return [name for name, _ in _county_mentions(text)]


def _county_mentions(text: str) -> list[tuple[str, int]]:
    """Each county or district name in `text` with where it starts."""
    mentions = []
    for suffix in _NAME_SUFFIX.finditer(text):
        if _NOT_A_NAME_AFTER.match(text, suffix.end()):
            continue
        name = _name_before(text, suffix.start(), suffix.group())
        # A listed name of four characters or more is read whole (科尔沁右翼前旗, not 翼前旗), and is a
        # county even where its ending reads like a kind of zone (白云鄂博矿区, 浦东新区); a short
        # one may be a common word (新城区), so it is read as before.
        # A name whose reading stops at once (州 may end a prefecture: 湘西州吉首市) is still read when
        # the list has it whole: 靖州县, 通州区.
        listed = listed_name_ending(text, suffix.end(), max(len(name) - 1, 3) if name else 2)
        if suffix.group() == _CITY:
            if (listed or name) and is_listed_as_written(listed or name):
                mentions.append((listed or name, suffix.end() - len(listed or name)))
            continue
        if listed or (
            name and (not _GENERIC_NAMES.search(name) or _mountain_district(text, suffix.end(), name))
        ):
            name = listed or name
            mentions.append((name, suffix.end() - len(name)))
    return mentions


def _mountain_district(text: str, end: int, name: str) -> bool:
    """A listed three-character X山区 read whole (,邯山区智慧城小学): the district of a mountain (萧山区,
    房山区, 邯山区: 58 on the list), where the noun 山区 needs a word before it that the reading keeps
    (偏远山区, 广东山区, 地处东山区 stops at no boundary)."""
    return (
        _starts_a_word(text, end - len(name))
        and len(name) == 3
        and name.endswith("山区")
        and is_listed_as_written(name)
    )


def _acting_county_names(text: str) -> list[str]:
    """The county names of the body that may be the report's own: not a place the county goes to or
    works with (赴松江区跟岗, 与松江区开展互访, 对口帮扶X县), which a report names as often as itself."""
    return [
        name for name, at in _county_mentions(text) if not _PARTNER_BEFORE.search(text[max(0, at - 2) : at])
    ]


def _name_before(text: str, end: int, suffix: str) -> str | None:
    """The name that ends at `end` with `suffix`: back to a boundary, or its last two characters."""
    longest = 10 if suffix.startswith("自治") else NAME_MAX
    start = end
    while start > 0 and end - start < longest and _name_char(text[start - 1]):
        start -= 1
    if start == end:
        return None
    bounded = _starts_a_word(text, start)
    if not bounded and not suffix.startswith("自治"):
        start = end - 2  # ran into other words: most county names are two characters
    return text[start:end] + suffix


def _starts_a_word(text: str, start: int) -> bool:
    """Nothing that could be part of a name comes before `start`."""
    return start == 0 or not _name_char(text[start - 1])


def _name_char(ch: str) -> bool:
    return HAN_CHAR.match(ch) is not None and ch not in _NOT_IN_NAME


# --- date --------------------------------------------------------------------------------------


def find_published_date(head: str, text: str) -> Found[str] | None:
    """ISO date from an index field (成文日期 first: the issue date), else a closing "2020年12月30日"."""
    for label in _DATE_LABELS:
        spaced = r"\s*".join(label)
        match = re.search(rf"{spaced}[\s|:]*{_DATE}", head)
        if match:
            iso = _iso(*match.groups())
            if iso:
                return Found(iso, "header")
    dated = _DATE_LINE.search(head) or _DATED_LINE.search(head) or _STAMP.search(head)
    iso = _iso(*dated.groups()) if dated else None
    if iso:
        return Found(iso, "body")
    closing = _CLOSING_DATE.search(text.rstrip(" \n|标签:"))
    iso = _iso(*closing.groups()) if closing else None
    return Found(iso, "body") if iso else None


def _iso(year: str, month: str, day: str) -> str | None:
    m, d = int(month), int(day)
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{int(year):04d}-{m:02d}-{d:02d}"
