"""What an article is about, and how far a sentence strays from it.

The subject is the title and the lead (first paragraph), plus terms that recur across several
paragraphs. Words are compared by a cheap prefix stem; named entities (capitalised words that are
not just sentence starts) are tracked separately, since a tangent usually brings in names that
appear nowhere else in the article.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from audit.attribution import DEMONYMS, NON_NAMES
from audit.document import Document

_WORD = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Za-z][A-Za-z0-9]*(?:['’-][A-Za-z0-9]+)*")

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "across",
        "after",
        "again",
        "against",
        "all",
        "almost",
        "also",
        "although",
        "always",
        "am",
        "among",
        "an",
        "and",
        "another",
        "any",
        "are",
        "around",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "either",
        "else",
        "even",
        "ever",
        "every",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "however",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "least",
        "less",
        "like",
        "made",
        "make",
        "makes",
        "making",
        "many",
        "may",
        "me",
        "might",
        "more",
        "most",
        "much",
        "must",
        "my",
        "myself",
        "neither",
        "never",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "often",
        "on",
        "once",
        "one",
        "only",
        "or",
        "other",
        "others",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "per",
        "quite",
        "rather",
        "same",
        "she",
        "should",
        "since",
        "so",
        "some",
        "still",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "though",
        "through",
        "thus",
        "to",
        "too",
        "toward",
        "towards",
        "under",
        "until",
        "up",
        "upon",
        "us",
        "very",
        "via",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
        "yet",
        "you",
        "your",
        "yours",
    ]
)
GENERIC = frozenset(
    [
        "said",
        "says",
        "say",
        "saying",
        "told",
        "tell",
        "according",
        "report",
        "reports",
        "reported",
        "reporting",
        "added",
        "adding",
        "noted",
        "stated",
        "statement",
        "statements",
        "comment",
        "comments",
        "remarks",
        "announced",
        "announcement",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "official",
        "officials",
        "source",
        "sources",
        "indicate",
        "indicates",
        "indicated",
        "suggest",
        "suggests",
        "suggested",
        "analyst",
        "analysts",
        "expert",
        "experts",
        "year",
        "years",
        "month",
        "months",
        "week",
        "weeks",
        "day",
        "days",
        "today",
        "yesterday",
        "tomorrow",
        "time",
        "times",
        "new",
        "first",
        "second",
        "third",
        "last",
        "next",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "percent",
        "people",
        "including",
        "included",
        "include",
        "includes",
        "meanwhile",
        "additionally",
        "furthermore",
        "moreover",
        "recently",
        "previously",
        "currently",
        "later",
        "earlier",
        "early",
        "late",
        "well",
        "part",
        "number",
        "according",
        "continue",
        "continued",
        "continues",
        "come",
        "comes",
        "came",
        "coming",
        "remain",
        "remains",
        "remained",
        "take",
        "takes",
        "took",
        "taken",
        "plan",
        "plans",
        "planned",
        "planning",
        "mr",
        "mrs",
        "ms",
        "dr",
        "news",
        "article",
        "story",
        "update",
        "updates",
        "thing",
        "things",
        "way",
        "ways",
        "lot",
        "many",
        "several",
        "various",
        "significant",
        "significantly",
        "growing",
        "key",
        "major",
        "according",
        "amid",
        "despite",
        "also",
        "already",
        "know",
        "knew",
        "known",
        "need",
        "needs",
        *["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
        *[
            "january",
            "february",
            "march",
            "april",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
        ],
        "december",
    ]
)


_SUFFIXES = ("ings", "ing", "ied", "ies", "ed", "es", "s", "e", "y")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem: case-folded, possessive and a common suffix dropped, cut to six letters.

    waking/wake -> wak, controls/control -> contro, industry/industrial -> indust.
    """
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix in _SUFFIXES:
        if len(w) - len(suffix) >= 3 and w.endswith(suffix) and not w.endswith("ss"):
            w = w[: -len(suffix)]
            break
    return w[:6]


@dataclass(frozen=True, slots=True)
class Terms:
    """Content stems of a stretch of text, and its names (runs of capitalised words)."""

    stems: tuple[str, ...]  # distinct; a tuple is a fifth of a frozenset's memory
    names: tuple[frozenset[str], ...]

    @property
    def name_stems(self) -> frozenset[str]:
        return frozenset().union(*self.names) if self.names else frozenset()


