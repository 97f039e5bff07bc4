"""The article's subject, and what a sentence shares with it.

The subject is the title and the lead (the first body paragraphs, eight words or more), plus
the terms that recur in three paragraphs or more. A sentence is read against it: how many of
its terms are the title's or the lead's, how many recur, and which of its names are new.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from audit.analyses import Analysis
from audit.document import Document, Paragraph
from audit.topic.terms import Terms, sentence_terms, stem, terms, word_at

LEAD_WORDS = 8  # the lead runs to the body paragraph that reaches this many words
RECURRING = 3  # a term in this many paragraphs recurs


@dataclass
class Subject:
    """The article's subject: title and lead terms, recurring terms, where the lead ends."""

    core: frozenset[str]
    recurring: frozenset[str]
    lead_end: int  # sentences before this offset are title/lead: never off-topic

    def overlap(self, t: Terms) -> int:
        """Shared title/lead terms."""
        return self.overlap_of(t.stems)

    def overlap_of(self, stems: Iterable[str]) -> int:
        """Title/lead terms among `stems`."""
        return len(self.core.intersection(stems))

    def related(self, t: Terms) -> int:
        """Shared terms that recur across the article (but are not in the title or lead)."""
        return len(self.recurring.intersection(t.stems) - self.core)


@Analysis
def subject_of(doc: Document) -> Subject:
    """The subject of `doc`."""
    by_sentence = sentence_terms(doc)
    body = [p for p in doc.paragraphs if not p.heading]
    paragraph_stems = [
        frozenset().union(*(by_sentence[i].stems for i in p.sentence_range if i in by_sentence))
        for p in body
    ]  # a word's stem does not depend on its neighbours: the union of the sentences' stems
    lead, lead_end = _lead(doc, body, paragraph_stems)
    counts = Counter(s for stems in paragraph_stems for s in stems)
    recurring = frozenset(s for s, n in counts.items() if n >= RECURRING)
    return Subject(_title_stems(doc) | lead, recurring, lead_end)


def _title_stems(doc: Document) -> frozenset[str]:
    """The title's terms: its heading line, or the title a reader found (an HTML <title>)."""
    if not doc.title:
        return frozenset()
    first = doc.paragraphs[0] if doc.paragraphs and doc.paragraphs[0].heading else None
    if first is not None:
        return frozenset(terms(doc.text, first.start, first.end).stems)
    return frozenset(terms(doc.title, 0, len(doc.title)).stems)


def _lead(
    doc: Document, body: list[Paragraph], stems: list[frozenset[str]]
) -> tuple[frozenset[str], int]:
    """The lead's terms and where it ends: body paragraphs until `LEAD_WORDS` words."""
    lead: set[str] = set()
    lead_end = words = 0
    for p, paragraph_stems in zip(body, stems, strict=True):
        lead |= paragraph_stems
        lead_end = p.end
        words += len(doc.text[p.start : p.end].split())
        if words >= LEAD_WORDS:
            break
    return frozenset(lead), lead_end


@Analysis
def on_topic_names(doc: Document) -> Counter[str]:
    """In how many on-topic sentences (the lead's, or those sharing a title or lead term) each
    name stem appears."""
    subject = subject_of(doc)
    named: Counter[str] = Counter()
    for i, t in sentence_terms(doc).items():
        if doc.sentences[i].start < subject.lead_end or subject.overlap(t) > 0:
            named.update(t.name_stems)
    return named


def known_elsewhere(named: Counter[str], t: Terms, subject: Subject) -> set[str]:
    """Name stems found in on-topic sentences other than this one: a sentence that shares one
    word with the subject does not make its own new names known ("...while Arm Holdings
    unveiled a licensing program")."""
    only_here = (
        {stem for stem in t.name_stems if named[stem] == 1} if subject.overlap(t) > 0 else ()
    )
    return named.keys() - only_here


@dataclass(frozen=True, slots=True)
class Reading:
    """A sentence read against the subject, as the promo and tangent tests weigh it."""

    terms: Terms  # the sentence's; an announced aside's after its opening cue
    overlap: int  # title and lead terms shared
    new_names: int  # names not known from the on-topic sentences
    related: int  # shared terms that recur across the article
    announced: bool  # a transition or a segue opens it, or a heading announced its section
    segue: bool  # a segue ("Speaking of leaks,") opens it: it changes the subject outright


def read(
    doc: Document,
    start: int,
    t: Terms,
    subject: Subject,
    known: set[str],
    aside: tuple[int, bool] | None,
) -> Reading:
    """The sentence starting at `start` with terms `t`; `aside` tells where an announced aside
    starts and whether a segue announced it (None: nothing announced it)."""
    announced = aside is not None
    if aside is not None and aside[0] > start:
        t = without(t, terms(doc.text, start, aside[0]))  # "Speaking of leaks," shares a
        # word with the subject by design: only the aside after it counts
    overlap = subject.overlap(t)
    if announced:  # "Meanwhile, the Kalindi Lake boating festival": new unless all known
        first = word_at(doc.text, start)  # not "Related" in "Related: Stratocore opens"
        opening = {stem(first)} if first else set()
        new_names = sum(1 for name in t.names if not name - opening <= known)
    else:
        new_names = sum(1 for name in t.names if not name & known) if overlap <= 1 else 0
    if announced and new_names and overlap > 1:
        # "Meanwhile, fellow Love Villa alum Shannon Keyes showed off her kitchen": what an
        # announced aside shares may be only the subject's names (the show, the town)
        overlap = max(1, subject.overlap_of(set(t.stems) - t.name_stems))
    segue = aside is not None and aside[1]
    return Reading(t, overlap, new_names, subject.related(t), announced, segue)


def without(t: Terms, cue: Terms) -> Terms:
    """The terms of a sentence but those of its opening cue."""
    return Terms(
        tuple(x for x in t.stems if x not in cue.stems),
        tuple(n for n in t.names if not n <= cue.name_stems),
    )
