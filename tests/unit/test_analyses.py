"""Analyses: computed once per document and parameters, forgotten when the document is done."""

from __future__ import annotations

import pickle

from audit.analyses import Analysis
from audit.document import Document

TEXT = "Rates rose again on Monday. The bank said inflation is easing.\n\nMarkets fell."
calls: list[tuple[str, int]] = []


@Analysis
def _first_words(doc: Document, count: int) -> list[str]:
    """The first `count` words of every sentence (a stand-in for a costly analysis)."""
    calls.append((doc.source, count))
    return [" ".join(doc.text[s.start : s.end].split()[:count]) for s in doc.sentences]


def test_an_analysis_is_computed_once_per_document_and_parameters() -> None:
    calls.clear()
    doc = Document.build(TEXT, "a")
    first = _first_words(doc, 2)
    assert first == ["Rates rose", "The bank", "Markets fell."]
    assert _first_words(doc, 2) is first  # the stored result, not a new one
    assert _first_words(doc, 1) == ["Rates", "The", "Markets"]
    other = Document.build(TEXT, "b")
    assert _first_words(other, 2) == first and _first_words(other, 2) is not first
    assert calls == [("a", 2), ("a", 1), ("b", 2)]
    assert len(doc.analyses) == 2


def test_a_cleared_store_computes_again() -> None:
    calls.clear()
    doc = Document.build(TEXT, "a")
    _first_words(doc, 2)
    doc.analyses.clear()
    assert len(doc.analyses) == 0
    _first_words(doc, 2)
    assert calls == [("a", 2), ("a", 2)]


def test_analyses_do_not_travel_with_a_pickled_document() -> None:
    doc = Document.build(TEXT, "a")
    _first_words(doc, 2)
    copy = pickle.loads(pickle.dumps(doc))
    assert len(copy.analyses) == 0
    assert copy.sentences == doc.sentences
    assert _first_words(copy, 2) == _first_words(doc, 2)  # computed again, the same


def test_a_declared_analysis_keeps_its_function_name_and_doc() -> None:
    assert _first_words.__name__ == "_first_words"
    assert "first `count` words" in (_first_words.__doc__ or "")
    doc = Document.build(TEXT, "a")
    assert _first_words.compute(doc, 1) == ["Rates", "The", "Markets"]
    assert len(doc.analyses) == 0  # the plain function stores nothing
