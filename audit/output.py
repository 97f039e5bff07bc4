"""Where reports go: atomic writes and filesystem-safe names derived from untrusted sources."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from audit.gates import Gates

if TYPE_CHECKING:
    from audit.engine import Result

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
    try:
        parts = urlsplit(source)
    except ValueError:  # "http://[::1": not a URL we can name a file after
        parts = urlsplit("")
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


# --- report targets --------------------------------------------------------------------------

FORMATS = ("text", "json", "html", "sarif", "junit", "github", "markdown")
REPORTS_DIR = Path("reports")


class UsageError(Exception):
    """A bad combination of --format and -o."""


@dataclass(frozen=True)
class Target:
    """One report to write: its format and its file (None: standard output)."""

    format: str
    path: Path | None
    defaulted: bool = False


def plan(options: Sequence[tuple[str, str]], stem: str) -> list[Target]:
    """Targets from the `--format`/`-o` options in command-line order, as ("format" | "output",
    value). Each -o belongs to the --format just before it (an -o before any --format to the
    first one); no --format means text. A format without -o goes to standard output, except
    html, which goes to reports/STEM.html; `-o -` is standard output."""
    formats: list[str] = []
    outputs: dict[int, str] = {}
    for kind, value in options:
        if kind == "format":
            formats.append(value)
            continue
        i = max(len(formats) - 1, 0)
        if i in outputs:
            raise UsageError(
                f"two -o for one --format ({outputs[i]}, {value}): put each -o right after its "
                "--format, e.g. --format json -o a.json --format sarif -o b.sarif"
            )
        outputs[i] = value
    formats = formats or ["text"]
    targets = []
    for i, fmt in enumerate(formats):
        out = outputs.get(i)
        if out == "-":
            targets.append(Target(fmt, None))
        elif out:
            targets.append(Target(fmt, Path(out)))
        elif fmt == "html":
            targets.append(Target(fmt, REPORTS_DIR / f"{stem}.html", defaulted=True))
        else:
            targets.append(Target(fmt, None))
    to_stdout = [t.format for t in targets if t.path is None]
    if len(to_stdout) > 1:
        raise UsageError(
            f"only one report can go to standard output ({', '.join(to_stdout)}): "
            "give -o FILE for the others"
        )
    paths = [t.path.resolve() for t in targets if t.path is not None]
    if len(set(paths)) != len(paths):
        raise UsageError("two reports would be written to the same file")
    return targets


@dataclass(frozen=True)
class ReportContext:
    """What renderers need besides the results: the rules, the gates, the baseline count."""

    rules: Sequence[Any] = ()
    gates: Gates = field(default_factory=Gates)
    suppressed: int = 0


def render(
    fmt: str, results: Sequence[Result], errors: Sequence[tuple[str, str]], ctx: ReportContext
) -> str:
    """Render one machine or HTML format (text is rendered by the CLI, on a console)."""
    if fmt == "json":
        from audit.render import json as r

        return r.render(results, errors)
    if fmt == "html":
        from audit.render import html

        return html.render(results, errors, ctx.gates, ctx.suppressed)
    if fmt == "sarif":
        from audit.render import sarif

        return sarif.render(results, errors, ctx.rules)
    if fmt == "junit":
        from audit.render import junit

        return junit.render(results, errors, ctx.gates)
    if fmt == "github":
        from audit.render import github

        return github.render(results, errors, ctx.gates)
    if fmt == "markdown":
        from audit.render import markdown

        return markdown.render(results, errors, ctx.gates, ctx.suppressed)
    raise UsageError(f"unknown format {fmt!r}")
