"""WARC archives (`crawl.warc`, `crawl.warc.gz`, as Common Crawl's CC-News): each HTML page
of a response record becomes an item, read as an HTML file is.

Records that are not pages (requests, metadata, responses that are not HTML or not 2xx) are
skipped and counted (one notice per archive). The reader is warcio, an optional extra
(`pip install 'audit[scale]'`); without it an archive is one error naming the extra. A record
is named by its target URI, else by the archive and the record's offset (`crawl.warc.gz@1234`).
A damaged archive is one error naming the archive; the pages before the damage are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from audit.inputs import MAX_BYTES, WARC_SUFFIXES, InputError, Item

SUFFIXES = WARC_SUFFIXES
EXTRA = "reading WARC archives needs warcio, of the 'scale' extra: pip install 'audit[scale]'"
HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(SUFFIXES) and path.is_file()


def items(path: Path, notice: Callable[[str], None] | None = None) -> Iterator[Item | InputError]:
    """Each HTML page of the archive, in archive order, then a notice of the records skipped."""
    skipped = 0
    for entry in _records(path):
        if entry is None:
            skipped += 1
        else:
            yield entry
    if skipped and notice is not None:
        notice(f"{path}: {skipped} record{'s' if skipped != 1 else ''} skipped (not HTML pages)")


def scan(path: Path) -> tuple[list[int], int, InputError | None]:
    """The offsets of the archive's HTML pages (their payloads are not read), how many records
    were skipped, and the archive's error (unreadable, damaged after the pages listed, or
    warcio missing): what `items` gives, for workers that read the pages themselves."""
    offsets: list[int] = []
    skipped = 0
    try:
        for record, offset in _iterate(path):
            if _page(record) is None:
                skipped += 1
            else:
                offsets.append(offset())
    except InputError as exc:
        return offsets, skipped, exc
    return offsets, skipped, None


def read_at(path: Path, offsets: Sequence[int]) -> Iterator[Item | InputError]:
    """The pages at these offsets (from `scan`), read by seeking to each record."""
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:
        yield InputError(str(path), EXTRA)
        return
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        for offset in offsets:
            try:
                handle.seek(offset)
                record = next(iter(ArchiveIterator(handle)))
                yield _item(path, record, lambda at=offset: at) or InputError(
                    f"{path}@{offset}", "not an HTML page"
                )
            except Exception as exc:  # a damaged record is an error naming it
                yield InputError(f"{path}@{offset}", f"not a readable WARC record ({exc})")


def _records(path: Path) -> Iterator[Item | InputError | None]:
    """Each record as an item, None for a record skipped; an error ends the archive."""
    try:
        for record, offset in _iterate(path):
            yield _item(path, record, offset)
    except InputError as exc:
        yield exc


def _iterate(path: Path) -> Iterator[tuple[Any, Callable[[], int]]]:
    """Each record, and a function giving its offset (to call after reading the payload:
    warcio reads the record to its end to tell it); InputError when warcio is missing or the file is
    damaged (raised where the damage is, after the records before it)."""
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:
        raise InputError(str(path), EXTRA) from None
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    with handle:
        records = ArchiveIterator(handle)
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except Exception as exc:  # warcio's ArchiveLoadFailed, zlib errors, bad headers
                raise InputError(str(path), f"not a readable WARC archive ({exc})") from None
            yield record, records.get_record_offset


def _page(record: Any) -> str | None:
    """The target URI of a 2xx HTML response record ('' when it has none), else None."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode() or ""
    ctype = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if not status.startswith("2") or ctype not in HTML_TYPES:
        return None
    return record.rec_headers.get_header("WARC-Target-URI") or ""


def _item(path: Path, record: Any, offset: Callable[[], int]) -> Item | InputError | None:
    """The page of a record as an item (its bytes, read as an HTML file's), None if the record
    is not a page."""
    uri = _page(record)
    if uri is None:
        return None
    try:
        data = record.content_stream().read(MAX_BYTES + 1)
    except Exception as exc:  # a truncated or badly encoded payload
        data = exc
    source = uri if uri and uri.isprintable() else f"{path}@{offset()}"
    if isinstance(data, Exception):
        return InputError(source, f"cannot read the record's payload ({data})")
    if len(data) > MAX_BYTES:
        return InputError(source, f"page is larger than {MAX_BYTES // 1024 // 1024} MB")
    url = uri if uri.lower().startswith(("http://", "https://")) else None
    return Item(source, url=url, data=data, kind="html")
