"""Inserted ads: under a label, selling sentences, short paragraphs that sell as a whole."""

from __future__ import annotations

import pytest

from audit.document import Document
from audit.rules import Rule
from audit.topic.ads import label_ad_paragraphs, labelled_ads, opens_with_label, sells
from audit.topic.cues import Cues
from audit.topic.subject import subject_of
from audit.topic.terms import sentence_terms

_PARAGRAPHS = (
    "City Council Approves New Bus Lanes",
    "The city council approved new bus lanes on Main Street on Monday after a year of "
    "debate over traffic.",
    "Sponsored",
    "Upgrade your commute with the Zephyr e-bike, now £300 off. Shop the range today!",
    "[ADVERTISEMENT] Restless evenings? Try Calmora drops tonight.",
    "Advertising revenue fell at the council's newspaper, its editor said on Tuesday.",
    "Industrial Monitor Direct produces the most advanced medical panel pc systems, trusted"
    " by plant managers.",
    "Join thousands of riders. Zephyr bikes are the best value e-bikes on the market. Visit"
    " a store near you.",
)
ARTICLE = "\n\n".join(_PARAGRAPHS) + "\n"


@pytest.fixture(scope="module")
def cues(default_rules: list[Rule]) -> Cues:
    [rule] = [r for r in default_rules if r.id == "promotional-insert"]
    return Cues.from_options(rule.kind.options)


@pytest.fixture(scope="module")
def doc() -> Document:
    return Document.build(ARTICLE, "bus")


def _sentences(doc: Document, ids) -> list[str]:
    return [doc.text[doc.sentences[i].start : doc.sentences[i].end] for i in sorted(ids)]


def test_the_paragraph_under_a_label_and_one_opening_with_it(cues: Cues, doc: Document) -> None:
    labelled, inline = labelled_ads(cues, doc)
    assert _sentences(doc, labelled) == [
        "Upgrade your commute with the Zephyr e-bike, now £300 off.",
        "Shop the range today!",
        "[ADVERTISEMENT] Restless evenings?",
        "Try Calmora drops tonight.",
    ]
    assert _sentences(doc, inline) == _sentences(doc, labelled)[2:]


def test_a_label_is_set_off_as_one(cues: Cues) -> None:
    for line in ("[ADVERTISEMENT] Restless evenings?", "Sponsored | Try it", "SPONSORED Deals"):
        assert opens_with_label(cues, line, 0, len(line)), line
    for line in ("Advertising revenue fell", "Sponsored content rules were eased"):
        assert not opens_with_label(cues, line, 0, len(line)), line


def test_selling_counts_only_what_shares_little_with_the_subject(cues: Cues, doc: Document) -> None:
    s = doc.sentences[8]  # "Industrial Monitor Direct produces the most advanced ..."
    assert sells(cues, doc, s.start, s.end, overlap=0, new_names=1, related=0)
    assert not sells(cues, doc, s.start, s.end, overlap=2, new_names=1, related=0)
    news = doc.sentences[7]  # "Advertising revenue fell ..."
    assert not sells(cues, doc, news.start, news.end, overlap=0, new_names=1, related=0)


def test_a_short_paragraph_that_sells_as_a_whole(cues: Cues, doc: Document) -> None:
    labels: dict[int, str] = {}
    label_ad_paragraphs(cues, doc, subject_of(doc), sentence_terms(doc), labels)
    flagged = _sentences(doc, labels)
    assert "Join thousands of riders." in flagged  # not selling enough on its own
    assert "Visit a store near you." in flagged
    assert set(labels.values()) == {"promo"}
    assert not any(doc.sentences[i].paragraph in (1, 5) for i in labels)


def test_a_paragraph_with_a_tangent_is_left_as_it_is(cues: Cues, doc: Document) -> None:
    labels = {9: "tangent"}  # in the "Join thousands of riders" paragraph
    label_ad_paragraphs(cues, doc, subject_of(doc), sentence_terms(doc), labels)
    assert {i: label for i, label in labels.items() if i >= 9} == {9: "tangent"}
