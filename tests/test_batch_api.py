"""`summarize batch --batch-api` and the `vllm run-batch` file loop, against a Batch API server on
127.0.0.1 (tests/batch_api_server.py) whose jobs run each line through the synchronous tests' fake LLM.

The reference for every check is a synchronous batch against the same fake: the reports' JSON and
the summaries must be the same whichever way the calls went."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from summarizer.batch import rounds
from summarizer.batch.lines import read_results, split_lines
from summarizer.cli import main
from summarizer.llm.presets import BatchLimits
from tests.batch_api_server import ApiState, FakeBackend, JobFault, LineFault, run_batch_file, start_api
from tests.test_batch import copy_seeds, read_csv, read_jsonl
from tests.test_batch_server import ROOT, child_env, outputs

REASKED = "累计发放资助金1543.98万元"  # seed 000's student aid: its first answer is malformed once
FIRST_ROUND_LINES = 22  # the five seeds' section calls


def api_args(src: Path, out: Path, cache: Path, base_url: str, *extra: str) -> list[str]:
    return [
        "batch", str(src), "--out", str(out), "--cache-dir", str(cache), "--provider", "vllm",
        "--base-url", base_url, "--model", "fake", "--max-retries", "1", *extra,
    ]  # fmt: skip


@pytest.fixture(autouse=True)
def quick_polls(monkeypatch):
    """The loopback jobs end in well under a second; the waits between checks need not be long."""
    monkeypatch.setattr(rounds, "POLL_FIRST", 0.02)
    monkeypatch.setattr(rounds, "POLL_MAX", 0.2)


def reask_fault() -> list[LineFault]:
    return [LineFault(REASKED, "malformed")]


def synchronous(tmp: Path, src: Path, faults: list[LineFault] | None = None) -> Path:
    """The reference: a synchronous batch against the same fake LLM, with the same faults."""
    server = start_api(ApiState(backend=FakeBackend(faults or [])))
    out = tmp / "sync-out"
    assert main(api_args(src, out, tmp / "sync-cache", server.base_url)) == 0
    return out


def same_results(out: Path, reference: Path) -> None:
    assert len(outputs(out)) == 5
    assert outputs(out) == outputs(reference)
    for name in ("summary.csv", "summary.jsonl", "failures.jsonl"):
        assert (out / name).read_bytes() == (reference / name).read_bytes(), name


def test_a_batch_api_run_gives_the_synchronous_reports_and_leaves_the_cache_warm(tmp_path, capsys):
    src = copy_seeds(tmp_path / "reports")
    reference = synchronous(tmp_path, src, reask_fault())
    state = ApiState(backend=FakeBackend(reask_fault()))
    server = start_api(state)
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert main(api_args(src, out, cache, server.base_url, "--batch-api")) == 0
    err = capsys.readouterr().err
    same_results(out, reference)
    assert len(state.batches) == 2  # the first asks, then the one re-ask their answers needed
    assert len(state.received) == FIRST_ROUND_LINES + 1
    assert len(set(state.received)) == len(state.received)  # no line sent twice
    assert state.chat_calls == 0
    assert f"round 1 will send {FIRST_ROUND_LINES} request(s), about 7,786 prompt token(s)" in err
    assert "round 2 will send 1 request(s)" in err
    assert "all 5 report(s) summarised into" in err

    again = tmp_path / "sync-after"
    assert main(api_args(src, again, cache, server.base_url)) == 0  # synchronous, same cache
    assert state.chat_calls == 0  # every answer was in the cache
    assert outputs(again) == outputs(reference)


def test_a_rerun_of_a_finished_batch_api_run_sends_nothing(tmp_path, capsys):
    src = copy_seeds(tmp_path / "reports")
    state = ApiState()
    server = start_api(state)
    args = api_args(src, tmp_path / "out", tmp_path / "cache", server.base_url, "--batch-api")
    assert main(args) == 0
    assert main(args) == 0
    assert len(state.received) == FIRST_ROUND_LINES and state.uploads == 1
    assert re.search(r"skipped \(finished earlier\)\D*5", capsys.readouterr().err)


def test_a_round_past_the_line_limit_is_split_into_several_jobs(tmp_path):
    src = copy_seeds(tmp_path / "reports")
    reference = synchronous(tmp_path, src)
    state = ApiState()
    server = start_api(state)
    out = tmp_path / "out"
    assert (
        main(api_args(src, out, tmp_path / "cache", server.base_url, "--batch-api", "--batch-max-lines", "6"))
        == 0
    )
    sizes = [
        b["request_counts"]["total"] for b in sorted(state.batches.values(), key=lambda b: int(b["id"][6:]))
    ]
    assert sizes == [6, 6, 6, 4]
    same_results(out, reference)


def test_split_lines_keeps_each_job_within_the_byte_limit():
    lines = [{"custom_id": f"req-{n}", "body": {"messages": [{"content": "字" * 100}]}} for n in range(10)]
    size = len(json.dumps(lines[0], ensure_ascii=False, separators=(",", ":")).encode()) + 1  # 358 bytes
    parts = split_lines(lines, BatchLimits(max_lines=50_000, max_bytes=3 * size))
    assert [len(p) for p in parts] == [3, 3, 3, 1]
    assert [line for part in parts for line in part] == lines


def test_a_dry_run_prints_requests_tokens_and_price_and_sends_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-dry-run-0000")
    src = copy_seeds(tmp_path / "reports")
    state = ApiState()
    server = start_api(state)
    out = tmp_path / "out"
    args = ["batch", str(src), "--out", str(out), "--cache-dir", str(tmp_path / "cache"),
            "--provider", "openai", "--base-url", server.base_url, "--dry-run"]  # fmt: skip
    assert main(args) == 0
    captured = capsys.readouterr()
    assert captured.out == (
        "dry run: round 1 would send 22 request(s), about 7,786 prompt token(s) and at most 2,164 "
        "completion token(s); at most about 0.0012 USD at the Batch API's list price\n"
    )
    assert state.uploads == 0 and not state.batches and state.chat_calls == 0
    assert not list(out.glob("*.json")) and not (out / "summary.csv").exists()


@pytest.mark.parametrize(
    ("fault", "second_job"),
    [
        (JobFault(0, "failed"), FIRST_ROUND_LINES),  # nothing ran: every line again
        (JobFault(0, "expired", after=5), FIRST_ROUND_LINES - 5),  # the lines that had not run
        (JobFault(0, "cancelled", after=8), FIRST_ROUND_LINES - 8),
        (JobFault(0, "truncate"), None),  # the lines cut off the results file (how many: below)
    ],
    ids=["failed", "expired", "cancelled", "cut-short"],
)
def test_a_job_that_ends_badly_is_followed_by_a_job_of_just_its_unanswered_lines(
    tmp_path, capsys, fault, second_job
):
    src = copy_seeds(tmp_path / "reports")
    reference = synchronous(tmp_path, src)
    state = ApiState(job_faults=[fault])
    server = start_api(state)
    out = tmp_path / "out"
    assert main(api_args(src, out, tmp_path / "cache", server.base_url, "--batch-api")) == 0
    err = capsys.readouterr().err
    same_results(out, reference)
    first, second = sorted(state.batches.values(), key=lambda b: int(b["id"][6:]))
    assert first["status"] == {"truncate": "completed"}.get(fault.kind, fault.kind)
    answered = (
        read_results(state.files[first["output_file_id"]].decode()) if "output_file_id" in first else None
    )
    expected = second_job if second_job is not None else FIRST_ROUND_LINES - len(answered.answers)
    assert second["request_counts"]["total"] == expected
    sent = Counter(state.received)
    assert len(sent) == FIRST_ROUND_LINES
    assert sorted(sent.values()) == [1] * (FIRST_ROUND_LINES - expected) + [2] * expected
    if fault.kind == "truncate":
        assert 0 < expected < FIRST_ROUND_LINES
        assert "1 result line(s) were cut short; those lines are retried" in err


def test_an_error_line_is_retried_alone(tmp_path):
    src = copy_seeds(tmp_path / "reports")
    reference = synchronous(tmp_path, src)
    state = ApiState(backend=FakeBackend([LineFault("招聘特岗教师85人", "error")]))
    server = start_api(state)
    out = tmp_path / "out"
    assert main(api_args(src, out, tmp_path / "cache", server.base_url, "--batch-api")) == 0
    same_results(out, reference)
    assert [b["request_counts"] for b in sorted(state.batches.values(), key=lambda b: int(b["id"][6:]))] == [
        {"total": 22, "completed": 21, "failed": 1},
        {"total": 1, "completed": 1, "failed": 0},
    ]


def test_a_line_that_keeps_failing_puts_its_report_in_failures_and_the_rest_finish(tmp_path, capsys):
    src = copy_seeds(tmp_path / "reports")
    state = ApiState(backend=FakeBackend([LineFault("招聘特岗教师85人", "error", times=None)]))
    server = start_api(state)
    out = tmp_path / "out"
    assert main(api_args(src, out, tmp_path / "cache", server.base_url, "--batch-api")) == 1
    err = capsys.readouterr().err
    assert "1 of 5 report(s) failed" in err and "Traceback" not in err
    [failure] = read_jsonl(out / "failures.jsonl")
    assert Path(failure["file"]).name.startswith("000")
    assert failure == {
        "file": failure["file"],
        "kind": "extraction",
        "reason": "teachers: provider error after retries: the Batch API request failed 3 time(s): "
        "status 500: the model server crashed",
    }
    assert len(list(out.glob("*.json"))) == 4
    assert len(state.batches) == 3 and max(Counter(state.received).values()) == 3


def test_the_embedded_model_has_no_batch_api(tmp_path, capsys):
    src = copy_seeds(tmp_path / "reports")
    assert main(["batch", str(src), "--out", str(tmp_path / "out"), "--batch-api"]) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "summarize: error: the embedded model answers in-process and has no Batch API: pass --provider "
        "(openai, qwen, vllm, …) and, for a server of your own, --base-url"
    )


def test_batch_api_and_export_are_one_or_the_other(tmp_path, capsys):
    args = ["batch", str(tmp_path), "--out", str(tmp_path / "out"), "--batch-api", "--export-requests", "x"]
    assert main(args) == 1
    assert capsys.readouterr().err.strip() == (
        "summarize: error: --batch-api submits the requests and --export-requests writes them: pick one"
    )


def test_an_endpoint_without_a_batch_api_is_said_in_one_line(tmp_path, capsys):
    server = start_api(ApiState(serves_batches=False))  # chat completions only, as llama.cpp's server
    src = copy_seeds(tmp_path / "reports")
    assert main(api_args(src, tmp_path / "out", tmp_path / "cache", server.base_url, "--batch-api")) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        f"summarize: error: the vllm Batch API at {server.base_url} cannot upload the request file (404: "
        "Error code: 404 - {'error': {'message': 'no route or object /v1/files'}}); does this endpoint "
        "serve /files and /batches? the run's state is kept: run the same command again to go on"
    )


def export_import_loop(src: Path, out: Path, cache: Path, work: Path) -> int:
    """The README's vllm run-batch loop, with the loopback stand-in for vllm run-batch: rounds run."""
    base = ["batch", str(src), "--out", str(out), "--cache-dir", str(cache), "--provider", "vllm",
            "--model", "fake", "--max-retries", "1"]  # fmt: skip
    requests, answers = work / "requests.jsonl", work / "results.jsonl"
    assert main([*base, "--export-requests", str(requests)]) == 0
    runs = 0
    while requests.stat().st_size:
        run_batch_file(["-i", str(requests), "-o", str(answers)])
        runs += 1
        code = main([*base, "--import-results", str(answers), "--export-requests", str(requests)])
        assert code == 0
    return runs


