"""Gates: --fail-on names come from the categories a run declares."""

from __future__ import annotations

from audit.gates import Gates, gate_choices
from audit.model import Categories, Category
from audit.rules import default_categories


def test_gate_choices_are_the_severities_and_the_categories() -> None:
    assert gate_choices() == ("error", "warning", "info", *default_categories().ids)
    extra = default_categories().merged([Category.named("house-style")])
    assert gate_choices(extra)[-1] == "house-style"
    assert gate_choices(Categories((Category.named("x"),))) == ("error", "warning", "info", "x")


def test_a_category_gate_counts_that_category(engine) -> None:
    from tests.conftest import audit_text

    result = audit_text(engine, "Analysts say the plan could fail. Critics say it will.")
    assert Gates(fail_on=("vague-sourcing",)).failures(result) == ["2 vague-sourcing findings"]
    assert Gates(fail_on=("recycled-boilerplate",)).failures(result) == []
