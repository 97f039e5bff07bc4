"""The word lists the attribution analysis reads (`audit/attribution/`), as sets.

The words live in `audit/data/` (one a line, each file saying what its words are for):
`speech-verbs.txt`, `vague-sources.txt`, `document-nouns.txt` and `non-names.txt` at the top,
shared with other modules, and the analysis' own lists in `audit/data/attribution/`. Rules
extend the defaults (`vague_sources`, `speech_verbs`).
"""

from __future__ import annotations

from functools import lru_cache

from audit.wordlists import load_words


def _set(name: str) -> frozenset[str]:
    return frozenset(load_words(name))


def _own(name: str) -> frozenset[str]:
    """One of the analysis' own lists, `audit/data/attribution/<name>.txt`."""
    return _set(f"attribution/{name}.txt")


# reporting verbs (base forms) and the readings of them
SPEECH_VERBS = _set("speech-verbs.txt")
INFERENCE_VERBS = _own("inference-verbs")
NOUN_LIKE_BASES = _own("noun-like-verbs")
SAID = _own("said")
VOICING = _own("voicing")
MISGIVINGS = _own("misgivings")
CITED = _own("cited")
STANCE = _own("stance")
CONTINUING = _own("continuing")
CALLED_OBJECTS = _own("called-objects")
CALL_KINDS = _own("call-kinds")
AFTER_ADDED = _own("after-added") | {""}  # "" is the sentence's end: "..., she added."
AFTER_POSTED = AFTER_ADDED | _own("after-posted")
NOUN_CAPABLE = _own("noun-capable")
BEFORE_NOUNS = _own("before-nouns")
NEGATIONS = _own("negations")
PERFECT = _own("perfect")
PARTICIPLES = _own("participles")
EVER_RECORDS = _own("ever-records")

# sources: generic, anonymous, institutional, documents
DEFAULT_VAGUE = _set("vague-sources.txt")
DOCUMENT_NOUNS = _set("document-nouns.txt")
ANONYMOUS = _own("anonymous")
UNSPECIFIED = _own("unspecified")
COLLECTIVE = _own("collective")
NAMED_HEADS = _own("named-heads")
NAME_SUFFIXES = _own("name-suffixes")
PARTITIVES = _own("partitives")
INSTITUTIONAL = _own("institutional")
UNNAMING = _own("unnaming")
FAMILIAR = _own("familiar")
MEDIA = _own("media")
UNNAMED_MEDIA = _own("unnamed-media")
PRESS_COMPOUNDS = _own("press-compounds")
SECONDHAND = _own("secondhand")
SPECIFYING = _own("specifying")
SPECIFIC_DOCUMENTS = _own("specific-documents")
OFFICIAL_SERIES = _own("official-series")
OFFICIAL_RECORDS = _own("official-records")
FILINGS = _own("filings")
SINGLE = _own("single")
ONE_DOCUMENT = _own("one-document")
ANAPHOR_NOUNS = _own("anaphor-nouns")
GOVERNING = _own("governing")
NOT_GOVERNING = _own("not-governing")
POLL_NOUNS = _own("poll-nouns")
SHARES = _own("shares")
FRACTIONS = _own("fractions")
ROLE_SUFFIXES = load_words("attribution/role-suffixes.txt")  # for str.endswith
NOT_ROLES = _own("not-roles")

# names, places and times
NON_NAMES = _set("non-names.txt")
DEMONYMS = _own("demonyms")
COUNTRIES = _own("countries")
STREETS = _own("streets")
STREET_PREPOSITIONS = _own("street-prepositions")
SENTENCE_ADVERBS = _own("sentence-adverbs")
TIME_DEICTIC = _own("time-deictic")
TIME_PERIODS = _own("time-periods")
WEEKDAYS = _own("weekdays")

# function words that mark a source's edges
PRONOUNS = _own("pronouns")
PERSONAL = _own("personal")
DEFINITE = _own("definite")
POSSESSIVE = _own("possessive")
DEMONSTRATIVE = _own("demonstrative")
QUANTIFIERS = _own("quantifiers")
DETERMINERS = DEFINITE | QUANTIFIERS
PRONOUN_QUANTIFIERS = _own("pronoun-quantifiers")
PEOPLE = PRONOUN_QUANTIFIERS | {"one"}  # pronouns that stand for people: "with one insisting"
NUMBERS = _own("numbers")
MOST_ADJECTIVES = _own("most-adjectives")
GRADING = _own("grading")
COMPARATIVES = _own("comparatives")
NOUN_MARKERS = _own("noun-markers")
COPULAS = _own("copulas")
CLAUSE_VERBS = COPULAS | _own("modals")
SKIP_WORDS = _own("skip-words")
BOUNDARY_WORDS = _own("boundary-words")
CLAUSE_BREAKS = _own("clause-breaks")
# in file order: regex alternations are built from them
CLAUSE_OPENERS = load_words("attribution/clause-openers.txt")
CLAUSE_CONJUNCTIONS = load_words("attribution/clause-conjunctions.txt")
CARRY_OPENERS = _own("carry-openers")
CARRY_PRONOUNS = _own("carry-pronouns")
CLAUSE_PREPOSITIONS = _own("clause-prepositions")
OF = _own("of")
PLACED = _own("placed")
RELATIVES = _own("relatives")
RELATIVE_HEADS = _own("relative-heads")


# base form -> the irregular forms the endings miss ("say said", "know knew known")
IRREGULAR = {
    base: tuple(forms)
    for base, *forms in map(str.split, load_words("attribution/irregular-verbs.txt"))
}


@lru_cache(maxsize=64)
def verb_forms(verbs: frozenset[str]) -> frozenset[str]:
    """Inflected forms of reporting verbs (say -> says, said, saying)."""
    forms: set[str] = set()
    for v in verbs:
        forms.add(v)
        forms.update(IRREGULAR.get(v, ()))
        if v.endswith("y") and v[-2:] not in ("ay", "ey", "oy"):
            forms.update({v[:-1] + "ies", v[:-1] + "ied", v + "ing"})
        elif v.endswith("e"):
            forms.update({v + "s", v + "d", v[:-1] + "ing"})
        elif v.endswith(("s", "sh", "ch", "x")):
            forms.update({v + "es", v + "ed", v + "ing"})
        else:
            forms.update({v + "s", v + "ed", v + "ing"})
    return frozenset(forms - NOUN_LIKE_BASES)


MENTAL = verb_forms(_own("mental-verbs"))
