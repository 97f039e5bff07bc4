"""One line a finding (`--format concise`), like ruff's concise and Vale's line output:
`path:line:col: severity [category] message (rule-id)`; the default when standard output is
not a terminal, so logs and editors can jump to each finding."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from audit.engine import Result
from audit.render.common import Errors, ReportContext, also, one_line


def line(result: Result, index: int) -> str:
    doc, f = result.document, result.findings[index]
    row, col = doc.line_col(f.start)
    return (
        f"{one_line(doc.source)}:{row}:{col}: {f.severity.value} [{f.category}] "
        f"{one_line(f.message)}{also(doc, f)} ({f.rule})"
    )


class Concise:
    """Findings streamed as each document is audited; unreadable inputs at the end."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.show_errors = out is not sys.stdout  # on stdout: already said once, on stderr

    def add(self, result: Result) -> None:
        for i in range(len(result.findings)):
            self.out.write(line(result, i) + "\n")

    def finish(self, errors: Errors, summary: dict[str, Any], suppressed: int = 0) -> None:
        for source, message in errors if self.show_errors else ():
            self.out.write(f"{one_line(source)}: error: {one_line(message)}\n")


def report(ctx: ReportContext, out: TextIO) -> Concise:
    return Concise(out)