def test_the_vllm_run_batch_loop_gives_the_synchronous_reports(tmp_path, capsys, monkeypatch):
    src = copy_seeds(tmp_path / "reports")
    reference = synchronous(tmp_path, src, reask_fault())
    faults = reask_fault()
    monkeypatch.setattr("tests.batch_api_server.FakeBackend", lambda: FakeBackend(faults))
    out = tmp_path / "out"
    assert export_import_loop(src, out, tmp_path / "cache", tmp_path) == 2
    assert faults[0].hits == 1
    same_results(out, reference)
    assert "all 5 report(s) summarised into" in capsys.readouterr().err


def test_an_import_that_is_no_results_file_is_one_line(tmp_path, capsys):
    src = copy_seeds(tmp_path / "reports")
    bad = tmp_path / "requests.jsonl"
    bad.write_text('{"custom_id": "x", "method": "POST"}\n', encoding="utf-8")
    args = [
        "batch",
        str(src),
        "--out",
        str(tmp_path / "out"),
        "--provider",
        "vllm",
        "--import-results",
        str(bad),
    ]
    assert main(args) == 1  # the request file given by mistake
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        f"summarize: error: {bad}: holds no result lines; give the JSONL file vllm run-batch or a Batch API "
        'wrote (one {"custom_id", "response"} a line)'
    )
    missing = tmp_path / "none.jsonl"
    assert main([*args[:-1], str(missing)]) == 1
    assert (
        capsys.readouterr()
        .err.strip()
        .splitlines()[-1]
        .startswith(f"summarize: error: {missing}: cannot read the results file")
    )


