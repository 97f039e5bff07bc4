"""Audits on a Dask cluster (dask.distributed, the 'scale' extra): `audit_bag` turns a bag of
documents into a bag of results, as a local run would make them, finding for finding.

    import dask.bag as db
    from audit.dask import audit_bag

    texts = db.read_text("articles-*.jsonl").map(json.loads)   # records with a "text"
    results = audit_bag(texts, pack="my-rules/").compute()     # Result, or Failed

A bag's elements are texts, JSON Lines records (dicts with `text`, and `id`, `url`,
`title`), `Document`s, input `Item`s, or `Slice`s (a part of a file the workers read
themselves: what `audit run --dask` sends).

The cross-document index (sentences a site's pages recycle) is a two-pass computation: the
first pass indexes each partition (`CrossIndex`, positions counted from the partition's
start) and a reduction merges the partitions' indexes in partition order, which gives the
very index a local run builds one document at a time; the second audits each document with
the merged index. Workers build the rule pack's engine once each (`engine_for`), not once
per document or task. A document that cannot be read or audited is a `Failed` record in
place of its result: a partition is never lost to one bad document.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from audit.app.options import RunOptions
from audit.document import Document
from audit.engine import Engine, Result
from audit.inputs import InputError, Item, Reader
from audit.kinds.boilerplate import INDEX, CrossIndex

EXTRA = "needs dask.distributed, of the 'scale' extra: pip install 'audit[scale]'"


@dataclass(frozen=True)
class Failed:
    """A document that could not be read or audited, in place of its result."""

    source: str
    message: str


@dataclass(frozen=True)
class Slice:
    """Part of an input that workers read themselves (a shared file system, or files at the
    same paths): `kind` 'items' (a few items, as listed), 'jsonl' (`lines` lines of a JSON
    Lines file from byte `start`, the first being line `first`) or 'warc' (the records at
    `offsets`)."""

    kind: str
    path: str = ""
    items: tuple[Item | InputError, ...] = ()
    start: int = 0
    first: int = 1
    lines: int = 0
    offsets: tuple[int, ...] = field(default=(), repr=False)

    def expand(self) -> Iterator[Item | InputError]:
        if self.kind == "items":
            yield from self.items
        elif self.kind == "jsonl":
            from audit.inputs import jsonl_slice

            yield from jsonl_slice(Path(self.path), self.start, self.first, self.lines)
        else:
            from audit import warc

            yield from warc.read_at(Path(self.path), self.offsets)


# --- the engine, once per worker ---------------------------------------------------------

_ENGINES: dict[RunOptions, Engine] = {}
_LOCK = threading.Lock()
engines_built = 0  # in this process: tests check that it is once per worker process


def engine_for(spec: RunOptions) -> Engine:
    """The engine of `spec` (rules, packs and configuration file given as absolute paths),
    built on first use in this process and kept for every later task."""
    global engines_built
    with _LOCK:
        engine = _ENGINES.get(spec)
        if engine is None:
            from audit.app.auditor import Auditor

            engine = _ENGINES[spec] = Auditor(spec).engine
            engines_built += 1
        return engine


def worker_spec(options: RunOptions | None = None, pack: Any = None) -> RunOptions:
    """What a worker needs to build the run's engine and reader, the same on every machine:
    `options` without inputs or reports, their paths absolute, the configuration file found
    here named (or none); `pack`, a rule file or folder (or several), joins them as --rules."""
    from audit.app.options import load_config

    options = options or RunOptions()
    packs = [pack] if isinstance(pack, str | Path) else list(pack or ())
    cfg = load_config(options)
    absolute = lambda paths: tuple(str(Path(p).resolve()) for p in paths)  # noqa: E731
    return replace(
        options,
        paths=(),
        reports=(),
        dask=None,
        rules=absolute([*options.rules, *packs]),
        only_rules=absolute(options.only_rules),
        config=str(cfg.path.resolve()) if cfg.path else None,
        no_config=cfg.path is None,
        jobs=1,
    )


# --- the two passes ------------------------------------------------------------------------


@dataclass
class Index:
    """The first pass's reduction: how many elements each partition holds, in order, and
    the merged cross-document index (None when the rules need none)."""

    counts: list[int]
    index: CrossIndex | None = None
    starts: list[int] = field(default_factory=list, repr=False)  # made on first use

    def offset(self, partition: int) -> int:
        """The run position of the partition's first element."""
        if len(self.starts) != len(self.counts):
            self.starts = [0, *itertools.accumulate(self.counts)][:-1]
        return self.starts[partition]


