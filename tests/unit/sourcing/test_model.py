"""Status and How keep the strings reports and JSON carry; the lexicon takes a rule's words."""

from __future__ import annotations

import json

from audit.sourcing.model import Attribution, How, Status, default_lexicon, head, lemma


def test_status_and_how_are_their_report_strings() -> None:
    assert [s.value for s in Status] == ["named", "vague", "pronoun", "anaphor"]
    assert [h.value for h in How] == [
        "direct-quote",
        "paraphrase",
        "secondhand",
        "link",
        "reference",
    ]
    a = Attribution(0, 8, "Analysts", Status.VAGUE, How.PARAPHRASE, 0)
    assert json.dumps([a.status, a.how]) == '["vague", "paraphrase"]'
    assert f"{a.status} {a.how}" == "vague paraphrase" and a.status == "vague"


def test_named_keeps_everything_but_the_status() -> None:
    a = Attribution(3, 11, "Analysts", Status.VAGUE, How.SECONDHAND, 2)
    assert a.named() == Attribution(3, 11, "Analysts", Status.NAMED, How.SECONDHAND, 2)


def test_a_rule_extends_the_default_lexicon() -> None:
    base = default_lexicon()
    extended = default_lexicon(("Boffins",), ("Mutter",))
    assert "boffin" in extended.vague_sources and "boffin" not in base.vague_sources
    assert {"mutter", "mutters", "muttered"} <= extended.speech_verbs
    assert base.vague_sources < extended.vague_sources
    assert default_lexicon(("Boffins",), ("Mutter",)) is extended  # one per distinct rule


def test_lemma_and_head() -> None:
    assert [lemma(w) for w in ("analysts", "studies", "Press", "census", "data")] == [
        "analyst",
        "study",
        "press",
        "census",
        "data",
    ]
    assert head("grid-watchers") == "watcher"
