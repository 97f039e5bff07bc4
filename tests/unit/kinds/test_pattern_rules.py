"""The `pattern` rule kind: regexes, the literal prefilter, and a runaway regex stopped."""

from __future__ import annotations

from pathlib import Path

from audit.document import Document
from audit.engine import Engine
from tests.unit.kinds.helpers import BASE, rule_from, spans


def test_pattern_kind(tmp_path: Path) -> None:
    rules = rule_from(tmp_path, BASE + "kind: pattern\npatterns: ['\\d+ sources']\n")
    assert spans(rules, "According to 3 sources, it fell.") == ["3 sources"]


def test_pattern_literal_prefilter_finds_every_rule_literal(tmp_path: Path) -> None:
    """Stock patterns run only where one of their required literals occurs (one Aho-Corasick
    pass per document); a literal that only occurs inside another one, a case-sensitive
    literal, and a rule loaded after the document was first scanned all still match."""
    first = rule_from(tmp_path, BASE + "kind: pattern\npatterns: ['all rights reserved']\n")
    doc = Document.build("Copyright 2026. ALL RIGHTS RESERVED. Tags: trade, Reserve Bank.", "d")
    assert [f.rule for f in Engine(first).audit([doc])[0].findings] == ["r"]
    later = tmp_path / "later"
    later.mkdir()
    second = rule_from(
        later,
        BASE.replace("id: r", "id: s")
        + "kind: pattern\ncase_sensitive: true\npatterns: ['Reserve Bank', 'Federal Reserve']\n",
    )
    inner = rule_from(
        tmp_path / "later", BASE.replace("id: r", "id: t") + "kind: pattern\npatterns: [serve]\n"
    )
    text = "Copyright 2026. ALL RIGHTS RESERVED. Tags: trade, Reserve Bank."
    doc = Document.build(text, "d")
    found = Engine([*first, *second, *inner]).audit([doc])[0].findings
    assert sorted((f.rule, text[f.start : f.end]) for f in found) == [
        ("r", "ALL RIGHTS RESERVED"),
        ("s", "Reserve Bank"),
        ("t", "SERVE"),  # "serve" occurs only inside longer literals of the other rules
        ("t", "serve"),
    ]
    assert spans(second, text.replace("Reserve Bank", "reserve bank")) == []


def test_catastrophic_regex_is_stopped_and_reported(tmp_path: Path, default_rules) -> None:
    redos = rule_from(
        tmp_path,
        "id: redos\ncategory: recycled-boilerplate\nkind: pattern\ndescription: d\n"
        "patterns: ['(\\w+\\s?)+$']\n",
    )
    text = "Leave a Reply\n\n" + "word " * 20000 + "!"
    result = Engine([*default_rules, *redos]).audit([Document.build(text, "x")])[0]
    assert result.rule_errors == [
        "rule redos failed: RegexTimeout: regular expression took longer than 1 s "
        "(catastrophic backtracking?)"
    ]
    assert any(f.rule == "comment-form" for f in result.findings)  # the other rules still ran
