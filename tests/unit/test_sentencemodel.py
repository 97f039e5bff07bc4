"""The sentence model: features, scoring, the `model` rule kind beside the rules, and training."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit import sentencemodel
from audit.attribution import analyse, default_lexicon
from audit.document import Document
from audit.engine import Engine
from audit.rules import default_categories, default_pack_path, load_rules

ROOT = Path(__file__).resolve().parents[2]
PACK = load_rules([default_pack_path()])
MODEL_RULES = {r.id for r in PACK if r.kind.name == "model"}


def findings(text: str, rules=PACK):
    return Engine(rules).audit([Document.build(text, "t.txt")])[0].findings


def test_the_pack_ships_the_model_rules_switched_on() -> None:
    assert {"model-claim", "model-vague-source"} <= MODEL_RULES
    assert all(r.enabled for r in PACK if r.id in MODEL_RULES)


def test_features_carry_the_analysis_signals() -> None:
    doc = Document.build("Most viewers will simply cancel rather than pay 40% more.", "t")
    feats = sentencemodel.features(doc, 0, analyse(doc, default_lexicon())[0])
    assert {"w:simply", "b:rather than", "w:0", "s:no-source", "s:number"} <= set(feats)
    doc = Document.build("Some critics say the plan will fail.", "t")
    feats = sentencemodel.features(doc, 0, analyse(doc, default_lexicon())[0])
    assert "s:vague-source" in feats and "s:no-source" not in feats


def test_a_claim_with_no_cue_word_is_flagged_and_explained() -> None:
    # no cue of the unsourced-claim rule matches: the model finds it, and says why
    text = "Most viewers will simply cancel rather than pay more."
    rule_ids = {f.rule for f in findings(text)}
    assert "unsourced-claim" not in rule_ids
    (f,) = [f for f in findings(text) if f.rule == "model-claim"]
    assert f.category == "unattributed-claim"
    assert (f.start, f.end) == (0, len(text))
    assert "'will'" in f.message or "'simply'" in f.message or "'most'" in f.message


def test_a_named_source_wins() -> None:
    text = (
        "Most viewers will simply cancel rather than pay more, Ofcom's chief executive "
        "Jane Ortiz said on Tuesday."
    )
    assert not [f for f in findings(text) if f.rule in MODEL_RULES]


def test_a_plain_event_is_not_flagged() -> None:
    text = (
        "Harbor City Council approved the budget on Tuesday.\n\n"
        "The vote was 7 to 2, with two members absent."
    )
    assert not [f for f in findings(text) if f.rule in MODEL_RULES]


def test_the_model_backs_the_cue_rules_up_and_never_doubles_them() -> None:
    # unsourced-claim reports this sentence: the model's finding for it is dropped
    text = "Most customers will probably never see their money again."
    alone = [r for r in PACK if r.id == "model-claim"]
    assert [f.rule for f in findings(text, alone)] == ["model-claim"]
    rules = {f.rule for f in findings(text) if f.category == "unattributed-claim"}
    assert rules == {"unsourced-claim"}


def test_switched_off_it_finds_nothing() -> None:
    text = "Most viewers will simply cancel rather than pay more."
    rules = [r for r in PACK if r.id not in MODEL_RULES]
    assert not [f for f in findings(text, rules) if f.category == "unattributed-claim"]


def test_model_json_round_trip_is_stable() -> None:
    model = sentencemodel.load()
    text = sentencemodel.to_json(model)
    assert sentencemodel.to_json(sentencemodel.from_json(text)) == text
    assert set(model.heads) == {"unattributed-claim", "vague-sourcing"}
    # the shipped file is the output of to_json (sorted, rounded): retraining diffs cleanly
    assert sentencemodel.DEFAULT_MODEL.read_text(encoding="utf-8") == text


def test_an_unknown_head_is_a_rule_error(tmp_path: Path) -> None:
    from audit.rules import RuleError

    (tmp_path / "r.yaml").write_text(
        "id: m\ncategory: unattributed-claim\nkind: model\nhead: nonsense\ndescription: d\n"
        "examples: {flag: ['x'], pass: ['y']}\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError, match="no head 'nonsense'"):
        load_rules([tmp_path])


def test_training_is_deterministic_and_reports(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from audit import train

    args = [str(ROOT / "tests/labelled/corpus"), "--wiki", str(ROOT / "tests/data/model/wiki")]
    train.main([*args, "-o", str(tmp_path / "a.json")])
    train.main([*args, "-o", str(tmp_path / "b.json")])
    a = (tmp_path / "a.json").read_text(encoding="utf-8")
    assert a == (tmp_path / "b.json").read_text(encoding="utf-8")
    model = sentencemodel.from_json(a)
    assert model.heads["unattributed-claim"].weights  # it learned something
    report = (tmp_path / "a.report.md").read_text(encoding="utf-8")
    assert "| unattributed-claim |" in report and "Wikipedia sentences" in report
    # the model trained on the corpus separates a corpus-style claim from a plain event
    head = model.heads["unattributed-claim"]

    def p(text: str) -> float:
        doc = Document.build(text, "t")
        return head.probability(sentencemodel.features(doc, 0, analyse(doc, default_lexicon())[0]))

    assert p("The move is likely to send shockwaves through the entire industry.") > p(
        "The plant employs 400 people in Tessaly."
    )


def test_a_model_guess_of_vague_sourcing_overrides_no_claim_finding() -> None:
    # A vague-sourcing finding from a rule names a source span, and the claim in its clause is
    # reported once, as vague-sourcing; the model's sentence-wide guess names none, so the
    # cue rule's claim finding in the same sentence stays.
    from audit.engine import _not_found_twice, _not_vaguely_sourced
    from audit.model import Finding, Severity

    claim = Finding("unsourced-claim", "unattributed-claim", Severity.WARNING, 10, 60, "m")
    guess = Finding("model-vague-source", "vague-sourcing", Severity.INFO, 0, 60, "m")
    rule_vague = Finding("vague-attribution", "vague-sourcing", Severity.WARNING, 20, 35, "m")
    backstops = frozenset({"model-vague-source", "model-claim"})
    shipped = default_categories()
    assert _not_vaguely_sourced(backstops, [guess, claim], shipped) == [guess, claim]
    assert _not_vaguely_sourced(backstops, [claim, rule_vague], shipped) == [rule_vague]
    # and the guess itself gives way to the rule's finding of its category
    assert _not_found_twice([guess, rule_vague], backstops) == [rule_vague]
