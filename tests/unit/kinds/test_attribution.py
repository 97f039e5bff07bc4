"""The claim analyses of the attribution kind: cue matches and claim sentences."""

from __future__ import annotations

from audit.document import Document
from audit.kinds.attribution import AttributionKind, claim_sentences, cue_matches
from audit.kinds.base import decode_options

TEXT = (
    "Prices Will Rise\n\n"
    "Prices will rise next year across the whole region. "
    '"Prices will rise, no doubt about it," she said. '
    "They will rise. "
    "Sales rose 12% in March across the region's shops."
)


def _kind(**options) -> AttributionKind:
    return AttributionKind(decode_options(AttributionKind, {"report": "unattributed", **options}))


def test_claims_are_eligible_sentences_with_a_cue() -> None:
    kind = _kind(claim_cues=["will"], statistic_cues=[r"\d+%"])
    doc = Document.build(TEXT, "p")
    # not the heading, not the quotation, not the four-word sentence
    assert claim_sentences(doc, kind._cues) == {1: "will", 4: "12%"}
    assert kind.claims(doc) is claim_sentences(doc, kind._cues)  # one analysis


def test_cue_matches_skip_quotations_and_tell_statistics_apart() -> None:
    kind = _kind(claim_cues=["will"], statistic_cues=[r"\d+%"])
    doc = Document.build(TEXT, "p")
    found = [(doc.text[s:e], cue, stat) for s, e, cue, stat in cue_matches(doc, kind._cues)]
    assert found == [("Will", "Will", False), ("will", "will", False), ("will", "will", False),
                     ("12%", "12%", True)]  # fmt: skip


def test_each_rule_keeps_its_own_claims() -> None:
    doc = Document.build(TEXT, "p")
    assert _kind(claim_cues=["rose"]).claims(doc) == {4: "rose"}
    assert _kind(claim_cues=["will"], min_words=3).claims(doc) == {1: "will", 3: "will"}
