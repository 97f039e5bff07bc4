"""Every rule of the default pack passes its own examples (flag and pass)."""

from __future__ import annotations

import pytest

from audit.rules import default_pack_path, load_rules
from audit.selftest import test_rule as run_rule_examples

RULES = load_rules([default_pack_path()])


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples(rule) -> None:
    assert rule.flag_examples, f"{rule.id} has no flag examples"
    assert rule.pass_examples, f"{rule.id} has no pass examples"
    failures = run_rule_examples(rule)
    assert not failures, "\n".join(f.describe() for f in failures)


def test_every_category_is_covered() -> None:
    from audit.rules import default_categories

    assert {r.category for r in RULES} == set(default_categories().ids)
