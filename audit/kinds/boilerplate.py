"""`boilerplate`: text that is not the article's own.

- `mode: repeated-title` flags a line that repeats the title, usually with a site suffix
  ("<title> - Professional coverage", "<title> | Site").
- `mode: cross-document` flags sentences that recur in several documents of one run: a site's
  own footer or disclaimer that no stock list contains. Sentences that attribute something
  ("did not respond to a request for comment"), and sentences shared only by documents about
  the same story (two rewrites of one wire report), are reporting.

The cross-document index is built one document at a time (`index`, called by the engine with
the document's position in the run), so a run never needs all its documents at once: a first
pass indexes each document and drops it, a second audits each. It is a compact count
structure (`CrossIndex`), shared by every cross-document rule of the run:

- an open-addressing table of sentence-key hashes (64-bit, in arrays: about 30 bytes a key)
  giving how many documents hold each key and, for keys held by two or more, the positions
  of the first `SAMPLE` of them;
- each document's subject core (title and lead terms) as an array of term hashes, for the
  "same story" guard.

Each document contributes each key once. Checking a sentence costs at most `SAMPLE` subject
comparisons, however many documents share it (a footer recurring in every document of a big
run no longer makes the run quadratic). Deliberate difference from comparing with every
holder: when more than `SAMPLE` documents hold a sentence, the guard looks at the first
`SAMPLE` of them; if all of those (other than the document itself) are about its story, the
sentence is taken as reporting. With `SAMPLE` or fewer holders, results are exactly those of
comparing with every holder. Keys and terms are compared by hash; a 64-bit collision is
negligible at any realistic run size.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import ClassVar

from audit.analyses import Analysis
from audit.attribution import analyse
from audit.document import Document
from audit.fingerprint import normalise, sentence_keys, word_count
from audit.kinds.base import Field, Hit, Kind, RunContext
from audit.topic.subject import subject_of

INDEX = "boilerplate:index"  # run.data key of the run's CrossIndex
EARLIER = "boilerplate:earlier"  # run.data key: earlier runs' sentences (`seed_earlier`)
SAMPLE = 16  # positions kept per recurring key for the same-story guard


class CrossIndex:
    """Sentence-key hash -> documents holding it (a count, and a bounded sample of positions);
    and each indexed document's subject core as term hashes. See the module docstring."""

    __slots__ = (
        "_current",
        "_keys",
        "_mask",
        "_recurring",
        "_seen",
        "_used",
        "_vals",
        "cores",
        "sites",
    )

    def __init__(self, size: int = 1024) -> None:
        self._keys = array("q", bytes(8 * size))  # 0: empty slot
        self._vals = array("i", bytes(4 * size))  # >= 0: the one holder; < 0: -(recurring+1)
        self._mask = size - 1
        self._used = 0
        self._recurring: list[array] = []  # [count, first SAMPLE holders...]
        self.cores: list[array | None] = []
        self.sites: dict[int, str] = {}  # position -> host, for pages (HTML) only
        self._current = -1
        self._seen: set[int] = set()

    def add(
        self, position: int, keys: Iterable[int], core: Iterable[str], site: str | None = None
    ) -> None:
        """Index the keys (hashes) of the document at `position`; each counts once per document,
        however many rules add it (the engine indexes one document with every rule in turn).
        `site` is the page's host, when the document is a page."""
        if site:
            self.sites[position] = site
        if position != self._current:
            self._current, self._seen = position, set()
        if position >= len(self.cores):
            self.cores.extend([None] * (position + 1 - len(self.cores)))
        if self.cores[position] is None:
            self.cores[position] = array("q", [hash(t) for t in core])
        seen = self._seen
        for h in keys:
            if h not in seen:
                seen.add(h)
                self._insert(h or 1, position)

    def _slot(self, h: int) -> int:
        keys, mask = self._keys, self._mask
        i = h & mask
        while keys[i] != 0 and keys[i] != h:
            i = (i + 1) & mask
        return i

    def _room(self, h: int) -> int:
        """The slot of key h; for a new key, the table first grows if it would be two-thirds
        full."""
        i = self._slot(h)
        if self._keys[i] == 0 and (self._used + 1) * 3 > len(self._keys) * 2:
            self._grow()
            i = self._slot(h)
        return i

    def _insert(self, h: int, position: int) -> None:
        i = self._room(h)
        if self._keys[i] == 0:
            self._keys[i] = h
            self._vals[i] = position
            self._used += 1
            return
        v = self._vals[i]
        if v >= 0:
            self._recurring.append(array("i", (2, v, position)))
            self._vals[i] = -len(self._recurring)
            return
        entry = self._recurring[-v - 1]
        entry[0] += 1
        if len(entry) <= SAMPLE:
            entry.append(position)

    def _grow(self) -> None:
        old_keys, old_vals = self._keys, self._vals
        size = 2 * len(old_keys)
        self._keys, self._vals = array("q", bytes(8 * size)), array("i", bytes(4 * size))
        self._mask = size - 1
        for h, v in zip(old_keys, old_vals, strict=True):
            if h != 0:
                i = self._slot(h)
                self._keys[i], self._vals[i] = h, v

    def holders(self, key: int) -> tuple[int, Sequence[int]]:
        """How many documents hold the key, and the positions of (the first SAMPLE of) them."""
        i = self._slot(key or 1)
        if self._keys[i] == 0:
            return 0, ()
        v = self._vals[i]
        if v >= 0:
            return 1, (v,)
        entry = self._recurring[-v - 1]
        return entry[0], entry[1:]

    def core(self, position: int) -> array | None:
        return self.cores[position] if 0 <= position < len(self.cores) else None

    def entries(self) -> Iterator[tuple[int, int, Sequence[int]]]:
        """(key hash, count, sample of positions) of every key, in no particular order."""
        for h, v in zip(self._keys, self._vals, strict=True):
            if h == 0:
                continue
            if v >= 0:
                yield h, 1, (v,)
            else:
                entry = self._recurring[-v - 1]
                yield h, entry[0], entry[1:]

    def merge(self, later: CrossIndex, offset: int) -> None:
        """Add the index of documents that come after every document of this one, its
        positions shifted by `offset`. Counts add up and a key's sample keeps its first
        `SAMPLE` positions, so indexes of consecutive runs of documents, merged in order, equal
        the index of all of them built one document at a time (a reduction across the
        partitions of a cluster, `audit.dask`)."""
        for position, core in enumerate(later.cores):
            if core is not None:
                at = position + offset
                if at >= len(self.cores):
                    self.cores.extend([None] * (at + 1 - len(self.cores)))
                self.cores[at] = core
        self.sites.update((position + offset, site) for position, site in later.sites.items())
        for h, count, sample in later.entries():
            self._merge_key(h, count, [p + offset for p in sample])
        self._current, self._seen = -1, set()

    def _merge_key(self, h: int, count: int, sample: list[int]) -> None:
        i = self._room(h)
        if self._keys[i] == 0:
            self._keys[i] = h
            self._used += 1
            if count == 1:
                self._vals[i] = sample[0]
            else:
                self._recurring.append(array("i", [count, *sample[:SAMPLE]]))
                self._vals[i] = -len(self._recurring)
            return
        v = self._vals[i]
        if v >= 0:
            self._recurring.append(array("i", [1 + count, v, *sample[: SAMPLE - 1]]))
            self._vals[i] = -len(self._recurring)
            return
        entry = self._recurring[-v - 1]
        entry[0] += count
        entry.extend(sample[: SAMPLE + 1 - len(entry)])


