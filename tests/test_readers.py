"""Reports as they are published: the figures of each generated document equal those of its text report,
and each figure names the page (PDF) or paragraph (Word) it is printed on.

The documents are made from the corpus reports with real tools (tests/documents.py): a GBK web page as a
content system writes it, a PDF printed by headless Chromium, a .docx by python-docx, a scan rendered
from the PDF and read back by Tesseract. The model is a fake at the transport that answers from the
text it is sent, so equal text gives equal answers and grounding decides the rest.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from summarizer.llm.client import LLM
from summarizer.llm.presets import resolve_provider
from summarizer.models import FIGURE_SECTIONS, Report, figure_rows
from summarizer.normalize import normalize_fragment
from summarizer.pipeline import Options, summarize_file
from summarizer.readers.limits import OCR_CONFIDENCE
from summarizer.reading import read_report
from summarizer.render import render
from summarizer.render.table import to_table_text
from summarizer.tracing import OCR_NOTE
from tests.conftest import SYSTEM_PARTS, missing
from tests.corpus import SEED_NAMES, read_seed, seed_path
from tests.documents import (
    TABLE_ROWS,
    gov_page,
    print_html,
    print_pdf,
    report_lines,
    scan_of,
    word_document,
)
from tests.fakes import TextReadingTransport

SEEDS = [name[:3] for name in SEED_NAMES]
_SPACE = re.compile(r"\s+")


def summarize(path: Path) -> Report:
    options = Options(provider=resolve_provider("embedded"), cache_dir=None, max_retries=0)
    return summarize_file(path, options, LLM(options.provider, None, transport=TextReadingTransport()))


def figures(report: Report) -> dict[str, tuple[float, str]]:
    return {f"{section}.{path}": (figure.value, figure.unit) for section, path, figure in figure_rows(report)}


def need(*parts: str) -> None:
    absent = [part for part in parts if not SYSTEM_PARTS[part]()]
    if absent:
        missing(f"needs {' '.join(absent)}")


class Documents:
    """Each corpus report in each published shape, made once per session on first use."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made: dict[tuple[str, str], Path] = {}

    def get(self, seed: str, shape: str) -> Path:
        if (seed, shape) not in self.made:
            self.made[(seed, shape)] = self._make(seed, shape)
        return self.made[(seed, shape)]

    def _make(self, seed: str, shape: str) -> Path:
        out = self.folder / f"{seed}.{shape if shape != 'scan' else 'scan.pdf'}"
        text = read_seed(seed)
        if shape == "html":
            out.write_bytes(gov_page(text))
        elif shape == "pdf":
            need("chromium", "fonts-noto-cjk")
            print_pdf(print_html(text), out)
        elif shape == "docx":
            word_document(text, out)
        elif shape == "scan":
            need("tesseract-ocr", "tesseract-ocr-chi-sim", "tesseract-ocr-chi-tra")
            scan_of(self.get(seed, "pdf"), out, dpi=300)
        return out


@pytest.fixture(scope="session")
def documents(tmp_path_factory) -> Documents:
    return Documents(tmp_path_factory.mktemp("documents"))


@cache
def text_report(seed: str) -> Report:
    return summarize(seed_path(seed))


@pytest.mark.parametrize("shape", ["html", "pdf", "docx"])
@pytest.mark.parametrize("seed", SEEDS)
def test_each_published_shape_gives_the_figures_of_the_text_report(documents, seed, shape):
    report = summarize(documents.get(seed, shape))
    assert figures(report) == figures(text_report(seed))
    assert report.source.format == shape


@pytest.mark.parametrize("seed", SEEDS)
def test_pdf_text_is_the_report_s_paragraphs_without_running_header_footer_or_page_numbers(documents, seed):
    """Paragraphs come back whole, also where Chromium broke a number across lines or pages (组织5 / 0余名),
    and the table row by row; the running header (the report's title) and both page-number footers go."""
    source = read_report(documents.get(seed, "pdf"))
    expected = [_SPACE.sub("", line) for line in report_lines(read_seed(seed))]  # a wrap eats a space
    expected[min(5, len(expected)) : min(5, len(expected))] = ["".join(row) for row in TABLE_ROWS]
    assert [_SPACE.sub("", line) for line in source.text.splitlines()] == expected
    assert source.pages == len(source.origins) >= 2
    assert not re.search(r"第 \d+ 页|— \d+ —", source.text)


