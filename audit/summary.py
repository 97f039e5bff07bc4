"""Aggregates over a run: counts, mean score, worst documents."""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

from audit.engine import Result
from audit.rules import default_categories


def site_of(source: str, meta: dict[str, str]) -> str:
    """The host a document came from, or 'local' for files."""
    url = meta.get("url") or source
    return urlsplit(url).hostname or "local" if "://" in url else "local"


class Summary:
    """The aggregates of a run, fed one result at a time (the results need not be kept)."""

    WORST = 5

    def __init__(self, categories: Sequence[str] | None = None) -> None:
        """`categories`: the run's, counted even when nothing is found (the shipped pack's)."""
        self.documents = 0
        self.by_category = dict.fromkeys(categories or default_categories().ids, 0)
        self.by_severity = {"info": 0, "warning": 0, "error": 0}
        self.suppressed = 0
        self.total_score = 0
        self.min_score: int | None = None
        self.worst: list[tuple[int, int, str]] = []  # (score, arrival, source), lowest first
        self.sites: dict[str, list[int]] = {}  # site -> [documents, total score]

    def add(self, result: Result) -> None:
        for f in result.findings:
            self.by_category[f.category] = self.by_category.get(f.category, 0) + 1
            self.by_severity[f.severity.value] += 1
        score = result.score.score
        self.suppressed += len(result.suppressed)
        self.total_score += score
        self.min_score = score if self.min_score is None else min(self.min_score, score)
        entry = (score, self.documents, result.document.source)
        if len(self.worst) < self.WORST or entry < self.worst[-1]:
            insort(self.worst, entry)
            del self.worst[self.WORST :]
        site = self.sites.setdefault(site_of(result.document.source, result.document.meta), [0, 0])
        site[0] += 1
        site[1] += score
        self.documents += 1

    def as_dict(self, errors: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
        n = self.documents
        return {
            "documents": n,
            "by_site": {
                site: {"documents": count, "mean_score": round(total / count, 1)}
                for site, (count, total) in sorted(self.sites.items())
            },
            "failed": len(errors),
            "findings": sum(self.by_category.values()),
            "suppressed": self.suppressed,
            "by_category": dict(self.by_category),
            "by_severity": dict(self.by_severity),
            "mean_score": round(self.total_score / n, 1) if n else None,
            "min_score": self.min_score,
            "worst": [{"source": source, "score": score} for score, _, source in self.worst],
        }


def summarise(
    results: Iterable[Result],
    errors: Sequence[tuple[str, str]] = (),
    categories: Sequence[str] | None = None,
) -> dict[str, Any]:
    summary = Summary(categories)
    for r in results:
        summary.add(r)
    return summary.as_dict(errors)
