"""Whether a noun phrase names a source, and how checkably: named, vague, pronoun, anaphor."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from audit.sourcewords import (
    ANONYMOUS,
    COLLECTIVE,
    COUNTRIES,
    DEFINITE,
    DEMONSTRATIVE,
    DEMONYMS,
    DETERMINERS,
    DOCUMENT_NOUNS,
    FAMILIAR,
    INSTITUTIONAL,
    MEDIA,
    NAMED_HEADS,
    NON_NAMES,
    NOT_ROLES,
    OFFICIAL_RECORDS,
    OFFICIAL_SERIES,
    PEOPLE,
    PLACED,
    POSSESSIVE,
    PRESS_COMPOUNDS,
    PRONOUNS,
    QUANTIFIERS,
    RELATIVE_HEADS,
    ROLE_SUFFIXES,
    SECONDHAND,
    SPECIFIC_DOCUMENTS,
    SPECIFYING,
    STREET_PREPOSITIONS,
    STREETS,
    UNNAMED_MEDIA,
    UNNAMING,
    UNSPECIFIED,
)
from audit.sourcing.model import Lexicon, Status, head, lemma
from audit.sourcing.tokens import Token


def classify(np: list[Token], toks: Sequence[Token], lex: Lexicon) -> Status | None:
    """The status of the source `np` names, or None when the phrase is not a source at all."""
    words = [t.lower for t in np]
    if len(words) == 1 and words[0] in PRONOUNS:
        return Status.PRONOUN
    unnamed = _unnamed(words)
    if unnamed is not None:
        return unnamed
    proper = proper_tokens(np, toks)
    anonymous = next((t for t in np if head(t.lower) in ANONYMOUS), None)
    if anonymous is not None and (
        anonymous is np[-1] or not any(t.start < anonymous.start for t in proper)
    ):
        # "insiders at the Bellfield Road club", "FBI sources": a name, but no one named
        return Status.VAGUE
    if proper or any(w in NAMED_HEADS for w in words):
        return Status.NAMED
    return _by_words(words, np, lex)


def _unnamed(words: list[str]) -> Status | None:
    """VAGUE for the phrases that name no one whatever else they hold."""
    if any(
        w in MEDIA
        and (i == 0 or words[i - 1] in UNNAMED_MEDIA)
        and (words[i + 1] if i + 1 < len(words) else "") not in PRESS_COMPOUNDS
        for i, w in enumerate(words)
    ):
        return Status.VAGUE  # "local media", "media reports", "the local press": no outlet named
    if UNSPECIFIED.intersection(words) or " ".join(words) in COLLECTIVE:
        return Status.VAGUE  # "relevant departments", "the authorities concerned", "Wall Street"
    if any(w in FAMILIAR and nxt in ("with", "to", "on") for w, nxt in itertools.pairwise(words)):
        return Status.VAGUE  # "people familiar with the plans", "figures close to the board"
    if "knowledge" in words and words[0] in QUANTIFIERS:
        return Status.VAGUE  # "a person with direct knowledge of the discussions"
    return None


def _by_words(words: list[str], np: list[Token], lex: Lexicon) -> Status | None:
    """The status of a phrase without a proper name, from its words."""
    if any(lemma(w) in SPECIFIC_DOCUMENTS for w in words[1:]):
        return Status.NAMED  # "figures in the companies' joint filing": the filing is checkable
    if any(w in OFFICIAL_SERIES for w in words) or (
        "official" in words[:-1] and words[-1] in OFFICIAL_RECORDS
    ):
        return Status.NAMED  # "census data", "official league statistics": a public record
    for w in words:
        if w in POSSESSIVE or w.endswith(("'s", "’s", "s'", "s’")):
            return Status.NAMED  # "its chief executive", "the club's annual reports": an owner
        if w in SPECIFYING:
            return Status.NAMED  # "a staff report presented at the meeting": a specific document
    for i, w in enumerate(words):
        if head(w) in lex.vague_sources:
            return _generic(words, i)
    if any(w in SPECIFIC_DOCUMENTS for w in words):
        return Status.NAMED  # "a statement from the airline", "a regulatory filing": checkable
    return _by_determiner(words, np)


def _generic(words: list[str], i: int) -> Status:
    """The status of a phrase whose word i is a generic source noun ("analysts", "officials")."""
    if lemma(words[i]) in INSTITUTIONAL and i > 0 and _is_modifier_noun(words[i - 1]):
        return Status.NAMED  # "county fire officials", "the port authority": an institution's
    definite = i > 0 and DEFINITE.intersection((words[i - 1], words[0]))
    if definite and words[0] not in QUANTIFIERS and lemma(words[i]) not in ANONYMOUS:
        return Status.ANAPHOR  # "the analysts", "the preliminary findings": named before
    # "the source continued", "one of these sources said": an anonymous source mentioned
    # again is still anonymous
    return Status.VAGUE


def _by_determiner(words: list[str], np: list[Token]) -> Status | None:
    """The status of a phrase with no source noun, from how it starts and ends."""
    if words[0] in QUANTIFIERS:
        # "a spokesman", "several voters" are unnamed people; "a law called", "a process
        # known as", "a stake in" name no one at all
        people = words[0] in PEOPLE and words[1:2] != [] and words[1] in PLACED  # "few at X"
        return Status.VAGUE if people or _person_noun(words[-1]) else None
    if words[0] in RELATIVE_HEADS:
        return Status.VAGUE  # "those who trade power say", "people close to the talks"
    if words[0] in DEMONSTRATIVE:
        return None  # "this development adds": a thing, not a source
    if words[0] in DEFINITE:
        return Status.NAMED  # "the company said": a source named earlier
    if words[-1].endswith(ROLE_SUFFIXES) and words[-1] not in NOT_ROLES:
        return Status.NAMED  # "prosecutors said", "investigators found"
    if len(np) == 1 and np[0].text[0].isupper():
        return Status.NAMED  # "Whitcombe said": a surname at the start of a sentence
    return None


def proper_tokens(np: list[Token], toks: Sequence[Token]) -> list[Token]:
    """The words of `np` that are part of a name: capitalised, not a place, a title, a count, a
    demonym, nor the sentence's capitalised first word alone."""
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
        if t.text == "I" and (i == 0 or not np[i - 1].text[0].isupper()):
            continue  # "people I spoke to": the writer, not a name ("Charles I" is one)
        if first_word is not None and t.start == first_word.start:
            nxt = np[i + 1] if i + 1 < len(np) else None
            is_acronym = sum(c.isupper() for c in t.text) >= 2
            if not is_acronym and not (nxt is not None and nxt.text[0].isupper()):
                continue
        out.append(t)
    return out


