"""A Batch API on 127.0.0.1 for tests: `/v1/files` (upload, content) and `/v1/batches` (create,
retrieve, list, cancel), as OpenAI, DashScope and LiteLLM's proxy serve them.

Each job runs its lines in a background thread against a backend: the fake LLM of the synchronous
tests (tests/fake_openai_server.py: true quotes found by regexes) or a real OpenAI-compatible server
(`python -m llama_cpp.server` on the embedded model). Faults are injected per job (failed, expired,
cancelled, a results file cut short) and per line (an error result, a malformed answer), and every
line a job receives is counted, so a test can prove no line was sent twice.

Run as `python -m tests.batch_api_server run-batch -i REQUESTS -o RESULTS [--forward URL]` it is a
stand-in for `vllm run-batch`: the same request lines in, the same result lines out.
"""

from __future__ import annotations

import argparse
import email.parser
import email.policy
import itertools
import json
import re
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from summarizer.batch.lines import prompt_tokens
from tests.fake_openai_server import completion_body
from tests.fakes import SECTION_MARKERS, model_answer, plain_text

Backend = Callable[[dict[str, Any]], tuple[int, dict[str, Any]]]  # request body → (status, response body)


def section_in(body: dict[str, Any]) -> str:
    user = body["messages"][1]["content"]
    return next((name for name, marker in SECTION_MARKERS.items() if marker in user), "teachers")


@dataclass
class LineFault:
    """Apply `kind` to lines whose first user message contains `needle`, the first `times` times
    (None: always). kinds: error (a 500 result line), malformed (an answer cut in half: instructor
    re-asks it)."""

    needle: str
    kind: str
    times: int | None = 1
    hits: int = 0


@dataclass
class JobFault:
    """What happens to the `index`-th job created (0-based): failed (no line run), expired or
    cancelled after `after` lines, or truncate (every line run, the results file cut mid-line)."""

    index: int
    kind: str
    after: int = 0


