"""A source's noun phrase: read back from its verb ("analysts at the bank said"), on from an
opener ("according to a report by the agency"), or past an appositive."""

from __future__ import annotations

from collections.abc import Sequence

from audit.sourcewords import (
    BOUNDARY_WORDS,
    CLAUSE_BREAKS,
    CLAUSE_PREPOSITIONS,
    CLAUSE_VERBS,
    COMPARATIVES,
    COPULAS,
    DETERMINERS,
    FAMILIAR,
    FILINGS,
    MOST_ADJECTIVES,
    NAME_SUFFIXES,
    NUMBERS,
    OF,
    PARTITIVES,
    PERSONAL,
    PRONOUNS,
    RELATIVE_HEADS,
    RELATIVES,
    SAID,
    SENTENCE_ADVERBS,
    SKIP_WORDS,
    SPECIFYING,
    TIME_DEICTIC,
    TIME_PERIODS,
    WEEKDAYS,
)
from audit.sourcing.classify import is_document, proper_tokens, vague_head
from audit.sourcing.model import head, lemma
from audit.sourcing.tokens import Token, index


def subject(toks: Sequence[Token], k: int, vague: frozenset[str]) -> list[Token]:
    """The source of the verb at k: before it ("X said"), past an appositive ("X, an analyst
    at Y, said"), or after it ('"...," said X'); [] when there is none."""
    k = _before_time(toks, k)  # "A Post/ABC poll last month found": the poll found
    before = subject_before(toks, k, vague)
    if before:
        return before
    while k > 0 and toks[k - 1].lower in SKIP_WORDS:
        k -= 1  # "the planning officer, Graham Dunsire, had recommended": past the auxiliary
    return subject_past_appositive(toks, k, vague) or subject_after(toks, k, vague)


def subject_before(toks: Sequence[Token], k: int, vague: frozenset[str]) -> list[Token]:
    """'Analysts suggest', 'People who follow the canal closely expect': the phrase before the
    verb at k, or the head of the relative clause it ends."""
    np = backward_np(toks, k, vague)
    return (relative_head(toks, np, vague) or np) if np else []


def subject_past_appositive(toks: Sequence[Token], k: int, vague: frozenset[str]) -> list[Token]:
    """'Dr. Renata Voss, an audiologist at X, said', 'Delgado, for her part, told': the
    subject before an appositive that ends with a comma just before the verb at k."""
    if k == 0 or toks[k - 1].text != ",":
        return []
    j = k - 2
    while j >= 0 and (toks[j].text != "," or _inside_number(toks, j)):
        j -= 1  # "The survey, which polled 3,150 workers, found": not the comma in 3,150
    if j <= 0:
        return []
    np = backward_np(toks, j, vague)
    relative = toks[j + 1].lower in RELATIVES  # "Neighbours in X, where ..., say"
    specified = toks[j + 1].lower in SPECIFYING  # "its filing, published Aug. 7, shows"
    if np and (
        proper_tokens(np, toks)
        or (relative and vague_head(np, vague))
        or (specified and is_document(np))
    ):
        return np  # "Dr. Renata Voss, an audiologist at X, said"
    aside = toks[j + 1 : k - 1]
    if np and aside and all(t.lower in SENTENCE_ADVERBS for t in aside):
        return np  # "Most economists, however, argue": the subject as if the aside were not there
    if np and aside and aside[0].lower in ("citing", "quoting"):
        return np  # "The network, citing an official, said": the network says it
    surname = len(np) == 1 and np[0].text[0].isupper() and j == 1
    if surname and np[0].lower not in SENTENCE_ADVERBS:
        return np  # "Delgado, for her part, told reporters": a surname
    name = toks[j + 1 : k - 1]  # "the council's highways officer, Peter Ngata, told"
    if np and 2 <= len(name) <= 4 and all(t.text[0].isupper() for t in name):
        return np + name
    return []


def subject_after(toks: Sequence[Token], k: int, vague: frozenset[str]) -> list[Token]:
    """'"...," said Jane Ortiz.', ', says the ministry.', ', say officials.': an inverted
    subject, after the verb at k that follows a comma or a closing quote, up to the end of
    the clause."""
    if k == 0 or toks[k - 1].text not in (",", "”", '"', "’"):
        return []
    np = forward_np(toks, k + 1, inversion=True)
    end = k + 1 + len(np)
    closes = end >= len(toks) or not toks[end].is_word
    starts = np and (np[0].text[0].isupper() or np[0].lower in DETERMINERS or vague_head(np, vague))
    clause = any(t.lower in CLAUSE_VERBS for t in np)  # ", said the deal was close": its object
    return np if starts and closes and not clause and len(np) <= 6 else []


def before_word(toks: Sequence[Token], np: list[Token]) -> str:
    """The word before a phrase (lower-case; "" at the sentence start)."""
    i = index(toks, np[0])
    return toks[i - 1].lower if i > 0 else ""


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


def relative_head(toks: Sequence[Token], np: list[Token], vague: frozenset[str]) -> list[Token]:
    """'People who follow the canal closely expect', 'those tracking the market say': the verb's
    source is the phrase before the relative clause, not the clause's object."""
    if len(np) == 1 and np[0].lower in PRONOUNS:
        return []  # "people working part-time because they could not find": they act
    start = index(toks, np[0])
    for i in range(start - 1, max(start - 7, -1), -1):
        t = toks[i]
        if not t.is_word or t.lower in CLAUSE_BREAKS:
            return []
        if t.lower == "who" and i > 0:
            noun = head(toks[i - 1].lower)
            if noun in vague or noun in RELATIVE_HEADS:
                return backward_np(toks, i, vague)
        if t.lower in RELATIVE_HEADS and i + 1 < start and toks[i + 1].lower.endswith("ing"):
            return backward_np(toks, i + 1, vague)  # "those tracking the industry"
    return []


def backward_np(toks: Sequence[Token], k: int, vague: frozenset[str]) -> list[Token]:
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
            if (
                t.text == "."
                and j > 0
                and len(toks[j - 1].text) <= 3
                and (np or _suffix(toks[j - 1]))
            ):
                j -= 1
                continue  # "Dr. Smith"; "James Kennedy Jr. said"
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
        return backward_np(toks, back + 1, vague) if back >= 0 else []
    return np


def _suffix(t: Token) -> bool:
    """A name's generational suffix, written with a full stop: 'Jr.', 'Sr.'."""
    return t.text in NAME_SUFFIXES


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
    if low == "with" and j > 0 and toks[j - 1].lower in FILINGS:
        return True  # "its quarterly filing with securities regulators"
    if low == "of" and j > 0 and toks[j - 1].lower in PARTITIVES:
        return True  # "one of these sources said": a partitive, one phrase
    return j > 0 and low in ("with", "to", "on", "in") and toks[j - 1].lower in FAMILIAR


def forward_np(toks: Sequence[Token], k: int, inversion: bool = False) -> list[Token]:
    """The phrase from k on to a clause boundary ("according to analysts at the bank, ...");
    an inverted subject ('..., said Jane Ortiz in a statement') ends before a preposition."""
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
        more_than = t.lower == "than" and np and np[-1].lower in COMPARATIVES
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
