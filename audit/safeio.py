"""Reading the files a run is configured with (rules, baselines, configuration) safely: a
device or FIFO named where a file belongs (`--rules /dev/zero`) is refused, not read forever."""

from __future__ import annotations

import stat
from pathlib import Path

MAX_FILE_BYTES = (
    50 * 1024 * 1024
)  # a rule pack, baseline or config file larger than this is no such file


class NotAFile(OSError):
    """A path that is not a regular file, or one too large to be what it claims."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.strerror = message

    def __str__(self) -> str:
        return self.strerror


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """The text of a regular file of at most MAX_FILE_BYTES; NotAFile (an OSError) otherwise."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise NotAFile("not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise NotAFile(f"larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
    return path.read_text(encoding=encoding)
