"""`topic`: text that is not about the article's subject: inserted ads and tangents.

- `mode: promo` flags promotional sentences (`promo_cues` match) that share (almost) nothing
  with the subject: "Industrial Monitor Direct produces the most advanced panel PCs ...".
- `mode: tangent` flags sentences that share nothing with the subject and bring in several
  names found nowhere on-topic: "TSMC's CEO characterized Intel as ...".

A company that is the subject shares terms with the title and lead, so its products are not padding.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from typing import ClassVar

from audit import saferegex
from audit.attribution import analyse, default_lexicon
from audit.document import Document
from audit.inventory import source_kind
from audit.kinds.base import Field, Hit, Kind, RunContext
from audit.sourcewords import NON_NAMES
from audit.topic import Subject, Terms, sentence_terms, stem, subject_of, terms


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
        self._strong = _alternation(self.promo_cues)
        self._weak = _alternation(self.address_cues)
        self._transition = _alternation(self.transition_cues)
        self._segue = _alternation(self.segue_cues)
        self._aside = _alternation(self.aside_cues)
        self._service = _alternation(self.service_cues)
        # the strings an aside cue must contain, when every cue has some: a cheap first test
        found = [
            saferegex.required_literals(piece, saferegex.IGNORECASE)
            for cue in self.aside_cues
            for piece in saferegex.top_level(cue)
        ]
        self._aside_literals = None if None in found else frozenset().union(*found)
        self.not_article = self.mode == "promo"
        self._label_line = _alternation(self.label_cues)
        self._markup_body = _alternation(self.markup_body)
        self._shopping = _alternation(self.shopping_cues)

    def check(self, doc: Document, run: RunContext) -> Iterator[Hit]:
        if self._shopping is not None and self._count(self._shopping, doc, *_title_span(doc)):
            return
        labels = self.classify(doc)
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

    def classify(self, doc: Document) -> dict[int, str]:
        """Sentence index -> "promo" or "tangent" for every off-topic sentence (and heading).

        Both modes share one classification per document (cached by the options that shape it).
        """
        key = (
            "topic",
            *(
                tuple(v) if isinstance(v, list) else v
                for k, v in sorted(self.options.items())
                if k not in ("mode", "markup_body", "shopping_cues")
            ),
        )
        cached = doc.cache.get(key)
        if cached is None:
            cached = doc.cache[key] = self._classify(doc)
        return cached  # type: ignore[return-value]

    def _classify(self, doc: Document) -> dict[int, str]:
        subject = subject_of(doc)
        all_terms, named = _sentence_terms(doc, subject)
        labels: dict[int, str] = {}
        announced = self._announced(doc)
        labelled, inline = self._labelled_ads(doc)
        for i, t in all_terms.items():
            s = doc.sentences[i]
            if s.start >= subject.lead_end:
                if i in labelled and (
                    subject.overlap(t) <= 1 or self._count(self._strong, doc, s.start, s.end)
                ):
                    label = "promo"  # the paragraph under a "Sponsored" label
                else:
                    known = _known_elsewhere(named, t, subject)
                    label = self._label(doc, i, t, subject, known, announced.get(i))
                if label:
                    labels[i] = label
        _continue_tangents(doc, subject, all_terms, labels)
        for i in labelled:
            if doc.sentences[i].heading:
                labels[i] = "promo"  # "ADVERTISEMENT", then "Top 10 Credit Cards With 0% APR"
        self._label_ad_paragraphs(doc, subject, all_terms, labels)
        _label_section_headings(doc, labels, inline)
        return labels

    def _label_ad_paragraphs(self, doc: Document, subject, all_terms, labels) -> None:
        """A short paragraph that sells as a whole ("Upgrade your commute. Zephyr's e-bike is
        now £300 off. Shop the range today!"), though not every sentence of it sells enough
        alone; and a sentence with a selling cue of its own beside an ad is part of it ("If
        you love coffee, now is a great time to invest in an espresso machine.")."""
        for p in doc.paragraphs:
            ids = p.sentence_range
            if not 2 <= len(ids) <= 4 or p.start < subject.lead_end or p.heading:
                continue
            if any(i not in all_terms or labels.get(i, "promo") != "promo" for i in ids):
                continue
            if any(i in labels for i in ids):
                for i in ids:
                    if i not in labels and self._count(self._strong, doc, *_span(doc, i)):
                        labels[i] = "promo"
            if all(i in labels for i in ids):
                continue
            stems = set().union(*(all_terms[i].stems for i in ids))
            if subject.overlap_of(stems) > 1:
                continue  # on-topic (the cheap test first)
            strong = self._count(self._strong, doc, p.start, p.end)
            if not strong:
                continue
            weak = sum(self._count(self._weak, doc, *_span(doc, i)) for i in ids)
            if 2 * strong + weak >= self.min_cues + 2:
                labels.update(dict.fromkeys(ids, "promo"))

    def _labelled_ads(self, doc: Document) -> tuple[set[int], set[int]]:
        """Sentences of the paragraph right after a short 'Sponsored' / 'Advertisement' line,
        or of a paragraph opening with such a label ("[ADVERTISEMENT] Restless evenings? ...",
        "DEAL OF THE DAY 🔥 ...", "Sponsored | ..."); and the latter alone."""
        if self._label_line is None:
            return set(), set()
        out: set[int] = set()
        inline: set[int] = set()  # the ads that carry their own label
        paragraphs = doc.paragraphs
        for n, p in enumerate(paragraphs[1:], 1):
            if p.end - p.start <= 60:
                at = _after_timestamp(doc.text, p.start, p.end)  # "17:30 BST – Sponsored"
                if n + 1 < len(paragraphs) and self._count(self._label_line, doc, at, p.end):
                    words = len(doc.text[at : p.end].split())
                    if words >= 4 and self._opens_with_label(doc.text, at, p.end):
                        out.update(p.sentence_range)  # "BETTING: Latest odds with KickBet"
                    out.update(paragraphs[n + 1].sentence_range)
                    for q in paragraphs[n + 2 :]:  # an odds box: the lines that go on selling
                        if not self._count(self._strong, doc, q.start, q.end):
                            break
                        out.update(q.sentence_range)
            elif not p.heading and self._opens_with_label(doc.text, p.start, p.end):
                inline.update(p.sentence_range)
        return out | inline, inline

    def _opens_with_label(self, text: str, start: int, end: int) -> bool:
        """The paragraph opens with an ad label set off as one: in capitals, or followed by
        ']', '|' or ':' (not "Advertising revenue fell", "Offer documents were filed")."""
        head = _LEADING_SYMBOLS.match(text, start, end)
        at = head.end() if head else start
        m = next(saferegex.finditer(self._label_line, text[at : min(end, at + 40)]), None)
        if m is None:
            return False
        label = m.group(0)
        after = text[at + m.end() : at + m.end() + 3].lstrip()
        return label.isupper() or after[:1] in ("]", "|", ":")

    def _announced(self, doc: Document) -> dict[int, tuple[int, bool]]:
        """Sentences opening with a transition or segue cue, or under a heading with a
        transition: index -> (where the aside starts, whether a segue announced it)."""
        if self._transition is None and self._segue is None:
            return {}
        out: dict[int, tuple[int, bool]] = {}
        section = False
        for i, s in enumerate(doc.sentences):
            if s.heading:
                at = _after_timestamp(doc.text, s.start, s.end)  # "16:02 BST – Elsewhere today"
                section = i > 0 and self._count(self._transition, doc, at, s.end) > 0
            elif (after := self._cue_end(self._segue, doc, s.start, s.end)) is not None:
                out[i] = (after, True)
            elif (after := self._cue_end(self._transition, doc, s.start, s.end)) is not None:
                out[i] = (after, False)
            elif section:
                out[i] = (s.start, False)
        return out

    def _label(
        self, doc: Document, i: int, t, subject, known, aside: tuple[int, bool] | None = None
    ) -> str | None:
        """ "promo", "tangent" or None for sentence i (terms t), `aside` telling where an
        announced aside starts and whether a segue announced it."""
        start, end = _span(doc, i)
        announced = aside is not None
        if aside is not None and aside[0] > start:
            t = _without(t, terms(doc.text, start, aside[0]))  # "Speaking of leaks," shares a
            # word with the subject by design: only the aside after it counts
        overlap = subject.overlap(t)
        if announced:  # "Meanwhile, the Kalindi Lake boating festival": new unless all known
            opening = _first_stem(doc, start)  # not "Related" in "Related: Stratocore opens"
            new_names = sum(1 for name in t.names if not name - opening <= known)
        else:
            new_names = sum(1 for name in t.names if not name & known) if overlap <= 1 else 0
        if announced and new_names and overlap > 1:
            # "Meanwhile, fellow Love Villa alum Shannon Keyes showed off her kitchen": what an
            # announced aside shares may be only the subject's names (the show, the town)
            overlap = max(1, subject.overlap_of(set(t.stems) - t.name_stems))
        if overlap > 1 and self._count(self._strong, doc, start, end) < 3:
            return None  # shares the subject's terms: neither an insert nor a tangent, unless
            # it sells three ways at once ("readers get two months of StreamBox Premium for the
            # price of one with the code REEL2 - the perfect excuse to rewatch Glass Tide")
        related = subject.related(t)
        if self._sells(doc, start, end, overlap, new_names, related):
            return "promo"
        # one shared word does not bring back a sentence that announces a change of subject
        # ("Elsewhere, Northgate Athletic confirmed a naming-rights deal ..."), nor does a
        # shared place name ("Meanwhile, the Devnagar corporation announced a flower show")
        if announced and overlap == 1 and new_names == 1:
            overlap = subject.overlap_of(set(t.stems) - t.name_stems)
        if self._is_aside(doc, start, end, t, subject):
            return "tangent"  # "Plenty of us have been there", "dates back to the 1950s"
        segue = aside is not None and aside[1]
        # a segue needs no new name, nor does an announced aside that shares nothing at all
        # with the article ("Meanwhile, a nearby safari park has been making headlines")
        bare = announced and overlap == 0 and related == 0
        needed = 0 if segue or bare else 1 if announced else self.min_new_names
        # a segue may share one word and bring no new name ("Speaking of chefs, did you know
        # that pastry star Elise Marrin recently bought a lakeside home"); other announcements
        # sharing a word need two new names
        named_enough = segue or new_names >= 2
        if (
            (overlap == 0 or (announced and overlap == 1 and named_enough))
            and new_names >= needed
            and related <= 2
            and len(t.stems) >= self.min_terms
            and (announced or self._unannounced_tangent(doc, i, t, known))
        ):
            return "tangent"
        return None

    def _sells(
        self, doc: Document, start: int, end: int, overlap: int, new_names: int, related: int
    ) -> bool:
        """Selling cues enough for an insert: strong cues count 2, weak ones 1, and weak cues
        alone count only in a sentence that brings in a new name and nothing of the subject."""
        strong = self._count(self._strong, doc, start, end)
        if not (strong or (overlap == 0 and new_names >= 1 and related <= 1)):
            return False
        weak = self._count(self._weak, doc, start, end)
        points = 2 * strong + weak
        return bool(
            (strong and points >= self.min_cues and overlap == 0)
            or (strong and points >= self.min_cues + 1 and overlap <= 1)
            or (strong and overlap == 0 and new_names >= 1)
            or strong >= 3  # sells three ways at once, whatever it shares with the subject
            or (weak >= 2 and overlap == 0 and new_names >= 1 and related <= 1)
        )

    def _is_aside(self, doc: Document, start: int, end: int, t, subject) -> bool:
        """An aside that needs no names, sharing at most one of the subject's words."""
        return bool(
            self._aside is not None
            and self._may_be_aside(doc, start, end)
            and subject.overlap_of(set(t.stems) - t.name_stems) <= 1
            and not doc.quoted_chars(start, end)
            and self._count(self._aside, doc, start, end)
        )

    def _unannounced_tangent(self, doc: Document, i: int, t, known) -> bool:
        """Without an announcement, a tangent quotes no one, brings names it does not cite as
        its source, does not go on about someone already introduced, and is not reader-service
        information (how to get there, what it costs)."""
        start, end = _span(doc, i)
        return (
            not doc.quoted_chars(start, end)  # an outside voice quoted is reporting
            and _uncited_names(doc, i, t, known) >= self.min_new_names
            and not _goes_on_about(doc.text, start, end)
            and self._cue_end(self._service, doc, start, end) is None
        )

    def _may_be_aside(self, doc: Document, start: int, end: int) -> bool:
        if self._aside_literals is None:
            return True
        sentence = doc.text[start:end].lower()
        return any(literal in sentence for literal in self._aside_literals)

    @staticmethod
    def _cue_end(
        regex: saferegex.Pattern | None, doc: Document, start: int, end: int
    ) -> int | None:
        """Where the first cue match outside quotations ends, if any matches."""
        if regex is None:
            return None
        for m in saferegex.finditer(regex, doc.text[start:end]):
            if not doc.in_quote(start + m.start(), start + m.end()):
                return start + m.end()
        return None

    @staticmethod
    def _count(regex: saferegex.Pattern | None, doc: Document, start: int, end: int) -> int:
        """Cue matches outside quotations (`^` anchors at the sentence start)."""
        if regex is None:
            return 0
        sentence = doc.text[start:end]
        return sum(
            1
            for m in saferegex.finditer(regex, sentence)
            if not doc.in_quote(start + m.start(), start + m.end())
        )


_LEADING_SYMBOLS = re.compile(r"[^\w\s]+\s*")
# A live blog's entry time: "17:30 BST – ", "3:10 p.m.: ", "Update 14:05 | "
_TIMESTAMP = re.compile(
    r"\s*(?:update(?:d)?\s*)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|[A-Z]{2,4})?\s*[–—|:-]\s*",
    re.IGNORECASE,
)


def _after_timestamp(text: str, start: int, end: int) -> int:
    m = _TIMESTAMP.match(text, start, end)
    return m.end() if m else start


def _sentence_terms(doc: Document, subject: Subject) -> tuple[dict[int, Terms], Counter[str]]:
    """Terms of every sentence, and in how many on-topic sentences (the lead, or sharing a
    subject term) each name stem appears (shared by all topic rules)."""
    cached = doc.cache.get("sentence-terms")
    if cached is None:
        all_terms = sentence_terms(doc)
        named: Counter[str] = Counter()
        for i, t in all_terms.items():
            if doc.sentences[i].start < subject.lead_end or subject.overlap(t) > 0:
                named.update(t.name_stems)
        cached = doc.cache["sentence-terms"] = (all_terms, named)
    return cached  # type: ignore[return-value]


def _known_elsewhere(named: Counter[str], t: Terms, subject: Subject) -> set[str]:
    """Name stems found in on-topic sentences other than this one: a sentence that shares one
    word with the subject does not make its own new names known ("...while Arm Holdings
    unveiled a licensing program")."""
    only_here = (
        {stem for stem in t.name_stems if named[stem] == 1} if subject.overlap(t) > 0 else ()
    )
    return named.keys() - only_here


# words that refer back to someone (or something) already introduced
_BACK_REFERENCES = frozenset(["he", "she", "his", "her", "him", "they", "their", "them", "its"])
_WORDS = re.compile(r"[\w'’-]+")


def _goes_on_about(text: str, start: int, end: int) -> bool:
    """A pronoun before any name: the sentence goes on about someone (or something) already
    introduced ("In 2021 he left Northbank and set up his own label, Ferryman Music", "The
    streaming service confirmed on Thursday that its Standard plan will rise")."""
    for n, m in enumerate(_WORDS.finditer(text, start, end)):
        word = m.group(0)
        if word.lower() in _BACK_REFERENCES:
            return True
        if n and word[0].isupper() and word.lower() not in NON_NAMES:
            return False  # a name first ("Thursday" is none): it brings someone new
    return False


_RECORDS = frozenset(["listing", "database", "register", "registry", "records", "filing"])


def _uncited_names(doc: Document, i: int, t: Terms, known) -> int:
    """New names of sentence i but those of a person, outlet or record it cites as its source
    ("Town Manager Philip Dorsey said", "A listing in the Certification Board database
    shows"): evidence, not a tangent; a company's own news ("Dashly said it would cut jobs")
    counts."""
    cited: set[str] = set()
    for a in analyse(doc, default_lexicon())[i].attributions:
        record = _RECORDS.intersection(a.source.lower().split())
        kind = source_kind(a.source, a.status, (a.how,))
        if a.status == "named" and (record or kind != "organisation"):
            cited.update(terms(doc.text, a.start, a.end).name_stems)
    return sum(1 for name in t.names if not name & known and not name <= cited)


def _without(t: Terms, cue: Terms) -> Terms:
    """The terms of a sentence but those of its opening cue."""
    return Terms(
        tuple(x for x in t.stems if x not in cue.stems),
        tuple(n for n in t.names if not n <= cue.name_stems),
    )


def _span(doc: Document, i: int) -> tuple[int, int]:
    s = doc.sentences[i]
    return s.start, s.end


def _title_span(doc: Document) -> tuple[int, int]:
    """The title line (the first paragraph when it is a heading), else nothing."""
    first = doc.paragraphs[0] if doc.paragraphs else None
    return (first.start, first.end) if first is not None and first.heading else (0, 0)


def _alternation(patterns: list[str]) -> saferegex.Pattern | None:
    if not patterns:
        return None
    return saferegex.compile_alternation(patterns, saferegex.IGNORECASE)


def _continue_tangents(doc: Document, subject: Subject, all_terms, labels) -> None:
    """A sentence that goes on about the tangent before it, sharing none of the subject's
    words, is part of it: in its paragraph when it shares the tangent's words ("... opened a
    new bridge. The bridge, which cost ..."), in the next when it opens with the tangent's
    name ("Meanwhile, ex-Rovers winger Jordan Pike has opened a barbershop ... / Pike, 34,
    posted pictures ...")."""
    for i, t in all_terms.items():
        if i in labels or labels.get(i - 1) != "tangent" or i - 1 not in all_terms:
            continue
        if subject.overlap(t) != 0:
            continue
        before = all_terms[i - 1]
        if doc.sentences[i - 1].paragraph == doc.sentences[i].paragraph:
            if set(t.stems) & set(before.stems):
                labels[i] = "tangent"
        elif _opens_with(doc, i, before.name_stems):
            labels[i] = "tangent"


def _first_stem(doc: Document, start: int) -> set[str]:
    first = _WORDS.match(doc.text, start)
    return {stem(first.group(0))} if first else set()


def _opens_with(doc: Document, i: int, names: frozenset[str]) -> bool:
    """Sentence i opens with a capitalised word of one of the names."""
    first = _WORDS.match(doc.text, doc.sentences[i].start)
    return first is not None and first.group(0)[0].isupper() and stem(first.group(0)) in names


def _label_section_headings(doc: Document, labels: dict[int, str], apart: set[int]) -> None:
    """A subheading whose section is mostly off-topic is part of the padding (an ad that
    carries its own label, `apart`, says nothing of the heading above it); when exactly half
    is, the section must open with the padding ("5. More Space for Hobbies" opens on-topic)."""
    heading: int | None = None
    body: list[int] = []
    for i, s in enumerate([*doc.sentences, None]):
        if s is None or s.heading:
            if heading is not None and body:
                flagged = [labels[j] for j in body if j in labels and j not in apart]
                half = len(flagged) * 2 == len(body) and body[0] in labels
                if flagged and (len(flagged) * 2 > len(body) or half):
                    labels[heading] = max(set(flagged), key=flagged.count)
            heading = i if s is not None and i > 0 else None
            body = []
        else:
            body.append(i)
