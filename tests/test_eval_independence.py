"""The eval and the extractor must not share code, or the eval would prove nothing.

evals/ may import only `summarizer.models` (the output schema) and `summarizer.atomic` (file writing,
which decides nothing about a figure) from the product. The product (summarizer/,
prompts/, schemas/) may not import the eval, except `summarizer/cli.py` importing `summarizer_evals.runner`
to wire the `summarize eval` command.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EVALS = ROOT / "evals"
PRODUCT_DIRS = (ROOT / "summarizer", ROOT / "prompts", ROOT / "schemas")
ALLOWED_FROM_EVALS = {"summarizer.models", "summarizer.atomic"}
CLI = Path("summarizer/cli.py")
CLI_MAY_IMPORT = "summarizer_evals.runner"


def imported_modules(source: str) -> Iterator[tuple[int, str]]:
    """Every module a source file imports (statically or via importlib/__import__ with a literal)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                yield node.lineno, "." * node.level + (node.module or "")
                continue
            base = node.module or ""
            for alias in node.names:
                # `from summarizer import models` imports summarizer.models; `from x.y import f` imports x.y.
                yield (
                    node.lineno,
                    f"{base}.{alias.name}" if base in ("summarizer", "summarizer_evals") else base,
                )
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                yield node.lineno, node.args[0].value


def _top(module: str) -> str:
    return module.split(".", 1)[0]


def eval_violations(source: str) -> list[str]:
    """Imports of the product other than the schema, and relative imports that leave the evals package."""
    bad = []
    for line, module in imported_modules(source):
        if module.startswith(".."):
            bad.append(f"{line}: {module} (relative import outside evals)")
        elif _top(module) == "summarizer" and module not in ALLOWED_FROM_EVALS:
            bad.append(f"{line}: {module}")
    return bad


def product_violations(source: str, relpath: Path) -> list[str]:
    bad = []
    for line, module in imported_modules(source):
        if _top(module) not in ("summarizer_evals", "evals"):
            continue
        if relpath == CLI and module == CLI_MAY_IMPORT:
            continue
        bad.append(f"{line}: {module}")
    return bad


def _sources(directory: Path) -> list[Path]:
    return sorted(directory.rglob("*.py"))


def test_evals_import_nothing_of_the_extractor() -> None:
    files = _sources(EVALS)
    assert len(files) >= 8, "the eval package was not found"
    problems = {
        str(p.relative_to(ROOT)): v for p in files if (v := eval_violations(p.read_text(encoding="utf-8")))
    }
    assert problems == {}


def test_product_does_not_import_the_evals() -> None:
    files = [p for d in PRODUCT_DIRS if d.is_dir() for p in _sources(d)]
    assert files, "the product package was not found"
    problems = {}
    for path in files:
        rel = path.relative_to(ROOT)
        if v := product_violations(path.read_text(encoding="utf-8"), rel):
            problems[str(rel)] = v
    assert problems == {}


@pytest.mark.parametrize(
    "source",
    [
        "from summarizer.quantity import parse_quantity",
        "import summarizer.prompts",
        "from summarizer import text",
        "import summarizer",
        "import importlib\nimportlib.import_module('summarizer.extract')",
        "from ..summarizer import models",
    ],
)
def test_checker_flags_forbidden_eval_imports(source: str) -> None:
    assert eval_violations(source)


@pytest.mark.parametrize(
    "source",
    ["from summarizer.models import Report", "from summarizer import models", "from .numbers import x"],
)
def test_checker_allows_the_schema_and_own_modules(source: str) -> None:
    assert eval_violations(source) == []


def test_checker_flags_the_product_importing_evals_except_the_cli_runner() -> None:
    assert product_violations(
        "from summarizer_evals.groundtruth import ground_truth", Path("summarizer/x.py")
    )
    assert product_violations("from summarizer_evals.runner import eval_main", Path("summarizer/pipeline.py"))
    assert product_violations("from summarizer_evals.patterns import FIELDS", CLI)
    assert product_violations("import evals.scoring", Path("summarizer/llm/client.py"))
    assert product_violations("from summarizer_evals.runner import eval_main", CLI) == []
    assert product_violations("from summarizer_evals import runner", CLI) == []


def test_importing_the_eval_loads_no_extractor_module() -> None:
    """At run time too: importing the whole eval package pulls in only the schema (and the atomic
    file writer) from the product."""
    code = (
        "import sys, summarizer_evals.runner, summarizer_evals.report;"
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] == 'summarizer')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert set(out.stdout.split()) <= {"summarizer", *ALLOWED_FROM_EVALS}
