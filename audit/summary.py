"""Aggregates over a run: counts, mean score, worst documents."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from audit.engine import Result
from audit.model import CATEGORIES


def summarise(results: Sequence[Result], errors: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    by_category = dict.fromkeys(CATEGORIES, 0)
    by_severity = {"info": 0, "warning": 0, "error": 0}
    for r in results:
        for f in r.findings:
            by_category[f.category] = by_category.get(f.category, 0) + 1
            by_severity[f.severity.value] += 1
    scores = [r.score.score for r in results]
    worst = sorted(results, key=lambda r: r.score.score)[:5]
    return {
        "documents": len(results),
        "failed": len(errors),
        "findings": sum(by_category.values()),
        "suppressed": sum(len(r.suppressed) for r in results),
        "by_category": by_category,
        "by_severity": by_severity,
        "mean_score": round(sum(scores) / len(scores), 1) if scores else None,
        "min_score": min(scores) if scores else None,
        "worst": [{"source": r.document.source, "score": r.score.score} for r in worst],
    }
