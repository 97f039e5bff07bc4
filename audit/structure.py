"""Shallow structure of each paragraph: what boilerplate detection reads besides the words.

After Kohlschütter et al. (2010), jusText and trafilatura: furniture shows in the shape of a
block more than in its words: how much of it is links, how many words it has, how much is in
capitals, whether it is a list item, where it sits, and (for a page) which elements hold it.

- From the text (any input): Markdown-style links left in the text and the link spans a
  reader kept (`Document.links`), list marks, words, capitals, final punctuation, position.
- From the page (HTML input): each extracted paragraph is found again in the DOM, and its
  ancestry (tags, classes, ids, roles, itemprops) and exact link density are kept
  (`Document.markup`, aligned with `Document.paragraphs`).

Rule kinds read these features (`features(doc)`); thresholds and markup cues live in the rule
files, not here.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from audit.analyses import Analysis
from audit.document import Document
from audit.markdown import LOOSE_LINK

_LIST_MARK = re.compile(r"^\s*(?:[-*+•·–—]|\d{1,3}[.)])\s+")
_WORD = re.compile(r"\w+")
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
# elements whose text may be one extracted paragraph (deepest match wins)
_BLOCK_TAGS = frozenset(
    {
        *("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "caption"),
        *("td", "th", "dd", "dt", "div", "span", "a", "section", "header", "footer", "aside"),
        *("nav", "article", "main", "figure", "strong", "em", "b", "i", "small", "time"),
        *("label", "button", "form", "ul", "ol", "table", "tr", "pre", "address", "summary"),
        *("details", "cite", "q"),
    }
)
_KEY_CHARS = 200  # a paragraph is looked up by its first words, as far as this many characters
_PREFIX_CHARS = 60  # and, failing that, by a prefix this long (extraction splits and joins)
_DENSITY_CHARS = 20_000  # link density is measured on at most this much of an element


@dataclass(frozen=True, slots=True)
class MarkupContext:
    """Where the page put an extracted paragraph.

    `ancestry` is one descriptor per ancestor, innermost first: "tag class-tokens #id-tokens
    role=x itemprop=y", lower case, so rule regexes can match tags, classes and roles alike.
    """

    ancestry: tuple[str, ...]
    link_density: float  # share of the element's characters inside <a>

    def first(self, test: Callable[[str], bool], depth: int | None = None) -> str | None:
        """The innermost of the first `depth` ancestor descriptors (all: None) that passes
        `test`."""
        return next((d for d in self.ancestry[:depth] if test(d)), None)


@dataclass(frozen=True, slots=True)
class Features:
    """Shallow features of one paragraph."""

    index: int
    words: int
    link_words: int  # words inside links
    list_item: bool  # opens with a list mark ("- ", "1. ")
    capitals: float  # share of letters in upper case
    titled: float  # share of words of three letters or more that start with a capital
    numeric: float  # share of words that are numbers
    terminal: bool  # ends like a sentence (. ! ? or a closing quote)
    heading: bool
    markup: MarkupContext | None
    # spans of Markdown links right after a link to the same target: a name's hover card
    # ("[Kristi Noem](/people/kristi-noem)[Kristi Lynn Noem](/people/kristi-noem)")
    repeated_links: tuple[tuple[int, int], ...] = ()

    @property
    def link_density(self) -> float:
        """Share of the paragraph's words inside links (exact from the page when known)."""
        if self.markup is not None:
            return max(self.markup.link_density, self.link_words / max(self.words, 1))
        return self.link_words / max(self.words, 1)


@Analysis
def features(doc: Document) -> list[Features]:
    """The features of every paragraph of `doc`."""
    spans = _link_spans(doc)
    return [_features(doc, i, spans[i]) for i in range(len(doc.paragraphs))]


def _link_spans(doc: Document) -> list[list[tuple[int, int]]]:
    """The link spans (`Document.links`) inside each paragraph, in one pass over both."""
    out: list[list[tuple[int, int]]] = [[] for _ in doc.paragraphs]
    links = sorted((s, e) for s, e, _ in doc.links)
    j = 0
    for i, p in enumerate(doc.paragraphs):
        while j < len(links) and links[j][1] <= p.start:
            j += 1
        k = j
        while k < len(links) and links[k][0] < p.end:
            out[i].append((max(links[k][0], p.start), min(links[k][1], p.end)))
            k += 1
    return out


