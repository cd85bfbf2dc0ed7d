"""After extraction: where each figure is in the original document, and how far OCR'd figures are trusted.

Spans point into the text a reader extracted; the reader also said which page, paragraph or table cell
each stretch of that text came from (`SourceText.origins`). One walk over the finished report gives
every figure its `page` and `location`, so no extraction step needs to know about documents. A figure
read from a scan is a figure a misread digit can make wrong while it looks right: its confidence is
lowered and it is flagged for review.
"""

from __future__ import annotations

from .models import Report, figure_rows
from .readers.limits import OCR_CONFIDENCE
from .reading import SourceText

OCR_NOTE = "read by OCR from a scan: check the digits against the page"


def trace_figures(report: Report, source: SourceText) -> None:
    """Fill each figure's page and location; lower the confidence of figures read by OCR."""
    for _, _, figure in figure_rows(report):
        origin = source.origin_at(figure.span[0])
        if origin is not None:
            figure.page, figure.location = origin.page, origin.label
        if source.ocr:
            figure.confidence = min(figure.confidence, OCR_CONFIDENCE)
            figure.needs_review = True
            if OCR_NOTE not in figure.notes:
                figure.notes.append(OCR_NOTE)
