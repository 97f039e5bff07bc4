"""`attribution`: claims and the sources they are pinned on.

Two reports from one analysis (see `audit.attribution`):

- `report: vague` flags attributions to unnamed, generic sources ("analysts suggest").
- `report: unattributed` flags claim sentences (a `claim_cues` regex matches outside quotations)
  that carry no source: none in the sentence, none carried over from the sentence before.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from typing import ClassVar

from audit import saferegex
from audit.attribution import DOCUMENT_NOUNS, analyse, continues_source, default_lexicon
from audit.document import Document, Sentence, words
from audit.kinds.base import Field, Hit, Kind, RunContext
from audit.sourcewords import CLAUSE_CONJUNCTIONS

# Where a sentence splits into clauses that need sources of their own:
# "X is likely, but Y", "A; B", "one thing is certain: ..."; "and that ..." stays reported speech.
_CLAUSE_BREAK = re.compile(
    r"[;:]\s+|,\s+(?=(?:" + "|".join(CLAUSE_CONJUNCTIONS) + r")\s+(?!that\b))"
)


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause spans of a sentence (the sentence itself when it has one clause)."""
    out = []
    pos = start
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    return out


def _same_paragraph(doc: Document, i: int) -> bool:
    return i > 0 and doc.sentences[i - 1].paragraph == doc.sentences[i].paragraph


def _cites_document(src) -> bool:
    """The sentence is sourced to a named document ("according to the paper", "data from")."""
    return src.resolved and any(
        a.status in ("named", "anaphor") and DOCUMENT_NOUNS.intersection(a.source.lower().split())
        for a in src.attributions
    )


def _bounded(patterns: list[str], flags: int) -> saferegex.Pattern | None:
    """Cues as whole words: one alternation, not inside a longer word."""
    if not patterns:
        return None
    return saferegex.compile_alternation(patterns, flags, before=r"(?<!\w)", after=r"(?!\w)")


class AttributionKind(Kind):
    name = "attribution"
    summary = "Finds claim sentences and their sources; flags vague sources or missing ones."
    fields: ClassVar[dict[str, Field]] = {
        "report": Field("choice", required=True, choices=("vague", "unattributed")),
        "vague_sources": Field("strings", [], help="extra nouns that make a source generic"),
        "speech_verbs": Field("strings", [], help="extra reporting verbs (base form)"),
        "claim_cues": Field("regexes", [], help="what makes a sentence a claim (unattributed)"),
        "statistic_cues": Field(
            "regexes",
            [],
            help="claim cues for statistics: in a paragraph whose sentence before cites a "
            "document ('according to the paper'), its data carry over",
        ),
        "case_sensitive_cues": Field("regexes", [], help="claim cues matched with case (may)"),
        "min_words": Field("int", 5, help="shorter sentences are never claims"),
        "max_quoted": Field("float", 0.6, help="sentences more quoted than this are speech"),
    }

    def __init__(self, options: dict):
        super().__init__(options)
        self._lexicon = default_lexicon(tuple(self.vague_sources), tuple(self.speech_verbs))
        # statistics are scanned with the other cues (one pass), then told apart by their text
        self._cues = _bounded(self.claim_cues + self.statistic_cues, saferegex.IGNORECASE)
        self._strict = _bounded(self.case_sensitive_cues, 0)
        self._stats = _bounded(self.statistic_cues, saferegex.IGNORECASE)

    @property
    def lexicon(self):
        return self._lexicon

    def check(self, doc: Document, run: RunContext) -> Iterator[Hit]:
        sourcing = analyse(doc, self._lexicon)
        if self.report == "vague":
            for s in sourcing:
                for a in s.vague:
                    if not doc.in_quote(a.start, a.end):
                        yield Hit(a.start, a.end, {"source": a.source})
            return
        data = False  # a sentence before in the paragraph cites a document
        for i, sentence in enumerate(doc.sentences):
            src = sourcing[i]
            data = data and _same_paragraph(doc, i)
            carried, data = data, data or _cites_document(src)
            if src.resolved or self._first_cue(doc, sentence.start, sentence.end) is None:
                continue  # sourced, or no claim cue at all (the cheap tests first)
            if not self._eligible(doc, sentence):
                continue
            if continues_source(doc, sourcing, i):
                continue
            hits = []
            for start, end in clauses(doc.text, sentence.start, sentence.end):
                cue = self._first_cue(doc, start, end)
                if cue is None or any(start <= a.start < end for a in src.vague):
                    continue  # no claim here, or vague-sourcing covers this clause
                hits.append(Hit(start, end, {"cue": cue}))
            if carried and all(self._only_statistics(doc, h.start, h.end) for h in hits):
                continue  # "..., according to the paper. Nausea was reported by 19% of ..."
            yield from hits

    def claims(self, doc: Document) -> dict[int, str]:
        """Claim sentences (index -> the cue that makes them one), sourced or not."""
        key = ("claims", id(self))
        if key in doc.cache:
            return doc.cache[key]  # type: ignore[return-value]
        out: dict[int, str] = doc.cache.setdefault(key, {})  # type: ignore[assignment]
        for i, sentence in enumerate(doc.sentences):
            cue = self._first_cue(doc, sentence.start, sentence.end)
            if cue is not None and self._eligible(doc, sentence):
                out[i] = cue
        return out

    def _eligible(self, doc: Document, sentence: Sentence) -> bool:
        """Not a heading, not mostly quoted speech, long enough to assert something."""
        if sentence.heading:
            return False
        length = sentence.end - sentence.start
        if doc.quoted_chars(sentence.start, sentence.end) > self.max_quoted * length:
            return False
        return len(words(doc.text[sentence.start : sentence.end])) >= self.min_words

    def _first_cue(self, doc: Document, start: int, end: int) -> str | None:
        """The first cue in [start, end) (outside quotations), from one scan per document."""
        matches = self._cue_matches(doc)
        i = bisect_left(matches, (start,))
        if i < len(matches) and matches[i][1] <= end:
            return matches[i][2]
        return None

    def _only_statistics(self, doc: Document, start: int, end: int) -> bool:
        """Every cue in [start, end) is a statistic."""
        matches = self._cue_matches(doc)
        i = bisect_left(matches, (start,))
        while i < len(matches) and matches[i][0] < end:
            if not matches[i][3]:
                return False
            i += 1
        return True

    def _is_statistic(self, cue: str) -> bool:
        """The cue, matched as a whole, is one of the statistic cues."""
        if self._stats is None:
            return False
        return any(m.end() - m.start() == len(cue) for m in saferegex.finditer(self._stats, cue))

    def _cue_matches(self, doc: Document) -> list[tuple[int, int, str, bool]]:
        """(start, end, cue, whether a statistic) of every cue outside quotations, in order."""
        key = ("claim-cues", id(self))
        cached = doc.cache.get(key)
        if cached is None:
            found = [
                (m.start(), m.end(), " ".join(m.group(0).split()), self._is_statistic(m.group(0)))
                for regex in (self._cues, self._strict)
                if regex is not None
                for m in saferegex.finditer(regex, doc.text)
                if not doc.in_quote(m.start(), m.end())
            ]
            cached = doc.cache[key] = sorted(found)
        return cached  # type: ignore[return-value]
