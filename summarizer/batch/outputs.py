"""What a batch leaves in --out: one JSON per report, summary.csv, summary.jsonl, failures.jsonl.

All written atomically. The summary files are rebuilt from the per-report JSONs at the end of a
run, in input order, so a resumed run and an uninterrupted one produce the same bytes. The CSV
is UTF-8 with a BOM because that is what makes spreadsheet programs read Chinese correctly.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..atomic import write_text_atomic
from ..models import SECTION_NAMES, Figure, Report, figure_fields

SUMMARY_CSV = "summary.csv"
SUMMARY_JSONL = "summary.jsonl"
FAILURES_JSONL = "failures.jsonl"
FIXED_COLUMNS = ("file", "output", "source_format", "pages", "county", "bureau", "report_year", "plan_year")
_UNSAFE = re.compile(r"[^\w.-]+")


@dataclass(frozen=True)
class Failure:
    file: str
    kind: str  # input | extraction | config | internal
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"file": self.file, "kind": self.kind, "reason": self.reason}


def output_name(path: Path, sha256: str) -> str:
    """The input's stem plus a short content hash: same-named reports from different folders
    never overwrite each other, and a rerun finds its earlier output again."""
    stem = _UNSAFE.sub("_", path.stem).strip("_") or "report"
    return f"{stem}-{sha256[:10]}.json"


def report_json(report: Report) -> str:
    return report.model_dump_json(indent=2) + "\n"


def figure_columns() -> list[str]:
    """`section.field` for every scalar figure of every extracted section, in schema order."""
    columns = []
    for section in SECTION_NAMES:
        cls = Report.model_fields[section].annotation
        columns.extend(f"{section}.{name}" for name in figure_fields(cls))
    return columns


def base_value(figure: Figure | None) -> int | float | None:
    """The value in base units; whole numbers as ints so 15439800.0 reads 15439800."""
    if figure is None:
        return None
    value = figure.value
    return int(value) if isinstance(value, float) and value.is_integer() else value


def summary_row(file: str, output: str, report: Report) -> dict:
    row: dict = {
        "file": file,
        "output": output,
        "source_format": report.source.format,
        "pages": report.source.pages,
    }
    meta = report.meta
    row.update(county=meta.county, bureau=meta.bureau, report_year=meta.report_year, plan_year=meta.plan_year)
    for column in figure_columns():
        section, name = column.split(".")
        row[column] = base_value(getattr(getattr(report, section), name))
    row["warnings"] = len(report.warnings)
    return row


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return format(Decimal(str(value)).normalize(), "f")
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_START):
        return "'" + text  # a spreadsheet would run =HYPERLINK(…) in a file name as a formula (OWASP)
    return text


def summary_csv(rows: list[dict]) -> str:
    header = [*FIXED_COLUMNS, *figure_columns(), "warnings", "stale"]  # stale: kept by --keep-stale
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in header])
    return "\ufeff" + buffer.getvalue()


def jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def write_summaries(out: Path, rows: list[dict], failures: list[Failure], suffix: str = "") -> None:
    """summary.csv, summary.jsonl and failures.jsonl (`suffix` keeps shards from overwriting each other)."""
    write_text_atomic(out / _with_suffix(SUMMARY_CSV, suffix), summary_csv(rows))
    write_text_atomic(out / _with_suffix(SUMMARY_JSONL, suffix), jsonl(rows))
    write_text_atomic(out / _with_suffix(FAILURES_JSONL, suffix), jsonl([f.as_dict() for f in failures]))


def _with_suffix(name: str, suffix: str) -> str:
    if not suffix:
        return name
    stem, ext = name.rsplit(".", 1)
    return f"{stem}.{suffix}.{ext}"
