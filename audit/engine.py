"""The engine: documents in, findings, score and source inventory out.

input -> Document -> findings (rules) -> Score -> report (renderers)

A run either holds its documents (`audit(documents)`: tests, feeds, the library API) or
streams them in two passes (`start`, `index` each document, then `audit_each`): the
cross-document index is built one document at a time, and each result is handed on as soon
as it is made, so a run's memory does not grow with its documents.
"""

from __future__ import annotations

import bisect
import itertools
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from audit import suppress
from audit.attribution import Lexicon, analyse, default_lexicon
from audit.document import Document
from audit.evidence import Evidence, evidence
from audit.inventory import Inventory, inventory
from audit.kinds.base import ClaimFinder, CrossDocument, RunContext
from audit.model import Categories, Finding, Role
from audit.outlets import Registry, annotate, default_registry
from audit.rules import Rule, default_categories, load_score_model
from audit.score import Score, ScoreModel, score

if TYPE_CHECKING:  # a run in one process loads neither
    from concurrent.futures import Future, ProcessPoolExecutor


@dataclass
class Result:
    """Everything known about one audited document."""

    document: Document
    findings: list[Finding]
    score: Score
    inventory: Inventory
    evidence: Evidence
    rule_errors: list[str] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)  # by inline audit-disable comments


class Engine:
    """Runs a set of rules over the documents of one run."""

    def __init__(
        self,
        rules: Sequence[Rule],
        category_weights: dict[str, float] | None = None,
        score_model: ScoreModel | None = None,
        categories: Categories | None = None,
        recognisers: Sequence[Rule] = (),
        outlets: Registry | None = None,
    ):
        """`score_model` defaults to the shipped pack's; `category_weights` scale some of its
        category weights (the config file's `category-weights`); `categories` (the run's
        packs', `load_categories`) default to the shipped pack's, and weigh the categories
        the model does not; `outlets` (the outlet registry) defaults to the shipped one."""
        self.outlets = outlets if outlets is not None else default_registry()
        self.rules = [r for r in rules if r.enabled]
        # stock-text rules the run does not report (--disable): still run, so that what they
        # recognise is not the article's text whether or not their category is reported
        self.recognisers = [r for r in recognisers if r.enabled]
        self.categories = categories if categories is not None else default_categories()
        model = (score_model or load_score_model([])).completed(self.categories.weights())
        self.score_model = model.scaled(category_weights) if category_weights else model
        # the rule that tells claims, for the inventory; its lexicon is the pack's, which
        # every kind analyses sourcing with (`RunContext.lexicon`)
        self._claims: ClaimFinder | None = next(
            (r.kind for r in self.rules if isinstance(r.kind, ClaimFinder) and r.kind.finds_claims),
            None,
        )
        self.lexicon: Lexicon = self._claims.lexicon if self._claims else default_lexicon()
        every = [*self.rules, *self.recognisers]
        self._indexers: list[CrossDocument] = [
            r.kind for r in every if isinstance(r.kind, CrossDocument) and r.kind.indexes
        ]
        # rules whose spans are not the article: stock text, and text the kind calls so (ads)
        stock = self.categories.with_role(Role.BOILERPLATE)
        self._not_article = frozenset(
            r.id for r in every if r.category in stock or r.kind.not_article
        )
        self._backstops = frozenset(r.id for r in self.rules if r.kind.backstop)
        self._masking = frozenset(r.id for r in self.recognisers)

    @property
    def cross_document(self) -> bool:
        """Whether a run needs every document indexed before any is checked."""
        return bool(self._indexers)

    def start(self) -> RunContext:
        """An empty run, for documents indexed one at a time (`index`)."""
        return RunContext(lexicon=self.lexicon, outlets=self.outlets)

    def index(self, doc: Document, position: int, run: RunContext) -> None:
        """Add the document at `position` (0, 1, ... in run order) to the cross-document index.

        Positions must be given in increasing order; the same position is given again when
        the document is audited (`audit_one`, `audit_each`)."""
        doc.run_position = position
        for kind in self._indexers:
            kind.index(doc, position, run)

    def prepare(self, documents: Sequence[Document]) -> RunContext:
        """A run of these documents, every one indexed before any is checked."""
        run = RunContext(lexicon=self.lexicon, outlets=self.outlets)
        for n, doc in enumerate(documents):
            self.index(doc, n, run)
        return run

    def audit(
        self,
        documents: Sequence[Document],
        jobs: int = 1,
        seed: Callable[[RunContext], None] | None = None,
    ) -> list[Result]:
        """Audit a run; with jobs > 1, documents are checked in a pool of processes.

        The cross-document index is built first, in this process; the order of the results is
        the order of the documents whatever the number of jobs. `seed(run)` may add to the
        index before any document is checked (sentences of earlier runs, from the history).
        """
        run = self.prepare(documents)
        if seed is not None:
            seed(run)
        if jobs <= 1 or len(documents) < 2 * jobs or not _can_fork():
            return [self.audit_one(doc, run) for doc in documents]
        # a document whose worker died is audited here instead: slower, never lost or waited on
        retry = lambda doc, reason: self.audit_one(doc, run)  # noqa: E731
        tasks = enumerate(documents)
        return list(self.audit_each(tasks, lambda doc: doc, run, jobs, lost=retry))

    def audit_each(
        self,
        tasks: Iterable[tuple[int, Any]],
        load: Callable[[Any], Any],
        run: RunContext,
        jobs: int = 1,
        lost: Callable[[Any, str], Any] | None = None,
    ) -> Iterator[Any]:
        """Load and audit documents one at a time, yielding each result in task order.

        `tasks` are (position, item) pairs, positions as given to `index`; `load(item)`
        returns a Document, or anything else (an error), yielded in place of the result.
        With jobs > 1, items are loaded and audited in a pool of forked processes (which
        inherit the run's index), at most a few chunks ahead of the one being yielded. A
        worker that dies (killed, out of memory) loses the chunks in flight: each of their
        items is yielded as `lost(item, reason)` and the run goes on in a fresh pool.
        """
        if jobs <= 1 or not _can_fork():
            for position, item in tasks:
                yield _load_and_audit(self, run, load, position, item)
            return
        lost = lost or (lambda item, reason: (str(item), reason))
        global _STREAM
        _STREAM = (self, run, load)
        pool = _Pool(jobs)
        try:
            pending: deque = deque()
            for chunk in _chunks(tasks, STREAM_CHUNK):
                pending.append((pool.submit(chunk), chunk))
                while len(pending) >= jobs * 4:
                    yield from pool.collect(*pending.popleft(), lost)
            while pending:
                yield from pool.collect(*pending.popleft(), lost)
        finally:
            pool.close()
            _STREAM = None

    def audit_one(
        self, doc: Document, run: RunContext | None = None, position: int | None = None
    ) -> Result:
        """Audit one document; `position` is its position in `run` (as given to `index`)."""
        if run is None:
            run = self.prepare([doc])
        elif position is not None:
            doc.run_position = position
        findings: list[Finding] = []
        errors: list[str] = []
        for rule in self.rules:
            try:
                findings.extend(rule.findings(doc, run))
            except Exception as exc:  # a faulty rule must not lose the others' results
                errors.append(f"rule {rule.id} failed: {type(exc).__name__}: {exc}")
        findings = _not_found_twice(_dedupe(findings), self._backstops)
        masks = [f for r in self.recognisers for f in _quietly(r, doc, run)]
        findings = _not_in_stock_text(findings + masks, self._not_article, self.categories)
        findings = [f for f in findings if f.rule not in self._masking] if masks else findings
        findings = _not_vaguely_sourced(self._backstops, findings, self.categories)
        suppressed: list[Finding] = []
        if doc.honours_suppressions:
            findings, suppressed = suppress.split(doc.text, findings)
        claims = set(self._claims.claims(doc)) if self._claims else set()
        inv = annotate(inventory(doc, claims, self.lexicon), doc, self.outlets)
        found = evidence(doc, analyse(doc, self.lexicon), inv)
        result = Result(
            document=doc,
            findings=findings,
            score=self.rescore(doc, findings, found),
            inventory=inv,
            evidence=found,
            rule_errors=errors,
            suppressed=suppressed,
        )
        doc.analyses.clear()  # the document is done: keep memory to the text and the findings
        return result

    def rescore(self, doc: Document, findings: list[Finding], found: Evidence) -> Score:
        """The score of `doc` with these findings (after a baseline removed some, say)."""
        ids = self.categories.ids
        return score(findings, doc.word_count, self.score_model, found, categories=ids)


