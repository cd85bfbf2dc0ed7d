"""Bounds on what a provider's answer and a warning may carry (issue 15, point 4)."""

from __future__ import annotations

import json

import pytest

from summarizer.llm.bounds import MAX_STRING_CHARS, BadResponse, check_response
from summarizer.models import Warning_
from tests.fakes import completion


def test_a_warning_keeps_at_most_500_characters_of_its_quote_and_message():
    quote = "累计发放资助金1543.98万元" * 100_000
    warning = Warning_(section="student_aid", message=f"dropped: {quote} is not {quote}", quote=quote)
    assert len(warning.quote) == len(warning.message) == 500
    assert warning.quote.endswith("…") and warning.quote.startswith("累计发放资助金1543.98万元")
    assert Warning_(section="s", message="short", quote="招聘特岗教师85人").quote == "招聘特岗教师85人"


def test_an_answer_within_its_bounds_passes():
    answer = {"special_post_teachers": {"quote": "招" * MAX_STRING_CHARS, "number": 85.0}}
    check_response(completion(json.dumps(answer, ensure_ascii=False)), max_tokens=200)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("x" * 3201, "the answer has 3201 characters, more than 200 tokens can hold (3200)"),
        (
            json.dumps({"a": [{"quote": "招" * 1001}]}, ensure_ascii=False),
            "the answer has a 1001-character string",
        ),
    ],
)
def test_an_oversized_answer_is_a_bad_response(content, message):
    with pytest.raises(BadResponse, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_response(completion(content), max_tokens=200)


def test_a_body_that_is_no_chat_completion_is_a_bad_response():
    with pytest.raises(BadResponse, match="not a chat completion: '<html>502 Bad Gateway</html>'"):
        check_response("<html>502 Bad Gateway</html>", max_tokens=200)
