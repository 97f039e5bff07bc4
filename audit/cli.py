"""The `audit` command line.

Exit codes: 0 success; 1 a document scored under --fail-under (or a rule example failed);
2 usage, input or rule error (reported in one line naming the file; other files still audited).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from rich.console import Console

from audit import __version__
from audit.engine import Engine, Result
from audit.inputs import InputError, Item, expand, read
from audit.render import json as json_render
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
    except RuleError as exc:
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
    run.add_argument("--format", "-f", choices=("text", "json"), default="text")
    run.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    run.add_argument("--fail-under", type=_score_arg, metavar="N", help="exit 1 if a score < N")
    _rule_args(run)
    run.add_argument("--brief", action="store_true", help="text: findings without context")
    run.set_defaults(func=cmd_run)

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
    engine = Engine(load_selected_rules(args))
    documents, errors = [], []
    for item in expand(args.paths):
        if isinstance(item, InputError):
            errors.append((item.source, item.message))
            continue
        try:
            documents.append(read(item))
        except InputError as exc:
            errors.append((exc.source, exc.message))
    for source, message in errors:
        _error(f"{source}: {message}")
    results = engine.audit(documents)
    _write_report(args, results, errors)
    if errors:
        return EXIT_ERROR
    if args.fail_under is not None and any(r.score.score < args.fail_under for r in results):
        return EXIT_FAIL
    return EXIT_OK


def _write_report(args: argparse.Namespace, results: list[Result], errors: list) -> None:
    if args.format == "json":
        payload = json_render.render(results, errors)
        if args.output:
            write_atomic(Path(args.output), payload)
        else:
            sys.stdout.write(payload)
        return
    if args.output:
        console = Console(record=True, file=open(os.devnull, "w"), width=100)  # noqa: SIM115
        text_render.render(results, [], console, verbose=not args.brief)
        write_atomic(Path(args.output), console.export_text())
    else:
        console = Console(highlight=False)
        text_render.render(results, [], console, verbose=not args.brief)


def write_atomic(path: Path, content: str) -> None:
    """Write via a temporary file and rename, so an interrupted run leaves no half report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
