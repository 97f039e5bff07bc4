"""The `boilerplate` rule kind in the default pack: a repeated title, text shared by documents."""

from __future__ import annotations

from tests.unit.kinds.helpers import spans


def test_boilerplate_repeated_title_and_cross_document(default_rules) -> None:
    rules = [r for r in default_rules if r.kind.name in ("boilerplate", "repetition")]
    footer = "The Valley Courier has served readers across three counties since 1952."
    a = (
        "Bridge Closes for Repairs\n\nBridge Closes for Repairs | Valley Courier\n\n"
        f"The county closed the bridge on Monday after inspectors found cracks.\n\n{footer}"
    )
    b = f"Fair Opens Saturday\n\nThe harvest fair opens on Saturday with forty stalls.\n\n{footer}"
    assert spans(rules, a, b) == ["Bridge Closes for Repairs | Valley Courier", footer]
    assert spans(rules, a) == ["Bridge Closes for Repairs | Valley Courier"]
