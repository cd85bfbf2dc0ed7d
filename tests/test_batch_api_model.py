"""One corpus report through the whole Batch API loop against the real embedded model, served by
`python -m llama_cpp.server` behind the loopback Batch API: the figures are those of the in-process run."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from summarizer.llm.presets import resolve_provider
from summarizer.pipeline import Options, summarize_file
from tests.batch_api_server import ApiState, forwarding_backend, start_api
from tests.conftest import missing
from tests.test_batch_server import ROOT, _up, free_port, run_cli, small_report, wait_until


def figures(report: dict) -> dict[str, dict]:
    """Every section's figures (value, unit, quote, span): what the JSON states, without run stats."""
    sections = ("party_building", "teachers", "infrastructure", "student_aid", "sports")
    return {name: report[name] for name in sections}


@pytest.mark.model
def test_a_report_through_the_batch_api_loop_on_the_real_model_states_the_in_process_figures(
    tmp_path, model_cache
):
    from summarizer.llm.weights import default_model_path

    gguf = default_model_path()
    if not gguf.is_file():
        missing("embedded weights not installed: summarize model install")
    src = tmp_path / "reports"
    src.mkdir()
    report_file = small_report(src / "xinglong-teachers.txt")
    in_process = summarize_file(report_file, Options(resolve_provider("embedded"), model_cache))
    expected = figures(json.loads(in_process.model_dump_json()))
    assert expected["teachers"]["special_post_teachers"]["value"] == 85

    port = free_port()
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", "4096", "--n_threads", "2"],
        stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
    )  # fmt: skip
    try:
        wait_until(lambda: _up(f"http://127.0.0.1:{port}/v1/models"), 180, "the llama.cpp server")
        state = ApiState(backend=forwarding_backend(f"http://127.0.0.1:{port}/v1"))
        api = start_api(state)
        out = tmp_path / "out"
        args = ["batch", str(src), "--out", str(out), "--cache-dir", str(tmp_path / "cache"),
                "--provider", "llamacpp", "--base-url", api.base_url, "--batch-api"]  # fmt: skip
        result = run_cli(args, tmp_path, timeout=1500)
        assert result.returncode == 0, result.stderr
        (path,) = out.glob("*.json")
        assert figures(json.loads(path.read_text(encoding="utf-8"))) == expected
        assert len(state.received) == len(set(state.received)) >= 1
        assert "all 1 report(s) summarised" in result.stderr
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)
        log.close()