def _street_at(np: list[Token], i: int) -> bool:
    """'shopkeepers on Market Street', 'traders at Granary Road': a street is a place, not a
    source ("commentators on Sky Sports" name a channel)."""
    before = np[i - 2].lower if i > 1 and np[i - 1].lower == "the" else np[i - 1].lower if i else ""
    if before not in STREET_PREPOSITIONS or not np[i].text[0].isupper():
        return False  # "on Market Street", "on the Linden Avenue group chat"
    j = i
    while j + 1 < len(np) and np[j + 1].text[:1].isupper():
        j += 1
    return np[j].lower in STREETS


def _person_noun(word: str) -> bool:
    """A noun for people by its ending ("voter", "advocates", "strategist"), or a pronoun."""
    return (word.endswith(ROLE_SUFFIXES) and word not in NOT_ROLES) or word in PEOPLE


def _is_modifier_noun(word: str) -> bool:
    """A noun naming an institution before 'officials' ('fire', 'health', 'U.S.'), not 'senior'."""
    return word not in DETERMINERS and word not in UNNAMING and not word.endswith(("ly", "ed"))


def is_source_like(np: list[Token], lex: Lexicon) -> bool:
    """A generic source noun or a document in the phrase: "analysts", "the data"."""
    return any(head(t.lower) in lex.vague_sources or t.lower in DOCUMENT_NOUNS for t in np)


def is_document(np: list[Token]) -> bool:
    return any(t.lower in DOCUMENT_NOUNS for t in np)


def is_secondhand(np: list[Token]) -> bool:
    return any(t.lower in SECONDHAND for t in np)


def vague_head(subject: list[Token], vague: frozenset[str]) -> bool:
    return any(head(t.lower) in vague for t in subject)


def role(subject: list[Token]) -> bool:
    """A plural role noun ("inspectors", "investigators", "auditors"): a body at work."""
    last = subject[-1].lower
    return len(subject) == 1 and last.endswith(("ors", "ers", "ists")) and last not in NOT_ROLES


def sayer(subject: list[Token], lex: Lexicon) -> bool:
    """A source noun, or a pronoun for people ("with one branding the display spineless")."""
    return is_source_like(subject, lex) or (len(subject) == 1 and subject[0].lower in PEOPLE)


def source_text(text: str, np: list[Token]) -> str:
    """The phrase as written, its spaces collapsed."""
    return " ".join(text[np[0].start : np[-1].end].split())
