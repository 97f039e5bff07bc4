"""The HTML report (`--format html`): one self-contained, offline, printable file.

Rendered by jinja2 with autoescape on: article text, titles, sources and messages are untrusted
and only ever reach the page as escaped text. A Content-Security-Policy meta allows nothing but
the page's own stylesheet and its tiny table-sort script, both pinned by SHA-256 hash.

Findings may overlap, so the article text is split into segments at every finding boundary;
each segment knows every finding covering it, and each finding gets a numbered, labelled
badge where it starts (no colour-only meaning) linking to its entry in the findings list.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TextIO

from audit import __version__
from audit.document import Document
from audit.engine import Result
from audit.gates import Gates
from audit.model import Categories, Finding
from audit.outlets import outlet_label
from audit.render.charts import grade_legend, overview
from audit.render.common import Collected, Errors, ReportContext, related, templates
from audit.summary import site_of, summarise

TEMPLATES = Path(__file__).with_name("templates")
EXCERPT_MAX = 200


@dataclass(frozen=True)
class Segment:
    """A run of text [start, end) covered by the same findings (indexes into the list)."""

    start: int
    end: int
    active: tuple[int, ...]
    starting: tuple[int, ...]


def segments(length: int, findings: Sequence[Finding | _Span]) -> list[Segment]:
    """Split [0, length) at every finding boundary; findings are clamped to the text. One sweep
    over the boundaries, so a long article with thousands of findings stays linear."""
    spans = [(min(max(f.start, 0), length), min(max(f.end, 0), length)) for f in findings]
    cuts = sorted({0, length, *(s for s, _ in spans), *(e for _, e in spans)})
    starts: dict[int, list[int]] = defaultdict(list)
    ends: dict[int, list[int]] = defaultdict(list)
    for i, (s, e) in enumerate(spans):
        starts[s].append(i)
        if s < e:
            ends[e].append(i)
    active: set[int] = set()
    out = []
    for a, b in zip(cuts, [*cuts[1:], None], strict=True):
        active.difference_update(ends.get(a, ()))
        starting = tuple(starts.get(a, ()))
        active.update(i for i in starting if spans[i][0] < spans[i][1])
        if b is None:
            if starting:  # empty findings at the very end
                out.append(Segment(a, a, (), starting))
            break
        out.append(Segment(a, b, tuple(sorted(active)), starting))
    return out


@cache
def _styled() -> frozenset[str]:
    """The categories the stylesheet has colours for (`mark.c-ID`)."""
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    return frozenset(re.findall(r"mark\.c-([a-z0-9._-]+)", css)) - {"other"}


def css_class(category: str) -> str:
    """A category's class: its own where the stylesheet colours it, else the neutral 'other'."""
    return category if category in _styled() else "other"


def _finding(
    doc_id: str, n: int, result: Result, f: Finding, categories: Categories, fixes: dict[str, str]
) -> dict[str, Any]:
    doc = result.document
    line, col = doc.line_col(f.start)
    category = categories.get(f.category)
    return {
        "n": n,
        "id": f"{doc_id}-f{n}",
        "hl": f"{doc_id}-hl{n}",
        "rule": f.rule,
        "category": f.category,
        "css": css_class(f.category),
        "letter": category.letter,
        "label": category.label,
        "severity": f.severity.value,
        "message": f.message,
        "fix": fixes.get(f.rule, ""),
        "line": line,
        "col": col,
        "excerpt": " ".join(doc.text[f.start : f.end].split())[:EXCERPT_MAX],
        "length": f.end - f.start,
        "linked": False,
        # the other statements it links to (a contradiction's first), highlighted as well
        "related": [
            {
                "hl": f"{doc_id}-hl{n}r{k}",
                "line": r["line"],
                "col": r["column"],
                "excerpt": " ".join(r["excerpt"].split())[:EXCERPT_MAX],
            }
            for k, r in enumerate(related(doc, f), 1)
        ],
    }


@dataclass(frozen=True)
class _Span:
    """A highlighted span: a finding's own, or one it links to."""

    start: int
    end: int


def _spans(result: Result, found: list[dict[str, Any]]) -> tuple[list[_Span], list[dict]]:
    """Every span to highlight, with its view: a finding's, then the spans it links to (each
    with its own anchor, so that the findings list links to both statements)."""
    spans, views = [], []
    for f, view in zip(result.findings, found, strict=True):
        spans.append(_Span(f.start, f.end))
        views.append(view)
        for (start, end), r in zip(f.related, view["related"], strict=True):
            spans.append(_Span(start, end))
            views.append({**view, "hl": r["hl"], "linked": True, "length": end - start})
    return spans, views


