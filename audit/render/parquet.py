"""The Parquet report (`--format parquet -o FILE`, pyarrow of the 'scale' extra): one row per
document, for pandas, DuckDB or Spark; written in row groups as the run goes, so memory stays
flat. Columns: source, title, words, score, grade, the claims counts, `categories` (a list of
category, score, count), `findings` (a list of the JSON report's finding fields), `sources`,
the rule errors, and `error` (set, with nothing else, on the row of an input that could not
be audited)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from audit.engine import Result
from audit.model import Categories
from audit.render.common import Errors, ReportContext
from audit.render.json import document_dict

EXTRA = "--format parquet needs pyarrow, of the 'scale' extra: pip install 'audit[scale]'"
ROW_GROUP = 1000


def schema() -> Any:
    import pyarrow as pa

    finding = pa.struct(
        [
            ("rule", pa.string()), ("category", pa.string()), ("severity", pa.string()),
            ("message", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
            ("line", pa.int64()), ("column", pa.int64()), ("excerpt", pa.string()),
        ]
    )  # fmt: skip
    category = pa.struct(
        [("category", pa.string()), ("score", pa.float64()), ("count", pa.int64())]
    )
    source = pa.struct([("name", pa.string()), ("kind", pa.string()), ("count", pa.int64())])
    return pa.schema(
        [
            ("source", pa.string()), ("title", pa.string()), ("words", pa.int64()),
            ("score", pa.float64()), ("grade", pa.string()), ("claims", pa.int64()),
            ("claims_named", pa.int64()), ("findings_count", pa.int64()),
            ("categories", pa.list_(category)), ("findings", pa.list_(finding)),
            ("sources", pa.list_(source)), ("meta", pa.string()),
            ("rule_errors", pa.list_(pa.string())), ("error", pa.string()),
        ]
    )  # fmt: skip


def report(ctx: ReportContext, out: TextIO) -> Table:
    return Table(out, ctx.categories)


class Table:
    def __init__(self, out: TextIO, categories: Categories) -> None:
        import pyarrow.parquet as pq

        self.out, self.categories = out, categories
        self.schema = schema()
        out.flush()
        self.writer = pq.ParquetWriter(out.buffer, self.schema)  # type: ignore[attr-defined]
        self.rows: list[dict[str, Any]] = []

    def add(self, result: Result) -> None:
        self.rows.append(row(document_dict(result, self.categories)))
        if len(self.rows) >= ROW_GROUP:
            self._flush()

    def finish(self, errors: Errors, summary: dict[str, Any], suppressed: int = 0) -> None:
        self.rows += [{"source": source, "error": message} for source, message in errors]
        self._flush()
        self.writer.close()
        self.out.buffer.flush()  # type: ignore[attr-defined]

    def _flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []


def row(doc: dict[str, Any]) -> dict[str, Any]:
    """A document of the JSON report as a row."""
    return {
        "source": doc["source"],
        "title": doc["title"],
        "words": doc["words"],
        "score": doc["score"],
        "grade": doc["grade"],
        "claims": doc["claims"]["total"],
        "claims_named": doc["claims"]["attributed_to_named_source"],
        "findings_count": len(doc["findings"]),
        "categories": [{"category": k, **v} for k, v in doc["categories"].items()],
        "findings": doc["findings"],
        "sources": doc["sources"],
        "meta": json.dumps(doc["meta"], ensure_ascii=False),
        "rule_errors": doc["errors"],
        "error": None,
    }
