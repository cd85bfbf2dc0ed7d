"""The character classes and marks every text module reads by, declared once.

Text is read after NFKC normalisation, which turns full-width ，；：！？（） into ASCII while 。 and 、
stay: so these sets hold the ASCII forms. A module that needs a narrower set builds it from these.
"""

from __future__ import annotations

import re

HAN = "\u4e00-\u9fff"  # the CJK Unified Ideographs block, as a character-class body
HAN_CHAR = re.compile(f"[{HAN}]")

YEAR = "(?:19|20)[0-9]{2}"  # a year of the reports' era, as a pattern body (no group)

SENTENCE_END = "。;!?"  # marks that end a sentence (readers add \n where a line ends one too)
STATEMENT_MARKS = ",。;!?"  # what a stated sentence has and a title or a label lacks
CLAUSE_END = ",、。;:!?"  # marks that end a clause: the sentence ends, the comma, 、 and the colon

# A pinyin gloss after a character, as Traditional reprints print them: 學(xué)校(xiào). Its syllable
# (group 1) and tone digit (group 2) tell a gloss from a bracketed word: a gloss is tone-marked.
PINYIN_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
PINYIN_GLOSS = re.compile(rf"(?<=[{HAN}])\(\s*([a-zü{PINYIN_TONED}]{{1,6}})([1-5]?)\s*\)")