@pytest.mark.parametrize("seed", SEEDS)
def test_each_pdf_figure_names_the_page_it_is_printed_on(documents, seed):
    import pypdfium2 as pdfium

    path = documents.get(seed, "pdf")
    document = pdfium.PdfDocument(path)
    pages = ["".join(normalize_fragment(page.get_textpage().get_text_range()).split()) for page in document]
    report = summarize(path)
    rows = figure_rows(report)
    assert rows
    for _, name, figure in rows:
        assert figure.location == f"p. {figure.page}", name
        quote = "".join(figure.quote.split())
        printed = (pages[figure.page - 1] + (pages[figure.page] if figure.page < len(pages) else "")).find(
            quote
        )
        assert 0 <= printed < len(pages[figure.page - 1]), (
            f"{name}: {figure.quote!r} is not on p. {figure.page}"
        )


def test_each_docx_figure_names_the_paragraph_it_is_in(documents):
    import docx

    path = documents.get("000", "docx")
    paragraphs = [p.text for p in docx.Document(path).paragraphs if p.text.strip()]
    report = summarize(path)
    for _, name, figure in figure_rows(report):
        number = int(figure.location.removeprefix("¶ "))
        assert figure.page is None
        assert "".join(figure.quote.split()) in "".join(normalize_fragment(paragraphs[number - 1]).split()), (
            name
        )


def test_docx_tables_are_read_row_by_row_with_each_cell_located(documents):
    source = read_report(documents.get("000", "docx"))
    assert "学段 | 学校数(所) | 在校生(人)\n小学 | 52 | 18342\n初中 | 14 | 9127\n" in source.text
    assert source.origin_at(source.text.index("18342")).label == "table 1, row 2, cell 3"
    assert source.origin_at(source.text.index("一、以提升办学质量")).label == "¶ 7"  # the title is ¶ 1


def test_web_page_gives_the_article_without_the_site(documents):
    source = read_report(documents.get("000", "html"))
    assert (source.format, source.encoding) == ("html", "gb18030")
    for chrome in ("首页", "当前位置", "分享到", "网站标识码", "打印本页", "相关链接", "_hmt", "&nbsp;"):
        assert chrome not in source.text
    assert "累计发放资助金1543.98万元,惠及贫困学生23652人次" in source.text  # numbers out of their spans
    assert "| 学段 | 学校数(所) | 在校生(人) |" in source.text and "| 小学 | 52 | 18342 |" in source.text
    assert source.text.startswith("兴隆县教育和体育2023年工作总结\n")


@pytest.mark.parametrize(
    ("seed", "pages", "model"),
    [("000", 4, "chi_sim"), ("003", 3, "chi_tra")],
    ids=["simplified", "traditional"],
)
def test_a_scan_is_read_by_ocr_with_each_figure_flagged_and_on_its_page(documents, seed, pages, model):
    """Page 1 chooses the Tesseract model: 003 is printed in Traditional characters."""
    report = summarize(documents.get(seed, "scan"))
    assert (report.source.format, report.source.pages, report.source.encoding) == (
        "scan",
        pages,
        f"ocr ({model})",
    )
    assert figures(report) == figures(text_report(seed))
    rows = figure_rows(report)
    assert rows
    assert all(f.needs_review and f.confidence <= OCR_CONFIDENCE and OCR_NOTE in f.notes for _, _, f in rows)
    pdf = summarize(documents.get(seed, "pdf"))
    assert {n: f.page for _, n, f in rows} == {n: f.page for _, n, f in figure_rows(pdf)}


