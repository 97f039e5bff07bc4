"""The command line of the history: `audit history [prune|export]`, and the options and the
steps `audit feed` takes with a database (`add_feed_options`, `feed_run`, `finish_feed_run`).

Kept apart from `audit/cli.py`, which only calls in here: the front end parses arguments, and
the history works from plain values (paths, numbers, the engine's results).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audit import __version__
from audit.history import query, render
from audit.history.db import History, HistoryError, open_history, pack_fingerprint
from audit.history.feedrun import FeedRun, regression_line

if TYPE_CHECKING:
    from audit.engine import Engine, Result

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2
TRAILING_DAYS = 28
RECORDED_OPTIONS = (
    "use_feed_content", "rules", "only_rules", "disable", "weight", "fail_under", "fail_on",
    "baseline", "fail_on_regression", "trailing_days", "config", "no_config",
)  # fmt: skip


def _points(value: str) -> float:
    try:
        n = float(value)
    except ValueError:
        n = -1.0
    if not 0 < n <= 100:  # NaN fails too
        raise argparse.ArgumentTypeError("must be a number of points from 0 to 100 (above 0)")
    return n


def _days(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 3650:
        raise argparse.ArgumentTypeError("must be a whole number of days from 1 to 3650")
    return int(value)


def _when(value: str) -> str:
    try:
        return query.parse_when(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _gate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--fail-on-regression", type=_points, metavar="N",
        help="exit 1 when a site's mean score in the (last) run is N points or more under "
        "its trailing mean",
    )  # fmt: skip
    p.add_argument(
        "--trailing-days", type=_days, default=TRAILING_DAYS, metavar="DAYS",
        help=f"the trailing mean covers the site's audits of DAYS days before the run "
        f"(same rule pack; default {TRAILING_DAYS})",
    )  # fmt: skip


def add_feed_options(p: argparse.ArgumentParser) -> None:
    """`audit feed --db FILE --fail-on-regression N --trailing-days DAYS`."""
    p.add_argument(
        "--db", metavar="FILE",
        help="record the run in this history database (SQLite; made if missing): unchanged "
        "items are not fetched or audited again, sentences of the site's earlier pages count",
    )  # fmt: skip
    _gate_args(p)


def _db_arg(p: argparse.ArgumentParser, default: Any = None) -> None:
    p.add_argument(
        "--db", metavar="FILE", default=default,
        help="the history database (default: db in the configuration file)",
    )  # fmt: skip


def add_command(sub: Any) -> None:
    """`audit history` and its actions `prune` and `export`."""
    h = sub.add_parser("history", help="trends, regressions and records of `audit feed --db`")
    _db_arg(h)
    h.add_argument("--site", action="append", default=[], metavar="SITE",
                   help="only this site (a host name; repeatable)")  # fmt: skip
    h.add_argument("--by", choices=("day", "week"), default="day", help="trend periods")
    h.add_argument("--since", type=_when, metavar="DATE", help="only audits from DATE on")
    h.add_argument("--format", "-f", choices=("text", "json", "html"), default="text")
    h.add_argument("--output", "-o", metavar="FILE", help="write to FILE (html: reports/)")
    h.add_argument("--config", metavar="FILE", help="use this configuration file")
    h.add_argument("--no-config", action="store_true", help="ignore configuration files")
    _gate_args(h)
    h.set_defaults(func=cmd_history)
    actions = h.add_subparsers(metavar="ACTION")
    prune = actions.add_parser("prune", help="forget runs (and items) older than a date")
    _db_arg(prune, argparse.SUPPRESS)
    prune.add_argument("--before", type=_when, required=True, metavar="DATE")
    prune.add_argument("--vacuum", action="store_true", help="then shrink the file (VACUUM)")
    prune.set_defaults(func=cmd_prune)
    export = actions.add_parser("export", help="a site's audits and findings as JSON Lines")
    _db_arg(export, argparse.SUPPRESS)
    export.add_argument("--site", required=True, metavar="SITE", dest="export_site")
    export.add_argument("--output", "-o", metavar="FILE", default=argparse.SUPPRESS)
    export.set_defaults(func=cmd_export)


def _database(args: argparse.Namespace, config_db: Path | None = None) -> Path:
    """--db, else the configuration file's `db`; it must exist (nothing here creates one)."""
    if getattr(args, "db", None):
        return Path(args.db)
    if config_db is None:
        from audit import config

        cfg = config.resolve(getattr(args, "config", None), getattr(args, "no_config", False),
                             Path.cwd())  # fmt: skip
        config_db = cfg.db
    if config_db is None:
        raise HistoryError("no history database: give --db FILE (or db in [tool.audit])")
    return config_db