class BoilerplateKind(Kind):
    name = "boilerplate"
    summary = "Flags repeated titles and sentences recurring across the documents of a run."
    fields: ClassVar[dict[str, Field]] = {
        "mode": Field("choice", required=True, choices=("repeated-title", "cross-document")),
        "min_words": Field("int", 6, help="shorter sentences are never compared"),
        "min_documents": Field("int", 2, help="documents a sentence must recur in"),
        "max_suffix_words": Field("int", 8, help="words a site suffix may have"),
    }

    @property
    def indexes(self) -> bool:
        """Whether documents must be indexed (`index`) before any is checked."""
        return self.mode == "cross-document"

    def index(self, doc: Document, position: int, run: RunContext) -> None:
        """Add the document at `position` of the run to the run's index."""
        if self.mode != "cross-document":
            return
        index = run.data.get(INDEX)
        if index is None:
            index = run.data[INDEX] = CrossIndex()
        keys = comparable_sentences(doc, self.min_words).values()
        index.add(position, map(hash, keys), subject_of(doc).core, _site(doc))

    def check(self, doc: Document, run: RunContext) -> Iterator[Hit]:
        if self.mode == "repeated-title":
            yield from self._repeated_title(doc)
            return
        index: CrossIndex | None = run.data.get(INDEX)
        me = doc.run_position
        mine = index.core(me) if index is not None and me is not None else None
        if index is None or mine is None:
            return
        subject = frozenset(mine)
        site = index.sites.get(me)
        same_story: dict[int, bool] = {}

        def about_my_story(n: int) -> bool:
            if n not in same_story:
                other = index.core(n)
                same_story[n] = other is not None and _similar(subject, other)
            return same_story[n]

        sourcing = None
        earlier: dict[int, int] = run.data.get(EARLIER, {}).get(me, {})
        for i, key in comparable_sentences(doc, self.min_words).items():
            h = hash(key)
            count, holders = index.holders(h)
            before = earlier.get(h, 0)  # this site's pages in earlier runs, already guarded
            if count + before < self.min_documents:
                continue  # rare
            if sourcing is None:
                sourcing = analyse(doc, run.lexicon)
            if sourcing[i].attributions:
                continue  # reporting ("did not respond to a request for comment")
            if before:
                pass  # on this site's earlier pages, of other stories (guarded by the caller)
            elif all(about_my_story(n) for n in holders if n != me):
                continue  # two rewrites of one story share its sentences: that is not a footer
            elif site and all(index.sites.get(n, site) != site for n in holders if n != me):
                continue  # pages of other sites only: a common phrase, not this site's template
            s = doc.sentences[i]
            yield Hit(s.start, s.end, {"documents": str(count + before), **_where(count, before)})

    def _repeated_title(self, doc: Document) -> Iterator[Hit]:
        """A later line repeating the title; the suffixed copy is the page furniture, whichever
        comes first ("<title> - Site" then "<title>", or the other way round)."""
        first = doc.paragraphs[0] if doc.paragraphs else None
        if first is None or not first.heading:
            return
        title = normalise(doc.text[first.start : first.end])
        if word_count(title) < 3:
            return
        for n, p in enumerate(doc.paragraphs[1:], 1):
            if p.end - p.start > (first.end - first.start) * 3:
                continue
            line = doc.text[p.start : p.end]
            key = normalise(line)
            if key == title or self._suffixed(key, title) or (n < 8 and self._cut(line, title)):
                yield Hit(p.start, p.end, {"title": doc.title or ""})
            elif n < 8 and self._suffixed(title, key) and word_count(key) >= 3:
                yield Hit(first.start, first.end, {"title": doc.title or ""})

    def _cut(self, line: str, title: str) -> bool:
        """The page title as sites shorten or reword it, then a separator and the site's name
        ("Heatwave Pushes Grid to Record Demand | EnergyPulse News")."""
        m = _SITE_SUFFIX.search(line)
        if m is None or len(m.group(1).split()) > self.max_suffix_words:
            return False
        head = normalise(line[: m.start()])
        if word_count(head) < 4:
            return False
        if title.startswith(head + " "):
            return True
        # the SEO variant of the headline ("Harrowgate Logistics (HGLX) Stock Tumbles 8% –
        # Here's Why | MarketPulse Daily"): most of its words are the title's
        words, known = head.split(), set(title.split())
        shared = sum(1 for w in words if w in known)
        return shared >= 4 and 2 * shared >= len(words)

    def _suffixed(self, longer: str, shorter: str) -> bool:
        extra = word_count(longer) - word_count(shorter)
        return longer.startswith(shorter + " ") and 0 < extra <= self.max_suffix_words


