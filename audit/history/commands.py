"""The commands `audit history`, `audit history prune` and `audit history export` (their
arguments are defined in `audit.history.cli`)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from audit.history import query, render
from audit.history.db import History, HistoryError, open_history
from audit.history.feedrun import regression_line

if TYPE_CHECKING:
    from audit.config import Config

EXIT_OK, EXIT_FAIL = 0, 1


def _config(args: argparse.Namespace) -> Config:
    from audit import config

    explicit, ignored = getattr(args, "config", None), getattr(args, "no_config", False)
    return config.resolve(explicit, ignored, Path.cwd())


def _database(args: argparse.Namespace) -> Path:
    """--db, else the configuration file's `db`; it must exist (nothing here creates one)."""
    if getattr(args, "db", None):
        return Path(args.db)
    path = _config(args).db
    if path is None:
        raise HistoryError("no history database: give --db FILE (or db in [tool.audit])")
    return path


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

            folder = _config(args).output_dir or REPORTS_DIR  # as `audit run`'s HTML reports
            _emit(args, render.html(reports, meta), folder / "history.html")
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
