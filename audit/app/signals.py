"""SIGTERM unwinds a run like Ctrl-C: reports abort and their temporary files go.

The handler only sets a flag, checked between documents (`check_terminated`): an exception
raised inside the handler could land in any library's cleanup code.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Terminated(BaseException):
    """SIGTERM, raised at the next document, so that reports and temporary files are cleaned
    up as for Ctrl-C (a killed CI job left `.tmp` files beside its reports)."""


_TERMINATING = threading.Event()


def _terminated(signum: int, frame: object) -> None:
    _TERMINATING.set()


def check_terminated() -> None:
    """Called between documents: stop here when SIGTERM has arrived."""
    if _TERMINATING.is_set():
        raise Terminated


@contextmanager
def terminate_between_documents() -> Iterator[None]:
    """While inside, SIGTERM raises `Terminated` at the next document (in the main thread
    only: Python installs signal handlers there alone)."""
    main_thread = threading.current_thread() is threading.main_thread()
    _TERMINATING.clear()
    previous = signal.signal(signal.SIGTERM, _terminated) if main_thread else None
    try:
        yield
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
