"""The `audit` command line: parses arguments into `RunOptions`, runs the application
(`audit.app`) and prints.

Exit codes: 0 success; 1 a document failed a gate (--fail-under, --fail-on, by default
--fail-on error; with --baseline only new findings count; --exit-zero: never) or a rule example
failed; 2 usage, input, rule or baseline error (reported in one line naming the file; other
files still audited).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from audit import __version__, argtypes, ruledocs
from audit.app import EXIT_ERROR, EXIT_FAIL, EXIT_OK, Auditor, RunOptions, Terminated
from audit.app.signals import terminate_between_documents
from audit.baseline import BaselineError
from audit.config import ConfigError
from audit.gates import gate_choices
from audit.history import cli as history_cli
from audit.history.common import HistoryError
from audit.output import UsageError, write_atomic
from audit.render import BINARY_FORMATS, CONTROL_CHARS, FORMATS, one_line
from audit.rules import RuleError, collect_rules
from audit.selftest import test_rule

Command = Callable[[argparse.Namespace], int]


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_ERROR
    with terminate_between_documents():  # SIGTERM unwinds like Ctrl-C
        try:
            return args.func(args)
        except Terminated:
            _error("terminated")
            return 143
        except (RuleError, BaselineError, ConfigError, UsageError, HistoryError) as exc:
            _error(str(exc))
            return EXIT_ERROR
        except KeyboardInterrupt:
            _error("interrupted")
            return 130
        except BrokenPipeError:
            return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="audit", description="Audit how well news articles are sourced."
    )
    p.add_argument("--version", action="version", version=f"audit {__version__}")
    sub = p.add_subparsers(metavar="COMMAND")

    run = _audit_command(sub, "run", "audit files, folders, URLs or stdin (-)", cmd_run)
    run.add_argument(
        "paths", nargs="+", metavar="PATH",
        help="a .txt/.md/.html/.jsonl/.warc(.gz) file, a folder, an http(s) URL, or -",
    )  # fmt: skip
    run.add_argument("--dask", metavar="ADDRESS", help=argtypes.DASK_HELP)
    feed = _audit_command(sub, "feed", "audit the items of RSS, Atom or JSON feeds", cmd_feed)
    feed.add_argument("paths", nargs="+", metavar="FEED", help="a feed URL or file")
    feed.add_argument(
        "--use-feed-content", action="store_true",
        help="audit the feed's own full text (content:encoded) instead of fetching each link",
    )  # fmt: skip
    feed.add_argument(
        "--allow-unreadable", type=argtypes.count, default=0, metavar="N",
        help="exit 0 when at most N items could not be read (default 0: any fails the run)",
    )  # fmt: skip
    history_cli.add_feed_options(feed)
    history_cli.add_command(sub)

    cfg = _audit_command(
        sub, "config", "print the effective configuration and where each value came from",
        cmd_config,
    )  # fmt: skip
    cfg.add_argument("paths", nargs="*", metavar="PATH", help=argparse.SUPPRESS)
    base = sub.add_parser("baseline", help="accept today's findings: write a baseline file")
    base.add_argument("paths", nargs="+", metavar="PATH", help="a .txt/.md file, a folder, or -")
    base.add_argument(
        "--output", "-o", metavar="FILE", default=".audit-baseline.json", help="baseline file"
    )
    _rule_command(base, cmd_baseline)
    explain = sub.add_parser("explain", help="show one rule in full (same as 'rules show')")
    explain.add_argument("rule_id", metavar="ID")
    _rule_command(explain, cmd_rules_show)

    rules = sub.add_parser("rules", help="list, show, test, validate and document rules")
    action = rules.add_subparsers(metavar="ACTION")
    show = action.add_parser("show", help="one rule in full: what, why, options, examples")
    show.add_argument("rule_id", metavar="ID")
    _rule_command(show, cmd_rules_show)
    val = action.add_parser("validate", help="check rule files; every problem as file:line:col")
    val.add_argument("paths", nargs="+", metavar="PATH")
    val.set_defaults(func=cmd_rules_validate)
    docs = action.add_parser("docs", help="write the rule reference as Markdown")
    docs.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    _rule_command(docs, cmd_rules_docs)
    schema = action.add_parser("schema", help="write the JSON Schema of rule files (for editors)")
    schema.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    schema.set_defaults(func=cmd_rules_schema)
    lst = _rule_command(action.add_parser("list", help="list the rules"), cmd_rules_list)
    lst.add_argument("--category")
    tst = action.add_parser("test", help="run every rule's own examples")
    tst.add_argument("packs", nargs="*", metavar="PATH", help="rule packs to test with the default")
    _rule_command(tst, cmd_rules_test)
    return p


def _report_args(p: argparse.ArgumentParser) -> None:
    """Report formats, outputs and gates (shared by the commands that audit documents)."""
    p.set_defaults(reports=[])
    p.add_argument(
        "--format", "-f", action=argtypes.ReportOption, choices=FORMATS + BINARY_FORMATS,
        help="report format (repeatable; default text)",
    )  # fmt: skip
    p.add_argument(
        "--output", "-o", action=argtypes.ReportOption, metavar="FILE",
        help="write the --format just before to FILE ('-': stdout; html defaults to reports/)",
    )  # fmt: skip
    p.add_argument("--fail-under", type=argtypes.score, metavar="N", help="exit 1 if a score < N")
    p.add_argument(
        "--fail-on", action="append", default=[], choices=gate_choices(),
        metavar="LEVEL|CATEGORY",
        help="exit 1 on any finding of this severity or worse (error, warning, info) "
        "or of this category (repeatable)",
    )  # fmt: skip
    p.add_argument("--baseline", metavar="FILE", help="count only findings not accepted in FILE")
    p.add_argument(
        "--exit-zero", action="store_true",
        help="exit 0 even when a gate fails (the default gate is --fail-on error)",
    )  # fmt: skip


_RULE_OPTIONS = (  # repeatable: flag, RunOptions field, metavar, help
    ("--rules", "rules", "PATH", "add a rule file or folder (repeatable)"),
    ("--only-rules", "only_rules", "PATH", "use only these rule files or folders (repeatable)"),
    ("--disable", "disable", "ID", "disable a rule by id or a whole category (repeatable)"),
    ("--weight", "weights", "ID=N", "re-weight a rule, e.g. --weight seo-filler=0.2 (repeatable)"),
    ("--outlets", "outlets", "FILE", "add or override outlets of the outlet registry (repeatable)"),
)
_FILTER_OPTIONS = (
    ("--include", "include", "GLOB", "folders: only files matching GLOB (repeatable)"),
    ("--exclude", "exclude", "GLOB", "folders: skip files matching GLOB (repeatable)"),
)


def _repeatable(p: argparse.ArgumentParser, specs: tuple[tuple[str, str, str, str], ...]) -> None:
    for flag, dest, metavar, help_text in specs:
        p.add_argument(
            flag, dest=dest, action="append", default=[], metavar=metavar, help=help_text
        )


def _rule_command(p: argparse.ArgumentParser, func: Command) -> argparse.ArgumentParser:
    """A command that selects rules: packs, rule switches and the configuration file."""
    _repeatable(p, _RULE_OPTIONS)
    p.add_argument("--config", metavar="FILE", help="use this configuration file")
    p.add_argument("--no-config", action="store_true", help="ignore configuration files")
    p.set_defaults(func=func)
    return p


def _audit_command(sub, name: str, help_text: str, func: Command) -> argparse.ArgumentParser:
    """A command that audits documents: report, rule and input options."""
    p = sub.add_parser(name, help=help_text)
    _report_args(p)
    _rule_command(p, func)
    _repeatable(p, _FILTER_OPTIONS)
    p.add_argument(
        "--concurrency", type=argtypes.positive_int, default=None, metavar="N",
        help="URLs fetched at once (at most 2 per host; default 4)",
    )  # fmt: skip
    p.add_argument(
        "--follow-symlinks", action="store_true",
        help="folders: also read links that lead out of the folder (skipped by default)",
    )  # fmt: skip
    p.add_argument(
        "--trust-inline-suppressions", action="store_true",
        help="honour audit-disable comments in fetched pages, feed items and JSON Lines "
        "records too (by default only local files may switch findings off)",
    )  # fmt: skip
    p.add_argument(
        "--timeout", type=argtypes.seconds, default=None, metavar="SECONDS",
        help="read timeout per request (default 15)",
    )  # fmt: skip
    p.add_argument(
        "--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
        help="processes checking documents (default: the machine's cores)",
    )  # fmt: skip
    p.add_argument(
        "--brief", action="store_true",
        help="text: findings only (no context, category bars or Sources table)",
    )  # fmt: skip
    p.add_argument(
        "--quiet", "-q", action="store_true", help="print only the closing line (and errors)"
    )
    return p


def _error(message: str) -> None:
    _say(f"error: {message}")


def _say(message: str) -> None:
    """One line on stderr; names in it come from files, feeds and pages strangers wrote."""
    print(f"audit: {one_line(message)}", file=sys.stderr)


def _auditor(args: argparse.Namespace) -> Auditor:
    """The application, with the options the command gives (`rules test` packs join --rules)."""
    given = {**vars(args), "rules": [*getattr(args, "rules", ()), *getattr(args, "packs", ())]}
    return Auditor(RunOptions.of(given), say=_say)


cmd_run: Command = lambda args: _auditor(args).run()  # noqa: E731
cmd_feed: Command = lambda args: _auditor(args).feed()  # noqa: E731
cmd_baseline: Command = lambda args: _auditor(args).write_baseline(args.output)  # noqa: E731


def cmd_config(args: argparse.Namespace) -> int:
    from audit.app.settings import show

    auditor = _auditor(args)
    sys.stdout.write(one_line_each(show(auditor.given, auditor.config)))
    return EXIT_OK


def one_line_each(text: str) -> str:
    """Text from configuration files, each line safe for a terminal."""
    return "".join(one_line(line) + "\n" for line in text.splitlines())


def cmd_rules_list(args: argparse.Namespace) -> int:
    from rich.console import Console

    console = Console(highlight=False)
    for r in _auditor(args).rules():
        if args.category and r.category != args.category:
            continue
        summary = ruledocs.first_sentence(r.description)
        console.print(f"[bold]{r.id}[/bold]  {r.category}  {r.severity.value}  {r.kind.name}")
        console.print(f"    {summary}", markup=False)
    return EXIT_OK


def cmd_rules_test(args: argparse.Namespace) -> int:
    rules = _auditor(args).rules()
    failures = [f for r in rules for f in test_rule(r)]
    examples = sum(len(r.flag_examples) + len(r.pass_examples) for r in rules)
    for f in failures:
        print(f.describe())
    passed = examples - len(failures)
    print(f"{len(rules)} rules, {examples} examples: {passed} passed, {len(failures)} failed")
    return EXIT_FAIL if failures else EXIT_OK


def cmd_rules_show(args: argparse.Namespace) -> int:
    rule = {r.id: r for r in _auditor(args).rules()}.get(args.rule_id)
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
    return _emit(args.output, ruledocs.markdown(_auditor(args).rules()))


def cmd_rules_schema(args: argparse.Namespace) -> int:
    return _emit(args.output, json.dumps(ruledocs.json_schema(), indent=2) + "\n")


def _emit(path: str | None, content: str) -> int:
    write_atomic(Path(path), content) if path else sys.stdout.write(content)
    return EXIT_OK


__all__ = ["main"]
