"""Named provider presets: every remote or local endpoint is reached through the `openai` client.

A preset says where the endpoint is, which environment variable holds its key (keys are never
taken from flags, printed or logged) and how it enforces a JSON schema, so that the schema is not
also pasted into the prompt where the provider or a grammar already enforces it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from ..errors import ModelError


class SchemaStyle(StrEnum):
    """How an endpoint is told the JSON schema of the answer."""

    JSON_SCHEMA = "json_schema"  # OpenAI structured outputs: response_format type json_schema
    GRAMMAR = "grammar"  # llama.cpp: response_format {"type": "json_object", "schema": S} → GBNF grammar
    PROMPT = "prompt"  # json_object only; the schema goes into the prompt (DeepSeek, DashScope)


@dataclass(frozen=True)
class BatchLimits:
    """What one Batch API job may hold: past either limit the round is split into several jobs."""

    max_lines: int = 50_000
    max_bytes: int = 100 * 2**20


@dataclass(frozen=True)
class Price:
    """List price per million tokens, synchronous; a Batch API job costs `batch_factor` of it."""

    input_per_m: float
    output_per_m: float
    currency: str
    batch_factor: float = 0.5

    def cost(self, prompt_tokens: int, completion_tokens: int, batch: bool) -> float:
        factor = self.batch_factor if batch else 1.0
        return factor * (prompt_tokens * self.input_per_m + completion_tokens * self.output_per_m) / 1e6


@dataclass(frozen=True)
class Provider:
    name: str
    model: str
    base_url: str | None = None
    key_env: str | None = None
    schema_style: SchemaStyle = SchemaStyle.JSON_SCHEMA
    model_path: Path | None = None  # embedded only
    timeout: float = 120.0
    max_tokens: int = 1024
    temperature: float = 0.0
    seed: int = 0
    n_ctx: int = 8192
    batch_limits: BatchLimits = BatchLimits()
    price: Price | None = None  # list price, where it is published and stable enough to quote

    @property
    def embedded(self) -> bool:
        return self.name == "embedded"

    def api_key(self) -> str:
        """The key from the environment; local servers get a placeholder."""
        if not self.key_env:
            return "sk-no-key-required"
        key = os.environ.get(self.key_env)
        if not key:
            raise ModelError(
                f"provider {self.name!r} needs an API key: set the {self.key_env} environment variable"
            )
        return key


PRESETS: dict[str, Provider] = {
    "embedded": Provider("embedded", "qwen2.5-coder-1.5b-instruct-q4_k_m", schema_style=SchemaStyle.GRAMMAR),
    "llamacpp": Provider(
        "llamacpp", "local", "http://127.0.0.1:8080/v1", "LLAMACPP_API_KEY", SchemaStyle.GRAMMAR
    ),
    # OpenAI's Batch API: 50,000 requests and 200 MB a file; gpt-4o-mini at $0.15 / $0.60 per million
    # tokens, half that through the Batch API (list prices, 2025).
    "openai": Provider(
        "openai",
        "gpt-4o-mini",
        "https://api.openai.com/v1",
        "OPENAI_API_KEY",
        batch_limits=BatchLimits(50_000, 200 * 2**20),
        price=Price(0.15, 0.60, "USD"),
    ),
    "deepseek": Provider(
        "deepseek", "deepseek-chat", "https://api.deepseek.com/v1", "DEEPSEEK_API_KEY", SchemaStyle.PROMPT
    ),
    # DashScope's OpenAI-compatible Batch API: 50,000 requests and 500 MB a file (100 MB kept here, for
    # the upload's sake); qwen-plus at ¥0.8 / ¥2 per million tokens, half through a batch (2025).
    "qwen": Provider(
        "qwen",
        "qwen-plus",
        "https://dashscope.aliyuncs.com/compatible-mode/v1",
        "DASHSCOPE_API_KEY",
        SchemaStyle.PROMPT,
        batch_limits=BatchLimits(50_000, 100 * 2**20),
        price=Price(0.8, 2.0, "CNY"),
    ),
    "ollama": Provider("ollama", "qwen2.5:7b", "http://127.0.0.1:11434/v1"),
    "vllm": Provider("vllm", "Qwen/Qwen2.5-7B-Instruct", "http://127.0.0.1:8000/v1", "VLLM_API_KEY"),
}
PRESETS["dashscope"] = replace(PRESETS["qwen"], name="dashscope")

# Local servers often run without a key; only require one when the variable is set.
OPTIONAL_KEY = {"llamacpp", "ollama", "vllm"}


def resolve_provider(
    name: str = "embedded",
    model: str | None = None,
    base_url: str | None = None,
    model_path: Path | None = None,
    schema_style: str | None = None,
) -> Provider:
    """A preset with the user's overrides applied."""
    if name not in PRESETS:
        raise ModelError(f"unknown provider {name!r}; choose one of: {', '.join(sorted(PRESETS))}")
    if name == "embedded" and base_url:
        # Silently running the local model when the user named a server would be the worst answer.
        raise ModelError(
            f"--base-url {base_url} needs --provider: the embedded model runs in-process "
            "(for an OpenAI-compatible server, e.g. --provider vllm or --provider llamacpp)"
        )
    provider = PRESETS[name]
    if name in OPTIONAL_KEY and provider.key_env and not os.environ.get(provider.key_env):
        provider = replace(provider, key_env=None)
    changes: dict = {}
    if model:
        changes["model"] = model
    if base_url:
        changes["base_url"] = base_url
    if model_path:
        changes["model_path"] = Path(model_path)
    if schema_style:
        changes["schema_style"] = SchemaStyle(schema_style)
    return replace(provider, **changes)
