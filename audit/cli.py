"""The `audit` command line.

Exit codes: 0 success; 1 a document failed a gate (--fail-under, --fail-on; with --baseline only
new findings count) or a rule example failed;
2 usage, input, rule or baseline error (reported in one line naming the file; other files
still audited).
"""

from __future__ import annotations

import argparse
import math
import os
import pickle
import signal
import sys
import tempfile
import threading
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from audit import __version__, output, ruledocs
from audit import baseline as baseline_mod
from audit import config as config_mod
from audit.baseline import Baseline, BaselineError
from audit.config import Config, ConfigError
from audit.document import Document
from audit.engine import Engine, Result
from audit.gates import Gates, gate_choices
from audit.history import cli as history_cli
from audit.history.common import HistoryError
from audit.inputs import JSONL_SUFFIXES, InputError, Item, Reader, expand, host_of, is_url
from audit.model import Severity
from audit.output import write_atomic
from audit.render import CONTROL_CHARS, one_line
from audit.rules import (
    Rule,
    RuleError,
    collect_rules,
    default_pack_path,
    load_rules,
    load_score_model,
)
from audit.selftest import test_rule
from audit.summary import Summary

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2


class Terminated(BaseException):
    """SIGTERM, raised at the next document, so that reports and temporary files are cleaned
    up as for Ctrl-C (a killed CI job left `.tmp` files beside its reports). The handler only
    sets a flag: an exception raised inside it could land in any library's cleanup code."""


_TERMINATING = threading.Event()


def _terminated(signum: int, frame: object) -> None:
    _TERMINATING.set()


def _check_terminated() -> None:
    """Called between documents: stop here when SIGTERM has arrived."""
    if _TERMINATING.is_set():
        raise Terminated


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_ERROR
    main_thread = threading.current_thread() is threading.main_thread()
    # SIGTERM unwinds like Ctrl-C: reports abort and their temporary files go
    _TERMINATING.clear()
    previous = signal.signal(signal.SIGTERM, _terminated) if main_thread else None
    try:
        return args.func(args)
    except Terminated:
        _error("terminated")
        return 143
    except (RuleError, BaselineError, ConfigError, output.UsageError, HistoryError) as exc:
        _error(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="audit", description="Audit how well news articles are sourced."
    )
    p.add_argument("--version", action="version", version=f"audit {__version__}")
    sub = p.add_subparsers(metavar="COMMAND")

    run = _audit_command(sub, "run", "audit files, folders, URLs or stdin (-)", cmd_run)
    run.add_argument(
        "paths", nargs="+", metavar="PATH",
        help="a .txt/.md/.html/.jsonl file, a folder, an http(s) URL, or -",
    )  # fmt: skip
    feed = _audit_command(sub, "feed", "audit the items of RSS, Atom or JSON feeds", cmd_feed)
    feed.add_argument("paths", nargs="+", metavar="FEED", help="a feed URL or file")
    feed.add_argument(
        "--use-feed-content", action="store_true",
        help="audit the feed's own full text (content:encoded) instead of fetching each link",
    )  # fmt: skip
    history_cli.add_feed_options(feed)
    history_cli.add_command(sub)

    base = sub.add_parser("baseline", help="accept today's findings: write a baseline file")
    base.add_argument("paths", nargs="+", metavar="PATH", help="a .txt/.md file, a folder, or -")
    base.add_argument(
        "--output", "-o", metavar="FILE", default=".audit-baseline.json", help="baseline file"
    )
    _rule_args(base)
    base.set_defaults(func=cmd_baseline)

    explain = sub.add_parser("explain", help="show one rule in full (same as 'rules show')")
    explain.add_argument("rule_id", metavar="ID")
    _rule_args(explain)
    explain.set_defaults(func=cmd_rules_show)

    rules = sub.add_parser("rules", help="list, show, test, validate and document rules")
    rsub = rules.add_subparsers(metavar="ACTION")
    show = rsub.add_parser("show", help="one rule in full: what, why, options, examples")
    show.add_argument("rule_id", metavar="ID")
    _rule_args(show)
    show.set_defaults(func=cmd_rules_show)
    val = rsub.add_parser("validate", help="check rule files; every problem as file:line:col")
    val.add_argument("paths", nargs="+", metavar="PATH")
    val.set_defaults(func=cmd_rules_validate)
    docs = rsub.add_parser("docs", help="write the rule reference as Markdown")
    docs.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    _rule_args(docs)
    docs.set_defaults(func=cmd_rules_docs)
    schema = rsub.add_parser("schema", help="write the JSON Schema of rule files (for editors)")
    schema.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    schema.set_defaults(func=cmd_rules_schema)
    lst = rsub.add_parser("list", help="list the rules")
    _rule_args(lst)
    lst.add_argument("--category")
    lst.set_defaults(func=cmd_rules_list)
    tst = rsub.add_parser("test", help="run every rule's own examples")
    tst.add_argument("packs", nargs="*", metavar="PATH", help="rule packs to test with the default")
    _rule_args(tst)
    tst.set_defaults(func=cmd_rules_test)
    return p


