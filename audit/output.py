"""Where reports go: atomic writes and filesystem-safe names derived from untrusted sources."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_RESERVED = re.compile(r"^(?:con|prn|aux|nul|com\d|lpt\d)$", re.I)
NAME_MAX = 80


def write_atomic(path: Path, content: str) -> None:
    """Write via a temporary file and rename, so an interrupted run leaves no half report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def safe_name(source: str, fallback: str = "report") -> str:
    """A file stem from a source name or URL: one path component, no dots or separators to
    escape the reports folder, only [A-Za-z0-9._-], at most NAME_MAX characters."""
    parts = urlsplit(source)
    if parts.scheme in ("http", "https") and parts.netloc:
        raw = parts.netloc + "-" + parts.path.strip("/").replace("/", "-")
    else:
        raw = re.split(r"[\\/]", source.rstrip("/\\"))[-1]
    raw = re.sub(r"\.(?:txt|text|md|markdown|html?)$", "", raw, flags=re.I)
    name = _UNSAFE.sub("-", raw).strip(".-_")[:NAME_MAX].strip(".-_")
    if not name or _RESERVED.match(name.split(".")[0]):
        return fallback
    return name


def repo_path(source: str) -> str | None:
    """A source as a repository-relative POSIX path (for SARIF and GitHub annotations);
    URLs as given; None for standard input."""
    if source.startswith("<"):
        return None
    if "://" in source:
        return source
    path = Path(source)
    if path.is_absolute():
        try:
            path = path.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            return path.as_posix()
    return Path(os.path.normpath(path)).as_posix()
