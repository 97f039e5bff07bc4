"""`topic`: text that is not about the article's subject: inserted ads and tangents.

- `mode: promo` flags promotional sentences (`promo_cues` match) that share (almost) nothing
  with the subject: "Industrial Monitor Direct produces the most advanced panel PCs ...".
- `mode: tangent` flags sentences that share nothing with the subject and bring in several
  names found nowhere on-topic: "TSMC's CEO characterized Intel as ...".

A company that is the subject shares terms with the title and lead, so its products are not padding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from audit.document import Document
from audit.kinds.base import Field, Hit, Kind, RunContext
from audit.topic import subject_of, terms


class TopicKind(Kind):
    name = "topic"
    summary = "Flags promotional inserts and tangents unrelated to the article's subject."
    fields: ClassVar[dict[str, Field]] = {
        "mode": Field("choice", required=True, choices=("promo", "tangent")),
        "promo_cues": Field("regexes", [], help="promotional wording (promo mode)"),
        "min_cues": Field("int", 2, help="promo cues needed when a sentence shares a term"),
        "min_new_names": Field("int", 2, help="names new to the article (tangent mode)"),
        "min_terms": Field("int", 6, help="content words a tangent sentence needs"),
    }

    def __init__(self, options: dict):
        super().__init__(options)
        cues = "|".join(f"(?:{c})" for c in self.promo_cues)
        self._promo = re.compile(cues, re.I) if cues else None

    def check(self, doc: Document, run: RunContext) -> Iterator[Hit]:
        subject = subject_of(doc)
        all_terms = {
            i: terms(doc.text, s.start, s.end) for i, s in enumerate(doc.sentences) if not s.heading
        }
        known: set[str] = set()
        for i, t in all_terms.items():
            if doc.sentences[i].start < subject.lead_end or subject.overlap(t) > 0:
                known |= t.name_stems
        for i, t in all_terms.items():
            s = doc.sentences[i]
            if s.start < subject.lead_end:
                continue
            overlap = subject.overlap(t)
            cues = self._count_cues(doc, s.start, s.end)
            new_names = sum(1 for name in t.names if not name & known)
            promo = (cues >= self.min_cues and overlap == 0) or (
                cues >= 1 and overlap == 0 and new_names >= 1 and subject.related(t) == 0
            )
            if self.mode == "promo":
                if promo:
                    yield Hit(s.start, s.end, {"cues": str(cues)})
            elif (
                not promo
                and overlap == 0
                and new_names >= self.min_new_names
                and subject.related(t) <= 2
                and len(t.stems) >= self.min_terms
                and doc.quoted_chars(s.start, s.end) < (s.end - s.start) / 2
            ):
                yield Hit(s.start, s.end, {"names": str(new_names)})

    def _count_cues(self, doc: Document, start: int, end: int) -> int:
        """Promotional cues outside quotations (`^` anchors at the sentence start)."""
        if self._promo is None:
            return 0
        sentence = doc.text[start:end]
        return sum(
            1
            for m in self._promo.finditer(sentence)
            if not doc.in_quote(start + m.start(), start + m.end())
        )
