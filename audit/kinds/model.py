"""`model`: a learned sentence scorer beside the rules (see `audit.sentencemodel`).

Flags a sentence when the model's probability for its `head` reaches `threshold` and the
attribution analysis found no named source for it. It is a backstop: where another rule of the
same category already reports an overlapping span, the engine keeps that rule's finding alone,
so an article is not charged twice for one sentence.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from audit import sentencemodel
from audit.analyses import Analysis
from audit.attribution import Lexicon, analyse
from audit.document import Document
from audit.kinds.base import Field, Hit, Kind, OptionError, RunContext


class ModelKind(Kind):
    name = "model"
    summary = "Scores each sentence with a trained model; flags those at or over a threshold."
    fields: ClassVar[dict[str, Field]] = {
        "head": Field("str", required=True, help="which of the model's categories to score"),
        "threshold": Field(
            "float", 0.0, help="the probability at which a sentence is flagged (0: as trained)"
        ),
        "model": Field("str", "", help="a model file (audit model train); empty: the packaged"),
        "reasons": Field("int", 3, help="how many of the words that pushed the score to name"),
        "min_words": Field("int", 5, help="shorter sentences are never scored"),
        "max_quoted": Field("float", 0.6, help="sentences more quoted than this are speech"),
    }
    backstop = True

    def __init__(self, options: dict):
        super().__init__(options)
        if not 0.0 <= self.threshold < 1.0:
            raise OptionError("threshold", "'threshold' must be between 0 and 1")
        try:
            model = sentencemodel.load(self.model)
            self._head = model.head(self.head)
        except (OSError, ValueError) as exc:
            raise OptionError("model", f"cannot load the sentence model: {exc}") from None
        if not self.threshold:  # the one training chose (see the training report)
            self.threshold = float(model.meta.get("thresholds", {}).get(self.head, 0.5))

    def check(self, doc: Document, run: RunContext) -> Iterator[Hit]:
        for i, feats in scored_sentences(doc, run.lexicon, self.min_words, self.max_quoted):
            p = self._head.probability(feats)
            if p < self.threshold:
                continue
            sentence = doc.sentences[i]
            why = "; ".join(self._head.reasons(feats, self.reasons))
            yield Hit(sentence.start, sentence.end, {"probability": f"{p:.2f}", "why": why})


@Analysis
def scored_sentences(
    doc: Document, lexicon: Lexicon, min_words: int, max_quoted: float
) -> list[tuple[int, frozenset[str]]]:
    """(sentence index, features) of the sentences to score, shared by the model's rules (one
    per head): each head only sums its weights. The features read the attribution analysis
    the attribution rules run."""
    sourcing = analyse(doc, lexicon)
    return [
        (i, frozenset(sentencemodel.features(doc, i, sourcing[i])))
        for i in sentencemodel.candidates(doc, sourcing, min_words, max_quoted)
    ]
