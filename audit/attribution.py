"""Who says so? Finds attributions in sentences and classifies their sources.

An attribution is a source plus a reporting verb ("Greer told CNBC", "analysts suggest"),
an inverted one ('..., said Jane Ortiz'), or "according to <source>". Each source is:

- named: a person, organisation, outlet or document a reader could check;
- vague: a generic, unnamed crowd or document ("analysts", "industry reports", "experts");
- pronoun/anaphor: "he", "the analysts": named when the sentence just before names a source.

The analysis is computed once per document and lexicon and shared by the rules that need it.
The word lists (`audit/sourcewords.py`) are the kind's defaults; rules can extend them.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import accumulate
from typing import NamedTuple, overload
from urllib.parse import urlsplit

from audit.document import Document
from audit.sourcewords import (
    AFTER_ADDED,
    AFTER_POSTED,
    ANAPHOR_NOUNS,
    ANONYMOUS,
    BEFORE_NOUNS,
    BOUNDARY_WORDS,
    CALL_KINDS,
    CALLED_OBJECTS,
    CITED,
    CLAUSE_BREAKS,
    CLAUSE_PREPOSITIONS,
    CLAUSE_VERBS,
    COLLECTIVE,
    CONTINUING,
    COPULAS,
    COUNTRIES,
    DEFAULT_VAGUE,
    DEFINITE,
    DEMONSTRATIVE,
    DEMONYMS,
    DETERMINERS,
    DOCUMENT_NOUNS,
    FAMILIAR,
    FRACTIONS,
    GOVERNING,
    INFERENCE_VERBS,
    INSTITUTIONAL,
    MENTAL,
    MISGIVINGS,
    MOST_ADJECTIVES,
    NAMED_HEADS,
    NEGATIONS,
    NON_NAMES,
    NOT_ROLES,
    NOUN_CAPABLE,
    NOUN_LIKE_BASES,
    NOUN_MARKERS,
    NUMBERS,
    OF,
    OFFICIAL_SERIES,
    ONE_DOCUMENT,
    PEOPLE,
    PERSONAL,
    PLACED,
    POLL_NOUNS,
    POSSESSIVE,
    PRESS_COMPOUNDS,
    PRONOUN_QUANTIFIERS,
    PRONOUNS,
    QUANTIFIERS,
    RELATIVE_HEADS,
    RELATIVES,
    ROLE_SUFFIXES,
    SAID,
    SECONDHAND,
    SENTENCE_ADVERBS,
    SHARES,
    SKIP_WORDS,
    SPECIFIC_DOCUMENTS,
    SPECIFYING,
    SPEECH_VERBS,
    STANCE,
    STREETS,
    TIME_DEICTIC,
    TIME_PERIODS,
    UNNAMED_MEDIA,
    UNNAMING,
    UNSPECIFIED,
    VOICING,
    WEEKDAYS,
    verb_forms,
)

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:['’&-]\w+)*|[^\w\s]")
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")


class Token(NamedTuple):
    text: str
    start: int
    end: int
    lower: str

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
    how: str  # direct-quote | paraphrase | secondhand | link
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

    @cached_property
    def triggers(self) -> frozenset[str]:
        """Words that can start an attribution: the verbs, "according" (to), and the verbs that
        are also nouns ("report", "state"), which count when "that" follows."""
        return (
            self.speech_verbs
            | self.inference_verbs
            | NOUN_LIKE_BASES
            | VOICING
            | STANCE
            | CITED
            | {"according", "per", "slip", "under", "saying", "based"}
        )


@lru_cache(maxsize=64)
def default_lexicon(
    extra_vague: tuple[str, ...] = (), extra_verbs: tuple[str, ...] = ()
) -> Lexicon:
    """The default lexicon, extended with a rule's own vague nouns and reporting verbs."""
    vague = {lemma(w) for w in DEFAULT_VAGUE | {w.lower() for w in extra_vague}}
    return Lexicon(
        vague_sources=frozenset(vague),
        speech_verbs=verb_forms(SPEECH_VERBS | {v.lower() for v in extra_verbs}),
        inference_verbs=verb_forms(INFERENCE_VERBS),
    )


def lemma(word: str) -> str:
    """A crude singular: analysts -> analyst, studies -> study."""
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


class Tokens(Sequence[Token]):
    """The tokens of a span. Each Token is made when first looked at: the analysis reads the
    neighbourhood of a reporting verb, and most words of a sentence are never looked at."""

    __slots__ = ("_made", "_offsets", "_parts", "_start", "_starts", "_words", "lowers")

    def __init__(self, text: str, start: int, end: int):
        self._parts = _TOKEN_SPLIT.split(text[start:end])  # gap, token, gap, token, ..., gap
        self._start = start
        self._words: list[str] = self._parts[1::2]
        self.lowers: list[str] = list(map(str.lower, self._words))
        self._made: list[Token | None] | None = None  # with the offsets, when first needed
        self._starts: list[int] | None = None  # token start offsets, for index_at

    def __len__(self) -> int:
        return len(self._words)

    def word(self, k: int) -> str:
        """The text of token k, without making the token."""
        return self._words[k]

    @overload
    def __getitem__(self, k: int) -> Token: ...
    @overload
    def __getitem__(self, k: slice) -> list[Token]: ...
    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self._words)))]
        if self._made is None:
            self._offsets = list(accumulate(map(len, self._parts), initial=self._start))
            self._made = [None] * len(self._words)
        tok = self._made[k]
        if tok is None:
            k %= len(self._words)
            tok = Token(self._words[k], self._offsets[2 * k + 1], self._offsets[2 * k + 2],
                        self.lowers[k])  # fmt: skip
            self._made[k] = tok
        return tok

    def index_at(self, start: int) -> int:
        """The position of the token starting at offset `start`."""
        if self._starts is None:  # once: a long sentence asks for many positions
            if self._made is None:
                self[0]  # computes the offsets
            self._starts = self._offsets[1::2]
        return bisect_left(self._starts, start)

    def __iter__(self) -> Iterator[Token]:
        return (self[k] for k in range(len(self._words)))


