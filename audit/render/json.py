"""The JSON report (`--format json`): a stable shape CI jobs and scripts rely on."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from audit import __version__
from audit.engine import Result
from audit.model import Categories
from audit.outlets import site_dict
from audit.render.common import Errors, ReportContext, related
from audit.rules import default_categories
from audit.summary import summarise

EXCERPT_MAX = 300


def document_dict(result: Result, categories: Categories) -> dict[str, Any]:
    doc = result.document
    findings = []
    for f in result.findings:
        line, column = doc.line_col(f.start)
        end_line, end_column = doc.line_col(f.end)
        findings.append(
            {
                "rule": f.rule,
                "category": f.category,
                "severity": f.severity.value,
                "message": f.message,
                "start": f.start,
                "end": f.end,
                "line": line,
                "column": column,
                "end_line": end_line,
                "end_column": end_column,
                "excerpt": doc.text[f.start : f.end][:EXCERPT_MAX],
                # the excerpt is the span's first EXCERPT_MAX characters: say when it is cut
                **({"excerpt_truncated": True} if f.end - f.start > EXCERPT_MAX else {}),
                # the other statements a finding links to (a contradiction's first)
                **({"related": related(doc, f, EXCERPT_MAX)} if f.related else {}),
            }
        )
    inv = result.inventory
    return {
        "source": doc.source,
        "title": doc.title,
        "words": doc.word_count,
        "score": result.score.score,
        "grade": result.score.grade,
        "categories": {
            cat: {"score": c.score, "count": c.count}
            for cat, c in result.score.categories.items()
            if cat in categories or c.count
        },
        "site": site_dict(inv.site),  # the page's own site (URL and HTML inputs)
        "sources": [
            {
                "name": s.name,
                "kind": s.kind,
                "how": list(s.how),
                "count": s.count,
                "start": s.first,
                "mentions": [list(m) for m in s.mentions],
                **({"also_named": list(s.names)} if s.names else {}),
            }
            | {"outlet": s.outlet, "outlet_kind": s.outlet_kind, "country": s.country}
            for s in inv.sources
        ],
        "claims": {
            "total": inv.claims,
            "attributed_to_named_source": inv.claims_named,
            "share": inv.named_share,
        },
        "evidence": {**result.evidence.as_dict(), "summary": result.evidence.summary()},
        "findings": findings,
        "meta": doc.meta,
        **({"page": doc.page} if doc.page else {}),
        # extracted from HTML or decoded from another charset: the text the offsets refer to is
        # not the file's UTF-8, so it is included
        **({"text": doc.text} if doc.page or "encoding" in doc.meta else {}),
        "suppressed": [
            {"rule": f.rule, "category": f.category, "start": f.start, "end": f.end}
            for f in result.suppressed
        ],
        "errors": result.rule_errors,
    }


def render(results: Sequence[Result], errors: Errors = (), ctx: ReportContext | None = None) -> str:
    categories = (ctx or ReportContext()).categories
    payload = {
        **_head(),
        "documents": [document_dict(r, categories) for r in results],
        "errors": _errors(errors),
        "summary": summarise(results, errors, categories.ids),
    }
    return pretty(payload) + "\n"


def _head() -> dict[str, Any]:
    return {"version": 1, "tool": {"name": "audit", "version": __version__}}


def _errors(errors: Sequence[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"source": s, "message": m} for s, m in errors]


def report(ctx: ReportContext, out: TextIO) -> Stream:
    """The JSON report, streamed (`Stream`)."""
    return Stream(out.write, ctx.categories, ctx.warnings)


class Stream:
    """The same report as `render`, byte for byte, written one document at a time: each
    document as it is audited, then the errors and the summary (from `Summary` aggregates)."""

    def __init__(
        self,
        write: Callable[[str], object],
        categories: Categories | None = None,
        warnings: list[dict[str, Any]] | None = None,
    ) -> None:
        self.write = write
        self.warnings = warnings if warnings is not None else []
        self.categories = categories or default_categories()
        self.count = 0

    def add(self, result: Result) -> None:
        if self.count == 0:
            head = pretty(_head())
            self.write(head[:-2] + ',\n  "documents": [')  # head[-2:] is "\n}"
        body = pretty(document_dict(result, self.categories))
        # JSON text never holds a raw newline inside a string: indenting by lines is safe
        self.write(("\n" if self.count == 0 else ",\n") + _indent(body, "    "))
        self.count += 1

    def finish(self, errors: Errors, summary: dict[str, Any], suppressed: int = 0) -> None:
        if self.count == 0:
            head = pretty(_head())
            self.write(head[:-2] + ',\n  "documents": []')
        else:
            self.write("\n  ]")
        warned = {"warnings": self.warnings} if self.warnings else {}  # only when there are
        tail = pretty({"errors": _errors(errors), **warned, "summary": summary})
        self.write(",\n" + tail[2:] + "\n")  # tail[:2] is "{\n"


def pretty(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)`, the same text in 60% of the time
    (with an indent, `json` falls back from its C encoder to a generator-based pure-Python
    one; this writes the layout around the C string encoder). Values of other types are left
    to `json.dumps`."""
    try:
        return "".join(_pretty(value, "\n"))
    except _Unknown:
        return json.dumps(value, ensure_ascii=False, indent=2)


class _Unknown(Exception):
    pass


_string = json.encoder.encode_basestring  # the C function json.dumps uses (ensure_ascii=False)


def _pretty(value: Any, newline: str) -> list[str]:
    if isinstance(value, str):
        return [_string(value)]
    if value is None or value is True or value is False:
        return ["null" if value is None else "true" if value else "false"]
    if type(value) is int:
        return [int.__repr__(value)]
    if type(value) is float:
        return [
            json.dumps(value) if value != value or value in _INFINITE else float.__repr__(value)
        ]
    inner = newline + "  "
    out: list[str] = []
    if type(value) is dict:
        if not value:
            return ["{}"]
        for key, item in value.items():
            if type(key) is not str:
                raise _Unknown
            out += (",", inner, _string(key), ": ") if out else ("{", inner, _string(key), ": ")
            out += _pretty(item, inner)
        out += (newline, "}")
        return out
    if type(value) is list or type(value) is tuple:
        if not value:
            return ["[]"]
        for item in value:
            out += (",", inner) if out else ("[", inner)
            out += _pretty(item, inner)
        out += (newline, "]")
        return out
    raise _Unknown


_INFINITE = (float("inf"), float("-inf"))


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.split("\n"))
