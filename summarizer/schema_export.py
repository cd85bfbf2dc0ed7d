"""Export the output's JSON Schema to `schemas/report.schema.json` for consumers in other languages.

Run `python -m summarizer.schema_export` after changing `models.py`; a test fails while the
published file is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .models import SCHEMA_VERSION, Report

SCHEMA_FILE = "report.schema.json"


def schema_text() -> str:
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://summarizer.invalid/schemas/report-{SCHEMA_VERSION}.json"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main() -> int:
    target = Path(__file__).resolve().parents[1] / "schemas" / SCHEMA_FILE
    target.write_text(schema_text(), encoding="utf-8")
    sys.stderr.write(f"wrote {target}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