def tokens(text: str, start: int, end: int) -> Tokens:
    return Tokens(text, start, end)


def analyse(doc: Document, lex: Lexicon) -> list[SentenceSourcing]:
    """Sourcing of every sentence of `doc`: one of its analyses (`audit.analyses`), computed
    once per lexicon."""
    return doc.analyses.get(_analyse, doc, lex)


def _analyse(doc: Document, lex: Lexicon) -> list[SentenceSourcing]:
    out: list[SentenceSourcing] = []
    named_nouns: set[str] = set()  # words of named sources so far: "county fire officials"
    polled = False  # a named poll or survey so far
    for i, sentence in enumerate(doc.sentences):
        if sentence.heading:
            out.append(SentenceSourcing())
            continue
        toks = tokens(doc.text, sentence.start, sentence.end)
        attrs = [
            _linked(doc, _recall(a, named_nouns)) for a in _find_attributions(doc, toks, i, lex)
        ]
        attrs = _within_named(doc.text, attrs)
        attrs += _linked_sources(doc, sentence.start, sentence.end, i)
        if polled:  # "Majorities of voters say" in a story on a named poll: the poll's finding
            attrs = [_polled(a) for a in attrs]
        named = any(a.status == "named" for a in attrs)
        if not named and any(a.status == "anaphor" for a in attrs):
            # "the report", "the analysts": a source named before; "the authority said" after
            # "the National Examinations Authority" was introduced
            named = bool(named_nouns) or any(
                _introduced(doc.text, sentence.start, a) for a in attrs if a.status == "anaphor"
            )
        if not named and any(a.status == "pronoun" for a in attrs):
            named = _antecedent_named(doc, out, i)
        for a in attrs:
            if a.status == "named":
                named_nouns.update(a.source.lower().split())
                polled = polled or not POLL_NOUNS.isdisjoint(a.source.lower().split())
        out.append(SentenceSourcing(attrs, named))
    _name_forward(doc, out)
    return out


def _polled(a: Attribution) -> Attribution:
    """A share of a population ("Majorities of voters", "57% of Republicans") speaks for the
    poll the article has named."""
    words = a.source.lower().replace("%", " percent").split()
    if a.status != "vague" or not any(w in SHARES for w in words[:3]) or "of" not in words:
        return a
    return Attribution(a.start, a.end, a.source, "named", a.how, a.sentence)


def _name_forward(doc: Document, out: list[SentenceSourcing]) -> None:
    """A careful lead describes its source and names it next: "..., according to the longest
    amphibian survey in the region." / "The study, in the journal Wetland Biology Letters,
    ...". A sentence sourced only to one study or report is named when the next sentence opens
    on "The <study>" and names it."""
    for i in range(len(out) - 1):
        src = out[i]
        if src.resolved or not src.attributions:
            continue
        if not all(
            a.status in ("anaphor", "vague") and _one_document(a.source) for a in src.attributions
        ):
            continue
        nxt = doc.sentences[i + 1]
        if nxt.heading:
            continue
        head = tokens(doc.text, nxt.start, min(nxt.end, nxt.start + 40))
        words = [t.lower for t in head if t.is_word][:2]
        if len(words) < 2 or words[0] != "the" or words[1] not in ONE_DOCUMENT:
            continue
        if out[i + 1].resolved or _has_proper_name(tokens(doc.text, nxt.start, nxt.end)):
            named = [Attribution(a.start, a.end, a.source, "named", a.how, a.sentence)
                     for a in src.attributions]  # fmt: skip
            out[i] = SentenceSourcing(named, True)


def _one_document(source: str) -> bool:
    """'a new study', 'the longest continuous amphibian survey carried out in the region': one
    document, not a crowd of them ('studies', 'industry reports')."""
    words = source.lower().split()
    return words[0] in ("a", "an", "the", "one") and any(w in ONE_DOCUMENT for w in words[:7])


_CLAUSE_SPLIT = re.compile(r";|, and\b|\b(?:while|but|whereas|although|though|however)\b")


def _introduced(text: str, before: int, a: Attribution) -> bool:
    """The anaphor's noun appeared before as part of a name ("the Examinations Authority")."""
    head = a.source.split()[-1]
    title = head[:1].upper() + head[1:]
    at = text.find(title, 0, before)
    while at > 0:
        previous = text[max(0, at - 40) : at].rstrip().rsplit(None, 1)
        if previous and previous[-1][:1].isupper() and previous[-1][-1:].isalpha():
            return True  # "Examinations Authority", not ". Authority" at a sentence start
        at = text.find(title, at + 1, before)
    return False


def _within_named(text: str, attrs: list[Attribution]) -> list[Attribution]:
    """'The board said two people reported minor burns': a generic source reported inside a
    named source's words is theirs to vouch for (but not an anonymous one, nor one in a
    clause of its own: "..., while analysts suggest ...")."""
    named = [a.end for a in attrs if a.status == "named" and _vouches(a.source)]
    if not named:
        return attrs
    first = min(named)
    return [
        a
        for a in attrs
        if not (
            a.status == "vague"
            and a.start > first
            and not any(_head(w) in ANONYMOUS for w in a.source.lower().split())
            and not _CLAUSE_SPLIT.search(text, first, a.start)
        )
    ]


