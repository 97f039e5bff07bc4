"""Normalised text keys, so that copies differing in case, quotes, spacing or numbers match."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from audit.document import Document

_NON_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces, digits folded to 0."""
    return _DIGITS.sub("0", _NON_WORD.sub(" ", text.lower())).strip()


SENTENCE_KEYS = "sentence-keys"  # the document cache entry of `sentence_keys`


def sentence_keys(doc: Document) -> list[str]:
    """The normalised key of every sentence of `doc` (computed once per document)."""
    keys = doc.cache.get(SENTENCE_KEYS)
    if keys is None:
        text = doc.text
        keys = doc.cache[SENTENCE_KEYS] = [normalise(text[s.start : s.end]) for s in doc.sentences]
    return keys  # type: ignore[return-value]


def word_count(key: str) -> int:
    return key.count(" ") + 1 if key else 0
