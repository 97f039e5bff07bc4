"""The engine: documents in, findings, score and source inventory out.

input -> Document -> findings (rules) -> Score -> report (renderers)
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from dataclasses import dataclass, field

from audit import suppress
from audit.document import Document
from audit.inventory import Inventory, inventory
from audit.kinds.attribution import AttributionKind
from audit.kinds.base import RunContext
from audit.model import Finding
from audit.rules import Rule
from audit.score import Score, score


@dataclass
class Result:
    """Everything known about one audited document."""

    document: Document
    findings: list[Finding]
    score: Score
    inventory: Inventory
    rule_errors: list[str] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)  # by inline audit-disable comments


class Engine:
    """Runs a set of rules over the documents of one run."""

    def __init__(self, rules: Sequence[Rule], category_weights: dict[str, float] | None = None):
        self.rules = [r for r in rules if r.enabled]
        self.category_weights = category_weights
        self._claims_kind = next(
            (
                r.kind
                for r in self.rules
                if isinstance(r.kind, AttributionKind) and r.kind.report == "unattributed"
            ),
            None,
        )

    def prepare(self, documents: Sequence[Document]) -> RunContext:
        """Let cross-document kinds index the whole run before any document is checked."""
        run = RunContext(documents)
        for rule in self.rules:
            rule.kind.prepare(run)
        return run

    def audit(self, documents: Sequence[Document], jobs: int = 1) -> list[Result]:
        """Audit a run; with jobs > 1, documents are checked in a pool of processes.

        The cross-document index is built first, in this process; the order of the results is
        the order of the documents whatever the number of jobs.
        """
        run = self.prepare(documents)
        if jobs <= 1 or len(documents) < 2 * jobs or not _can_fork():
            return [self.audit_one(doc, run) for doc in documents]
        global _WORK
        _WORK = (self, run)
        try:
            ctx = multiprocessing.get_context("fork")
            with ctx.Pool(jobs) as pool:
                chunk = max(1, len(documents) // (jobs * 8))
                return pool.map(_audit_at, range(len(documents)), chunksize=chunk)
        finally:
            _WORK = None

    def audit_one(self, doc: Document, run: RunContext | None = None) -> Result:
        run = run if run is not None else self.prepare([doc])
        findings: list[Finding] = []
        errors: list[str] = []
        for rule in self.rules:
            try:
                findings.extend(rule.findings(doc, run))
            except Exception as exc:  # a faulty rule must not lose the others' results
                errors.append(f"rule {rule.id} failed: {type(exc).__name__}: {exc}")
        findings, suppressed = suppress.split(doc.text, _not_in_stock_text(_dedupe(findings)))
        claims = set(self._claims_kind.claims(doc)) if self._claims_kind else set()
        lexicon = self._claims_kind.lexicon if self._claims_kind else None
        result = Result(
            document=doc,
            findings=findings,
            score=score(findings, doc.word_count, self.category_weights),
            inventory=inventory(doc, claims, lexicon),
            rule_errors=errors,
            suppressed=suppressed,
        )
        doc.cache.clear()  # analyses are done: keep memory to the text and the findings
        return result


_WORK: tuple[Engine, RunContext] | None = None


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _audit_at(index: int) -> Result:
    """Pool worker: audit document `index` of the run inherited from the parent (fork)."""
    assert _WORK is not None
    engine, run = _WORK
    result = engine.audit_one(run.documents[index], run)
    result.document.cache = {}  # analysis caches stay in the worker
    return result


_STOCK = "recycled-boilerplate"
_CLAIMS = ("unattributed-claim", "vague-sourcing")


def _not_in_stock_text(findings: list[Finding]) -> list[Finding]:
    """Stock text is not the article: claims inside a boilerplate span are not its claims."""
    stock = [(f.start, f.end) for f in findings if f.category == _STOCK]
    if not stock:
        return findings
    return [
        f
        for f in findings
        if f.category not in _CLAIMS or not any(s <= f.start and f.end <= e for s, e in stock)
    ]


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Sorted by position; one finding per category and span (the most severe rule's), and
    overlapping findings of one rule merged into the first ("according to media reports")."""
    seen: set[tuple[str, int, int]] = set()
    reach: dict[str, int] = {}
    out = []
    order = sorted(findings, key=lambda f: (f.start, -f.end, -f.penalty, f.rule))
    for f in order:
        key = (f.category, f.start, f.end)
        if key in seen or f.start < reach.get(f.rule, -1):
            continue
        seen.add(key)
        reach[f.rule] = max(reach.get(f.rule, -1), f.end)
        out.append(f)
    out.sort(key=lambda f: (f.start, f.end, f.rule))
    return out