def _vouches(source: str) -> bool:
    """A source that can vouch for what it reports: a name or a document ("The board said",
    "the Hallbridge Courier reported"), not a bare role ("Developers have long complained")."""
    words = source.split()
    if len(words) == 1:  # "Veltrana said", "Whitcombe said"; not a plural role ("Developers")
        return words[0][:1].isupper() and not words[0].endswith("s")
    return (
        words[0].lower() in DEFINITE  # "the operator said": a source named before
        or any(w[:1].isupper() for w in words[1:])
        or any(w.lower() in DOCUMENT_NOUNS or w.lower() in NAMED_HEADS for w in words)
    )


def _linked_sources(doc: Document, start: int, end: int, index: int) -> list[Attribution]:
    """A link in the sentence names its source: the linked site."""
    out = []
    for s, e, url in doc.links:
        if start <= s < end:
            host = urlsplit(url).hostname or url
            out.append(Attribution(s, e, host.removeprefix("www."), "named", "link", index))
    return out


def _linked(doc: Document, a: Attribution) -> Attribution:
    """'according to a [state review](https://...)': a linked source is a named one."""
    if a.status != "named" and any(a.start <= s <= a.end + 3 for s, _, _ in doc.links):
        return Attribution(a.start, a.end, a.source, "named", a.how, a.sentence)
    return a


def _recall(a: Attribution, named_nouns: set[str]) -> Attribution:
    """A bare 'officials said' after 'county fire officials said' refers back to them; in
    the same number only: 'Polls suggest' after 'A Brennan College poll found' is other polls."""
    words = a.source.lower().split()
    if a.status == "vague" and len(words) == 1 and words[0] in named_nouns:
        return Attribution(a.start, a.end, a.source, "named", a.how, a.sentence)
    return a


def _antecedent_named(doc: Document, done: list[SentenceSourcing], i: int) -> bool:
    """A pronoun source resolves when the sentence before names a source or a person; a
    speaker's quoted sentences in between are passed over ("Achterberg said ... "The authority
    has said ..." / She added that ...")."""
    j = i - 1
    while j >= 0:
        if done[j].resolved:
            return True
        sentence = doc.sentences[j]
        if _has_proper_name(tokens(doc.text, sentence.start, sentence.end)):
            return True
        length = sentence.end - sentence.start
        if j < i - 3 or doc.quoted_chars(sentence.start, sentence.end) * 2 < length:
            return False
        j -= 1  # a quoted sentence: its speaker is named before it
    return False


def _has_proper_name(toks: Sequence[Token]) -> bool:
    """Two capitalised words in a row, not at the sentence start: 'Jane Ortiz', 'Global Times'."""
    words = [t for t in toks if t.is_word][1:]
    return any(
        _capitalised(a) and _capitalised(b) and b.start - a.end <= 1
        for a, b in itertools.pairwise(words)
    )


def _capitalised(t: Token) -> bool:
    return t.text[0].isupper() and t.lower not in DEMONYMS and t.lower not in NON_NAMES


def continues_source(doc: Document, sourcing: list[SentenceSourcing], i: int) -> bool:
    """'He added ...', 'The comments ...': a sentence carried over from a sourced one before it."""
    if i == 0 or not sourcing[i - 1].resolved:
        return False
    sentence = doc.sentences[i]
    if doc.sentences[i - 1].paragraph != sentence.paragraph:
        return False
    head = tokens(doc.text, sentence.start, min(sentence.end, sentence.start + 60))
    words = [t.lower for t in head if t.is_word]
    while words and words[0] in ("but", "and", "however", "still", "yet", "also"):
        words = words[1:]
    if not words:
        return False
    if words[0] in ("he", "she", "they"):
        return True
    return len(words) > 1 and words[0] in DEFINITE and words[1] in ANAPHOR_NOUNS


def _document_source(
    text: str, opener: Token, np: list[Token], status: str, index: int
) -> Attribution:
    """A text the sentence rests on, from the word that introduces it to the end of its noun
    phrase: "Under party rules", "based its decision on a trial", "described in the paper"."""
    source = _source_text(text, np)
    return Attribution(opener.start, np[-1].end, source, status, "paraphrase", index)


