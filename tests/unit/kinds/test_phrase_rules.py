"""The `phrase` rule kind: whole words in any case, exceptions, quotes and scope."""

from __future__ import annotations

from pathlib import Path

from tests.unit.kinds.helpers import BASE, rule_from, spans


def test_phrase_whole_words_any_case_and_exceptions(tmp_path: Path) -> None:
    rules = rule_from(
        tmp_path,
        BASE + "kind: phrase\nphrases: [insiders say]\nexceptions: [no insiders say]\n",
    )
    assert spans(rules, "Insiders  say the deal is off. Outsiders say less.") == ["Insiders  say"]
    assert spans(rules, "There are no insiders say it.") == []


def test_phrase_skips_quotes_and_widens_scope(tmp_path: Path) -> None:
    rules = rule_from(tmp_path, BASE + "kind: phrase\nphrases: [reportedly]\nscope: sentence\n")
    text = "The firm is reportedly for sale. “It is reportedly fine,” he said."
    assert spans(rules, text) == ["The firm is reportedly for sale."]
