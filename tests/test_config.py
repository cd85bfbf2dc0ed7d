"""Settings precedence (flags > env > config file > defaults) and `summarize config show` masking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.cli import main
from summarizer.errors import SummarizerError
from summarizer.settings import mask_secret, mask_url, resolve_settings
from tests.corpus import SEED_000
from tests.fake_openai_server import ServerState, start_server

KEY = "sk-test-0123456789abcd"


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text('provider = "deepseek"\nmodel = "from-file"\njobs = 8\ntimeout = 30\nmax_retries = 3\n')
    return path


def test_flags_beat_env_beat_file_beat_defaults(config_file):
    env = {"SUMMARIZER_MODEL": "from-env", "SUMMARIZER_JOBS": "12"}
    s = resolve_settings({"jobs": 16, "model": None}, config_path=config_file, env=env)
    assert s["jobs"] == 16 and s.sources["jobs"] == "command line"
    assert s["model"] == "from-env" and s.sources["model"] == "env SUMMARIZER_MODEL"
    assert s["provider"] == "deepseek" and s.sources["provider"] == "config file"
    assert s["timeout"] == 30.0 and s["max_retries"] == 3
    assert s["base_url"] is None and s.sources["base_url"] == "default"
    bare = resolve_settings(
        {}, config_path=None, env={"SUMMARIZER_CONFIG": str(config_file.parent / "none.toml")}
    )
    assert bare["provider"] == "embedded" and bare["jobs"] == 4 and not bare.config_found


def test_the_default_config_file_comes_from_the_environment_override(config_file, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_CONFIG", str(config_file))
    s = resolve_settings({})
    assert s.config_path == config_file and s.config_found and s["provider"] == "deepseek"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('jobs = "many"\n', "jobs = 'many' is not valid"),
        ("jobs = 0\n", "must be at least 1"),
        ('modle = "x"\n', "unknown setting 'modle'"),
        ('api_key = "sk-123"\n', "API keys come from environment variables only"),
        ("provider = \n", "not valid TOML"),
    ],
)
def test_a_bad_config_file_fails_with_a_message_naming_the_problem(tmp_path, text, message):
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(SummarizerError, match=message):
        resolve_settings({}, config_path=path, env={})


def test_a_missing_explicit_config_file_is_an_error(tmp_path):
    with pytest.raises(SummarizerError, match="not found"):
        resolve_settings({}, config_path=tmp_path / "nope.toml", env={})


def test_config_show_prints_effective_settings_with_the_key_masked(config_file, monkeypatch, capsys):
    monkeypatch.setenv("DEEPSEEK_API_KEY", KEY)
    monkeypatch.setenv("SUMMARIZER_JOBS", "12")
    assert main(["config", "show", "--config", str(config_file), "--timeout", "5"]) == 0
    out = capsys.readouterr().out
    assert KEY not in out and "0123456789" not in out
    assert "DEEPSEEK_API_KEY=sk-…abcd (set)" in out
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert lines["provider"].split()[1] == "deepseek" and "(config file)" in lines["provider"]
    assert lines["jobs"].split()[1] == "12" and "(env SUMMARIZER_JOBS)" in lines["jobs"]
    assert lines["timeout"].split()[1] == "5.0" and "(command line)" in lines["timeout"]
    assert "https://api.deepseek.com/v1" in lines["base_url"] and "(deepseek preset)" in lines["base_url"]


def test_config_show_says_when_the_key_is_missing(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setenv("SUMMARIZER_CONFIG", str(tmp_path / "none.toml"))
    assert main(["config", "show", "--provider", "openai"]) == 0
    assert "OPENAI_API_KEY (not set)" in capsys.readouterr().out


def test_masking_keeps_secrets_unusable():
    assert mask_secret(KEY) == "sk-…abcd"
    assert mask_secret("short") == "………"
    assert mask_url("https://bob:hunter2@llm.example/v1") == "https://bob:***@llm.example/v1"
    assert mask_url("http://127.0.0.1:8000/v1") == "http://127.0.0.1:8000/v1"


def test_a_single_report_takes_its_provider_from_the_config_file(tmp_path, monkeypatch, capsys):
    """The config file is not only for batches: `summarize report.txt` reads the same layers."""
    state = ServerState()
    server = start_server(state)
    config = tmp_path / "config.toml"
    config.write_text(f'provider = "vllm"\nbase_url = "{server.base_url}"\nmodel = "fake"\n')
    monkeypatch.delenv("SUMMARIZER_PROVIDER", raising=False)
    monkeypatch.delenv("SUMMARIZER_BASE_URL", raising=False)
    out = tmp_path / "report.json"
    try:
        code = main([str(SEED_000), "--config", str(config), "--no-cache", "-o", str(out)])
    finally:
        server.shutdown()
    assert code == 0, capsys.readouterr().err
    assert len(state.answered) >= 4  # every LLM section went to the configured endpoint
    assert json.loads(out.read_text(encoding="utf-8"))["teachers"]["special_post_teachers"]["value"] == 85


def test_config_show_hides_a_password_in_a_redis_cache_url(tmp_path, capsys):
    config = tmp_path / "config.toml"
    config.write_text('cache_dir = "redis://:hunter2secret@cache.example:6379/0"\n')
    assert main(["config", "show", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "redis://:***@cache.example:6379/0" in out
    assert "hunter2secret" not in out