@Analysis
def comparable_sentences(doc: Document, min_words: int) -> dict[int, str]:
    """Sentence index -> normalised key of the sentences long enough to compare (`min_words`)
    and not mostly quoted: indexed in the first pass, looked up in the second."""
    keys: dict[int, str] = {}
    for i, (s, key) in enumerate(zip(doc.sentences, sentence_keys(doc), strict=True)):
        if word_count(key) < min_words:
            continue
        if doc.quoted_chars(s.start, s.end) * 2 <= s.end - s.start:
            keys[i] = key
    return keys


def seed_earlier(run: RunContext, earlier: dict[int, dict[str, int]]) -> None:
    """Sentences seen on each document's site in earlier runs (the history database): for the
    document at each position, its normalised sentence keys and how many earlier pages of its
    site held each. The caller has applied the guards (not the same item, not all about the
    same story); a key given here counts as recycled with one document of this run."""
    run.data[EARLIER] = {
        position: {hash(key): n for key, n in keys.items() if n > 0}
        for position, keys in earlier.items()
    }


def _where(count: int, before: int) -> dict[str, str]:
    """The `recycled` message value: where else the sentence was found."""
    if not before:
        return {"recycled": f"{count} documents of this run"}
    pages = f"{before} earlier page{'s' if before != 1 else ''} of this site"
    return {"recycled": pages if count == 1 else f"{count} documents of this run and {pages}"}


_SITE_SUFFIX = re.compile(r"\s+[|\-–—:·]\s+([^|\-–—:·\n]+?)\s*$")


def _site(doc: Document) -> str | None:
    """The host of a page (set from the page's own metadata when it was read as HTML)."""
    host = doc.meta.get("hostname") if doc.page else None
    return host.lower().removeprefix("www.") if host else None


def _similar(a: frozenset[int], b: Sequence[int]) -> bool:
    """Two subjects (title and lead term hashes, each distinct) about the same story: Jaccard
    similarity of at least 0.3."""
    if not a or not b:
        return False
    shared = len(a.intersection(b))
    return shared / (len(a) + len(b) - shared) >= 0.3
