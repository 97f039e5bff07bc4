"""The JSON Lines report (`--format jsonl`): one line per document as it is audited (the JSON
report's document object), then one line per input that could not be audited,
`{"source": ..., "error": ...}`; a run over millions of documents streams to disk."""

from __future__ import annotations

import json
from typing import Any, TextIO

from audit.engine import Result
from audit.model import Categories
from audit.render.common import Errors, ReportContext
from audit.render.json import document_dict


def report(ctx: ReportContext, out: TextIO) -> Lines:
    return Lines(out, ctx.categories)


class Lines:
    def __init__(self, out: TextIO, categories: Categories) -> None:
        self.out, self.categories = out, categories

    def add(self, result: Result) -> None:
        self.out.write(line(document_dict(result, self.categories)))

    def finish(self, errors: Errors, summary: dict[str, Any], suppressed: int = 0) -> None:
        for source, message in errors:
            self.out.write(line({"source": source, "error": message}))


def line(value: dict[str, Any]) -> str:
    """One JSON object on one line: JSON escapes line breaks inside strings; U+2028 and U+2029,
    which it need not escape, are escaped too (str.splitlines splits on them)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "\n"
