"""Who says so? Finds the attributions of a document's sentences and resolves their sources.

An attribution is a source plus a reporting verb ("Greer told CNBC", "analysts suggest"),
an inverted one ('..., said Jane Ortiz'), or "according to <source>". Each source is:

- named: a person, organisation, outlet or document a reader could check;
- vague: a generic, unnamed crowd or document ("analysts", "industry reports", "experts");
- pronoun/anaphor: "he", "the analysts": named when the sentence just before names a source.

`audit.sourcing` reads one sentence; this module reads the document: a pronoun or "the
report" is named by what came before, a link or a named poll names a source, a lead's study
is named in the next sentence. The analysis is computed once per document and lexicon and
shared by the rules that need it. The word lists (`audit/data/`, read by `audit.sourcewords`)
are the defaults; rules can extend them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from audit.document import Document
from audit.sourcewords import (
    ANAPHOR_NOUNS,
    ANONYMOUS,
    CARRY_OPENERS,
    CARRY_PRONOUNS,
    CLAUSE_OPENERS,
    DEFINITE,
    DEMONYMS,
    DOCUMENT_NOUNS,
    NAMED_HEADS,
    NON_NAMES,
    ONE_DOCUMENT,
    POLL_NOUNS,
    SHARES,
    SINGLE,
)
from audit.sourcing.model import (
    Attribution,
    How,
    Lexicon,
    SentenceSourcing,
    Status,
    default_lexicon,
    head,
)
from audit.sourcing.openers import find_attributions
from audit.sourcing.tokens import Token, tokens

__all__ = [  # what other modules use; the parser's parts are in `audit.sourcing`
    "DEMONYMS",
    "DOCUMENT_NOUNS",
    "NON_NAMES",
    "Attribution",
    "How",
    "Lexicon",
    "SentenceSourcing",
    "Status",
    "analyse",
    "continues_source",
    "default_lexicon",
]


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
            _linked(doc, _recall(a, named_nouns)) for a in find_attributions(doc, toks, i, lex)
        ]
        attrs = _within_named(doc.text, attrs)
        attrs += _linked_sources(doc, sentence.start, sentence.end, i)
        attrs += _cited_references(doc.text, sentence.start, sentence.end, i)
        if polled:  # "Majorities of voters say" in a story on a named poll: the poll's finding
            attrs = [_polled(a) for a in attrs]
        named = any(a.status == Status.NAMED for a in attrs)
        if not named and any(a.status == Status.ANAPHOR for a in attrs):
            # "the report", "the analysts": a source named before; "the authority said" after
            # "the National Examinations Authority" was introduced
            named = bool(named_nouns) or any(
                _introduced(doc.text, sentence.start, a)
                for a in attrs
                if a.status == Status.ANAPHOR
            )
        if not named and any(a.status == Status.PRONOUN for a in attrs):
            named = _antecedent_named(doc, out, i)
        for a in attrs:
            if a.status == Status.NAMED:
                named_nouns.update(a.source.lower().split())
                polled = polled or not POLL_NOUNS.isdisjoint(a.source.lower().split())
        out.append(SentenceSourcing(attrs, named))
    _name_forward(doc, out)
    return out


def _polled(a: Attribution) -> Attribution:
    """A share of a population ("Majorities of voters", "57% of Republicans") speaks for the
    poll the article has named."""
    words = a.source.lower().replace("%", " percent").split()
    if a.status != Status.VAGUE or not any(w in SHARES for w in words[:3]) or "of" not in words:
        return a
    return a.named()


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
            a.status in (Status.ANAPHOR, Status.VAGUE) and _one_document(a.source)
            for a in src.attributions
        ):
            continue
        nxt = doc.sentences[i + 1]
        if nxt.heading:
            continue
        opening = tokens(doc.text, nxt.start, min(nxt.end, nxt.start + 40))
        words = [t.lower for t in opening if t.is_word][:2]
        if len(words) < 2 or words[0] != "the" or words[1] not in ONE_DOCUMENT:
            continue
        if out[i + 1].resolved or _has_proper_name(tokens(doc.text, nxt.start, nxt.end)):
            named = [a.named() for a in src.attributions]
            out[i] = SentenceSourcing(named, True)


def _one_document(source: str) -> bool:
    """'a new study', 'the longest continuous amphibian survey carried out in the region': one
    document, not a crowd of them ('studies', 'industry reports')."""
    words = source.lower().split()
    return words[0] in SINGLE and any(w in ONE_DOCUMENT for w in words[:7])


_CLAUSE_SPLIT = re.compile(r";|, and\b|\b(?:" + "|".join(CLAUSE_OPENERS) + r")\b")


def _introduced(text: str, before: int, a: Attribution) -> bool:
    """The anaphor's noun appeared before as part of a name ("the Examinations Authority")."""
    noun = a.source.split()[-1]
    title = noun[:1].upper() + noun[1:]
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
    named = [a.end for a in attrs if a.status == Status.NAMED and _vouches(a.source)]
    if not named:
        return attrs
    first = min(named)
    return [
        a
        for a in attrs
        if not (
            a.status == Status.VAGUE
            and a.start > first
            and not any(head(w) in ANONYMOUS for w in a.source.lower().split())
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
            source = host.removeprefix("www.")
            out.append(Attribution(s, e, source, Status.NAMED, How.LINK, index))
    return out


# a numbered reference, as in "up to 99% of alarms need no action [2]" or "[3, 4]"
_REFERENCE = re.compile(r"\[\d{1,3}(?:[,–-] ?\d{1,3})*\]")


def _cited_references(text: str, start: int, end: int, index: int) -> list[Attribution]:
    """A numbered reference cites its source: the reference list the article ends with."""
    return [
        Attribution(
            m.start(), m.end(), f"reference {m.group()}", Status.NAMED, How.REFERENCE, index
        )
        for m in _REFERENCE.finditer(text, start, end)
    ]


def _linked(doc: Document, a: Attribution) -> Attribution:
    """'according to a [state review](https://...)': a linked source is a named one."""
    if a.status != Status.NAMED and any(a.start <= s <= a.end + 3 for s, _, _ in doc.links):
        return a.named()
    return a


def _recall(a: Attribution, named_nouns: set[str]) -> Attribution:
    """A bare 'officials said' after 'county fire officials said' refers back to them; in
    the same number only: 'Polls suggest' after 'A Brennan College poll found' is other polls."""
    words = a.source.lower().split()
    if a.status == Status.VAGUE and len(words) == 1 and words[0] in named_nouns:
        return a.named()
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
    opening = tokens(doc.text, sentence.start, min(sentence.end, sentence.start + 60))
    words = [t.lower for t in opening if t.is_word]
    while words and words[0] in CARRY_OPENERS:
        words = words[1:]
    if not words:
        return False
    if words[0] in CARRY_PRONOUNS:
        return True
    return len(words) > 1 and words[0] in DEFINITE and words[1] in ANAPHOR_NOUNS
