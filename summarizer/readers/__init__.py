"""Readers for the shapes reports are published in: web pages, PDF, Word, and scans.

Each reader takes the file's bytes and returns a `SourceText`: the text that spans point into and the
origin (page, paragraph, table cell) of each stretch of it. `reading.read_report` is the one entry
point; it sends every file that is not plain text here.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from ..reading import SourceText, read_bytes
from .limits import MAX_CHARS, MAX_DOCUMENT_BYTES

Reader = Callable[[Path, bytes], SourceText]

_memo_lock = threading.Lock()
_memo: dict[tuple[str, str], SourceText] = {}  # the last document read: the review page reads it again


def read_document(path: Path, kind: str) -> SourceText:
    """Read a document of `kind` (html, pdf, docx, doc); the result is checked against MAX_CHARS."""
    raw = read_bytes(path, MAX_DOCUMENT_BYTES, "a work report's PDF or Word file is a few MB")
    sha = hashlib.sha256(raw).hexdigest()
    with _memo_lock:
        cached = _memo.get((str(path), sha))
    if cached is not None:
        return cached
    source = _reader(kind)(path, raw)
    if not source.text.strip():
        raise InputError(path, f"no text found in this {source.format.upper()} file")
    if len(source.text) > MAX_CHARS:
        raise InputError(
            path,
            f"holds {len(source.text):,} characters of text; the limit is {MAX_CHARS:,} (see README, Limits)",
        )
    with _memo_lock:
        _memo.clear()
        _memo[(str(path), sha)] = source
    return source


def _reader(kind: str) -> Reader:
    """The reader module for `kind`, imported on first use: a text report never loads PDFium."""
    if kind == "html":
        from .web import read_html

        return read_html
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf
    if kind == "docx":
        from .word import read_docx

        return read_docx
    if kind == "doc":
        from .word import read_doc

        return read_doc
    raise ValueError(f"no reader for {kind!r}")
