"""The document model keeps exact offsets into the text as read."""

from __future__ import annotations

import pytest

from audit.document import Document, is_heading_line

ARTICLE = (
    "Fed Holds Rates Steady as Inflation Cools\r\n\r\n"
    "The Federal Reserve held rates on Wednesday. Chair Jerome Powell said the U.S. economy "
    "was \u201cin a good place.\u201d\r\n\r\n"
    "What Comes Next\r\n\r\n"
    "Markets rallied after the decision."
)


def test_paragraphs_sentences_and_headings_have_exact_offsets() -> None:
    doc = Document.build(ARTICLE, "fed.txt")
    texts = [doc.text[s.start : s.end] for s in doc.sentences]
    assert texts == [
        "Fed Holds Rates Steady as Inflation Cools",
        "The Federal Reserve held rates on Wednesday.",
        "Chair Jerome Powell said the U.S. economy was \u201cin a good place.\u201d",
        "What Comes Next",
        "Markets rallied after the decision.",
    ]
    assert [s.heading for s in doc.sentences] == [True, False, False, True, False]
    assert doc.title == "Fed Holds Rates Steady as Inflation Cools"
    assert "\r\n" in doc.text  # CRLF kept


def test_line_and_column_are_one_based() -> None:
    doc = Document.build(ARTICLE, "fed.txt")
    offset = doc.text.index("Markets")
    assert doc.line_col(offset) == (7, 1)
    assert doc.line_col(doc.text.index("Chair")) == (3, 46)


QUOTE_CASES = {
    "a curly quote left open runs to the paragraph's end": (
        'He said "we will win" today.\n\n\u201cThis quote spans paragraphs.\n\nNext.',
        ['"we will win"', "\u201cThis quote spans paragraphs."],
        "today",
    ),
    "a straight quote opening a paragraph runs on, a stray one does not": (
        'Belhaj spoke after the ruling.\n\n"We were told it was temporary. Then it appeared.\n\n'
        '"Today the court agreed."\n\nThe pipe is 2" wide and the valve is new.',
        ['"We were told it was temporary. Then it appeared.', '"Today the court agreed."'],
        "valve",
    ),
    "single quotes are quotations, apostrophes are not": (
        "'The writing is on the wall,' said Jane Ortiz. \u2018We will win,\u2019 she added, "
        "but the players' union doesn't agree with the fans' view of the '90s.",
        ["'The writing is on the wall,'", "\u2018We will win,\u2019"],
        "union",
    ),
}


@pytest.mark.parametrize("case", sorted(QUOTE_CASES))
def test_quotations_are_found(case: str) -> None:
    text, quotes, outside = QUOTE_CASES[case]
    doc = Document.build(text, "q.txt")
    assert [doc.text[s:e] for s, e in doc.quotes] == quotes
    assert doc.in_quote(doc.quotes[0][0] + 1)
    assert not doc.in_quote(text.index(outside))


def test_markdown_headings_and_front_matter() -> None:
    text = "---\ntitle: X\n---\n# Big News Today\n\nSomething happened on Monday."
    doc = Document.build(text, "a.md", markdown=True)
    assert doc.title == "Big News Today"
    assert doc.sentences[0].heading
    assert doc.text[doc.sentences[0].start : doc.sentences[0].end] == "Big News Today"
    assert all(s.start > text.index("---\n#") for s in doc.sentences)


def test_heading_detection() -> None:
    assert is_heading_line("Trade Tensions Escalate Over Rare Earth Minerals")
    assert is_heading_line("Leave a Reply")
    assert not is_heading_line("The talks ended without a deal.")
    assert is_heading_line("Is China Winning the Trade War?")
    assert not is_heading_line("Why did the talks fail so quickly?")
    assert not is_heading_line("the market fell sharply in early trading on monday after the news")


def test_bom_is_not_part_of_first_paragraph() -> None:
    doc = Document.build("\ufeffTitle Of The Piece\n\nBody text here.", "bom.txt")
    assert doc.title == "Title Of The Piece"
    assert doc.paragraphs[0].start == 1


def test_one_line_per_paragraph_text_is_split_into_paragraphs() -> None:
    text = (
        "Council Approves Bus Lanes\n"
        "The council approved bus lanes on Monday. Work starts in June.\n"
        "What Happens Next\n"
        "Buses will use the lanes from July.\n\n"
        "This paragraph is hard\nwrapped across several\nlines by an editor."
    )
    doc = Document.build(text, "lines.txt")
    blocks = [(p.heading, doc.text[p.start : p.end]) for p in doc.paragraphs]
    assert blocks == [
        (True, "Council Approves Bus Lanes"),
        (False, "The council approved bus lanes on Monday. Work starts in June."),
        (True, "What Happens Next"),
        (False, "Buses will use the lanes from July."),
        (False, "This paragraph is hard\nwrapped across several\nlines by an editor."),
    ]
    assert doc.title == "Council Approves Bus Lanes"
