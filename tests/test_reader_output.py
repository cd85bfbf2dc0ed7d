"""What a reader sees: the figures first; what was dropped in one short line a field, in a reader's
words; the words written for the model only in the debug log; a reason code for machines in the JSON."""

from __future__ import annotations

import io
import json
import logging

from rich.console import Console

from summarizer.cli import _say_what_was_dropped
from summarizer.llm.client import LLM
from summarizer.llm.presets import resolve_provider
from summarizer.pipeline import Options, summarize_file
from summarizer.render import render
from tests.corpus import SEED_000
from tests.fakes import FakeTransport, empty_answer


def answers_like_a_small_model(section: str, attempt: int) -> dict:
    """What a small model may do on seed 000: offer a part (24名教师获得市级奖励) as all the commended
    teachers, which that field may not name, and an id that was never listed."""
    result = empty_answer(section)
    if section == "teachers":
        result["commended_teachers"] = {"quote": "24名教师获得市级奖励", "number": 24}
    if section == "party_building":
        result["theory_study_sessions"] = "c99"
    return result


def seed_000_report():
    options = Options(provider=resolve_provider("embedded"), cache_dir=None, max_retries=0)
    llm = LLM(options.provider, None, transport=FakeTransport(answers_like_a_small_model))
    return summarize_file(SEED_000, options, llm)


DROPPED = [
    (
        "party_building.theory_study_sessions",
        "unknown_id",
        "dropped: the model named 'c99', which is no listed number",
    ),
    (
        "teachers.commended_teachers",
        "not_a_total",
        "dropped: 24名: it is not stated as a total (共, 累计, 合计, 全年, 各类 …)",
    ),
]


def test_the_json_gives_each_dropped_field_a_reason_code_and_a_readers_line():
    report = seed_000_report()
    warnings = json.loads(render(report, "json"))["warnings"]
    dropped = [(f"{w['section']}.{w['field']}", w["code"], w["message"]) for w in warnings if w["code"]]
    assert dropped == DROPPED
    assert report.teachers.commended_teachers is None  # 100 and 24 are stated: code fills neither


def test_the_debug_log_names_the_id_the_model_gave(caplog):
    caplog.set_level(logging.DEBUG, logger="summarizer")
    seed_000_report()
    logged = [r.getMessage() for r in caplog.records if r.name == "summarizer.ground.figures"]
    assert (
        "teachers: commended_teachers: the model named c6, dropped: "
        "24名: it is not stated as a total (共, 累计, 合计, 全年, 各类 …)" in logged
    )


def test_the_table_shows_figures_and_no_dropped_lines_on_one_screen():
    table = render(seed_000_report(), "table")
    assert "招聘特岗教师85人" in table and "累计培训教师1.4万余人次" in table
    assert "dropped" not in table and "c99" not in table
    assert len(table.splitlines()) <= 50
    # a part no row shows is listed; one a row already shows (特岗 85, a narrower field) is not again
    assert "part of commended_teachers" in table and "part of recruited_total" not in table


def console_lines(report, verbose: bool) -> list[str]:
    buffer = io.StringIO()
    _say_what_was_dropped(report, Console(file=buffer, width=200, color_system=None), verbose)
    return buffer.getvalue().splitlines()


def test_stderr_counts_what_was_dropped_and_verbose_says_why_one_line_a_field():
    report = seed_000_report()
    assert console_lines(report, verbose=False) == [
        "2 figure(s) the model offered were not kept; -v says why"
    ]
    assert console_lines(report, verbose=True) == [
        f"  not kept {where}: {message.removeprefix('dropped: ')}" for where, _, message in DROPPED
    ]


def test_the_review_page_shows_the_readers_line():
    page = render(seed_000_report(), "html")
    assert "dropped: 24名: it is not stated as a total" in page
    assert "the model named c6" not in page
