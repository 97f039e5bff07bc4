"""The terminal report (rich): score, category bars, findings in context, source inventory.

Article text is untrusted: it is shown through `rich.text.Text` (never parsed as markup) and
control characters are replaced, so an article cannot inject terminal escape sequences.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, TextIO

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from audit.engine import Result
from audit.model import Categories
from audit.outlets import outlet_label
from audit.render.common import CONTROL_CHARS, Errors, ReportContext
from audit.rules import default_categories
from audit.summary import summarise

SEVERITY_STYLE = {"info": "dim", "warning": "yellow", "error": "bold red"}
GRADE_STYLE = {"A": "bold green", "B": "green", "C": "yellow", "D": "red", "F": "bold red"}
CONTEXT = 160


def clean(text: str) -> str:
    """Untrusted text made safe for a terminal: control characters become visible."""
    return CONTROL_CHARS.sub("\ufffd", text)


def _bar(score: int, width: int = 20) -> Text:
    filled = round(score / 100 * width)
    style = "green" if score >= 80 else "yellow" if score >= 60 else "red"
    return Text("█" * filled, style=style) + Text("░" * (width - filled), style="dim")


def _context(result: Result, start: int, end: int) -> Text:
    """The sentence around a finding, with the finding's span highlighted."""
    doc = result.document
    i = doc.sentence_index_at(start)
    s0, s1 = (doc.sentences[i].start, doc.sentences[i].end) if i is not None else (start, end)
    s0, s1 = min(s0, start), max(s1, end)
    if s1 - s0 > 2 * CONTEXT:
        s0, s1 = max(s0, start - CONTEXT // 2), min(s1, max(end, start + CONTEXT))
    out = Text("  ")
    out.append(
        clean(" ".join(doc.text[s0:start].split()))
        + (" " if start > s0 and doc.text[start - 1].isspace() else "")
    )
    out.append(clean(" ".join(doc.text[start:end].split())), style="reverse")
    tail = doc.text[end:s1]
    out.append((" " if tail[:1].isspace() else "") + clean(" ".join(tail.split())))
    return out


def document_report(result: Result, verbose: bool, categories: Categories) -> Group:
    doc, sc = result.document, result.score
    head = Text()
    head.append(f" {sc.score} ", style=f"reverse {GRADE_STYLE[sc.grade]}")
    head.append(f"  grade {sc.grade}  ", style=GRADE_STYLE[sc.grade])
    head.append(clean(doc.source), style="bold")
    if doc.title:
        head.append("\n" + clean(doc.title), style="italic")
    if result.inventory.site is not None:  # the page's own site, from the outlet registry
        head.append("\nsite " + clean(result.inventory.site.describe()), style="dim")
    bars = Table.grid(padding=(0, 2))
    for cat in (c for c in categories if c.id in sc.categories):
        c = sc.categories[cat.id]
        bars.add_row(
            Text(cat.id, style=cat.colour),
            _bar(c.score),
            Text(f"{c.score:>3}"),
            Text(f"{c.count} finding{'s' if c.count != 1 else ''}", style="dim"),
        )
    evidence = Text("evidence  ", style="bold")
    evidence.append(clean(result.evidence.summary()), style="dim")
    parts: list = [head, bars, evidence] if verbose else [head]
    if result.findings:
        parts.append(Text("\nFindings", style="bold"))
        for f in result.findings:
            line, col = doc.line_col(f.start)
            row = Text(f"{line}:{col} ", style="bold")
            row.append(f"{f.severity.value} ", style=SEVERITY_STYLE[f.severity.value])
            row.append(f"[{f.category}] ", style=categories.get(f.category).colour)
            row.append(clean(f.message))
            row.append(f"  {f.rule}", style="dim")
            parts.append(row)
            if verbose:
                parts.append(_context(result, f.start, f.end))
            for start, end in f.related:  # the other statement, line and (verbose) context
                other, other_col = doc.line_col(start)
                parts.append(Text(f"  linked: {other}:{other_col}", style="dim"))
                if verbose:
                    parts.append(_context(result, start, end))
    inv = result.inventory
    if verbose:
        parts += _sources(inv)
    if result.suppressed:
        n = len(result.suppressed)
        parts.append(
            Text(f"  {n} finding{'s' if n != 1 else ''} suppressed by audit-disable", style="dim")
        )
    for err in result.rule_errors:
        parts.append(Text(clean(err), style="red"))
    return Group(*parts)


def _sources(inv) -> list:
    """The Sources table: who the article cites, how and how often."""
    parts: list = [Text("\nSources", style="bold")]
    if inv.sources:
        table = Table(show_edge=False, box=None, padding=(0, 2))
        for col in ("source", "kind", "outlet", "how", "times"):
            table.add_column(col, style="dim" if col != "source" else "")
        for s in inv.sources:
            outlet = clean(outlet_label(s))
            table.add_row(Text(clean(s.name)), s.kind, outlet, ", ".join(s.how), str(s.count))
        parts.append(table)
    else:
        parts.append(Text("  no attributed sources found", style="dim"))
    return parts


def render(
    results: Sequence[Result],
    errors: Sequence[tuple[str, str]],
    console: Console,
    verbose: bool = True,
    categories: Categories | None = None,
) -> None:
    stream = Stream(console, verbose, categories)
    for result in results:
        stream.add(result)
    stream.finish(errors, summarise(results, errors, stream.categories.ids))


def report(ctx: ReportContext, out: TextIO) -> Stream:
    """The text report, streamed: on standard output as the terminal shows it; in a file as
    plain text, 100 columns wide."""
    if out is sys.stdout and out.isatty():
        stream = Stream(Console(highlight=False), ctx.verbose, ctx.categories)
    else:  # piped or in a file: no box, lines as long as they need (no rule id wrapped alone)
        plain = Console(file=out, width=100, color_system=None, soft_wrap=True)
        stream = Stream(plain, ctx.verbose, ctx.categories, boxed=False)
    stream.show_errors = out is not sys.stdout  # on stdout: already said once, on stderr
    return stream


class Stream:
    """The terminal report, printed one document at a time, then the errors and the summary."""

    def __init__(
        self,
        console: Console,
        verbose: bool = True,
        categories: Categories | None = None,
        boxed: bool = True,
    ) -> None:
        self.console, self.boxed = console, boxed
        self.show_errors = True
        self.verbose = verbose
        self.categories = categories or default_categories()

    def add(self, result: Result) -> None:
        report = document_report(result, self.verbose, self.categories)
        self.console.print(Panel(report, expand=True) if self.boxed else report)
        if not self.boxed:
            self.console.print()

    def finish(self, errors: Errors, summary: dict[str, Any], suppressed: int = 0) -> None:
        for source, message in errors if self.show_errors else ():
            self.console.print(Text(f"error: {clean(source)}: {clean(message)}", style="red"))
        if summary["documents"] + len(errors) > 1:
            self.console.print(summary_view(summary, self.categories))


def summary_view(s: dict[str, Any], categories: Categories) -> Group:
    """Items, mean score, worst items, findings per category, failures, per-site figures,
    from a run's aggregates (`audit.summary`)."""
    mean = "-" if s["mean_score"] is None else f"{s['mean_score']:.0f}"
    head = Text(
        f"{s['documents']} documents audited, {s['failed']} unreadable, mean score {mean}, "
        f"{s['findings']} findings",
        style="bold",
    )
    cats = Table(box=None, padding=(0, 2), show_header=False)
    for cat, n in s["by_category"].items():
        cats.add_row(Text(cat, style=categories.get(cat).colour), str(n))
    worst = Table(title="worst", box=None, padding=(0, 2), title_justify="left")
    for col in ("score", "document"):
        worst.add_column(col)
    for w in s["worst"]:
        worst.add_row(str(w["score"]), Text(clean(w["source"])))  # a name is not markup
    parts: list = [head, cats, worst]
    if len(s["by_site"]) > 1 or "local" not in s["by_site"]:
        sites = Table(title="by site", box=None, padding=(0, 2), title_justify="left")
        for col in ("site", "documents", "mean score"):
            sites.add_column(col)
        for site, v in s["by_site"].items():
            sites.add_row(Text(clean(site)), str(v["documents"]), f"{v['mean_score']:.0f}")
        parts.append(sites)
    return Group(*parts)
