"""`pattern`: regular expressions (Python syntax), for stock text and shapes phrases can't say."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from audit import literals, saferegex
from audit.document import Document
from audit.kinds.base import Field, Hit, Kind, RunContext
from audit.kinds.phrase import hits_from_matches
from audit.kinds.scope import SCOPE_FIELD, SKIP_QUOTES_FIELD


class PatternKind(Kind):
    name = "pattern"
    summary = "Flags matches of regular expressions."
    fields: ClassVar[dict[str, Field]] = {
        "patterns": Field("regexes", required=True, help="regular expressions; any may match"),
        "exceptions": Field("regexes", [], help="regexes whose matches make a hit acceptable"),
        "case_sensitive": Field("bool", False),
        "skip_quotes": SKIP_QUOTES_FIELD,
        "scope": SCOPE_FIELD,
    }

    def __init__(self, options: dict):
        super().__init__(options)
        flags = saferegex.MULTILINE | (0 if self.case_sensitive else saferegex.IGNORECASE)
        # Each pattern runs alone, and only on documents holding one of the literals every
        # match of it must contain: most documents skip most stock-text patterns unscanned.
        self._patterns = [
            (saferegex.compile(p, flags), saferegex.required_literals(p, flags))
            for p in self.patterns
        ]
        self._literals = literals.EXACT if self.case_sensitive else literals.FOLDED
        for _, required in self._patterns:
            if required is not None:
                self._literals.register(required)
        self._exceptions = (
            saferegex.compile_alternation(self.exceptions, flags) if self.exceptions else None
        )

    def check(self, doc: Document, run: RunContext) -> Iterator[Hit]:
        present = self._literals.present(doc)
        matches = [
            m
            for regex, required in self._patterns
            if required is None or not present.isdisjoint(required)
            for m in saferegex.finditer(regex, doc.text)
        ]
        matches.sort(key=lambda m: (m.start(), -m.end()))
        yield from hits_from_matches(doc, matches, self._exceptions, self.skip_quotes, self.scope)
