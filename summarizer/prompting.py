"""Prompt templates: files in `prompts/`, one per section plus a shared system prompt.

The system prompt is identical for every call, so llama.cpp's prefix cache reuses it; a template
with a missing or unknown variable fails loudly instead of sending a broken prompt.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from string import Template

from .errors import SummarizerError


@cache
def template_text(name: str) -> str:
    try:
        return resources.files("summarizer.prompts").joinpath(f"{name}.md").read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise SummarizerError(f"prompt template {name}.md is missing from the installed package") from err


def render(name: str, **values: str) -> str:
    try:
        return Template(template_text(name)).substitute(values).strip()
    except (KeyError, ValueError) as err:
        raise SummarizerError(f"prompt template {name}.md: bad or missing variable {err}") from err


def messages(section: str, text: str) -> list[dict[str, str]]:
    return [
        {"role": "system", "content": template_text("system").strip()},
        {"role": "user", "content": render(section, text=text)},
    ]


def template_hashes(names: tuple[str, ...]) -> dict[str, str]:
    """Short content hashes of the templates, recorded with eval runs."""
    return {n: hashlib.sha256(template_text(n).encode("utf-8")).hexdigest()[:12] for n in ("system", *names)}
