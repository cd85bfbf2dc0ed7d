"""Every limit the readers enforce, named once: the README's table of limits is this file.

A hostile or broken document (a zip bomb posing as .docx, a PDF of thousands of pages or of huge
images, a scan that would keep Tesseract busy all night) is refused with one line naming the limit,
before it costs memory or hours. Real county reports are 2–60 pages and a few MB at most.
"""

from __future__ import annotations

from ..reading import MAX_INPUT_BYTES  # a plain-text report: decoded and normalised whole, in memory

MiB = 2**20

MAX_DOCUMENT_BYTES = 50 * MiB  # a PDF, Word file or saved web page, as it is on disk
MAX_PAGES = 300  # of a PDF; a work report runs to 60 at most
MAX_CHARS = 500_000  # of text extracted from one document (a long report is 60,000)
MAX_DECOMPRESSED_BYTES = 100 * MiB  # everything inside a .docx (a zip), as its directory declares it
MAX_ZIP_ENTRIES = 2_000  # files inside a .docx (a real one has 10–40)
MAX_OCR_PAGES = 40  # of a scanned PDF
MAX_OCR_SECONDS = 900  # of Tesseract, for one document
MAX_PAGE_POINTS = 2_000  # width or height of a page to OCR, in PDF points (A3 is 842 × 1191)
OCR_DPI = 300  # what Tesseract reads Chinese best at
MAX_IMAGE_PIXELS = 100_000_000  # of one image on a page to OCR: a 600 dpi A3 scan is 70 million
TOOL_SECONDS = 120  # antiword or catdoc on one .doc

# A PDF page with fewer CJK characters than this in its text layer is taken as an image of text;
# a document whose text layer is mostly not Chinese (a bad OCR layer, unmapped fonts) is re-read too.
SCAN_CJK_PER_PAGE = 20
SCAN_CJK_SHARE = 0.2

# How much less a figure read by OCR is trusted: a misread digit is a wrong figure that looks right.
OCR_CONFIDENCE = 0.5


def as_rows() -> list[tuple[str, str]]:
    """(limit, value) as the README's table of limits states them; a test keeps the two equal."""
    return [
        ("a text report", f"{MAX_INPUT_BYTES // MiB} MB"),
        ("a PDF, Word file or saved page", f"{MAX_DOCUMENT_BYTES // MiB} MB"),
        ("PDF pages", str(MAX_PAGES)),
        ("characters read from one document", f"{MAX_CHARS:,}"),
        (
            "a `.docx` unpacked (a zip bomb)",
            f"{MAX_DECOMPRESSED_BYTES // MiB} MB in at most {MAX_ZIP_ENTRIES:,} files",
        ),
        ("scanned pages (OCR)", str(MAX_OCR_PAGES)),
        ("OCR time", f"{MAX_OCR_SECONDS} s per document"),
        ("a page to OCR", f"{MAX_PAGE_POINTS} pt a side, rendered at {OCR_DPI} dpi"),
        ("an image on a page to OCR", f"{MAX_IMAGE_PIXELS // 1_000_000} million pixels"),
    ]
