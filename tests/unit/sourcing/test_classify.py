"""Whether a noun phrase names a source, and how checkably."""

from __future__ import annotations

import pytest

from audit.sourcing.classify import classify, proper_tokens
from audit.sourcing.model import Status
from tests.unit.sourcing.sentences import at, context

NAMED, VAGUE, PRONOUN, ANAPHOR = Status.NAMED, Status.VAGUE, Status.PRONOUN, Status.ANAPHOR


def _subject(phrase: str):
    """The phrase as the subject of "said", and the sentence's tokens."""
    ctx = context(f"{phrase} said so on Monday.")
    return ctx.toks[: at(ctx, "said")], ctx


@pytest.mark.parametrize(
    ("phrase", "status"),
    [
        ("He", PRONOUN),
        # no one named, whatever else the phrase holds
        ("Local media", VAGUE),
        ("Relevant departments", VAGUE),
        ("Wall Street", VAGUE),
        ("People familiar with the plans", VAGUE),
        ("A person with direct knowledge of the talks", VAGUE),
        ("Insiders at the Bellfield Road club", VAGUE),
        ("Analysts at investment houses in Lagos", VAGUE),
        ("Reports in Norway", VAGUE),
        ("Traders on Market Street", VAGUE),
        # an anonymous source mentioned again is still anonymous
        ("The source", VAGUE),
        ("These sources", VAGUE),
        ("One of these sources", VAGUE),
        ("The insider", VAGUE),
        # a name, an institution, a document or a public record
        ("Press Secretary Amy Spitalnick", NAMED),
        ("Goldman Sachs analysts", NAMED),
        ("Experts at the Peterson Institute", NAMED),
        ("Chinese state media", NAMED),
        ("The ministry", NAMED),
        ("Norway", NAMED),
        ("Figures in the companies' joint filing", NAMED),
        ("Figures from the 2021 census", NAMED),
        ("Official league statistics", NAMED),
        ("Its chief executive", NAMED),
        ("A staff report presented at the meeting", NAMED),
        ("County fire officials", NAMED),
        # generic nouns: vague, or named before when definite
        ("Analysts", VAGUE),
        ("Several officials", VAGUE),
        ("The analysts", ANAPHOR),
        ("The preliminary findings", ANAPHOR),
        # by how the phrase starts and ends
        ("A spokesman", VAGUE),
        ("One European importer", VAGUE),
        ("Few at the ground", VAGUE),
        ("The company", NAMED),
        ("Prosecutors", NAMED),
        ("Whitcombe", NAMED),
        ("A law", None),
        ("This development", None),
    ],
)
def test_classify(phrase: str, status: Status | None) -> None:
    np, ctx = _subject(phrase)
    assert classify(np, ctx.toks, ctx.lex) == status


@pytest.mark.parametrize(
    ("phrase", "names"),
    [
        ("Experts at the Peterson Institute", ["Peterson", "Institute"]),
        ("Goldman Sachs analysts", ["Goldman", "Sachs"]),
        ("Analysts", []),  # the sentence's first word alone
        ("IMF economists", ["IMF"]),  # an acronym is a name even first
        ("Analysts at investment houses in Lagos", []),  # a place
        ("Traders on Market Street", []),  # a street is a place
        ("Commentators on Sky Sports", ["Sky", "Sports"]),  # a channel is not
        ("One European importer", []),  # a count and a demonym
    ],
)
def test_proper_tokens(phrase: str, names: list[str]) -> None:
    np, ctx = _subject(phrase)
    assert [t.text for t in proper_tokens(np, ctx.toks)] == names
