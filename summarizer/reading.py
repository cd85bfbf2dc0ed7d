"""Read a report file in whatever encoding it came in, or say clearly why it cannot be read.

Chinese government sites publish UTF-8, UTF-8 with a BOM, and GB18030/GBK. GB18030 decodes almost
any byte string, so a GB18030 reading is only accepted when it yields mostly Chinese text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

SNIFF_BYTES = 8192
MIN_CJK_SHARE = 0.2
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


@dataclass(frozen=True)
class SourceText:
    path: Path
    text: str
    encoding: str
    sha256: str


def read_report(path: str | Path) -> SourceText:
    """Decode a report file; raise InputError naming the file and the problem."""
    path = Path(path)
    raw = _read_bytes(path)
    if not raw.strip():
        raise InputError(path, "file is empty")
    kind = binary_kind(raw)
    if kind:
        raise InputError(path, f"binary file ({kind}), expected a plain-text report")
    text, encoding = decode(raw, path)
    if not text.strip():
        raise InputError(path, "file is empty")
    return SourceText(path=path, text=text, encoding=encoding, sha256=hashlib.sha256(raw).hexdigest())


def _read_bytes(path: Path) -> bytes:
    if path.is_dir():
        raise InputError(path, "is a directory, not a report file (use `summarize batch` for folders)")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as err:
        raise InputError(path, f"cannot read ({err.strerror})") from None


def binary_kind(raw: bytes) -> str | None:
    """A name for the binary format, 'unknown' for NUL-laden bytes, or None for text."""
    for magic, kind in BINARY_MAGIC:
        if raw.startswith(magic):
            return kind
    head = raw[:SNIFF_BYTES]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "unknown"
    return None


def decode(raw: bytes, path: Path) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as err:
            raise InputError(
                path, f"cannot decode as UTF-8 (first bad byte at offset {err.start + 3})"
            ) from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        first_bad = err.start
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and _cjk_share(text) >= MIN_CJK_SHARE:
        return text, "gb18030"
    raise InputError(path, f"cannot decode as UTF-8 or GB18030 (first bad byte at offset {first_bad})")


def _cjk_share(text: str) -> float:
    visible = [ch for ch in text if not ch.isspace()]
    return len(_CJK.findall(text)) / len(visible) if visible else 0.0
