"""The opener handlers, each on sentences like those that made it, and the driver."""

from __future__ import annotations

from audit.document import Document
from audit.sourcing.context import Outcome
from audit.sourcing.model import Attribution, How, Status, default_lexicon
from audit.sourcing.openers import (
    according_to,
    based_on,
    cited_in,
    find_attributions,
    quoted_as_saying,
    read,
    under_rules,
)
from audit.sourcing.tokens import tokens
from tests.unit.sourcing.sentences import at, context


def _found(result: object) -> Attribution:
    assert isinstance(result, Attribution), result
    return result


def test_according_to_a_generic_crowd_is_vague() -> None:
    ctx = context(
        "The window is narrowing, according to trade policy experts monitoring the situation."
    )
    a = _found(according_to(ctx, at(ctx, "according")))
    assert a.source == "trade policy experts monitoring the situation"
    assert (a.status, a.how) == (Status.VAGUE, How.PARAPHRASE)
    assert ctx.text[a.start : a.end].startswith("according to trade")


def test_according_to_a_report_is_secondhand() -> None:
    ctx = context("According to a Reuters report, the talks stalled on Friday.")
    a = _found(according_to(ctx, 0))
    assert (a.source, a.status, a.how) == ("a Reuters report", Status.NAMED, How.SECONDHAND)


def test_as_per_opens_at_as() -> None:
    ctx = context(
        "The land is still in dispute, as per sources in the state Urban Development Department."
    )
    a = _found(according_to(ctx, at(ctx, "per")))
    assert a.source == "sources in the state Urban Development Department"
    assert a.status == Status.VAGUE  # "sources" are anonymous whoever they work for
    assert ctx.text[a.start : a.end].startswith("as per")


def test_according_to_a_plan_names_no_source() -> None:
    ctx = context("The vote went according to plan.")
    assert according_to(ctx, at(ctx, "according")) is Outcome.NO_SOURCE


def test_per_without_as_is_not_an_opener() -> None:
    ctx = context("Prices rose 5 per cent in the year to March.")
    assert according_to(ctx, at(ctx, "per")) is Outcome.NOT_MINE


def test_under_rules_names_the_governing_text() -> None:
    ctx = context("Under party rules, a vote is triggered when a third of MPs ask for one.")
    a = _found(under_rules(ctx, 0))
    assert (a.source, a.status, a.how) == ("party rules", Status.NAMED, How.PARAPHRASE)
    assert ctx.text[a.start : a.end] == "Under party rules"


def test_under_pressure_is_not_a_rule() -> None:
    ctx = context("The bridge is under pressure from heavy traffic.")
    assert under_rules(ctx, at(ctx, "under")) is Outcome.NOT_MINE


def test_under_a_thing_that_governs_nothing_names_no_source() -> None:
    ctx = context("The cat hid under the kitchen table all afternoon.")
    assert under_rules(ctx, at(ctx, "under")) is Outcome.NO_SOURCE


def test_quoted_as_saying_takes_the_subject_before_the_passive() -> None:
    ctx = context("One European importer was quoted as saying that buyers had switched suppliers.")
    a = _found(quoted_as_saying(ctx, at(ctx, "saying")))
    assert (a.source, a.status) == ("One European importer", Status.VAGUE)
    assert ctx.text[a.start : a.end] == "One European importer was quoted as saying"


def test_saying_without_quoted_as_is_not_this_opener() -> None:
    ctx = context("The minister kept saying that the deal was done.")
    assert quoted_as_saying(ctx, at(ctx, "saying")) is Outcome.NOT_MINE


def test_based_on_a_trial_names_the_trial() -> None:
    ctx = context(
        "The agency based its decision on a 312-patient trial in which 41% of patients improved."
    )
    a = _found(based_on(ctx, at(ctx, "based")))
    assert a.status == Status.NAMED
    assert a.source.startswith("a 312-patient trial")
    assert ctx.text[a.start : a.end].startswith("based its decision on")


def test_based_on_a_story_cites_no_document() -> None:
    ctx = context("The film is based on a true story from the war.")
    assert based_on(ctx, at(ctx, "based")) is Outcome.NO_SOURCE


def test_described_in_the_paper_cites_it() -> None:
    ctx = context("In laboratory tests described in the paper, the coating cut corrosion by half.")
    a = _found(cited_in(ctx, at(ctx, "described")))
    assert (a.source, a.status, a.how) == ("the paper", Status.NAMED, How.PARAPHRASE)


def test_reported_in_a_month_is_left_to_the_reporting_verb() -> None:
    ctx = context("The outbreak was reported in March.")
    assert cited_in(ctx, at(ctx, "reported")) is Outcome.NOT_MINE
    assert read(ctx, at(ctx, "reported")) is Outcome.NO_SOURCE  # a passive: no one named


def test_the_driver_finds_every_attribution_in_word_order() -> None:
    text = "Analysts suggest the plan will fail, according to a Reuters report."
    doc = Document.build(text, "<test>")
    toks = tokens(doc.text, doc.sentences[0].start, doc.sentences[0].end)
    found = find_attributions(doc, toks, 0, default_lexicon())
    assert [(a.source, a.status) for a in found] == [
        ("Analysts", Status.VAGUE),
        ("a Reuters report", Status.NAMED),
    ]


def test_a_sentence_without_an_opening_word_has_no_attribution() -> None:
    doc = Document.build("The bridge reopened on Friday after three months of repairs.", "<t>")
    toks = tokens(doc.text, doc.sentences[0].start, doc.sentences[0].end)
    assert find_attributions(doc, toks, 0, default_lexicon()) == []
