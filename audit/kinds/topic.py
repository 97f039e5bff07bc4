"""`topic`: text that is not about the article's subject: inserted ads and tangents.

- `mode: promo` flags promotional sentences (`promo_cues` match) that share (almost) nothing
  with the subject: "Industrial Monitor Direct produces the most advanced panel PCs ...".
- `mode: tangent` flags sentences that share nothing with the subject and bring in several
  names found nowhere on-topic: "TSMC's CEO characterized Intel as ...".

A company that is the subject shares terms with the title and lead, so its products are not padding.
The classification (`audit.topic`) is one analysis per document, shared by both modes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import ClassVar

from audit import saferegex
from audit.document import Document
from audit.kinds.base import Field, Hit, Kind, RunContext
from audit.topic.classify import classification
from audit.topic.cues import Cues, alternation, count


class TopicKind(Kind):
    name = "topic"
    summary = "Flags promotional inserts and tangents unrelated to the article's subject."
    fields: ClassVar[dict[str, Field]] = {
        "mode": Field("choice", required=True, choices=("promo", "tangent")),
        "promo_cues": Field("regexes", [], help="selling words, 2 points each (promo mode)"),
        "address_cues": Field("regexes", [], help="imperatives, 'you', '!': 1 point each"),
        "min_cues": Field("int", 3, help="points a promotional sentence needs"),
        "min_new_names": Field("int", 2, help="names new to the article (tangent mode)"),
        "label_cues": Field(
            "regexes",
            [],
            help="an ad label: a line before the ad ('Sponsored'), or the ad's own opening "
            "('[ADVERTISEMENT] ...', 'SPONSORED | ...')",
        ),
        "transition_cues": Field(
            "regexes", [], help="sentence openings or section headings that announce a tangent"
        ),
        "segue_cues": Field(
            "regexes",
            [],
            help="sentence openings that change the subject outright ('Speaking of leaks,'): "
            "what follows them is the aside, and it needs no new name",
        ),
        "aside_cues": Field(
            "regexes",
            [],
            help="asides that need no names: the reader's own experience ('Plenty of us have "
            "been there'), history ('dates back to the 1950s'); a sentence with one and at "
            "most one of the subject's words (names aside) is a tangent",
        ),
        "service_cues": Field(
            "regexes",
            [],
            help="reader-service information ('The closest parking is ...', 'Tickets cost "
            "$22'): never an unannounced tangent, whatever names it brings",
        ),
        "min_terms": Field("int", 6, help="content words a tangent sentence needs"),
        "shopping_cues": Field(
            "regexes",
            [],
            help="a title that announces a deals roundup or buying guide ('Daily Deals:', "
            "'Black Friday deals', 'gift guide'): the page sells by design, so its selling "
            "sentences are not inserts (promo mode)",
        ),
        "markup_body": Field(
            "regexes",
            [],
            help="HTML input: a sentence the page holds in an element matching one of these "
            "(the article body: itemprop=articleBody, <article>, 'entry-content') is the "
            "publisher's own text, never reported by this rule",
        ),
    }

    def __init__(self, options: dict):
        super().__init__(options)
        self._cues = Cues.from_options(options)
        self.not_article = self.mode == "promo"
        self._markup_body = alternation(self.markup_body)
        self._shopping = alternation(self.shopping_cues)

    def check(self, doc: Document, run: RunContext) -> Iterator[Hit]:
        if self._shopping is not None and count(self._shopping, doc, *_title_span(doc)):
            return
        labels = classification(doc, self._cues, run.lexicon)
        in_body = self._in_marked_body(doc)
        for i, label in sorted(labels.items()):
            if label == self.mode:
                s = doc.sentences[i]
                if not in_body(s.paragraph):
                    yield Hit(s.start, s.end, {"label": label})

    def _in_marked_body(self, doc: Document) -> Callable[[int], bool]:
        """Whether the page's markup holds paragraph i in its article body (`markup_body`):
        on a real page, what the publisher marks as the story is the story, whatever it
        drifts to (a roundup's other games, an interview's answers); furniture inside it is
        left to the `structure` rules."""
        if not (self._markup_body and doc.markup):
            return lambda i: False
        regex = self._markup_body
        marked = [
            m is not None
            and m.first(lambda d: next(saferegex.finditer(regex, d), None) is not None, 99)
            is not None
            for m in doc.markup
        ]
        return lambda i: i < len(marked) and marked[i]


def _title_span(doc: Document) -> tuple[int, int]:
    """The title line (the first paragraph when it is a heading), else nothing."""
    first = doc.paragraphs[0] if doc.paragraphs else None
    return (first.start, first.end) if first is not None and first.heading else (0, 0)