def _find_attributions(doc: Document, toks: Tokens, index: int, lex: Lexicon):
    triggers = [k for k, w in enumerate(toks.lowers) if w in lex.triggers]
    if not triggers:
        return  # only "according to" and reporting verbs start an attribution
    text = doc.text
    sentence = doc.sentences[index]
    quoted = doc.quoted_chars(sentence.start, sentence.end) > 0
    n = len(toks)
    lowers = toks.lowers
    for k in triggers:
        low = lowers[k]
        prev = lowers[k - 1] if k > 0 else ""
        nxt = lowers[k + 1] if k + 1 < n else ""
        if (low == "according" and nxt == "to") or (low == "per" and prev == "as"):
            opener = k - 1 if low == "per" else k  # "as per sources in the department"
            tok = toks[opener]
            np = _forward_np(toks, opener + 2)
            status = _classify(np, toks, lex) if np else None
            if status is not None:
                how = "secondhand" if _is_secondhand(np) else _how(quoted)
                yield Attribution(tok.start, np[-1].end, _source_text(text, np), status, how, index)
            continue
        if low == "under" and nxt not in ("way", "pressure", "fire", "threat", "scrutiny"):
            np = _forward_np(toks, k + 1)  # "Under party rules, a vote is triggered when ..."
            if np and _head(np[-1].lower) in GOVERNING:
                yield _document_source(text, toks[k], np, "named", index)
            continue
        if low == "saying" and prev == "as" and k > 2 and lowers[k - 2] == "quoted":
            j = k - 3 if lowers[k - 3] in COPULAS else k - 2  # "X was quoted as saying"
            np = _backward_np(toks, j, lex.vague_sources)
            status = _classify(np, toks, lex) if np else None
            if status is not None:
                tok = toks[k]
                yield Attribution(
                    np[0].start, tok.end, _source_text(text, np), status, "paraphrase", index
                )
            continue
        if low == "based" and "on" in lowers[k + 1 : k + 5]:
            on = k + 1 + lowers[k + 1 : k + 5].index("on")  # "based its decision on a trial"
            np = _forward_np(toks, on + 1)
            if np and _is_document(np):
                yield _document_source(text, toks[k], np, "named", index)
            continue
        if low in CITED and nxt == "in":  # "in laboratory tests described in the paper, ..."
            np = _forward_np(toks, k + 2)
            status = _classify(np, toks, lex) if _is_document(np) else None
            if status is not None:
                yield _document_source(text, toks[k], np, status, index)
                continue
        # "commentators raised concerns that ...": a claim (but "raised concerns about traffic"
        # at a hearing is an event)
        voiced = low in VOICING and nxt in MISGIVINGS and k + 2 < n and lowers[k + 2] == "that"
        # "analysts report that": a verb that is also a noun ("its annual report that") speaks
        # after a plural subject and before "that"
        noun_like = (
            low in NOUN_LIKE_BASES
            and k > 0
            and (prev.endswith("s") or prev in ("they", "we"))
            # "analysts report that", "..., the authors report."
            and (nxt == "that" or (nxt in (".", ";", "") and lowers[k - 2 : k - 1] == ["the"]))
        )
        # "reporters are adamant that", "many are convinced the marriage is over"
        be_before = prev in COPULAS or (prev.endswith("ly") and k > 1 and lowers[k - 2] in COPULAS)
        stance = low in STANCE and be_before and (low == "convinced" or nxt == "that")
        # "a pal of the pair let slip that": a phrase whose subject comes before "let"
        slipped = low == "slip" and prev == "let" and nxt == "that"
        stance = stance or slipped
        # "murmurs from the boardroom point to a compromise": the base form, before "to"
        pointing = low == "point" and nxt == "to" and prev not in NOUN_MARKERS
        speech = low in lex.speech_verbs or noun_like or voiced or stance
        inference = low in lex.inference_verbs or pointing
        if not (speech or inference) or not toks.word(k).islower():
            continue
        pronoun_subject = prev in PRONOUN_QUANTIFIERS and not low.endswith("s")  # "many fear"
        # "have continued to lament": the verb is the lament, its subject before "continued"
        continuing = prev == "to" and k > 1 and lowers[k - 2] in CONTINUING
        if (prev in NOUN_MARKERS and not pronoun_subject) or (prev == "to" and not continuing):
            continue  # "the report", "an expected meeting": a noun or adjective, not a verb
        if low == "think" and nxt in ("tank", "tanks"):
            continue  # "an independent think tank"
        if low in ("call", "calls") and prev in CALL_KINDS:
            continue  # "told analysts on the earnings call that ...": a meeting, not a calling
        if low in NOUN_CAPABLE and nxt in ("from", "of"):
            continue  # "an uncertainty note from the auditor", "fears of a strike": a noun
        if prev in BEFORE_NOUNS:
            continue  # "living in fear", "there's little doubt": a noun after a preposition
        if low in MISGIVINGS and any(w.startswith("rais") for w in lowers[max(k - 3, 0) : k]):
            continue  # "raises serious questions about": the questions are a thing raised
        if (
            (low in NOUN_CAPABLE or noun_like)
            and k > 1
            and lowers[k - 2] in NOUN_MARKERS
            # "documents filed in the case show": "the case" ends the subject, "show" is its verb
            and not (k > 2 and lowers[k - 3] in OF and lowers[k - 2] == "the")
            and (
                _adjective_like(toks[k - 1], lex)
                # "a research note" (a singular subject would take "notes": "a report claims")
                or (lowers[k - 2] in ("a", "an") and not prev.endswith("s") and low[-1] != "s")
            )
        ):
            continue  # "a formal note", "the quarterly report", "a research note"
        # "are calling", "are already calling": a verb, not a modifier ("a red flag warning")
        be = prev in COPULAS or (prev in SKIP_WORDS and k > 1 and lowers[k - 2] in COPULAS)
        if low.startswith("call") and nxt not in CALLED_OBJECTS and not (be and low == "calling"):
            continue  # "a drug called zentoramab", "called for a strike": naming, asking
        if low.startswith(("feel", "felt")) and nxt != "that" and not _clause_after(lowers, k):
            continue  # "residents feel abandoned": a feeling; "many feel (that) the system is"
        if low.startswith("paint") and "picture" not in lowers[k + 1 : k + 5]:
            continue  # "painted a grim picture": an account given; "painted the bridge"
        if low.startswith("explain") and (
            prev in ("cannot", "not") or prev.endswith(("n't", "n’t"))
        ):
            continue  # "the shortage alone cannot explain a two-year slip": no one explains
        if low in MENTAL and nxt == "it" and k + 2 < n and lowers[k + 2] in (".", "!", ""):
            continue  # "..., and the board knows it.": a rhetorical tag, not a source
        if low in MENTAL and nxt in ("about", "of") and not low.startswith(("worr", "fear")):
            continue  # "how people think about sleep": not a claim pinned on anyone
        if low in ("seen", "recorded", "run", "built") and prev == "ever":
            continue  # "the fastest ever seen on the course": a record, not a witness
        if low == "seen" and prev in ("has", "have", "had") and nxt != "that":
            continue  # "the worst outbreak the region has seen": lived through, not said
        if low.startswith("add") and nxt not in AFTER_ADDED:
            continue  # "adds another layer": adding a thing, not saying one
        if low.startswith("post") and nxt not in AFTER_POSTED:
            continue  # "Veltrix posted quarterly revenue of $8.1 billion": results, not words
        if nxt in lex.speech_verbs or nxt in lex.inference_verbs:
            continue  # "reports indicate": the first word is the subject
        counted = (
            prev in QUANTIFIERS
            or (prev.isdigit() and k > 1 and lowers[k - 2] != "/")
            # "which operates two brine projects"
            or (k > 1 and lowers[k - 2] in NUMBERS and toks.word(k - 1).islower())
        )
        if low.endswith("s") and counted:
            continue  # "his first two projects", "12 reports": a counted noun ("2024/25 shows")
        ing = low.endswith("ing")
        if nxt == "to" and low.startswith("add"):
            continue  # "investors added to bets": not reporting
        if (low.endswith("ed") or low in ("seen", "shown", "written", "known")) and nxt == "by":
            continue  # "an update posted by the agency": the source follows "by"
        # "a red flag warning": a noun; "traders are betting", "analysts warning"; before "that",
        # a verb when its subject is a source ("insiders at the club hinting that")
        ing_noun = ing and not (be or prev.endswith("s") or prev == ",")
        tok = toks[k]
        if doc.in_quote(tok.start, tok.end):
            continue
        at = k - 2 if continuing else k
        if stance:  # "reporters are adamant that", "doctors are increasingly convinced"
            at = k - 1 if prev in COPULAS else k - 2
        subject = _subject(toks, at, lex.vague_sources)
        # "a study showing", "a red flag warning": a noun or a modifier; but "with many
        # insisting", "with whispers from the club suggesting": the source's own clause
        modifier = ing and ((ing_noun and nxt != "that") or inference)
        if modifier and not (subject and _after_with(toks, subject) and _sayer(subject, lex)):
            continue
        if not subject or (ing_noun and not _sayer(subject, lex)):
            continue
        if low.startswith(("know", "knew")) and subject[-1].lower in ("everyone", "everybody"):
            continue  # "Everyone knows X is a bubble": the writer's claim, not a source's
        if (
            len(subject) == 2
            and subject[0].lower in ("most", "least", "more", "less")
            and not subject[1].lower.endswith("s")
            and low.endswith("s")
        ):
            continue  # "the most undervalued projects in the market": a noun, no subject
        if _counted(subject):
            continue  # "Two in five voters say", "40% of firms expect": a survey result, unsourced
        if _before(toks, subject) == "than":
            continue  # "faster than anyone predicted": a comparison, not a source
        if stance and toks[max(_index(toks, subject[0]) - 1, 0)].lower == "not":
            continue  # "Not every expert is convinced that ...": a lead-in to a named view
        status = _classify(subject, toks, lex)
        if status is None:
            continue
        if low.startswith(("feel", "felt")) and status != "vague":
            continue  # "the government felt it had no choice": the writer reading minds
        if inference and not (
            _is_source_like(subject, lex)
            or _proper_tokens(subject, toks)
            or _role(subject)
            or any(t.lower in NAMED_HEADS for t in subject)  # "the board found"
        ):
            continue  # "this shows" is no source; "inspectors found" is
        if low in MENTAL and prev in NEGATIONS and not _is_source_like(subject, lex):
            continue  # "customers will never see their money": a claim about them, not theirs
        how = _how(quoted)
        if low in ("reports", "reported") or _is_secondhand(subject):
            how = "secondhand"
        start = min(subject[0].start, tok.start)
        end = max(subject[-1].end, tok.end)
        yield Attribution(start, end, _source_text(text, subject), status, how, index)


