"""The Redis cache backend, against a real redis-server on 127.0.0.1 started by the test: one machine
pays for an answer, another machine (another process) gets it from the shared cache."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

import pytest

from summarizer.cli import main
from summarizer.llm.client import LLM
from summarizer.llm.presets import resolve_provider
from summarizer.llm.shared_cache import PREFIX
from summarizer.pipeline import Options, summarize_file
from tests.conftest import missing
from tests.fakes import FakeTransport
from tests.test_batch_server import free_port
from tests.test_cache import SEED_000, answer


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        missing("redis-server is not installed (Debian: apt-get install redis-server)")
    port = free_port()
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    import redis

    client = redis.Redis(port=port)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                proc.kill()
                raise
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(10)


def test_a_second_machine_gets_the_answers_from_the_shared_redis_cache(redis_url):
    provider = resolve_provider("embedded")
    fake = FakeTransport(answer)
    first = summarize_file(
        SEED_000, Options(provider=provider, cache_dir=redis_url), LLM(provider, redis_url, transport=fake)
    )
    assert first.run.llm_calls == fake.calls >= 4

    script = f"""
import json
from pathlib import Path
from summarizer.llm.client import LLM
from summarizer.llm.presets import resolve_provider
from summarizer.pipeline import Options, summarize_file

def refuse(**request):
    raise AssertionError("the model was called")

provider = resolve_provider("embedded")
url = {redis_url!r}
llm = LLM(provider, url, transport=refuse)
report = summarize_file(Path({str(SEED_000)!r}), Options(provider=provider, cache_dir=url), llm)
print(json.dumps({{"teachers": report.teachers.special_post_teachers.value, "calls": report.run.llm_calls,
                   "hits": report.run.cache_hits}}))
"""
    other = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert json.loads(other.stdout) == {"teachers": 85, "calls": 0, "hits": fake.calls}

    import redis

    client = redis.Redis.from_url(redis_url)
    keys = client.keys(PREFIX + "*")
    assert len(keys) == fake.calls  # one entry per section call: its outcome, under one key
    stored = [json.loads(client.get(k)) for k in keys]  # JSON, never pickles
    assert {s["status"] for s in stored} == {"ok"} and sum(s["calls"] for s in stored) == fake.calls


def test_an_unreachable_redis_is_a_one_line_error(tmp_path, capsys):
    url = f"redis://127.0.0.1:{free_port()}/0"
    code = main(
        [str(SEED_000), "--provider", "vllm", "--base-url", "http://127.0.0.1:9/v1", "--cache-dir", url]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(f"summarize: error: cache {url}: cannot reach Redis (")  # before any progress
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