class _ReportOption(argparse.Action):
    """Keeps --format and -o in command-line order, so each -o pairs with its --format."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        kind = "format" if self.dest == "format" else "output"
        namespace.report_options = [*namespace.report_options, (kind, values)]
        setattr(namespace, self.dest, [*(getattr(namespace, self.dest, None) or []), values])


def _report_args(p: argparse.ArgumentParser) -> None:
    """Report formats, outputs and gates (shared by the commands that audit documents)."""
    p.set_defaults(report_options=[])
    p.add_argument(
        "--format",
        "-f",
        action=_ReportOption,
        choices=output.FORMATS,
        help="report format (repeatable; default text)",
    )
    p.add_argument(
        "--output",
        "-o",
        action=_ReportOption,
        metavar="FILE",
        help="write the --format just before to FILE ('-': stdout; html defaults to reports/)",
    )
    p.add_argument("--fail-under", type=_score_arg, metavar="N", help="exit 1 if a score < N")
    p.add_argument(
        "--fail-on",
        action="append",
        default=[],
        choices=gate_choices(),
        metavar="LEVEL|CATEGORY",
        help="exit 1 on any finding of this severity or worse (error, warning, info) "
        "or of this category (repeatable)",
    )
    p.add_argument("--baseline", metavar="FILE", help="count only findings not accepted in FILE")


def _rule_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="PATH",
        help="add a rule file or folder (repeatable)",
    )
    p.add_argument(
        "--only-rules",
        action="append",
        default=[],
        metavar="PATH",
        help="use only these rule files or folders (repeatable)",
    )
    p.add_argument(
        "--disable",
        action="append",
        default=[],
        metavar="ID",
        help="disable a rule by id or a whole category (repeatable)",
    )
    p.add_argument(
        "--weight",
        action="append",
        default=[],
        metavar="ID=N",
        help="re-weight a rule, e.g. --weight seo-filler=0.2 (repeatable)",
    )
    p.add_argument("--config", metavar="FILE", help="use this configuration file")
    p.add_argument("--no-config", action="store_true", help="ignore configuration files")


def _audit_command(sub, name: str, help_text: str, func) -> argparse.ArgumentParser:
    """A command that audits documents: report, rule and input options."""
    p = sub.add_parser(name, help=help_text)
    _report_args(p)
    _rule_args(p)
    _input_args(p)
    p.add_argument("--brief", action="store_true", help="text: findings without context")
    p.set_defaults(func=func)
    return p


def _input_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="GLOB",
        help="folders: only files matching GLOB (repeatable)",
    )
    p.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="folders: skip files matching GLOB (repeatable)",
    )
    p.add_argument(
        "--concurrency",
        type=_positive_int,
        default=4,
        metavar="N",
        help="URLs fetched at once (at most 2 per host; default 4)",
    )
    p.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="folders: also read links that lead out of the folder (skipped by default)",
    )
    p.add_argument(
        "--trust-inline-suppressions",
        action="store_true",
        help="honour audit-disable comments in fetched pages, feed items and JSON Lines "
        "records too (by default only local files may switch findings off)",
    )
    p.add_argument(
        "--timeout",
        type=_seconds,
        default=15.0,
        metavar="SECONDS",
        help="read timeout per request (default 15)",
    )
    p.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="processes checking documents (default: the machine's cores)",
    )


def _seconds(value: str) -> float:
    try:
        n = float(value)
    except ValueError:
        n = math.nan
    if not 0 < n <= 3600:  # -1, nan and inf would switch the timeout off
        raise argparse.ArgumentTypeError("must be a number of seconds from 0 to 3600")
    return n


def _positive_int(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError("must be a whole number of at least 1")
    return int(value)


def _score_arg(value: str) -> float:
    try:
        n = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a number from 0 to 100") from None
    if not 0 <= n <= 100:
        raise argparse.ArgumentTypeError("must be a number from 0 to 100")
    return n


def _error(message: str) -> None:
    _say(f"error: {message}")


def _say(message: str) -> None:
    """One line on stderr; names in it come from files, feeds and pages strangers wrote."""
    print(f"audit: {one_line(message)}", file=sys.stderr)


def load_config(args: argparse.Namespace) -> Config:
    cached = getattr(args, "_config", None)
    if cached is None:
        explicit, disabled = getattr(args, "config", None), getattr(args, "no_config", False)
        cached = config_mod.resolve(explicit, disabled, Path.cwd())
        args._config = cached
    return cached


def load_selected_rules(args: argparse.Namespace) -> list[Rule]:
    """The rules of a run: packs, then the config file's settings, then command-line options."""
    cfg = load_config(args)
    paths = _rule_paths(args, cfg)
    rules = load_rules(paths)
    if not rules:  # `--only-rules empty/` would score every article 100 and pass every gate
        raise RuleError(str(paths[0]), 0, "no rules found")
    by_id = {r.id: r for r in rules}
    known = set(by_id) | {r.category for r in rules}
    disabled = set(cfg.disable) | set(args.disable)
    for name, source in [
        *((n, "--disable") for n in args.disable),
        *((n, "config") for n in cfg.disable + cfg.enable),
    ]:
        if name not in known:
            raise RuleError(
                str(cfg.path) if source == "config" else source,
                0,
                f"no rule or category named {name!r}",
            )
    for r in rules:
        if r.id in cfg.enable or r.category in cfg.enable:
            r.enabled = True
    for rule_id, level in cfg.severity.items():
        if rule_id not in by_id or level not in {s.value for s in Severity}:
            raise RuleError(str(cfg.path), 0, f"severity: bad entry {rule_id}: {level}")
        by_id[rule_id].severity = Severity(level)
    weights = [*cfg.weights.items(), *(_weight_item(item) for item in args.weight)]
    for rule_id, weight in weights:
        if rule_id not in by_id:
            raise RuleError("--weight", 0, f"no rule named {rule_id!r}")
        by_id[rule_id].weight = weight
    return [r for r in rules if r.id not in disabled and r.category not in disabled]


