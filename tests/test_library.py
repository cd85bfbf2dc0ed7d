"""The library face as the README shows it: its Python lines run as written and print the sample's
figure; the CLI, batch and eval make the same call."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer import Report, Summarizer, summarize
from summarizer.llm.client import LLM
from summarizer.llm.presets import resolve_provider
from summarizer.pipeline import Options
from tests.corpus import SEED_000
from tests.fake_openai_server import ServerState, start_server
from tests.fakes import TextReadingTransport

ROOT = Path(__file__).resolve().parents[1]


def readme_python() -> str:
    """The README's Python block."""
    [block] = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    return block


def test_the_readme_python_is_five_lines_and_runs_as_written(tmp_path):
    code = readme_python()
    assert len([line for line in code.splitlines() if line.strip()]) == 5
    server = start_server(ServerState())
    try:
        env = {
            **os.environ,
            "SUMMARIZER_HOME": str(tmp_path / "home"),
            "SUMMARIZER_PROVIDER": "vllm",  # the settings the README's Summarizer() resolves
            "SUMMARIZER_MODEL": "fake",
            "SUMMARIZER_BASE_URL": server.base_url,
            "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"),
        }
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
        )
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    assert result.stdout == "15439800 累计发放资助金1543.98万元\n"


def test_one_summarizer_serves_many_reports_with_one_handle():
    fake = TextReadingTransport()
    options = Options(provider=resolve_provider("embedded"), cache_dir=None)
    summarizer = Summarizer(options=options, llm=LLM(options.provider, None, transport=fake))
    first, second = summarizer.summarize(SEED_000), summarizer.summarize(SEED_000)
    assert isinstance(first, Report) and first.teachers.special_post_teachers.value == 85
    assert second.teachers == first.teachers and fake.calls == first.run.llm_calls * 2


def test_a_misspelt_setting_is_refused_by_name():
    with pytest.raises(TypeError, match="unknown setting\\(s\\) providr; known: provider, model"):
        summarize(SEED_000, providr="deepseek")


def test_the_cli_batch_and_eval_make_the_library_call():
    for module in ("cli.py", "batch/runner.py"):
        source = (ROOT / "summarizer" / module).read_text(encoding="utf-8")
        assert "Summarizer(" in source and "summarize_file(" not in source
