"""A regex in a rule may be written one alternative a line: a list inside the list of regexes."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.kinds import KINDS
from audit.kinds.base import OptionError, decode_options
from audit.rules import RuleError, load_rules

RULE = """\
id: one-a-line
category: vague-sourcing
kind: pattern
description: Speculation pinned on no one.
patterns:
  - - "it is (?:widely )?believed"
    - "reportedly"
  - "insiders say"
examples:
  flag: ["The plant will [[reportedly]] close."]
  pass: ["The plant will close, the company said."]
"""


def test_a_list_of_alternatives_is_one_regex() -> None:
    options = decode_options(KINDS["pattern"], {"patterns": [["a+", "b|c"], "d"]})
    assert options["patterns"] == ["a+|b|c", "d"]


def test_a_rule_file_may_list_a_regex_one_alternative_a_line(tmp_path: Path) -> None:
    (tmp_path / "rule.yaml").write_text(RULE, encoding="utf-8")
    (rule,) = load_rules([tmp_path])
    assert rule.kind.patterns == ["it is (?:widely )?believed|reportedly", "insiders say"]


@pytest.mark.parametrize("entry", [[], ["a", 3], [["a"]]])
def test_an_alternative_must_be_a_string(entry: list) -> None:
    with pytest.raises(OptionError, match="list of strings"):
        decode_options(KINDS["pattern"], {"patterns": [entry]})


def test_a_bad_alternative_is_reported_at_the_regex_it_belongs_to(tmp_path: Path) -> None:
    (tmp_path / "rule.yaml").write_text(RULE.replace('"reportedly"', '"report(edly"'), "utf-8")
    with pytest.raises(RuleError, match=r"rule\.yaml:6:5: bad regular expression"):
        load_rules([tmp_path])
