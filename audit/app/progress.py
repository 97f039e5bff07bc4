"""Progress of a long run on stderr, when it is a terminal: documents done, per second, and
errors, on one line rewritten at most twice a second (nothing at all otherwise)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    INTERVAL = 0.5

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        try:
            tty = self.stream.isatty()
        except (AttributeError, ValueError):
            tty = False
        self.enabled = tty if enabled is None else enabled
        self.done = self.errors = 0
        self.start = self.shown = time.monotonic()
        self.drawn = False

    def add(self, failed: bool = False) -> None:
        self.done += 1
        self.errors += failed
        now = time.monotonic()
        if self.enabled and now - self.shown >= self.INTERVAL:
            self.shown = now
            self._draw(now)

    def line(self, now: float | None = None) -> str:
        elapsed = max((now or time.monotonic()) - self.start, 1e-9)
        errors = f", {self.errors} error{'s' if self.errors != 1 else ''}" if self.errors else ""
        return f"{self.done:,} documents, {self.done / elapsed:,.1f}/s{errors}"

    def _draw(self, now: float) -> None:
        self.stream.write(f"\r\x1b[K{self.line(now)}")
        self.stream.flush()
        self.drawn = True

    def clear(self) -> None:
        """Remove the line (before another message, and at the end)."""
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn = False
