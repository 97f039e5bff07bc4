"""Feeds: RSS 0.9x/1.0/2.0 and Atom (feedparser) and JSON Feed 1.1 become items to audit.

Each item is audited by fetching its link, or from the feed's own full text with
`use_content` (content:encoded, Atom content, JSON Feed content_html/content_text). Items are
named by their link; duplicates (same link, or same text) are audited once, across all the
feeds of a run. feedparser only ever sees bytes: it never fetches or opens anything itself.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import feedparser

from audit import web
from audit.document import Document
from audit.inputs import MAX_BYTES, InputError, Item

MAX_ITEMS = 5000


@dataclass
class Feed:
    source: str
    title: str
    items: list[Item]
    skipped: list[tuple[str, str]]  # (item, reason)


@dataclass
class _Seen:
    """Links and texts already queued in this run."""

    links: set[str] = field(default_factory=set)
    texts: set[str] = field(default_factory=set)


def collect(
    sources: Sequence[str],
    http,
    limits: web.Limits,
    use_content: bool,
    on_feed: Callable[[Feed], None] | None = None,
) -> list[Item | InputError]:
    """Items of every feed, in order, duplicates dropped across feeds; a feed or item that
    cannot be used becomes an InputError naming it. `on_feed` sees each feed read (the
    history records which feed an item came from, and the feed's title)."""
    out: list[Item | InputError] = []
    seen = _Seen()
    for source in sources:
        try:
            feed = load(source, http, limits, use_content, seen)
        except InputError as exc:
            out.append(exc)
            continue
        if on_feed is not None:
            on_feed(feed)
        out.extend(feed.items)
        out.extend(InputError(name, reason) for name, reason in feed.skipped)
    return out


def load(
    source: str, http, limits: web.Limits, use_content: bool, seen: _Seen | None = None
) -> Feed:
    """Read a feed from a URL or a file; raises InputError naming the feed."""
    if web.is_url(source):
        accept = web.FEED_TYPES + web.HTML_TYPES + ("text/plain",)
        try:
            page = web.fetch(source, http, limits, accept=accept)
        except web.FetchError as exc:
            raise InputError(source, str(exc)) from None
        return parse(source, page.content or page.text, use_content, page.final_url, seen)
    path = Path(source)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(source, f"feed is larger than {web.size(MAX_BYTES)}")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except IsADirectoryError:
        raise InputError(source, "is a folder, not a feed") from None
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror or exc}") from None
    return parse(source, raw, use_content, None, seen)


def parse(
    source: str,
    raw: str | bytes,
    use_content: bool,
    base: str | None = None,
    seen: _Seen | None = None,
) -> Feed:
    """The items of a feed document (RSS, Atom or JSON Feed); relative links resolve against
    `base`, the feed's own URL."""
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        entries, title = _json_feed(source, data)
    else:
        entries, title = _xml_feed(source, data, base)
    seen = seen if seen is not None else _Seen()
    items: list[Item] = []
    skipped: list[tuple[str, str]] = []
    for n, entry in enumerate(entries[:MAX_ITEMS], 1):
        item = _item(source, n, entry, use_content, base, seen)
        if isinstance(item, Item):
            items.append(item)
        elif item:
            skipped.append(item)
    if not entries:
        skipped.append((source, "the feed has no items"))
    if len(entries) > MAX_ITEMS:
        skipped.append((source, f"only the first {MAX_ITEMS} items are audited"))
    return Feed(source, title, items, skipped)


def _item(
    source: str, n: int, entry: dict, use_content: bool, base: str | None, seen: _Seen
) -> Item | tuple[str, str] | None:
    """One entry as an Item, a (name, reason) it was skipped for, or None for a duplicate."""
    link = _link(entry.get("link") or "", base)
    name = link or f"{source}#item-{n}"
    if link in seen.links:
        return None
    if link:
        seen.links.add(link)
    meta = {k: v for k, v in (("title", entry.get("title")), ("url", link)) if v}
    content = (entry.get("content") or "").strip()
    if use_content and content:
        digest = text_key(content)
        if digest in seen.texts:
            return None
        seen.texts.add(digest)
        kind = "html" if "<" in content and ">" in content else "text"
        return Item(name, text=content, kind=kind, url=link or None, meta=meta)
    if link and web.is_url(link):
        return Item(name, url=link, kind="html", meta=meta)
    if use_content:
        return name, "item has no content and no http(s) link"
    return name, "item has no http(s) link (try --use-feed-content)"


def _link(link: str, base: str | None) -> str:
    """An entry's link made absolute, without its #fragment (same page, same item)."""
    link = link.strip()
    if not link:
        return ""
    if base:
        link = urljoin(base, link)
    return urldefrag(link).url if web.is_url(link) else link


def text_key(text: str) -> str:
    """A digest of a text's words: equal for texts that differ only in spacing or case."""
    return hashlib.sha1(" ".join(text.lower().split()).encode("utf-8")).hexdigest()


def drop_duplicate_texts(
    documents: Iterable[Document],
) -> tuple[list[Document], list[tuple[str, str]]]:
    """Documents with a text already seen are dropped; returns the rest and (dropped, kept)
    source pairs."""
    kept: list[Document] = []
    dropped: list[tuple[str, str]] = []
    first: dict[str, str] = {}
    for doc in documents:
        key = text_key(doc.text)
        if key in first:
            dropped.append((doc.source, first[key]))
            continue
        first[key] = doc.source
        kept.append(doc)
    return kept, dropped


def _xml_feed(source: str, data: bytes, base: str | None) -> tuple[list[dict], str]:
    headers = {"content-type": "application/xml"}  # bytes here: let the XML say its encoding
    if base:
        headers["content-location"] = base
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    if parsed.bozo and not parsed.entries:
        reason = str(getattr(parsed, "bozo_exception", "") or "unreadable")[:100]
        raise InputError(source, f"not an RSS, Atom or JSON feed ({reason})")
    if not parsed.entries and not parsed.get("version"):
        raise InputError(source, "not an RSS, Atom or JSON feed")
    entries = []
    for e in parsed.entries:
        content = ""
        if e.get("content"):
            content = max((c.get("value", "") for c in e.content), key=len)
        entries.append({"link": e.get("link"), "title": e.get("title"), "content": content})
    return entries, parsed.feed.get("title", source)


def _json_feed(source: str, data: bytes) -> tuple[list[dict], str]:
    try:
        feed = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(source, "invalid JSON Feed (not UTF-8)") from None
    except json.JSONDecodeError as exc:
        raise InputError(source, f"invalid JSON Feed ({exc.msg})") from None
    except (RecursionError, ValueError):  # nested past reason, or a number of 4,300+ digits
        raise InputError(
            source, "invalid JSON Feed (nested too deeply or a number too long)"
        ) from None
    if not isinstance(feed, dict) or not isinstance(feed.get("items"), list):
        raise InputError(source, "a JSON Feed needs an 'items' list")
    entries = []
    for item in feed["items"]:
        if not isinstance(item, dict):
            continue
        content = _text(item.get("content_html")) or _text(item.get("content_text"))
        link = _text(item.get("url")) or _text(item.get("external_url"))  # not "url": 12345
        entries.append({"link": link, "title": _text(item.get("title")), "content": content})
    return entries, _text(feed.get("title")) or "JSON Feed"


def _text(value: object) -> str:
    """A JSON Feed field that must be a string; anything else counts as absent."""
    return value if isinstance(value, str) else ""
