"""The reporting-verb handler, piece by piece: how a word reads as a reporting verb, the guards
that find a noun or another sense instead, the subject, and the source's status."""

from __future__ import annotations

import pytest

from audit.sourcing.context import Context, Outcome
from audit.sourcing.model import Attribution, How, Status
from audit.sourcing.verbs import (
    VerbUse,
    counted_share,
    noun_use,
    other_sense,
    reporting_verb,
    source_status,
    verb_subject,
    verb_use,
)
from tests.unit.sourcing.sentences import at, context, text


def _use(sentence: str, word: str) -> tuple[Context, int, VerbUse]:
    ctx = context(sentence)
    k = at(ctx, word)
    use = verb_use(ctx, k)
    assert use is not None, (sentence, word)
    return ctx, k, use


@pytest.mark.parametrize(
    ("sentence", "word", "inference", "stance", "noun_like", "continuing"),
    [
        ("Many economists believe a recession is coming.", "believe", False, False, False, False),
        ("Analysts suggest these metals are crucial.", "suggest", True, False, False, False),
        ("Inspectors found cracks in two of the beams.", "found", True, False, False, False),
        (
            "Murmurs coming out of the Montevar boardroom point to a compromise fee.",
            *("point", True, False, False, False),
        ),
        (
            "Market watchers report that container rates have doubled.",
            *("report", False, False, True, False),
        ),
        (
            "Health commentators have raised concerns that the letters arrived late.",
            *("raised", False, False, False, False),
        ),
        (
            "Reporters on the continent are adamant that the deal is done.",
            *("adamant", False, True, False, False),
        ),
        (
            "A pal of the pair let slip that they had been living apart.",
            *("slip", False, True, False, False),
        ),
        (
            "Stakeholders in the value chain have continued to lament high energy costs.",
            *("lament", False, False, False, True),
        ),
    ],
)
def test_verb_use(sentence, word, inference, stance, noun_like, continuing) -> None:
    _, _, use = _use(sentence, word)
    assert use == VerbUse(inference, stance, noun_like, continuing)


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Believe it or not, the bridge is open again.", "believe"),  # capitalised
        ("The committee report that reached ministers was leaked.", "report"),  # a noun
        ("Health campaigners raised money for the ward.", "raised"),  # no misgiving voiced
        ("Reporters on the continent are adamant about the date.", "adamant"),  # no "that"
        ("The talks point the way to a deal.", "point"),  # not "point to"
    ],
)
def test_not_a_reporting_verb(sentence, word) -> None:
    ctx = context(sentence)
    assert verb_use(ctx, at(ctx, word)) is None


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Nadia Kowalczyk, a researcher at an independent think tank, said so.", "think"),
        ("Its finance chief told analysts on the earnings call that it was profitable.", "call"),
        ("The accounts carried a material uncertainty note from the auditor.", "note"),
        ("Residents have been living in fear since the flood.", "fear"),
        ("The decision raises serious questions about the budget.", "questions"),
        ("Pieter de Wit said in a research note that sales would fall.", "note"),
        ("Korvath Lithium, which operates two brine projects, declined to comment.", "projects"),
        ("This suggests the plan is working.", "suggests"),
    ],
)
def test_noun_use(sentence, word) -> None:
    ctx, k, use = _use(sentence, word)
    assert noun_use(ctx, k, use)


def test_a_quantifier_alone_is_a_subject_not_a_noun_marker() -> None:
    ctx, k, use = _use("Many fear the strike could spread to other ports.", "fear")
    assert not noun_use(ctx, k, use)


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Doctors prescribed a drug called zentoramab for the infection.", "called"),
        ("Residents feel abandoned by the council after the closure.", "feel"),
        ("Volunteers painted the bridge over the weekend.", "painted"),
        ("Still, the shortage alone cannot explain a two-year slip.", "explain"),
        ("The merger adds another layer of debt to the group.", "adds"),
        ("Analysts added to bets on a rate cut.", "added"),
        ("Veltrix posted quarterly revenue of 8.1 billion dollars.", "posted"),
        ("Prices keep rising, and the board knows it.", "knows"),
        ("The study looks at how people think about sleep.", "think"),
        ("It was the fastest time ever seen on the course.", "seen"),
        ("It is the worst outbreak the region has seen.", "seen"),
        ("Industry reports indicate that companies are exploring partnerships.", "reports"),
        ("The fire was contained, according to an update posted by the agency.", "posted"),
    ],
)
def test_other_sense(sentence, word) -> None:
    ctx, k, _ = _use(sentence, word)
    assert other_sense(ctx, k)


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Council member Rafael Oduya called the opening a significant step.", "called"),
        ("Some in the community are already calling Lumora the next big chain.", "calling"),
        ("Residents feel that the system has been broken for years.", "feel"),
        ("Ortiz posted on X that the deal was done.", "posted"),
        ("Prices have doubled, she added.", "added"),
    ],
)
def test_the_reporting_sense(sentence, word) -> None:
    ctx, k, _ = _use(sentence, word)
    assert not other_sense(ctx, k)


