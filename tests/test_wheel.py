"""`pip install .` (a real wheel, not editable) ships the prompts, the schema, the samples, the eval's
corpus and hand labels, and the list of counties."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CHECK = """
import json, summarizer
from pathlib import Path
from summarizer.ask import prompts
from summarizer.cli import sample_path
from importlib import resources
print(json.dumps({
    "package": summarizer.__file__,
    "teachers": prompts.messages("teachers", "招聘特岗教师85人")[1]["content"],
    "schema": resources.files("summarizer.schemas").joinpath("report.schema.json").read_text()[:1],
    "sample": sample_path().is_file(),
    "corpus": len(__import__("summarizer_evals.corpus", fromlist=["x"]).load_corpus()),
    "labelled": len(__import__("summarizer_evals.labels", fromlist=["x"]).load_labels(
        __import__("summarizer_evals.corpus", fromlist=["x"]).load_corpus())),
    "counties": len(__import__("summarizer.places", fromlist=["x"]).county_names()),
}, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory) -> Path:
    """A throwaway venv that sees this venv's dependencies but holds its own non-editable summarizer.

    A .pth line puts our site-packages after the new venv's own, so the dependencies resolve
    while `summarizer` comes from the installed wheel (the editable finder's .pth is not run). The venv
    has no pip or setuptools of its own: it builds with ours, which are new enough for this project.
    """
    venv = tmp_path_factory.mktemp("wheelvenv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    own = Path(sysconfig.get_paths(vars={"base": str(venv), "platbase": str(venv)})["purelib"])
    (own / "parent_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation"]
    subprocess.run(
        [*pip, str(clean_copy(tmp_path_factory.mktemp("source")))],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return venv


def clean_copy(folder: Path) -> Path:
    """The source tree without build leftovers: setuptools reuses an old build/ and *.egg-info, whose
    files would reach the wheel even when the package configuration no longer lists them."""
    leftovers = shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"
    )
    return Path(shutil.copytree(ROOT, folder / "summarizer", ignore=leftovers))


def test_installed_wheel_finds_prompts_schema_samples_and_corpus(wheel_venv, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [str(wheel_venv / "bin" / "python"), "-c", CHECK],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=True,
    )
    found = json.loads(result.stdout)
    assert found["package"].startswith(str(wheel_venv)), found["package"]
    teachers = found["teachers"]
    assert "【教师队伍】" in teachers and "招聘特岗教师85人" in teachers and "- recruited_total：" in teachers
    assert found["schema"] == "{"
    assert found["sample"] is True
    assert found["corpus"] == 58  # the five seed reports and the wider set of 53 texts
    assert found["labelled"] == 58  # the hand labels ship too: without them eval scores meta alone
    assert found["counties"] == 2810


def test_the_installed_command_summarizes_the_sample_through_an_http_provider(wheel_venv, tmp_path):
    """The `summarize` script the wheel installs runs the whole pipeline from the installed files."""
    from tests.fake_openai_server import ServerState, start_server

    server = start_server(ServerState())
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("SUMMARIZER_")}
    env["SUMMARIZER_HOME"] = str(tmp_path / "home")
    command = [str(wheel_venv / "bin" / "summarize"), "--sample", "--format", "json", "--provider", "vllm",
               "--base-url", server.base_url, "--model", "fake", "--no-cache"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["meta"]["county"] == "兴隆县"
    assert report["teachers"]["special_post_teachers"]["value"] == 85
    assert report["student_aid"]["total_amount_yuan"]["value"] == 15439800