def _counted(subject: list[Token]) -> bool:
    """The subject is a share of people: "two in five voters", "40% of firms", "half of
    Americans" (a poll's finding, not a source)."""
    words = [t.lower for t in subject[:4]]
    if len(words) >= 3 and words[0] in FRACTIONS and words[1] in ("in", "out"):
        return True
    if words and words[0][:1].isdigit() and "%" in [t.text for t in subject[:3]]:
        return True
    return len(words) >= 2 and words[0] in FRACTIONS and words[1] == "of"


def _role(subject: list[Token]) -> bool:
    """A plural role noun ("inspectors", "investigators", "auditors"): a body at work."""
    last = subject[-1].lower
    return len(subject) == 1 and last.endswith(("ors", "ers", "ists")) and last not in NOT_ROLES


def _vague_head(subject: list[Token], vague: frozenset[str]) -> bool:
    return any(_head(t.lower) in vague for t in subject)


def _sayer(subject: list[Token], lex: Lexicon) -> bool:
    """A source noun, or a pronoun for people ("with one branding the display spineless")."""
    return _is_source_like(subject, lex) or (len(subject) == 1 and subject[0].lower in PEOPLE)


def _after_with(toks: Sequence[Token], subject: list[Token]) -> bool:
    """The subject opens a 'with' clause: "..., with many insisting the star was set up"."""
    return _before(toks, subject) == "with"


def _before(toks: Sequence[Token], subject: list[Token]) -> str:
    """The word before the subject (lower-case; "" at the sentence start)."""
    i = _index(toks, subject[0])
    return toks[i - 1].lower if i > 0 else ""


def _adjective_like(t: Token, lex: Lexicon) -> bool:
    """A lowercase modifier that is not itself a source noun ('formal', not 'analysts')."""
    low = t.lower
    return (
        t.text.islower()
        and t.is_word
        and lemma(low) not in lex.vague_sources
        and low not in DOCUMENT_NOUNS
        and low not in NAMED_HEADS  # "the ministry estimates": a subject and its verb
        and not low.endswith("s")
    )