@pytest.mark.parametrize(
    ("sentence", "word", "subject"),
    [
        ("Analysts at Morgan Stanley said it would slow.", "said", "Analysts at Morgan Stanley"),
        ("Fans were fuming, with many insisting the star had been set up.", "insisting", "many"),
        ("Freight traders are betting that rates could double.", "betting", "Freight traders"),
        (
            "Reporters on the continent are adamant that it is done.",
            *("adamant", "Reporters on the continent"),
        ),
        ("Stakeholders have continued to lament high energy costs.", "lament", "Stakeholders"),
    ],
)
def test_verb_subject(sentence, word, subject) -> None:
    ctx, k, use = _use(sentence, word)
    assert text(ctx, verb_subject(ctx, k, use)) == subject


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("A study showing the drug works was published on Monday.", "showing"),
        ("Everyone knows buy-now-pay-later is a bubble waiting to pop.", "knows"),
        ("Zentra is one of the most undervalued projects in the market.", "projects"),
        ("Two in five voters say the plan goes too far.", "say"),
        ("Prices rose faster than anyone predicted last year.", "predicted"),
        ("Not every expert is convinced that the devices work.", "convinced"),
    ],
)
def test_no_subject_that_says_so(sentence, word) -> None:
    ctx, k, use = _use(sentence, word)
    assert verb_subject(ctx, k, use) == []


@pytest.mark.parametrize(
    ("sentence", "word", "status"),
    [
        ("Inspectors found cracks in two of the beams.", "found", Status.NAMED),
        ("Customers do not see any benefit from the scheme.", "see", Status.VAGUE),
        ("That is why the government felt it had no choice but to act.", "felt", None),
        ("The change shows the plan is working.", "shows", None),  # "this shows": no source
        ("Whitcombe does not see a way back for the club.", "see", None),
    ],
)
def test_source_status(sentence, word, status) -> None:
    ctx, k, use = _use(sentence, word)
    found = verb_subject(ctx, k, use)
    assert found
    assert source_status(ctx, k, use, found) == status


def test_counted_share() -> None:
    def share(sentence: str, word: str) -> bool:
        ctx, k, _ = _use(sentence, word)
        return counted_share(ctx.toks[:k])

    assert share("Two in five voters say the plan goes too far.", "say")
    assert share("Half of Americans believe the economy is weak.", "believe")
    assert not share("Five analysts say the plan goes too far.", "say")
    # sources, not a share of a population: "one of these sources" is a source
    assert not share("One of these sources said the minister had decided.", "said")
    assert not share("Two of the insiders said the deal was off.", "said")


def test_a_partitive_of_anonymous_sources_is_a_vague_source() -> None:
    a = _attribution("One of these sources said the minister had already decided.", "said")
    assert (a.source, a.status) == ("One of these sources", Status.VAGUE)


def _attribution(sentence: str, word: str) -> Attribution:
    ctx = context(sentence)
    found = reporting_verb(ctx, at(ctx, word))
    assert isinstance(found, Attribution), found
    return found


def test_a_report_through_the_media_is_secondhand() -> None:
    a = _attribution("Local media reported that the plant would close.", "reported")
    assert (a.source, a.status, a.how) == ("Local media", Status.VAGUE, How.SECONDHAND)


def test_an_inverted_subject_after_a_quote() -> None:
    a = _attribution("“The deal is done,” said Jane Ortiz.", "said")
    assert (a.source, a.status, a.how) == ("Jane Ortiz", Status.NAMED, How.DIRECT_QUOTE)


def test_a_subject_past_its_appositive() -> None:
    sentence = "Dr. Renata Voss, an audiologist at the clinic, said the results were promising."
    a = _attribution(sentence, "said")
    assert (a.source, a.status) == ("Dr. Renata Voss", Status.NAMED)
    assert sentence[a.start : a.end] == "Dr. Renata Voss, an audiologist at the clinic, said"


def test_a_verb_inside_a_quotation_is_the_speakers() -> None:
    ctx = context("“Analysts suggest all sorts of things,” Ortiz told reporters.")
    assert reporting_verb(ctx, at(ctx, "suggest")) is Outcome.NO_SOURCE
    told = reporting_verb(ctx, at(ctx, "told"))
    assert isinstance(told, Attribution) and told.source == "Ortiz"
