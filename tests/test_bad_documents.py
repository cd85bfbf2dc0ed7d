"""Bad and hostile documents: each ends in one line naming the file and exit 1, or one failure line in a
batch while the rest goes on; a missing Debian tool names the package to install."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from summarizer.batch.runner import run_batch
from summarizer.errors import InputError
from summarizer.readers.limits import MAX_PAGES
from summarizer.readers.web import NO_ARTICLE
from tests.conftest import SYSTEM_PARTS, missing
from tests.corpus import read_seed, seed_path
from tests.documents import (
    corrupt_pdf,
    encrypted_pdf,
    gov_page,
    huge_image_pdf,
    huge_page_pdf,
    many_pages_pdf,
    page_without_article,
    print_html,
    print_pdf,
    word_document,
    zip_bomb_docx,
)
from tests.fakes import TextReadingTransport
from tests.test_batch import make_config
from tests.test_cli import assert_one_line_error, summarize

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TOOLS = "tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra"


@pytest.fixture(scope="module")
def text_pdf(tmp_path_factory) -> Path:
    if not (SYSTEM_PARTS["chromium"]() and SYSTEM_PARTS["fonts-noto-cjk"]()):
        missing("needs chromium fonts-noto-cjk")
    return print_pdf(print_html(read_seed("003")), tmp_path_factory.mktemp("pdf") / "report.pdf")


def bad_files(folder: Path, text_pdf: Path) -> dict[str, str]:
    """Each hostile or broken file, written into `folder`, and the one line it must get."""
    (folder / "encrypted.pdf").write_bytes(encrypted_pdf())
    (folder / "corrupt.pdf").write_bytes(corrupt_pdf())
    raw = text_pdf.read_bytes()
    (folder / "truncated.pdf").write_bytes(raw[: len(raw) // 2])
    zip_bomb_docx(folder / "bomb.docx")
    many_pages_pdf(folder / "thousands.pdf", 3000)
    huge_page_pdf(folder / "huge-page.pdf")
    (folder / "huge-image.pdf").write_bytes(huge_image_pdf())
    (folder / "column.html").write_bytes(page_without_article())
    (folder / "photo.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (folder / "archive.docx").write_bytes(_plain_zip())
    word = word_document(read_seed("000"), folder / "whole.docx").read_bytes()
    (folder / "whole.docx").unlink()
    (folder / "truncated.docx").write_bytes(word[: len(word) // 2])
    (folder / "malformed.docx").write_bytes(_with_half_its_xml(word))
    return {
        "encrypted.pdf": "PDF is encrypted (password-protected): save an unprotected copy",
        "corrupt.pdf": "PDF is damaged: PDFium cannot open it (Data format error)",
        "truncated.pdf": "PDF is truncated or damaged (no end-of-file marker): download it again",
        "bomb.docx": ".docx would unpack to 200 MB; the limit is 100 MB (a zip bomb?)",
        "thousands.pdf": f"PDF has 3,000 pages; the limit is {MAX_PAGES} (see README, Limits)",
        "huge-page.pdf": "page 1 is 14000 × 14000 pt; the limit for OCR is 2000 pt a side",
        "huge-image.pdf": (
            "page 1 holds an image of 40000 × 40000 pixels; the limit is 100 million (see README, Limits)"
        ),
        "column.html": NO_ARTICLE,
        "photo.pdf": "is named .pdf (PDF) but is a PNG image, not a report (PDF, Word, web page or text)",
        "archive.docx": "is a zip archive, not a Word document (no word/document.xml)",
        "truncated.docx": "Word file (.docx) is damaged or truncated: not a readable zip archive",
        "malformed.docx": "Word file is damaged: its XML is cut short or malformed",
    }


def _with_half_its_xml(word: bytes) -> bytes:
    """The .docx with its document.xml cut in half, zipped again: a valid archive holding broken XML."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(word)) as source, zipfile.ZipFile(buffer, "w") as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            target.writestr(entry, data[: len(data) // 2] if entry.filename == "word/document.xml" else data)
    return buffer.getvalue()