def _features(doc: Document, i: int, links: list[tuple[int, int]]) -> Features:
    p = doc.paragraphs[i]
    raw = doc.text[p.start : p.end]
    text = LOOSE_LINK.sub(r"\1", raw)
    tokens = _WORD.findall(text)
    link_words = sum(len(_WORD.findall(m.group(1))) for m in LOOSE_LINK.finditer(raw))
    link_words += sum(len(_WORD.findall(doc.text[s:e])) for s, e in links)
    letters = "".join(filter(str.isalpha, text))  # per character, in C: pages are long
    long = [t for t in tokens if len(t) >= 3 and not t.isdigit()]
    stripped = text.rstrip()
    markup = doc.markup[i] if i < len(doc.markup) else None
    return Features(
        index=i,
        words=len(tokens),
        link_words=min(link_words, len(tokens)),
        list_item=bool(_LIST_MARK.match(raw)),
        capitals=sum(map(str.isupper, letters)) / len(letters) if letters else 0.0,
        titled=sum(t[0].isupper() for t in long) / len(long) if long else 0.0,
        numeric=sum(map(str.isdigit, tokens)) / len(tokens) if tokens else 0.0,
        terminal=bool(stripped) and stripped[-1] in '.!?"”’…',
        heading=p.heading,
        markup=markup,
        repeated_links=_repeated_links(raw, p.start),
    )


def _repeated_links(raw: str, offset: int) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    previous = None
    for m in LOOSE_LINK.finditer(raw):
        if previous is not None and previous.end() == m.start() and m.group(2) == previous.group(2):
            if out and out[-1][1] == offset + m.start():
                out[-1] = (out[-1][0], offset + m.end())  # a run of repeats is one span
            else:
                out.append((offset + m.start(), offset + m.end()))
        previous = m
    return tuple(out)


# --- the page: find each extracted paragraph in the DOM ------------------------------------


def markup_contexts(html: str, doc: Document, tree: Any = None) -> list[MarkupContext | None]:
    """For each paragraph of `doc` (extracted from `html`), the element of the page holding
    its text and that element's ancestry; None where it cannot be found. `tree`: `html`
    already parsed (`audit.pagetree.parse`), when it is (its script, style and template
    elements are dropped here)."""
    from audit import pagetree  # only pages need it: a text run does not load lxml

    tree = pagetree.parse(html) if tree is None else tree
    if tree is None:
        return []
    for bad in tree.xpath("//script|//style|//noscript|//template"):
        pagetree.drop_tree(bad)
    keys = [
        _key(LOOSE_LINK.sub(r"\1", _LIST_MARK.sub("", doc.text[p.start : p.end])))
        for p in doc.paragraphs
    ]
    exact, prefix = element_index(tree, keys)
    out: list[MarkupContext | None] = []
    cache: dict[int, MarkupContext] = {}
    above: dict[Any, tuple[str, ...]] = {}  # ancestries found: paragraphs share their wrappers
    for key in keys:
        el = exact.get(key)
        if el is None and len(key) >= _PREFIX_CHARS:
            el = prefix.get(key[:_PREFIX_CHARS])
        if el is None:
            out.append(None)
            continue
        if id(el) not in cache:
            cache[id(el)] = MarkupContext(_ancestry(el, above), _link_density(el))
        out.append(cache[id(el)])
    return _between(out)


def element_index(tree: Any, keys: list[str] | None = None) -> tuple[dict, dict]:
    """The page's block elements by key (`_key(_head(el))`) and by the first _PREFIX_CHARS
    characters of a key that long, the last element in document order winning (a descendant
    with the same text comes later: the innermost). `keys`: the paragraphs' keys, the only
    ones looked up; elements whose first word no key has are left out (None: none are)."""
    blocks = list(tree.iter(*_BLOCK_TAGS))  # filtered in C, in document order
    if keys is not None:
        wanted = {_first_word_form(k.split(" ", 1)[0]) for k in keys if k}
        firsts = _first_words(blocks)
        blocks = [el for el, w in zip(blocks, firsts, strict=True) if _first_word_form(w) in wanted]
    exact: dict[str, Any] = {}
    prefix: dict[str, Any] = {}
    for el in blocks:
        key = _key(_head(el))
        if not key:
            continue
        exact[key] = el
        if len(key) >= _PREFIX_CHARS:
            prefix[key[:_PREFIX_CHARS]] = el
    return exact, prefix


def _first_words(blocks: list[Any]) -> list[str]:
    """`_first_word` of each of `blocks` (in document order). Answered from the last: an
    element that opens with a child of `blocks` takes the child's answer, as a page nests
    its wrappers deep (walking each wrapper's text anew was most of the index's cost)."""
    known: dict[Any, tuple[str, int]] = {}
    out = [""] * len(blocks)
    for i in range(len(blocks) - 1, -1, -1):  # descendants come later: answered first
        known[blocks[i]] = _first_word(blocks[i], known)
        out[i] = known[blocks[i]][0]
    return out


