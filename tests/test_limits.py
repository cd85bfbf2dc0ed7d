"""The readers' limits are named once (summarizer/readers/limits.py) and stated in the README as set."""

from __future__ import annotations

from pathlib import Path

from summarizer.readers.limits import as_rows


def test_the_readme_states_every_limit_as_limits_py_sets_it():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("**Limits**", 1)[1].split("\n\n")[1]
    rows = [tuple(cell.strip() for cell in line.strip("|").split("|")) for line in table.splitlines()[2:]]
    assert rows == as_rows()
