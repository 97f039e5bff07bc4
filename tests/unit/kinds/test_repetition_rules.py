"""The `repetition` rule kind in the default pack: a sentence repeated within a document."""

from __future__ import annotations

from tests.unit.kinds.helpers import spans


def test_repetition_within_document(default_rules) -> None:
    rules = [r for r in default_rules if r.kind.name == "repetition"]
    text = (
        "The plant will open in March next year. Jobs follow. "
        "The plant will open in March next year."
    )
    assert spans(rules, text) == ["The plant will open in March next year."]
    assert spans(rules, "The plant will open in March. Jobs follow.") == []
