"""The repository a run is in: reports and baselines name files relative to its root, so
they read the same from any folder (and under pre-commit, which runs from the root)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path


@cache
def _root_of(folder: Path) -> Path | None:
    for candidate in [folder, *folder.parents]:
        if (candidate / ".git").exists():
            return candidate
    return None


def root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above `start` (the working directory) holding `.git`."""
    return _root_of((start or Path.cwd()).resolve())


def relative(source: str, anchor: Path | None = None) -> str:
    """A local path as a POSIX path relative to `anchor` (by default the repository root);
    a path outside the anchor, or with no anchor, relative to the working directory."""
    anchor = anchor if anchor is not None else root()
    path = Path(source)
    absolute = Path(os.path.abspath(path))
    if anchor is not None:
        try:
            return absolute.relative_to(anchor).as_posix()
        except ValueError:
            pass
    if path.is_absolute():
        try:
            return absolute.relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            return path.as_posix()
    return Path(os.path.normpath(path)).as_posix()