@dataclass
class FakeBackend:
    """The synchronous tests' fake LLM, with line faults; usage as our own estimate of the prompt."""

    faults: list[LineFault] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        user = body["messages"][1]["content"]
        fault = self._fault(user)
        if fault and fault.kind == "error":
            return 500, {"error": {"message": "the model server crashed", "type": "server_error"}}
        content = json.dumps(model_answer(section_in(body), user), ensure_ascii=False)
        if fault and fault.kind == "malformed":
            content = content[: len(content) // 2]
        response = completion_body(content)
        used = prompt_tokens(body)
        response["usage"] = {"prompt_tokens": used, "completion_tokens": 20, "total_tokens": used + 20}
        return 200, response

    def _fault(self, user: str) -> LineFault | None:
        with self.lock:
            for fault in self.faults:
                if fault.needle in plain_text(user) and (fault.times is None or fault.hits < fault.times):
                    fault.hits += 1
                    return fault
        return None


def forwarding_backend(base_url: str, timeout: float = 1400) -> Backend:
    """Each line sent to a real server's /chat/completions, as a Batch API's workers do."""

    def call(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        request = urllib.request.Request(
            f"{base_url}/chat/completions",
            data=json.dumps(body).encode("utf-8"),
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as err:
            return err.code, {"error": {"message": err.read().decode("utf-8", "replace")}}

    return call


def result_line(line: dict[str, Any], status: int, body: dict[str, Any], n: int) -> dict[str, Any]:
    """One output line, in the shape OpenAI's Batch API and vllm run-batch write."""
    return {
        "id": f"batch_req_{n}",
        "custom_id": line["custom_id"],
        "response": {"status_code": status, "request_id": f"req_{n}", "body": body},
        "error": None,
    }


def run_lines(lines: list[dict[str, Any]], backend: Backend) -> list[dict[str, Any]]:
    return [result_line(line, *backend(line["body"]), n) for n, line in enumerate(lines)]


@dataclass
class ApiState:
    backend: Backend = field(default_factory=FakeBackend)
    job_faults: list[JobFault] = field(default_factory=list)
    delay: float = 0.0  # seconds per line, so a test can see a job in progress
    files: dict[str, bytes] = field(default_factory=dict)
    file_names: dict[str, str] = field(default_factory=dict)
    batches: dict[str, dict[str, Any]] = field(default_factory=dict)
    received: list[str] = field(default_factory=list)  # custom_id of every line of every job created
    uploads: int = 0
    chat_calls: int = 0  # synchronous requests to /v1/chat/completions
    serves_batches: bool = True  # False: a chat-only server (llama.cpp's, Ollama's): /files and /batches 404
    lock: threading.Lock = field(default_factory=threading.Lock)
    ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def new_id(self, prefix: str) -> str:
        return f"{prefix}-{next(self.ids)}"

    def add_file(self, name: str, data: bytes) -> dict[str, Any]:
        with self.lock:
            file_id = self.new_id("file")
            self.files[file_id], self.file_names[file_id] = data, name
        return file_object(file_id, name, data)


def file_object(file_id: str, name: str, data: bytes) -> dict[str, Any]:
    return {
        "id": file_id,
        "object": "file",
        "bytes": len(data),
        "created_at": int(time.time()),
        "filename": name,
        "purpose": "batch",
        "status": "processed",
    }


class Handler(BaseHTTPRequestHandler):
    server: BatchApiServer

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        state, path = self.server.state, self.path.split("?")[0]
        if path == "/v1/models":
            self._json(200, {"object": "list", "data": [{"id": "fake", "object": "model", "owned_by": "t"}]})
        elif m := re.fullmatch(r"/v1/files/([\w-]+)/content", path):
            data = state.files.get(m.group(1))
            self._send(200, data, "application/octet-stream") if data is not None else self._missing()
        elif m := re.fullmatch(r"/v1/batches/([\w-]+)", path):
            batch = state.batches.get(m.group(1))
            self._json(200, batch) if batch else self._missing()
        elif path == "/v1/batches":
            self._list(state)
        else:
            self._missing()

    def do_POST(self) -> None:
        state, path = self.server.state, self.path.split("?")[0]
        data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if path == "/v1/chat/completions":  # the synchronous API at the same base URL, as OpenAI's
            with state.lock:
                state.chat_calls += 1
            self._json(*state.backend(json.loads(data)))
        elif not state.serves_batches:
            self._missing()
        elif path == "/v1/files":
            self._upload(state, data)
        elif path == "/v1/batches":
            self._create(state, json.loads(data))
        elif m := re.fullmatch(r"/v1/batches/([\w-]+)/cancel", path):
            batch = state.batches.get(m.group(1))
            if not batch:
                return self._missing()
            batch["cancel"] = True
            self._json(200, batch)
        else:
            self._missing()

    def _upload(self, state: ApiState, data: bytes) -> None:
        head = f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + data)
        parts = {p.get_param("name", header="content-disposition"): p for p in message.iter_parts()}
        upload = parts["file"]
        with state.lock:
            state.uploads += 1
        self._json(
            200, state.add_file(upload.get_filename() or "batch.jsonl", upload.get_payload(decode=True))
        )

    def _create(self, state: ApiState, request: dict[str, Any]) -> None:
        data = state.files.get(request.get("input_file_id", ""))
        if data is None:
            return self._json(400, {"error": {"message": "no such input file"}})
        lines = [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]
        with state.lock:
            index = len(state.batches)
            batch_id = state.new_id("batch")
            state.received.extend(line["custom_id"] for line in lines)
            batch = {
                "id": batch_id,
                "object": "batch",
                "endpoint": request["endpoint"],
                "input_file_id": request["input_file_id"],
                "completion_window": request["completion_window"],
                "status": "validating",
                "created_at": int(time.time()),
                "metadata": request.get("metadata"),
                "request_counts": {"total": len(lines), "completed": 0, "failed": 0},
            }
            state.batches[batch_id] = batch
        fault = next((f for f in state.job_faults if f.index == index), None)
        threading.Thread(target=run_job, args=(state, batch, lines, fault), daemon=True).start()
        self._json(200, public(batch))

    def _list(self, state: ApiState) -> None:
        batches = sorted(state.batches.values(), key=lambda b: b["id"], reverse=True)
        self._json(200, {"object": "list", "data": [public(b) for b in batches], "has_more": False})

    def _missing(self) -> None:
        self._json(404, {"error": {"message": f"no route or object {self.path}"}})

    def _json(self, status: int, body: dict[str, Any]) -> None:
        self._send(status, json.dumps(public(body), ensure_ascii=False).encode("utf-8"), "application/json")

    def _send(self, status: int, data: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client was killed


def public(batch: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in batch.items() if k != "cancel"}


def run_job(state: ApiState, batch: dict[str, Any], lines: list[dict], fault: JobFault | None) -> None:
    """Run the lines one by one, then write the output and error files and end the job."""
    batch["status"] = "in_progress"
    if fault and fault.kind == "failed":
        batch["errors"] = {"object": "list", "data": [{"code": "invalid_file", "message": "bad line 1"}]}
        _end(batch, "failed")
        return
    stop = fault.after if fault and fault.kind in ("expired", "cancelled") else len(lines)
    outputs, errors = [], []
    for n, line in enumerate(lines[:stop]):
        if batch.get("cancel"):
            break
        time.sleep(state.delay)
        status, body = state.backend(line["body"])
        (outputs if status == 200 else errors).append(result_line(line, status, body, n))
        counts = batch["request_counts"]
        counts["completed" if status == 200 else "failed"] += 1
    ended = fault.kind if fault and fault.kind in ("expired", "cancelled") else "completed"
    if batch.get("cancel"):
        ended = "cancelled"
    output = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in outputs)
    if fault and fault.kind == "truncate":
        output = output[: len(output) * 2 // 3]  # cut in the middle of a line
    for name, text in (("output_file_id", output), ("error_file_id", _jsonl(errors))):
        if text:
            batch[name] = state.add_file(f"{batch['id']}-{name}.jsonl", text.encode("utf-8"))["id"]
    _end(batch, ended)


def _jsonl(lines: list[dict]) -> str:
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


def _end(batch: dict[str, Any], status: str) -> None:
    batch[f"{status}_at" if status != "cancelled" else "cancelled_at"] = int(time.time())
    batch["status"] = status


class BatchApiServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: ApiState) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.state = state

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


def start_api(state: ApiState) -> BatchApiServer:
    server = BatchApiServer(state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run_batch_file(argv: list[str]) -> int:
    """`vllm run-batch -i REQUESTS -o RESULTS`'s stand-in: the same lines in and out."""
    parser = argparse.ArgumentParser(prog="python -m tests.batch_api_server run-batch")
    parser.add_argument("-i", "--input-file", required=True)
    parser.add_argument("-o", "--output-file", required=True)
    parser.add_argument("--model", help="ignored, as vllm takes it")
    parser.add_argument("--forward", help="a real OpenAI-compatible server's base URL (default: the fake)")
    args = parser.parse_args(argv)
    with open(args.input_file, encoding="utf-8") as f:
        lines = [json.loads(line) for line in f if line.strip()]
    backend = forwarding_backend(args.forward) if args.forward else FakeBackend()
    with open(args.output_file, "w", encoding="utf-8") as f:
        f.write(_jsonl(run_lines(lines, backend)))
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] != ["run-batch"]:
        sys.exit("usage: python -m tests.batch_api_server run-batch -i REQUESTS -o RESULTS [--forward URL]")
    sys.exit(run_batch_file(sys.argv[2:]))
