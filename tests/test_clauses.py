"""Clauses: what a figure's quote and its judged context are."""

from __future__ import annotations

import pytest

from summarizer.clauses import clause_around


@pytest.mark.parametrize(
    ("text", "number", "clause"),
    [
        # 、 between nouns joins one clause: the verb before the list governs the number after it
        ("教师节表彰优秀教师、优秀班主任共计96名。", "96名", "教师节表彰优秀教师、优秀班主任共计96名"),
        ("96名优秀教师、班主任受到表彰,另有3人获奖。", "96名", "96名优秀教师、班主任受到表彰"),
        # 、 between items that each state a number ends the clause: each item is a part
        ("共招聘A类136人、B类223人、C类50人。", "223人", "B类223人"),
        ("改扩建公办幼儿园11所、新增学位3500个。", "11所", "改扩建公办幼儿园11所"),
        # , and 。 end a clause whatever follows
        ("全年发展新党员15名,其中教师党员13名。", "15名", "全年发展新党员15名"),
    ],
)
def test_a_clause_runs_over_a_list_of_nouns_but_not_over_numbered_items(text, number, clause):
    start = text.index(number)
    left, right = clause_around(text, start, start + len(number))
    assert text[left:right] == clause
