"""GitLab Code Quality (`--format codequality`): a JSON array of issues, each with a
description, check name, fingerprint, severity and repository-relative location."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any, TextIO

from audit.engine import Result
from audit.model import Severity
from audit.render.common import Collected, Errors, ReportContext, repo_path

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
            }
        )
    return out


def render(results: Sequence[Result], errors: Errors, ctx: ReportContext) -> str:
    found = [issue for r in results for issue in issues(r)]
    return json.dumps(found, indent=2, ensure_ascii=False) + "\n"


def report(ctx: ReportContext, out: TextIO) -> Collected:
    return Collected(render, ctx, out)
