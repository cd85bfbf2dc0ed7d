"""A small OpenAI-compatible HTTP server on 127.0.0.1 for batch tests: a fake LLM that reads the
section text with regexes, counts what it answers, and injects faults on request.

It answers /v1/chat/completions with a valid ChatCompletion whose content is the section's JSON
draft, the ids of the true figures in the request's text, so grounding succeeds on real figures.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fakes import model_answer, plain_text, section_of


def huge_answer(section: str, user_text: str, chars: int = 2_000_000) -> dict:
    """The true answer, with one figure's id grown to `chars` characters by repeating it."""
    answer = model_answer(section, user_text)
    for key, value in answer.items():
        if isinstance(value, str):
            answer[key] = (value * (chars // len(value) + 1))[:chars]
            break
    return answer


@dataclass
class Fault:
    """Apply `kind` to requests whose user text contains `needle`, the first `times` times
    (None: always). kinds: 429, 500, timeout, malformed, schema, echo (a 400 whose message repeats
    the request's Authorization header, as some proxies do), huge (a schema-valid answer with a
    2-million-character quote), long (the same with 1500 characters), html (a 200 that is a proxy's
    HTML page), cut (a 200 labelled JSON whose body stops halfway)."""

    needle: str
    kind: str
    times: int | None = 1
    hits: int = 0


def completion_body(content: str) -> dict:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": "fake",
        "choices": [
            {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}
        ],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    }


@dataclass
class ServerState:
    delay: float = 0.0
    timeout_sleep: float = 2.5
    faults: list[Fault] = field(default_factory=list)
    answered: list[str] = field(default_factory=list)  # request keys, one per answered request
    log: list[tuple[str, str]] = field(default_factory=list)  # (section, outcome) for every request
    holding: bool = False
    hold_after: int | None = None  # start holding once this many requests were answered
    held: int = 0
    model_lists: int = 0  # GET /models, the batch's check that the endpoint is up
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fault_for(self, user_text: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.needle in plain_text(user_text) and (
                    fault.times is None or fault.hits < fault.times
                ):
                    fault.hits += 1
                    return fault
        return None


class Handler(BaseHTTPRequestHandler):
    server: FakeServer

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        with self.server.state.lock:
            self.server.state.model_lists += 1
        self._send(200, {"object": "list", "data": [{"id": "fake", "object": "model", "owned_by": "tests"}]})

    def do_POST(self) -> None:
        state = self.server.state
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if state.holding or (state.hold_after is not None and len(state.answered) >= state.hold_after):
            self._hold(state)
            return
        if state.delay:
            time.sleep(state.delay)
        user = request["messages"][1]["content"]
        section = section_of(request)
        fault = state.fault_for(user)
        outcome = fault.kind if fault else "ok"
        with state.lock:
            state.log.append((section, outcome))
        if fault and fault.kind in ("429", "500", "timeout"):
            self._fail(fault.kind, state)
            return
        if fault and fault.kind == "echo":
            self._send(400, {"error": {"message": f"bad request; you sent {self.headers['Authorization']}"}})
            return
        if fault and fault.kind in ("html", "cut"):
            self._send_garbage(fault.kind, section, user)
            return
        content = json.dumps(model_answer(section, user), ensure_ascii=False)
        if fault and fault.kind == "malformed":
            content = content[: len(content) // 2]
        elif fault and fault.kind == "schema":
            content = json.dumps({"special_post_teachers": "eighty-five", "highlights": "none"})
        elif fault and fault.kind in ("huge", "long"):
            chars = 2_000_000 if fault.kind == "huge" else 1500
            content = json.dumps(huge_answer(section, user, chars), ensure_ascii=False)
        key = hashlib.sha256(json.dumps(request["messages"], ensure_ascii=False).encode()).hexdigest()
        with state.lock:
            state.answered.append(key)
        self._send(200, completion_body(content))

    def _hold(self, state: ServerState) -> None:
        """Keep the request unanswered until released; then drop it uncounted (its client is dead)."""
        with state.lock:
            state.held += 1
        state.release.wait(60)
        self._send(503, {"error": {"message": "dropped"}})

    def _fail(self, kind: str, state: ServerState) -> None:
        if kind == "429":
            self._send(429, {"error": {"message": "rate limited"}}, {"Retry-After": "1"})
        elif kind == "500":
            self._send(500, {"error": {"message": "internal"}})
        else:
            time.sleep(state.timeout_sleep)
            self._send(504, {"error": {"message": "too late"}})

    def _send_garbage(self, kind: str, section: str, user: str) -> None:
        if kind == "html":
            self._send_bytes(200, b"<html><body>502 Bad Gateway</body></html>", "text/html")
        else:
            body = json.dumps(completion_body(json.dumps(model_answer(section, user), ensure_ascii=False)))
            self._send_bytes(200, body[: len(body) // 2].encode("utf-8"), "application/json")

    def _send(self, status: int, body: dict, headers: dict[str, str] | None = None) -> None:
        self._send_bytes(status, json.dumps(body, ensure_ascii=False).encode("utf-8"), headers=headers)

    def _send_bytes(
        self,
        status: int,
        data: bytes,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout) or was killed


class FakeServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: ServerState) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.state = state

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


def start_server(state: ServerState) -> FakeServer:
    server = FakeServer(state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
