"""The embedded model: a GGUF file run in-process by llama-cpp-python, loaded once per process."""

from __future__ import annotations

import atexit
import os
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import ModelError
from ..paths import user_dir
from .prefix import BlockPrefixReuse
from .weights import QWEN_1_5B, check_weights, default_model_path, sha256_file


def weights_path(model_path: Path | None) -> Path:
    """The GGUF to load: the user's own file, or the verified default weights."""
    if model_path is None:
        return check_weights(default_model_path())
    if not model_path.is_file():
        raise ModelError(f"--model-path {model_path}: file not found")
    return model_path


def model_identity(path: Path) -> str:
    """A content hash of the weights, so a different file never reuses cached answers.

    The pinned default's hash is known; another file is hashed once and remembered by size and mtime.
    """
    if path == default_model_path():
        return QWEN_1_5B.sha256
    stat = path.stat()
    memo = user_dir() / "model-hashes" / f"{stat.st_size}-{stat.st_mtime_ns}-{path.name}.sha256"
    if memo.is_file():
        return memo.read_text().strip()
    digest = sha256_file(path)
    memo.parent.mkdir(parents=True, exist_ok=True)
    memo.write_text(digest)
    return digest


N_BATCH = 512
# How prompts are cut into batches: the system message first, then N_BATCH-token blocks (prefix.py).
# The cut changes the last bits of the logits, so an answer computed under another cut may differ; it
# is part of the cache identity, and answers cached under an older cut are not served.
READING = f"head+{N_BATCH}"


def cache_identity(path: Path) -> str:
    """The embedded model's name in cache keys: the weights' content hash and the reading schedule."""
    return f"gguf:{model_identity(path)}|read:{READING}"


@cache
def load_llama(path: Path, n_ctx: int) -> Any:
    """Load the model once; every section and report of a process reuses it."""
    try:
        llama_class = _llama_class()
    except ImportError as err:
        raise ModelError(
            "the embedded model needs llama-cpp-python: pip install 'summarizer[embedded]'"
        ) from err
    threads = max(1, os.cpu_count() or 1)
    try:
        llama = llama_class(
            model_path=str(path), n_ctx=n_ctx, n_threads=threads, n_batch=N_BATCH, seed=0, verbose=False
        )
    except ValueError as err:
        raise ModelError(f"{path}: cannot load as a GGUF model ({err})") from err
    # Freed while the interpreter still runs: left to garbage collection at exit, llama.cpp's own
    # destructor finds its module half torn down and prints "Exception ignored … TypeError".
    atexit.register(llama.close)
    return llama


@cache
def _llama_class() -> type:
    """llama_cpp.Llama, with greedy grammar-bound sampling that checks the top tokens first."""
    import llama_cpp
    from llama_cpp import Llama

    from .greedy_grammar import GreedyGrammarSampler, uses_shortcut

    class ShortcutLlama(Llama):
        greedy_shortcut = True  # tests switch it off to compare with the stock sampler

        def _init_sampler(self, *args: Any, **kwargs: Any) -> Any:
            if self.greedy_shortcut and not args and uses_shortcut(kwargs):
                return GreedyGrammarSampler(llama_cpp, self._model.vocab, kwargs["grammar"], self._n_vocab)
            return super()._init_sampler(*args, **kwargs)

    return ShortcutLlama


@cache
def prefix_reuse(llama: Any) -> BlockPrefixReuse:
    """One reuse tracker per model instance, shared by every LLM handle of the process."""
    return BlockPrefixReuse(llama)


def embedded_create(path: Path, n_ctx: int):
    """An OpenAI-style `create(**request)` backed by the in-process model.

    Each answer must be a function of its request alone, or a cached run and a cold one could
    disagree: a call reuses only whole blocks of the previous prompt, which is exact (see prefix.py).
    """
    llama = load_llama(path, n_ctx)
    reuse = prefix_reuse(llama)

    def create(**request: Any) -> Any:
        request.pop("model", None)
        request.pop("timeout", None)
        with reuse.call():
            return llama.create_chat_completion_openai_v1(**request)

    return create


def runtime_info() -> str:
    """Which llama.cpp build runs the model: its version and the CPU instruction sets compiled in.

    Two builds with different kernels (AVX2 vs AVX-512, say) round differently, so greedy answers can
    differ; the eval records this so that a baseline diff caused by the build is not blamed on a prompt.
    """
    try:
        import llama_cpp
    except ImportError:
        return "llama-cpp-python not installed"
    features = llama_cpp.llama_print_system_info().decode("utf-8", "replace")
    flags = [part.split("=")[0].strip() for part in features.split("|") if part.strip().endswith("= 1")]
    return f"llama-cpp-python {llama_cpp.__version__}: {' '.join(f.removeprefix('CPU : ') for f in flags)}"


def count_tokens(path: Path, n_ctx: int, text: str) -> int:
    return len(load_llama(path, n_ctx).tokenize(text.encode("utf-8"), add_bos=False))
