"""The application layer: a run's options (`RunOptions`) and its one flow (`Auditor`), used by
the command line (`audit.cli`, which only parses arguments and prints) and library callers."""

from audit.app.auditor import Auditor, Outcome, audit_texts
from audit.app.options import RunOptions
from audit.app.reporting import EXIT_ERROR, EXIT_FAIL, EXIT_OK
from audit.app.signals import Terminated

__all__ = [
    "EXIT_ERROR",
    "EXIT_FAIL",
    "EXIT_OK",
    "Auditor",
    "Outcome",
    "RunOptions",
    "Terminated",
    "audit_texts",
]
