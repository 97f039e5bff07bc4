"""The command line of the history: the arguments of `audit history [prune|export]` (run by
`commands`) and the options `audit feed` takes with a database (`add_feed_options`; what it
then does is `feedrun`).

Kept apart from `audit/cli.py`, which only calls in here: the front end parses arguments, and
the history works from plain values (paths, numbers, the engine's results).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from audit.history.common import TRAILING_DAYS


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
    from audit.history import query

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
    h.set_defaults(func=_command("cmd_history"))
    actions = h.add_subparsers(metavar="ACTION")
    prune = actions.add_parser("prune", help="forget runs (and items) older than a date")
    _db_arg(prune, argparse.SUPPRESS)
    prune.add_argument(
        "--before", type=_when, required=True, metavar="DATE",
        help="forget the runs started before DATE (YYYY-MM-DD or an ISO date-time, UTC)",
    )  # fmt: skip
    prune.add_argument("--vacuum", action="store_true", help="then shrink the file (VACUUM)")
    prune.set_defaults(func=_command("cmd_prune"))
    export = actions.add_parser("export", help="a site's audits and findings as JSON Lines")
    _db_arg(export, argparse.SUPPRESS)
    export.add_argument("--site", required=True, metavar="SITE", dest="export_site")
    export.add_argument("--output", "-o", metavar="FILE", default=argparse.SUPPRESS)
    export.set_defaults(func=_command("cmd_export"))


def _command(name: str) -> Callable[[argparse.Namespace], int]:
    """A command of `audit.history.commands`, imported when it runs (not at start-up)."""

    def run(args: argparse.Namespace) -> int:
        from audit.history import commands

        return getattr(commands, name)(args)

    return run
