"""What reading a published report costs: seconds per page to read a text PDF and to OCR a scanned page,
beside the embedded model's time for the same text (from the last `benchmarks/run.py`, results.json).

The documents are made as the tests make them (tests/documents.py): the five seed reports printed by
headless Chromium, repeated to a PDF of at least 100 pages, and seed 000 printed, rendered at 300 dpi
and wrapped as an image-only PDF. Run on a quiet machine: every figure is wall-clock time.

    python benchmarks/readers.py                 # ~2 min on 2 cores
    python benchmarks/readers.py --scan-pages 2  # fewer pages to OCR
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer import readers  # noqa: E402
from summarizer.reading import read_report  # noqa: E402
from tests.corpus import SEED_NAMES, read_seed  # noqa: E402
from tests.documents import print_html, print_pdf, scan_of  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results.json"


def timed_read(path: Path, repeats: int) -> tuple[float, object]:
    """Median seconds of `repeats` cold reads (the reader's one-document memo emptied each time)."""
    times = []
    source = None
    for _ in range(repeats):
        readers._memo.clear()
        started = time.perf_counter()
        source = read_report(path)
        times.append(time.perf_counter() - started)
    return statistics.median(times), source


def long_pdf(folder: Path, min_pages: int) -> Path:
    """The five seed reports one after another, repeated until the PDF has `min_pages` pages."""
    text = "\n".join(read_seed(name[:3]) for name in SEED_NAMES)
    once = print_pdf(print_html(text), folder / "once.pdf")
    import pypdfium2 as pdfium

    pages = len(pdfium.PdfDocument(once))
    copies = -(-min_pages // pages)
    return print_pdf(print_html("\n".join([text] * copies)), folder / "long.pdf")


def model_seconds_per_char() -> float | None:
    """The embedded model's cold seconds per character of report text, over the seeds last benchmarked."""
    if not RESULTS.exists():
        return None
    reports = json.loads(RESULTS.read_text(encoding="utf-8"))["reports"]
    return sum(r["cold"]["seconds"] for r in reports) / sum(r["chars"] for r in reports)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=100, help="pages of the text PDF (at least)")
    parser.add_argument("--scan-pages", type=int, default=4, help="pages of seed 000 to scan and OCR")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results-readers.json")
    args = parser.parse_args()
    per_char = model_seconds_per_char()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pdf = long_pdf(folder, args.pages)
        pdf_seconds, text_source = timed_read(pdf, args.repeats)
        printed = print_pdf(print_html(read_seed("000")), folder / "000.pdf")
        scan = scan_of(printed, folder / "scan.pdf", dpi=300, pages=args.scan_pages)
        scan_seconds, scan_source = timed_read(scan, 1)
    rows = {
        "machine": {"cpus": os.cpu_count(), "load_average_at_start": os.getloadavg()},
        "text_pdf": _row(pdf_seconds, text_source, per_char),
        "scan": _row(scan_seconds, scan_source, per_char),
    }
    args.out.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for name in ("text_pdf", "scan"):
        r = rows[name]
        model = "n/a (run benchmarks/run.py)" if r["model_seconds"] is None else f"{r['model_seconds']:.0f} s"
        print(
            f"{name:9} {r['pages']:4d} pages  {r['seconds']:8.2f} s  {r['seconds_per_page']:.3f} s/page  "
            f"model on the same text: {model}"
        )
    return 0


def _row(seconds: float, source, per_char: float | None) -> dict:
    return {
        "pages": source.pages,
        "chars": len(source.text),
        "seconds": round(seconds, 3),
        "seconds_per_page": round(seconds / source.pages, 4),
        "model_seconds": round(per_char * len(source.text), 1) if per_char else None,
    }


if __name__ == "__main__":
    raise SystemExit(main())
