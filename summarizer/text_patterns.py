"""The character classes and marks every text module reads by, declared once.

Text is read after NFKC normalisation, which turns full-width ，；：！？（） into ASCII while 。 and 、
stay: so these sets hold the ASCII forms. A module that needs a narrower set builds it from these.
"""

from __future__ import annotations

import re

HAN = "\u4e00-\u9fff"  # the CJK Unified Ideographs block, as a character-class body
HAN_CHAR = re.compile(f"[{HAN}]")

YEAR = "(?:19|20)[0-9]{2}"  # a year of the reports' era, as a pattern body (no group)

# Markers that a figure spans more than the report year (a year before 以来 is checked as a year):
# 近年, 近三年, 近3年来, 五年来, 3年以来, 十三五, 历年, 多年; not 一年来, the report year itself.
_SPAN_COUNT = r"(?![一1]年)[0-9一二两三四五六七八九十]{1,2}"
SPAN = re.compile(
    rf"近(?:{_SPAN_COUNT})?年|(?<![0-9一二两三四五六七八九十]){_SPAN_COUNT}年(?:来|以来)|十[一二三四五]五|历年|多年"
)

SENTENCE_END = "。;!?"  # marks that end a sentence (readers add \n where a line ends one too)
STATEMENT_MARKS = ",。;!?"  # what a stated sentence has and a title or a label lacks
CLAUSE_END = ",、。;:!?"  # marks that end a clause: the sentence ends, the comma, 、 and the colon

# A pinyin gloss after a character, as Traditional reprints print them: 學(xué)校(xiào). Its syllable
# (group 1) and tone digit (group 2) tell a gloss from a bracketed word: a gloss is tone-marked.
PINYIN_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
PINYIN_GLOSS = re.compile(rf"(?<=[{HAN}])\(\s*([a-zü{PINYIN_TONED}]{{1,6}})([1-5]?)\s*\)")