def _plain_zip() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photos/readme.txt", "照片")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory, text_pdf) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("bad")
    return folder, bad_files(folder, text_pdf)


@pytest.mark.parametrize(
    "name",
    ["encrypted.pdf", "corrupt.pdf", "truncated.pdf", "bomb.docx", "thousands.pdf", "huge-page.pdf",
     "huge-image.pdf", "column.html", "photo.pdf", "archive.docx", "truncated.docx", "malformed.docx"],
)  # fmt: skip
def test_each_bad_document_is_one_line_and_exit_1(bad_folder, tmp_path, name):
    folder, expected = bad_folder
    if name.startswith("huge-") and not SYSTEM_PARTS["tesseract-ocr"]():
        missing("needs tesseract-ocr")
    path = folder / name
    assert_one_line_error(summarize(str(path), home=tmp_path), f"{path}: {expected[name]}")


def test_a_document_named_for_another_format_is_read_by_its_content(tmp_path, text_pdf):
    """Sites serve PDFs under .doc links: the bytes decide, and the text is the PDF's."""
    lying = tmp_path / "attachment.doc"
    shutil.copy(text_pdf, lying)
    result = summarize(str(lying), "--format", "text", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("2022年度教育工作總結\n發布時間:2023-01-19 10:50")


def _without_tools(tmp_path: Path) -> dict[str, str]:
    """PATH holding only this Python: no tesseract, antiword or catdoc."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    os.symlink(sys.executable, bin_dir / "python")
    return {"PATH": str(bin_dir)}


def test_a_scan_without_tesseract_names_the_packages(tmp_path, text_pdf):
    from tests.documents import scan_of

    scan = scan_of(text_pdf, tmp_path / "scan.pdf", dpi=50, pages=1)
    expected = f"{scan}: reading a scanned PDF needs {TOOLS}: sudo apt-get install {TOOLS}"
    assert_one_line_error(summarize(str(scan), home=tmp_path, **_without_tools(tmp_path)), expected)


def test_a_doc_without_antiword_or_catdoc_names_the_package(tmp_path):
    doc = tmp_path / "report.doc"
    doc.write_bytes(OLE_MAGIC + b"\x00" * 504)
    expected = f"{doc}: reading .doc files needs antiword: sudo apt-get install antiword"
    assert_one_line_error(summarize(str(doc), home=tmp_path, **_without_tools(tmp_path)), expected)


def test_a_doc_that_is_no_word_file_gets_antiword_s_reason(tmp_path):
    if shutil.which("antiword") is None:
        missing("needs antiword")
    doc = tmp_path / "report.doc"
    doc.write_bytes(OLE_MAGIC + b"\x00" * 504)
    result = summarize(str(doc), home=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"summarize: error: {doc}: .doc cannot be read by antiword: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_mixed_folder_runs_every_good_report_and_lists_every_bad_one(
    tmp_path, bad_folder, text_pdf, monkeypatch
):
    """.txt, .html, .pdf and .docx side by side with every bad file and a .doc on a machine without
    antiword: each good report is done with its format and page count in summary.csv, each bad one is
    one line of failures.jsonl, the missing tool a `config` failure that names the package."""
    folder, expected = bad_folder
    mixed = tmp_path / "reports"
    shutil.copytree(folder, mixed)
    shutil.copy(seed_path("000"), mixed / "xinglong.txt")
    (mixed / "xinglong.html").write_bytes(gov_page(read_seed("000")))
    shutil.copy(text_pdf, mixed / "chenxi.pdf")
    word_document(read_seed("004"), mixed / "yuan.docx")
    (mixed / "legacy.doc").write_bytes(OLE_MAGIC + b"\x00" * 504)
    if not SYSTEM_PARTS["tesseract-ocr"]():
        missing("needs tesseract-ocr")  # the huge page is refused once tesseract is found
    real_which = shutil.which
    monkeypatch.setattr(
        shutil, "which", lambda name: None if name in ("antiword", "catdoc") else real_which(name)
    )
    result = run_batch(make_config(mixed, tmp_path / "out", tmp_path / "cache", TextReadingTransport()))
    out = tmp_path / "out"
    failures = {
        Path(f["file"]).name: f for f in map(json.loads, (out / "failures.jsonl").read_text().splitlines())
    }
    assert {name: f["reason"] for name, f in failures.items() if name != "legacy.doc"} == expected
    assert failures["legacy.doc"] == {
        "file": str(mixed / "legacy.doc"),
        "kind": "config",
        "reason": "reading .doc files needs antiword: sudo apt-get install antiword",
    }
    assert {f["kind"] for name, f in failures.items() if name != "legacy.doc"} == {"input"}
    rows = {Path(r["file"]).name: r for r in csv.DictReader((out / "summary.csv").open(encoding="utf-8-sig"))}
    shapes = {name: (row["source_format"], row["pages"], row["county"]) for name, row in rows.items()}
    assert shapes == {
        "xinglong.txt": ("text", "", "兴隆县"),
        "xinglong.html": ("html", "", "兴隆县"),
        "chenxi.pdf": ("pdf", "3", "辰溪县"),
        "yuan.docx": ("docx", "", "裕安区"),
    }
    assert (
        rows["xinglong.html"]["student_aid.total_amount_yuan"]
        == rows["xinglong.txt"]["student_aid.total_amount_yuan"]
        == "15439800"
    )
    # the page asks what the text report asked: run after it, it is served from the cache
    assert (result.count("done") + result.count("cached"), result.count("failed")) == (4, len(expected) + 1)


def test_a_web_page_is_decoded_by_its_meta_charset_or_else_by_its_bytes():
    from summarizer.readers.web import decode_page

    text = "兴隆县教育和体育局2023年工作总结:招聘特岗教师85人。"
    page = f"<html><head><title>t</title></head><body><p>{text}</p></body></html>"
    declared = page.replace("<head>", '<head><meta charset="gb2312">').encode("gb18030")
    undeclared = page.encode("gb18030")
    lying = page.replace("<head>", '<head><meta charset="utf-8">').encode("gb18030")
    for raw in (declared, undeclared, lying):
        markup, encoding = decode_page(raw, Path("page.html"))
        assert (text in markup, encoding) == (True, "gb18030")
    stray = declared.replace(b"</p>", b"\xff\xff</p>")  # bytes no codec reads: a browser shows �
    markup, encoding = decode_page(stray, Path("page.html"))
    assert (f"{text}\ufffd\ufffd</p>" in markup, encoding) == (True, "gb18030")


def test_a_document_past_the_character_limit_is_refused(tmp_path, monkeypatch):
    import docx

    from summarizer.reading import read_report

    monkeypatch.setattr("summarizer.readers.MAX_CHARS", 50_000)
    document = docx.Document()
    for _ in range(600):
        document.add_paragraph("教" * 99)
    document.save(tmp_path / "long.docx")
    with pytest.raises(InputError) as refused:
        read_report(tmp_path / "long.docx")
    assert (
        refused.value.problem == "holds 60,000 characters of text; the limit is 50,000 (see README, Limits)"
    )


def test_ocr_past_its_time_limit_is_refused(tmp_path, text_pdf, monkeypatch):
    from summarizer.reading import read_report
    from tests.documents import scan_of

    if not SYSTEM_PARTS["tesseract-ocr"]():
        missing("needs tesseract-ocr")
    monkeypatch.setattr("summarizer.readers.ocr.MAX_OCR_SECONDS", 0.0)
    scan = scan_of(text_pdf, tmp_path / "scan.pdf", dpi=50, pages=1)
    with pytest.raises(InputError) as refused:
        read_report(scan)
    assert refused.value.problem == "OCR took over 0.0 s, the limit for one document (see README, Limits)"
