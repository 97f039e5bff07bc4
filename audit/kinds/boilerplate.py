"""`boilerplate`: text that is not the article's own.

- `mode: repeated-title` flags a line that repeats the title, usually with a site suffix
  ("<title> - Professional coverage", "<title> | Site").
- `mode: cross-document` flags sentences that recur in several documents of one run: a site's
  own footer or disclaimer that no stock list contains. Each document contributes each sentence
  once, so the index maps normalised keys to the documents holding them. Sentences that
  attribute something ("did not respond to a request for comment"), and sentences shared only
  by documents about the same story (two rewrites of one wire report), are reporting.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import ClassVar

from audit.attribution import analyse, default_lexicon
from audit.document import Document
from audit.fingerprint import normalise, word_count
from audit.kinds.base import Field, Hit, Kind, RunContext
from audit.topic import subject_of


class BoilerplateKind(Kind):
    name = "boilerplate"
    summary = "Flags repeated titles and sentences recurring across the documents of a run."
    fields: ClassVar[dict[str, Field]] = {
        "mode": Field("choice", required=True, choices=("repeated-title", "cross-document")),
        "min_words": Field("int", 6, help="shorter sentences are never compared"),
        "min_documents": Field("int", 2, help="documents a sentence must recur in"),
        "max_suffix_words": Field("int", 8, help="words a site suffix may have"),
    }

    def _index_key(self) -> str:
        return f"boilerplate:{self.min_words}"

    def prepare(self, run: RunContext) -> None:
        if self.mode != "cross-document" or self._index_key() in run.data:
            return
        index: dict[str, list[int]] = defaultdict(list)
        for n, doc in enumerate(run.documents):
            for key in set(self._keys(doc).values()):
                index[key].append(n)
        subjects = [subject_of(doc).core for doc in run.documents]
        positions = {id(doc): n for n, doc in enumerate(run.documents)}
        run.data[self._index_key()] = (index, subjects, positions)

    def _keys(self, doc: Document) -> dict[int, str]:
        """Normalised sentence keys (computed once per document: by prepare, reused by check)."""
        cache_key = ("boilerplate-keys", self.min_words)
        cached = doc.cache.get(cache_key)
        if cached is not None:
            return cached  # type: ignore[return-value]
        keys = doc.cache[cache_key] = {}
        for i, s in enumerate(doc.sentences):
            if doc.quoted_chars(s.start, s.end) * 2 > s.end - s.start:
                continue
            key = normalise(doc.text[s.start : s.end])
            if word_count(key) >= self.min_words:
                keys[i] = key
        return keys

    def check(self, doc: Document, run: RunContext) -> Iterator[Hit]:
        if self.mode == "repeated-title":
            yield from self._repeated_title(doc)
            return
        index, subjects, positions = run.data.get(self._index_key(), ({}, [], {}))
        me = positions.get(id(doc))
        if me is None:
            return
        sourcing = analyse(doc, default_lexicon())
        for i, key in self._keys(doc).items():
            others = [n for n in index.get(key, ()) if n != me]
            if len(others) + 1 < self.min_documents or sourcing[i].attributions:
                continue  # rare, or reporting ("did not respond to a request for comment")
            if all(_similar(subjects[me], subjects[n]) for n in others):
                continue  # two rewrites of one story share its sentences: that is not a footer
            s = doc.sentences[i]
            yield Hit(s.start, s.end, {"documents": str(len(others) + 1)})

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
            key = normalise(doc.text[p.start : p.end])
            if key == title or self._suffixed(key, title):
                yield Hit(p.start, p.end, {"title": doc.title or ""})
            elif n < 8 and self._suffixed(title, key) and word_count(key) >= 3:
                yield Hit(first.start, first.end, {"title": doc.title or ""})

    def _suffixed(self, longer: str, shorter: str) -> bool:
        extra = word_count(longer) - word_count(shorter)
        return longer.startswith(shorter + " ") and 0 < extra <= self.max_suffix_words


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two subjects (title and lead terms) about the same story."""
    return bool(a and b) and len(a & b) / len(a | b) >= 0.3
