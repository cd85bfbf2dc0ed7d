"""Word files: .docx paragraphs and tables in document order; legacy .doc through a Debian tool.

python-docx reads the .docx body; each paragraph is one line, each table row one line with its cells
apart, and every stretch is labelled with its paragraph or cell, the nearest thing Word has to a page
(a .docx holds no pages: they are laid out when it is opened). The archive is checked first, since a
.docx is a zip and a zip can be a bomb. A .doc goes through antiword, or catdoc, found at run time.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
import zlib
from pathlib import Path

from ..errors import InputError, MissingTool
from ..reading import SourceText
from .building import TextBuilder
from .limits import MAX_DECOMPRESSED_BYTES, MAX_ZIP_ENTRIES, TOOL_SECONDS

CELL_SEPARATOR = " | "
NOT_WORD = "is a zip archive, not a Word document (no word/document.xml)"


def read_docx(path: Path, raw: bytes) -> SourceText:
    check_archive(path, raw)
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(io.BytesIO(raw))
    except XMLSyntaxError:
        raise InputError(path, "Word file is damaged: its XML is cut short or malformed") from None
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, zlib.error, EOFError) as err:
        raise InputError(path, f"Word file cannot be opened, it is damaged ({err})") from None
    builder = TextBuilder()
    _write_body(document, builder)
    return builder.build(path, raw, "docx", "docx")


def check_archive(path: Path, raw: bytes) -> None:
    """Refuse a damaged zip, a zip that is no Word file, and one that would unpack past the limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile:
        raise InputError(
            path, "Word file (.docx) is damaged or truncated: not a readable zip archive"
        ) from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise InputError(
            path, f".docx holds {len(entries):,} files; the limit is {MAX_ZIP_ENTRIES:,} (a zip bomb?)"
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_DECOMPRESSED_BYTES:
        raise InputError(
            path,
            f".docx would unpack to {unpacked / 2**20:,.0f} MB; the limit is "
            f"{MAX_DECOMPRESSED_BYTES // 2**20} MB (a zip bomb?)",
        )
    if "word/document.xml" not in {entry.filename for entry in entries}:
        raise InputError(path, NOT_WORD)


def _write_body(document, builder: TextBuilder) -> None:
    """Paragraphs and tables in the order the body holds them."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    paragraphs = tables = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            if block.text.strip():
                paragraphs += 1
                builder.add(block.text.strip(), f"¶ {paragraphs}")
                builder.add("\n")
        elif isinstance(block, Table):
            tables += 1
            _write_table(block, tables, builder)


def _write_table(table, number: int, builder: TextBuilder) -> None:
    """A table row by row, cells apart; a merged cell is written once."""
    for r, row in enumerate(table.rows, start=1):
        seen: set[int] = set()
        written = 0
        for c, cell in enumerate(row.cells, start=1):
            if id(cell._tc) in seen or not cell.text.strip():
                continue
            seen.add(id(cell._tc))
            if written:
                builder.add(CELL_SEPARATOR)
            builder.add(" ".join(cell.text.split()), f"table {number}, row {r}, cell {c}")
            written += 1
        if written:
            builder.add("\n")


# ---------------------------------------------------------------- legacy .doc

DOC_TOOLS = (  # (program, arguments before the file); each is the Debian package of its name
    ("antiword", ("-w", "0", "-m", "UTF-8.txt")),
    ("catdoc", ("-w", "-d", "utf-8")),
)


def read_doc(path: Path, raw: bytes) -> SourceText:
    """A legacy Word file, through antiword or else catdoc; each non-empty line one paragraph."""
    found = [(binary, args, name) for name, args in DOC_TOOLS if (binary := shutil.which(name))]
    if not found:
        raise MissingTool(path, "reading .doc files", "antiword")
    binary, args, name = found[0]
    text = _run(path, [binary, *args, str(path)], name)
    builder = TextBuilder()
    paragraphs = 0
    for line in text.splitlines():
        if line.strip():
            paragraphs += 1
            builder.add(line.strip(), f"¶ {paragraphs}")
            builder.add("\n")
    return builder.build(path, raw, "doc", name)


def _run(path: Path, command: list[str], name: str) -> str:
    try:
        done = subprocess.run(command, capture_output=True, timeout=TOOL_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise InputError(path, f"{name} took over {TOOL_SECONDS} s on this .doc; it may be damaged") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(path, f".doc cannot be read by {name}: {reason[-1] if reason else 'damaged file'}")
    return done.stdout.decode("utf-8", "replace")
