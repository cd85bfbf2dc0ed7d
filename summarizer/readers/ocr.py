"""A scanned PDF: each page rendered by PDFium and read by Tesseract, Simplified or Traditional.

Tesseract (Debian `tesseract-ocr` with `-chi-sim` and `-chi-tra`) is called as a program, one page at a
time per core with OpenMP off (one thread a page is four times faster than Tesseract's own threads on
two cores). Its TSV output gives each line's box, so `layout.py` drops running headers and joins
wrapped lines as it does for a text layer. The first page decides the script: Simplified unless the
Traditional model reads it with more confidence.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errors import InputError, MissingTool
from ..reading import SourceText
from .building import TextBuilder
from .layout import Line, Page, running_text
from .limits import MAX_IMAGE_PIXELS, MAX_OCR_PAGES, MAX_OCR_SECONDS, MAX_PAGE_POINTS, OCR_DPI

PACKAGES = "tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra"
LANGUAGES = {"chi_sim": "tesseract-ocr-chi-sim", "chi_tra": "tesseract-ocr-chi-tra"}
SURE = 85  # mean word confidence of a Simplified reading above which Traditional is not tried


def read_scan(path: Path, raw: bytes, document) -> SourceText:
    """OCR every page of `document`, an open PDF without a usable text layer."""
    count = len(document)
    if count > MAX_OCR_PAGES:
        raise InputError(
            path, f"scanned PDF has {count} pages; the limit for OCR is {MAX_OCR_PAGES} (see README, Limits)"
        )
    tesseract = find_tesseract(path)
    deadline = time.monotonic() + MAX_OCR_SECONDS
    with tempfile.TemporaryDirectory(prefix="summarizer-ocr-") as folder:
        images = [render_page(path, document, index, Path(folder)) for index in range(count)]
        language, first = choose_language(path, tesseract, images[0], deadline)
        with ThreadPoolExecutor(max_workers=max(1, min(os.cpu_count() or 1, 4))) as pool:
            rest = list(
                pool.map(lambda image: ocr_page(path, tesseract, image, language, deadline), images[1:])
            )
    pages = [_page(number, result) for number, result in enumerate([first, *rest], start=1)]
    builder = TextBuilder()
    running_text(pages, builder)
    return builder.build(path, raw, "scan", f"ocr ({language})", pages=count, ocr=True)


def find_tesseract(path: Path) -> str:
    """The tesseract program, with both Chinese models installed; else one line naming the packages."""
    binary = shutil.which("tesseract")
    if binary is None:
        raise MissingTool(path, "reading a scanned PDF", PACKAGES)
    listed = subprocess.run(
        [binary, "--list-langs"], capture_output=True, text=True, check=False
    ).stdout.split()
    for language, package in LANGUAGES.items():
        if language not in listed:
            raise MissingTool(path, f"reading a scanned PDF ({language})", package)
    return binary


def render_page(path: Path, document, index: int, folder: Path) -> Path:
    """Page `index` as a greyscale PGM at OCR_DPI; a page larger than MAX_PAGE_POINTS is refused."""
    page = document[index]
    try:
        width, height = page.get_size()
        if max(width, height) > MAX_PAGE_POINTS:
            raise InputError(
                path,
                f"page {index + 1} is {width:.0f} × {height:.0f} pt; "
                f"the limit for OCR is {MAX_PAGE_POINTS} pt a side",
            )
        check_images(path, page, index)
        bitmap = page.render(scale=OCR_DPI / 72, grayscale=True)
        image = folder / f"page-{index + 1:04d}.pgm"
        rows = bytes(bitmap.buffer)
        pixels = b"".join(
            rows[y * bitmap.stride : y * bitmap.stride + bitmap.width] for y in range(bitmap.height)
        )
        image.write_bytes(b"P5\n%d %d\n255\n" % (bitmap.width, bitmap.height) + pixels)
        return image
    finally:
        page.close()


def check_images(path: Path, page, index: int) -> None:
    """Refuse a page holding an image too large to decode: PDFium decodes it whole to render the page,
    and a few KB of JPEG can declare a gigapixel."""
    import pypdfium2.raw as pdfium_c

    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        width, height = image.get_px_size()
        if width * height > MAX_IMAGE_PIXELS:
            raise InputError(
                path,
                f"page {index + 1} holds an image of {width} × {height} pixels; the limit is "
                f"{MAX_IMAGE_PIXELS // 1_000_000} million (see README, Limits)",
            )


def choose_language(path: Path, tesseract: str, image: Path, deadline: float) -> tuple[str, list[dict]]:
    """The model that reads the first page best, and that page's words."""
    simplified = ocr_page(path, tesseract, image, "chi_sim", deadline)
    if _confidence(simplified) >= SURE:
        return "chi_sim", simplified
    traditional = ocr_page(path, tesseract, image, "chi_tra", deadline)
    if _confidence(traditional) > _confidence(simplified):
        return "chi_tra", traditional
    return "chi_sim", simplified


def ocr_page(path: Path, tesseract: str, image: Path, language: str, deadline: float) -> list[dict]:
    """Tesseract's TSV rows for one page image."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise _too_slow(path)
    command = [tesseract, str(image), "stdout", "-l", language, "--psm", "3", "tsv"]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            timeout=left,
            check=False,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    except subprocess.TimeoutExpired:
        raise _too_slow(path) from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(path, f"OCR failed on {image.stem}: {reason[-1] if reason else 'tesseract error'}")
    return list(
        csv.DictReader(
            io.StringIO(done.stdout.decode("utf-8", "replace")), delimiter="\t", quoting=csv.QUOTE_NONE
        )
    )


def _too_slow(path: Path) -> InputError:
    return InputError(
        path, f"OCR took over {MAX_OCR_SECONDS} s, the limit for one document (see README, Limits)"
    )


def _confidence(rows: list[dict]) -> float:
    scores = [
        float(row["conf"]) for row in rows if row.get("level") == "5" and (row.get("text") or "").strip()
    ]
    return sum(scores) / len(scores) if scores else 0.0


def _page(number: int, rows: list[dict]) -> Page:
    """Tesseract's words grouped into lines, boxes turned into PDF-style coordinates (y upwards)."""
    height = next((float(r["height"]) for r in rows if r.get("level") == "1"), 0.0)
    lines: dict[tuple[str, str, str], list[dict]] = {}
    for row in rows:
        if row.get("level") == "5" and (row.get("text") or "").strip():
            lines.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(row)
    return Page(number, height, [_line(words, height) for words in lines.values()])


def _line(words: list[dict], height: float) -> Line:
    text = ""
    for word in words:
        piece = word["text"].strip()
        if text and text[-1].isascii() and text[-1].isalnum() and piece[0].isascii() and piece[0].isalnum():
            text += " "
        text += piece
    left = min(float(w["left"]) for w in words)
    right = max(float(w["left"]) + float(w["width"]) for w in words)
    top = min(float(w["top"]) for w in words)
    bottom = max(float(w["top"]) + float(w["height"]) for w in words)
    return Line(text, left, right, height - bottom, height - top)
