"""The article's subject (title, lead, recurring terms) and a sentence read against it."""

from __future__ import annotations

from audit.document import Document
from audit.topic.subject import known_elsewhere, on_topic_names, read, subject_of
from audit.topic.terms import sentence_terms, terms

_PARAGRAPHS = (
    "City Council Approves New Bus Lanes",
    "The city council approved new bus lanes on Main Street on Monday after a year of debate.",
    "Bus riders will save ten minutes a trip, the council's transport officer said. Parking"
    " on Main Street will move to side streets.",
    "Meanwhile, the Kalindi Lake boating festival opens with forty boats from Marlow Rowing Club.",
    "The council will review the bus lanes and parking after six months.",
)
ARTICLE = "\n\n".join(_PARAGRAPHS) + "\n"


def test_the_core_is_the_title_and_the_lead() -> None:
    doc = Document.build(ARTICLE, "bus")
    subject = subject_of(doc)
    assert subject.core == {"cit", "counci", "approv", "bus", "lan", "main", "street", "debat"}
    assert ARTICLE[: subject.lead_end].endswith("after a year of debate.")


def test_terms_in_three_paragraphs_recur() -> None:
    subject = subject_of(Document.build(ARTICLE, "bus"))
    assert subject.recurring == {"bus", "counci"}  # not "lan", "park": in two paragraphs


def test_a_short_first_paragraph_does_not_end_the_lead() -> None:
    text = "\n\n".join(
        ("Ferry Fares Rise", "Fares rise again.", "The harbour ferry costs more from May.", "Vans.")
    )
    subject = subject_of(Document.build(text, "f"))
    assert subject.core == {"ferr", "far", "ris", "harbou", "cost"}
    assert text[: subject.lead_end].endswith("from May.")  # three words, then five more


def test_without_a_heading_the_title_a_reader_found_counts() -> None:
    doc = Document.build("Fares on the harbour ferry rise again in spring.", "f")
    doc.title = "Island Ferry Strike"
    assert {"island", "strik"} <= subject_of(doc).core


def test_overlap_counts_core_terms_and_related_the_others_that_recur() -> None:
    subject = subject_of(Document.build(ARTICLE, "bus"))
    t = terms("Bus lanes cut the council's parking costs.", 0, 41)
    assert subject.overlap(t) == 3  # bus, lanes, council
    assert subject.related(t) == 0  # "bus" and "council" recur, but they are core terms
    assert subject.overlap(terms("Councillors argued over bus timetables.", 0, 39)) == 2
    harbour = Document.build(
        "Harbour Wall Repaired\n\nThe harbour wall was repaired over the winter at great cost."
        "\n\nThe ferry resumes on Friday.\n\nFerry tickets go on sale.\n\nFerry crews return.",
        "h",
    )
    later = terms("The ferry crews praised the harbour.", 0, 36)
    assert subject_of(harbour).overlap(later) == 1  # harbour
    assert subject_of(harbour).related(later) == 1  # ferry: in three paragraphs, not the lead


def test_on_topic_names_count_the_sentences_sharing_the_subject() -> None:
    doc = Document.build(ARTICLE, "bus")
    named = on_topic_names(doc)
    assert named == {"main": 2, "street": 2}  # the festival's names are off-topic
    by_sentence = sentence_terms(doc)
    assert known_elsewhere(named, by_sentence[4], subject_of(doc)) == {"main", "street"}


def test_a_name_only_its_own_sentence_shares_is_not_known() -> None:
    doc = Document.build(
        "Chip Makers Report Sales\n\nChip makers reported record sales this quarter as phone "
        "demand recovered.\n\nChip demand rose while Arm Holdings unveiled a licensing program.",
        "chips",
    )
    by_sentence = sentence_terms(doc)
    named = on_topic_names(doc)
    assert named == {"arm": 1, "hold": 1}  # the sentence shares "chip" with the subject
    assert known_elsewhere(named, by_sentence[2], subject_of(doc)) == set()


def test_an_announced_aside_is_read_after_its_cue() -> None:
    doc = Document.build(ARTICLE, "bus")
    subject, i = subject_of(doc), 4
    s = doc.sentences[i]
    cue_end = s.start + len("Meanwhile,")
    plain = read(doc, s.start, sentence_terms(doc)[i], subject, set(), None)
    aside = read(doc, s.start, sentence_terms(doc)[i], subject, set(), (cue_end, False))
    assert not plain.announced and aside.announced and not aside.segue
    assert plain.overlap == aside.overlap == 0
    assert aside.new_names == 2  # Kalindi Lake, Marlow Rowing Club
    assert plain.new_names == 2
    segue = read(doc, s.start, sentence_terms(doc)[i], subject, set(), (cue_end, True))
    assert segue.segue
