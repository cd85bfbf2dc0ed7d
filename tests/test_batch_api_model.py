"""One corpus report through the whole Batch API loop on the real embedded model, served by
`python -m llama_cpp.server` behind the loopback Batch API, against the same report run in-process
through the synchronous API of the same server (the same JSON) and in-process on the embedded model
(the same figures)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from summarizer.llm.presets import resolve_provider
from summarizer.pipeline import Options, summarize_file
from tests.batch_api_server import ApiState, forwarding_backend, start_api
from tests.conftest import missing
from tests.test_batch_server import ROOT, _up, free_port, run_cli, small_report, wait_until

SECTIONS = ("party_building", "teachers", "infrastructure", "student_aid", "sports")


@contextmanager
def llama_server(gguf: Path, log: Path) -> Iterator[str]:
    """A fresh server each time: llama.cpp reuses the previous prompt's cache, so two runs compare
    only when each starts cold and sends the same requests in the same order."""
    port = free_port()
    with log.open("a") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1",
             "--port", str(port), "--n_ctx", "4096", "--n_threads", "2"],
            stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
        )  # fmt: skip
        try:
            wait_until(lambda: _up(f"http://127.0.0.1:{port}/v1/models"), 180, "the llama.cpp server")
            yield f"http://127.0.0.1:{port}/v1"
        finally:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(10)


def without_run(report: dict) -> dict:
    return {k: v for k, v in report.items() if k != "run"}


def stated_figures(report: dict) -> dict[str, dict]:
    """Each figure's value, unit, quote and span: what the report states, without the notes on how
    the model's own quote was repaired (those differ between llama.cpp's server and the in-process
    runtime, whose answers for the same prompt may word a quote differently)."""
    keep = ("value", "unit", "approximate", "quote", "span")
    return {
        f"{section}.{name}": {k: figure[k] for k in keep}
        for section in SECTIONS
        for name, figure in report[section].items()
        if isinstance(figure, dict) and "value" in figure
    }


@pytest.mark.model
def test_a_report_through_the_batch_api_loop_on_the_real_model_is_the_in_process_report(
    tmp_path, model_cache
):
    from summarizer.llm.weights import default_model_path

    gguf = default_model_path()
    if not gguf.is_file():
        missing("embedded weights not installed: summarize model install")
    src = tmp_path / "reports"
    src.mkdir()
    report_file = small_report(src / "xinglong-teachers.txt")
    log = tmp_path / "server.log"

    with llama_server(gguf, log) as base:
        options = Options(resolve_provider("llamacpp", base_url=base), tmp_path / "sync-cache")
        in_process = json.loads(summarize_file(report_file, options).model_dump_json())
    special = in_process["teachers"]["special_post_teachers"]
    assert special["value"] == 85 and "特岗教师85人" in special["quote"]

    with llama_server(gguf, log) as base:
        state = ApiState(backend=forwarding_backend(base))
        api = start_api(state)
        out = tmp_path / "out"
        args = ["batch", str(src), "--out", str(out), "--cache-dir", str(tmp_path / "cache"),
                "--provider", "llamacpp", "--base-url", api.base_url, "--batch-api"]  # fmt: skip
        result = run_cli(args, tmp_path, timeout=1500)
    assert result.returncode == 0, result.stderr
    assert "all 1 report(s) summarised" in result.stderr
    (path,) = out.glob("*.json")
    through_batch = json.loads(path.read_text(encoding="utf-8"))
    assert {s: through_batch[s] for s in SECTIONS} == {s: in_process[s] for s in SECTIONS}
    assert without_run(through_batch) == without_run(in_process) | {"source": through_batch["source"]}
    assert through_batch["source"]["sha256"] == in_process["source"]["sha256"]
    assert len(state.received) == len(set(state.received)) == in_process["run"]["llm_calls"]

    embedded = json.loads(
        summarize_file(report_file, Options(resolve_provider("embedded"), model_cache)).model_dump_json()
    )
    assert stated_figures(through_batch) == stated_figures(embedded)
    assert stated_figures(embedded)["teachers.special_post_teachers"]["quote"] == "招聘特岗教师85人"
