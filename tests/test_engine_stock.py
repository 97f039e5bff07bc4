"""Claims inside stock text are dropped, found with a sorted index instead of a scan per claim."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from audit.engine import _not_in_stock_text
from audit.model import Finding, Severity

CATEGORIES = ["recycled-boilerplate", "unattributed-claim", "vague-sourcing", "off-topic-padding"]


@st.composite
def findings(draw) -> list[Finding]:
    out = []
    for _ in range(draw(st.integers(0, 25))):
        start = draw(st.integers(0, 200))
        end = start + draw(st.integers(1, 80))
        category = draw(st.sampled_from(CATEGORIES))
        out.append(Finding("r", category, Severity.WARNING, start, end, "m"))
    return out


def _naive(items: list[Finding]) -> list[Finding]:
    stock = [(f.start, f.end) for f in items if f.category == "recycled-boilerplate"]
    claims = ("unattributed-claim", "vague-sourcing")
    return [
        f
        for f in items
        if f.category not in claims or not any(s <= f.start and f.end <= e for s, e in stock)
    ]


@settings(max_examples=300, deadline=None)
@given(findings())
def test_claims_inside_stock_text_are_dropped_like_a_full_scan(items: list[Finding]):
    assert _not_in_stock_text(items) == _naive(items)


def test_a_claim_in_a_footer_goes_and_one_beside_it_stays():
    footer = Finding("f", "recycled-boilerplate", Severity.WARNING, 100, 180, "stock")
    inside = Finding("c", "unattributed-claim", Severity.WARNING, 120, 150, "claim")
    across = Finding("c", "unattributed-claim", Severity.WARNING, 170, 200, "claim")
    padding = Finding("p", "off-topic-padding", Severity.WARNING, 110, 130, "ad")
    assert _not_in_stock_text([footer, inside, across, padding]) == [footer, across, padding]
