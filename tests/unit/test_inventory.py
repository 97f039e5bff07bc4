"""The source inventory: who an article cites, how, and the share of sourced claims."""

from __future__ import annotations

from tests.conftest import audit_text

TEXT = (
    "Port Strike Enters Third Day\n\n"
    "Dockworkers at the Port of Halvern stayed off the job for a third day on Wednesday, "
    "according to a statement from the Halvern Port Authority.\n\n"
    "Union president Maria Ekdahl told reporters the talks could collapse. “We will not move,” "
    "Ekdahl said. Analysts suggest the strike could cost the region millions of dollars.\n\n"
    "According to data from the Bureau of Transport Statistics, cargo volumes fell sharply."
)


def test_sources_are_listed_with_kind_and_manner(engine) -> None:
    inv = audit_text(engine, TEXT).inventory
    by_name = {s.name: s for s in inv.sources}
    assert by_name["Union president Maria Ekdahl"].kind == "person"
    assert by_name["Union president Maria Ekdahl"].count == 2  # "Ekdahl said" is the same person
    assert "direct-quote" in by_name["Union president Maria Ekdahl"].how
    assert by_name["Analysts"].kind == "unnamed"
    assert by_name["statement from the Halvern Port Authority"].how == ("paraphrase",)
    assert any(s.name.startswith("data from the Bureau") for s in inv.sources)


def test_claim_share_counts_named_sources_only(engine) -> None:
    inv = audit_text(engine, TEXT).inventory
    assert inv.claims >= 2
    assert inv.claims_named == inv.claims - 1  # the analysts' claim is not attributed to a name
