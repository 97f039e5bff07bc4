"""Argument types of the command line: numbers with their bounds (a bad value is one usage
line naming the option, never a traceback) and the action that pairs each -o with its --format."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable


class ReportOption(argparse.Action):
    """Keeps --format and -o in command-line order, so each -o pairs with its --format."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        kind = "format" if self.dest == "format" else "output"
        namespace.reports = [*namespace.reports, (kind, values)]
        setattr(namespace, self.dest, [*(getattr(namespace, self.dest, None) or []), values])


def bounded(ok: Callable[[float], bool], message: str) -> Callable[[str], float]:
    """An argument type: a number that passes `ok` (NaN never does), else `message`."""

    def parse(value: str) -> float:
        try:
            n = float(value)
        except ValueError:
            n = math.nan
        if not ok(n):
            raise argparse.ArgumentTypeError(message)
        return n

    return parse


# -1, nan and inf would switch the timeout off
seconds = bounded(lambda n: 0 < n <= 3600, "must be a number of seconds from 0 to 3600")
score = bounded(lambda n: 0 <= n <= 100, "must be a number from 0 to 100")


def count(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError("must be a whole number of at least 0")
    return int(value)


def positive_int(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError("must be a whole number of at least 1")
    return int(value)


DASK_HELP = (
    "run on a Dask cluster: a scheduler's address (tcp://host:8786), or 'local' for --jobs "
    "worker processes on this machine (the 'scale' extra)"
)
