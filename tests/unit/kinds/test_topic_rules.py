"""The `topic` rule kind in the default pack: promotional inserts, tangents, the subject company."""

from __future__ import annotations

from tests.unit.kinds.helpers import spans


def test_topic_promo_and_tangent(default_rules) -> None:
    topic = [r for r in default_rules if r.kind.name == "topic"]
    text = (
        "City Council Approves New Bus Lanes\n\n"
        "The city council approved new bus lanes on Main Street on Monday, after a year of "
        "debate over traffic and parking.\n\n"
        "Bus lanes will open in June, the council said.\n\n"
        "Meanwhile, Nvidia and Broadcom unveiled faster networking chips for data centres.\n\n"
        "Brightway Solar delivers the most reliable rooftop panels, trusted by homeowners."
    )
    assert spans(topic, text) == [
        "Meanwhile, Nvidia and Broadcom unveiled faster networking chips for data centres.",
        "Brightway Solar delivers the most reliable rooftop panels, trusted by homeowners.",
    ]


def test_subject_company_is_not_padding(default_rules) -> None:
    topic = [r for r in default_rules if r.kind.name == "topic"]
    text = (
        "Brightway Solar Opens Factory in Ohio\n\n"
        "Brightway Solar opened a rooftop panel factory in Toledo on Monday.\n\n"
        "Brightway Solar makes the most reliable rooftop panels, trusted by homeowners, "
        "its chief executive said."
    )
    assert spans(topic, text) == []
