"""One LLM handle per run: the transport for a provider, wrapped in retries, the cache and instructor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import instructor
from pydantic import BaseModel

from .cache import Usage, cached, open_cache
from .providers import Provider, SchemaStyle
from .retry import with_retries

# A re-ask at temperature 0 makes a small model repeat its answer word for word (seen with the
# embedded model); a little temperature with a fixed seed lets it change course, reproducibly.
REASK_TEMPERATURE = 0.4

MODES = {
    SchemaStyle.JSON_SCHEMA: instructor.Mode.JSON_SCHEMA,
    SchemaStyle.GRAMMAR: instructor.Mode.JSON_SCHEMA,
    SchemaStyle.PROMPT: instructor.Mode.JSON,
}


def as_grammar_request(request: dict[str, Any]) -> dict[str, Any]:
    """Rewrite OpenAI's json_schema response_format into llama.cpp's grammar form.

    llama.cpp (in-process and its server) rejects `{"type": "json_schema"}` but turns
    `{"type": "json_object", "schema": S}` into a GBNF grammar that constrains every token.
    """
    fmt = request.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        request = {
            **request,
            "response_format": {"type": "json_object", "schema": fmt["json_schema"]["schema"]},
        }
    return request


def remote_create(provider: Provider) -> Callable[..., Any]:
    import openai

    client = openai.OpenAI(
        base_url=provider.base_url, api_key=provider.api_key(), timeout=provider.timeout, max_retries=0
    )
    return client.chat.completions.create


@dataclass
class LLM:
    """Sends section requests to one provider, through the cache, and counts what they cost."""

    provider: Provider
    cache_dir: Path | None
    on_call: Callable[[bool], None] | None = None
    transport: Callable[..., Any] | None = None  # tests pass a fake here; default: built from the provider
    usage: Usage = field(default_factory=Usage)
    _create: Callable[..., Any] | None = field(default=None, repr=False)
    _identity: str | None = field(default=None, repr=False)

    @property
    def identity(self) -> str:
        """What the cache key and eval records call this model: a content hash for local weights."""
        if self._identity is None:
            if self.transport is not None:
                self._identity = f"fake:{self.provider.model}"
            elif self.provider.embedded:
                from .embedded import model_identity, weights_path

                self._identity = f"gguf:{model_identity(weights_path(self.provider.model_path))}"
            else:
                self._identity = f"{self.provider.base_url}|{self.provider.model}"
        return self._identity

    @property
    def label(self) -> str:
        """The model's name for run records, with its content hash once it is known."""
        if self._identity and self.provider.embedded:
            return f"{self.provider.model} ({self._identity[:17]})"
        return self.provider.model

    def ensure_ready(self) -> None:
        """Fail before any work when the weights are missing or corrupt, or the API key is unset."""
        _ = self.identity
        if not self.provider.embedded and self.transport is None:
            self.provider.api_key()

    def _transport(self) -> Callable[..., Any]:
        if self.transport is not None:
            return self.transport
        if self.provider.embedded:
            from .embedded import embedded_create, weights_path

            return embedded_create(weights_path(self.provider.model_path), self.provider.n_ctx)
        return with_retries(remote_create(self.provider))

    def _client(self) -> Callable[..., Any]:
        if self._create is None:
            namespace = {"provider": self.provider.name, "model": self.identity}
            raw = _LazyTransport(self._transport)
            grammar = self.provider.schema_style is SchemaStyle.GRAMMAR

            def create(**request: Any) -> Any:
                if len(request.get("messages", ())) > 2:
                    request = {**request, "temperature": REASK_TEMPERATURE}
                return raw(**(as_grammar_request(request) if grammar else request))

            wrapped = cached(create, open_cache(self.cache_dir), namespace, self.usage, self.on_call)
            self._create = instructor.patch(create=wrapped, mode=MODES[self.provider.schema_style])
        return self._create

    def extract(
        self,
        messages: list[dict[str, str]],
        response_model: type[BaseModel],
        context: dict,
        max_retries: int,
        max_tokens: int | None = None,
    ) -> BaseModel:
        """One structured answer; raises instructor's retry exception when re-asks run out."""
        return self._client()(
            model=self.provider.model,
            messages=messages,
            response_model=response_model,
            max_retries=max_retries,
            context=context,
            temperature=self.provider.temperature,
            max_tokens=min(max_tokens or self.provider.max_tokens, self.provider.max_tokens),
            seed=self.provider.seed,
        )


class _LazyTransport:
    """Builds the transport on first use, so a fully cached run never loads the model."""

    def __init__(self, factory: Callable[[], Callable[..., Any]]) -> None:
        self._factory = factory
        self._fn: Callable[..., Any] | None = None

    def __call__(self, **request: Any) -> Any:
        if self._fn is None:
            self._fn = self._factory()
        return self._fn(**request)
