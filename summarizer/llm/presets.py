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
    "openai": Provider("openai", "gpt-4o-mini", "https://api.openai.com/v1", "OPENAI_API_KEY"),
    "deepseek": Provider(
        "deepseek", "deepseek-chat", "https://api.deepseek.com/v1", "DEEPSEEK_API_KEY", SchemaStyle.PROMPT
    ),
    "qwen": Provider(
        "qwen",
        "qwen-plus",
        "https://dashscope.aliyuncs.com/compatible-mode/v1",
        "DASHSCOPE_API_KEY",
        SchemaStyle.PROMPT,
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