def _between(found: list[MarkupContext | None]) -> list[MarkupContext | None]:
    """A paragraph not found in the page (extraction joined or reworded its elements) sits
    where its neighbours sit: in the elements that hold both the paragraph before it and the
    one after it, if any do."""
    out = list(found)
    known = [i for i, m in enumerate(found) if m is not None]
    for a, b in itertools.pairwise(known):
        if b - a < 2:
            continue
        before, after = found[a], found[b]
        assert before is not None and after is not None
        shared = _common_tail(before.ancestry[1:], after.ancestry[1:])  # not the elements
        if shared:
            out[a + 1 : b] = [MarkupContext(("?", *shared), 0.0)] * (b - a - 1)
    return out


def _common_tail(x: tuple[str, ...], y: tuple[str, ...]) -> tuple[str, ...]:
    n = 0
    while n < min(len(x), len(y)) and x[-1 - n] == y[-1 - n]:
        n += 1
    return x[len(x) - n :]


def _head(el) -> str:
    """The start of an element's text, enough for its key: reading no further keeps a page
    of deeply nested wrappers linear."""
    parts: list[str] = []
    size = 0
    for text in el.itertext():
        parts.append(text)
        size += len(text)
        if size > 2 * _KEY_CHARS:
            break
    return "".join(parts)


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))[:_KEY_CHARS]


def _first_word(el, known: dict[Any, tuple[str, int]] | None = None) -> tuple[str, int]:
    """The first word of the element's key (`_key(_head(el))`; "": it has none), reading its
    text only as far as the word's end; and how many characters of that text come before
    the piece (`_head`'s) that shows where the word ends (-1: the text ends first, or the
    head: a parent's next piece may go on with the word). `known`: answers for elements
    the element may open with (its first child)."""
    own = el.text or ""
    m = _WORD.search(own.lower())
    if m is not None and m.end() < len(own.lower()):
        return m.group(), 0  # in the element's own text, as often: no need to walk its children
    if len(el) == 0:  # no children (a link, an icon): its own text is all its text
        return (m.group() if m is not None else ""), -1
    child = known.get(el[0]) if m is None and known is not None else None
    if child is not None and child[1] >= 0 and len(own) + child[1] <= 2 * _KEY_CHARS:
        return child[0], len(own) + child[1]  # a wordless start, then the child's text
    seen = ""  # the pieces `_head` reads, lower-cased one by one, as far as it reads
    size = 0
    for text in el.itertext():
        seen += text.lower()
        m = _WORD.search(seen)
        if m is not None and m.end() < len(seen):
            return m.group(), size  # a character that ends it: later pieces cannot lengthen it
        size += len(text)
        if size > 2 * _KEY_CHARS:
            break
    m = _WORD.search(seen)
    return (m.group() if m is not None else ""), -1


def _first_word_form(word: str) -> str:
    """A key's first word as far as both lookups compare it (a prefix key holds its first
    _PREFIX_CHARS characters), with a final sigma as any other (lower-casing the pieces one
    by one may write 'ς' where the whole text has 'σ', or the reverse)."""
    return word[:_PREFIX_CHARS].replace("ς", "σ")


def _ancestry(el, known: dict[Any, tuple[str, ...]]) -> tuple[str, ...]:
    """The descriptors of the element and its ancestors below <body>, innermost first;
    `known` holds (and gains) those of elements met before, their ancestors read once."""
    chain = []
    while el is not None and isinstance(el.tag, str) and el.tag not in ("body", "html"):
        if el in known:
            break
        chain.append(el)
        el = el.getparent()
    tail = known.get(el, ()) if el is not None else ()
    for link in reversed(chain):
        tail = known[link] = (_describe(link), *tail)
    return tail


def _describe(el) -> str:
    """'tag class tokens #id tokens role=x itemprop=y' for one element."""
    parts = [el.tag]
    parts += [t for t in _TOKEN_SPLIT.split(el.get("class", "").lower()) if t]
    parts += ["#" + t for t in _TOKEN_SPLIT.split(el.get("id", "").lower()) if t]
    for attr in ("role", "itemprop", "data-component", "aria-label"):
        value = el.get(attr)
        if value:
            parts.append(f"{attr}={'-'.join(_TOKEN_SPLIT.split(value.lower())).strip('-')}")
    return " ".join(parts)


def _link_density(el) -> float:
    """Share of the element's characters inside links (up to a cap: a huge wrapper's share
    is measured on its start)."""
    from audit.pagetree import text_of

    total = len(" ".join(text_of(el)[:_DENSITY_CHARS].split()))
    if not total:
        return 0.0
    linked = 0
    for a in el.iter("a"):
        linked += len(" ".join(text_of(a).split()))
        if linked >= total:
            break
    return min(1.0, linked / total)
