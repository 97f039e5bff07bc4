"""Who says so? Finds attributions in sentences and classifies their sources.

An attribution is a source plus a reporting verb ("Greer told CNBC", "analysts suggest"),
an inverted one ('..., said Jane Ortiz'), or "according to <source>". Each source is:

- named: a person, organisation, outlet or document a reader could check;
- vague: a generic, unnamed crowd or document ("analysts", "industry reports", "experts");
- pronoun/anaphor: "he", "the analysts": named when the sentence just before names a source.

The analysis is computed once per document and lexicon and shared by the rules that need it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache

from audit.document import Document

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:['’&-]\w+)*|[^\w\s]")

# Reporting verbs: any subject may carry them.
SPEECH_VERBS = [
    "say",
    "tell",
    "state",
    "add",
    "note",
    "write",
    "explain",
    "argue",
    "warn",
    "claim",
    "confirm",
    "announce",
    "report",
    "accuse",
    "emphasize",
    "emphasise",
    "stress",
    "insist",
    "acknowledge",
    "admit",
    "estimate",
    "predict",
    "believe",
    "expect",
    "assert",
    "maintain",
    "contend",
    "counter",
    "observe",
    "caution",
    "describe",
    "characterize",
    "characterise",
    "testify",
    "tweet",
    "post",
    "conclude",
    "reveal",
    "disclose",
    "forecast",
    "recommend",
    "question",
    "criticize",
    "criticise",
    "praise",
    "comment",
    "remark",
    "reply",
    "respond",
    "concede",
    "allege",
    "complain",
    "fear",
    "worry",
    "think",
    "anticipate",
    "project",
    "agree",
    "deny",
    "dismiss",
    "reject",
    "urge",
    "propose",
    "recall",
    "contend",
    "speculate",
]
# Inference verbs: attributions only with a source subject ("data show", not "this shows").
INFERENCE_VERBS = ["suggest", "indicate", "show", "find", "signal", "point"]
PRONOUNS = frozenset(["he", "she", "they", "we", "i", "it", "who", "you"])
DEFINITE = frozenset(["the", "this", "that", "these", "those", "his", "her", "its", "their", "our"])
QUANTIFIERS = frozenset(
    [
        "a",
        "an",
        "some",
        "many",
        "several",
        "most",
        "few",
        "various",
        "numerous",
        "multiple",
        "certain",
        "other",
        "others",
        "one",
        "two",
        "three",
        "four",
        "five",
        "dozens",
        "scores",
    ]
)
DOCUMENT_NOUNS = frozenset(
    [
        "report",
        "reports",
        "study",
        "studies",
        "data",
        "survey",
        "surveys",
        "poll",
        "polls",
        "analysis",
        "research",
        "figures",
        "statement",
        "filing",
        "document",
        "documents",
        "paper",
        "papers",
        "review",
        "estimate",
        "estimates",
    ]
)
DEFAULT_VAGUE = [
    "analyst",
    "analysts",
    "expert",
    "experts",
    "source",
    "sources",
    "observer",
    "observers",
    "critic",
    "critics",
    "insider",
    "insiders",
    "official",
    "officials",
    "people",
    "person",
    "commentator",
    "commentators",
    "pundit",
    "pundits",
    "economist",
    "economists",
    "researcher",
    "researchers",
    "scientist",
    "scientists",
    "study",
    "studies",
    "research",
    "report",
    "reports",
    "survey",
    "surveys",
    "watcher",
    "watchers",
    "trader",
    "traders",
    "investor",
    "investors",
    "some",
    "many",
    "others",
    "everyone",
    "several",
    "most",
    "industry",
    "diplomat",
    "diplomats",
    "authorities",
    "specialist",
    "specialists",
    "strategist",
    "strategists",
    "executive",
    "executives",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "onlookers",
    "rumors",
    "rumours",
    "speculation",
    "estimates",
    "data",
    "figures",
]
NAMED_HEADS = frozenset(
    [
        "media",
        "television",
        "tv",
        "agency",
        "newspaper",
        "ministry",
        "government",
        "police",
        "court",
        "company",
        "department",
        "council",
        "parliament",
        "congress",
        "senate",
        "commission",
    ]
)
DEMONYMS = frozenset(
    [
        "american",
        "americans",
        "u.s.",
        "us",
        "usa",
        "u.k.",
        "uk",
        "british",
        "chinese",
        "european",
        "western",
        "eastern",
        "asian",
        "african",
        "arab",
        "russian",
        "japanese",
        "korean",
        "indian",
        "german",
        "french",
        "global",
        "international",
        "local",
        "federal",
        "state",
        "national",
        "regional",
        "foreign",
        "domestic",
        "western-backed",
    ]
)
NON_NAMES = frozenset(
    [
        "ceo",
        "cfo",
        "cto",
        "coo",
        "chief",
        "president",
        "minister",
        "secretary",
        "spokesperson",
        "official",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)
_BOUNDARY_WORDS = frozenset(
    [
        "that",
        "which",
        "while",
        "as",
        "because",
        "when",
        "if",
        "although",
        "though",
        "but",
        "so",
        "and",
        "or",
        "whereas",
        "since",
        "after",
        "before",
        "where",
        "what",
        "whether",
        "than",
    ]
)
# Base forms that are far more often nouns in news text ("state media", "the report").
_NOUN_LIKE_BASES = frozenset(
    ["state", "report", "post", "project", "counter", "question", "point", "comment", "remark"]
)
_NOUN_MARKERS = frozenset(
    [
        "the",
        "a",
        "an",
        "all",
        "some",
        "these",
        "this",
        "those",
        "many",
        "its",
        "their",
        "his",
        "her",
        "our",
        "my",
        "your",
        "any",
        "each",
        "every",
        "no",
        "such",
        "several",
    ]
)
_PREPOSITIONS = frozenset(
    [
        "with",
        "in",
        "on",
        "for",
        "to",
        "from",
        "by",
        "at",
        "after",
        "amid",
        "about",
        "against",
        "over",
        "under",
    ]
)
_SKIP_WORDS = frozenset(
    [
        "has",
        "have",
        "had",
        "also",
        "recently",
        "previously",
        "further",
        "then",
        "again",
        "repeatedly",
        "later",
        "earlier",
        "once",
        "still",
        "already",
        "will",
        "would",
        "could",
        "may",
        "might",
        "did",
        "does",
        "do",
        "not",
        "n't",
        "has",
        "been",
        "have",
        "been",
        "reportedly",
        "publicly",
        "privately",
        "similarly",
        "separately",
        "last",
        "first",
    ]
)
_ANAPHOR_NOUNS = frozenset(
    [
        "comments",
        "comment",
        "remarks",
        "remark",
        "statement",
        "statements",
        "report",
        "study",
        "findings",
        "data",
        "figures",
        "survey",
        "analysis",
        "letter",
        "memo",
        "filing",
        "testimony",
        "announcement",
        "warning",
        "interview",
    ]
)


@lru_cache(maxsize=64)
def verb_forms(verbs: tuple[str, ...]) -> frozenset[str]:
    """Inflected forms of reporting verbs (say -> says, said, saying)."""
    irregular = {
        "say": ["said"],
        "tell": ["told"],
        "write": ["wrote", "written"],
        "find": ["found"],
        "think": ["thought"],
        "show": ["shown"],
        "forecast": ["forecast"],
    }
    forms: set[str] = set()
    for v in verbs:
        forms.add(v)
        forms.update(irregular.get(v, []))
        if v.endswith("y") and v[-2:] not in ("ay", "ey", "oy"):
            forms.update({v[:-1] + "ies", v[:-1] + "ied", v + "ing"})
        elif v.endswith("e"):
            forms.update({v + "s", v + "d", v[:-1] + "ing"})
        elif v.endswith(("s", "sh", "ch", "x")):
            forms.update({v + "es", v + "ed", v + "ing"})
        else:
            forms.update({v + "s", v + "ed", v + "ing"})
    return frozenset(forms)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution in a sentence: the phrase span, the source and its status."""

    start: int
    end: int
    source: str
    status: str  # named | vague | pronoun | anaphor
    how: str  # direct-quote | paraphrase | secondhand
    sentence: int


