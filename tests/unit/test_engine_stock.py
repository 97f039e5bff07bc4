"""Claims inside stock text and ads are dropped, found with a sorted index, not a scan per claim."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from audit.document import Document
from audit.engine import _not_in_stock_text
from audit.model import Finding, Severity
from audit.rules import default_categories

# rule id -> category; "footer" and "ad" are the rules whose spans are not the article
RULES = {
    "footer": "recycled-boilerplate",
    "ad": "off-topic-padding",
    "tangent": "off-topic-padding",
    "claim": "unattributed-claim",
    "vague": "vague-sourcing",
}
NOT_ARTICLE = frozenset({"footer", "ad"})


@st.composite
def findings(draw) -> list[Finding]:
    out = []
    for _ in range(draw(st.integers(0, 25))):
        start = draw(st.integers(0, 200))
        end = start + draw(st.integers(1, 80))
        rule = draw(st.sampled_from(sorted(RULES)))
        out.append(Finding(rule, RULES[rule], Severity.WARNING, start, end, "m"))
    return out


def _naive(items: list[Finding]) -> list[Finding]:
    stock = [(f.start, f.end) for f in items if f.rule in NOT_ARTICLE]
    claims = ("unattributed-claim", "vague-sourcing")
    return [
        f
        for f in items
        if f.category not in claims or not any(s <= f.start and f.end <= e for s, e in stock)
    ]


@settings(max_examples=300, deadline=None)
@given(findings())
def test_claims_inside_stock_text_are_dropped_like_a_full_scan(items: list[Finding]):
    assert _not_in_stock_text(items, NOT_ARTICLE, default_categories()) == _naive(items)


def test_a_claim_in_a_footer_goes_and_one_beside_it_stays():
    footer = Finding("footer", "recycled-boilerplate", Severity.WARNING, 100, 180, "stock")
    inside = Finding("claim", "unattributed-claim", Severity.WARNING, 120, 150, "claim")
    across = Finding("claim", "unattributed-claim", Severity.WARNING, 170, 200, "claim")
    padding = Finding("tangent", "off-topic-padding", Severity.WARNING, 110, 130, "aside")
    found = _not_in_stock_text([footer, inside, across, padding], NOT_ARTICLE, default_categories())
    assert found == [footer, across, padding]


def test_an_ad_drops_its_own_claims_but_a_tangent_keeps_them(engine):
    text = (
        "Harbor Council Approves Ferry Subsidy\n\n"
        "The Harbor council approved a ferry subsidy of $2 million on Monday, the council said.\n\n"
        "ShieldNet VPN is the fastest VPN on the planet, trusted by over 20 million users "
        "worldwide. Protect your privacy today!\n\n"
        "Meanwhile, Nvidia unveiled networking chips that analysts say could reshape data "
        "centres around the world."
    )
    result = engine.audit_one(Document.build(text, "ferry.txt"))
    found = {(f.rule, text[f.start : f.end][:20]) for f in result.findings}
    assert ("promotional-insert", "ShieldNet VPN is the") in found
    assert not any(rule == "unsourced-claim" and t.startswith("ShieldNet") for rule, t in found)
    assert ("tangent", "Meanwhile, Nvidia un") in found
    assert ("vague-attribution", "analysts say") in found


def test_a_claim_pinned_on_an_impersonal_source_is_vague_not_also_unattributed(engine):
    text = (
        "Merger Talks Collapse\n\n"
        "The two lenders ended merger talks on Monday, both said in statements.\n\n"
        "It is widely believed that the collapse is a disaster for the town's jobs.\n\n"
        "The collapse is a disaster for the town's jobs."
    )
    result = engine.audit_one(Document.build(text, "merger.txt"))
    by_sentence = {(f.category, text[f.start : f.end][:14]) for f in result.findings}
    assert ("vague-sourcing", "It is widely b") in by_sentence
    assert not any(c == "unattributed-claim" and t.startswith("It is") for c, t in by_sentence)
    assert ("unattributed-claim", "The collapse i") in by_sentence  # the bare claim stays
