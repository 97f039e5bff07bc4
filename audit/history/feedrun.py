"""What `audit feed --db` adds around one run, for any front end.

    run = FeedRun.open(path, engine, options)         # None without a database
    items = feeds.collect(sources, http, limits, use_content, on_feed=run.on_feed)
    items = run.fetch(items, reader, concurrency)     # conditional GET; 304s left out
    documents = run.skip_unchanged(read(items))       # same text, same pack: not audited
    results = engine.audit(documents, seed=run.seed(documents))   # earlier runs' sentences
    outcome = run.finish(results, errors, gate, days, say)   # one transaction, then the gate

Nothing is written before `record`: a run interrupted before it leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from audit import __version__
from audit.history import query, recycled
from audit.history.db import (
    Entry,
    History,
    HistoryError,
    Known,
    RunRecord,
    open_history,
    pack_fingerprint,
)
from audit.summary import site_of

if TYPE_CHECKING:
    from pathlib import Path

    from audit.document import Document
    from audit.engine import Engine, Result
    from audit.feeds import Feed
    from audit.inputs import InputError, Item, Reader
    from audit.kinds.base import RunContext


RECORDED_OPTIONS = (
    "use_feed_content", "rules", "only_rules", "disable", "weight", "fail_under", "fail_on",
    "baseline", "fail_on_regression", "trailing_days", "config", "no_config",
)  # fmt: skip


@dataclass(frozen=True)
class Unchanged:
    """An item not audited again: not modified (304), or the same text with the same pack."""

    source: str
    site: str
    reason: str
    score: int | None
    grade: str | None
    audited: str | None


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class FeedRun:
    """One `audit feed` run with a history database (see the module's docstring)."""

    history: History
    pack: str
    tool_version: str
    options: dict[str, Any] = field(default_factory=dict)
    clock: Callable[[], datetime] = _now
    started: datetime = field(init=False)
    feeds: dict[str, str | None] = field(default_factory=dict)  # feed -> title
    items: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)  # -> feed, meta
    known: dict[str, Known] = field(default_factory=dict)
    validators: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    unchanged: list[Unchanged] = field(default_factory=list)
    prints: dict[str, recycled.Prints] = field(default_factory=dict)  # document -> prints
    run_id: int | None = None

    def __post_init__(self) -> None:
        self.started = self.clock()

    @classmethod
    def open(
        cls,
        path: str | Path | None,
        engine: Engine,
        options: Mapping[str, Any],
        gate: float | None = None,
    ) -> FeedRun | None:
        """The history of a feed run, or None when no database is named (a regression `gate`
        then is an error). `options` are the run's settings; the plain ones are recorded."""
        if path is None:
            if gate is not None:
                raise HistoryError("--fail-on-regression needs a history database (--db FILE)")
            return None
        pack = pack_fingerprint(engine.rules, engine.score_model, __version__)
        recorded = {k: options[k] for k in RECORDED_OPTIONS if k in options}
        return cls(open_history(path), pack, __version__, recorded)

    def on_feed(self, feed: Feed) -> None:
        """Remember a feed read: its title, and which of its items came from it."""
        self.feeds.setdefault(feed.source, feed.title)
        for item in feed.items:
            self.items.setdefault(item.source, (feed.source, dict(item.meta)))
        for name, _ in feed.skipped:
            if name != feed.source:
                self.items.setdefault(name, (feed.source, {}))

    def _know(self, sources: Sequence[str]) -> None:
        wanted = [s for s in sources if s not in self.known]
        if wanted:
            self.known.update(self.history.known(wanted))

    def fetch(
        self, items: Sequence[Item | InputError], reader: Reader, concurrency: int = 4
    ) -> list[Item | InputError]:
        """Fetch the items with links ahead of the reader, conditionally where the history
        allows; the items left to read (304s are recorded as unchanged)."""
        from audit.history import fetch  # the web stack, only for a run that fetches
        from audit.inputs import Item

        self._know([i.source for i in items if isinstance(i, Item)])
        out = fetch.revalidate(
            items, self.known, self.pack, reader.http(), reader.policy(), concurrency
        )
        reader.fetched.update(out.pages)
        self.validators.update(out.validators)
        for source in out.not_modified:
            self._unchanged(source, self.items.get(source, ("", {}))[1], "not modified")
        return out.items

    def skip_unchanged(self, documents: Sequence[Document]) -> list[Document]:
        """The documents to audit: not those whose text and pack are those of their last
        audit (a server without validators sends the same page again)."""
        from audit.feeds import text_key

        self._know([d.source for d in documents])
        kept = []
        for doc in documents:
            known = self.known.get(doc.source)
            same = known is not None and known.pack == self.pack
            if same and known.content_hash == text_key(doc.text):
                self._unchanged(doc.source, doc.meta, "same text")
            else:
                kept.append(doc)
        return kept

    def _unchanged(self, source: str, meta: dict[str, str], reason: str) -> None:
        known = self.known.get(source)
        self.unchanged.append(
            Unchanged(
                source, site_of(source, meta), reason,
                known.score if known else None, known.grade if known else None,
                known.audited if known else None,
            )
        )  # fmt: skip

    def seed(self, documents: Sequence[Document]) -> Callable[[RunContext], None]:
        """The engine's seed: each document's sentences seen on its site in earlier runs."""

        def seed(run: RunContext) -> None:
            from audit.kinds.boilerplate import seed_earlier

            pages = []
            for position, doc in enumerate(documents):
                prints = self.prints[doc.source] = recycled.prints(doc)
                site = site_of(doc.source, doc.meta)
                pages.append(recycled.Page(position, doc.source, site, prints))
            seed_earlier(run, recycled.earlier(self.history.conn, pages))

        return seed

    def record(self, results: Sequence[Result], errors: Sequence[tuple[str, str]] = ()) -> int:
        """Record the run: audits, unchanged items, and the items that failed."""
        entries = [self._audited(r) for r in results]
        for u in self.unchanged:
            etag, modified = self.validators.get(u.source, (None, None))
            entries.append(self._entry(u.source, u.site, "unchanged", etag, modified))
        for source, message in errors:
            if source in self.items:
                meta = self.items[source][1]
                entries.append(self._entry(source, site_of(source, meta), "failed", None, None))
                entries[-1].error = message
        record = RunRecord(
            started=self.started,
            finished=self.clock(),
            feeds=list(self.feeds.items()),
            options=self.options,
            tool_version=self.tool_version,
            pack=self.pack,
        )
        self.run_id = self.history.record(record, entries)
        return self.run_id

    def _entry(
        self, source: str, site: str, status: str, etag: str | None, modified: str | None
    ) -> Entry:
        feed, meta = self.items.get(source, (None, {}))
        return Entry(
            source, site, status, feed=feed, title=meta.get("title"), etag=etag,
            last_modified=modified,
        )  # fmt: skip

    def _audited(self, result: Result) -> Entry:
        from audit.feeds import text_key

        doc = result.document
        known = self.known.get(doc.source)
        if known is None or known.content_hash is None:
            status = "new"
        elif known.content_hash != text_key(doc.text):
            status = "changed"
        else:
            status = "re-audited"
        prints = self.prints.get(doc.source) or recycled.prints(doc)
        etag, modified = self.validators.get(doc.source, (None, None))
        entry = self._entry(doc.source, site_of(doc.source, doc.meta), status, etag, modified)
        entry.title = entry.title or doc.title
        entry.result = result
        entry.content_hash = text_key(doc.text)
        entry.fingerprints = list(prints.keys)
        entry.core = recycled.pack_core(prints.core)
        return entry

    def regressions(self, points: float, days: int) -> list[query.Regression]:
        if self.run_id is None:
            return []
        return query.regressions(self.history, self.run_id, points, days)

    def finish(
        self,
        results: Sequence[Result],
        errors: Sequence[tuple[str, str]],
        gate: float | None,
        days: int,
        say: Callable[[str], None],
    ) -> FeedOutcome:
        """Record the run (one transaction), tell what was not audited again, check the gate
        (sites whose mean dropped by `gate` points or more against the `days` before)."""
        try:
            self.record(results, errors)
            found = self.regressions(gate, days) if gate is not None else []
        finally:
            self.history.close()
        for line in self.notices():
            say(line)
        for r in found:
            say(regression_line(r, gate or 0))
        return FeedOutcome(self.summary(found), len(self.unchanged), bool(found))

    def summary(self, regressions: Sequence[query.Regression] = ()) -> dict[str, Any]:
        """The run's history figures, for the JSON report's summary."""
        return {
            "database": str(self.history.path),
            "run": self.run_id,
            "unchanged": [
                {
                    "source": u.source,
                    "reason": u.reason,
                    "score": u.score,
                    "grade": u.grade,
                    "audited": u.audited,
                }
                for u in self.unchanged
            ],
            "regressions": [regression_dict(r) for r in regressions],
        }

    def notices(self) -> list[str]:
        """One line for people: what was not audited again, and why."""
        if not self.unchanged:
            return []
        n = len(self.unchanged)
        reasons = {r: sum(u.reason == r for u in self.unchanged) for r in _REASONS}
        detail = ", ".join(f"{k} {r}" for r, k in reasons.items() if k)
        noun = "item" if n == 1 else "items"
        return [f"{n} {noun} unchanged since the last audit, not audited again ({detail})"]


_REASONS = ("not modified", "same text")


@dataclass
class FeedOutcome:
    """What the front end reports after recording: the JSON summary's `history`, how many
    items were not audited again, and whether a site regressed past the gate."""

    summary: dict[str, Any] = field(default_factory=dict)
    unchanged: int = 0
    regressed: bool = False


def regression_dict(r: query.Regression) -> dict[str, Any]:
    return {
        "site": r.site,
        "mean_score": r.run_mean,
        "audits": r.audits,
        "trailing_mean": r.trailing_mean,
        "trailing_audits": r.trailing_audits,
        "days": r.days,
        "drop": round(r.drop, 1),
    }


def regression_line(r: query.Regression, points: float) -> str:
    return (
        f"regression: {r.site}: mean score {r.run_mean:g} in this run ({r.audits} audited) "
        f"against {r.trailing_mean:g} over the {r.days} days before ({r.trailing_audits} "
        f"audits): down {r.drop:.1f} points (gate {points:g})"
    )
