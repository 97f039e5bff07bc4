"""Where reports go: atomic writes, filesystem-safe names derived from untrusted sources, and
which report goes to which file (`plan`)."""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from audit.render import BINARY_FORMATS, renderer
from audit.render.common import Errors, ReportContext

if TYPE_CHECKING:
    from audit.engine import Result

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_RESERVED = re.compile(r"^(?:con|prn|aux|nul|com\d|lpt\d)$", re.I)
NAME_MAX = 80


def _special(path: Path) -> bool:
    """Whether `path` exists and is not a regular file (a link counts, whatever it points to)."""
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, content: str) -> None:
    """Write via a temporary file and rename, so an interrupted run leaves no half report."""
    out = AtomicFile(path)
    try:
        out.write(content)
        out.commit()
    except BaseException:
        out.abort()
        raise


class AtomicFile:
    """A file written piece by piece into a temporary file, renamed into place by `commit`
    (`abort` removes it): a report streamed to a file is never seen half written.

    What is there and is not a regular file (a device such as /dev/null or /dev/stdout, a FIFO,
    a symbolic link) is written in place, as a shell redirection would: renaming over it would
    replace /dev/null with a report when run as root, or a link with a file."""

    def __init__(self, path: Path) -> None:
        self.path, self.tmp = path, None
        if _special(path):
            self.handle = path.open("w", encoding="utf-8", newline="")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        import tempfile

        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.fchmod(fd, 0o666 & ~_umask())  # a report is as readable as any file the user makes
        self.tmp = Path(tmp)
        self.handle = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def write(self, text: str) -> None:
        self.handle.write(text)

    def commit(self) -> None:
        self.handle.close()
        if self.tmp is not None:
            os.replace(self.tmp, self.path)

    def abort(self) -> None:
        self.handle.close()
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)


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


# --- report targets --------------------------------------------------------------------------

REPORTS_DIR = Path("reports")


class UsageError(Exception):
    """A bad combination of --format and -o."""


@dataclass(frozen=True)
class Target:
    """One report to write: its format and its file (None: standard output)."""

    format: str
    path: Path | None
    defaulted: bool = False


def plan(
    options: Sequence[tuple[str, str]], stem: str, reports_dir: Path = REPORTS_DIR
) -> list[Target]:
    """Targets from the `--format`/`-o` options in command-line order, as ("format" | "output",
    value). Each -o belongs to the --format just before it (an -o before any --format to the
    first one); no --format means text, or concise on standard output when it is not a
    terminal (`default_format`). A format without -o goes to standard output, except
    html, which goes to `reports_dir`/STEM.html; `-o -` is standard output."""
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
    if not formats:  # a file gets the text report; standard output, as it is a terminal or not
        formats = ["text" if outputs.get(0, "-") != "-" else default_format()]
    targets = []
    for i, fmt in enumerate(formats):
        out = outputs.get(i)
        if fmt in BINARY_FORMATS:
            _binary(fmt, out)
        if out == "-":
            targets.append(Target(fmt, None))
        elif out:
            targets.append(Target(fmt, Path(out)))
        elif fmt == "html":
            targets.append(Target(fmt, reports_dir / f"{stem}.html", defaulted=True))
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
    for t in targets:
        if t.path is not None and not t.defaulted:
            _check_writable(t.path)
    return targets


def _binary(fmt: str, out: str | None) -> None:
    """A binary format goes to a file, and needs its extra (asked before any work)."""
    if out in (None, "-"):
        raise UsageError(f"--format {fmt} is binary: give -o FILE")
    try:
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        from audit.render.parquet import EXTRA

        raise UsageError(EXTRA) from None


def _check_writable(path: Path) -> None:
    """Whether a report can be written at `path`, asked before any work: a folder, a parent
    that is a file, a name too long for the file system or a folder we cannot write to would
    otherwise fail only after the whole audit."""
    if len(path.name.encode("utf-8", "surrogateescape")) > 255:
        raise UsageError(f"-o {path}: file name longer than 255 bytes")
    if path.is_dir():
        raise UsageError(f"-o {path}: is a folder")
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent  # the folders that do not exist yet are made
    if not parent.is_dir():
        raise UsageError(f"-o {path}: {parent} is not a folder")
    if not path.exists() and not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"-o {path}: cannot write in {parent}")


def default_format() -> str:
    """text for a person at a terminal; concise (one line a finding) for logs and pipes."""
    try:
        return "text" if sys.stdout.isatty() else "concise"
    except (AttributeError, ValueError):  # stdout replaced or closed
        return "concise"


TEXT_LIKE = ("text", "concise")  # reports for people, which end with the closing line


class _Silent:
    """--quiet: a report for people that prints nothing but the closing line."""

    def add(self, result: Result) -> None:
        pass

    def finish(self, errors: Errors, summary: dict[str, Any], suppressed: int) -> None:
        pass


class Report:
    """One report being written to its target: `add` each result in run order, then `finish`
    (or `abort`). The format's renderer (`audit.render`) streams or keeps the results."""

    def __init__(self, target: Target, ctx: ReportContext, quiet: bool = False) -> None:
        self.target = target
        self.file = AtomicFile(target.path) if target.path is not None else None
        self.out = self.file.handle if self.file is not None else sys.stdout
        self.for_people = target.format in TEXT_LIKE
        silent = quiet and self.for_people and self.file is None
        self.sink = _Silent() if silent else renderer(target.format)(ctx, self.out)

    def add(self, result: Result) -> None:
        self.sink.add(result)

    def finish(
        self, errors: Errors, summary: dict[str, Any], suppressed: int, closing: str = ""
    ) -> None:
        """Finish the report; a report for people ends with the run's `closing` line."""
        self.sink.finish(errors, summary, suppressed)
        if closing and self.for_people:
            self.out.write(closing + "\n")
            self.out.flush()
        if self.file is not None:
            self.file.commit()

    def abort(self) -> None:
        if self.file is not None:
            self.file.abort()
