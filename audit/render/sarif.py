"""SARIF 2.1.0 (`--format sarif`) for GitHub code scanning and other SARIF viewers.

Columns count Unicode code points (`columnKind`), end columns are exclusive, as SARIF defines.
Each result carries the baseline fingerprint in `partialFingerprints`, so a viewer tracks a
finding across edits elsewhere in the article.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO
from urllib.parse import quote

from audit import __version__
from audit.baseline import fingerprint
from audit.engine import Result
from audit.model import Severity
from audit.render.common import Collected, Errors, ReportContext, related, repo_path
from audit.ruledocs import first_sentence, help_uri
from audit.rules import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "auditFinding/v1"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SNIPPET_MAX = 500


def artifact_uri(source: str) -> str:
    """A URI reference for a source: a relative path, a URL, or `stdin`."""
    path = repo_path(source)
    if path is None:
        return "stdin"
    if "://" in path:
        return path
    return quote(path, safe="/")


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    summary = first_sentence(rule.description) or rule.message
    full = " ".join(rule.description.split()) or rule.message
    fix = f"\n\nHow to fix: {rule.fix}" if rule.fix else ""
    fix_md = f"\n\n**How to fix:** {rule.fix}" if rule.fix else ""
    return {
        "id": rule.id,
        "name": "".join(w.capitalize() for w in rule.id.replace(".", "-").split("-")),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": full},
        "helpUri": help_uri(rule),
        "help": {
            "text": f"{full}{fix}\n\nCategory: {rule.category}. Rule kind: {rule.kind.name}.",
            "markdown": f"{full}{fix_md}\n\n**Category:** `{rule.category}`",
        },
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"tags": ["source-reliability", rule.category], "category": rule.category},
    }


def _result(r: Result, index: dict[str, int], f: Any) -> dict[str, Any]:
    doc = r.document
    line, col = doc.line_col(f.start)
    end_line, end_col = doc.line_col(f.end)
    out: dict[str, Any] = {
        "ruleId": f.rule,
        "level": LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(doc.source)},
                    "region": {
                        "startLine": line,
                        "startColumn": col,
                        "endLine": end_line,
                        "endColumn": end_col,
                        "charOffset": f.start,
                        "charLength": f.end - f.start,
                        "snippet": {"text": doc.text[f.start : f.end][:SNIPPET_MAX]},
                    },
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(doc, f)},
        "properties": {"category": f.category},
    }
    if f.related:
        out["relatedLocations"] = [_related(doc, n, r) for n, r in enumerate(related(doc, f), 1)]
    if f.rule in index:
        out["ruleIndex"] = index[f.rule]
    return out


def _related(doc: Any, n: int, r: dict[str, Any]) -> dict[str, Any]:
    """A linked span (a contradiction's other statement) as a SARIF related location."""
    end_line, end_col = doc.line_col(r["end"])
    return {
        "id": n,
        "message": {"text": "the statement it disagrees with"},
        "physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(doc.source)},
            "region": {
                "startLine": r["line"],
                "startColumn": r["column"],
                "endLine": end_line,
                "endColumn": end_col,
                "charOffset": r["start"],
                "charLength": r["end"] - r["start"],
                "snippet": {"text": r["excerpt"][:SNIPPET_MAX]},
            },
        },
    }


def report(ctx: ReportContext, out: TextIO) -> Collected:
    return Collected(render, ctx, out)


def render(results: Sequence[Result], errors: Errors = (), ctx: ReportContext | None = None) -> str:
    descriptors = [rule_descriptor(r) for r in (ctx or ReportContext()).rules]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{source}: {message}"},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(source)}}}
            ],
        }
        for source, message in errors
    ]
    run = {
        "tool": {
            "driver": {
                "name": "audit",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": descriptors,
            }
        },
        "columnKind": "unicodeCodePoints",
        "invocations": [
            {"executionSuccessful": not errors, "toolExecutionNotifications": notifications}
        ],
        "artifacts": [
            {
                "location": {"uri": artifact_uri(r.document.source)},
                "properties": {"score": r.score.score, "grade": r.score.grade},
            }
            for r in results
        ],
        "results": [_result(r, index, f) for r in results for f in r.findings],
    }
    payload = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
