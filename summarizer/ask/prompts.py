"""Prompt templates: files in `prompts/`, one per section, and a shared system prompt.

The system prompt is identical for every call, so llama.cpp's prefix cache reuses it; a template
with a missing or unknown variable fails loudly instead of sending a broken prompt. `--prompts DIR`
(eval) reads changed templates from a folder first.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from pathlib import Path
from string import Template

from ..errors import InputError, SummarizerError
from ..models import FIELDS, FIGURE_SECTIONS

SYSTEM = "system"  # the shared system prompt; every other template is named for its section
PROJECTS_ASK = (
    "具体建设项目，最多 4 个，每个写 id（该项目投资、面积或学位数的编号）和 status（completed 已竣工/已完成，"
    "under_construction 在建/开工，planned 计划，unknown 不明）"
)
_override: Path | None = None  # a folder of changed templates, for trying a prompt change (eval)


def use_prompts(folder: Path | None) -> None:
    """Read templates from `folder` first, falling back to the packaged ones for any file it lacks.

    Checked up front, so a typo fails before a long run: the folder must exist, hold only known
    template names, and every section template must keep its `$text`.
    """
    global _override
    if folder is not None:
        _check_prompt_folder(folder)
    _override = folder
    template_text.cache_clear()


def _check_prompt_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise InputError(folder, "no such prompt folder")
    for path in sorted(folder.glob("*.md")):
        if path.stem not in template_names():
            names = ", ".join(template_names())
            raise InputError(path, f"not a prompt template name (expected one of {names})")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(path, f"cannot read: {err}") from err
        if path.stem != SYSTEM and "$text" not in text:
            raise InputError(path, "the template lacks $text, where the report text goes")
        if path.stem != SYSTEM and "$fields" not in text:
            raise InputError(path, "the template lacks $fields, where the list of fields goes")


def template_names() -> tuple[str, ...]:
    """The system prompt, then one template per figure section, in the registry's order."""
    return (SYSTEM, *FIGURE_SECTIONS)


@cache
def template_text(name: str) -> str:
    if _override is not None and (_override / f"{name}.md").is_file():
        return (_override / f"{name}.md").read_text(encoding="utf-8")
    try:
        return resources.files("summarizer.prompts").joinpath(f"{name}.md").read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise SummarizerError(f"prompt template {name}.md is missing from the installed package") from err


def render(name: str, **values: str) -> str:
    try:
        return Template(template_text(name)).substitute(values).strip()
    except (KeyError, ValueError) as err:
        raise SummarizerError(f"prompt template {name}.md: bad or missing variable {err}") from err


def messages(
    section: str, text: str, names: tuple[str, ...] | None = None, projects: bool = False
) -> list[dict[str, str]]:
    """The chat messages asking for `names` (default: every field of the section) from `text`."""
    fields = field_list(section, names, projects)
    return [
        {"role": "system", "content": template_text(SYSTEM).strip()},
        {"role": "user", "content": render(section, text=text, fields=fields)},
    ]


def field_list(section: str, names: tuple[str, ...] | None = None, projects: bool = False) -> str:
    """The fields asked, as the prompt lists them, one line each, from their declarations; projects last."""
    lines = [f"- {spec.name}：{spec.ask}" for spec in FIELDS[section] if names is None or spec.name in names]
    if projects:
        lines.append(f"- projects：{PROJECTS_ASK}")
    return "\n".join(lines)


def template_hashes() -> dict[str, str]:
    """Short content hashes of the templates in use, each with its field list (declared in models.py),
    recorded with eval runs and batch fingerprints."""
    listed = {n: field_list(n, projects=True) for n in FIELDS}
    return {n: _hash(template_text(n) + listed.get(n, "")) for n in template_names()}


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
