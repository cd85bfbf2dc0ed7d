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
    ("content", "message"),
    [
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
            "PDF is truncated or damaged (no end-of-file marker): download it again",
        ),
        (
            b"PK\x03\x04\x14\x00\x06\x00word/document.xml",
            "Word file (.docx) is damaged or truncated: not a readable zip archive",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "is a PNG image, not a report (PDF, Word, web page or text)"),
        (
            "教育工作总结".encode() + b"\x00\x01\x02" * 10,
            "binary file (unknown), expected a plain-text report",
        ),
    ],
)
def test_files_that_are_no_readable_report(tmp_path, content, message):
    """Content decides the reader, whatever the name: each unreadable file gets its own line."""
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    assert problem(path) == message


def test_bytes_that_are_neither_utf8_nor_gb18030(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\xff\xfe\xfa" * 50)
    assert problem(path) == "cannot decode as UTF-8, GB18030 or Big5 (first bad byte at offset 0)"


def test_gb18030_garbage_that_is_not_chinese_is_refused(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Größe über alles, Ärger".encode("latin-1") * 20)  # decodes as GB18030, to nonsense
    assert problem(path) == "cannot decode as UTF-8, GB18030 or Big5 (first bad byte at offset 2)"


def test_invalid_utf8_after_a_bom_reports_the_file_offset(tmp_path):
    path = tmp_path / "bom-bad.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "教育".encode() + b"\xff")
    assert problem(path) == "cannot decode as UTF-8, GB18030 or Big5 (first bad byte at offset 9)"


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


BIG5_REPORT = (
    "臺北市政府教育局一一二年度工作報告\n"
    "一、推動雙語教育：本局補助各級學校經費新臺幣三億兩千萬元，增設幼兒園招收名額一千二百名。\n"
    "二、強化教師專業發展：辦理教師研習八十五場次，參與教師達四千六百人次，並推動閱讀教育與體育活動。\n"
    "三、改善校園環境：完成老舊校舍補強工程十二所，設置無障礙設施，營造安全友善的學習環境。\n"
)


def test_big5_is_decoded_as_big5_not_as_gb18030_mojibake(tmp_path):
    raw = BIG5_REPORT.encode("big5")
    raw.decode("gb18030")  # the same bytes are valid GB18030 too: only the score tells them apart
    path = tmp_path / "big5.txt"
    path.write_bytes(raw)
    source = read_report(path)
    assert (source.text, source.encoding) == (BIG5_REPORT, "big5")


def test_big5_hong_kong_characters_decode(tmp_path):
    text = "香港教育局資助學校：全年撥款一億二千萬元，支援非華語學生學習中文。" * 3 + "邨校"
    path = tmp_path / "hkscs.txt"
    path.write_bytes(text.encode("big5hkscs"))
    assert read_report(path).text == text


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_gb18030_corpus_reports_still_decode_as_gb18030(tmp_path, key):
    original = read_seed(key)
    path = tmp_path / "gb.txt"
    path.write_bytes(original.encode("gb18030"))
    assert (read_report(path).text, read_report(path).encoding) == (original, "gb18030")


def test_common_share_tells_a_right_reading_from_mojibake():
    from summarizer.reading import common_share

    raw = BIG5_REPORT.encode("big5")
    assert common_share(raw.decode("big5")) > 0.9
    assert common_share(raw.decode("gb18030")) < 0.5


def test_utf8_bytes_are_utf8_even_when_they_decode_as_big5_or_gb18030(tmp_path):
    text = "教育局工作總結：全年新建學校三所。"
    path = tmp_path / "utf8.txt"
    path.write_bytes(text.encode())
    assert (read_report(path).text, read_report(path).encoding) == (text, "utf-8")


def test_bytes_that_fit_no_encoding_keep_the_one_line_error(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"abc" + b"\x80\xff\x80\xff" * 20)  # neither UTF-8, GB18030 nor Big5
    assert problem(path) == "cannot decode as UTF-8, GB18030 or Big5 (first bad byte at offset 3)"
