"""An attribution, its status and how it is given, and the lexicon that finds them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache

from audit.sourcewords import DEFAULT_VAGUE, INFERENCE_VERBS, SPEECH_VERBS, verb_forms


class Status(StrEnum):
    """How far a reader can check a source (the values reach reports and JSON)."""

    NAMED = "named"  # a person, organisation, outlet or document a reader could check
    VAGUE = "vague"  # a generic, unnamed crowd or document: "analysts", "industry reports"
    PRONOUN = "pronoun"  # "he", "they": named when the sentence before names someone
    ANAPHOR = "anaphor"  # "the analysts", "the report": named when named before


class How(StrEnum):
    """How the source's words are given."""

    DIRECT_QUOTE = "direct-quote"  # the sentence quotes them
    PARAPHRASE = "paraphrase"
    SECONDHAND = "secondhand"  # reported by someone else: "media reports", "X reported"
    LINK = "link"  # a link to the source
    REFERENCE = "reference"  # a numbered reference, "[2]": the article's reference list


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution in a sentence: the phrase span, the source and its status."""

    start: int
    end: int
    source: str
    status: Status
    how: How
    sentence: int

    def named(self) -> Attribution:
        """The same attribution, its source known to be named (by a link, a poll, a name)."""
        return replace(self, status=Status.NAMED)


@dataclass
class SentenceSourcing:
    attributions: list[Attribution] = field(default_factory=list)
    resolved: bool = False  # a named source (directly or through a resolved pronoun)

    @property
    def vague(self) -> list[Attribution]:
        return [a for a in self.attributions if a.status == Status.VAGUE]


@dataclass(frozen=True)
class Lexicon:
    vague_sources: frozenset[str]
    speech_verbs: frozenset[str]
    inference_verbs: frozenset[str]


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


def head(word: str) -> str:
    """The lemma of a word's last part: "grid-watchers" -> "watcher"."""
    return lemma(word.rsplit("-", 1)[-1])
