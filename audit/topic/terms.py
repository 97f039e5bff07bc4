"""The words of a stretch of text, as the topic analysis compares them: content stems and names.

Words are compared by a cheap prefix stem; names (runs of capitalised words that are not just
sentence starts) are kept apart, since a tangent usually brings in names that appear nowhere
else in the article. Stopwords and generic news words (`audit/data/topic-*.txt`) are never
terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from audit.analyses import Analysis
from audit.attribution import DEMONYMS, NON_NAMES
from audit.document import Document
from audit.wordlists import load_words

_WORD = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Za-z][A-Za-z0-9]*(?:['’-][A-Za-z0-9]+)*")
TOKEN = re.compile(r"[\w'’-]+")  # a word as it stands in a sentence: "Pike's", "ex-Rovers"

STOPWORDS = frozenset(load_words("topic-stopwords.txt"))  # never terms; end a name
GENERIC = frozenset(load_words("topic-generic.txt"))  # words any article uses: never terms

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
    """The terms of text[start:end]. A capitalised word opening the span starts a name only
    when it is an acronym or the next word is capitalised too ("Bank of England raised" has
    one name; in "Officials raised" or "Rates rose" the capital is the sentence's)."""
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


def word_at(text: str, start: int) -> str | None:
    """The word (`TOKEN`) starting at `start`, if one does."""
    m = TOKEN.match(text, start)
    return m.group(0) if m else None


@Analysis
def sentence_terms(doc: Document) -> dict[int, Terms]:
    """Terms of every sentence but headings."""
    return {
        i: terms(doc.text, s.start, s.end) for i, s in enumerate(doc.sentences) if not s.heading
    }