def _how(quoted: bool) -> str:
    return "direct-quote" if quoted else "paraphrase"


def _subject(toks: Sequence[Token], k: int, vague: frozenset[str]) -> list[Token]:
    """The source of the verb at k: before it, past an appositive, or after it (inverted)."""
    k = _before_time(toks, k)  # "A Post/ABC poll last month found": the poll found
    subject = _backward_np(toks, k, vague)
    if subject:
        return _relative_head(toks, subject, vague) or subject
    while k > 0 and toks[k - 1].lower in SKIP_WORDS:
        k -= 1  # "the planning officer, Graham Dunsire, had recommended": past the auxiliary
    before = toks[k - 1].text if k > 0 else ""
    if before == ",":
        # "Dr. Renata Voss, an audiologist at X, said": skip back over the appositive.
        j = k - 2
        while j >= 0 and (toks[j].text != "," or _inside_number(toks, j)):
            j -= 1  # "The survey, which polled 3,150 workers, found": not the comma in 3,150
        if j > 0:
            subject = _backward_np(toks, j, vague)
            relative = toks[j + 1].lower in RELATIVES  # "Neighbours in X, where ..., say"
            specified = toks[j + 1].lower in SPECIFYING  # "its filing, published Aug. 7, shows"
            if subject and (
                _proper_tokens(subject, toks)
                or (relative and _vague_head(subject, vague))
                or (specified and _is_document(subject))
            ):
                return subject  # "Dr. Renata Voss, an audiologist at X, said"
            surname = len(subject) == 1 and subject[0].text[0].isupper() and j == 1
            if surname and subject[0].lower not in SENTENCE_ADVERBS:
                return subject  # "Delgado, for her part, told reporters": a surname
            name = toks[j + 1 : k - 1]  # "the council's highways officer, Peter Ngata, told"
            if subject and 2 <= len(name) <= 4 and all(t.text[0].isupper() for t in name):
                return subject + name
    if before in (",", "”", '"', "’"):
        # '"...," said Jane Ortiz.'  /  ', says the ministry.'
        subject = _forward_np(toks, k + 1, inversion=True)
        end = k + 1 + len(subject)
        closes = end >= len(toks) or not toks[end].is_word
        starts = subject and (subject[0].text[0].isupper() or subject[0].lower in DETERMINERS)
        if starts and closes and len(subject) <= 6:
            return subject
    return []


def _before_time(toks: Sequence[Token], k: int) -> int:
    """Where a time phrase just before the verb at k starts ("last month", "on Friday")."""
    if k < 2:
        return k
    first, second = toks[k - 2].lower, toks[k - 1].lower
    if (first in TIME_DEICTIC and second in TIME_PERIODS) or (first == "on" and second in WEEKDAYS):
        return k - 2
    return k


def _inside_number(toks: Sequence[Token], j: int) -> bool:
    return 0 < j < len(toks) - 1 and toks[j - 1].text.isdigit() and toks[j + 1].text.isdigit()


def _relative_head(toks: Sequence[Token], np: list[Token], vague: frozenset[str]) -> list[Token]:
    """'People who follow the canal closely expect', 'those tracking the market say': the verb's
    source is the phrase before the relative clause, not the clause's object."""
    if len(np) == 1 and np[0].lower in PRONOUNS:
        return []  # "people working part-time because they could not find": they act
    start = _index(toks, np[0])
    for i in range(start - 1, max(start - 7, -1), -1):
        t = toks[i]
        if not t.is_word or t.lower in CLAUSE_BREAKS:
            return []
        if t.lower == "who" and i > 0:
            head = _head(toks[i - 1].lower)
            if head in vague or head in RELATIVE_HEADS:
                return _backward_np(toks, i, vague)
        if t.lower in RELATIVE_HEADS and i + 1 < start and toks[i + 1].lower.endswith("ing"):
            return _backward_np(toks, i + 1, vague)  # "those tracking the industry"
    return []


def _index(toks: Sequence[Token], tok: Token) -> int:
    """Position of a token of `toks` (by its offset)."""
    if isinstance(toks, Tokens):
        return toks.index_at(tok.start)
    return next(i for i, t in enumerate(toks) if t.start == tok.start)


