"""Inputs: turn paths (files, folders, `-` for stdin) into Documents.

Readers never raise anything but `InputError`, whose message names the item, so one bad file
in a batch is reported in one line while the others are still audited.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from audit.document import Document

TEXT_SUFFIXES = {".txt", ".text", ""}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
FOLDER_SUFFIXES = TEXT_SUFFIXES - {""} | MARKDOWN_SUFFIXES
MAX_BYTES = 20 * 1024 * 1024


class InputError(Exception):
    """An item that cannot be audited; `source` names it."""

    def __init__(self, source: str, message: str):
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message


@dataclass(frozen=True)
class Item:
    """One thing to audit, not yet read."""

    source: str
    path: Path | None = None  # None: standard input


def expand(args: list[str]) -> Iterator[Item | InputError]:
    """Files as given, folders recursively (sorted), `-` as standard input."""
    for arg in args:
        if arg == "-":
            yield Item("<stdin>")
            continue
        path = Path(arg)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.suffix.lower() in FOLDER_SUFFIXES and p.is_file()
            )
            if not found:
                yield InputError(arg, "folder holds no .txt or .md files")
            yield from (Item(str(p), p) for p in found)
        elif path.exists():
            yield Item(arg, path)
        else:
            yield InputError(arg, "no such file or folder")


def read(item: Item) -> Document:
    """Read and segment one item."""
    if item.path is None:
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        return _document(item.source, data, markdown=False)
    try:
        if item.path.stat().st_size > MAX_BYTES:
            raise InputError(item.source, f"file is larger than {MAX_BYTES // 1024 // 1024} MB")
        data = item.path.read_bytes()
    except PermissionError:
        raise InputError(item.source, "permission denied") from None
    except IsADirectoryError:
        raise InputError(item.source, "is a folder") from None
    except OSError as exc:
        raise InputError(item.source, f"cannot read: {exc.strerror or exc}") from None
    suffix = item.path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | MARKDOWN_SUFFIXES:
        raise InputError(item.source, f"unsupported file type '{suffix}' (use .txt or .md)")
    return _document(item.source, data, markdown=suffix in MARKDOWN_SUFFIXES)


def _document(source: str, data: bytes, markdown: bool) -> Document:
    if len(data) > MAX_BYTES:
        raise InputError(source, f"input is larger than {MAX_BYTES // 1024 // 1024} MB")
    if b"\x00" in data[:8192]:
        raise InputError(source, "looks binary, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not valid UTF-8 (byte {exc.start})") from None
    if not text.strip():
        raise InputError(source, "empty document")
    return Document.build(text, source, markdown=markdown)
