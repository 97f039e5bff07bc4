"""Run options, and how a run selects its configuration and rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.app.options import RunOptions, rule_paths, select_rules
from audit.config import Config
from audit.model import Severity
from audit.rules import RuleError, default_pack_path


def test_options_from_a_mapping_keep_known_names_as_tuples() -> None:
    options = RunOptions.of({"paths": ["a.txt"], "jobs": 3, "func": print, "rule_id": "x"})
    assert options == RunOptions(paths=("a.txt",), jobs=3)


def test_rule_paths_default_pack_then_config_then_command_line() -> None:
    cfg = Config(rules=[Path("house")])
    options = RunOptions(rules=("extra",))
    assert rule_paths(options, cfg) == [default_pack_path(), Path("house"), Path("extra")]
    only = RunOptions(only_rules=("mine",), rules=("extra",))
    assert rule_paths(only, cfg) == [Path("mine"), Path("extra")]


def test_select_rules_applies_config_then_command_line() -> None:
    cfg = Config(disable=["off-topic-padding"], severity={"vague-attribution": "error"})
    options = RunOptions(disable=("seo-filler",), weights=("vague-attribution=2.5",))
    rules = {r.id: r for r in select_rules(options, cfg)}
    assert "seo-filler" not in rules
    assert not any(r.category == "off-topic-padding" for r in rules.values())
    assert rules["vague-attribution"].severity is Severity.ERROR
    assert rules["vague-attribution"].weight == 2.5


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (RunOptions(disable=("nope",)), "--disable: no rule or category named 'nope'"),
        (RunOptions(weights=("nope",)), "--weight: expected RULE_ID=NUMBER"),
        (RunOptions(weights=("nope=1",)), "--weight: no rule named 'nope'"),
    ],
)
def test_select_rules_names_the_bad_option(options: RunOptions, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        select_rules(options, Config())
