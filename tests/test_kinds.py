"""Unit tests for each rule kind, on short real-looking texts."""

from __future__ import annotations

from pathlib import Path

from audit.document import Document
from audit.engine import Engine
from audit.rules import load_rules


def rule_from(tmp_path: Path, yaml_text: str):
    p = tmp_path / "rule.yaml"
    p.write_text(yaml_text, encoding="utf-8")
    return load_rules([p])


def spans(rules, *texts: str) -> list[str]:
    docs = [Document.build(t, f"d{i}") for i, t in enumerate(texts)]
    result = Engine(rules).audit(docs)[0]
    return [result.document.text[f.start : f.end] for f in result.findings]


BASE = "id: r\ncategory: vague-sourcing\ndescription: d\n"


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


def test_attribution_vague_and_named(default_rules) -> None:
    vague = [r for r in default_rules if r.id == "vague-attribution"]
    text = (
        "Analysts at Goldman Sachs said oil would rise. Experts say oil will fall. "
        "Oil could fall further, according to people monitoring the market."
    )
    assert spans(vague, text) == [
        "Experts say",
        "according to people monitoring the market",
    ]


def test_unattributed_claims_and_carry_over(default_rules) -> None:
    claims = [r for r in default_rules if r.id == "unsourced-claim"]
    text = (
        "Greer told CNBC on Tuesday that talks would go on. He added that tariffs could rise.\n\n"
        "The move appears significant for global trade.\n\n"
        "“This could be a disaster,” said Ana Ruiz, a trade lawyer."
    )
    assert spans(claims, text) == ["The move appears significant for global trade."]


def test_pronoun_without_named_antecedent_is_unattributed(default_rules) -> None:
    claims = [r for r in default_rules if r.id == "unsourced-claim"]
    text = (
        "The mood in the capital has darkened lately.\n\n"
        "Officials have been coordinating responses to what they characterize as "
        "increasingly assertive behaviour."
    )
    assert len(spans(claims, text)) == 1


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


def test_repetition_within_document(default_rules) -> None:
    rules = [r for r in default_rules if r.kind.name == "repetition"]
    text = (
        "The plant will open in March next year. Jobs follow. "
        "The plant will open in March next year."
    )
    assert spans(rules, text) == ["The plant will open in March next year."]
    assert spans(rules, "The plant will open in March. Jobs follow.") == []


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


def test_literal_prefilter_never_skips_a_document_that_matches() -> None:
    """Every match of a pattern contains one of its required literals (checked on the corpus)."""
    import re

    from audit import saferegex
    from audit.rules import default_pack_path, load_rules
    from tests.conftest import CORPUS

    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    flags = re.I | re.M
    checked = 0
    for rule in load_rules([default_pack_path()]):
        for pattern in rule.kind.options.get("patterns", []):
            literals = saferegex.required_literals(pattern, flags)
            if literals is None:
                continue
            for m in (m for t in texts for m in re.finditer(pattern, t, flags)):
                assert any(lit in m.group(0).lower() for lit in literals), (pattern, m.group(0))
                checked += 1
    assert checked > 20
    owners = saferegex.required_literals(
        r"(?:all )?trademarks belong to (?:their|the) owners", re.I
    )
    assert owners == {"trademarks belong to the"}  # the longest run every match contains
    assert saferegex.required_literals(r"(?:a|b)+", re.I) is None
