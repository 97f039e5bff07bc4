"""The engine and the analyses: one sourcing analysis per document, with the pack's lexicon,
shared by every kind and forgotten when the document is done."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from audit.analyses import Analyses
from audit.attribution import Lexicon, default_lexicon
from audit.document import Document
from audit.engine import Engine
from audit.kinds.attribution import AttributionKind
from audit.rules import Rule
from tests.conftest import SAMPLES


class _Recording(Analyses):
    """A store that also records what it computed: (function name, parameters)."""

    def __init__(self) -> None:
        super().__init__()
        self.computed: list[tuple[str, tuple[Any, ...]]] = []

    def get(self, compute: Callable[..., Any], doc: Document, *args: Any, **kwargs: Any) -> Any:
        before = len(self)
        value = super().get(compute, doc, *args, **kwargs)
        if len(self) > before:
            self.computed.append((compute.__name__, args))
        return value


def _audited(engine: Engine) -> tuple[Document, _Recording]:
    text = (SAMPLES / "aggregated-article.txt").read_text(encoding="utf-8")
    doc = Document.build(text, "aggregated-article.txt")
    doc.analyses = store = _Recording()
    engine.audit([doc])
    return doc, store


def _lexicons(store: _Recording) -> list[Lexicon]:
    return [a for _, args in store.computed for a in args if isinstance(a, Lexicon)]


def test_every_kind_shares_one_sourcing_analysis(engine: Engine) -> None:
    doc, store = _audited(engine)
    assert len(store.computed) == len(set(store.computed))  # once per parameters
    assert set(_lexicons(store)) == {engine.lexicon}
    assert sum(1 for _, args in store.computed if args == (engine.lexicon,)) == 1  # sourcing
    readers = {name for name, args in store.computed if engine.lexicon in args}
    assert {"scored_sentences", "classification"} < readers  # the model's and topic's too
    assert engine.lexicon == default_lexicon()  # the shipped pack adds no words
    assert len(doc.analyses) == 0  # done: forgotten


def test_the_pack_lexicon_is_the_claims_rule_and_every_kind_reads_it(
    default_rules: list[Rule],
) -> None:
    def with_words(rule: Rule) -> Rule:
        if rule.id != "unsourced-claim":
            return rule
        kind = AttributionKind({**rule.kind.options, "vague_sources": ["stewards"]})
        return dataclasses.replace(rule, kind=kind)

    engine = Engine([with_words(r) for r in default_rules])
    assert "steward" in engine.lexicon.vague_sources
    assert engine.start().lexicon is engine.lexicon
    _, store = _audited(engine)
    lexicons = set(_lexicons(store))
    # the vague-sourcing rule keeps its own (default) words; every other kind, the pack's
    assert lexicons == {engine.lexicon, default_lexicon()}
    model = [args for name, args in store.computed if name == "scored_sentences"]
    assert model and all(args[0] == engine.lexicon for args in model)


def test_a_run_indexes_cross_document_rules_with_each_position(engine: Engine) -> None:
    docs = [
        Document.build("A footer line that recurs in every page of this site.", f"{n}")
        for n in range(3)
    ]
    run = engine.prepare(docs)
    assert [d.run_position for d in docs] == [0, 1, 2]
    assert run.lexicon is engine.lexicon
    assert engine.cross_document