def test_the_readme_overnight_commands_work_against_the_loopback_server(tmp_path):
    """The README's Batch API block, each `summarize batch` line as written plus --base-url (and a
    cache folder of the test's own); `vllm run-batch` is played by the loopback stand-in."""
    state = ApiState()
    server = start_api(state)
    work = tmp_path / "work"
    copy_seeds(work / "reports")
    env = {
        **child_env(tmp_path),
        "OPENAI_API_KEY": "sk-test-readme-0000",
        "SUMMARIZER_CACHE_DIR": str(tmp_path / "c"),
    }
    for command in readme_overnight_commands():
        if command.startswith("vllm run-batch"):
            words = command.split()
            cmd = [sys.executable, "-m", "tests.batch_api_server", "run-batch", *words[2:]]
            env_run = {**env, "PYTHONPATH": str(ROOT)}
        else:
            assert command.startswith("summarize batch"), command
            words = command.split("#")[0].split()
            cmd = [sys.executable, "-m", "summarizer", *words[1:], "--base-url", server.base_url]
            env_run = env
        result = subprocess.run(cmd, cwd=work, env=env_run, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, (command, result.stderr)
    assert len(list((work / "results").glob("*.json"))) == 5
    assert len(list((work / "results-vllm").glob("*.json"))) == 5
    assert len(state.received) == FIRST_ROUND_LINES


def readme_overnight_commands() -> list[str]:
    """The command lines of the README's 'Overnight over a Batch API' part, in order; a shell `while`
    loop is unrolled by the test's caller into the lines it repeats."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    part = text.split("### Overnight over a Batch API", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```\n(.*?)```", part, re.S)
    commands = []
    for block in blocks:
        for line in block.splitlines():
            line = line.strip()
            if line.startswith(("summarize batch", "vllm run-batch")):
                commands.append(line)
    return commands


def test_the_benchmark_prints_requests_tokens_and_half_the_price_through_the_batch_api(tmp_path):
    result = subprocess.run(
        [sys.executable, "benchmarks/batch_api.py", "--out", str(tmp_path / "r.json")],
        cwd=ROOT, env=child_env(tmp_path), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    sync, api = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["ways"]
    assert (sync["name"], api["name"]) == ("synchronous", "batch API")
    assert sync["requests"] == api["requests"] == FIRST_ROUND_LINES
    assert sync["prompt_tokens"] == api["prompt_tokens"] == 7786
    assert (sync["price"], api["price"]) == (pytest.approx(0.0014319), pytest.approx(0.00071595))
    assert (api["rounds"], api["jobs"]) == (1, 1)
    assert "the Batch API costs 50% less" in result.stderr


def test_an_imported_results_file_cut_short_sends_its_missing_lines_again(tmp_path, capsys):
    src = copy_seeds(tmp_path / "reports")
    reference = synchronous(tmp_path, src)
    base = ["batch", str(src), "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache"),
            "--provider", "vllm", "--model", "fake", "--max-retries", "1"]  # fmt: skip
    requests, answers = tmp_path / "requests.jsonl", tmp_path / "results.jsonl"
    assert main([*base, "--export-requests", str(requests)]) == 0
    run_batch_file(["-i", str(requests), "-o", str(answers)])
    text = answers.read_text(encoding="utf-8")
    answers.write_text(text[: len(text) * 3 // 4], encoding="utf-8")  # cut in the middle of a line
    kept = len(read_results(answers.read_text(encoding="utf-8")).answers)
    assert main([*base, "--import-results", str(answers), "--export-requests", str(requests)]) == 0
    note = f"note: {answers}: 1 line(s) were cut short or unreadable; those are asked again"
    assert note in " ".join(capsys.readouterr().err.split())  # rich wraps long notes
    assert len(requests.read_text(encoding="utf-8").splitlines()) == FIRST_ROUND_LINES - kept
    run_batch_file(["-i", str(requests), "-o", str(answers)])
    assert main([*base, "--import-results", str(answers), "--export-requests", str(requests)]) == 0
    assert requests.read_text(encoding="utf-8") == ""  # no round left
    same_results(tmp_path / "out", reference)


def test_shards_run_their_own_batch_api_rounds_into_one_out(tmp_path):
    src = copy_seeds(tmp_path / "reports")
    state = ApiState()
    server = start_api(state)
    out = tmp_path / "out"
    for shard in ("1/2", "2/2"):
        args = api_args(src, out, tmp_path / "cache", server.base_url, "--batch-api", "--shard", shard)
        assert main(args) == 0
    assert len(list(out.glob("*.json"))) == 5
    assert sorted(p.name for p in (out / ".batch-api").iterdir()) == ["shard-1-of-2", "shard-2-of-2"]
    assert len(state.batches) == 2 and len(state.received) == len(set(state.received)) == FIRST_ROUND_LINES
    rows = sum(len(read_csv(out / f"summary.shard-{i}-of-2.csv")) for i in (1, 2))
    assert rows == 5
