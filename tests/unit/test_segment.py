"""Tests for audit.segment.split_sentences."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.segment import split_sentences


def sentences(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """The sentence strings for text[start:end]."""
    return [text[s:e] for s, e in split_sentences(text, start, end)]


CASES: list[tuple[str, list[str]]] = [
    # U.S. mid-sentence, at sentence end, and before a non-starter capital.
    (
        "The company expanded into the U.S. market last year. Sales doubled.",
        ["The company expanded into the U.S. market last year.", "Sales doubled."],
    ),
    (
        "Beijing announced new sanctions on the U.S. The move drew a sharp response.",
        ["Beijing announced new sanctions on the U.S.", "The move drew a sharp response."],
    ),
    (
        "She met the U.S. Trade Representative in Geneva on Tuesday.",
        ["She met the U.S. Trade Representative in Geneva on Tuesday."],
    ),
    (
        "Exports to the U.S. fell sharply. But imports from the U.K. rose. "
        "It was the first drop since 2019.",
        [
            "Exports to the U.S. fell sharply.",
            "But imports from the U.K. rose.",
            "It was the first drop since 2019.",
        ],
    ),
    # Titles before names.
    (
        "Dr. Amina Yusuf, a virologist, said the results were promising. "
        "Mr. Hale and Mrs. Hale declined to comment. Ms. Ortiz did not reply.",
        [
            "Dr. Amina Yusuf, a virologist, said the results were promising.",
            "Mr. Hale and Mrs. Hale declined to comment.",
            "Ms. Ortiz did not reply.",
        ],
    ),
    (
        "Sen. Maria Cantwell and Rep. Tom Cole met Gov. Kathy Hochul. "
        "Gen. Mark Milley and Lt. Col. Ann Price attended with Capt. Lee.",
        [
            "Sen. Maria Cantwell and Rep. Tom Cole met Gov. Kathy Hochul.",
            "Gen. Mark Milley and Lt. Col. Ann Price attended with Capt. Lee.",
        ],
    ),
    (
        "Prof. Ruth Okafor teaches in St. Louis. She moved there in 2010.",
        ["Prof. Ruth Okafor teaches in St. Louis.", "She moved there in 2010."],
    ),
    (
        "The bakery is on Main St. It opens at dawn.",
        ["The bakery is on Main St.", "It opens at dawn."],
    ),
    # Name suffixes and company abbreviations.
    (
        "Martin Luther King Jr. spoke first. Harold Finch Sr. was absent.",
        ["Martin Luther King Jr. spoke first.", "Harold Finch Sr. was absent."],
    ),
    (
        "Shares of Acme Inc. rose 4% after Globex Corp. raised its forecast.",
        ["Shares of Acme Inc. rose 4% after Globex Corp. raised its forecast."],
    ),
    (
        "The deal was signed by Northwind Ltd. The terms were not disclosed.",
        ["The deal was signed by Northwind Ltd.", "The terms were not disclosed."],
    ),
    (
        "The stake is held by Harbor Holding Co. It was bought in 2021.",
        ["The stake is held by Harbor Holding Co.", "It was bought in 2021."],
    ),
    (
        "Acme Corp. Chief Executive Dana Reyes resigned on Friday.",
        ["Acme Corp. Chief Executive Dana Reyes resigned on Friday."],
    ),
    # vs., etc., e.g., i.e.
    (
        "The case, Smith vs. Jones, reached the court in March.",
        ["The case, Smith vs. Jones, reached the court in March."],
    ),
    (
        "The store sells bread, milk, eggs, etc. Prices rose last month.",
        ["The store sells bread, milk, eggs, etc.", "Prices rose last month."],
    ),
    (
        "Some crops, e.g. the wheat harvest, failed. Others, i.e. the maize, survived.",
        ["Some crops, e.g. the wheat harvest, failed.", "Others, i.e. the maize, survived."],
    ),
    (
        "Several states, e.g. Texas and Ohio, sued.",
        ["Several states, e.g. Texas and Ohio, sued."],
    ),
    # Numbers, money, percentages, versions, months.
    (
        "The team is ranked No. 1 in the league. It has won nine straight games.",
        ["The team is ranked No. 1 in the league.", "It has won nine straight games."],
    ),
    (
        "Inflation rose 3.5% in May. The central bank raised $1.2 billion in bonds.",
        ["Inflation rose 3.5% in May.", "The central bank raised $1.2 billion in bonds."],
    ),
    (
        "The app reached v2.0 on Jan. 14 and v2.1 on Feb. 3. Users complained.",
        ["The app reached v2.0 on Jan. 14 and v2.1 on Feb. 3.", "Users complained."],
    ),
    (
        "The hearing was moved from Sept. 30 to Oct. 12, officials said.",
        ["The hearing was moved from Sept. 30 to Oct. 12, officials said."],
    ),
    # a.m. / p.m.
    (
        "The polls open at 7 a.m. The count starts after 8 p.m. on Tuesday.",
        ["The polls open at 7 a.m.", "The count starts after 8 p.m. on Tuesday."],
    ),
    (
        "The launch is set for 6 a.m. Eastern time. It was delayed twice.",
        ["The launch is set for 6 a.m. Eastern time.", "It was delayed twice."],
    ),
    (
        "Voting closed at 8 p.m. Results were due by midnight. The board meets at 9 a.m. Monday.",
        [
            "Voting closed at 8 p.m.",
            "Results were due by midnight.",
            "The board meets at 9 a.m. Monday.",
        ],
    ),
    # Initials.
    (
        "J.K. Rowling will release a new book. John F. Kennedy was president in 1961.",
        ["J.K. Rowling will release a new book.", "John F. Kennedy was president in 1961."],
    ),
    # Ellipses.
    (
        "He paused... Then he said nothing more. She waited… and left.",
        ["He paused...", "Then he said nothing more.", "She waited… and left."],
    ),
    (
        "He waited . . . and waited . . . Then he left. Really?! Nobody knew.",
        ["He waited . . . and waited . . .", "Then he left.", "Really?!", "Nobody knew."],
    ),
    # URLs and e-mail addresses.
    (
        "Details are at www.example.com/report.html for readers. "
        "Write to tips@example.org. The desk replies daily.",
        [
            "Details are at www.example.com/report.html for readers.",
            "Write to tips@example.org.",
            "The desk replies daily.",
        ],
    ),
    (
        "The filing is at https://news.example.com/a?id=3. The page loads slowly.",
        ["The filing is at https://news.example.com/a?id=3.", "The page loads slowly."],
    ),
    # Quotes, straight and curly, and parentheses.
    (
        '"Is this the end?" the mayor asked. "No." The crowd cheered.',
        ['"Is this the end?" the mayor asked.', '"No."', "The crowd cheered."],
    ),
    (
        '"We will rebuild!" Residents applauded. "Why now?" Harris asked reporters.',
        ['"We will rebuild!"', "Residents applauded.", '"Why now?" Harris asked reporters.'],
    ),
    (
        "She said, “The deal is done.” Markets rallied. “Is it?” he replied. "
        "He called it ‘a mistake.’ Then he left.",
        [
            "She said, “The deal is done.”",
            "Markets rallied.",
            "“Is it?” he replied.",
            "He called it ‘a mistake.’",
            "Then he left.",
        ],
    ),
    (
        "The plant closed in 2020. (It reopened a year later.) Workers returned in May.",
        ["The plant closed in 2020.", "(It reopened a year later.)", "Workers returned in May."],
    ),
    # ! and ?, multiple spaces.
    (
        "What went wrong?  Nobody knows!   Investigators are still at the scene.",
        ["What went wrong?", "Nobody knows!", "Investigators are still at the scene."],
    ),
    # Newlines inside a paragraph.
    (
        "Storm batters coast\nThousands lost power overnight.\nCrews worked until dawn.",
        ["Storm batters coast\nThousands lost power overnight.", "Crews worked until dawn."],
    ),
    # A headline without a final full stop.
    (
        "Central bank holds rates steady as inflation cools",
        ["Central bank holds rates steady as inflation cools"],
    ),
    # Lowercase and digits after a full stop.
    (
        "The report cited the U.S. economy. growth slowed to 1.2 percent.",
        ["The report cited the U.S. economy. growth slowed to 1.2 percent."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_cases(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30


def test_absolute_offsets_with_range() -> None:
    para1 = "First paragraph here. It has two sentences."
    para2 = "  Second one.  Dr. Lee agreed.  "
    text = para1 + "\n\n" + para2 + "\n\nTail."
    start = len(para1) + 2
    end = start + len(para2)
    spans = split_sentences(text, start, end)
    assert [text[s:e] for s, e in spans] == ["Second one.", "Dr. Lee agreed."]
    assert spans[0][0] == start + 2
    assert all(start <= s < e <= end for s, e in spans)


def test_spans_trimmed_and_inside_range() -> None:
    text = "\t  Officials met at 9 a.m. The talks ended.  \n  More to come \n"
    spans = split_sentences(text, 1, len(text) - 1)
    assert [text[s:e] for s, e in spans] == [
        "Officials met at 9 a.m.",
        "The talks ended.",
        "More to come",
    ]
    for s, e in spans:
        assert 1 <= s < e <= len(text) - 1
        assert not text[s].isspace() and not text[e - 1].isspace()


def test_empty_and_blank() -> None:
    assert split_sentences("") == []
    assert split_sentences("   \n\t ") == []
    assert split_sentences("Some text.", 5, 5) == []
    assert split_sentences("Some text.", 8, 3) == []


def test_long_paragraph_without_punctuation_is_one_span() -> None:
    text = "word " * 1_000_000  # 5 MB
    assert split_sentences(text) == [(0, len(text) - 1)]


def test_long_pathological_inputs_give_valid_spans() -> None:
    # Linear-time scan: these finish (speed is measured in tests/perf, not asserted here).
    for text in ("." * 200_000 + "x", "a." * 100_000, "?x" * 100_000, "Mr. " * 50_000):
        spans = split_sentences(text)
        assert spans, text[:10]
        assert all(0 <= s < e <= len(text) for s, e in spans)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_crlf() -> None:
    text = "Rain fell all night.\r\nRoads flooded by morning.\r\nSchools closed\r\nearly."
    assert sentences(text) == [
        "Rain fell all night.",
        "Roads flooded by morning.",
        "Schools closed\r\nearly.",
    ]


def test_end_beyond_text_is_clamped() -> None:
    assert sentences("It rained. It stopped.", 0, 1000) == ["It rained.", "It stopped."]


_ALPHABET = st.sampled_from(
    [*"aZ .!?…\"'”’“‘()[],;:$%0123\n\r\t\u00a0\u2028", "U.S.", "Dr.", "a.m.", "etc.", "The "]
)


@settings(max_examples=400, deadline=None)
@given(
    parts=st.lists(st.one_of(_ALPHABET, st.text(max_size=5)), max_size=40),
    bounds=st.tuples(st.integers(-3, 200), st.one_of(st.none(), st.integers(-3, 200))),
)
def test_property_spans_well_formed(parts: list[str], bounds: tuple[int, int | None]) -> None:
    text = "".join(parts)
    start, end = bounds
    spans = split_sentences(text, start, end)
    lo = max(0, start)
    hi = len(text) if end is None else max(0, min(end, len(text)))
    prev_end = lo
    for s, e in spans:
        assert prev_end <= s < e <= hi
        assert not text[s].isspace()
        assert not text[e - 1].isspace()
        prev_end = e
    if text[lo:hi].strip():
        assert spans
        assert text[spans[0][0] : spans[-1][1]] == text[lo:hi].strip()
    else:
        assert spans == []
