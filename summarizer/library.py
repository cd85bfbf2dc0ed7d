"""The library face: what `from summarizer import Summarizer` gives, and what the CLI, batch and eval call.

    from summarizer import Summarizer
    summarizer = Summarizer()                       # the embedded model; or provider="deepseek", …
    report = summarizer.summarize("report.txt")
    aid = report.student_aid.total_amount_yuan      # a Figure: value in base units, quote, span
    print(aid.value, aid.quote)                     # 15439800 累计发放资助金1543.98万元

Settings resolve as on the command line: the keywords given here, then the environment
(SUMMARIZER_PROVIDER, …), then the config file, then the defaults. One Summarizer keeps one model handle
and one cache, so summarising many reports loads the model once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .llm.client import LLM
from .models import Report
from .pipeline import Options, SectionEvent, summarize_file
from .settings import SETTINGS, options_from, resolve_settings


class Summarizer:
    """Summarises report files one after another with one model handle and one cache."""

    def __init__(
        self,
        *,
        options: Options | None = None,
        llm: LLM | None = None,
        no_cache: bool = False,
        force: bool = False,
        config: Path | None = None,
        **settings: Any,
    ) -> None:
        """`settings` are the command line's: provider, model, base_url, model_path, cache_dir,
        max_retries, timeout. `options` (already resolved) replaces them; `llm` shares a handle."""
        unknown = sorted(set(settings) - set(SETTINGS))
        if unknown:
            raise TypeError(f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(SETTINGS)}")
        if options is None:
            resolved = resolve_settings(settings, config_path=config)
            options = options_from(resolved, no_cache=no_cache, force=force)
        self.options = options
        self.llm = llm or LLM(options.provider, options.cache_dir)

    def summarize(self, path: str | Path, on_section: SectionEvent | None = None) -> Report:
        """One report file in, one grounded Report out; InputError names the file when it is bad."""
        return summarize_file(path, self.options, self.llm, on_section)


def summarize(path: str | Path, **settings: Any) -> Report:
    """Summarise one report file: `Summarizer(**settings).summarize(path)`."""
    return Summarizer(**settings).summarize(path)
