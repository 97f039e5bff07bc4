"""GitLab Code Quality (`--format codequality`): a JSON array of issues, each with a
description, check name, fingerprint, severity and repository-relative location."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any, TextIO

from audit.engine import Result
from audit.model import Severity
from audit.render.common import Collected, Errors, ReportContext, related, repo_path

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def issues(result: Result) -> list[dict[str, Any]]:
    doc, out = result.document, []
    path = repo_path(doc.source) or doc.source
    for f in result.findings:
        line, _ = doc.line_col(f.start)
        # stable across runs and line moves: the rule, the file and the flagged text
        key = f"{f.rule}\0{path}\0{doc.text[f.start : f.end]}".encode("utf-8", "surrogatepass")
        out.append(
            {
                "description": f"{f.message} ({f.rule})",
                "check_name": f.rule,
                "fingerprint": hashlib.sha256(key).hexdigest(),
                "severity": SEVERITY[f.severity],
                "categories": ["Style"],
                "location": {"path": path, "lines": {"begin": line}},
                # Code Climate's field for the other places an issue is about
                **(
                    {"other_locations": [_at(path, r) for r in related(doc, f)]}
                    if f.related
                    else {}
                ),
            }
        )
    return out


def _at(path: str, r: dict[str, Any]) -> dict[str, Any]:
    return {"path": path, "lines": {"begin": r["line"]}}


def render(results: Sequence[Result], errors: Errors, ctx: ReportContext) -> str:
    found = [issue for r in results for issue in issues(r)]
    return json.dumps(found, indent=2, ensure_ascii=False) + "\n"


def report(ctx: ReportContext, out: TextIO) -> Collected:
    return Collected(render, ctx, out)
