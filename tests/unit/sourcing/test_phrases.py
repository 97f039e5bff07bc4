"""A source's noun phrase: before its verb, past an appositive, after it, or after an opener."""

from __future__ import annotations

import pytest

from audit.sourcing.phrases import (
    backward_np,
    forward_np,
    subject,
    subject_after,
    subject_before,
    subject_past_appositive,
)
from tests.unit.sourcing.sentences import at, context, text


def _read(finder, sentence: str, word: str) -> str:
    ctx = context(sentence)
    return text(ctx, finder(ctx.toks, at(ctx, word), ctx.lex.vague_sources))


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("Analysts at Morgan Stanley said it would slow.", "said", "Analysts at Morgan Stanley"),
        ("Prices rose and analysts said the rally would fade.", "said", "analysts"),
        (
            "The coffee and cocoa association said exports fell.",
            *("said", "The coffee and cocoa association"),
        ),
        ("Bookings stay valid, the two carriers said in a statement.", "said", "the two carriers"),
        ("Halloran said business owners had told him the same.", "told", "business owners"),
        (
            "People who follow the waterway closely expect repairs to take a month.",
            *("expect", "People"),
        ),
        (
            "A person with direct knowledge of the discussions said the chancellor was asked.",
            *("said", "A person with direct knowledge of the discussions"),
        ),
        (
            "The Haldersund Dockworkers' Union (HDU) said members backed the deal.",
            *("said", "The Haldersund Dockworkers' Union"),
        ),
    ],
)
def test_subject_before(sentence, word, expected) -> None:
    assert _read(subject_before, sentence, word) == expected


def test_a_passive_has_no_subject_before_it() -> None:
    assert _read(subject_before, "Growth is expected to slow next year.", "expected") == ""


def test_the_writer_and_the_reader_are_no_source() -> None:
    assert _read(backward_np, "It changes the way we think about money.", "think") == ""


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        (
            "Dr. Renata Voss, an audiologist at the clinic, said the results were promising.",
            *("said", "Dr. Renata Voss"),
        ),
        ("Delgado, for her part, told reporters she could still win.", "told", "Delgado"),
        (
            "The council's highways officer, Peter Ngata, told councillors it was safe.",
            *("told", "The council's highways officer, Peter Ngata"),
        ),
        (
            "Neighbours in Little Horsley, where six homes were hit, say the village has changed.",
            *("say", "Neighbours in Little Horsley"),
        ),
        (
            "The company's quarterly report, filed on March 12, showed sales down.",
            *("showed", "The company's quarterly report"),
        ),
        (
            "Most mainstream economists, however, argue that consumers pay the tariffs.",
            *("argue", "Most mainstream economists"),
        ),
        ("The ministry, meanwhile, said the road would reopen.", "said", "The ministry"),
        (
            "The network, citing an anonymous government source, said the deal was close.",
            *("said", "The network"),
        ),
        ("The road, in the end, reopened on Monday.", "reopened", ""),  # not an adverb aside
        ("Meanwhile, in the capital, said nothing.", "said", ""),  # an adverb, not a surname
        ("The port said on Monday that it would reopen.", "said", ""),  # no appositive
    ],
)
def test_subject_past_appositive(sentence, word, expected) -> None:
    assert _read(subject_past_appositive, sentence, word) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("“The deal is done,” said Jane Ortiz.", "Jane Ortiz"),
        ("The outcome could reshape global trade, says the ministry.", "the ministry"),
        ("“The deal is done,” said Jane Ortiz on Monday.", ""),  # the clause goes on
        ("The port said on Monday that it would reopen.", ""),  # not inverted
        ("He is the third resident to contract the disease, say officials.", "officials"),
        ("The misses were largely neutral, said analysts.", "analysts"),
        ("The misses were largely neutral, said nothing.", ""),  # no source noun
        ("The network, citing a source, said the deal was close.", ""),  # its object, a clause
    ],
)
def test_subject_after(sentence, expected) -> None:
    ctx = context(sentence)
    verb = next(v for v in ("said", "says", "say") if v in ctx.toks.lowers)
    found = subject_after(ctx.toks, at(ctx, verb), ctx.lex.vague_sources)
    assert text(ctx, found) == expected


def test_a_time_phrase_between_the_source_and_its_verb_is_passed_over() -> None:
    sentence = "A Washington Post/ABC News poll last month found that voters oppose the plan."
    assert _read(subject_before, sentence, "found") == "month"
    assert _read(subject, sentence, "found") == "ABC News poll"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The drop was small, according to a study of more than 18,000 adults.",
            "a study of more than 18,000 adults",
        ),
        (
            "The plan is sound, according to its chief executive, Ingrid Halden, on Monday.",
            "its chief executive, Ingrid Halden",
        ),
        (
            "Costs rose, according to figures in the companies' joint filing with the authority.",
            "figures in the companies' joint filing with the authority",
        ),
        ("The plan is sound, according to analysts, who expect a rise.", "analysts"),
    ],
)
def test_forward_np(sentence, expected) -> None:
    ctx = context(sentence)
    assert text(ctx, forward_np(ctx.toks, at(ctx, "according") + 2)) == expected
