"""Read a report file in whatever shape and encoding it came in, or say clearly why it cannot be read.

Plain text is decoded here; a web page, PDF, Word file or scan is read by `readers/`, chosen by the
file's content (`readers/sniff.py`). Every reader returns the same `SourceText`: the text that spans
point into, and where each stretch of it came from in the original document (`origins`).

Chinese government sites publish UTF-8, UTF-8 with a BOM, and GB18030/GBK; Taiwanese and Hong Kong
ones publish Big5. GB18030 decodes almost any byte string, Big5 bytes included, so a legacy file is
decoded both ways and the reading with the larger share of common characters wins (mojibake is
full of kana, Greek and rare ideographs); a reading is only accepted when it is mostly Chinese. The
decoded text is kept exactly as it is (only a BOM is dropped): evidence spans point into it.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import InputError
from .text_patterns import HAN_CHAR

SNIFF_BYTES = 8192
MIN_CJK_SHARE = 0.2  # of non-space characters, for a GB18030 reading to count as text
UTF8_BOM = b"\xef\xbb\xbf"
LEGACY = ("gb18030", "big5")  # in order of preference when both read equally well
CODECS = {"gb18030": "gb18030", "big5": "big5hkscs"}  # HKSCS: Big5 plus the Hong Kong characters

NOT_FOUND = "file not found"
IS_DIRECTORY = "is a directory, not a report file (use `summarize batch` for folders)"
EMPTY = "file is empty"


@dataclass(frozen=True)
class Origin:
    """Where the stretch of text from `start` on came from: a PDF page, a Word paragraph or cell."""

    start: int  # offset into SourceText.text
    label: str  # as a reader cites it: "p. 3", "¶ 12", "table 1, row 2, cell 3"
    page: int | None = None  # 1-based, for paged formats


@dataclass(frozen=True)
class SourceText:
    """A decoded report: the text every span refers to, and how it was decoded."""

    path: Path
    text: str  # decoded original text, BOM removed, line endings untouched; or a document's extracted text
    encoding: str  # "utf-8", "utf-8-sig", "gb18030" or "big5"; for a document, how its text was read
    sha256: str  # of the raw bytes, so caches and manifests key on the file, not the decoding
    format: str = "text"  # text, html, pdf, docx, doc, scan
    pages: int | None = None  # for PDFs and scans
    origins: tuple[Origin, ...] = ()  # sorted by start; empty for plain text
    ocr: bool = False  # the text was read from images: a digit may be misread

    def origin_at(self, offset: int) -> Origin | None:
        """The origin of the character at `offset`, or None when the format has none."""
        index = bisect_right([o.start for o in self.origins], offset) - 1
        return self.origins[index] if index >= 0 else None


# Real reports are under 100 KB. Above this, the file is something else, and normalising it would
# need memory many times its size.
MAX_INPUT_BYTES = 2 * 2**20


def read_report(path: str | Path) -> SourceText:
    """Read a report file of any published shape; raise InputError naming the file and the problem."""
    from .readers import read_document
    from .readers.sniff import sniff

    path = Path(path)
    kind = sniff(_read_head(path), path)
    if kind != "text":
        return read_document(path, kind)
    return read_text(path, read_bytes(path))


def read_text(path: Path, raw: bytes) -> SourceText:
    """A plain-text report, decoded."""
    if not raw.strip():
        raise InputError(path, EMPTY)
    if is_binary(raw):
        raise InputError(path, "binary file (unknown), expected a plain-text report")
    text, encoding = decode(raw, path)
    if not text.strip():  # a BOM alone, or full-width spaces only
        raise InputError(path, EMPTY)
    return SourceText(path=path, text=text, encoding=encoding, sha256=hashlib.sha256(raw).hexdigest())


def _read_head(path: Path) -> bytes:
    """The first bytes, enough to tell the format by its magic bytes."""
    with _reading(path), path.open("rb") as f:
        return f.read(SNIFF_BYTES)


def read_bytes(
    path: Path, limit: int = MAX_INPUT_BYTES, what: str = "a work report is under 100 KB"
) -> bytes:
    """The whole file, refused before it is read when above `limit`."""
    with _reading(path):
        size = path.stat().st_size
        if size > limit:
            raise InputError(
                path,
                f"is {size / 2**20:.1f} MB; the limit is {limit // 2**20} MB "
                f"({what}: is this the right file?)",
            )
        return path.read_bytes()


@contextmanager
def _reading(path: Path) -> Iterator[None]:
    """Turn the ways a path cannot be read into one line each."""
    if path.is_dir():
        raise InputError(path, IS_DIRECTORY)
    try:
        yield
    except FileNotFoundError:
        raise InputError(path, NOT_FOUND) from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as err:
        raise InputError(path, f"cannot read ({err.strerror})") from None


def is_binary(raw: bytes) -> bool:
    """NULs in the head: no text encoding we read has them. Formats known by their magic bytes never get
    here (readers/sniff.py sends them to their reader or names them). UTF-16 text (BOM first) is full of
    NULs but is not binary; it fails decoding instead, with a message that names the encodings we accept.
    """
    head = raw[:SNIFF_BYTES]
    return b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))


def decode(raw: bytes, path: str | Path, min_cjk_share: float = MIN_CJK_SHARE) -> tuple[str, str]:
    """UTF-8 with BOM, then strict UTF-8, then GB18030 or Big5, whichever reads as Chinese.
    A web page passes 0 for `min_cjk_share`: its markup is ASCII, so its share says nothing."""
    if raw.startswith(UTF8_BOM):
        try:
            return raw[len(UTF8_BOM) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as err:
            raise _undecodable(path, err.start + len(UTF8_BOM)) from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        first_bad = err.start
    readings = [
        (common_share(text), -rank, text, name)
        for rank, name in enumerate(LEGACY)
        if (text := _try(raw, name))
    ]
    if not readings:
        raise _undecodable(path, first_bad)
    *_, text, encoding = max(readings)
    if cjk_share(text) >= min_cjk_share:
        return text, encoding
    raise _undecodable(path, first_bad)


def _try(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(CODECS[encoding])
    except UnicodeDecodeError:
        return None


def common_share(text: str) -> float:
    """Share of the non-ASCII characters that are common Han characters, in either script.

    Common means GB2312 level 1 (the 3,755 everyday Simplified characters) or Big5 level 1 (the
    5,401 everyday Traditional ones): a right reading is almost all common characters, a wrong one
    is a mix of kana, Greek, symbols and rare ideographs.
    """
    wide = [ch for ch in text if ord(ch) > 0x7F and not ch.isspace()]
    return sum(1 for ch in wide if _is_common(ch)) / len(wide) if wide else 0.0


@cache
def _is_common(ch: str) -> bool:
    return _in_range(ch, "gb2312", b"\xb0\xa1", b"\xd7\xf9") or _in_range(
        ch, "big5", b"\xa4\x40", b"\xc6\x7e"
    )


def _in_range(ch: str, encoding: str, low: bytes, high: bytes) -> bool:
    try:
        code = ch.encode(encoding)
    except UnicodeEncodeError:
        return False
    return len(code) == 2 and low <= code <= high


def _undecodable(path: str | Path, offset: int) -> InputError:
    return InputError(path, f"cannot decode as UTF-8, GB18030 or Big5 (first bad byte at offset {offset})")


def cjk_share(text: str) -> float:
    """Share of non-space characters that are CJK ideographs: garbage decodings score near zero."""
    visible = sum(1 for ch in text if not ch.isspace())
    return len(HAN_CHAR.findall(text)) / visible if visible else 0.0
