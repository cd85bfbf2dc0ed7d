"""The prompt-regression gate, run for real: the embedded model over the corpus vs the committed baseline,
and the same gate through the CLI with one crafted false figure added to the baseline's own figures.

This is what stops a prompt change that makes the numbers worse from landing: CI runs it, and it fails
when a right figure is lost, a new false figure appears, or precision or recall drops.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer.cli import main

BASELINE = Path(__file__).resolve().parents[1] / "evals" / "baselines" / "embedded.json"


def baseline_outputs() -> dict[str, dict]:
    """Each corpus report's output as the baseline recorded it: meta and every labelled figure."""
    data = json.loads(BASELINE.read_text(encoding="utf-8"))
    outputs: dict[str, dict] = {}
    for report in data["reports"]:
        out: dict = {}
        for f in report["fields"]:
            section, name = f["field"].split(".", 1)
            if f["got"] is None:
                continue
            if section == "meta":
                value = int(f["got"]) if f["got"].isdigit() else f["got"]
                out.setdefault("meta", {})[name] = value
            else:
                figure = {"value": float(f["got"]), "unit": f["unit"], "approximate": f["approximate"]}
                out.setdefault(section, {})[name] = {**figure, "quote": f["quote"], "span": [0, 0]}
        outputs[report["report"]] = out
    return outputs


def replay(monkeypatch, outputs: dict[str, dict]) -> None:
    """Serve `summarize eval` the given outputs instead of running a model."""
    monkeypatch.setattr(
        "summarizer.library.Summarizer.summarize", lambda _self, path, *_: outputs[Path(path).name]
    )


def run_gate(tmp_path: Path) -> int:
    return main(["eval", "--baseline", "embedded", "--out", str(tmp_path), "--provider", "vllm",
                 "--base-url", "http://127.0.0.1:9/v1"])  # fmt: skip


def test_the_baseline_replayed_passes_the_gate(tmp_path, monkeypatch) -> None:
    replay(monkeypatch, baseline_outputs())
    assert run_gate(tmp_path) == 0


def test_one_crafted_false_figure_where_the_regex_scores_nothing_fails_the_gate(
    tmp_path, monkeypatch
) -> None:
    """004 states no sports facility investment (its label is null, and no pattern matches there): an
    extractor that takes 2196.1万元 of school building for it has added one false figure, and exits 1."""
    outputs = baseline_outputs()
    report = "004_04d5a50fa9346fb7.txt"
    assert "sports" not in outputs[report] or "facility_investment_yuan" not in outputs[report]["sports"]
    false = {"value": 21961000.0, "unit": "yuan", "approximate": False, "quote": "2196.1万元", "span": [0, 0]}
    outputs[report].setdefault("sports", {})["facility_investment_yuan"] = false
    replay(monkeypatch, outputs)
    assert run_gate(tmp_path) == 1
    diff = json.loads((tmp_path / "eval-report.json").read_text(encoding="utf-8"))["baseline_diff"]
    assert [(c["report"], c["field"], c["got_after"]) for c in diff["new_false"]] == [
        (report, "sports.facility_investment_yuan", "21961000.0")
    ]
    assert diff["lost"] == []
    summary = (tmp_path / "eval-summary.md").read_text(encoding="utf-8")
    assert (
        "REGRESSED against baseline 'embedded': 1 new false figure(s), precision below the baseline"
        in summary
    )


def test_one_planted_wrong_figure_in_the_wider_set_fails_the_gate(tmp_path, monkeypatch) -> None:
    """w31 (修文县, a Traditional-script news reprint) states 1218 loan recipients: an extractor that
    takes the 11758 pupils aided for them adds one wrong figure in the wider set alone, and exits 1."""
    outputs = baseline_outputs()
    report = "w31_ede3fcf4e6.txt"
    assert outputs[report]["student_aid"]["student_loan_recipients"]["value"] == 1218
    wrong = {
        "value": 11758.0,
        "unit": "person",
        "approximate": False,
        "quote": "共資助學生11758人次",
        "span": [0, 0],
    }
    outputs[report]["student_aid"]["student_loan_recipients"] = wrong
    replay(monkeypatch, outputs)
    assert run_gate(tmp_path) == 1
    diff = json.loads((tmp_path / "eval-report.json").read_text(encoding="utf-8"))["baseline_diff"]
    assert [(c["report"], c["field"], c["before"], c["after"]) for c in diff["lost"]] == [
        (report, "student_aid.student_loan_recipients", "right", "wrong")
    ]
    assert "wider precision" in diff["dropped"] and "corpus precision" not in diff["dropped"]


@pytest.mark.model
def test_current_prompts_do_not_regress_against_the_committed_baseline(tmp_path, model_cache):
    cache = Path(os.environ.get("SUMMARIZER_EVAL_CACHE", model_cache))
    command = [sys.executable, "-m", "summarizer", "eval", "--baseline", "embedded", "--out", str(tmp_path),
               "--cache-dir", str(cache)]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads((tmp_path / "eval-report.json").read_text(encoding="utf-8"))
    assert report["baseline_diff"]["regressed"] is False
    scores = report["scores"]
    assert scores["stated"] + scores["blank"] + scores["false"] == 1160  # 58 labelled texts × 20 fields
    assert report["sets"]["corpus"]["reports"] == 5 and report["sets"]["wider"]["reports"] == 53
    assert report["sets"]["wider/fresh"]["reports"] == 9 and report["sets"]["wider/fresh2"]["reports"] == 9
