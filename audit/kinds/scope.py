"""Shared helpers for kinds that match text: reporting scope and quotation skipping."""

from __future__ import annotations

from audit.document import Document
from audit.kinds.base import Field

SCOPE_FIELD = Field(
    "choice",
    "match",
    choices=("match", "sentence", "paragraph"),
    help="span reported: the match itself, its sentence, or its paragraph",
)
SKIP_QUOTES_FIELD = Field("bool", True, help="ignore matches inside direct quotations")


def widen(doc: Document, start: int, end: int, scope: str) -> tuple[int, int]:
    """Widen a match to its sentence or paragraph."""
    if scope == "match":
        return start, end
    i = doc.sentence_index_at(start)
    if i is None:
        return start, end
    sentence = doc.sentences[i]
    if scope == "sentence":
        return sentence.start, max(sentence.end, end)
    para = doc.paragraphs[sentence.paragraph]
    return para.start, max(para.end, end)