_STREAM: tuple[Engine, RunContext, Callable[[Any], Any]] | None = None
STREAM_CHUNK = 4  # documents per task sent to a worker


class _Pool:
    """Forked workers for `audit_each`, replaced when one dies: a killed worker must not leave
    the run waiting for results that will never come (multiprocessing.Pool waits forever)."""

    LOST = "a worker process died while auditing it (killed, or out of memory?)"

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        ctx = multiprocessing.get_context("fork")
        return ProcessPoolExecutor(self.jobs, mp_context=ctx, initializer=_worker_signals)

    def submit(self, chunk: list, work: Callable[[list], list] | None = None) -> Future:
        from concurrent.futures.process import BrokenProcessPool

        work = work or _audit_chunk
        try:
            return self.executor.submit(work, chunk)
        except BrokenProcessPool:  # broken by an earlier chunk: start again for this one
            self.close()
            self.executor = self._start()
            return self.executor.submit(work, chunk)

    def collect(
        self, future: Future, chunk: list[tuple[int, Any]], lost: Callable[[Any, str], Any]
    ) -> list[Any]:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return future.result()
        except BrokenProcessPool:
            return [lost(item, self.LOST) for _, item in chunk]

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def _worker_signals() -> None:
    """Workers leave Ctrl-C to the parent, which reports it once (not one traceback each)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _load_and_audit(
    engine: Engine, run: RunContext, load: Callable[[Any], Any], position: int, item: Any
) -> Any:
    doc = load(item)
    if not isinstance(doc, Document):
        return doc
    return engine.audit_one(doc, run, position)


def _audit_chunk(chunk: list[tuple[int, Any]]) -> list[Any]:
    """Pool worker: load and audit a chunk of (position, item) with the inherited run."""
    assert _STREAM is not None
    engine, run, load = _STREAM
    return [_load_and_audit(engine, run, load, position, item) for position, item in chunk]


_MAPPED: Callable[[Any], Any] | None = None  # what `map_in_workers` runs, inherited


def map_in_workers(
    work: Callable[[Any], Any],
    items: Iterable[Any],
    jobs: int,
    lost: Callable[[Any, str], Any],
) -> Iterator[tuple[Any, Any]]:
    """(item, work(item)) for each item, in order, `work` running in `jobs` forked processes
    (which inherit this one: `work` may be a closure), at most a few chunks ahead of the
    one being yielded; an item whose worker died gets `lost(item, reason)` instead. One
    process (jobs <= 1, or no fork) runs `work` here."""
    if jobs <= 1 or not _can_fork():
        for item in items:
            yield item, work(item)
        return
    global _MAPPED
    _MAPPED = work
    pool = _Pool(jobs)
    try:
        pending: deque = deque()

        def ready() -> Iterator[tuple[Any, Any]]:
            future, chunk = pending.popleft()
            yield from zip(chunk, pool.collect(future, list(enumerate(chunk)), lost), strict=True)

        for chunk in _chunks(items, STREAM_CHUNK):
            pending.append((pool.submit(chunk, _map_chunk), chunk))
            while len(pending) >= jobs * 4:
                yield from ready()
        while pending:
            yield from ready()
    finally:
        pool.close()
        _MAPPED = None


def _map_chunk(chunk: list[Any]) -> list[Any]:
    """Pool worker: `map_in_workers`'s work on a chunk of items."""
    assert _MAPPED is not None
    return [_MAPPED(item) for item in chunk]


