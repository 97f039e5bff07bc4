"""Markdown summary (`--format markdown`) for $GITHUB_STEP_SUMMARY or a pull-request comment.

Untrusted text (sources, titles, messages) is escaped: HTML and Markdown punctuation, table
pipes, line breaks, and @mentions (a word joiner stops GitHub from pinging anyone).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TextIO

from audit.engine import Result
from audit.gates import Gates
from audit.model import Categories
from audit.render.common import CONTROL_CHARS, Collected, Errors, ReportContext, also
from audit.summary import summarise

FINDINGS_MAX = 30
_MD_PUNCT = re.compile(r"([\\`*_{}\[\]|~])")
_SPACE = re.compile(r"\s+")


def md(text: str) -> str:
    """Untrusted text as inert inline Markdown (safe inside a table cell)."""
    text = _SPACE.sub(" ", CONTROL_CHARS.sub("\ufffd", text)).strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_PUNCT.sub(r"\\\1", text)
    return text.replace("@", "@\u2060")


def _status(result: Result, gates: Gates) -> str:
    if not gates.active:
        return ""
    return "❌ fail" if gates.failures(result) else "✅ pass"


def table(results: Sequence[Result], gates: Gates, categories: Categories) -> list[str]:
    cats = " | ".join(c.short for c in categories)
    lines = [
        f"| Document | Score | Grade | Findings | {cats} |" + (" Gate |" if gates.active else ""),
        "|---|---:|:---:|---:|" + "---:|" * len(categories) + ("---|" if gates.active else ""),
    ]
    for r in sorted(results, key=lambda r: (r.score.score, r.document.source)):
        found = r.score.categories
        counts = " | ".join(str(found[c.id].count if c.id in found else 0) for c in categories)
        row = f"| {md(r.document.source)} | {r.score.score} | {r.score.grade} | "
        row += f"{len(r.findings)} | {counts} |"
        if gates.active:
            row += f" {_status(r, gates)} |"
        lines.append(row)
    return lines


def details(result: Result, gates: Gates) -> list[str]:
    doc = result.document
    title = f" — {md(doc.title)}" if doc.title else ""
    lines = [
        "<details>",
        f"<summary>{md(doc.source)}: score {result.score.score} "
        f"(grade {result.score.grade}), {len(result.findings)} findings</summary>",
        "",
        f"**{md(doc.source)}**{title}",
        "",
    ]
    lines += [f"- **Fails:** {md(reason)}" for reason in gates.failures(result)]
    for f in result.findings[:FINDINGS_MAX]:
        line, col = doc.line_col(f.start)
        lines.append(
            f"- `{line}:{col}` **{f.severity.value}** {md(f.category)}: {md(f.message)}"
            f"{' ' + md(also(doc, f)) if f.related else ''} ({md(f.rule)})"
        )
    if len(result.findings) > FINDINGS_MAX:
        lines.append(f"- … and {len(result.findings) - FINDINGS_MAX} more")
    return [*lines, "", "</details>", ""]


def report(ctx: ReportContext, out: TextIO) -> Collected:
    return Collected(render, ctx, out)


def render(results: Sequence[Result], errors: Errors = (), ctx: ReportContext | None = None) -> str:
    ctx = ctx or ReportContext()
    gates, suppressed = ctx.gates, ctx.suppressed
    s = summarise(results, errors, ctx.categories.ids)
    mean = f", mean score {s['mean_score']}" if s["mean_score"] is not None else ""
    lines = [
        "## Source-reliability audit",
        "",
        f"{s['documents']} documents audited, {s['failed']} unreadable, "
        f"{s['findings']} findings{mean}.",
    ]
    if suppressed:
        lines.append(f"{suppressed} findings accepted by the baseline are not shown.")
    if results:
        lines += ["", *table(results, gates, ctx.categories), ""]
        for r in results:
            lines += details(r, gates)
    if errors:
        lines += ["", "**Could not audit:**", ""]
        lines += [f"- {md(source)}: {md(message)}" for source, message in errors]
    return "\n".join(lines).rstrip("\n") + "\n"