def _backward_np(toks: Sequence[Token], k: int, vague: frozenset[str]) -> list[Token]:
    """The subject before a verb: words back to a clause boundary, skipping auxiliaries/adverbs."""
    j = k - 1
    while j >= 0 and (
        toks[j].lower in SKIP_WORDS or (toks[j].lower.endswith("ly") and toks[j].text.islower())
    ):
        j -= 1
    if j >= 0 and toks[j].lower in COPULAS:
        if not toks[k].lower.endswith("ing"):
            return []  # "is expected", "was seen as": a passive, no one named as the source
        j -= 1  # "traders are betting": the subject is before the auxiliary
        while j >= 0 and toks[j].lower in SKIP_WORDS:
            j -= 1
    np: list[Token] = []
    while j >= 0 and len(np) < 10:
        t = toks[j]
        if not t.is_word:
            if t.text in ("’", "'", "+") and np:
                j -= 1
                continue  # "the companies' filing", "a Lumora+ spokesperson"
            if t.text == "." and j > 0 and len(toks[j - 1].text) <= 3 and np:
                j -= 1
                continue  # "Dr. Smith"
            if t.text in "/,." and np and np[0].text[0].isdigit() and toks[j - 1].text.isdigit():
                j -= 1
                continue  # "the annual report for 2024/25 shows"
            if t.text == ")" and (opening := _opening_bracket(toks, j)) is not None:
                j = opening - 1
                continue  # "The Dockworkers' Union (HDU) said"
            break
        # "and" joins a name ("the coffee and cocoa association", "Smith and Jones") unless
        # the phrase so far is already a generic source ("prices rose and analysts said")
        joins_name = t.lower == "and" and np and not any(lemma(w.lower) in vague for w in np)
        if t.lower in BOUNDARY_WORDS and not joins_name:
            break
        # a preposition ends the phrase, but "the annual report for 2024/25 shows": a date
        dated = np and all(x.text[0].isdigit() for x in np)
        if t.lower in CLAUSE_PREPOSITIONS and np and not _post_modifier(toks, j) and not dated:
            break
        if t.lower in CLAUSE_VERBS or (t.lower in SKIP_WORDS and np) or t.lower in SAID:
            break  # "Halloran said business owners had told him": the subject starts after "said"
        if t.lower in PERSONAL and not np:
            return []  # "the way we think": the writer or the reader, not a source
        np.insert(0, t)
        j -= 1
        before = toks[j].lower if j >= 0 else ""
        if (
            t.lower in DETERMINERS
            and t.lower not in ("other", "others")
            and not (t.lower == "most" and np[1:2] and np[1].lower in MOST_ADJECTIVES)
            and before not in OF
            and not (j >= 0 and _post_modifier(toks, j))
        ):
            break  # a noun phrase starts at its determiner ("experts at the X": go on)
    if np and j >= 0 and toks[j].lower == "the" and np[0].lower in NUMBERS:
        np.insert(0, toks[j])  # "the two carriers said": definite, named before
    if np and np[-1].lower == "who":
        back = j
        while back >= 0 and not toks[back].is_word:
            back -= 1
        return _backward_np(toks, back + 1, vague) if back >= 0 else []
    return np


def _opening_bracket(toks: Sequence[Token], j: int) -> int | None:
    """Where the short parenthesis closing at j opens ("(HDU)", "(Independent, Millbrook
    East)"), if it does within 8 tokens."""
    for i in range(j - 1, max(j - 9, 0), -1):
        if toks[i].text == "(":
            return i
        if not toks[i].is_word and toks[i].text not in (",", "-", "&"):
            return None
    return None


def _post_modifier(toks: Sequence[Token], j: int) -> bool:
    """'familiar with', 'close to', 'briefed on', 'with direct knowledge of': part of an
    anonymous source's description."""
    low = toks[j].lower
    if low == "with" and any(t.lower == "knowledge" for t in toks[j + 1 : j + 3]):
        return True  # "a person with direct knowledge of the discussions"
    if low == "with" and j > 0 and toks[j - 1].lower in ("filing", "filings", "submission"):
        return True  # "its quarterly filing with securities regulators"
    return j > 0 and low in ("with", "to", "on", "in") and toks[j - 1].lower in FAMILIAR


def _forward_np(toks: Sequence[Token], k: int, inversion: bool = False) -> list[Token]:
    np: list[Token] = []
    j = k
    while j < len(toks) and len(np) < 12:
        t = toks[j]
        if not t.is_word:
            if t.text == "." and np and len(np[-1].text) <= 3 and np[-1].text[0].isupper():
                j += 1
                continue  # "Dr." inside a name
            if t.text == "," and not inversion and _appositive_name(toks, j + 1):
                j += 1
                continue  # "according to its chief executive, Ingrid Halden"
            if t.text == "," and np and _inside_number(toks, j):
                j += 1
                continue  # "18,000 adults"
            if t.text in ("’", "'") and np and np[-1].lower.endswith("s"):
                j += 1
                continue  # "figures in the companies' joint filing"
            break
        more_than = t.lower == "than" and np and np[-1].lower in ("more", "less", "fewer")
        if t.lower in BOUNDARY_WORDS and t.lower != "and" and not more_than:
            break
        if inversion and t.lower in ("in", "on", "at") and np:
            break
        np.append(t)
        j += 1
    return np


def _appositive_name(toks: Sequence[Token], j: int) -> bool:
    """Two capitalised words after a comma, then the end or punctuation."""
    words = toks[j : j + 3]
    return (
        len(words) >= 2
        and all(t.is_word and t.text[0].isupper() for t in words[:2])
        and (len(words) == 2 or not words[2].is_word)
    )


def _proper_tokens(np: list[Token], toks: Sequence[Token]) -> list[Token]:
    first_word = next((t for t in toks if t.is_word), None)
    out = []
    place = False  # "analysts at investment houses in Lagos": "in" and a bare name, a place
    for i, t in enumerate(np):
        after_in = i > 0 and np[i - 1].lower == "in" and t.lower != "the"
        place = (place and t.text[0].isupper()) or after_in or _street_at(np, i)
        if place or not t.text[0].isupper() or t.lower in DEMONYMS or t.lower in NON_NAMES:
            continue
        if t.lower in QUANTIFIERS:
            continue  # "One European importer": a count, not a name
        if t.lower in COUNTRIES and len(np) > 1:
            continue  # "reports in Norway" ("Norway said": the country as a government)
        if t.lower in PRONOUNS and len(np) == 1:
            continue
        if first_word is not None and t.start == first_word.start:
            nxt = np[i + 1] if i + 1 < len(np) else None
            is_acronym = sum(c.isupper() for c in t.text) >= 2
            if not is_acronym and not (nxt is not None and nxt.text[0].isupper()):
                continue
        out.append(t)
    return out


