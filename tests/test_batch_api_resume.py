"""`kill -9` a Batch API run at each step, then the same command: the same jobs are picked up, no
request line is sent twice, and no finished report is lost or redone."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter

import pytest

from summarizer.batch.rounds import DIE_AT
from tests.batch_api_server import ApiState, FakeBackend, start_api
from tests.test_batch import copy_seeds
from tests.test_batch_api import FIRST_ROUND_LINES, api_args, reask_fault, same_results, synchronous
from tests.test_batch_server import ROOT, child_env, finished

# Each step at which the run dies, with how many reports are finished by then (round 1's answers
# finish the four reports that need no re-ask; the fifth waits for round 2).
STEPS = [
    ("planned", 0),  # round 1's lines written down, nothing uploaded
    ("uploaded", 0),  # the file is at the provider, its id not yet written down
    ("submitted", 0),  # the job is created, its id not yet written down: found again by its tag
    ("waiting", 0),  # after the first look at the job
    ("downloaded", 0),  # the results are here, not yet kept
    ("ingested", 0),  # the results are kept; the next round not yet planned
    ("planned:2", 4),  # round 2 planned: four reports finished and saved
    ("submitted:2", 4),  # round 2's job created, its id lost
]


@pytest.mark.parametrize(("step", "done_before"), STEPS, ids=[s for s, _ in STEPS])
def test_killed_at_any_step_the_same_command_finishes_sending_no_line_twice(tmp_path, step, done_before):
    src = copy_seeds(tmp_path / "reports")
    reference = synchronous(tmp_path, src, reask_fault())
    state = ApiState(backend=FakeBackend(reask_fault()))
    server = start_api(state)
    out = tmp_path / "out"
    cmd = [
        sys.executable,
        "-m",
        "summarizer",
        *api_args(src, out, tmp_path / "cache", server.base_url, "--batch-api"),
    ]
    env = child_env(tmp_path)
    killed = subprocess.run(
        cmd, cwd=ROOT, env={**env, DIE_AT: step}, capture_output=True, text=True, timeout=300
    )
    assert killed.returncode == -9, killed.stderr
    assert finished(out) == done_before

    again = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    same_results(out, reference)
    sent = Counter(state.received)
    assert len(sent) == FIRST_ROUND_LINES + 1  # every first ask and the one re-ask…
    assert set(sent.values()) == {1}  # …each sent exactly once over both runs
    skipped = re.search(r"skipped \(finished earlier\)\D*(\d+)", again.stderr)
    assert skipped and int(skipped.group(1)) == done_before
    if step.startswith("uploaded"):
        assert state.uploads == len(state.batches) + 1  # the unrecorded upload is left unused, unpaid


def test_a_dry_run_after_a_crash_sends_nothing_and_says_what_is_under_way(tmp_path):
    src = copy_seeds(tmp_path / "reports")
    state = ApiState()
    server = start_api(state)
    args = api_args(src, tmp_path / "out", tmp_path / "cache", server.base_url)
    cmd = [sys.executable, "-m", "summarizer", *args]
    env = child_env(tmp_path)
    killed = subprocess.run(
        [*cmd, "--batch-api"], cwd=ROOT, env={**env, DIE_AT: "planned"}, capture_output=True
    )
    assert killed.returncode == -9
    dry = subprocess.run([*cmd, "--dry-run"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout == (
        f"dry run: 1 job(s) of round 1 ({FIRST_ROUND_LINES} request(s)) are under way; "
        "run without --dry-run to follow them\n"
    )
    assert state.uploads == 0 and not state.batches
