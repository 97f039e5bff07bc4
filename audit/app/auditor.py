"""One flow for every way in: `audit run`, `audit feed`, `audit baseline` and library callers.

An `Auditor` holds a run's options; it selects the rules, reads the inputs (URLs
concurrently, local inputs in two passes), audits them, and either returns the results
(`audit_texts`, `audit_paths`) or applies the baseline and gates and writes the reports
(`run`, `feed`), returning the exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audit import baseline as baseline_mod
from audit import outlets as outlets_mod
from audit import output
from audit.app.options import (
    RunOptions,
    load_config,
    recognisers,
    rule_paths,
    select_rules,
    with_config,
)
from audit.app.reading import (
    Batch,
    Say,
    expand_paths,
    make_reader,
    quiet,
    read_documents,
    report_stem,
    rereadable,
)
from audit.app.reporting import EXIT_ERROR, EXIT_FAIL, EXIT_OK, Reporting
from audit.baseline import Baseline
from audit.config import Config, ConfigError
from audit.document import Document
from audit.engine import Engine, Result
from audit.gates import Gates, gate_choices
from audit.render.common import ReportContext
from audit.rules import Rule, load_categories, load_rules, load_score_model

if TYPE_CHECKING:
    from audit import feeds as feeds_mod
    from audit.history.feedrun import FeedRun

DEFAULT_FAIL_ON = ("error",)  # the gate of a run that names none
Errors = list[tuple[str, str]]  # inputs that could not be audited: (source, message)


@dataclass
class Outcome:
    """What auditing some inputs gave: a result per readable document, in input order, and
    the inputs that could not be read."""

    results: list[Result]
    errors: Errors = field(default_factory=list)


@dataclass
class _Audited:
    results: Iterable[Result]
    errors: Errors  # a batch's list grows while its results are read
    stem: str  # the default HTML report's name


class Auditor:
    """A run's setup and flow. `options` are what the command line would give (by default
    the shipped rules, the nearest configuration file, one process); a library caller with
    rules in hand passes `rules` instead, scored with the shipped pack's weights. `say`
    receives one-line notices and errors (the CLI prints them; by default they are dropped,
    errors being returned too)."""

    def __init__(
        self,
        options: RunOptions | None = None,
        *,
        rules: Sequence[Rule] | None = None,
        say: Say = quiet,
    ) -> None:
        self.given = options or RunOptions()
        self.given_rules = list(rules) if rules is not None else None
        self.say = say
        self._rule_ids: set[str] | None = None  # every rule id of the packs, once loaded

    @cached_property
    def config(self) -> Config:
        return load_config(self.given)

    @cached_property
    def options(self) -> RunOptions:
        """The given options, completed from the configuration file."""
        return with_config(self.given, self.config)

    @cached_property
    def engine(self) -> Engine:
        if self.given_rules is not None:
            return Engine(self.given_rules, outlets=self.outlets)
        paths = rule_paths(self.options, self.config)
        loaded = load_rules(paths)
        self._rule_ids = {r.id for r in loaded}  # before selection: every rule of the packs
        rules = select_rules(self.options, self.config, loaded)
        model, categories = load_score_model(paths), load_categories(paths)
        masks = recognisers(self.options, self.config, rules)
        weights = self.config.category_weights or None
        return Engine(rules, weights, model, categories, masks, outlets=self.outlets)

    @cached_property
    def outlets(self) -> outlets_mod.Registry:
        """The outlet registry: the shipped one, then the configuration's files, then the
        command line's (a later outlet of the same name replaces an earlier one)."""
        paths = [*self.config.outlets, *self.options.outlets]
        try:
            return outlets_mod.load(paths)
        except outlets_mod.OutletsError as exc:
            raise ConfigError(str(exc)) from None

    def rules(self) -> list[Rule]:
        """The run's rules, enabled or not, as selected from the packs and the configuration."""
        if self.given_rules is not None:
            return self.given_rules
        return select_rules(self.options, self.config)

    def gates(self) -> Gates:
        """The options' gates, else the configuration's; with neither, `fail_on` is `error`
        (like ruff and Vale: an error-level finding fails the run). A `fail_on` name must be a
        severity or one of the run's categories."""
        fail_on = tuple(self.options.fail_on) or DEFAULT_FAIL_ON
        known = gate_choices(self.engine.categories)
        if unknown := [name for name in fail_on if name not in known]:
            raise output.UsageError(f"fail_on: no severity or category named {unknown[0]!r}")
        fail_under = self.options.fail_under
        if fail_under is None and self.config.fail_under is not None:
            fail_under = float(self.config.fail_under)
        return Gates(fail_under, fail_on)

    def plan(self, stem: str) -> list[output.Target]:
        """The run's reports: the options' formats and outputs, else the configuration's
        `format`; default HTML reports go to the configuration's `output-dir`, else reports/."""
        cfg, reports = self.config, list(self.options.reports)
        if cfg.format and not any(kind == "format" for kind, _ in reports):
            reports = [("format", cfg.format), *reports]
        return output.plan(reports, stem, cfg.output_dir or output.REPORTS_DIR)

    def _all_rule_ids(self) -> set[str]:
        """Every rule id of the run's packs, disabled or not (a suppression comment may name
        a rule this run switched off)."""
        if self.given_rules is not None:
            return {r.id for r in self.given_rules}
        if self._rule_ids is None:
            self._rule_ids = {r.id for r in load_rules(rule_paths(self.options, self.config))}
        return self._rule_ids

    # --- results only ---------------------------------------------------------------------

    def audit_texts(self, texts: Mapping[str, str] | Iterable[str]) -> list[Result]:
        """Audit texts as one run (cross-document rules see them all). A mapping's keys name
        its texts; other texts are named `<text 1>`, `<text 2>` ..."""
        if isinstance(texts, Mapping):
            named: Iterable[tuple[str, str]] = texts.items()
        else:
            named = ((f"<text {n}>", text) for n, text in enumerate(texts, 1))
        documents = [Document.build(text, source) for source, text in named]
        return self.engine.audit(documents, jobs=self.options.jobs)

    def audit_paths(self, paths: Sequence[str] | None = None) -> Outcome:
        """Audit files, folders, JSON Lines, URLs or `-` (by default the options' `paths`) as
        `audit run` does, without baseline, gates or reports."""
        options = self.options if paths is None else replace(self.options, paths=tuple(paths))
        audited = self._audit_inputs(options, *self._filters())
        return Outcome(list(audited.results), audited.errors)

    # --- the commands ---------------------------------------------------------------------

    def run(self) -> int:
        """`audit run`: audit the paths, apply the baseline and gates, write every report."""
        self.plan("report")  # usage errors before any work
        accepted = self._accepted()
        audited = self._audit_inputs(self.options, *self._filters())
        return self._report(audited.results, audited.errors, accepted, audited.stem)

    def feed(self) -> int:
        """`audit feed`: audit the items of feeds as one run; unreadable items are reported,
        and fatal only when nothing could be audited. With a history database (--db), the run
        is recorded, unchanged items are not audited again and the regression gate applies."""
        from audit import feeds
        from audit.history.feedrun import FeedRun

        self.plan("report")
        accepted = self._accepted()
        engine, opts = self.engine, self.options
        gate = opts.fail_on_regression
        hist = FeedRun.open(opts.db, engine, asdict(opts), gate)  # None: no --db
        reader = make_reader(opts)
        http, policy = reader.http(), reader.policy()
        items = feeds.collect(opts.paths, http, policy, opts.use_feed_content, self._on_feed(hist))
        if hist:
            items = hist.fetch(items, reader, opts.concurrency or 4)  # conditional GET
        documents, errors = read_documents(opts, items, self.say, reader)
        documents, duplicates = feeds.drop_duplicate_texts(documents)
        for source, first in duplicates:
            self.say(f"{source}: same text as {first}, audited once")
        if hist:
            documents = hist.skip_unchanged(documents)
        seed = hist.seed(documents) if hist else None  # sentences of the sites' earlier pages
        results = engine.audit(documents, jobs=opts.jobs, seed=seed)  # recycled footers show
        past = hist.finish(results, errors, gate, opts.trailing_days, self.say) if hist else None
        extra = {"history": past.summary} if past else None
        stem = report_stem(opts.paths, results)
        if not results and not (past and past.unchanged):  # nothing could be audited
            if not errors:
                self.say("error: the feeds hold nothing to audit")
            self._report([], [], None, stem, errors, Gates(), extra)
            return EXIT_ERROR
        code = self._report(results, [], accepted, stem, errors, extra=extra)
        return EXIT_FAIL if code == EXIT_OK and past and past.regressed else code

    def _on_feed(self, hist: FeedRun | None) -> Callable[[feeds_mod.Feed], None]:
        """Each feed read is announced, and remembered by the history."""

        def on_feed(feed: feeds_mod.Feed) -> None:
            self._announce_feed(feed)
            if hist:
                hist.on_feed(feed)

        return on_feed

    def _announce_feed(self, feed: feeds_mod.Feed) -> None:
        n = len(feed.items)
        self.say(f"feed: {feed.title} ({feed.source}): {n} item{'s' if n != 1 else ''}")

    def write_baseline(self, path: str) -> int:
        """`audit baseline`: accept every finding of the paths in a baseline file at `path`."""
        audited = self._audit_inputs(self.options, None, None)
        counted = _Counted(audited.results)
        base = baseline_mod.anchor(Path(path))
        output.write_atomic(Path(path), baseline_mod.build(counted, base))  # type: ignore[arg-type]
        self.say(
            f"baseline of {counted.findings} findings in {counted.documents} documents "
            f"written to {path}"
        )
        return EXIT_ERROR if audited.errors else EXIT_OK

    # --- the flow -------------------------------------------------------------------------

    def _filters(self) -> tuple[Sequence[str], Sequence[str]]:
        """--include and --exclude, else the configuration's."""
        cfg = self.config
        return self.options.include or cfg.include, self.options.exclude or cfg.exclude

    def _accepted(self) -> Baseline | None:
        return Baseline.load(Path(self.options.baseline)) if self.options.baseline else None

    def _audit_inputs(
        self, opts: RunOptions, include: Sequence[str] | None, exclude: Sequence[str] | None
    ) -> _Audited:
        """Local inputs (files, folders, JSON Lines) in two passes, so that memory stays flat;
        anything else (stdin, URLs) read first, concurrently, and audited as one run. The
        rules load first: a rule error stops the run before any input is read."""
        engine = self.engine
        progress = self._shows_progress(opts)
        if opts.dask:
            from audit.app.cluster import ClusterBatch

            on_cluster = ClusterBatch(
                opts, engine, include or (), exclude or (), self.say, progress
            )
            return _Audited(on_cluster.results(), on_cluster.errors, on_cluster.stem())
        if rereadable(opts.paths):
            batch = Batch(opts, engine, include or (), exclude or (), self.say, progress)
            return _Audited(batch.results(), batch.errors, batch.stem())
        items = expand_paths(opts, opts.paths, self.say, include, exclude)
        documents, errors = read_documents(opts, items, self.say)
        results = engine.audit(documents, jobs=opts.jobs)
        return _Audited(results, errors, report_stem(opts.paths, results))

    def _shows_progress(self, opts: RunOptions) -> bool:
        """Progress on stderr: when it is a terminal, the CLI speaks (not --quiet, not a
        library call), and no report streams to the same terminal."""
        if self.say is quiet or opts.quiet or not _isatty(sys.stderr):
            return False
        try:
            targets = self.plan("report")
        except output.UsageError:
            return False
        return not (_isatty(sys.stdout) and any(t.path is None for t in targets))

    def _report(
        self,
        results: Iterable[Result],
        errors: Errors,
        accepted: Baseline | None,
        stem: str,
        item_errors: Errors | tuple = (),
        gates: Gates | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> int:
        """Baseline, gates and reports; the exit code. `item_errors` are reported, not fatal;
        `extra` joins the summary."""
        gates = gates if gates is not None else self.gates()
        engine, verbose = self.engine, not self.options.brief
        ctx = ReportContext(
            rules=engine.rules, gates=gates, categories=engine.categories, verbose=verbose
        )
        opts = self.options
        reporting = Reporting(
            self.plan(stem), ctx, self.engine, accepted, self.say, opts.exit_zero, opts.quiet
        )
        reporting.known |= self._all_rule_ids()
        reporting.allow_unreadable = opts.allow_unreadable if item_errors else None
        try:
            for result in results:
                reporting.add(result)
        except BaseException:
            reporting.abort()
            raise
        return reporting.close(errors, item_errors, extra)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class _Counted:
    """Results passed through once, counted."""

    def __init__(self, results: Iterable[Result]) -> None:
        self.inner, self.documents, self.findings = results, 0, 0

    def __iter__(self) -> Iterator[Result]:
        for result in self.inner:
            self.documents += 1
            self.findings += len(result.findings)
            yield result


def audit_texts(
    texts: Mapping[str, str] | Iterable[str],
    options: RunOptions | None = None,
    *,
    rules: Sequence[Rule] | None = None,
) -> list[Result]:
    """Audit texts with the shipped rules (or `options`, or `rules`): one result per text."""
    return Auditor(options, rules=rules).audit_texts(texts)
