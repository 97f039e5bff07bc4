"""HTML pages: the article text (trafilatura) plus what extraction hides (lxml).

trafilatura drops blocks whose class or id look like ads, sidebars or footers. The auditor must
not be blind to that, so it also reads the whole page and reports page-level signals: ad or
promo blocks removed by extraction, outbound links (how many, which domains), byline and date
present or missing. Ads inside the article body stay in the text, where the padding rules see
them. Links in the article text are kept as spans: a sentence that links to its source counts
as attributed.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura

from audit import pagetree

_MD_LINK = re.compile(r"\[([^\]\n]{1,500})\]\((https?://[^)\s]{1,2000})\)")
_AD_TOKEN = re.compile(
    r"(?:^|[\s_-])(?:ad|ads|advert\w*|sponsor\w*|promo\w*|banner|adslot|dfp|outbrain|taboola|"
    r"commercial|affiliate|adsbygoogle)(?:$|[\s_-])",
    re.I,
)
MAX_HTML = 20 * 1024 * 1024
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # its errors become ours, one line


class HtmlError(Exception):
    """A page with no article text."""


@dataclass
class PageSignals:
    """What the whole page says about the article around the extracted text."""

    ad_blocks: int = 0  # ad/promo blocks with text that extraction dropped
    ad_blocks_kept: int = 0  # ad-marked blocks whose text is in the extracted article
    ad_slots: int = 0  # empty ad placeholders (filled by scripts in a browser)
    ad_samples: list[str] = field(default_factory=list)
    outbound_links: int = 0
    link_domains: dict[str, int] = field(default_factory=dict)
    linked_sentences: int = 0
    byline: str | None = None
    date: str | None = None

    def as_dict(self) -> dict:
        return {
            "ad_blocks_removed": self.ad_blocks,
            "ad_blocks_kept": self.ad_blocks_kept,
            "ad_slots": self.ad_slots,
            "ad_samples": self.ad_samples,
            "outbound_links": self.outbound_links,
            "link_domains": self.link_domains,
            "byline": self.byline,
            "byline_present": bool(self.byline),
            "date": self.date,
            "date_present": bool(self.date),
        }


@dataclass
class Extracted:
    text: str
    title: str | None
    meta: dict[str, str]
    links: list[tuple[int, int, str]]
    signals: PageSignals
    # the whole page as lxml parsed it for the signals (None: a wrapped fragment, or no
    # parse): the page's structure (`audit.structure.markup_contexts`) reads it too
    tree: Any = field(default=None, repr=False, compare=False)


MAX_ATTRIBUTES = 500  # in one tag: real tags have a handful; libxml2 is quadratic in them
# one attribute: a name, and a value quoted or bare (a quoted value may hold '>' or '<')
_ATTRIBUTE = r"""\s+[^\s=>/"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?"""
_CROWDED_TAG = re.compile(rf"<([A-Za-z][\w:-]{{0,40}})(?:{_ATTRIBUTE}){{{MAX_ATTRIBUTES},}}[^>]*>")


# Where `_CROWDED_TAG` can match: a tag's first MAX_ATTRIBUTES - 1 attributes, each followed
# by another, can be read one way only (name and value as long as they go), so atomic groups
# (no backtracking state kept: twice as fast) find every tag that holds that many and the
# start of one more. A page without one (nearly all) is given back unchanged.
_CROWDED_START = re.compile(
    rf"<[A-Za-z][\w:-]{{0,40}}(?>{_ATTRIBUTE}){{{MAX_ATTRIBUTES - 1}}}\s+[^\s=>/\"']"
)


def bound_markup(html: str) -> str:
    """The page with every tag of more than MAX_ATTRIBUTES attributes cut to its name
    ('<p a0="x" ... a79999="x">' becomes '<p>'): lxml and trafilatura took minutes over one
    element with 80,000 attributes. The scan starts only at a tag's '<' and reads each tag once."""
    if _CROWDED_START.search(html) is None:
        return html
    return _CROWDED_TAG.sub(r"<\1>", html)


def extract(html: str, url: str | None = None) -> Extracted:
    """Article text with blank-line paragraphs, its title first; metadata; page signals."""
    if len(html) > MAX_HTML:
        raise HtmlError("page larger than 20 MB")
    html = bound_markup(html)
    fragment = "<html" not in html[:2000].lower()
    if fragment:
        html = f"<html><body>{html}</body></html>"  # a fragment, as feeds carry
    body, meta = _article(html, url)
    if not body or not body.strip():
        body = _plain_blocks(html)  # short fragments trafilatura declines
    if not body.strip():
        raise HtmlError("no article text found on the page")
    paragraphs = [line.strip() for line in body.splitlines() if line.strip()]
    title = meta.get("title")
    if title and (not paragraphs or _plain(paragraphs[0]) != _plain(title)):
        paragraphs.insert(0, title)
    text, links = strip_links("\n\n".join(paragraphs))
    tree = pagetree.parse(html)
    signals = page_signals(html, url, text, tree)
    signals.byline = meta.get("author") or signals.byline
    signals.date = meta.get("date") or signals.date
    shared = None if fragment else tree  # the markup as given: the structure's page too
    return Extracted(text, title or paragraphs[0], meta, links, signals, shared)


def _article(html: str, url: str | None) -> tuple[str | None, dict[str, str]]:
    """The article as Markdown (None: trafilatura found none) and the page's metadata, from
    one parse and one extraction. They were two trafilatura calls, `bare_extraction(...,
    with_metadata=True)` for the metadata and `extract(..., output_format="markdown")` for
    the text, each parsing and extracting the page: the metadata is what the first read off
    the parsed page before extracting, and it had none exactly when extraction failed."""
    from trafilatura.settings import Extractor
    from trafilatura.utils import load_html

    meta_options = Extractor(url=url, with_metadata=True, comments=False, recall=True)
    tree = load_html(html, meta_options.max_file_size)
    if tree is None:  # not HTML at all: both calls found nothing
        return None, {}
    body = trafilatura.extract(
        tree,  # copied by trafilatura before it changes anything
        url=url,
        output_format="markdown",
        include_links=True,
        include_comments=False,
        include_formatting=False,
        favor_recall=True,
    )
    if body is None:
        return None, {}
    try:
        found = page_metadata(tree, meta_options.url, meta_options.date_params)
    except (AttributeError, TypeError, ImportError):  # another trafilatura's insides
        from trafilatura.metadata import extract_metadata

        found = extract_metadata(
            tree,
            meta_options.url,
            meta_options.date_params,
            meta_options.fast,
            meta_options.author_blacklist,
        )
    return body, _metadata(found)


def page_metadata(tree: Any, default_url: str | None, date_config: dict[str, Any]) -> Any:
    """trafilatura's `extract_metadata(tree, url, date_params, fast=False)` for the fields
    the auditor keeps (`_metadata`), step for step, without the three it discards:
    categories, tags and the licence (two tree-wide XPath searches each, about a third of
    the metadata's cost). tests/unit/test_htmltext.py holds it to the original on pages."""
    from trafilatura import metadata as tm

    found = tm.examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None
    with suppress(Exception):  # trafilatura's own guard: bugs in its JSON-LD reading
        found = tm.extract_meta_json(tree, found)
    if not found.title:
        found.title = tm.extract_title(tree)
    if not found.author:
        found.author = tm.extract_author(tree)  # no author blacklist: nothing to recheck
    if not found.url:
        found.url = tm.extract_url(tree, default_url)
    if found.url:
        found.hostname = tm.extract_domain(found.url, fast=True)
    found.date = tm.find_date(tree, **{**date_config, "url": found.url})
    if not found.sitename:
        found.sitename = tm.extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")  # a Twitter handle
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    elif found.url and (match := tm.META_URL.match(found.url)):
        found.sitename = match[1]
    found.filedate = date_config.get("max_date")
    found.clean_and_trim()
    return found


def _plain_blocks(html: str) -> str:
    """Text of block elements, one per line: a fallback for small fragments."""
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ""
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    blocks = tree.xpath("//p|//h1|//h2|//h3|//h4|//li|//blockquote")
    lines = [" ".join(b.text_content().split()) for b in blocks] or [tree.text_content()]
    return "\n".join(line for line in lines if line.strip())


def strip_links(markdown: str) -> tuple[str, list[tuple[int, int, str]]]:
    """`[text](url)` becomes `text`; returns the plain text and each link's span and URL."""
    out: list[str] = []
    links: list[tuple[int, int, str]] = []
    pos = length = 0
    for m in _MD_LINK.finditer(markdown):
        out.append(markdown[pos : m.start()])
        length += m.start() - pos
        out.append(m.group(1))
        links.append((length, length + len(m.group(1)), m.group(2)))
        length += len(m.group(1))
        pos = m.end()
    out.append(markdown[pos:])
    return "".join(out), links


def _plain(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _metadata(doc) -> dict[str, str]:
    if doc is None:
        return {}
    data = doc if isinstance(doc, dict) else doc.as_dict()
    keys = ("title", "author", "date", "sitename", "url", "hostname", "description")
    return {k: str(data[k]) for k in keys if data.get(k)}


def page_signals(html: str, url: str | None, article: str = "", tree: Any = None) -> PageSignals:
    """Ad blocks (dropped from or kept in `article`), outbound links, byline and date hints
    from the whole page (`tree`: the page already parsed, when it is; ad blocks are marked
    in it with a `data-audit-ad` attribute)."""
    signals = PageSignals()
    tree = pagetree.parse(html) if tree is None else tree
    if tree is None:
        return signals
    kept_text = _plain(article)
    for el in _MARKED(tree):
        marker = f"{el.get('class', '')} {el.get('id', '')}"
        if (
            el.tag not in _NOT_ADS
            and marker.strip()
            and _AD_TOKEN.search(marker)
            and not _inside_counted(el)
        ):
            el.set("data-audit-ad", "1")
            _count_ad(signals, " ".join(pagetree.text_of(el).split()), kept_text)
        if not signals.byline and (el.get("rel") == "author" or "byline" in marker.lower()):
            signals.byline = " ".join(pagetree.text_of(el).split())[:120] or None
    domains = _outbound(tree, url)
    signals.outbound_links = sum(domains.values())
    signals.link_domains = dict(domains.most_common(20))
    signals.byline = signals.byline or _first(tree, _BYLINE_PATHS)
    signals.date = _first(tree, _DATE_PATHS)
    return signals


# The elements that can be an ad block or a byline, in document order (`tree.iter()`'s): they
# have a class, an id or a rel. Selected in C: the loop above skips the page's other elements.
_MARKED = lxml.etree.XPath("descendant-or-self::*[@class or @id or @rel]")
# every link's target, in document order (plain strings: they need not know their element)
_HREFS = lxml.etree.XPath("descendant-or-self::a/@href", smart_strings=False)


def _outbound(tree: Any, url: str | None) -> Counter[str]:
    """Links to another site over http(s), by host, in the order the page first has them."""
    host = urlsplit(url).hostname if url else None
    domains: Counter[str] = Counter()
    for href in _HREFS(tree):
        target = _link_host(url or "", href) if href else None
        if target and target != host:
            domains[target] += 1
    return domains


@lru_cache(maxsize=4096)
def _link_host(base: str, href: str) -> str | None:
    """The host an http(s) link points to (None: another scheme, or no host); pages repeat
    their links (menus, share buttons), so each is resolved once."""
    if not base and ":" not in href:
        return None  # relative, with nothing to resolve it against: no scheme
    target = urlsplit(urljoin(base, href))
    if target.scheme in ("http", "https") and target.hostname:
        return target.hostname
    return None


_NOT_ADS = frozenset({"html", "body", "main", "article", "script", "style", "noscript"})
_BYLINE_PATHS = (
    "//meta[@name='author']/@content",
    "//meta[@property='article:author']/@content",
    "//*[@itemprop='author']",
)
_DATE_PATHS = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//*[@itemprop='datePublished']/@datetime",
    "//time/@datetime",
    "//meta[@name='date']/@content",
)


def _first(tree, paths: tuple[str, ...]) -> str | None:
    """The first non-empty value any of `paths` finds on the page."""
    for path in paths:
        for hit in tree.xpath(path):
            value = hit if isinstance(hit, str) else pagetree.text_of(hit)
            value = " ".join(str(value).split())[:120]
            if value:
                return value
    return None


def _count_ad(signals: PageSignals, text: str, kept_text: str) -> None:
    """Count one ad-marked block: an empty slot, kept in the article, or dropped."""
    plain = _plain(text)
    if not plain:
        signals.ad_slots += 1
    elif plain[:60] in kept_text:
        signals.ad_blocks_kept += 1
    else:
        signals.ad_blocks += 1
        if len(signals.ad_samples) < 5:
            signals.ad_samples.append(text[:80])


def _inside_counted(el) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent.get("data-audit-ad"):
            return True
        parent = parent.getparent()
    return False
