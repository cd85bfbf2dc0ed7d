"""`summarize batch --html`: a review page per report plus `index.html` across them all."""

from __future__ import annotations

from pathlib import Path

from ..atomic import write_text_atomic
from ..models import Report
from ..render.html import to_html
from ..render.index_page import to_index_html


def write_pages(out: Path, outputs: list[str]) -> Path:
    """Render each finished report's JSON (named in `outputs`) to HTML, then the index linking them."""
    rows: list[tuple[Report, str]] = []
    for name in outputs:
        report = Report.model_validate_json((out / name).read_text(encoding="utf-8"))
        page = Path(name).with_suffix(".html").name
        write_text_atomic(out / page, to_html(report))
        rows.append((report, page))
    index = out / "index.html"
    write_text_atomic(index, to_index_html(rows))
    return index
