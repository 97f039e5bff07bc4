"""audit: a source-reliability and aggregation auditor for news articles.

The Python API (see the README's "Python API"): `audit_texts(texts)` audits texts with the
shipped rules; `Auditor(RunOptions(...))` runs the command line's flow on files, folders and
URLs. They are imported on first use, so that `import audit.model` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from audit.app import Auditor, Outcome, RunOptions, audit_texts

_API = ("Auditor", "Outcome", "RunOptions", "audit_texts")


def __getattr__(name: str) -> Any:
    if name in _API:
        from audit import app

        return getattr(app, name)
    raise AttributeError(f"module 'audit' has no attribute {name!r}")


__all__ = ["Auditor", "Outcome", "RunOptions", "__version__", "audit_texts"]
