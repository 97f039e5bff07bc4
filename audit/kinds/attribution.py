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
from dataclasses import dataclass
from typing import ClassVar

from audit import saferegex
from audit.analyses import Analysis
from audit.attribution import DOCUMENT_NOUNS, Lexicon, analyse, continues_source, default_lexicon
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


@dataclass(frozen=True, eq=False)
class ClaimCues:
    """What makes a sentence a claim: a cue outside quotations, in a sentence that is not a
    heading, not mostly quoted and long enough. One rule's, compared by identity: the
    analyses below are kept per rule."""

    cues: saferegex.Pattern | None  # claim and statistic cues, scanned in one pass
    strict: saferegex.Pattern | None  # cues matched with case ("may")
    stats: saferegex.Pattern | None  # statistic cues, to tell those matches apart
    min_words: int
    max_quoted: float

    def first(self, doc: Document, start: int, end: int) -> str | None:
        """The first cue in [start, end) (outside quotations)."""
        matches = cue_matches(doc, self)
        i = bisect_left(matches, (start,))
        if i < len(matches) and matches[i][1] <= end:
            return matches[i][2]
        return None

    def only_statistics(self, doc: Document, start: int, end: int) -> bool:
        """Every cue in [start, end) is a statistic."""
        matches = cue_matches(doc, self)
        i = bisect_left(matches, (start,))
        while i < len(matches) and matches[i][0] < end:
            if not matches[i][3]:
                return False
            i += 1
        return True

    def eligible(self, doc: Document, sentence: Sentence) -> bool:
        """Not a heading, not mostly quoted speech, long enough to assert something."""
        if sentence.heading:
            return False
        length = sentence.end - sentence.start
        if doc.quoted_chars(sentence.start, sentence.end) > self.max_quoted * length:
            return False
        return len(words(doc.text[sentence.start : sentence.end])) >= self.min_words

    def is_statistic(self, cue: str) -> bool:
        """The cue, matched as a whole, is one of the statistic cues."""
        if self.stats is None:
            return False
        return any(m.end() - m.start() == len(cue) for m in saferegex.finditer(self.stats, cue))


@Analysis
def cue_matches(doc: Document, cues: ClaimCues) -> list[tuple[int, int, str, bool]]:
    """(start, end, cue, whether a statistic) of every cue outside quotations, in order."""
    found = [
        (m.start(), m.end(), " ".join(m.group(0).split()), cues.is_statistic(m.group(0)))
        for regex in (cues.cues, cues.strict)
        if regex is not None
        for m in saferegex.finditer(regex, doc.text)
        if not doc.in_quote(m.start(), m.end())
    ]
    return sorted(found)


@Analysis
def claim_sentences(doc: Document, cues: ClaimCues) -> dict[int, str]:
    """Claim sentences (index -> the cue that makes them one), sourced or not."""
    out: dict[int, str] = {}
    for i, sentence in enumerate(doc.sentences):
        cue = cues.first(doc, sentence.start, sentence.end)
        if cue is not None and cues.eligible(doc, sentence):
            out[i] = cue
    return out


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
        self._cues = ClaimCues(
            cues=_bounded(self.claim_cues + self.statistic_cues, saferegex.IGNORECASE),
            strict=_bounded(self.case_sensitive_cues, 0),
            stats=_bounded(self.statistic_cues, saferegex.IGNORECASE),
            min_words=self.min_words,
            max_quoted=self.max_quoted,
        )

    @property
    def lexicon(self) -> Lexicon:
        """The default lexicon extended with this rule's words (`vague_sources` ...)."""
        return self._lexicon

    @property
    def finds_claims(self) -> bool:
        return self.report == "unattributed"

    def claims(self, doc: Document) -> dict[int, str]:
        """Claim sentences (index -> the cue that makes them one), sourced or not."""
        return claim_sentences(doc, self._cues)

    def check(self, doc: Document, run: RunContext) -> Iterator[Hit]:
        sourcing = analyse(doc, self._lexicon)
        if self.report == "vague":
            for s in sourcing:
                for a in s.vague:
                    if not doc.in_quote(a.start, a.end):
                        yield Hit(a.start, a.end, {"source": a.source})
            return
        cues = self._cues
        data = False  # a sentence before in the paragraph cites a document
        for i, sentence in enumerate(doc.sentences):
            src = sourcing[i]
            data = data and _same_paragraph(doc, i)
            carried, data = data, data or _cites_document(src)
            if src.resolved or cues.first(doc, sentence.start, sentence.end) is None:
                continue  # sourced, or no claim cue at all (the cheap tests first)
            if not cues.eligible(doc, sentence):
                continue
            if continues_source(doc, sourcing, i):
                continue
            hits = []
            for start, end in clauses(doc.text, sentence.start, sentence.end):
                cue = cues.first(doc, start, end)
                if cue is None or any(start <= a.start < end for a in src.vague):
                    continue  # no claim here, or vague-sourcing covers this clause
                hits.append(Hit(start, end, {"cue": cue}))
            if carried and all(cues.only_statistics(doc, h.start, h.end) for h in hits):
                continue  # "..., according to the paper. Nausea was reported by 19% of ..."
            yield from hits