def _clause_after(lowers: list[str], k: int) -> bool:
    """A finite verb soon after word k: "feel the whole system has been broken" is a clause."""
    return any(w in CLAUSE_VERBS or w in ("has", "have", "had") for w in lowers[k + 2 : k + 8])


def _street_at(np: list[Token], i: int) -> bool:
    """'shopkeepers on Market Street', 'traders at Granary Road': a street is a place, not a
    source ("commentators on Sky Sports" name a channel)."""
    before = np[i - 2].lower if i > 1 and np[i - 1].lower == "the" else np[i - 1].lower if i else ""
    if before not in ("on", "at", "along") or not np[i].text[0].isupper():
        return False  # "on Market Street", "on the Linden Avenue group chat"
    j = i
    while j + 1 < len(np) and np[j + 1].text[:1].isupper():
        j += 1
    return np[j].lower in STREETS


def _classify(np: list[Token], toks: Sequence[Token], lex: Lexicon) -> str | None:
    """named | vague | pronoun | anaphor, or None when the phrase is not a source at all."""
    words = [t.lower for t in np]
    if len(words) == 1 and words[0] in PRONOUNS:
        return "pronoun"
    if any(
        w in ("media", "press")
        and (i == 0 or words[i - 1] in UNNAMED_MEDIA)
        and (words[i + 1] if i + 1 < len(words) else "") not in PRESS_COMPOUNDS
        for i, w in enumerate(words)
    ):
        return "vague"  # "local media", "media reports", "the local press": no outlet named
    if UNSPECIFIED.intersection(words) or " ".join(words) in COLLECTIVE:
        return "vague"  # "relevant departments", "the authorities concerned", "Wall Street"
    if any(w in FAMILIAR and nxt in ("with", "to", "on") for w, nxt in itertools.pairwise(words)):
        return "vague"  # "people familiar with the plans", "figures close to the board"
    if "knowledge" in words and words[0] in QUANTIFIERS:
        return "vague"  # "a person with direct knowledge of the discussions"
    proper = _proper_tokens(np, toks)
    anonymous = next((t for t in np if _head(t.lower) in ANONYMOUS), None)
    if anonymous is not None and not any(t.start < anonymous.start for t in proper):
        return "vague"  # "insiders at the Bellfield Road club": a name, but no one named
    if proper or any(w in NAMED_HEADS for w in words):
        return "named"
    if any(lemma(w) in SPECIFIC_DOCUMENTS for w in words[1:]):
        return "named"  # "figures in the companies' joint filing": the filing is checkable
    if any(w in OFFICIAL_SERIES for w in words) or (
        "official" in words[:-1] and words[-1] in ("statistics", "figures", "data", "records")
    ):
        return "named"  # "census data", "official league statistics": a public record
    for w in words:
        if w in POSSESSIVE or w.endswith(("'s", "’s", "s'", "s’")):
            return "named"  # "its chief executive", "the club's annual reports": an owner
        if w in SPECIFYING:
            return "named"  # "a staff report presented at the meeting": a specific document
    for i, w in enumerate(words):
        if _head(w) in lex.vague_sources:
            if lemma(w) in INSTITUTIONAL and i > 0 and _is_modifier_noun(words[i - 1]):
                return "named"  # "county fire officials", "the port authority": an institution's
            definite = i > 0 and DEFINITE.intersection((words[i - 1], words[0]))
            if definite and words[0] not in QUANTIFIERS:
                return "anaphor"  # "the analysts", "the preliminary findings": named before
            return "vague"
    if any(w in SPECIFIC_DOCUMENTS for w in words):
        return "named"  # "a statement from the airline", "a regulatory filing": checkable
    if words[0] in QUANTIFIERS:
        # "a spokesman", "several voters" are unnamed people; "a law called", "a process
        # known as", "a stake in" name no one at all
        people = words[0] in PEOPLE and words[1:2] != [] and words[1] in PLACED  # "few at X"
        return "vague" if people or _person_noun(words[-1]) else None
    if words[0] in RELATIVE_HEADS:
        return "vague"  # "those who trade power say", "people close to the talks"
    if words[0] in DEMONSTRATIVE:
        return None  # "this development adds": a thing, not a source
    if words[0] in DEFINITE:
        return "named"  # "the company said": a source named earlier
    if words[-1].endswith(ROLE_SUFFIXES) and words[-1] not in NOT_ROLES:
        return "named"  # "prosecutors said", "investigators found"
    if len(np) == 1 and np[0].text[0].isupper():
        return "named"  # "Whitcombe said": a surname at the start of a sentence
    return None


def _person_noun(word: str) -> bool:
    """A noun for people by its ending ("voter", "advocates", "strategist"), or a pronoun."""
    return (word.endswith(ROLE_SUFFIXES) and word not in NOT_ROLES) or word in PEOPLE


def _is_modifier_noun(word: str) -> bool:
    """A noun naming an institution before 'officials' ('fire', 'health', 'U.S.'), not 'senior'."""
    return word not in DETERMINERS and word not in UNNAMING and not word.endswith(("ly", "ed"))


def _is_source_like(np: list[Token], lex: Lexicon) -> bool:
    return any(_head(t.lower) in lex.vague_sources or t.lower in DOCUMENT_NOUNS for t in np)


def _head(word: str) -> str:
    """The lemma of a word's last part: "grid-watchers" -> "watcher"."""
    return lemma(word.rsplit("-", 1)[-1])


def _is_document(np: list[Token]) -> bool:
    return any(t.lower in DOCUMENT_NOUNS for t in np)


def _is_secondhand(np: list[Token]) -> bool:
    return any(t.lower in SECONDHAND for t in np)


def _source_text(text: str, np: list[Token]) -> str:
    return " ".join(text[np[0].start : np[-1].end].split())
