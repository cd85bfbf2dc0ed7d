"""Route each outline part to the schema sections it feeds, so each section's call sees only its text.

A part is scored per section by keywords in its own text and headings: its own heading counts
double, each ancestor heading's keywords once, so a sub-item under "(二)狠抓队伍建设" leans to
teachers while a broad chapter title ("…教育体育事业高质量发展") cannot route a part alone.
A part may feed several sections; plans go only to plans, and problems go nowhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .outline import Kind, Part

ROUTED_SECTIONS = ("party_building", "teachers", "infrastructure", "student_aid", "sports")

KEYWORDS: dict[str, tuple[str, ...]] = {
    "party_building": (
        "党建", "党员", "党组织", "党支部", "支部", "理论学习", "中心组", "主题教育", "党风廉政", "廉政",
        "纪检", "纪律", "问责", "处分", "意识形态", "发展党员", "入党", "三会一课", "党课", "党组",
        "从严治党",
    ),
    "teachers": (
        "教师", "特岗", "师范生", "招聘", "招录", "培训", "轮岗", "交流", "名师", "骨干", "师德", "班主任",
        "校长", "职称", "师资", "队伍建设",
    ),
    "infrastructure": (
        "新建", "改扩建", "扩建", "改造", "校舍", "建设项目", "项目", "投资", "平方米", "㎡", "学位", "竣工",
        "开工", "薄弱", "办学条件", "设备", "维修", "建筑面积", "幼儿园建设", "校园建设",
    ),
    "student_aid": (
        "资助", "助学金", "助学贷款", "贷款", "补助", "营养改善", "困难学生", "贫困学生", "免除", "两免一补",
        "奖学金", "生活费", "免学费", "惠民",
    ),
    "sports": (
        "体育", "运动会", "比赛", "足球", "篮球", "赛事", "体质", "健康测试", "田径", "冬奥", "冰雪",
        "运动场",
        "全民健身", "健身", "锦标赛", "马拉松", "竞技",
    ),
}  # fmt: skip

OWN_HEADING_WEIGHT = 2
THRESHOLD = 2
_FIGURE = re.compile(r"\d")


def route(parts: Sequence[Part], text: str) -> dict[str, list[Part]]:
    """Sections → their parts in document order; keys are the five LLM sections plus "plans"."""
    routed: dict[str, list[Part]] = {name: [] for name in (*ROUTED_SECTIONS, "plans")}
    for part in parts:
        if part.kind is Kind.PLANS:
            routed["plans"].append(part)
        elif part.kind is not Kind.PROBLEMS:
            for section in sections_for(part, text):
                routed[section].append(part)
    return routed


def sections_for(part: Part, text: str) -> list[str]:
    """The sections a results part feeds: those scoring over the threshold, if it states any figure."""
    body = text[part.start : part.end]
    if not _FIGURE.search(body) and not _cjk_numeral_count(body):
        return []
    return [s for s in ROUTED_SECTIONS if _score(s, body, part) >= THRESHOLD]


def _score(section: str, body: str, part: Part) -> int:
    words = KEYWORDS[section]
    ancestors = "".join(part.path[:-1]) if part.heading else "".join(part.path)
    own = OWN_HEADING_WEIGHT * sum(1 for w in words if w in part.heading)
    return sum(body.count(w) for w in words) + own + sum(1 for w in words if w in ancestors)


def _cjk_numeral_count(body: str) -> int:
    return len(re.findall(r"[一二三四五六七八九十两]+[所名人位个项次场]", body))
