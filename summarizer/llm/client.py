"""One LLM handle per run: the transport for a provider, wrapped in retries, the cache and instructor."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import ModelError
from ..models import Usage
from .bounds import BadResponse, Deferred, ProviderFailed, ReasksExhausted, TruncatedAnswer, bounded
from .cache import StoredCall, answer_key, load_call, open_cache, store_call
from .presets import Provider, SchemaStyle

# A re-ask at temperature 0 makes a small model repeat its answer word for word (seen with the
# embedded model); a little temperature with a fixed seed lets it change course, reproducibly.
REASK_TEMPERATURE = 0.4
CHECK_TIMEOUT = 30.0  # seconds for the endpoint check before a batch


def instructor_mode(style: SchemaStyle) -> Any:
    import instructor  # costs most of a second: imported only when a section is not answered whole

    if style is SchemaStyle.PROMPT:
        return instructor.Mode.JSON
    return instructor.Mode.JSON_SCHEMA


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


def remote_client(provider: Provider, timeout: float | None = None) -> Any:
    import openai

    return openai.OpenAI(
        base_url=provider.base_url,
        api_key=provider.api_key(),
        timeout=timeout or provider.timeout,
        max_retries=0,
    )


def remote_create(provider: Provider) -> Callable[..., Any]:
    return remote_client(provider).chat.completions.create


@dataclass
class LLM:
    """Sends section requests to one provider, through the cache, and counts what they cost."""

    provider: Provider
    cache_dir: Path | str | None  # a folder, or a redis:// URL
    on_call: Callable[[bool], None] | None = None
    transport: Callable[..., Any] | None = None  # tests pass a fake here; default: built from the provider
    usage: Usage = field(default_factory=Usage)
    _create: Callable[..., Any] | None = field(default=None, repr=False)
    _identity: str | None = field(default=None, repr=False)
    _last: Any = field(default=None, repr=False)  # the last completion instructor saw

    @property
    def identity(self) -> str:
        """What the cache key and eval records call this model: a content hash for local weights."""
        if self._identity is None:
            if self.transport is not None:
                self._identity = f"fake:{self.provider.model}"
            elif self.provider.embedded:
                from .embedded import cache_identity, weights_path

                self._identity = cache_identity(weights_path(self.provider.model_path))
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
        """Fail before any work when the weights are missing or corrupt, the API key is unset, or the
        cache cannot be opened (an unreachable Redis)."""
        _ = self.identity
        _ = self._cache
        if not self.provider.embedded and self.transport is None:
            self.provider.api_key()

    def check_endpoint(self) -> None:
        """One cheap request (GET /models) before a batch, so that a dead endpoint fails once, in one
        line, instead of report by report after five retries each. Any HTTP answer, even an error
        status, shows the server is there; a slow one is left to the reports' own retries."""
        if self.provider.embedded or self.transport is not None:
            return
        import openai

        try:
            remote_client(self.provider, min(self.provider.timeout, CHECK_TIMEOUT)).models.list()
        except openai.APITimeoutError:
            return
        except openai.APIConnectionError as err:
            reason = " ".join(str(err.__cause__ or err).split())[:200]
            raise ModelError(
                f"cannot reach the {self.provider.name} endpoint {self.provider.base_url} ({reason}): "
                "is the server running, and is --base-url right?"
            ) from err
        except openai.APIError:
            return

    def _transport(self) -> Callable[..., Any]:
        """The provider's create call; every response is checked (answers.bounded) below the retries."""
        if self.transport is not None:
            return bounded(self.transport)
        if self.provider.embedded:
            from .embedded import embedded_create, weights_path

            return bounded(embedded_create(weights_path(self.provider.model_path), self.provider.n_ctx))
        from .retry import with_retries

        return with_retries(bounded(remote_create(self.provider)))

    @cached_property
    def _namespace(self) -> dict[str, str]:
        return {"provider": self.provider.name, "model": self.identity}

    @cached_property
    def _cache(self) -> Any:
        return open_cache(self.cache_dir)

    def _client(self) -> Callable[..., Any]:
        if self._create is None:
            import instructor

            raw = _LazyTransport(self._transport)
            grammar = self.provider.schema_style is SchemaStyle.GRAMMAR

            def create(**request: Any) -> Any:
                if len(request.get("messages", ())) > 2:
                    request = {**request, "temperature": REASK_TEMPERATURE}
                return raw(**(as_grammar_request(request) if grammar else request))

            def remember_last(**request: Any) -> Any:
                self._last = wrapped(**request)
                return self._last

            wrapped = counted(create, self.usage, self.on_call)
            self._create = instructor.patch(
                create=remember_last, mode=instructor_mode(self.provider.schema_style)
            )
        return self._create

    def extract(
        self,
        messages: list[dict[str, str]],
        response_model: type[BaseModel],
        max_retries: int,
        max_tokens: int | None = None,
    ) -> BaseModel:
        """One answer in the shape of `response_model`, re-asked up to `max_retries` times if malformed.

        Raises ReasksExhausted (with the last answer) when re-asks run out, TruncatedAnswer when the
        answer hit its token limit, ProviderFailed when the provider kept failing.
        """
        request = {
            "model": self.provider.model,
            "messages": messages,
            "max_retries": max_retries,
            "temperature": self.provider.temperature,
            "max_tokens": min(max_tokens or self.provider.max_tokens, self.provider.max_tokens),
            "seed": self.provider.seed,
            "style": self.provider.schema_style.value,
        }
        key = answer_key(self._namespace, request, response_model)
        stored = load_call(self._cache, key)
        if stored is not None and (draft := self._replay(stored, response_model)) is not None:
            return draft
        del request["style"]
        before = self.usage.llm_calls
        outcome, draft = self._ask(request, response_model)
        if _is_json(outcome.content):  # never remember a garbled answer from a flaky provider
            calls = self.usage.llm_calls - before
            store_call(self._cache, key, StoredCall(outcome.status, outcome.content, calls, outcome.attempts))
        if draft is None:
            raise ReasksExhausted(outcome.content, outcome.attempts)
        return draft

    def _replay(self, stored: StoredCall, response_model: type[BaseModel]) -> BaseModel | None:
        """A remembered outcome, validated again with today's code and counted as cache hits.

        None (a miss: ask again) when an answer that passed then fails now; an answer whose re-asks
        ran out is read leniently again, as it was then.
        """
        try:
            draft = response_model.model_validate_json(stored.content or "")
        except ValidationError:
            if stored.status == "ok":
                return None
            draft = None
        self.usage.cache_hits += stored.calls
        for _ in range(stored.calls):
            if self.on_call:
                self.on_call(True)
        if draft is None:
            raise ReasksExhausted(stored.content, stored.attempts)
        return draft

    def _ask(
        self, request: dict[str, Any], response_model: type[BaseModel]
    ) -> tuple[StoredCall, BaseModel | None]:
        """Run instructor's validate-and-re-ask loop; translate its and openai's exceptions to ours."""
        import openai
        from instructor.core import IncompleteOutputException, InstructorRetryException

        self._last = None
        try:
            draft = self._client()(**request, response_model=response_model)
        except InstructorRetryException as err:
            if isinstance(err.__cause__, Deferred):  # recorded for a Batch API job: not an answer
                raise err.__cause__ from None
            # instructor wraps every failure of the call in this, the provider's too: a dead endpoint
            # must be reported as one, not as a model that answered nothing usable.
            if isinstance(err.__cause__, openai.APIError | BadResponse):
                raise _provider_failed(err.__cause__) from err.__cause__
            return StoredCall("exhausted", _content(err.last_completion), 0, err.n_attempts), None
        except IncompleteOutputException as err:
            raise TruncatedAnswer(str(err)) from err
        except (openai.APIError, BadResponse) as err:
            raise _provider_failed(err) from err
        return StoredCall("ok", _content(self._last), 0), draft


def counted(
    create: Callable[..., Any], usage: Usage, on_call: Callable[[bool], None] | None
) -> Callable[..., Any]:
    """Wrap `create` so every call the provider answers is counted, with its tokens."""

    def call(**request: Any) -> Any:
        response = create(**request)
        usage.llm_calls += 1
        if response.usage:
            usage.prompt_tokens += response.usage.prompt_tokens
            usage.completion_tokens += response.usage.completion_tokens
        if on_call:
            on_call(False)
        return response

    return call


def _provider_failed(err: Exception) -> ProviderFailed:
    return ProviderFailed(" ".join(str(err).split())[:300])


def _content(completion: Any) -> str | None:
    try:
        return completion.choices[0].message.content
    except (AttributeError, IndexError):
        return None


def _is_json(content: str | None) -> bool:
    try:
        json.loads(content or "")
    except ValueError:
        return False
    return True


class _LazyTransport:
    """Builds the transport on first use, so a fully cached run never loads the model."""

    def __init__(self, factory: Callable[[], Callable[..., Any]]) -> None:
        self._factory = factory
        self._fn: Callable[..., Any] | None = None

    def __call__(self, **request: Any) -> Any:
        if self._fn is None:
            self._fn = self._factory()
        return self._fn(**request)
