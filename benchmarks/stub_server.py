"""A remote-style LLM endpoint for the batch throughput benchmark: OpenAI-compatible, on 127.0.0.1.

It answers every POST to /v1/chat/completions with the smallest JSON instance of the schema the
request asked for, after a fixed delay. The delay stands in for a hosted model's latency, so what the
benchmark measures is how well `summarize batch --jobs N` overlaps requests, not how fast a model is:
with N requests in flight the ideal is N ÷ delay requests per second.

Bounded on purpose (a benchmark helper must never outlive its run or eat the machine): at most
`max_inflight` requests are served at once, and the server shuts itself down after `lifetime` seconds.

Run alone: python benchmarks/stub_server.py --port 8765 --delay 2 --lifetime 600
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DEFAULT_DELAY = 2.0
DEFAULT_LIFETIME = 1800.0
DEFAULT_MAX_INFLIGHT = 256
# The listen backlog: Python's default of 5 makes a 64-way burst of connects overflow it, and the
# kernel then retries the SYN after 1 s, which would show up as fake latency in the measurement.
LISTEN_BACKLOG = 512
PROMPT_TOKENS = 1000  # reported usage per request; the stub does not tokenize
COMPLETION_TOKENS = 100


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """Follow a local "$ref" ("#/$defs/Name"), the only kind pydantic emits."""
    ref = node.get("$ref")
    if not ref:
        return node
    target: Any = root
    for key in ref.lstrip("#/").split("/"):
        target = target[key]
    return target


def minimal_instance(schema: dict[str, Any], root: dict[str, Any] | None = None) -> Any:
    """The smallest value that validates against `schema`: null where allowed, [] for arrays,
    every required key of an object filled. Small answers keep the stub's cost out of the timing."""
    root = schema if root is None else root
    node = _resolve(schema, root)
    options = node.get("anyOf") or node.get("oneOf")
    if options:
        if any(_resolve(o, root).get("type") == "null" for o in options):
            return None
        return minimal_instance(options[0], root)
    if "enum" in node:
        return node["enum"][0]
    if "const" in node:
        return node["const"]
    if "default" in node and node.get("type") != "object":
        return node["default"]
    kind = node.get("type")
    if isinstance(kind, list):
        return None if "null" in kind else minimal_instance({**node, "type": kind[0]}, root)
    if kind == "object" or "properties" in node:
        props = node.get("properties", {})
        return {key: minimal_instance(props[key], root) for key in node.get("required", [])}
    return {"array": [], "string": "", "number": 0, "integer": 0, "boolean": False, "null": None}.get(kind)


def requested_schema(request: dict[str, Any]) -> dict[str, Any] | None:
    """The JSON schema a request constrains its answer to, in OpenAI's or llama.cpp's form."""
    fmt = request.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        return (fmt.get("json_schema") or {}).get("schema")
    if "schema" in fmt:
        return fmt["schema"]
    tools = request.get("tools") or []
    if tools:
        return tools[0].get("function", {}).get("parameters")
    return None


def answer_for(request: dict[str, Any]) -> str:
    """The answer's content: schema-valid JSON, or {} when the request named no schema."""
    schema = requested_schema(request)
    return json.dumps(minimal_instance(schema) if schema else {}, ensure_ascii=False)


def completion_body(content: str, model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}
        ],
        "usage": {
            "prompt_tokens": PROMPT_TOKENS,
            "completion_tokens": COMPLETION_TOKENS,
            "total_tokens": PROMPT_TOKENS + COMPLETION_TOKENS,
        },
    }


@dataclass
class StubStats:
    """What the stub saw: how many requests, and the most it held at once (the achieved overlap)."""

    requests: int = 0
    inflight: int = 0
    peak_inflight: int = 0
    first_at: float | None = None
    last_at: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def enter(self) -> None:
        with self.lock:
            self.inflight += 1
            self.peak_inflight = max(self.peak_inflight, self.inflight)
            if self.first_at is None:
                self.first_at = time.perf_counter()

    def leave(self) -> None:
        with self.lock:
            self.inflight -= 1
            self.requests += 1
            self.last_at = time.perf_counter()

    def reset(self) -> None:
        with self.lock:
            self.requests = self.peak_inflight = 0
            self.first_at = self.last_at = None


class StubServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = LISTEN_BACKLOG

    def __init__(self, port: int, delay: float, max_inflight: int) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.delay = delay
        self.stats = StubStats()
        self.slots = threading.BoundedSemaphore(max_inflight)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class _Handler(BaseHTTPRequestHandler):
    server: StubServer

    def log_message(self, *args: Any) -> None:  # one line per request would swamp the benchmark output
        pass

    def do_POST(self) -> None:
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send(404, {"error": {"message": f"no route {self.path}"}})
            return
        length = int(self.headers.get("Content-Length") or 0)
        request = json.loads(self.rfile.read(length) or b"{}")
        with self.server.slots:
            self.server.stats.enter()
            try:
                time.sleep(self.server.delay)
                body = completion_body(answer_for(request), str(request.get("model", "stub")))
            finally:
                self.server.stats.leave()
        self._send(200, body)

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def start(
    delay: float = DEFAULT_DELAY,
    port: int = 0,
    lifetime: float = DEFAULT_LIFETIME,
    max_inflight: int = DEFAULT_MAX_INFLIGHT,
) -> StubServer:
    """Serve on a background thread; a timer stops the server after `lifetime` seconds regardless."""
    server = StubServer(port, delay, max_inflight)
    threading.Thread(target=server.serve_forever, name="stub-server", daemon=True).start()
    timer = threading.Timer(lifetime, stop, args=(server,))
    timer.daemon = True
    timer.start()
    return server


def stop(server: StubServer) -> None:
    """Idempotent: the lifetime timer and the benchmark may both call it."""
    if getattr(server, "_stopped", False):
        return
    server._stopped = True  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--delay", type=float, default=DEFAULT_DELAY, help="seconds before each answer")
    parser.add_argument("--lifetime", type=float, default=600.0, help="stop after this many seconds")
    parser.add_argument("--max-inflight", type=int, default=DEFAULT_MAX_INFLIGHT)
    args = parser.parse_args()
    server = start(args.delay, args.port, args.lifetime, args.max_inflight)
    print(f"stub LLM at {server.base_url} (delay {args.delay} s, stops after {args.lifetime:.0f} s)")
    deadline = time.monotonic() + args.lifetime
    try:
        while time.monotonic() < deadline:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    stop(server)


if __name__ == "__main__":
    main()