def _can_fork() -> bool:
    import multiprocessing  # one process (the usual run) never loads it

    return "fork" in multiprocessing.get_all_start_methods()


def _quietly(rule: Rule, doc: Document, run: RunContext) -> list[Finding]:
    """A recogniser's spans; one that fails masks nothing (it is not reported)."""
    try:
        return list(rule.findings(doc, run))
    except Exception:
        return []


def _not_in_stock_text(
    findings: list[Finding], not_article: frozenset[str], categories: Categories
) -> list[Finding]:
    """Stock text and ads are not the article: claims inside a boilerplate span or an inserted
    ad ("the fastest VPN, trusted by over 20 million users") are not its claims (findings of
    the categories whose role is claim or source); nor is a statement a finding links to
    another (a contradiction) when either lies there."""
    claims = categories.with_role(Role.CLAIM, Role.SOURCE)
    stock = sorted((f.start, f.end) for f in findings if f.rule in not_article)
    if not stock:
        return findings
    starts = [s for s, _ in stock]
    reach = list(itertools.accumulate((e for _, e in stock), max))  # furthest end so far

    def covered(start: int, end: int) -> bool:  # a stock span starting by `start` reaches `end`
        i = bisect.bisect_right(starts, start) - 1
        return i >= 0 and reach[i] >= end

    def dropped(f: Finding) -> bool:
        if f.related:  # a statement linked to another: either in stock text is not the article's
            return any(covered(s, e) for s, e in [(f.start, f.end), *f.related])
        return f.category in claims and covered(f.start, f.end)

    return [f for f in findings if not dropped(f)]


def _not_found_twice(findings: list[Finding], backstops: frozenset[str]) -> list[Finding]:
    """A backstop rule's finding (the sentence model) is dropped where another rule of its
    category already reports an overlapping span: one sentence is charged once."""
    if not backstops:
        return findings
    spans: dict[str, list[tuple[int, int]]] = {}
    for f in findings:
        if f.rule not in backstops:
            spans.setdefault(f.category, []).append((f.start, f.end))

    def overlapped(f: Finding) -> bool:
        return any(s < f.end and f.start < e for s, e in spans.get(f.category, ()))

    return [f for f in findings if f.rule not in backstops or not overlapped(f)]


def _not_vaguely_sourced(
    backstops: frozenset[str], findings: list[Finding], categories: Categories
) -> list[Finding]:
    """A claim whose clause holds a vague source ("Pundits have been quick to point out that
    the defence is the real problem") has a source, however poor: it is vague-sourcing (role
    source), not an unattributed claim (role claim) as well. (The attribution kind already
    skips clauses holding the vague sources it finds; this covers those found by patterns.) A
    backstop's guess (the sentence model's) that a sentence is vaguely sourced names no source
    span and overrides nothing."""
    sources, claims = categories.with_role(Role.SOURCE), categories.with_role(Role.CLAIM)
    vague = sorted(f.start for f in findings if f.category in sources and f.rule not in backstops)
    if not vague:
        return findings

    def holds_vague(f: Finding) -> bool:
        i = bisect.bisect_left(vague, f.start)
        return i < len(vague) and vague[i] < f.end

    return [f for f in findings if f.category not in claims or not holds_vague(f)]


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
