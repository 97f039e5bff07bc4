"""The `audit` command line.

Exit codes: 0 success; 1 a document failed a gate (--fail-under, --fail-on; with --baseline only
new findings count) or a rule example failed;
2 usage, input, rule or baseline error (reported in one line naming the file; other files
still audited).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rich.console import Console

from audit import __version__, output
from audit import baseline as baseline_mod
from audit.baseline import Baseline, BaselineError
from audit.engine import Engine, Result
from audit.gates import Gates, gate_choices
from audit.inputs import InputError, Item, expand, read
from audit.output import write_atomic
from audit.render import text as text_render
from audit.rules import Rule, RuleError, default_pack_path, load_rules
from audit.selftest import test_rule

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_ERROR
    try:
        return args.func(args)
    except (RuleError, BaselineError, output.UsageError) as exc:
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

    run = sub.add_parser("run", help="audit files, folders or stdin (-)")
    run.add_argument("paths", nargs="+", metavar="PATH", help="a .txt/.md file, a folder, or -")
    _report_args(run)
    _rule_args(run)
    run.add_argument("--brief", action="store_true", help="text: findings without context")
    run.set_defaults(func=cmd_run)

    base = sub.add_parser("baseline", help="accept today's findings: write a baseline file")
    base.add_argument("paths", nargs="+", metavar="PATH", help="a .txt/.md file, a folder, or -")
    base.add_argument(
        "--output", "-o", metavar="FILE", default=".audit-baseline.json", help="baseline file"
    )
    _rule_args(base)
    base.set_defaults(func=cmd_baseline)

    rules = sub.add_parser("rules", help="list or test rules")
    rsub = rules.add_subparsers(metavar="ACTION")
    lst = rsub.add_parser("list", help="list the rules")
    _rule_args(lst)
    lst.add_argument("--category")
    lst.set_defaults(func=cmd_rules_list)
    tst = rsub.add_parser("test", help="run every rule's own examples")
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


def _score_arg(value: str) -> float:
    try:
        n = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a number from 0 to 100") from None
    if not 0 <= n <= 100:
        raise argparse.ArgumentTypeError("must be a number from 0 to 100")
    return n


def _error(message: str) -> None:
    print(f"audit: error: {message}", file=sys.stderr)


def load_selected_rules(args: argparse.Namespace) -> list[Rule]:
    paths = [Path(p) for p in args.only_rules] or [default_pack_path()]
    paths += [Path(p) for p in args.rules]
    rules = load_rules(paths)
    disabled = set(args.disable)
    known = {r.id for r in rules} | {r.category for r in rules}
    unknown = disabled - known
    if unknown:
        raise RuleError("--disable", 0, f"no rule or category named {sorted(unknown)[0]!r}")
    by_id = {r.id: r for r in rules}
    for item in args.weight:
        rule_id, _, value = item.partition("=")
        try:
            weight = float(value)
        except ValueError:
            weight = -1.0
        if rule_id not in by_id or weight < 0:
            raise RuleError("--weight", 0, f"expected RULE_ID=NUMBER (>= 0), got {item!r}")
        by_id[rule_id].weight = weight
    return [r for r in rules if r.id not in disabled and r.category not in disabled]


def cmd_run(args: argparse.Namespace) -> int:
    output.plan(args.report_options, "report")  # usage errors before any work
    accepted = Baseline.load(Path(args.baseline)) if args.baseline else None
    engine = Engine(load_selected_rules(args))
    documents, errors = _read_documents(args.paths)
    results = engine.audit(documents)
    suppressed = 0
    if accepted is not None:
        results, suppressed = accepted.apply(results, engine.category_weights)
        print(f"audit: {suppressed} findings accepted by the baseline", file=sys.stderr)
    gates = Gates(args.fail_under, tuple(args.fail_on))
    ctx = output.ReportContext(rules=engine.rules, gates=gates, suppressed=suppressed)
    _write_report(args, results, errors, ctx)
    if errors:
        return EXIT_ERROR
    if any(gates.failures(r) for r in results):
        return EXIT_FAIL
    return EXIT_OK


def cmd_baseline(args: argparse.Namespace) -> int:
    engine = Engine(load_selected_rules(args))
    documents, errors = _read_documents(args.paths)
    results = engine.audit(documents)
    write_atomic(Path(args.output), baseline_mod.build(results))
    count = sum(len(r.findings) for r in results)
    print(
        f"audit: baseline of {count} findings in {len(results)} documents written to {args.output}",
        file=sys.stderr,
    )
    return EXIT_ERROR if errors else EXIT_OK


def _read_documents(paths: list[str]) -> tuple[list, list[tuple[str, str]]]:
    """Read every path; unreadable ones are reported (one line each) and returned as errors."""
    documents, errors = [], []
    for item in expand(paths):
        if isinstance(item, InputError):
            errors.append((item.source, item.message))
            continue
        try:
            documents.append(read(item))
        except InputError as exc:
            errors.append((exc.source, exc.message))
    for source, message in errors:
        _error(f"{source}: {message}")
    return documents, errors


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
    for target in output.plan(args.report_options, _report_stem(args, results)):
        if target.format == "text":
            _write_text(args, results, target.path)
            continue
        payload = output.render(target.format, results, errors, ctx)
        if target.path is None:
            sys.stdout.write(payload)
            continue
        write_atomic(target.path, payload)
        if target.defaulted:
            print(f"audit: {target.format} report written to {target.path}", file=sys.stderr)


def _write_text(args: argparse.Namespace, results: list[Result], path: Path | None) -> None:
    verbose = not getattr(args, "brief", False)
    if path is not None:
        console = Console(record=True, file=open(os.devnull, "w"), width=100)  # noqa: SIM115
        text_render.render(results, [], console, verbose=verbose)
        write_atomic(path, console.export_text())
    else:
        console = Console(highlight=False)
        text_render.render(results, [], console, verbose=verbose)


def cmd_rules_list(args: argparse.Namespace) -> int:
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


__all__ = ["Item", "main"]