@dataclass
class SentenceSourcing:
    attributions: list[Attribution] = field(default_factory=list)
    resolved: bool = False  # a named source (directly or through a resolved pronoun)

    @property
    def vague(self) -> list[Attribution]:
        return [a for a in self.attributions if a.status == "vague"]


@dataclass(frozen=True)
class Lexicon:
    vague_sources: frozenset[str]
    speech_verbs: frozenset[str]
    inference_verbs: frozenset[str]


def default_lexicon(vague: list[str] | None = None, verbs: list[str] | None = None) -> Lexicon:
    vague_words = {lemma(w.lower()) for w in (vague or DEFAULT_VAGUE)}
    return Lexicon(
        vague_sources=frozenset(vague_words | {w.lower() for w in (vague or DEFAULT_VAGUE)}),
        speech_verbs=verb_forms(tuple(SPEECH_VERBS + list(verbs or []))),
        inference_verbs=verb_forms(tuple(INFERENCE_VERBS)),
    )


def lemma(word: str) -> str:
    """A crude singular: analysts -> analyst, studies -> study."""
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def tokens(text: str, start: int, end: int) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def analyse(doc: Document, lex: Lexicon) -> list[SentenceSourcing]:
    """Sourcing of every sentence of `doc` (cached on the document per lexicon)."""
    key = ("attribution", lex)
    cached = doc.cache.get(key)
    if cached is None:
        cached = _analyse(doc, lex)
        doc.cache[key] = cached
    return cached  # type: ignore[return-value]


