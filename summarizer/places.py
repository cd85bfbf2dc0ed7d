"""County-level place names, so that a long name is read whole: 科尔沁右翼前旗, not 翼前旗.

Most county names have two or three characters before 县, 区 or 旗, and meta.py reads a name back from
its suffix to a boundary, or takes its last two characters when it runs into other words. About one
name in seventy is longer (Inner Mongolia's banners, counties of Xinjiang and Tibet, 回族区) and was
cut. The list of today's county-level divisions (`data/county_names.txt`) extends a name that reading
found, and tells a real place from a phrase that ends in 县 or 区 (人才兴区, 县委县政府) where the text
gives nothing else to go on: a county named only in the body must be on the list (or renamed since).
The list is not complete (重庆 渝北区 is missing), so a name the bureau's title or name gives is kept
without it.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources


@cache
def county_names() -> frozenset[str]:
    """Every county-level name on the list: 黎城县, 裕安区, 鄂伦春自治旗, 马尔康市."""
    text = resources.files("summarizer").joinpath("data/county_names.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


RENAMED_SUFFIXES = ("县", "区", "市", "旗")  # a county becomes a district or a city: 孟津县 → 孟津区


# The 55 minorities the state recognises, whose names an autonomous county's full name carries
# (靖州苗族侗族自治县) and texts often leave out (靖州县, 玉屏自治县). The last may stand without 族
# (塔什库尔干塔吉克自治县).
ETHNIC_GROUPS = (
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗",
    "瑶", "白", "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山",
    "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗",
    "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克",
    "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
)  # fmt: skip
_ETHNIC = "|".join(sorted(ETHNIC_GROUPS, key=len, reverse=True))
_AUTONOMOUS = re.compile(rf"(?:(?:{_ETHNIC})族)*(?:{_ETHNIC})族?自治([县旗])$")


@cache
def short_forms() -> dict[str, str]:
    """Autonomous counties written without their peoples: 靖州县 and 靖州自治县 for 靖州苗族侗族自治县.
    Left out: a form that is itself a listed name or that two autonomous counties share."""
    forms: dict[str, list[str]] = {}
    for name in county_names():
        match = _AUTONOMOUS.search(name)
        stem = name[: match.start()] if match else ""
        if len(stem) >= 2:
            for form in (stem + match.group(1), f"{stem}自治{match.group(1)}"):
                forms.setdefault(form, []).append(name)
    return {form: names[0] for form, names in forms.items() if len(names) == 1 and form not in county_names()}


def official_name(name: str) -> str:
    """The listed name of an autonomous county written short (靖州县 → 靖州苗族侗族自治县), which is what
    an analyst joins on; any other name as it is."""
    return short_forms().get(name, name)


def is_listed_as_written(name: str) -> bool:
    """On the list with the suffix the text writes (新建县 is not, since only 新建区 is), or an autonomous
    county's short form (靖州县)."""
    return name in county_names() or name in short_forms()


def is_listed(name: str) -> bool:
    """A county-level name on the list, or one renamed since under the same name with another suffix
    (孟津县, now 孟津区): a real place, not the tail of a phrase that ends in 县 or 区 (人才兴区)."""
    names = county_names()
    if is_listed_as_written(name):
        return True
    stem = name[:-1]
    return len(stem) >= 2 and any(stem + suffix in names for suffix in RENAMED_SUFFIXES)


@cache
def _longest() -> int:
    return max(map(len, county_names()))


def listed_name_ending(text: str, end: int, longer_than: int = 0) -> str | None:
    """The longest listed name that `text` has just before `end`, if it has more than `longer_than`
    characters: the whole of a name whose end was found."""
    for length in range(min(_longest(), end), longer_than, -1):
        if is_listed_as_written(text[end - length : end]):
            return text[end - length : end]
    return None


LONG_STEM = 4  # characters a name must keep without its suffix to be read alone (伊金霍洛, 乌鲁木齐)
BANNER_STEM = 3  # a banner's name is written without 旗 (准格尔, 达拉特) and is distinctive from 3 on
_SUFFIXES = ("自治县", "自治旗", "林区", "特区", "县", "区", "市", "旗")


@cache
def long_stems() -> dict[str, str]:
    """Listed names that texts write without their suffix (问道·伊金霍洛, 准格尔的教育) and that are long
    enough to name no phrase but the place, by that short form: 伊金霍洛 → 伊金霍洛旗. A stem two places
    share is left out, as it names neither for sure."""
    by_stem: dict[str, list[str]] = {}
    for name in county_names():
        suffix = next(s for s in (*_SUFFIXES, "") if name.endswith(s))
        stem = name[: len(name) - len(suffix)]
        if len(stem) >= LONG_STEM or (len(stem) >= BANNER_STEM and suffix.endswith("旗")):
            by_stem.setdefault(stem, []).append(name)
    return {stem: names[0] for stem, names in by_stem.items() if len(names) == 1}