def _weight_item(item: str) -> tuple[str, float]:
    rule_id, _, value = item.partition("=")
    try:
        weight = float(value)
    except ValueError:
        weight = -1.0
    if not rule_id or not 0 <= weight < math.inf:  # NaN fails the comparison too
        shown = item if len(item) <= 80 else item[:77] + "..."
        raise RuleError("--weight", 0, f"expected RULE_ID=NUMBER (finite, >= 0), got {shown!r}")
    return rule_id, weight


def make_engine(args: argparse.Namespace) -> Engine:
    rules = load_selected_rules(args)
    cfg = load_config(args)
    model = load_score_model(_rule_paths(args, cfg))
    return Engine(rules, cfg.category_weights or None, model)


def _rule_paths(args: argparse.Namespace, cfg: config_mod.Config) -> list[Path]:
    """Packs and rule files of a run, in order: the default pack (unless --only-rules), the
    config file's, then the command line's."""
    paths = [Path(p) for p in args.only_rules] or [default_pack_path(), *cfg.rules]
    return paths + [Path(p) for p in args.rules] + [Path(p) for p in getattr(args, "packs", [])]


def cmd_run(args: argparse.Namespace) -> int:
    _plan(args, "report")  # usage errors before any work
    accepted = Baseline.load(Path(args.baseline)) if args.baseline else None
    engine = make_engine(args)
    cfg = load_config(args)
    if args.fail_under is None and cfg.fail_under is not None:
        args.fail_under = float(cfg.fail_under)
    include, exclude = args.include or cfg.include, args.exclude or cfg.exclude
    if _rereadable(args.paths):  # files, folders, JSON Lines: two passes, memory stays flat
        batch = _Batch(args, engine, include, exclude)
        report = _Reporting(args, engine, accepted, batch.stem())
        try:
            for result in batch.results():
                report.add(result)
        except BaseException:
            report.abort()
            raise
        return report.close(batch.errors)
    documents, errors = _read_documents(args, _expand(args, args.paths, include, exclude))
    results = engine.audit(documents, jobs=args.jobs)
    return _finish(args, engine, results, errors, accepted)


