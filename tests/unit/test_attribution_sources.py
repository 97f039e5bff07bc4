"""Sources the attribution analysis names: numbered references and suffixed speakers."""

from __future__ import annotations

from audit.attribution import analyse, default_lexicon
from audit.document import Document
from audit.inventory import inventory

ALARMS = (
    "Alarm fatigue in hospitals\n\n"
    "Care givers are exposed to up to 1,000 alarms per shift [1], a burden on every ward.\n\n"
    "Up to 99% of those do not even require clinical intervention [2, 3].\n\n"
    "Up to 99% of those do not even require clinical intervention.\n"
)


def test_a_numbered_reference_names_the_sentences_source() -> None:
    doc = Document.build(ALARMS, "a.txt")
    sourcing = analyse(doc, default_lexicon())
    named = [s.resolved for s in sourcing[1:]]
    assert named == [True, True, False]  # the same claim without its reference is unsourced
    sources = inventory(doc, set(), default_lexicon()).sources
    assert [(s.name, s.kind) for s in sources] == [
        ("reference [1]", "document"),
        ("reference [2, 3]", "document"),
    ]


def test_a_speaker_with_a_generational_suffix_stays_named() -> None:
    text = (
        "Threat case closed\n\n"
        "U.S. Attorney James Kennedy Jr. said the case demonstrates that threats are not "
        "protected speech.\n\n"
        "The case demonstrates that threats are not protected speech.\n"
    )
    sourcing = analyse(Document.build(text, "k.txt"), default_lexicon())
    assert [s.resolved for s in sourcing[1:]] == [True, False]
    assert [a.source for a in sourcing[1].attributions] == ["U.S. Attorney James Kennedy Jr"]


def test_people_the_writer_spoke_to_are_unnamed_and_a_king_is_named() -> None:
    text = (
        "Talks stall\n\n"
        "But according to multiple people I spoke to, the partner was also at issue.\n\n"
        "According to King Charles I, the treaty was void.\n"
    )
    sourcing = analyse(Document.build(text, "i.txt"), default_lexicon())
    people, king = sourcing[1].attributions[0], sourcing[2].attributions[0]
    assert (people.source, people.status) == ("multiple people I spoke to", "vague")
    assert king.status == "named"


def test_sources_inside_a_named_body_are_unnamed() -> None:
    """'FBI sources', 'White House sources', 'Pentagon insiders': the body is named, the
    people are not; 'a source close to Smith' was already unnamed."""
    text = (
        "Probe widens\n\n"
        "NYPD sources said the emails include new evidence.\n\n"
        "According to White House sources, the meeting went well.\n\n"
        "A source close to Jane Smith said the talks would resume.\n\n"
        "FBI Director James Comey said the review was complete.\n"
    )
    sourcing = analyse(Document.build(text, "s.txt"), default_lexicon())
    assert [str(s.attributions[0].status) for s in sourcing[1:]] == [
        "vague",
        "vague",
        "vague",
        "named",
    ]
