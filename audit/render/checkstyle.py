"""Checkstyle XML (`--format checkstyle`), read by Jenkins (warnings-ng), reviewdog and
others: one `<file>` per document, one `<error>` per finding; unreadable inputs as errors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO
from xml.sax.saxutils import quoteattr

from audit.engine import Result
from audit.render.common import (
    CONTROL_CHARS,
    Collected,
    Errors,
    ReportContext,
    also,
    repo_path,
)


def _attr(text: str) -> str:
    return quoteattr(CONTROL_CHARS.sub("\ufffd", text))  # XML 1.0 allows no control characters


def _file(result: Result) -> list[str]:
    doc = result.document
    out = [f"  <file name={_attr(repo_path(doc.source) or doc.source)}>"]
    for f in result.findings:
        line, col = doc.line_col(f.start)
        message = _attr(f"[{f.category}] {f.message}{also(doc, f)}")
        out.append(
            f'    <error line="{line}" column="{col}" severity="{f.severity.value}" '
            f"message={message} source={_attr('audit.' + f.rule)}/>"
        )
    out.append("  </file>")
    return out


def render(results: Sequence[Result], errors: Errors, ctx: ReportContext) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">']
    for r in results:
        lines += _file(r)
    for source, message in errors:
        lines += [
            f"  <file name={_attr(repo_path(source) or source)}>",
            f'    <error severity="error" message={_attr(message)} source="audit.unreadable"/>',
            "  </file>",
        ]
    lines.append("</checkstyle>")
    return "\n".join(lines) + "\n"


def report(ctx: ReportContext, out: TextIO) -> Collected:
    return Collected(render, ctx, out)
