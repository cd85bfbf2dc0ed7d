"""A PDF: its text layer in reading order, page by page; a scan goes to OCR.

PDFium (pypdfium2) reads the text layer: it is Chrome's own PDF engine, permissively licensed, fast
(milliseconds a page), reads the CJK fonts government PDFs embed, and renders pages for OCR too. Lines
come with their boxes, so `layout.py` can drop running headers and join wrapped lines.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..reading import SourceText, cjk_share
from ..text_patterns import HAN_CHAR
from .building import TextBuilder
from .layout import Line, Page, running_text
from .limits import MAX_PAGES, SCAN_CJK_PER_PAGE, SCAN_CJK_SHARE

EOF_WINDOW = 2048  # %%EOF ends every complete PDF, give or take trailing bytes


def read_pdf(path: Path, raw: bytes) -> SourceText:
    if b"%%EOF" not in raw[-EOF_WINDOW:]:
        raise InputError(path, "PDF is truncated or damaged (no end-of-file marker): download it again")
    document = open_pdf(path, raw)
    try:
        count = len(document)
        if count == 0:
            raise InputError(path, "PDF has no pages")
        if count > MAX_PAGES:
            raise InputError(path, f"PDF has {count:,} pages; the limit is {MAX_PAGES} (see README, Limits)")
        pages = [_page_or_refuse(path, document, index) for index in range(count)]
        if is_scanned(pages):
            from .ocr import read_scan

            return read_scan(path, raw, document)
        builder = TextBuilder()
        running_text(pages, builder)
        return builder.build(path, raw, "pdf", "pdf text layer", pages=count)
    finally:
        document.close()


def open_pdf(path: Path, raw: bytes):
    """The document, or one line saying why PDFium cannot open it."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as err:
        message = str(err).lower()
        if "password" in message or "security" in message:
            raise InputError(
                path, "PDF is encrypted (password-protected): save an unprotected copy"
            ) from None
        found = re.search(r"PDFium: ([^)]+)", str(err))
        detail = found.group(1) if found else str(err)
        if detail == "Success":  # PDFium's word for a document it parsed but cannot use (no pages)
            detail = "no usable pages"
        raise InputError(path, f"PDF is damaged: PDFium cannot open it ({detail})") from None


def _page_or_refuse(path: Path, document, index: int) -> Page:
    import pypdfium2 as pdfium

    try:
        return page_lines(document, index)
    except pdfium.PdfiumError as err:
        raise InputError(path, f"PDF is damaged: page {index + 1} cannot be read ({err})") from None


def page_lines(document, index: int) -> Page:
    """Page `index`'s text lines with their boxes, in the order of the text layer."""
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
            count = textpage.count_chars()
            lines = _lines(textpage, text) if len(text) == count else _unplaced_lines(text)
        finally:
            textpage.close()
        return Page(index + 1, page.get_height(), lines)
    finally:
        page.close()


def _lines(textpage, text: str) -> list[Line]:
    """Split the page text at PDFium's line breaks; each line's box from its first and last glyph.
    Loose boxes (the glyph's em square): a tight box makes a line opening with “ look indented."""
    lines = []
    start = 0
    for chunk in text.split("\r\n"):
        if chunk.strip():
            first = start + len(chunk) - len(chunk.lstrip())
            last = start + len(chunk.rstrip()) - 1
            left, bottom, _, top = textpage.get_charbox(first, loose=True)
            _, _, right, _ = textpage.get_charbox(last, loose=True)
            lines.append(Line(chunk, left, right, bottom, top))
        start += len(chunk) + 2  # the \r\n PDFium puts between lines counts as two characters
    return lines


def _unplaced_lines(text: str) -> list[Line]:
    """Lines without boxes (PDFium's text and its character count disagree): no joining by margin."""
    return [Line(chunk, 0.0, 0.0, 0.0, 0.0) for chunk in re.split(r"\r\n|\n", text) if chunk.strip()]


def is_scanned(pages: list[Page]) -> bool:
    """No usable text layer: too few Chinese characters a page, or text that is mostly not Chinese."""
    text = "\n".join(line.text for page in pages for line in page.lines)
    few = len(HAN_CHAR.findall(text)) < SCAN_CJK_PER_PAGE * max(len(pages), 1)
    return few or cjk_share(text) < SCAN_CJK_SHARE
