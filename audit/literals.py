"""Which of many literal strings occur in a text, found in one pass.

Stock-text patterns run only on documents that hold one of the literals every match of them
must contain (`saferegex.required_literals`). Asking `literal in text` for each of a pack's
two hundred literals reads the document two hundred times; an Aho-Corasick automaton
(pyahocorasick, in C) reads it once and reports every literal present.

Kinds register their literals when they are built; the automaton is rebuilt when a new one
arrives, and each document's answer is one of its analyses (per index and automaton version).
"""

from __future__ import annotations

from collections.abc import Iterator

import ahocorasick

from audit.analyses import Analysis
from audit.document import Document


class LiteralIndex:
    """A growing set of literals, and where a document holds them."""

    def __init__(self, folded: bool):
        self.folded = folded  # literals are lower-case and matched in the lower-cased text
        self._literals: set[str] = set()
        self._automaton: ahocorasick.Automaton | None = None
        self._version = 0

    def register(self, literals: frozenset[str]) -> None:
        if not literals <= self._literals:
            self._literals |= literals
            self._automaton = None
            self._version += 1

    def found(self, doc: Document) -> dict[str, list[int]]:
        """The registered literals that occur in the document's text (lower-cased if folded),
        each with the offsets where it starts."""
        return _found(doc, self, self._version)

    def scan(self, text: str) -> Iterator[tuple[int, str]]:
        """(end offset, literal) of every registered literal in `text`."""
        if not self._literals:
            return iter(())
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for literal in self._literals:
                automaton.add_word(literal, literal)
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton.iter(text)


@Analysis
def _found(doc: Document, index: LiteralIndex, version: int) -> dict[str, list[int]]:
    """Where the literals of `index` (at `version`: an index grows) occur in the document."""
    found: dict[str, list[int]] = {}
    text = lowered(doc) if index.folded else doc.text
    for end, literal in index.scan(text):
        found.setdefault(literal, []).append(end + 1 - len(literal))
    return found


@Analysis
def lowered(doc: Document) -> str:
    """The document's text, lower-cased."""
    return doc.text.lower()


FOLDED = LiteralIndex(folded=True)  # for case-insensitive patterns
EXACT = LiteralIndex(folded=False)  # for case-sensitive ones
