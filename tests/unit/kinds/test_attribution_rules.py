"""The `attribution` rule kind in the default pack: vague and named sources, unsourced claims."""

from __future__ import annotations

from tests.unit.kinds.helpers import spans


def test_attribution_vague_and_named(default_rules) -> None:
    vague = [r for r in default_rules if r.id == "vague-attribution"]
    text = (
        "Analysts at Goldman Sachs said oil would rise. Experts say oil will fall. "
        "Oil could fall further, according to people monitoring the market."
    )
    assert spans(vague, text) == [
        "Experts say",
        "according to people monitoring the market",
    ]


def test_unattributed_claims_and_carry_over(default_rules) -> None:
    claims = [r for r in default_rules if r.id == "unsourced-claim"]
    text = (
        "Greer told CNBC on Tuesday that talks would go on. He added that tariffs could rise.\n\n"
        "The move appears significant for global trade.\n\n"
        "“This could be a disaster,” said Ana Ruiz, a trade lawyer."
    )
    assert spans(claims, text) == ["The move appears significant for global trade."]


def test_pronoun_without_named_antecedent_is_unattributed(default_rules) -> None:
    claims = [r for r in default_rules if r.id == "unsourced-claim"]
    text = (
        "The mood in the capital has darkened lately.\n\n"
        "Officials have been coordinating responses to what they characterize as "
        "increasingly assertive behaviour."
    )
    assert len(spans(claims, text)) == 1