def index_bag(bag: Any, spec: RunOptions, split_every: int = 8) -> Any:
    """The first pass, as a dask Item holding the `Index` of the bag's documents."""
    return bag.reduction(lambda part: _index_partition(part, spec), _merge, split_every=split_every)


def audit_partitions(bag: Any, index: Any, spec: RunOptions) -> Any:
    """The second pass: each element's `Result` (or `Failed`), in bag order."""
    import dask.bag as db

    n = bag.npartitions
    numbers = db.from_sequence(range(n), npartitions=n)
    assert numbers.npartitions == n
    return bag.map_partitions(_audit_partition, numbers, index, spec)


def audit_bag(
    bag: Any, pack: Any = None, options: RunOptions | None = None, split_every: int = 8
) -> Any:
    """A bag of each element's `Result` (or `Failed`), in the bag's order, equal to a local
    run's results on the same documents. `pack`: a rule file or folder (or several) added to
    the shipped pack, as --rules; `options`: anything else a run takes (`RunOptions`)."""
    spec = worker_spec(options, pack)
    engine_for(spec)  # a rule error stops here, before any task is sent
    return audit_partitions(bag, index_bag(bag, spec, split_every), spec)


def _elements(part: Iterable[Any]) -> Iterator[Any]:
    for element in part:
        if isinstance(element, Slice):
            yield from element.expand()
        else:
            yield element


def _index_partition(part: Iterable[Any], spec: RunOptions) -> Index:
    engine = engine_for(spec)
    if not engine.cross_document:
        return Index([sum(1 for _ in _elements(part))])
    reader, run = _reader(spec), engine.start()
    count = 0
    for position, element in enumerate(_elements(part)):
        count += 1
        doc = _load(element, reader, position)
        if isinstance(doc, Document):
            # a document that cannot be indexed is audited without it, or fails, in pass 2
            with contextlib.suppress(Exception):
                engine.index(doc, position, run)
    reader.close()
    return Index([count], run.data.get(INDEX) or CrossIndex())


def _merge(parts: Iterable[Index]) -> Index:
    """Indexes of consecutive partitions, in partition order, merged into a new one."""
    parts = list(parts)  # dask gives an iterator
    counts = list(itertools.chain.from_iterable(p.counts for p in parts))
    if all(p.index is None for p in parts):
        return Index(counts)
    merged, offset = CrossIndex(), 0
    for part in parts:
        if part.index is not None:
            merged.merge(part.index, offset)
        offset += sum(part.counts)
    return Index(counts, merged)


def _audit_partition(
    part: Iterable[Any], numbers: Iterable[int], index: Index, spec: RunOptions
) -> list[Result | Failed]:
    engine = engine_for(spec)
    (number,) = list(numbers)
    offset = index.offset(number)
    reader, run = _reader(spec), engine.start()
    if index.index is not None:
        run.data[INDEX] = index.index  # read only: every task of the worker shares it
    out: list[Result | Failed] = []
    for n, element in enumerate(_elements(part)):
        position = offset + n
        doc = _load(element, reader, position)
        if isinstance(doc, Failed):
            out.append(doc)
            continue
        try:
            out.append(engine.audit_one(doc, run, position))
        except Exception as exc:  # a failing document is an error record, never a lost task
            out.append(Failed(_name(doc), f"cannot be audited: {type(exc).__name__}: {exc}"))
    reader.close()
    return out


def _reader(spec: RunOptions) -> Reader:
    from audit.app.reading import make_reader

    return make_reader(spec)


def _load(element: Any, reader: Reader, position: int) -> Document | Failed:
    """A bag element as a document (a text is named `<text N>` as `audit_texts` names it, a
    record as a JSON Lines line is), or why it cannot be one."""
    from audit.inputs import _jsonl_item

    try:
        if isinstance(element, Document):
            return element
        if isinstance(element, str):
            return Document.build(element, f"<text {position + 1}>")
        if isinstance(element, dict):
            raw = json.dumps(element, ensure_ascii=False).encode("utf-8", "surrogatepass")
            element = _jsonl_item(raw, f"<record {position + 1}>")
        if isinstance(element, InputError):
            return Failed(element.source, element.message)
        if isinstance(element, Item):
            return reader.read(element)
        return Failed(f"<element {position + 1}>", f"cannot audit a {type(element).__name__}")
    except InputError as exc:
        return Failed(exc.source, exc.message)
    except Exception as exc:
        return Failed(_name(element), f"cannot be read: {type(exc).__name__}: {exc}")


def _name(element: Any) -> str:
    source = getattr(element, "source", None)
    return source if isinstance(source, str) else f"<{type(element).__name__}>"
