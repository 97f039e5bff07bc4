"""Positive evidence: what careful reporting does, counted for one document.

Findings only say what is wrong. A reader's trust also rests on what is right: statements tied
to the people who made them ("said", "told", "according to"), several named sources, quotes
with a speaker, documents and data cited by name. And on two signs of the opposite, the
writer's own voice ("Let me break this down for you") and emphasis in place of evidence
(shouted words, exclamation marks). The score (`audit/score.py`) weighs the findings against
these terms; the weights are fitted on real articles (`tools/fit_score.py`).

The word lists are data: `audit/data/reporting.txt` and `audit/data/voice.txt`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cache
from typing import ClassVar

from audit.attribution import SentenceSourcing
from audit.document import Document
from audit.inventory import Inventory
from audit.wordlists import load_words

# a word in capitals: three letters or more, no digits or dots ("U.S." and "G20" are not shouts)
_CAPS = re.compile(r"\b[A-Z][A-Z'’]{2,}\b")
_WORD = re.compile(r"\b\w[\w'’]*\b")
MIN_WORDS = 150  # as the score: a short text is not judged on one or two words


@cache
def _reporting() -> re.Pattern[str]:
    words = sorted(load_words("reporting.txt"), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


@cache
def _voice() -> re.Pattern[str]:
    words = sorted(load_words("voice.txt"), key=len, reverse=True)
    return re.compile(r"(?<![\w'’])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w'’])")


@dataclass(frozen=True)
class Evidence:
    """Counts for one document; `terms` turns them into the score's inputs."""

    TERMS: ClassVar[tuple[str, ...]] = (
        "reporting",
        "attributed",
        "named_sources",
        "quoted_sources",
        "documents",
        "writer_voice",
        "emphasis",
        "headline_emphasis",
    )

    words: int
    sentences: int
    reporting: int  # reporting words ("said", "told", "according to")
    attributed_sentences: int  # sentences with a named source (the attribution analysis)
    named_sources: int  # distinct named sources in the inventory
    quoted_sources: int  # named sources quoted directly
    documents: int  # documents and data cited by name (polls, reports, filings)
    vague_sources: int  # distinct unnamed sources
    claims: int
    claims_named: int
    writer_voice: int  # sentences outside quotations in the first or second person
    emphasis: int  # shouted words and exclamation marks outside quotations, but the title's
    headline_emphasis: int  # the same in the title

    def terms(self) -> dict[str, float]:
        """The score's inputs: rates per 100 words (at least MIN_WORDS assumed), shares, and
        logarithms of counts, so that one more source counts less the more there are."""
        units = max(self.words, MIN_WORDS) / 100
        spoken = max(self.sentences, 1)
        return {
            "reporting": self.reporting / units,
            "attributed": self.attributed_sentences / units,
            "named_sources": math.log1p(self.named_sources),
            "quoted_sources": math.log1p(self.quoted_sources),
            "documents": math.log1p(self.documents),
            "writer_voice": self.writer_voice / spoken,
            "emphasis": self.emphasis / units,
            "headline_emphasis": float(self.headline_emphasis),
        }

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def summary(self) -> str:
        """One line for a reader: '12 of 15 claims attributed; 7 named sources (3 quoted) ...'."""
        parts = [
            f"{self.claims_named} of {self.claims} claims attributed to a named source"
            if self.claims
            else "no claim sentences",
            f"{self.named_sources} named sources ({self.quoted_sources} quoted)",
            f"{self.reporting} reporting words",
        ]
        if self.documents:
            parts.append(f"{self.documents} documents cited")
        if self.vague_sources:
            parts.append(f"{self.vague_sources} unnamed sources")
        if self.writer_voice:
            parts.append(f"{self.writer_voice} sentences in the writer's voice")
        if self.emphasis + self.headline_emphasis:
            parts.append(f"{self.emphasis + self.headline_emphasis} shouted words or '!'")
        return "; ".join(parts)


def evidence(doc: Document, sourcing: list[SentenceSourcing], inv: Inventory) -> Evidence:
    """Count the evidence in `doc`, given its sourcing analysis and source inventory."""
    first = doc.paragraphs[0] if doc.paragraphs else None
    title_end = first.end if first is not None and first.heading else 0
    voice, lower = _voice(), {w for w in _WORD.findall(doc.text) if w.islower()}
    writer_voice = emphasis = body_sentences = 0
    for sentence in doc.sentences:
        if sentence.end <= title_end:
            continue
        body_sentences += 1
        start, end = sentence.start, sentence.end
        outside = _unquoted(doc, start, end)  # quotations are the speaker's voice
        if any(outside(m.start(), m.end()) for m in voice.finditer(doc.text, start, end)):
            writer_voice += 1
        emphasis += _emphasis(doc.text, start, end, lower, outside)
    named = [s for s in inv.scored if s.kind != "unnamed"]  # the entries the fit counted
    return Evidence(
        words=doc.word_count,
        sentences=body_sentences,
        reporting=len(_reporting().findall(doc.text, title_end)),
        attributed_sentences=sum(1 for s in sourcing if s.resolved),
        named_sources=len(named),
        quoted_sources=sum(1 for s in named if "direct-quote" in s.how),
        documents=sum(1 for s in named if s.kind == "document"),
        vague_sources=len(inv.scored) - len(named),
        claims=inv.claims,
        claims_named=inv.claims_named,
        writer_voice=writer_voice,
        emphasis=emphasis,
        headline_emphasis=_emphasis(doc.text, 0, title_end, lower, lambda s, e: True),
    )


def _unquoted(doc: Document, start: int, end: int) -> Callable[[int, int], bool]:
    """Whether a span of the sentence [start, end) lies outside its quotations."""
    if not doc.quoted_chars(start, end):
        return lambda s, e: True
    return lambda s, e: not doc.in_quote(s, e)


def _emphasis(
    text: str, start: int, end: int, lower: set[str], outside: Callable[[int, int], bool]
) -> int:
    """Exclamation marks, and words in capitals that are shouted, not acronyms: in a run of
    two or more ('TIME FOR PRISON'), or written in lower case elsewhere ('LIED' beside 'lied')."""
    count = 0
    i = text.find("!", start, end)
    while i >= 0:
        count += outside(i, i + 1)
        i = text.find("!", i + 1, end)
    hits = [m for m in _CAPS.finditer(text, start, end) if outside(m.start(), m.end())]
    for i, m in enumerate(hits):
        near = (i > 0 and _adjacent(text, hits[i - 1].end(), m.start())) or (
            i + 1 < len(hits) and _adjacent(text, m.end(), hits[i + 1].start())
        )
        if near or m.group().lower() in lower:
            count += 1
    return count


def _adjacent(text: str, end: int, start: int) -> bool:
    """Words in one run: only spaces between ('AFL-CIO' is one name, not two shouts)."""
    gap = text[end:start]
    return 0 < len(gap) <= 2 and gap.isspace()
