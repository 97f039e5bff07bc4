"""Normalised text keys, so that copies differing in case, quotes, spacing or numbers match."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from audit.analyses import Analysis

if TYPE_CHECKING:
    from audit.document import Document

_NON_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces, digits folded to 0."""
    return _DIGITS.sub("0", _NON_WORD.sub(" ", text.lower())).strip()


@Analysis
def sentence_keys(doc: Document) -> list[str]:
    """The normalised key of every sentence of `doc`."""
    text = doc.text
    return [normalise(text[s.start : s.end]) for s in doc.sentences]


def word_count(key: str) -> int:
    return key.count(" ") + 1 if key else 0
