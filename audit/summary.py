"""Aggregates over a run: counts, mean score, worst documents."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from audit.engine import Result
from audit.model import CATEGORIES


def site_of(source: str, meta: dict[str, str]) -> str:
    """The host a document came from, or 'local' for files."""
    url = meta.get("url") or source
    return urlsplit(url).hostname or "local" if "://" in url else "local"


def summarise(results: Sequence[Result], errors: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    by_category = dict.fromkeys(CATEGORIES, 0)
    by_severity = {"info": 0, "warning": 0, "error": 0}
    for r in results:
        for f in r.findings:
            by_category[f.category] = by_category.get(f.category, 0) + 1
            by_severity[f.severity.value] += 1
    scores = [r.score.score for r in results]
    worst = sorted(results, key=lambda r: r.score.score)[:5]
    sites: dict[str, list[int]] = {}
    for r in results:
        sites.setdefault(site_of(r.document.source, r.document.meta), []).append(r.score.score)
    return {
        "documents": len(results),
        "by_site": {
            site: {"documents": len(s), "mean_score": round(sum(s) / len(s), 1)}
            for site, s in sorted(sites.items())
        },
        "failed": len(errors),
        "findings": sum(by_category.values()),
        "suppressed": sum(len(r.suppressed) for r in results),
        "by_category": by_category,
        "by_severity": by_severity,
        "mean_score": round(sum(scores) / len(scores), 1) if scores else None,
        "min_score": min(scores) if scores else None,
        "worst": [{"source": r.document.source, "score": r.score.score} for r in worst],
    }
