"""Conditional GET of a run's items: what the history knows is asked for only if it changed.

Every item with a link is fetched here, ahead of the reader (the reader extracts the pages we
hand it, `Reader.fetched`, and fetches nothing twice): an item last audited with the same pack
is asked for with `If-None-Match` (its ETag) and `If-Modified-Since` (its Last-Modified), and a
304 means it is not fetched, read or audited again. Every response's validators are kept for
the next run. The politeness of `audit feed` holds: `concurrency` requests at once, at most
`PER_HOST` per host, the run's own client and limits.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from audit import web
from audit.history.db import Known
from audit.inputs import InputError, Item, host_of

PER_HOST = 2


@dataclass
class Fetched:
    """The outcome of fetching a run's items ahead of the reader."""

    items: list[Item | InputError] = field(default_factory=list)  # for the reader, in order
    pages: dict[str, web.Page] = field(default_factory=dict)  # URL -> page to read
    not_modified: dict[str, web.Page] = field(default_factory=dict)  # item name -> its 304
    validators: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)


def conditional_headers(known: Known | None, pack: str) -> dict[str, str] | None:
    """The validators to send for an item: only when its last audit used this pack (else it
    must be audited again, so fetched whole) and the server gave validators."""
    if known is None or known.pack != pack or known.content_hash is None:
        return None
    headers = {}
    if known.etag:
        headers["If-None-Match"] = known.etag
    if known.last_modified:
        headers["If-Modified-Since"] = known.last_modified
    return headers or None


def validators(page: web.Page) -> tuple[str | None, str | None]:
    headers = {k.lower(): v for k, v in page.headers.items()}
    return headers.get("etag"), headers.get("last-modified")


def revalidate(
    items: Sequence[Item | InputError],
    known: Mapping[str, Known],
    pack: str,
    http: object,
    limits: web.Limits,
    concurrency: int = 4,
) -> Fetched:
    """Fetch every item that has a link (conditionally when the history allows it); items
    that failed become InputErrors naming them, items not modified are left out."""
    out = Fetched()
    hosts: dict[str, threading.Semaphore] = {}
    lock = threading.Lock()

    def get(item: Item | InputError) -> web.Page | InputError | None:
        if not isinstance(item, Item) or item.url is None or item.text is not None:
            return None  # an error already, or the feed's own text: nothing to fetch
        with lock:
            gate = hosts.setdefault(host_of(item) or "", threading.Semaphore(PER_HOST))
        headers = conditional_headers(known.get(item.source), pack)
        with gate:
            try:
                return web.fetch(item.url, http, limits, headers=headers)  # type: ignore[arg-type]
            except web.FetchError as exc:
                return InputError(item.source, str(exc))

    workers = max(1, min(concurrency, 32))
    with ThreadPoolExecutor(workers) as pool:
        outcomes = list(pool.map(get, items))
    for item, outcome in zip(items, outcomes, strict=True):
        if outcome is None or isinstance(outcome, InputError):
            out.items.append(outcome or item)
            continue
        assert isinstance(item, Item) and item.url is not None
        out.validators[item.source] = validators(outcome)
        if outcome.status == 304:
            out.not_modified[item.source] = outcome
            continue
        outcome.content = b""  # the reader needs the text only
        out.pages[item.url] = outcome
        out.items.append(item)
    return out