def cmd_feed(args: argparse.Namespace) -> int:
    _plan(args, "report")
    accepted = Baseline.load(Path(args.baseline)) if args.baseline else None
    engine = make_engine(args)
    cfg = load_config(args)
    if args.fail_under is None and cfg.fail_under is not None:
        args.fail_under = float(cfg.fail_under)
    from audit import feeds
    from audit.history.feedrun import FeedRun

    gate, days = args.fail_on_regression, args.trailing_days
    hist = FeedRun.open(args.db or cfg.db, engine, vars(args), gate)  # None without --db
    reader = _reader(args)
    on_feed = hist.on_feed if hist else None
    use_content = args.use_feed_content
    items = feeds.collect(args.paths, reader.http(), reader.policy(), use_content, on_feed)
    if hist:
        items = hist.fetch(items, reader, args.concurrency)  # conditional GET
    documents, errors = _read_documents(args, items, reader)
    documents, duplicates = feeds.drop_duplicate_texts(documents)
    for source, first in duplicates:
        _say(f"{source}: same text as {first}, audited once")
    if hist:
        documents = hist.skip_unchanged(documents)
    seed = hist.seed(documents) if hist else None  # sentences of the sites' earlier pages
    results = engine.audit(documents, jobs=args.jobs, seed=seed)  # one run: footers are visible
    past = hist.finish(results, errors, gate, days, _say) if hist else None
    if not results and not (past and past.unchanged):  # nothing could be audited
        if not errors:
            _error("the feeds hold nothing to audit")
        _write_report(args, results, errors, output.ReportContext(rules=engine.rules))
        return EXIT_ERROR
    extra = {"history": past.summary} if past else None
    code = _finish(args, engine, results, [], accepted, errors, extra)
    return EXIT_FAIL if code == EXIT_OK and past and past.regressed else code


def _finish(
    args: argparse.Namespace,
    engine: Engine,
    results: list[Result],
    errors: list[tuple[str, str]],
    accepted: Baseline | None,
    item_errors: list[tuple[str, str]] | tuple = (),
    extra: dict | None = None,
) -> int:
    """Baseline, gates and reports; the exit code. `item_errors` are reported, not fatal;
    `extra` joins the summary (the history of `audit feed --db`)."""
    report = _Reporting(args, engine, accepted, _report_stem(args, results))
    try:
        for result in results:
            report.add(result)
    except BaseException:
        report.abort()
        raise
    return report.close(errors, item_errors, extra)


def _plan(args: argparse.Namespace, stem: str) -> list[output.Target]:
    """The run's reports: the command line's --format/-o, else the config file's `format`;
    default HTML reports go to the config's `output-dir`, else reports/."""
    cfg = load_config(args)
    options = args.report_options
    if cfg.format and not any(kind == "format" for kind, _ in options):
        options = [("format", cfg.format), *options]
    return output.plan(options, stem, cfg.output_dir or output.REPORTS_DIR)


