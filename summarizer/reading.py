"""Read a report file in whatever encoding it came in, or say clearly why it cannot be read.

Chinese government sites publish UTF-8, UTF-8 with a BOM, and GB18030/GBK. GB18030 decodes almost
any byte string, so a GB18030 reading is only accepted when it yields mostly Chinese text. The
decoded text is kept exactly as it is (only a BOM is dropped): evidence spans point into it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

SNIFF_BYTES = 8192
MIN_CJK_SHARE = 0.2  # of non-space characters, for a GB18030 reading to count as text
UTF8_BOM = b"\xef\xbb\xbf"
BINARY_MAGIC = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "zip/docx"),
    (b"\x89PNG", "PNG"),
    (b"GIF8", "GIF"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"\xd0\xcf\x11\xe0", "OLE/doc"),
    (b"\x7fELF", "ELF"),
)
_CJK = re.compile(r"[\u4e00-\u9fff]")

NOT_FOUND = "file not found"
IS_DIRECTORY = "is a directory, not a report file (use `summarize batch` for folders)"
EMPTY = "file is empty"


@dataclass(frozen=True)
class SourceText:
    """A decoded report: the text every span refers to, and how it was decoded."""

    path: Path
    text: str  # decoded original text, BOM removed, line endings untouched
    encoding: str  # "utf-8", "utf-8-sig" or "gb18030"
    sha256: str  # of the raw bytes, so caches and manifests key on the file, not the decoding


# Real reports are under 100 KB. Above this, the file is something else, and normalising it would
# need memory many times its size.
MAX_INPUT_BYTES = 2 * 2**20


def read_report(path: str | Path) -> SourceText:
    """Decode a report file; raise InputError naming the file and the problem."""
    path = Path(path)
    raw = _read_bytes(path)
    if not raw.strip():
        raise InputError(path, EMPTY)
    kind = binary_kind(raw)
    if kind:
        raise InputError(path, f"binary file ({kind}), expected a plain-text report")
    text, encoding = decode(raw, path)
    if not text.strip():  # a BOM alone, or full-width spaces only
        raise InputError(path, EMPTY)
    return SourceText(path=path, text=text, encoding=encoding, sha256=hashlib.sha256(raw).hexdigest())


def _read_bytes(path: Path) -> bytes:
    if path.is_dir():
        raise InputError(path, IS_DIRECTORY)
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputError(
                path,
                f"is {size / 2**20:.1f} MB; the limit is {MAX_INPUT_BYTES // 2**20} MB "
                "(a work report is under 100 KB: is this the right file?)",
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, NOT_FOUND) from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as err:
        raise InputError(path, f"cannot read ({err.strerror})") from None


def binary_kind(raw: bytes) -> str | None:
    """A name for the binary format, 'unknown' for NUL-laden bytes, or None for text.

    UTF-16 text (BOM first) is full of NULs but is not binary; it fails decoding instead, with a
    message that names the encodings we accept.
    """
    for magic, kind in BINARY_MAGIC:
        if raw.startswith(magic):
            return kind
    head = raw[:SNIFF_BYTES]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "unknown"
    return None


def decode(raw: bytes, path: str | Path) -> tuple[str, str]:
    """UTF-8 with BOM, then strict UTF-8, then GB18030 if it reads as Chinese."""
    if raw.startswith(UTF8_BOM):
        try:
            return raw[len(UTF8_BOM) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as err:
            raise _undecodable(path, err.start + len(UTF8_BOM)) from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        first_bad = err.start
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        raise _undecodable(path, first_bad) from None
    if cjk_share(text) >= MIN_CJK_SHARE:
        return text, "gb18030"
    raise _undecodable(path, first_bad)


def _undecodable(path: str | Path, offset: int) -> InputError:
    return InputError(path, f"cannot decode as UTF-8 or GB18030 (first bad byte at offset {offset})")


def cjk_share(text: str) -> float:
    """Share of non-space characters that are CJK ideographs: garbage decodings score near zero."""
    visible = sum(1 for ch in text if not ch.isspace())
    return len(_CJK.findall(text)) / visible if visible else 0.0