def _pieces(result: Result, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    text = result.document.text
    spans, views = _spans(result, found)
    out = []
    for seg in segments(len(text), spans):
        active = sorted((views[i] for i in seg.active), key=lambda d: d["length"])
        out.append(
            {
                "text": text[seg.start : seg.end],
                "starting": [views[i] for i in seg.starting],
                "active": active,
                "css": active[0]["css"] if active else None,
                "multi": len({d["category"] for d in active}) > 1,
            }
        )
    return out


def page_signals(doc: Document) -> list[tuple[str, str]]:
    """What the page said around the article (byline, date, dropped adverts, where its links
    go), as (label, value) pairs for the top of the document; a text file has only its meta."""
    page, meta = doc.page, doc.meta
    out = [("Site", site_of(doc.source, meta))] if "://" in (meta.get("url") or doc.source) else []
    byline = page.get("byline") or meta.get("author")
    date = page.get("date") or meta.get("date")
    if page or byline:
        out.append(("Byline", str(byline) if byline else "none found"))
    if page or date:
        out.append(("Date", str(date) if date else "none found"))
    if not page:
        return out
    ads = f"{page.get('ad_blocks_removed', 0)} removed by extraction"
    if page.get("ad_blocks_kept"):
        ads += f", {page['ad_blocks_kept']} kept in the text"
    if page.get("ad_slots"):
        ads += f", {page['ad_slots']} empty slots"
    out.append(("Ad blocks", ads))
    domains = sorted(dict(page.get("link_domains") or {}).items(), key=lambda kv: -kv[1])
    links = f"{page.get('outbound_links', 0)} outbound"
    if domains:
        shown = ", ".join(f"{d} ({n})" for d, n in domains[:6])
        links += f": {shown}" + (f" and {len(domains) - 6} more" if len(domains) > 6 else "")
    out.append(("Links", links))
    return out


def document_view(
    index: int, result: Result, gates: Gates, categories: Categories, fixes: dict[str, str]
) -> dict[str, Any]:
    doc, sc = result.document, result.score
    doc_id = f"doc{index}"
    found = [
        _finding(doc_id, n, result, f, categories, fixes) for n, f in enumerate(result.findings, 1)
    ]
    inv = result.inventory
    return {
        "id": doc_id,
        "source": doc.source,
        "title": doc.title,
        "signals": page_signals(doc),
        "words": doc.word_count,
        "score": sc.score,
        "grade": sc.grade,
        "categories": [
            {
                "name": cat.id,
                "css": css_class(cat.id),
                "letter": cat.letter,
                "label": cat.label,
                "score": sc.categories[cat.id].score,
                "count": sc.categories[cat.id].count,
            }
            for cat in categories
            if cat.id in sc.categories
        ],
        "findings": found,
        "pieces": _pieces(result, found),
        "sources": inv.sources,
        "outlets": [outlet_label(s) for s in inv.sources],  # each source's, from the registry
        "site": inv.site.describe() if inv.site is not None else None,
        "evidence": result.evidence.summary(),
        "failures": gates.failures(result),
        "rule_errors": result.rule_errors,
    }


def csp_hash(content: str) -> str:
    digest = hashlib.sha256(content.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def report(ctx: ReportContext, out: TextIO) -> Collected:
    return Collected(render, ctx, out)


def render(results: Sequence[Result], errors: Errors = (), ctx: ReportContext | None = None) -> str:
    ctx = ctx or ReportContext()
    gates = ctx.gates
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    script = (TEMPLATES / "sort.js").read_text(encoding="utf-8")
    fixes = {r.id: r.fix for r in ctx.rules}
    docs = [document_view(i, r, gates, ctx.categories, fixes) for i, r in enumerate(results, 1)]
    charts = overview(results, ctx.categories, css_class) if len(results) > 1 else []
    csp = (
        f"default-src 'none'; style-src {csp_hash(css)}; script-src {csp_hash(script)}; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    return (
        templates(TEMPLATES)
        .get_template("report.html.j2")
        .render(
            documents=docs,
            errors=errors,
            summary=summarise(results, errors, ctx.categories.ids),
            legend=[(css_class(c.id), c.letter, c.label) for c in ctx.categories],
            grades=grade_legend(),
            charts=charts,
            gates=gates,
            suppressed=ctx.suppressed,
            css=css,
            script=script,
            csp=csp,
            version=__version__,
        )
    )
