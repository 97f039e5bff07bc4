"""`phrase`: lists of words or phrases, matched case-insensitively on word boundaries."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar

from audit import saferegex
from audit.document import Document
from audit.kinds.base import Field, Hit, Kind, RunContext, phrase_regex
from audit.kinds.scope import SCOPE_FIELD, SKIP_QUOTES_FIELD, widen


class PhraseKind(Kind):
    name = "phrase"
    summary = "Flags listed words or phrases (whole words, any case, flexible spacing)."
    fields: ClassVar[dict[str, Field]] = {
        "phrases": Field("strings", required=True, help="words or phrases to flag"),
        "exceptions": Field("strings", [], help="longer phrases that make a match acceptable"),
        "case_sensitive": Field("bool", False),
        "skip_quotes": SKIP_QUOTES_FIELD,
        "scope": SCOPE_FIELD,
    }

    def __init__(self, options: dict):
        super().__init__(options)
        flags = 0 if self.case_sensitive else saferegex.IGNORECASE
        self._regex = phrase_regex(self.phrases, flags)
        self._exceptions = phrase_regex(self.exceptions, flags)

    def check(self, doc: Document, run: RunContext) -> Iterator[Hit]:
        yield from match_hits(doc, self._regex, self._exceptions, self.skip_quotes, self.scope)


def match_hits(
    doc: Document,
    regex: saferegex.Pattern | None,
    exceptions: saferegex.Pattern | None,
    skip_quotes: bool,
    scope: str,
) -> Iterator[Hit]:
    """Hits for every regex match not inside an exception match or (optionally) a quotation."""
    if regex is None:
        return
    yield from hits_from_matches(
        doc, saferegex.finditer(regex, doc.text), exceptions, skip_quotes, scope
    )


def hits_from_matches(
    doc: Document,
    matches: Iterable,
    exceptions: saferegex.Pattern | None,
    skip_quotes: bool,
    scope: str,
) -> Iterator[Hit]:
    """Hits for matches (in order of position) outside exceptions and, optionally, quotations."""
    text = doc.text
    excepted = [m.span() for m in saferegex.finditer(exceptions, text)] if exceptions else []
    last_end = -1
    for m in matches:
        s, e = m.span()
        if s == e:
            continue
        if any(xs <= s and e <= xe for xs, xe in excepted):
            continue
        if skip_quotes and doc.in_quote(s, e):
            continue
        s, e = widen(doc, s, e, scope)
        if s < last_end:
            continue  # one hit per sentence/paragraph; overlapping matches once
        last_end = e
        yield Hit(s, e, {"phrase": " ".join(m.group(0).split())})
