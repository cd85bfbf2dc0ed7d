"""Reading: every way a file can be unreadable gets its own one-line message; real encodings decode."""

from __future__ import annotations

import hashlib

import pytest

from summarizer.errors import InputError
from summarizer.reading import read_report
from tests.corpus import read_seed, seed_path


def problem(path) -> str:
    with pytest.raises(InputError) as caught:
        read_report(path)
    assert caught.value.path == str(path)
    return caught.value.problem


def test_missing_file(tmp_path):
    assert problem(tmp_path / "nope.txt") == "file not found"


def test_directory(tmp_path):
    assert problem(tmp_path) == "is a directory, not a report file (use `summarize batch` for folders)"


@pytest.mark.parametrize("content", [b"", b" \n\t\r\n", "\u3000\n".encode(), b"\xef\xbb\xbf"])
def test_empty_or_whitespace_only(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert problem(path) == "file is empty"


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "zip/docx"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE/doc"),
        ("教育工作总结".encode() + b"\x00\x01\x02" * 10, "unknown"),
    ],
)
def test_binary_files(tmp_path, content, kind):
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    assert problem(path) == f"binary file ({kind}), expected a plain-text report"


def test_bytes_that_are_neither_utf8_nor_gb18030(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\xff\xfe\xfa" * 50)
    assert problem(path) == "cannot decode as UTF-8 or GB18030 (first bad byte at offset 0)"


def test_gb18030_garbage_that_is_not_chinese_is_refused(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Größe über alles, Ärger".encode("latin-1") * 20)  # decodes as GB18030, to nonsense
    assert problem(path) == "cannot decode as UTF-8 or GB18030 (first bad byte at offset 2)"


def test_invalid_utf8_after_a_bom_reports_the_file_offset(tmp_path):
    path = tmp_path / "bom-bad.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "教育".encode() + b"\xff")
    assert problem(path) == "cannot decode as UTF-8 or GB18030 (first bad byte at offset 9)"


def test_gb18030_copy_of_a_seed_decodes_to_the_same_text(tmp_path):
    original = read_seed("003")  # Traditional script: GB18030 must carry 萬 and 總結 too
    raw = original.encode("gb18030")
    path = tmp_path / "gbk.txt"
    path.write_bytes(raw)
    source = read_report(path)
    assert (source.text, source.encoding) == (original, "gb18030")
    assert source.sha256 == hashlib.sha256(raw).hexdigest()


def test_utf8_seed_is_read_exactly():
    source = read_report(seed_path("000"))
    assert (source.text, source.encoding) == (read_seed("000"), "utf-8")
    assert source.text.startswith("索引号: 13564028/2024-00187")


def test_utf8_bom_is_removed_and_line_endings_kept(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "兴隆县教育和体育2023年工作总结\r\n一、概况".encode())
    source = read_report(str(path))
    assert (source.text, source.encoding) == ("兴隆县教育和体育2023年工作总结\r\n一、概况", "utf-8-sig")
    assert source.path == path


def test_a_file_above_the_size_limit_is_refused_before_it_is_read(tmp_path):
    from summarizer.reading import MAX_INPUT_BYTES

    big = tmp_path / "big.txt"
    big.write_bytes("教育局工作总结。".encode() * (MAX_INPUT_BYTES // 24 + 1))
    with pytest.raises(InputError) as caught:
        read_report(big)
    assert str(caught.value) == (
        f"{big}: is 2.0 MB; the limit is 2 MB (a work report is under 100 KB: is this the right file?)"
    )
