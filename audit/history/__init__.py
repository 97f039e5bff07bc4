"""Feed monitoring with history: a SQLite record of every `audit feed` run.

- `db`: the schema, its migrations, opening a database, and recording one run (one
  transaction, so an interrupted run leaves the database as it was);
- `recycled`: sentence fingerprints per site, and the cross-run seed of the boilerplate index
  (a sentence seen on a site's earlier pages counts as recycled today);
- `fetch`: conditional GET (`If-None-Match`, `If-Modified-Since`) of the items of a run;
- `query`: trends, worst items, changes since the previous run, regressions, export, prune;
- `render`: `audit history` as text, JSON or a self-contained HTML page with SVG trends;
- `feedrun`: what `audit feed --db` does around the engine, for any front end;
- `cli`: the arguments of `audit history` and of `audit feed`'s history options (light: no
  sqlite3 at start-up), `commands` the commands themselves; `common`: `HistoryError`.

Nothing here imports the command line: the front end passes plain values and the engine's
`Result`s in, and gets plain values back.
"""

from __future__ import annotations

from typing import Any

from audit.history.common import HistoryError

__all__ = ["History", "HistoryError", "open_history"]


def __getattr__(name: str) -> Any:
    """`History` and `open_history` on first use: the command line imports this package for
    its options, and a run without a database never needs sqlite3."""
    if name in ("History", "open_history"):
        from audit.history import db

        return getattr(db, name)
    raise AttributeError(name)
