"""Reading a run's inputs: URLs concurrently (polite per host), local inputs in two passes.

Unreadable items are reported through `say` (one line each) and returned as (source,
message) errors; the run goes on with the others.
"""

from __future__ import annotations

import os
import sys
import threading
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from audit.app.options import DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT, RunOptions
from audit.app.progress import Progress
from audit.app.signals import check_terminated
from audit.document import Document
from audit.engine import Engine, Result, map_in_workers
from audit.inputs import (
    JSONL_SUFFIXES,
    WARC_SUFFIXES,
    InputError,
    Item,
    Reader,
    expand,
    host_of,
    is_url,
)
from audit.output import safe_name
from audit.render.common import one_line

Say = Callable[[str], None]  # one line for the user (the CLI prints it on stderr)
PER_HOST = 2


def quiet(message: str) -> None:
    """A `Say` for library callers: errors are returned, notices dropped."""


def rereadable(paths: Sequence[str]) -> bool:
    """Inputs that can be read twice: local files and folders (not stdin, not URLs)."""
    return all(p != "-" and not is_url(p) for p in paths)


def expand_paths(
    options: RunOptions, paths: Sequence[str], say: Say, include=None, exclude=None
) -> Iterator[Item | InputError]:
    follow = options.follow_symlinks
    return expand(list(paths), include, exclude, follow_symlinks=follow, notice=say)


def make_reader(options: RunOptions) -> Reader:
    return Reader(
        limit_options={"read_timeout": options.timeout or DEFAULT_TIMEOUT},
        trust_inline=options.trust_inline_suppressions,
    )


def report_stem(paths: Sequence[str], results: Sequence[Result]) -> str:
    """The default HTML file name: from the one document, else from the one path given."""
    if len(results) == 1:
        return safe_name(results[0].document.source)
    return safe_name(paths[0], "audit-report") if len(paths) == 1 else "audit-report"


def read_documents(
    options: RunOptions, items: Iterable, say: Say, reader: Reader | None = None
) -> tuple[list, list[tuple[str, str]]]:
    """Read every item, URLs concurrently (bounded, polite per host), in input order.

    Unreadable items are reported (one line each) and returned as errors.
    """
    reader = reader or make_reader(options)
    entries = list(items)
    results: list = [None] * len(entries)
    hosts: dict[str, threading.Semaphore] = {}
    lock = threading.Lock()

    def work(i: int) -> None:
        item = entries[i]
        if isinstance(item, InputError):
            results[i] = item
            return
        host = host_of(item)
        if host:
            with lock:
                gate = hosts.setdefault(host, threading.Semaphore(PER_HOST))
            with gate:
                results[i] = _safe_read(reader, item)
        else:
            results[i] = _safe_read(reader, item)

    workers = max(1, min(options.concurrency or DEFAULT_CONCURRENCY, 32))
    with _progress(len(entries)) as advance:
        if workers == 1 or not any(isinstance(e, Item) and e.url for e in entries):
            for i in range(len(entries)):
                work(i)
                advance(_host(entries[i]))
        else:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(workers) as pool:
                for i, _ in enumerate(pool.map(work, range(len(entries)))):
                    advance(_host(entries[i]))
    reader.close()
    documents = [r for r in results if not isinstance(r, InputError)]
    errors = [(r.source, r.message) for r in results if isinstance(r, InputError)]
    for source, message in errors:
        say(f"error: {source}: {message}")
    return documents, errors


def _safe_read(reader: Reader, item: Item):
    try:
        return reader.read(item)
    except InputError as exc:
        return exc


def _host(entry: object) -> str:
    return (host_of(entry) or "") if isinstance(entry, Item) else ""


