"""Which reader a file needs, told by its content first and its extension second.

Government sites serve .doc files that are web pages and .pdf links that are HTML error pages, so the
bytes decide. The extension only matters when the content is something no reader takes: then the
message says what the file claims to be and what it is.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..errors import InputError

# Formats we read, by magic bytes. %PDF may follow a few bytes of junk (the spec allows 1024).
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Formats we do not read, named so the message can say what the file really is.
OTHER_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x7fELF", "a program (ELF)"),
    (b"Rar!", "a RAR archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"{\\rtf", "an RTF document"),
)
DOCUMENT_SUFFIXES = {".pdf": "PDF", ".docx": "Word (.docx)", ".doc": "Word (.doc)", ".wps": "WPS"}
_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|meta|body)\b", re.IGNORECASE | re.DOTALL
)
_HTML_TAGS = re.compile(rb"<(p|div|span|table|td|br)\b[^>]*>", re.IGNORECASE)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def sniff(head: bytes, path: Path) -> str:
    """'text', 'html', 'pdf', 'docx' or 'doc'; InputError for content no reader takes."""
    if PDF_MAGIC in head[:1024]:
        return "pdf"
    if head.startswith(ZIP_MAGIC):
        return "docx"  # word.py checks the archive holds a Word document
    if head.startswith(OLE_MAGIC):
        return "doc"
    for magic, what in OTHER_MAGIC:
        if head.startswith(magic):
            raise InputError(path, f"{_claims(path)}is {what}, not a report (PDF, Word, web page or text)")
    if _is_html(head):
        return "html"
    return "text"


def _is_html(head: bytes) -> bool:
    body = head
    for bom in _BOMS:
        body = body.removeprefix(bom)
    return bool(_HTML_START.match(body)) or len(_HTML_TAGS.findall(body)) >= 5


def _claims(path: Path) -> str:
    claimed = DOCUMENT_SUFFIXES.get(path.suffix.lower())
    return f"is named {path.suffix} ({claimed}) but " if claimed else ""


def is_word_archive(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
