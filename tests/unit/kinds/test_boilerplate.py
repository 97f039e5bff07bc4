"""Cross-document boilerplate: the sentences compared, and the index built one document at a
time with each document's position."""

from __future__ import annotations

from audit.document import Document
from audit.kinds.base import RunContext, decode_options
from audit.kinds.boilerplate import INDEX, BoilerplateKind, comparable_sentences

FOOTER = "Our journalism is funded by readers like you across the valley."
STORIES = [
    f"{title}\n\n{lead}\n\n{FOOTER}"
    for title, lead in (
        ("Harbour Reopens", "The harbour reopened on Friday after repairs to the sea wall."),
        ("School Budget Cut", "The district cut its school budget by four per cent on Monday."),
    )
]


def test_comparable_sentences_are_long_enough_and_not_mostly_quoted() -> None:
    doc = Document.build(
        'Rain Again\n\n"We have never seen rain like this in June," she said.\n\nIt rained. '
        + FOOTER,
        "r",
    )
    footer = "our journalism is funded by readers like you across the valley"
    assert comparable_sentences(doc, 6) == {3: footer}
    # shorter ones with a lower minimum; the quoted sentence (1) never
    assert comparable_sentences(doc, 2) == {0: "rain again", 2: "it rained", 3: footer}


def test_a_sentence_recurring_across_documents_is_found_by_position() -> None:
    kind = BoilerplateKind(decode_options(BoilerplateKind, {"mode": "cross-document"}))
    run = RunContext()
    docs = [Document.build(text, f"{n}") for n, text in enumerate(STORIES)]
    for position, doc in enumerate(docs):
        kind.index(doc, position, run)
    assert run.data[INDEX].holders(hash(comparable_sentences(docs[0], 6)[2]))[0] == 2
    docs[1].run_position = 1
    hits = list(kind.check(docs[1], run))
    assert [docs[1].text[h.start : h.end] for h in hits] == [FOOTER]
    unplaced = Document.build(STORIES[1], "x")  # never indexed: no position in the run
    assert list(kind.check(unplaced, run)) == []
