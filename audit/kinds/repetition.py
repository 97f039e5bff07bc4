"""`repetition`: a sentence that appears again later in the same document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from audit.document import Document
from audit.fingerprint import normalise, word_count
from audit.kinds.base import Field, Hit, Kind, RunContext


class RepetitionKind(Kind):
    name = "repetition"
    summary = "Flags sentences repeated within one document (copy-paste padding)."
    fields: ClassVar[dict[str, Field]] = {
        "min_words": Field("int", 6, help="shorter sentences are never compared")
    }

    def check(self, doc: Document, run: RunContext) -> Iterator[Hit]:
        seen: dict[str, int] = {}
        for s in doc.sentences:
            if s.heading:
                continue
            key = normalise(doc.text[s.start : s.end])
            if word_count(key) < self.min_words:
                continue
            if key in seen:
                line, _ = doc.line_col(seen[key])
                yield Hit(s.start, s.end, {"first_line": str(line)})
            else:
                seen[key] = s.start
