"""`repetition`: a sentence that appears again later in the same document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from audit.document import Document
from audit.fingerprint import sentence_keys, word_count
from audit.kinds.base import Field, Hit, Kind, RunContext
from audit.structure import Features, features


class RepetitionKind(Kind):
    name = "repetition"
    summary = "Flags sentences repeated within one document (copy-paste padding)."
    fields: ClassVar[dict[str, Field]] = {
        "min_words": Field("int", 6, help="shorter sentences are never compared"),
        "list_lines": Field(
            "bool",
            True,
            help="false: a repeated line of a list (a list item, a line that does not end like "
            "a sentence, or one that is mostly numbers: a meal plan's or a workout's items) is "
            "the article's own structure, not copy-paste",
        ),
        "max_numeric": Field(
            "float", 0.2, help="with list_lines false: a line with more numbers is a list line"
        ),
    }

    def check(self, doc: Document, run: RunContext) -> Iterator[Hit]:
        seen: dict[str, int] = {}
        feats = None if self.list_lines else features(doc)
        for s, key in zip(doc.sentences, sentence_keys(doc), strict=True):
            if s.heading or word_count(key) < self.min_words:
                continue
            if feats is not None and self._list_line(feats[s.paragraph]):
                continue
            if key in seen:
                line, _ = doc.line_col(seen[key])
                yield Hit(s.start, s.end, {"first_line": str(line)})
            else:
                seen[key] = s.start

    def _list_line(self, f: Features) -> bool:
        return f.list_item or not f.terminal or f.numeric > self.max_numeric