_NOT_NAMES = DEMONYMS | NON_NAMES | GENERIC  # capitalised, but naming no one


def _is_name_word(word: str, low: str) -> bool:
    base = low[:-2] if low.endswith(("'s", "’s")) else low  # "Saturday's home game"
    return word[0].isupper() and low not in _NOT_NAMES and base not in _NOT_NAMES


class _Word(NamedTuple):
    """What `terms` needs to know of a word, worked out once per distinct word."""

    skip: bool  # a stopword or a single letter
    of: bool  # "of" joins a name run ("Bank of England")
    name: bool  # capitalised and not a demonym or generic noun
    acronym: bool
    starts_name: bool  # capitalised non-stopword: lets a sentence-initial name begin a run
    content: bool  # counts as a content term
    stem: str


_WORDS: dict[str, _Word] = {}


def _word(w: str) -> _Word:
    info = _WORDS.get(w)
    if info is None:
        low = w.lower()
        skip = low in STOPWORDS or len(low) < 2
        name = not skip and _is_name_word(w, low)
        info = _Word(
            skip=skip,
            of=low == "of",
            name=name,
            acronym=name and sum(c.isupper() for c in w) >= 2,
            starts_name=w[:1].isupper() and low not in STOPWORDS,
            content=not skip and low not in GENERIC and len(low) >= 3,
            stem=stem(w),
        )
        if len(_WORDS) < 100_000:  # a bounded vocabulary cache
            _WORDS[w] = info
    return info


def terms(text: str, start: int, end: int) -> Terms:
    stems: set[str] = set()
    names: list[frozenset[str]] = []
    run: set[str] = set()
    get = _WORDS.get
    words = [get(w) or _word(w) for w in _WORD.findall(text, start, end)]
    last = len(words) - 1
    for k, w in enumerate(words):
        if w.skip:
            if run and not w.of:
                names.append(frozenset(run))
                run = set()
            continue
        if w.name:
            if k > 0 or w.acronym or (k < last and words[k + 1].starts_name):
                run.add(w.stem)
        elif run:
            names.append(frozenset(run))
            run = set()
        if w.content:
            stems.add(w.stem)
    if run:
        names.append(frozenset(run))
    return Terms(tuple(stems), tuple(names))


@dataclass
class Subject:
    """The article's subject: title and lead terms, recurring terms, known entities."""

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


SENTENCE_TERMS = "sentence-terms-raw"  # the document cache entry of `sentence_terms`


def sentence_terms(doc: Document) -> dict[int, Terms]:
    """Terms of every sentence but headings (computed once per document)."""
    cached = doc.cache.get(SENTENCE_TERMS)
    if cached is None:
        cached = doc.cache[SENTENCE_TERMS] = {
            i: terms(doc.text, s.start, s.end) for i, s in enumerate(doc.sentences) if not s.heading
        }
    return cached  # type: ignore[return-value]


def subject_of(doc: Document) -> Subject:
    cached = doc.cache.get("subject")
    if cached is not None:
        return cached  # type: ignore[return-value]
    core: set[str] = set()
    lead_end = 0
    if doc.title:
        first = doc.paragraphs[0] if doc.paragraphs and doc.paragraphs[0].heading else None
        if first is not None:
            core.update(terms(doc.text, first.start, first.end).stems)
        else:
            core.update(terms(doc.title, 0, len(doc.title)).stems)
    by_sentence = sentence_terms(doc)
    body = [p for p in doc.paragraphs if not p.heading]
    paragraph_stems = [
        frozenset().union(*(by_sentence[i].stems for i in p.sentence_range if i in by_sentence))
        for p in body
    ]  # a word's stem does not depend on its neighbours: the union of the sentences' stems
    lead_words = 0
    for p, stems in zip(body, paragraph_stems, strict=True):
        core |= stems
        lead_end = p.end
        lead_words += len(doc.text[p.start : p.end].split())
        if lead_words >= 8:
            break
    counts: Counter[str] = Counter()
    for stems in paragraph_stems:
        counts.update(stems)
    recurring = frozenset(s for s, n in counts.items() if n >= 3)
    subject = Subject(frozenset(core), recurring, lead_end)
    doc.cache["subject"] = subject
    return subject
