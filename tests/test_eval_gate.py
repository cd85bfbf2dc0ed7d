"""The prompt-regression gate, run for real: the embedded model over the corpus vs the committed baseline.

This is what stops a prompt change that makes the numbers worse from landing: CI runs it, and it
fails when any field that the baseline got right is now wrong, or accuracy drops.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

BASELINE = Path(__file__).resolve().parents[1] / "evals" / "baselines" / "embedded.json"


def test_current_prompts_do_not_regress_against_the_committed_baseline(tmp_path, model_cache):
    assert BASELINE.is_file(), (
        "evals/baselines/embedded.json is missing: run summarize eval --save-baseline embedded"
    )
    cache = Path(os.environ.get("SUMMARIZER_EVAL_CACHE", model_cache))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "summarizer",
            "eval",
            "--baseline",
            "embedded",
            "--out",
            str(tmp_path),
            "--cache-dir",
            str(cache),
        ],
        capture_output=True,
        text=True,
        timeout=3600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads((tmp_path / "eval-report.json").read_text(encoding="utf-8"))
    assert report["baseline_diff"]["regressed"] is False