def _analyse(doc: Document, lex: Lexicon) -> list[SentenceSourcing]:
    out: list[SentenceSourcing] = []
    for i, sentence in enumerate(doc.sentences):
        if sentence.heading:
            out.append(SentenceSourcing())
            continue
        toks = tokens(doc.text, sentence.start, sentence.end)
        attrs = list(_find_attributions(doc, toks, i, lex))
        named = any(a.status == "named" for a in attrs)
        if not named and any(a.status in ("pronoun", "anaphor") for a in attrs):
            named = _antecedent_named(doc, out, i)
        out.append(SentenceSourcing(attrs, named))
    return out


def _antecedent_named(doc: Document, done: list[SentenceSourcing], i: int) -> bool:
    """A pronoun source resolves when the sentence before names a source or a person."""
    if i == 0:
        return False
    prev = done[i - 1]
    if prev.resolved:
        return True
    sentence = doc.sentences[i - 1]
    return _has_proper_name(tokens(doc.text, sentence.start, sentence.end))


def _has_proper_name(toks: list[Token]) -> bool:
    """Two capitalised words in a row, not at the sentence start: 'Jane Ortiz', 'Global Times'."""
    words = [t for t in toks if t.is_word]
    for a, b in itertools.pairwise(words):
        if _capitalised(a) and _capitalised(b) and b.start - a.end <= 1:
            return True
    return False


def _capitalised(t: Token) -> bool:
    return t.text[0].isupper() and t.lower not in DEMONYMS and t.lower not in NON_NAMES


def continues_source(doc: Document, sourcing: list[SentenceSourcing], i: int) -> bool:
    """'He added ...', 'The comments ...': a sentence carried over from a sourced one before it."""
    if i == 0 or not sourcing[i - 1].resolved:
        return False
    sentence = doc.sentences[i]
    if doc.sentences[i - 1].paragraph != sentence.paragraph:
        return False
    words = [
        t.lower for t in tokens(doc.text, sentence.start, min(sentence.end, sentence.start + 60))
    ]
    words = [w for w in words if w.isalnum() or "'" in w or "’" in w]
    while words and words[0] in ("but", "and", "however", "still", "yet", "also"):
        words = words[1:]
    if not words:
        return False
    if words[0] in ("he", "she", "they"):
        return True
    return (
        len(words) > 1
        and words[0] in DEFINITE
        and lemma(words[1]) in {lemma(n) for n in _ANAPHOR_NOUNS}
    )


def _find_attributions(doc: Document, toks: list[Token], index: int, lex: Lexicon):
    text = doc.text
    sentence_has_quote = doc.quoted_chars(doc.sentences[index].start, doc.sentences[index].end) > 0
    n = len(toks)
    for k, tok in enumerate(toks):
        low = tok.lower
        if low == "according" and k + 1 < n and toks[k + 1].lower == "to":
            np = _forward_np(toks, k + 2)
            if not np:
                continue
            status = _classify(np, toks, lex)
            yield Attribution(
                tok.start,
                np[-1].end,
                _source_text(text, np),
                status,
                "secondhand"
                if _is_secondhand(np)
                else ("direct-quote" if sentence_has_quote else "paraphrase"),
                index,
            )
            continue
        speech = low in lex.speech_verbs
        inference = low in lex.inference_verbs
        if not (speech or inference) or not tok.text.islower():
            continue
        if low in _NOUN_LIKE_BASES:
            continue
        if k > 0 and (toks[k - 1].lower in _NOUN_MARKERS or toks[k - 1].lower == "to"):
            continue  # "the report", "an expected meeting": a noun or adjective, not a verb
        nxt = toks[k + 1].lower if k + 1 < n else ""
        if nxt in lex.speech_verbs or nxt in lex.inference_verbs:
            continue  # "reports indicate": the first word is the subject
        if doc.in_quote(tok.start, tok.end):
            continue
        subject = _backward_np(toks, k)
        if not subject and k > 0 and toks[k - 1].text in (",", "”", '"'):
            subject = _forward_np(toks, k + 1, inversion=True)
        if not subject:
            continue
        status = _classify(subject, toks, lex)
        if inference and status not in ("vague", "named") and not _is_source_like(subject, lex):
            continue
        if (
            inference
            and status == "named"
            and not _is_source_like(subject, lex)
            and not _has_proper(subject, toks)
        ):
            continue
        how = "direct-quote" if sentence_has_quote else "paraphrase"
        if low in ("report", "reports", "reported") or _is_secondhand(subject):
            how = "secondhand"
        start = min(subject[0].start, tok.start)
        end = max(subject[-1].end, tok.end)
        yield Attribution(start, end, _source_text(text, subject), status, how, index)


