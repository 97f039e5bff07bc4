"""`pattern`: regular expressions (Python syntax), for stock text and shapes phrases can't say."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from audit import saferegex
from audit.document import Document
from audit.kinds.base import Field, Hit, Kind, RunContext
from audit.kinds.phrase import match_hits
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
        self._regex = saferegex.compile("|".join(f"(?:{p})" for p in self.patterns), flags)
        self._exceptions = (
            saferegex.compile("|".join(f"(?:{p})" for p in self.exceptions), flags)
            if self.exceptions
            else None
        )

    def check(self, doc: Document, run: RunContext) -> Iterator[Hit]:
        yield from match_hits(doc, self._regex, self._exceptions, self.skip_quotes, self.scope)