def _emit(args: argparse.Namespace, content: str, default: Path | None = None) -> None:
    from audit.output import write_atomic

    target = getattr(args, "output", None)
    if target and target != "-":
        write_atomic(Path(target), content)
    elif default is not None and target is None:
        write_atomic(default, content)
        print(f"audit: html report written to {default}", file=sys.stderr)
    else:
        sys.stdout.write(content)


def cmd_history(args: argparse.Namespace) -> int:
    with open_history(_database(args), create=False) as db:
        chosen = query.sites(db, args.site)
        reports = [
            query.site_report(db, site, name, args.by, args.since, args.trailing_days)
            for site, name in chosen
        ]
        runs, first, last = db.conn.execute(
            "SELECT count(*), min(started), max(started) FROM runs"
        ).fetchone()
        meta = render.Meta(str(db.path), args.by, args.since, runs, first, last)
        if args.format == "json":
            _emit(args, json.dumps(render.as_json(reports, meta), indent=2) + "\n")
        elif args.format == "html":
            from audit.output import REPORTS_DIR

            _emit(args, render.html(reports, meta), REPORTS_DIR / "history.html")
        else:
            _emit(args, render.text(reports, meta))
        return _gate(db, args, [name for _, name in chosen])


def _gate(db: History, args: argparse.Namespace, sites: Sequence[str]) -> int:
    """`--fail-on-regression` on the last run recorded, for the sites shown."""
    last = query.last_run(db)
    if args.fail_on_regression is None or last is None:
        return EXIT_OK
    found = [
        r
        for r in query.regressions(db, last, args.fail_on_regression, args.trailing_days)
        if r.site in sites
    ]
    for r in found:
        _say(regression_line(r, args.fail_on_regression))
    return EXIT_FAIL if found else EXIT_OK


def cmd_prune(args: argparse.Namespace) -> int:
    with open_history(_database(args), create=False) as db:
        before = db.size()
        pruned = query.prune(db, args.before)
        if args.vacuum:
            query.vacuum(db)
        _say(
            f"pruned {pruned.runs} runs, {pruned.audits} audits and {pruned.items} items "
            f"from before {args.before[:10]}"
            + (f"; {before:,} -> {db.size():,} bytes" if args.vacuum else "")
        )
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from audit.output import AtomicFile

    with open_history(_database(args), create=False) as db:
        [(site, _)] = query.sites(db, [args.export_site])
        target = getattr(args, "output", None)
        out = AtomicFile(Path(target)) if target and target != "-" else None
        write = out.write if out is not None else sys.stdout.write
        n = 0
        try:
            for record in query.export(db, site):
                write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
        except BaseException:
            if out is not None:
                out.abort()
            raise
        if out is not None:
            out.commit()
    _say(f"exported {n} audits of {args.export_site}")
    return EXIT_OK


def _say(message: str) -> None:
    from audit.render import one_line

    print(f"audit: {one_line(message)}", file=sys.stderr)


# --- audit feed --db ------------------------------------------------------------------------


def feed_run(args: argparse.Namespace, config_db: Path | None, engine: Engine) -> FeedRun | None:
    """The history of an `audit feed` run, or None when no database is named."""
    path = getattr(args, "db", None) or config_db
    if path is None:
        if getattr(args, "fail_on_regression", None) is not None:
            raise HistoryError("--fail-on-regression needs a history database (--db FILE)")
        return None
    pack = pack_fingerprint(engine.rules, engine.score_model, __version__)
    options = {k: getattr(args, k) for k in RECORDED_OPTIONS if hasattr(args, k)}
    return FeedRun(open_history(path), pack, __version__, options)


@dataclass
class FeedOutcome:
    """What the front end reports after recording: the JSON summary's `history`, how many
    items were not audited again, and whether a site regressed past the gate."""

    summary: dict[str, Any] = field(default_factory=dict)
    unchanged: int = 0
    regressed: bool = False


def finish_feed_run(
    run: FeedRun,
    results: Sequence[Result],
    errors: Sequence[tuple[str, str]],
    args: argparse.Namespace,
    say: Callable[[str], None],
) -> FeedOutcome:
    """Record the run (one transaction), tell what was not audited again, check the gate."""
    try:
        run.record(results, errors)
        points = getattr(args, "fail_on_regression", None)
        days = getattr(args, "trailing_days", TRAILING_DAYS)
        found = run.regressions(points, days) if points is not None else []
    finally:
        run.history.close()
    for line in run.notices():
        say(line)
    for r in found:
        say(regression_line(r, points or 0))
    return FeedOutcome(run.summary(found), len(run.unchanged), bool(found))
