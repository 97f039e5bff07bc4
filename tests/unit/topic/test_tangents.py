"""Tangents: announced ones, asides, unannounced ones that bring in new names, continuations."""

from __future__ import annotations

import pytest

from audit.attribution import default_lexicon
from audit.document import Document
from audit.rules import Rule
from audit.topic.cues import Cues
from audit.topic.subject import known_elsewhere, on_topic_names, read, subject_of
from audit.topic.tangents import (
    announced,
    continue_tangents,
    goes_on_about,
    is_aside,
    is_tangent,
    uncited_names,
)
from audit.topic.terms import sentence_terms

_PARAGRAPHS = (
    "City Council Approves New Bus Lanes",
    "The city council approved new bus lanes on Main Street on Monday after a year of "
    "debate over traffic and parking.",
    "Bus riders will save ten minutes a trip, the council's transport officer said.",
)
LEAD = "\n\n".join(_PARAGRAPHS) + "\n\n"
LEXICON = default_lexicon()


@pytest.fixture(scope="module")
def cues(default_rules: list[Rule]) -> Cues:
    [rule] = [r for r in default_rules if r.id == "tangent"]
    return Cues.from_options(rule.kind.options)


def _last(text: str) -> tuple[Document, int]:
    doc = Document.build(LEAD + text, "bus")
    return doc, len(doc.sentences) - 1


def _is_tangent(cues: Cues, doc: Document, i: int) -> bool:
    subject, t = subject_of(doc), sentence_terms(doc)[i]
    known = known_elsewhere(on_topic_names(doc), t, subject)
    r = read(doc, doc.sentences[i].start, t, subject, known, announced(cues, doc).get(i))
    return is_tangent(cues, doc, i, r, subject, known, LEXICON)


def test_transitions_segues_and_sections_announce_an_aside(cues: Cues) -> None:
    doc = Document.build(
        LEAD + "Meanwhile, the ferry ran late. Speaking of buses, a tram broke down.\n\n"
        "Elsewhere today\n\nThe Kalindi Lake festival opens on Saturday.",
        "bus",
    )
    found = {
        doc.text[doc.sentences[i].start : at]: segue
        for i, (at, segue) in announced(cues, doc).items()
    }
    assert found == {"Meanwhile": False, "Speaking of buses,": True, "": False}


def _uncited(text: str) -> int:
    doc, i = _last(text)
    return uncited_names(doc, i, sentence_terms(doc)[i], set(), LEXICON)


def test_names_cited_as_the_source_are_evidence_not_new_names() -> None:
    crossing = "Ostrava Lines will add two boats to its Marlow crossing"
    assert _uncited(crossing + " and hire Philip Dorsey.") == 3  # the line, Marlow, Dorsey
    assert _uncited(crossing + ", Town Manager Philip Dorsey said.") == 2  # a person cited
    record = "A listing in the Certification Board database shows Ostrava Lines owns two ferries."
    assert _uncited(record) == 1  # Ostrava Lines: the record cited is evidence


def test_a_pronoun_before_any_name_goes_on_about_someone_introduced() -> None:
    assert goes_on_about("In 2021 he left Northbank and set up his own label.", 0, 51)
    assert goes_on_about(
        "The streaming service confirmed on Thursday that its plan will rise.", 0, 67
    )
    assert not goes_on_about("In 2021 Dana Pike left Northbank; he set up a label.", 0, 52)


def test_an_unannounced_sentence_with_new_uncited_names_is_a_tangent(cues: Cues) -> None:
    doc, i = _last("Ostrava Lines will add two boats and hire Philip Dorsey as its captain.")
    assert _is_tangent(cues, doc, i)
    doc, i = _last(
        "Ostrava Lines will add two boats to its fleet, Town Manager Philip Dorsey said."
    )
    assert not _is_tangent(cues, doc, i)  # one name left: Philip Dorsey is the source


def test_on_topic_sentences_are_no_tangents(cues: Cues) -> None:
    doc, i = _last(
        "Riders on Main Street buses welcomed the lanes, Town Manager Philip Dorsey said."
    )
    assert not _is_tangent(cues, doc, i)


def test_an_aside_needs_no_names(cues: Cues) -> None:
    doc, i = _last("Plenty of us have been there, stuck behind a delivery van on a narrow road.")
    s = doc.sentences[i]
    assert is_aside(cues, doc, s.start, s.end, sentence_terms(doc)[i], subject_of(doc))
    assert _is_tangent(cues, doc, i)
    doc, i = _last('"Plenty of us have been there," a rider said of the narrow road.')
    s = doc.sentences[i]
    assert not is_aside(cues, doc, s.start, s.end, sentence_terms(doc)[i], subject_of(doc))


def test_a_tangent_goes_on_in_the_next_paragraph_by_name_and_in_its_own_by_words() -> None:
    doc = Document.build(
        LEAD + "Meanwhile, ex-Rovers winger Jordan Pike has opened a barbershop in Marlow.\n\n"
        "Pike, 34, posted pictures of the barbershop online. The barbershop opened with a "
        "party.\n\nCrowds queued for hours outside.",
        "bus",
    )
    labels = {3: "tangent"}
    continue_tangents(doc, subject_of(doc), sentence_terms(doc), labels)
    assert labels == {3: "tangent", 4: "tangent", 5: "tangent"}  # not the last: no link