class _Reporting:
    """Baseline, gates and reports of a run, fed one result at a time: each report streams or
    keeps results as its format needs (`output.Report`), the summary keeps aggregates."""

    def __init__(
        self,
        args: argparse.Namespace,
        engine: Engine,
        accepted: Baseline | None = None,
        stem: str = "audit-report",
        gates: Gates | None = None,
    ) -> None:
        self.accepted = accepted
        self.engine = engine
        self.rules = engine.rules
        self.gates = gates if gates is not None else Gates(args.fail_under, tuple(args.fail_on))
        self.summary = Summary()
        self.incomplete: list[tuple[str, str]] = []  # rule failures: reported in every format
        self.suppressed = 0
        self.failed = False
        verbose = not getattr(args, "brief", False)
        self.targets = _plan(args, stem)
        self.reports: list[output.Report] = []
        try:
            for target in self.targets:
                self.reports.append(output.Report(target, self.gates, verbose))
        except BaseException:
            self.abort()
            raise

    def add(self, result: Result) -> None:
        _check_terminated()
        if encoding := result.document.meta.get("encoding"):
            source = result.document.source
            _say(f"{source}: not UTF-8, read as {encoding}")
        if self.accepted is not None:
            [result], suppressed = self.accepted.apply([result], self.engine)
            self.suppressed += suppressed
        if self.gates.failures(result):
            self.failed = True
        for err in result.rule_errors:  # an audit a rule could not finish is incomplete
            self.incomplete.append((result.document.source, f"incomplete audit: {err}"))
            _say(f"error: {result.document.source}: incomplete audit: {err}")
        self.summary.add(result)
        for report in self.reports:
            report.add(result)

    def close(
        self,
        errors: list[tuple[str, str]],
        item_errors: list[tuple[str, str]] | tuple = (),
        extra: dict | None = None,
    ) -> int:
        """Finish every report; the exit code. `item_errors` are reported, not fatal."""
        if self.accepted is not None:
            _say(f"{self.suppressed} findings accepted by the baseline")
        errors = [*errors, *self.incomplete]
        every_error = [*errors, *item_errors]
        summary = {**self.summary.as_dict(every_error), **(extra or {})}
        ctx = output.ReportContext(rules=self.rules, gates=self.gates, suppressed=self.suppressed)
        try:
            for report in self.reports:
                report.finish(every_error, summary, ctx)
                if report.target.defaulted:
                    _say(f"{report.target.format} report written to {report.target.path}")
        except BaseException:
            self.abort()
            raise
        if errors:
            return EXIT_ERROR
        return EXIT_FAIL if self.failed else EXIT_OK

    def abort(self) -> None:
        for report in self.reports:
            report.abort()


def cmd_baseline(args: argparse.Namespace) -> int:
    engine = make_engine(args)
    if _rereadable(args.paths):
        batch = _Batch(args, engine, [], [])
        results, errors = batch.results(), batch.errors
    else:
        results, errors = _read_documents(args, _expand(args, args.paths))
        results = engine.audit(results)
    counted = _Counted(results)
    write_atomic(Path(args.output), baseline_mod.build(counted))  # type: ignore[arg-type]
    _say(
        f"baseline of {counted.findings} findings in {counted.documents} documents "
        f"written to {args.output}"
    )
    return EXIT_ERROR if errors else EXIT_OK


class _Counted:
    """Results passed through once, counted."""

    def __init__(self, results: Iterable[Result]) -> None:
        self.inner, self.documents, self.findings = results, 0, 0

    def __iter__(self) -> Iterator[Result]:
        for result in self.inner:
            self.documents += 1
            self.findings += len(result.findings)
            yield result


def _rereadable(paths: list[str]) -> bool:
    """Inputs that can be read twice: local files and folders (not stdin, not URLs)."""
    return all(p != "-" and not is_url(p) for p in paths)