@contextmanager
def _progress(total: int):
    """A progress bar on stderr, only on a terminal and for more than one item: `4/5` and
    the host of the item just read."""
    if total <= 1 or not sys.stderr.isatty():
        yield lambda host="": None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (
        TextColumn("reading"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[host]}"),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("reading", total=total, host="")
        yield lambda host="": bar.update(task, advance=1, host=one_line(host))


class Batch:
    """Local inputs audited in two passes, so that memory does not grow with their number.

    Pass 1 (on creation) reads each item, adds it to the cross-document index and drops it;
    unreadable items are reported then, in one line each. Pass 2 (`results`) reads each item
    again and audits it (`jobs` processes), yielding results in input order. Documents
    extracted from HTML, costly to extract twice, are kept on disk between the passes
    (`Spill`). So are, in memory, the first documents up to `KEEP_CHARS` characters of text
    (with the analyses pass 1 made of them): a small batch is read and analysed once, and
    memory stays bounded for a large one. Positions in the run are item numbers; an item
    whose name differs in pass 2 (a folder changed in between) is audited without the
    cross-document index.
    """

    KEEP_CHARS = 4_000_000

    def __init__(
        self,
        options: RunOptions,
        engine: Engine,
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
        say: Say = quiet,
        progress: bool = False,
    ) -> None:
        self.options, self.engine, self.say = options, engine, say
        self.progress = progress  # documents done, per second, errors: on stderr
        # files and folder listings are kept (names only); JSON Lines and WARC archives are
        # read again in pass 2
        self.segments: list[list[Item | InputError] | str] = [
            arg if _streamed(arg) else list(expand_paths(options, [arg], say, include, exclude))
            for arg in options.paths
        ]
        self.reader = make_reader(options)
        self.run = engine.start()
        self.errors: list[tuple[str, str]] = []
        self.failed: set[int] = set()
        self.sources = array("q")  # hash of each item's name, by position
        self.documents = 0
        self.first: str | None = None
        self.spill = Spill()
        self.kept: dict[int, Document] = {}
        self._first_pass()

    def _first_pass(self) -> None:
        kept_chars = 0
        for position, (item, doc) in enumerate(self._loaded()):
            check_terminated()
            self.sources.append(hash(item.source))
            if not isinstance(doc, Document):
                self.failed.add(position)
                self.errors.append(doc)
                self.say(f"error: {doc[0]}: {doc[1]}")
                continue
            self.documents += 1
            self.first = self.first or doc.source
            if self.engine.cross_document:
                self.engine.index(doc, position, self.run)
            if kept_chars + len(doc.text) <= self.KEEP_CHARS:
                kept_chars += len(doc.text)
                self.kept[position] = doc
            elif doc.page:
                doc.analyses.clear()
                self.spill.put(position, doc)

    def _loaded(self) -> Iterator[tuple[Item | InputError, Document | tuple[str, str]]]:
        """Each item with its document (or error), in order. With jobs > 1, pages are read
        and extracted (the costly part of a page) in that many forked processes; a document
        made there comes back pickled, as one kept on disk between the passes does."""
        reader, jobs = self.reader, self.options.jobs
        listed = sum(len(s) for s in self.segments if not isinstance(s, str))
        if listed < 2 * jobs and all(not isinstance(s, str) for s in self.segments):
            jobs = 1  # too few items to be worth the processes (as in pass 2)
        load = lambda item: _load(reader, item)  # noqa: E731
        lost = lambda item, reason: _load(reader, item)  # noqa: E731 - a dead worker's: here
        items = self.items(self.say)
        items = items if jobs <= 1 else map(_sendable, items)
        return map_in_workers(load, items, jobs, lost)

    def items(self, say: Say | None = None) -> Iterator[Item | InputError]:
        """The run's items; `say` receives the notices of streamed inputs (pass 1's only)."""
        for segment in self.segments:
            if isinstance(segment, str):
                yield from expand_paths(self.options, [segment], say or quiet)
            else:
                yield from segment

    def stem(self) -> str:
        """The default HTML report name (see `report_stem`)."""
        if self.documents == 1 and self.first is not None:
            return safe_name(self.first)
        return report_stem(self.options.paths, [])

    def results(self) -> Iterator[Result]:
        jobs = self.options.jobs
        jobs = jobs if self.documents >= 2 * jobs else 1
        progress = Progress(enabled=self.progress)
        try:
            tasks = self._tasks()
            lost = lambda task, reason: (task[1].source, reason)  # noqa: E731
            for out in self.engine.audit_each(tasks, self._read, self.run, jobs, lost):
                progress.add(failed=not isinstance(out, Result))
                if isinstance(out, Result):
                    yield out
                    continue
                progress.clear()
                self.errors.append(out)  # readable in pass 1, not in pass 2
                self.say(f"error: {out[0]}: {out[1]}")
        finally:
            progress.clear()
            self.reader.close()
            self.spill.close()

    def _tasks(self) -> Iterator[tuple[int | None, tuple[int | None, Item | InputError]]]:
        for position, item in enumerate(self.items()):
            if position in self.failed:
                continue
            same = position < len(self.sources) and self.sources[position] == hash(item.source)
            yield (position, (position, item)) if same else (None, (None, item))

    def _read(self, task: tuple[int | None, Item | InputError]) -> Document | tuple[str, str]:
        position, item = task
        if position is None:
            return _load(self.reader, item)
        kept = self.kept.pop(position, None) or self.spill.get(position)
        return kept if kept is not None else _load(self.reader, item)


class Spill:
    """Documents kept on disk (pickled, in a temporary file) from pass 1 to pass 2."""

    def __init__(self) -> None:
        self.file: IO[bytes] | None = None
        self.positions, self.offsets, self.sizes = array("q"), array("q"), array("q")
        self.end = 0

    def put(self, position: int, doc: Document) -> None:
        if self.file is None:
            import tempfile

            self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        import pickle

        data = pickle.dumps(doc, pickle.HIGHEST_PROTOCOL)
        self.file.write(data)
        self.file.flush()
        self.positions.append(position)
        self.offsets.append(self.end)
        self.sizes.append(len(data))
        self.end += len(data)

    def get(self, position: int) -> Document | None:
        """The document kept for `position`, if any (safe in forked workers: pread)."""
        i = bisect_left(self.positions, position)
        if self.file is None or i == len(self.positions) or self.positions[i] != position:
            return None
        import pickle

        return pickle.loads(os.pread(self.file.fileno(), self.sizes[i], self.offsets[i]))

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


def _streamed(arg: str) -> bool:
    """JSON Lines and WARC archives: streamed again in pass 2, never held."""
    path = Path(arg)
    name = path.name.lower()
    return (path.suffix.lower() in JSONL_SUFFIXES or name.endswith(WARC_SUFFIXES)) and (
        path.is_file()
    )


@dataclass(frozen=True)
class _Unreadable:
    """An item found unreadable while listing (an `InputError`, which does not pickle), as
    sent to a worker process."""

    source: str
    message: str


def _sendable(item: Item | InputError) -> Item | _Unreadable:
    return _Unreadable(item.source, item.message) if isinstance(item, InputError) else item


def _load(reader: Reader, item: Item | InputError | _Unreadable) -> Document | tuple[str, str]:
    """One item read, or its error as (source, message)."""
    if isinstance(item, InputError | _Unreadable):
        return item.source, item.message
    try:
        return reader.read(item)
    except InputError as exc:
        return exc.source, exc.message
