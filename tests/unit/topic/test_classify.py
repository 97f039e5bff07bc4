"""The classification of a document's sentences, and the labels spreading to subheadings."""

from __future__ import annotations

from audit.attribution import default_lexicon
from audit.document import Document
from audit.rules import Rule
from audit.topic.classify import classification, label_section_headings
from audit.topic.cues import Cues

_PARAGRAPHS = (
    "City Council Approves New Bus Lanes",
    "The city council approved new bus lanes on Main Street on Monday after a year of "
    "debate over traffic and parking.",
    "Bus riders will save ten minutes a trip, the council's transport officer said.",
    "Meanwhile, ex-Rovers winger Jordan Pike has opened a barbershop in Marlow with his "
    "brother Callum. Pike, 34, posted pictures of the shop online.",
    "Sponsored",
    "Upgrade your commute with the Zephyr e-bike, now £300 off. Shop the range today!",
    "The council will review the bus lanes and parking after six months, Councillor Ruth "
    "Okafor said.",
)
ARTICLE = "\n\n".join(_PARAGRAPHS) + "\n"


def _labels(default_rules: list[Rule], rule_id: str, text: str = ARTICLE) -> dict[str, str]:
    [rule] = [r for r in default_rules if r.id == rule_id]
    doc = Document.build(text, "bus")
    labels = classification(doc, Cues.from_options(rule.kind.options), default_lexicon())
    return {doc.text[doc.sentences[i].start : doc.sentences[i].end]: v for i, v in labels.items()}


def test_the_tangent_rule_finds_the_aside_and_what_goes_on_about_it(default_rules) -> None:
    assert _labels(default_rules, "tangent") == {
        "Meanwhile, ex-Rovers winger Jordan Pike has opened a barbershop in Marlow with his "
        "brother Callum.": "tangent",
        "Pike, 34, posted pictures of the shop online.": "tangent",
    }


def test_the_promo_rule_finds_the_labelled_ad(default_rules) -> None:
    labels = _labels(default_rules, "promotional-insert")
    assert {s for s, label in labels.items() if label == "promo"} == {
        "Sponsored",
        "Upgrade your commute with the Zephyr e-bike, now £300 off.",
        "Shop the range today!",
    }


def test_the_lead_is_never_off_topic(default_rules) -> None:
    text = "Sponsored\n\nShop the Zephyr e-bike range today and save £300, the best deal online!"
    assert _labels(default_rules, "promotional-insert", text) == {}


def _heading_doc() -> Document:
    return Document.build(
        "Ten Ways to Save\n\nSave on heating.\n\n## 1. Bigger Gardens\n\nOne.\n\nTwo.\n\n"
        "## 2. More Space for Hobbies\n\nThree.\n\nFour.",
        "h",
    )


def test_a_subheading_takes_the_label_of_most_of_its_section() -> None:
    doc = _heading_doc()
    headings = [i for i, s in enumerate(doc.sentences) if s.heading]
    assert headings == [0, 2, 5]
    labels = {3: "promo", 4: "promo", 7: "tangent"}
    label_section_headings(doc, labels, apart=set())
    assert labels[2] == "promo"
    assert 5 not in labels  # half of its section, and the section opens on-topic


def test_half_a_section_counts_when_it_opens_with_the_padding() -> None:
    doc = _heading_doc()
    labels = {6: "tangent"}
    label_section_headings(doc, labels, apart=set())
    assert labels == {6: "tangent", 5: "tangent"}
    labels = {3: "promo", 4: "promo"}
    label_section_headings(doc, labels, apart={3, 4})  # ads with their own label
    assert 2 not in labels