class _Batch:
    """Local inputs audited in two passes, so that memory does not grow with their number.

    Pass 1 (on creation) reads each item, adds it to the cross-document index and drops it;
    unreadable items are reported then, in one line each. Pass 2 (`results`) reads each item
    again and audits it (`--jobs` processes), yielding results in input order. Documents
    extracted from HTML, costly to extract twice, are kept on disk between the passes
    (`_Spill`). So are, in memory, the first documents up to `KEEP_CHARS` characters of text
    (with the analyses pass 1 made of them): a small batch is read and analysed once, and
    memory stays bounded for a large one. Positions in the run are item numbers; an item
    whose name differs in pass 2 (a folder changed in between) is audited without the
    cross-document index.
    """

    KEEP_CHARS = 4_000_000

    def __init__(
        self, args: argparse.Namespace, engine: Engine, include: list[str], exclude: list[str]
    ) -> None:
        self.args, self.engine = args, engine
        # files and folder listings are kept (names only); JSON Lines are read again in pass 2
        self.segments: list[list[Item | InputError] | str] = [
            arg if _is_jsonl(arg) else list(_expand(args, [arg], include, exclude))
            for arg in args.paths
        ]
        self.reader = _reader(args)
        self.run = engine.start()
        self.errors: list[tuple[str, str]] = []
        self.failed: set[int] = set()
        self.sources = array("q")  # hash of each item's name, by position
        self.documents = 0
        self.first: str | None = None
        self.spill = _Spill()
        self.kept: dict[int, Document] = {}
        kept_chars = 0
        for position, item in enumerate(self.items()):
            _check_terminated()
            self.sources.append(hash(item.source))
            doc = _load(self.reader, item)
            if not isinstance(doc, Document):
                self.failed.add(position)
                self.errors.append(doc)
                _error(f"{doc[0]}: {doc[1]}")
                continue
            self.documents += 1
            self.first = self.first or doc.source
            if engine.cross_document:
                engine.index(doc, position, self.run)
            if kept_chars + len(doc.text) <= self.KEEP_CHARS:
                kept_chars += len(doc.text)
                self.kept[position] = doc
            elif doc.page:
                doc.cache = {}
                self.spill.put(position, doc)

    def items(self) -> Iterator[Item | InputError]:
        for segment in self.segments:
            yield from _expand(self.args, [segment]) if isinstance(segment, str) else segment

    def stem(self) -> str:
        """The default HTML report name (see `_report_stem`)."""
        if self.documents == 1 and self.first is not None:
            return output.safe_name(self.first)
        return _report_stem(self.args, [])

    def results(self) -> Iterator[Result]:
        jobs = getattr(self.args, "jobs", 1)
        jobs = jobs if self.documents >= 2 * jobs else 1
        try:
            tasks = self._tasks()
            lost = lambda task, reason: (task[1].source, reason)  # noqa: E731
            for out in self.engine.audit_each(tasks, self._read, self.run, jobs, lost):
                if isinstance(out, Result):
                    yield out
                    continue
                self.errors.append(out)  # readable in pass 1, not in pass 2
                _error(f"{out[0]}: {out[1]}")
        finally:
            self.reader.close()
            self.spill.close()

    def _tasks(self) -> Iterator[tuple[int | None, tuple[int | None, Item | InputError]]]:
        for position, item in enumerate(self.items()):
            if position in self.failed:
                continue
            same = position < len(self.sources) and self.sources[position] == hash(item.source)
            yield (position, (position, item)) if same else (None, (None, item))

    def _read(self, task: tuple[int | None, Item | InputError]) -> Document | tuple[str, str]:
        position, item = task
        if position is None:
            return _load(self.reader, item)
        kept = self.kept.pop(position, None) or self.spill.get(position)
        return kept if kept is not None else _load(self.reader, item)


class _Spill:
    """Documents kept on disk (pickled, in a temporary file) from pass 1 to pass 2."""

    def __init__(self) -> None:
        self.file: IO[bytes] | None = None
        self.positions, self.offsets, self.sizes = array("q"), array("q"), array("q")
        self.end = 0

    def put(self, position: int, doc: Document) -> None:
        if self.file is None:
            self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        data = pickle.dumps(doc, pickle.HIGHEST_PROTOCOL)
        self.file.write(data)
        self.file.flush()
        self.positions.append(position)
        self.offsets.append(self.end)
        self.sizes.append(len(data))
        self.end += len(data)

    def get(self, position: int) -> Document | None:
        """The document kept for `position`, if any (safe in forked workers: pread)."""
        i = bisect_left(self.positions, position)
        if self.file is None or i == len(self.positions) or self.positions[i] != position:
            return None
        return pickle.loads(os.pread(self.file.fileno(), self.sizes[i], self.offsets[i]))

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


def _is_jsonl(arg: str) -> bool:
    path = Path(arg)
    return path.suffix.lower() in JSONL_SUFFIXES and path.is_file()


def _load(reader: Reader, item: Item | InputError) -> Document | tuple[str, str]:
    """One item read, or its error as (source, message)."""
    if isinstance(item, InputError):
        return item.source, item.message
    try:
        return reader.read(item)
    except InputError as exc:
        return exc.source, exc.message


def _expand(
    args: argparse.Namespace, paths: list[str], include=None, exclude=None
) -> Iterator[Item | InputError]:
    follow = getattr(args, "follow_symlinks", False)
    return expand(paths, include, exclude, follow_symlinks=follow, notice=_say)


def _reader(args: argparse.Namespace) -> Reader:
    return Reader(
        limit_options={"read_timeout": getattr(args, "timeout", 15.0)},
        trust_inline=getattr(args, "trust_inline_suppressions", False),
    )


