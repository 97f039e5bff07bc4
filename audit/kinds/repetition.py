"""`repetition`: a sentence that appears again later in the same document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from audit.document import Document
from audit.fingerprint import sentence_keys, word_count
from audit.kinds.base import Field, Hit, Kind, RunContext


class RepetitionKind(Kind):
    name = "repetition"
    summary = "Flags sentences repeated within one document (copy-paste padding)."
    fields: ClassVar[dict[str, Field]] = {
        "min_words": Field("int", 6, help="shorter sentences are never compared")
    }

    def check(self, doc: Document, run: RunContext) -> Iterator[Hit]:
        seen: dict[str, int] = {}
        for s, key in zip(doc.sentences, sentence_keys(doc), strict=True):
            if s.heading or word_count(key) < self.min_words:
                continue
            if key in seen:
                line, _ = doc.line_col(seen[key])
                yield Hit(s.start, s.end, {"first_line": str(line)})
            else:
                seen[key] = s.start