def test_renderers_show_the_page_beside_each_quote(documents):
    report = summarize(documents.get("000", "pdf"))
    aid = report.student_aid.total_amount_yuan
    assert aid.location == "p. 2"
    assert f"p. 2 · {aid.quote}" in render(report, "markdown")
    assert "│ p. 2 · 累计发放资助金1543.98万元 " in to_table_text(report, width=400)
    page = render(report, "html")
    assert '<span class="where" title="in the original document">p. 2</span> ' in page


def _cli_json(path: Path, cache_dir: Path) -> dict:
    command = [
        sys.executable,
        "-m",
        "summarizer",
        str(path),
        "--format",
        "json",
        "--cache-dir",
        str(cache_dir),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=1500)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _values(report: dict) -> dict[str, float]:
    return {
        f"{section}.{name}": figure["value"]
        for section in FIGURE_SECTIONS
        for name, figure in report[section].items()
        if isinstance(figure, dict) and "value" in figure
    }


@pytest.mark.model
def test_summarize_report_pdf_on_the_embedded_model_gives_the_text_report_s_figures(documents, model_cache):
    """`summarize report.pdf --format json` as the README writes it, with the real embedded model."""
    if importlib.util.find_spec("llama_cpp") is None:
        missing("llama-cpp-python is not installed: pip install -e '.[embedded]'")
    text = _cli_json(seed_path("000"), model_cache)
    pdf = _cli_json(documents.get("000", "pdf"), model_cache)
    assert _values(pdf) == _values(text)
    assert pdf["student_aid"]["total_amount_yuan"]["value"] == 15439800
    assert pdf["student_aid"]["total_amount_yuan"]["location"] == "p. 2"
    assert (pdf["source"]["format"], pdf["source"]["pages"]) == ("pdf", 4)


@pytest.mark.parametrize(
    ("shape", "where"),
    [("docx", "¶ 11"), ("html", None), ("scan", "p. 2")],
    ids=["summarize report.docx", "summarize page.html", "summarize scan.pdf"],
)
def test_the_readme_commands_work_on_each_shape_through_the_cli(documents, tmp_path, shape, where):
    """Each README command, run as a user runs it, against a real local OpenAI-compatible server."""
    from tests.fake_openai_server import ServerState, start_server
    from tests.test_batch_server import run_cli

    server = start_server(ServerState())
    try:
        args = [str(documents.get("000", shape)), "--format", "json", "--provider", "vllm", "--model", "fake"]
        done = run_cli(
            [*args, "--base-url", server.base_url, "--cache-dir", str(tmp_path / "cache")], tmp_path
        )
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    aid = report["student_aid"]["total_amount_yuan"]
    assert (aid["value"], aid["location"]) == (15439800, where)
    assert report["source"]["format"] == shape


def test_the_printed_pdf_really_breaks_numbers_and_sentences_that_the_reader_joins(documents):
    """The layout test above is only worth something if Chromium broke numbers across lines and sentences
    across pages: it did, in seed 000, and the reader joined them."""
    import pypdfium2 as pdfium

    path = documents.get("000", "pdf")
    raw = [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(path)]
    assert "组织5\r\n0余名" in raw[3]  # a number cut by a line break
    last_body_line = raw[0].split("\r\n")[-1]  # the page's text ends with its last body line
    assert not last_body_line.endswith(("。", ":", ";"))  # page 1 ends mid-sentence
    text = read_report(path).text
    assert "组织50余名基层党务工作者" in text
    assert last_body_line + raw[1].split("\r\n")[2] in text  # header and footer of page 2 come first


WORD_97 = Path(__file__).parent / "data" / "documents" / "000-word97.doc"


def test_a_legacy_word_97_file_gives_the_figures_of_the_text_report():
    """A real .doc (LibreOffice's Word 97 export of the .docx above, committed: nothing on PyPI writes
    one; tests/data/documents/README.md says how it was made), read through antiword."""
    need("antiword")
    report = summarize(WORD_97)
    assert report.source.format == "doc"
    assert figures(report) == figures(text_report("000"))
    located = [figure.location for _, _, figure in figure_rows(report)]
    assert located and all(re.fullmatch(r"¶ \d+", where) for where in located)