def _read_documents(
    args: argparse.Namespace, items: Iterable, reader: Reader | None = None
) -> tuple[list, list[tuple[str, str]]]:
    """Read every item, URLs concurrently (bounded, polite per host), in input order.

    Unreadable items are reported (one line each on stderr) and returned as errors.
    """
    reader = reader or _reader(args)
    entries = list(items)
    results: list = [None] * len(entries)
    hosts: dict[str, threading.Semaphore] = {}
    lock = threading.Lock()

    def work(i: int) -> None:
        item = entries[i]
        if isinstance(item, InputError):
            results[i] = item
            return
        host = host_of(item)
        if host:
            with lock:
                gate = hosts.setdefault(host, threading.Semaphore(PER_HOST))
            with gate:
                results[i] = _safe_read(reader, item)
        else:
            results[i] = _safe_read(reader, item)

    workers = max(1, min(getattr(args, "concurrency", 4), 32))
    with _progress(len(entries)) as advance:
        if workers == 1 or not any(isinstance(e, Item) and e.url for e in entries):
            for i in range(len(entries)):
                work(i)
                advance()
        else:
            with ThreadPoolExecutor(workers) as pool:
                for _ in pool.map(work, range(len(entries))):
                    advance()
    reader.close()
    documents = [r for r in results if not isinstance(r, InputError)]
    errors = [(r.source, r.message) for r in results if isinstance(r, InputError)]
    for source, message in errors:
        _error(f"{source}: {message}")
    return documents, errors


PER_HOST = 2


def _safe_read(reader: Reader, item: Item):
    try:
        return reader.read(item)
    except InputError as exc:
        return exc


@contextmanager
def _progress(total: int):
    """A progress bar on stderr, only on a terminal and for more than one item."""
    if total <= 1 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("auditing", total=total)
        yield lambda: bar.advance(task)


def _report_stem(args: argparse.Namespace, results: list[Result]) -> str:
    """The default HTML file name: from the one document, else from the one path given."""
    if len(results) == 1:
        return output.safe_name(results[0].document.source)
    paths = getattr(args, "paths", None) or []
    return output.safe_name(paths[0], "audit-report") if len(paths) == 1 else "audit-report"


def _write_report(
    args: argparse.Namespace,
    results: list[Result],
    errors: list,
    ctx: output.ReportContext | None = None,
) -> None:
    """Write every requested report (see `output.plan` for how --format and -o pair up)."""
    ctx = ctx or output.ReportContext()
    engine = Engine(list(ctx.rules))
    report = _Reporting(args, engine, None, _report_stem(args, results), gates=ctx.gates)
    for result in results:
        report.add(result)
    report.close([], list(errors))


def cmd_rules_list(args: argparse.Namespace) -> int:
    from rich.console import Console

    console = Console(highlight=False)
    for r in load_selected_rules(args):
        if args.category and r.category != args.category:
            continue
        summary = r.description.split("\n")[0]
        console.print(f"[bold]{r.id}[/bold]  {r.category}  {r.severity.value}  {r.kind.name}")
        console.print(f"    {summary}", markup=False)
    return EXIT_OK


def cmd_rules_test(args: argparse.Namespace) -> int:
    rules = load_selected_rules(args)
    failures = [f for r in rules for f in test_rule(r)]
    examples = sum(len(r.flag_examples) + len(r.pass_examples) for r in rules)
    for f in failures:
        print(f.describe())
    print(
        f"{len(rules)} rules, {examples} examples: {examples - len(failures)} passed, "
        f"{len(failures)} failed"
    )
    return EXIT_FAIL if failures else EXIT_OK


def cmd_rules_show(args: argparse.Namespace) -> int:
    rules = {r.id: r for r in load_selected_rules(args)}
    rule = rules.get(args.rule_id)
    if rule is None:
        raise RuleError(args.rule_id, 0, "no such rule (see 'audit rules list')")
    sys.stdout.write(CONTROL_CHARS.sub("\ufffd", ruledocs.show(rule)))  # rule files are untrusted
    return EXIT_OK


def cmd_rules_validate(args: argparse.Namespace) -> int:
    rules, errors = collect_rules([Path(p) for p in args.paths])
    for err in errors:
        print(one_line(str(err)), file=sys.stderr)
    print(f"{len(rules)} rules valid, {len(errors)} problems")
    return EXIT_ERROR if errors else EXIT_OK


def cmd_rules_docs(args: argparse.Namespace) -> int:
    _emit(args.output, ruledocs.markdown(load_selected_rules(args)))
    return EXIT_OK


def cmd_rules_schema(args: argparse.Namespace) -> int:
    import json

    _emit(args.output, json.dumps(ruledocs.json_schema(), indent=2) + "\n")
    return EXIT_OK


def _emit(path: str | None, content: str) -> None:
    if path:
        write_atomic(Path(path), content)
    else:
        sys.stdout.write(content)


__all__ = ["main"]