def _backward_np(toks: list[Token], k: int) -> list[Token]:
    """The subject before a verb: words back to a clause boundary, skipping auxiliaries/adverbs."""
    j = k - 1
    while j >= 0 and (
        toks[j].lower in _SKIP_WORDS or (toks[j].lower.endswith("ly") and toks[j].text.islower())
    ):
        j -= 1
    np: list[Token] = []
    while j >= 0 and len(np) < 10:
        t = toks[j]
        if not t.is_word:
            if t.text in ("’", "'") and np:
                j -= 1
                continue
            break
        if t.lower in _BOUNDARY_WORDS and not (t.lower == "and" and np and np[0].text[0].isupper()):
            break
        if t.lower in _PREPOSITIONS and np:
            break
        np.insert(0, t)
        j -= 1
    if np and np[-1].lower == "who":
        # "..., who said": the source is the phrase before the comma
        back = j
        while back >= 0 and not toks[back].is_word:
            back -= 1
        return _backward_np(toks, back + 1) if back >= 0 else []
    return np


def _forward_np(toks: list[Token], k: int, inversion: bool = False) -> list[Token]:
    np: list[Token] = []
    j = k
    while j < len(toks) and len(np) < 12:
        t = toks[j]
        if not t.is_word:
            if t.text == "." and np and len(np[-1].text) <= 3 and np[-1].text[0].isupper():
                j += 1
                continue  # "Dr." inside a name
            break
        if t.lower in _BOUNDARY_WORDS and t.lower != "and":
            break
        if inversion and t.lower in ("in", "on", "at") and np:
            break
        np.append(t)
        j += 1
    return np


def _proper_tokens(np: list[Token], toks: list[Token]) -> list[Token]:
    first_word = next((t for t in toks if t.is_word), None)
    out = []
    for i, t in enumerate(np):
        if not t.text[0].isupper() or t.lower in DEMONYMS or t.lower in NON_NAMES:
            continue
        if t.lower in PRONOUNS and len(np) == 1:
            continue
        if t is first_word or (first_word is not None and t.start == first_word.start):
            nxt = np[i + 1] if i + 1 < len(np) else None
            is_acronym = sum(c.isupper() for c in t.text) >= 2
            if not is_acronym and not (nxt is not None and nxt.text[0].isupper()):
                continue
        out.append(t)
    return out


def _has_proper(np: list[Token], toks: list[Token]) -> bool:
    return bool(_proper_tokens(np, toks))


def _classify(np: list[Token], toks: list[Token], lex: Lexicon) -> str:
    words = [t.lower for t in np]
    if len(words) == 1 and words[0] in PRONOUNS:
        return "pronoun"
    if _proper_tokens(np, toks):
        return "named"
    if any(w in NAMED_HEADS for w in words):
        return "named"
    for i, w in enumerate(words):
        if w in lex.vague_sources or lemma(w) in lex.vague_sources:
            if i > 0 and words[i - 1] in DEFINITE and words[0] not in QUANTIFIERS:
                return "anaphor"
            return "vague"
    if words[0] in QUANTIFIERS:
        return "vague"
    if words[0] in DEFINITE:
        return "named"  # "the company said": a source named earlier
    return "named"


def _is_source_like(np: list[Token], lex: Lexicon) -> bool:
    return any(
        t.lower in lex.vague_sources
        or lemma(t.lower) in lex.vague_sources
        or t.lower in DOCUMENT_NOUNS
        for t in np
    )


def _is_secondhand(np: list[Token]) -> bool:
    return any(
        t.lower in ("report", "reports", "media", "newspaper", "outlet", "outlets") for t in np
    )


def _source_text(text: str, np: list[Token]) -> str:
    return " ".join(text[np[0].start : np[-1].end].split())
