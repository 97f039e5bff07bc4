"""The document-level attribution analysis: what earlier sentences, links and polls tell about
a sentence's sources (one sentence alone is read by `audit.sourcing`)."""

from __future__ import annotations

from audit.attribution import (
    How,
    SentenceSourcing,
    Status,
    analyse,
    continues_source,
    default_lexicon,
)
from audit.document import Document


def _sourcing(text: str, **build) -> tuple[Document, list[SentenceSourcing]]:
    doc = Document.build(text, "<test>", **build)
    return doc, analyse(doc, default_lexicon())


def _sources(s: SentenceSourcing) -> list[tuple[str, Status]]:
    return [(a.source, a.status) for a in s.attributions]


def test_a_pronoun_is_named_by_the_sentence_before() -> None:
    _, out = _sourcing("The port board is chaired by Jane Ortiz. She said the talks would go on.")
    assert _sources(out[1]) == [("She", Status.PRONOUN)] and out[1].resolved
    _, out = _sourcing("Prices rose again in May. She said the talks would go on.")
    assert not out[1].resolved  # no one named before


def test_an_anaphor_is_named_by_a_source_named_before() -> None:
    _, out = _sourcing(
        "Analysts at the Brandt Institute said demand would slow. "
        "The analysts expect a rebound in spring."
    )
    assert _sources(out[1]) == [("The analysts", Status.ANAPHOR)] and out[1].resolved


def test_an_anaphor_is_named_by_a_name_introduced_before() -> None:
    _, out = _sourcing(
        "The National Examinations Authority released results on Monday. "
        "The authority said pass rates rose."
    )
    assert out[1].resolved


def test_a_lead_names_its_study_in_the_next_sentence() -> None:
    _, out = _sourcing(
        "Frogs are declining fast, according to the longest amphibian survey in the region. "
        "The survey, in the journal Wetland Biology Letters, counted 40 ponds."
    )
    assert _sources(out[0]) == [("the longest amphibian survey in the region", Status.NAMED)]
    assert out[0].resolved


def test_a_linked_source_is_named_and_the_link_is_a_source() -> None:
    text = "Industry analysts say costs rose in the spring."
    _, plain = _sourcing(text)
    assert _sources(plain[0]) == [("Industry analysts", Status.VAGUE)]
    _, linked = _sourcing(text, links=[(0, 17, "https://www.example.org/costs")])
    assert _sources(linked[0]) == [
        ("Industry analysts", Status.NAMED),
        ("example.org", Status.NAMED),
    ]
    assert linked[0].attributions[1].how == How.LINK


def test_a_named_source_vouches_for_the_people_it_reports() -> None:
    _, out = _sourcing("The board said two people reported minor burns to the wrist.")
    assert _sources(out[0]) == [("The board", Status.NAMED)]


def test_a_generic_source_in_a_clause_of_its_own_stays() -> None:
    _, out = _sourcing("The board said prices would rise, while analysts suggest they will fall.")
    assert _sources(out[0]) == [("The board", Status.NAMED), ("analysts", Status.VAGUE)]


def test_a_share_of_voters_speaks_for_the_poll_named_before() -> None:
    _, out = _sourcing(
        "A Gallup poll found support falling. Majorities of voters say the plan goes too far."
    )
    assert _sources(out[1]) == [("Majorities of voters", Status.NAMED)]


def test_a_bare_noun_recalls_a_named_source_in_the_same_number() -> None:
    _, out = _sourcing(
        "County fire officials said the blaze was contained. "
        "Officials said crews would stay overnight."
    )
    assert _sources(out[1]) == [("Officials", Status.NAMED)]
    _, out = _sourcing(
        "A Brennan College poll found Delgado at 44%. "
        "Polls suggest that younger voters are breaking toward Whitlock."
    )
    assert _sources(out[1]) == [("Polls", Status.VAGUE)]  # other polls


def test_a_sentence_continues_the_source_before_it_in_its_paragraph() -> None:
    doc, out = _sourcing("The mayor, Jane Ortiz, said the budget was tight. He added more.")
    assert continues_source(doc, out, 1)
    doc, out = _sourcing("Jane Ortiz said the budget was tight.\n\nHe added that taxes would rise.")
    assert not continues_source(doc, out, 1)  # a new paragraph


def test_a_heading_has_no_sources() -> None:
    _, out = _sourcing("Analysts Say Prices Will Rise\n\nPrices rose in May, officials said.")
    assert out[0].attributions == [] and not out[0].resolved
