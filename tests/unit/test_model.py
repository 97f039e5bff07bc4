"""Categories: lookup, roles, and merging a pack's declarations into the shipped ones."""

from __future__ import annotations

from audit.model import Categories, Category, Role

CLAIM = Category("claims", "Claims", "claims", "C", "yellow", role=Role.CLAIM)
STOCK = Category("stock", "Stock text", "stock", "S", "blue", role=Role.BOILERPLATE)


def test_an_undeclared_category_is_known_by_its_id() -> None:
    categories = Categories((CLAIM,))
    assert "claims" in categories and "gossip" not in categories
    assert categories.get("gossip") == Category("gossip", "gossip", "gossip", "G")
    assert Category.named("").letter == "?"


def test_roles_and_weights() -> None:
    weighted = Category("style", "Style", "style", "S", weight=-0.5)
    categories = Categories((CLAIM, STOCK, weighted))
    assert categories.with_role(Role.CLAIM, Role.SOURCE) == {"claims"}
    assert categories.with_role(Role.BOILERPLATE) == {"stock"}
    assert categories.weights() == {"style": -0.5}


def test_a_category_declared_again_keeps_its_place_and_takes_the_new_look() -> None:
    green = Category("claims", "Claims", "claims", "C", "green", role=Role.CLAIM)
    merged = Categories((CLAIM, STOCK)).merged([Category.named("extra"), green])
    assert merged.ids == ("claims", "stock", "extra")
    assert merged.get("claims").colour == "green"
