"""Route each outline part to the schema sections it feeds, so each section's LLM call sees only its text.

A part is scored per section by weighted keywords: distinctive words (特岗, 资助, 党支部) weigh
more than generic ones (培训, 项目, 比赛) that turn up in every chapter. Its own heading counts
extra and its ancestors' headings count once, so a sub-item under "(三)加强教师队伍建设" leans to
teachers while a broad chapter title cannot route a part alone. A part goes to every section that
clears the threshold and comes close to its best section, which keeps duplication low. Plans go
only to "plans"; problems go nowhere; parts that state no figure go nowhere (nothing to extract).

A text with no outline at all (a short page, one paragraph) has no headings to lean on and often
one paragraph about everything, so it is routed sentence by sentence: one sentence with a figure
and one distinctive word ("发放资助资金580万元") reaches its section. Neighbouring sentences of one
section are joined again, so a quote may run across them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .models import FIGURE_SECTIONS
from .outline import Kind, Part, split_sentences

ROUTED_SECTIONS = FIGURE_SECTIONS
PLANS = "plans"

STRONG, MEDIUM, WEAK = 3, 2, 1
KEYWORDS: dict[str, dict[str, int]] = {
    "party_building": {
        **dict.fromkeys(
            ("党建", "党员", "党组织", "党支部", "中心组", "主题教育", "党风廉政", "廉政", "纪检", "意识形态",
             "发展党员", "入党", "三会一课", "党课", "党组", "从严治党", "党委", "组织生活"),
            STRONG,
        ),
        **dict.fromkeys(("支部", "理论学习", "问责", "处分", "纪律", "作风建设"), WEAK),
    },
    "teachers": {
        **dict.fromkeys(
            ("教师", "特岗", "师范生", "名师", "师德", "班主任", "职称", "师资", "轮岗", "队伍建设"), STRONG
        ),
        **dict.fromkeys(("校长", "骨干", "招聘", "招录"), MEDIUM),  # school leaders are staff too
        **dict.fromkeys(("培训", "交流", "人才"), WEAK),
    },
    "infrastructure": {
        **dict.fromkeys(
            ("新建", "改扩建", "扩建", "校舍", "建设项目", "平方米", "㎡", "平米", "建筑面积", "竣工",
             "开工", "薄弱", "办学条件", "学位"),
            STRONG,
        ),
        **dict.fromkeys(("改造", "投资", "项目", "设备", "维修", "校园建设", "建成"), WEAK),
    },
    "student_aid": {
        **dict.fromkeys(
            ("资助", "助学金", "助学贷款", "营养改善", "两免一补", "奖学金", "困难学生", "贫困学生",
             "免学费", "免除", "生活费", "生活补助"),
            STRONG,
        ),
        **dict.fromkeys(("贷款", "补助", "补贴", "惠民"), WEAK),
    },
    "sports": {
        **dict.fromkeys(
            ("体育", "运动会", "足球", "篮球", "排球", "田径", "体质", "健康测试", "冬奥", "冰雪",
             "运动场", "体育场", "全民健身", "健身", "锦标赛", "马拉松", "赛事", "竞技", "游泳"),
            STRONG,
        ),
        **dict.fromkeys(("比赛", "操场", "运动"), WEAK),
    },
}  # fmt: skip

# Names of the bureau itself ("教育和体育局", "教体局") are not about sports.
_BUREAU_NAMES = re.compile(r"教育和?体育")
OCCURRENCE_CAP = 3  # one word repeated all over a long paragraph should not swamp the others
OWN_HEADING_BONUS = 2  # a keyword in the part's own heading counts this many times more
THRESHOLD = 4
SENTENCE_THRESHOLD = STRONG  # one sentence says one thing: a single distinctive word is enough
NEAR_BEST = 0.3  # a second section must score at least this share of the best one
_FIGURE = re.compile(r"\d|[一二三四五六七八九十两百千万]+[所名人位个项次场]")


def route(parts: Sequence[Part], text: str) -> dict[str, list[Part]]:
    """Sections → their parts in document order; keys are the five LLM sections plus "plans"."""
    if parts and all(part.kind is Kind.PREAMBLE for part in parts):
        return route_sentences(parts, text)
    routed: dict[str, list[Part]] = {name: [] for name in (*ROUTED_SECTIONS, PLANS)}
    for part in parts:
        if part.kind is Kind.PLANS:
            routed[PLANS].append(part)
        elif part.kind is not Kind.PROBLEMS:
            for section in sections_for(part, text):
                routed[section].append(part)
    return routed


def route_sentences(parts: Sequence[Part], text: str) -> dict[str, list[Part]]:
    """Route an outline-less text one sentence at a time; adjacent sentences of a section are joined."""
    routed: dict[str, list[Part]] = {name: [] for name in (*ROUTED_SECTIONS, PLANS)}
    for part in parts:
        for sentence in split_sentences(text, part.start, part.end):
            for section in sections_for(sentence, text, SENTENCE_THRESHOLD):
                _append_joined(routed[section], sentence)
    return routed


def _append_joined(parts: list[Part], sentence: Part) -> None:
    if parts and parts[-1].end == sentence.start:
        last = parts[-1]
        parts[-1] = Part(last.start, sentence.end, last.level, last.heading, last.path, last.kind)
    else:
        parts.append(sentence)


def sections_for(part: Part, text: str, threshold: int = THRESHOLD) -> list[str]:
    """The sections a results (or preamble) part feeds, best first."""
    body = text[part.start : part.end]
    if not _FIGURE.search(body):
        return []
    scores = {section: score(section, part, body) for section in ROUTED_SECTIONS}
    best = max(scores.values())
    chosen = [s for s in ROUTED_SECTIONS if scores[s] >= max(threshold, NEAR_BEST * best)]
    return sorted(chosen, key=lambda s: -scores[s])


def score(section: str, part: Part, body: str) -> int:
    """Body occurrences (capped) + extra for the own heading + once for each ancestor heading."""
    words = KEYWORDS[section]
    ancestors = _BUREAU_NAMES.sub("", "".join(part.path[:-1] if part.heading else part.path))
    body, heading = _BUREAU_NAMES.sub("", body), _BUREAU_NAMES.sub("", part.heading)
    total = 0
    for word, weight in words.items():
        total += weight * min(body.count(word), OCCURRENCE_CAP)
        total += weight * OWN_HEADING_BONUS * (word in heading)
        total += weight * (word in ancestors)
    return total
