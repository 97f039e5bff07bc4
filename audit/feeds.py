"""Feeds: RSS 0.9x/1.0/2.0 and Atom (feedparser) and JSON Feed 1.1 become items to audit.

Each item is audited by fetching its link, or from the feed's own full text with
`use_content` (content:encoded, Atom content). Items are named by their link; duplicates (same
link, or same text) are audited once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import feedparser

from audit import web
from audit.inputs import InputError, Item

MAX_ITEMS = 5000


@dataclass
class Feed:
    source: str
    title: str
    items: list[Item]
    skipped: list[tuple[str, str]]  # (item, reason)


def load(source: str, reader_http, limits: web.Limits, use_content: bool) -> Feed:
    """Read a feed from a URL or a file; raises InputError naming the feed."""
    if web.is_url(source):
        try:
            page = web.fetch(
                source,
                reader_http,
                limits,
                accept=web.FEED_TYPES + web.HTML_TYPES + ("text/plain",),
            )
        except web.FetchError as exc:
            raise InputError(source, str(exc)) from None
        raw = page.text
    else:
        try:
            raw = Path(source).read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InputError(source, "no such file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(source, f"cannot read: {exc}") from None
    return parse(source, raw, use_content)


def parse(source: str, raw: str, use_content: bool) -> Feed:
    entries, title = _json_feed(raw) if raw.lstrip().startswith("{") else _xml_feed(source, raw)
    items: list[Item] = []
    skipped: list[tuple[str, str]] = []
    seen_links: set[str] = set()
    seen_text: set[str] = set()
    for n, entry in enumerate(entries[:MAX_ITEMS], 1):
        link = (entry.get("link") or "").strip()
        name = link or f"{source}#item-{n}"
        content = entry.get("content") or ""
        if link in seen_links and link:
            continue
        seen_links.add(link)
        meta = {k: v for k, v in (("title", entry.get("title")), ("url", link)) if v}
        if use_content and content.strip():
            digest = hashlib.sha1(content.strip().encode()).hexdigest()
            if digest in seen_text:
                continue
            seen_text.add(digest)
            kind = "html" if "<" in content and ">" in content else "text"
            items.append(Item(name, text=content, kind=kind, url=link or None, meta=meta))
        elif link and web.is_url(link):
            items.append(Item(name, url=link, kind="html", meta=meta))
        else:
            skipped.append((name, "item has no http(s) link and no content"))
    if len(entries) > MAX_ITEMS:
        skipped.append((source, f"only the first {MAX_ITEMS} items are audited"))
    return Feed(source, title, items, skipped)


def _xml_feed(source: str, raw: str) -> tuple[list[dict], str]:
    parsed = feedparser.parse(raw)
    if parsed.bozo and not parsed.entries:
        reason = getattr(parsed, "bozo_exception", "not a feed")
        raise InputError(source, f"not an RSS or Atom feed ({str(reason)[:100]})")
    entries = []
    for e in parsed.entries:
        content = ""
        if e.get("content"):
            content = max((c.get("value", "") for c in e.content), key=len)
        entries.append({"link": e.get("link"), "title": e.get("title"), "content": content})
    return entries, parsed.feed.get("title", source)


def _json_feed(raw: str) -> tuple[list[dict], str]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError("feed", f"invalid JSON Feed ({exc.msg})") from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise InputError("feed", "a JSON Feed needs an 'items' list")
    entries = []
    for item in data["items"]:
        if not isinstance(item, dict):
            continue
        content = item.get("content_html") or item.get("content_text") or ""
        link = item.get("url") or item.get("external_url") or ""
        entries.append({"link": link, "title": item.get("title"), "content": str(content)})
    return entries, str(data.get("title", "JSON Feed"))
