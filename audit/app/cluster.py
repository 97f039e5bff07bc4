"""`audit run --dask ADDRESS` (or `--dask local`): the run's inputs audited on a Dask cluster
(`audit.dask`), results streamed back in input order to the same reports as a local run.

The client lists the inputs without reading the documents: folders and files as item lists,
JSON Lines files as spans of lines, WARC archives as the offsets of their pages (`Slice`s);
workers read them, so they must see the same paths (a shared file system). The first pass
(the cross-document index) runs on the cluster and its result stays there; the second pass
is sent a few partitions ahead of the one being reported, so neither the client nor the
cluster holds the run's results at once.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from audit.app.options import RunOptions
from audit.app.progress import Progress
from audit.app.reading import Say, expand_paths, quiet, report_stem
from audit.engine import Engine, Result
from audit.inputs import JSONL_SUFFIXES, WARC_SUFFIXES, InputError, is_url, jsonl_spans
from audit.output import UsageError

PARTITION = 100  # documents per partition
AHEAD = 4  # partitions computed ahead, per worker


def connect(address: str, workers: int) -> tuple[Any, Any]:
    """A client of the scheduler at `address`, or of a LocalCluster of `workers` processes
    (`local`); and the cluster to close (None: someone else's)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError(f"--dask {_extra()}") from None
    if address == "local":
        cluster = LocalCluster(
            n_workers=max(1, workers), threads_per_worker=1, processes=True,
            dashboard_address=None, silence_logs=50,
        )  # fmt: skip
        return Client(cluster), cluster
    try:
        return Client(address, timeout="20s"), None
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"--dask {address}: cannot reach the scheduler ({exc})") from None


def _extra() -> str:
    from audit.dask import EXTRA

    return EXTRA


def require() -> None:
    """A usage error naming the extra when dask.distributed is not installed."""
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise UsageError(f"--dask {_extra()}") from None


def slices(
    paths: Sequence[str], options: RunOptions, include, exclude, say: Say, size: int = 0
) -> list[Any]:
    """The run's inputs as `Slice`s of about `size` documents (`PARTITION`), in input order."""
    from audit.dask import Slice

    size = size or PARTITION
    out: list[Slice] = []
    for arg in paths:
        if arg == "-" or is_url(arg):
            raise UsageError(f"--dask reads files, folders, JSON Lines and WARC archives: {arg}")
        path = Path(arg)
        if path.is_file() and path.suffix.lower() in JSONL_SUFFIXES:
            spans = jsonl_spans(path, size)
            if isinstance(spans, InputError):
                out.append(Slice("items", items=(spans,)))
            else:
                out += [Slice("jsonl", str(path), start=s, first=f, lines=n) for s, f, n in spans]
        elif path.is_file() and path.name.lower().endswith(WARC_SUFFIXES):
            out += _warc_slices(path, say, size)
        else:
            items = list(expand_paths(options, [arg], say, include, exclude))
            out += [
                Slice("items", items=tuple(items[i : i + size])) for i in range(0, len(items), size)
            ]
    return out


def _warc_slices(path: Path, say: Say, size: int) -> list[Any]:
    from audit import warc
    from audit.dask import Slice

    offsets, skipped, error = warc.scan(path)
    out = [
        Slice("warc", str(path), offsets=tuple(offsets[i : i + size]))
        for i in range(0, len(offsets), size)
    ]
    if skipped:
        say(f"{path}: {skipped} record{'s' if skipped != 1 else ''} skipped (not HTML pages)")
    return out + ([Slice("items", items=(error,))] if error is not None else [])


class ClusterBatch:
    """A run's local inputs audited on a cluster; like `reading.Batch`, the first pass runs on
    creation and `results` yields each result in input order (errors are kept in `errors`)."""

    def __init__(
        self,
        options: RunOptions,
        engine: Engine,
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
        say: Say = quiet,
        progress: bool = False,
    ) -> None:
        from audit import dask as audit_dask

        self.options, self.say, self.progress = options, say, progress
        self.errors: list[tuple[str, str]] = []
        require()
        parts = slices(options.paths, options, include, exclude, say)
        self.client, self.cluster = connect(options.dask or "local", options.jobs)
        try:
            self._first_pass(audit_dask, parts)
        except BaseException:
            self.close()
            raise
        del engine  # the workers build their own, from the same options

    def _first_pass(self, audit_dask: Any, parts: list[Any]) -> None:
        import dask.bag as db

        self.spec = audit_dask.worker_spec(self.options)
        self.parts = parts
        bag = db.from_sequence(parts or [()], npartitions=max(1, len(parts)))
        self.index_future = self.client.compute(audit_dask.index_bag(bag, self.spec))
        link = getattr(self.client, "dashboard_link", None)
        if self.cluster is None and link and sys.stderr.isatty():
            self.say(f"Dask dashboard (the run's progress): {link}")
        self.documents = sum(self.index_future.result().counts)

    def stem(self) -> str:
        return report_stem(self.options.paths, [])

    def results(self) -> Iterator[Result]:
        """The second pass: a task per partition, given the first pass's index where it is
        (on the cluster), a few partitions ahead of the one being reported."""
        from audit import dask as audit_dask

        progress = Progress(enabled=self.progress)
        try:
            window: deque = deque()
            ahead = AHEAD * max(1, len(self.client.scheduler_info().get("workers", {})))
            for number, part in enumerate(self.parts):
                window.append(
                    self.client.submit(
                        audit_dask._audit_partition, [part], [number], self.index_future,
                        self.spec, pure=False,
                    )
                )  # fmt: skip
                while len(window) >= ahead:
                    yield from self._collect(window.popleft(), progress, audit_dask.Failed)
            while window:
                yield from self._collect(window.popleft(), progress, audit_dask.Failed)
        finally:
            progress.clear()
            self.close()

    def _collect(self, future: Any, progress: Progress, failed: type) -> Iterator[Result]:
        for out in future.result():
            progress.add(isinstance(out, failed))
            if isinstance(out, failed):
                progress.clear()
                self.errors.append((out.source, out.message))
                self.say(f"error: {out.source}: {out.message}")
            else:
                yield out

    def close(self) -> None:
        self.index_future = None
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
