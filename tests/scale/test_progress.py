"""Progress of long runs: documents, per second and errors on one rewritten stderr line, only
when asked (a terminal); never in a report."""

from __future__ import annotations

import io

from audit.app.progress import Progress


def test_the_line_counts_documents_rate_and_errors() -> None:
    out = io.StringIO()
    progress = Progress(out, enabled=True)
    progress.INTERVAL = 0
    for n in range(5):
        progress.add(failed=n == 2)
    assert "5 documents" in out.getvalue() and ", 1 error" in out.getvalue()
    assert progress.line().startswith("5 documents, ") and "/s" in progress.line()
    progress.clear()
    assert out.getvalue().endswith("\r\x1b[K")


def test_nothing_is_written_off_a_terminal() -> None:
    out = io.StringIO()  # not a terminal
    progress = Progress(out)
    for _ in range(3):
        progress.add()
    progress.clear()
    assert out.getvalue() == ""
