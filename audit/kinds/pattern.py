"""`pattern`: regular expressions (Python syntax), for stock text and shapes phrases can't say."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from audit import literals, saferegex
from audit.attribution import Attribution, Lexicon, analyse
from audit.document import Document, Paragraph
from audit.kinds.base import Field, Hit, Kind, RunContext
from audit.kinds.phrase import hits_from_matches
from audit.kinds.scope import SCOPE_FIELD, SKIP_QUOTES_FIELD
from audit.wordlists import load_words


class PatternKind(Kind):
    name = "pattern"
    summary = "Flags matches of regular expressions."
    fields: ClassVar[dict[str, Field]] = {
        "patterns": Field("regexes", required=True, help="regular expressions; any may match"),
        "exceptions": Field("regexes", [], help="regexes whose matches make a hit acceptable"),
        "case_sensitive": Field("bool", False),
        "skip_quotes": SKIP_QUOTES_FIELD,
        "scope": SCOPE_FIELD,
        "placement": Field(
            "choice",
            "anywhere",
            choices=("anywhere", "body", "edges"),
            help="where a match counts: 'body' inside the article (a paragraph of prose before "
            "it and two after), 'edges' anywhere else (page top and foot)",
        ),
        "unless_named": Field(
            "bool",
            False,
            help="a match in a sentence whose claim a named source carries ('Officers "
            "reportedly found the car, Harris said') is not flagged",
        ),
        "list_items": Field(
            "bool",
            False,
            help="a match that is a short label paragraph ('You may also like:') also flags "
            "the headline-like paragraphs listed under it",
        ),
    }

    def __init__(self, options: dict):
        super().__init__(options)
        flags = saferegex.MULTILINE | (0 if self.case_sensitive else saferegex.IGNORECASE)
        # Each pattern runs alone, and only where one of the literals every match of it must
        # contain occurs: most documents skip most stock-text patterns unscanned, and a pattern
        # that cannot match across lines runs on the lines holding its literals only.
        self._patterns = [_prepare(p, flags) for p in self.patterns]
        self._literals = literals.EXACT if self.case_sensitive else literals.FOLDED
        for _, required, _ in self._patterns:
            if required is not None:
                self._literals.register(required)
        self._exceptions = (
            saferegex.compile_alternation(self.exceptions, flags) if self.exceptions else None
        )

    def check(self, doc: Document, run: RunContext) -> Iterator[Hit]:
        matches = self.matches(doc)
        hits = hits_from_matches(doc, matches, self._exceptions, self.skip_quotes, self.scope)
        if self.unless_named:
            hits = [hit for hit in hits if not _named_elsewhere(doc, hit, run.lexicon)]
        if self.placement != "anywhere":
            hits = list(hits)
            if hits:  # most documents have none: the paragraphs are measured only for a hit
                body, prose = self.placement == "body", prose_paragraphs(doc)
                hits = [hit for hit in hits if in_body(doc, hit.start, prose) == body]
        if not self.list_items:
            yield from hits
            return
        listed = -1  # the last paragraph reported as a list item
        for hit in hits:
            if hit.start <= listed:
                continue
            yield hit
            for para in _listed_under(doc, hit):
                listed = para.end
                yield Hit(para.start, para.end, {"phrase": "(listed under it)"})

    def matches(self, doc: Document) -> list:
        """Every match of every pattern, by position (longest first at one start)."""
        text = doc.text
        found = self._literals.found(doc)
        lines_apply = self.case_sensitive or len(literals.lowered(doc)) == len(text)
        matches = []
        for regex, required, within_lines in self._patterns:
            if required is None:
                matches.extend(saferegex.finditer(regex, text))
                continue
            starts = [s for literal in required for s in found.get(literal, ())]
            if not starts:
                continue
            if within_lines and lines_apply:
                for start, end in _lines(text, starts):
                    matches.extend(saferegex.finditer(regex, text, start, end))
            else:
                matches.extend(saferegex.finditer(regex, text))
        matches.sort(key=lambda m: (m.start(), -m.end()))
        return matches


def _named_elsewhere(doc: Document, hit: Hit, lexicon: Lexicon) -> bool:
    """Whether the hit's sentence names a source outside the hit (the attribution analysis):
    'Officers reportedly found the car, Harris said'."""
    n = doc.sentence_index_at(hit.start)
    if n is None:
        return False
    return any(
        a.status == "named" and (a.end <= hit.start or a.start >= hit.end) and _says(doc, a)
        for a in analyse(doc, lexicon)[n].attributions
    )


# a source that says so, not one that acts ("Kestria agreed to cut its price")
_SAYING = frozenset(load_words("saying.txt"))


def _says(doc: Document, a: Attribution) -> bool:
    """'..., Harris said.', 'Harris said that', 'according to the county': a source saying the
    sentence; not 'Castellmar FC said to be leading' or 'Kourama has said his goodbyes'."""
    words = doc.text[a.start : a.end].lower().split()
    after = doc.text[a.end : a.end + 8].lstrip()
    return not _SAYING.isdisjoint(words) and (
        words[0] in _SAYING or after[:1] in ".,;:!?" or after.startswith("that ")
    )


PROSE_WORDS = 20  # a paragraph this long, not a heading, is the article's prose


def prose_paragraphs(doc: Document) -> list[bool]:
    """For each paragraph, whether it is the article's prose (not a heading, 20 words or more)."""
    return [
        not p.heading and len(doc.text[p.start : p.end].split()) >= PROSE_WORDS
        for p in doc.paragraphs
    ]


def in_body(doc: Document, offset: int, prose: list[bool]) -> bool:
    """Whether the paragraph at `offset` sits inside the article: a paragraph of prose before
    it and at least two after it ("Sign up for our newsletter" between two paragraphs of the
    story interrupts it; under the last one it is the page's footer)."""
    n = doc.sentence_index_at(offset)
    if n is None:
        return False
    i = doc.sentences[n].paragraph
    return any(prose[:i]) and sum(prose[i + 1 :]) >= 2


def _listed_under(doc: Document, hit: Hit) -> Iterator[Paragraph]:
    """The headlines of a list whose label the hit is: a label paragraph of at most six words,
    then each following paragraph of at most 20 words that does not end like a sentence."""
    n = doc.sentence_index_at(hit.start)
    if n is None:
        return
    i = doc.sentences[n].paragraph
    label = doc.paragraphs[i]
    if hit.start > label.start or len(doc.text[label.start : label.end].split()) > 6:
        return
    for para in doc.paragraphs[i + 1 :]:
        line = doc.text[para.start : para.end].strip()
        if "\n" in line or len(line.split()) > 20 or line.endswith((".", ":", ";", ",")):
            return
        yield para


def _prepare(pattern: str, flags: int) -> tuple[saferegex.Pattern, frozenset[str] | None, bool]:
    """The compiled pattern, the literals every match contains (None: none known), and whether
    it may run line by line (it cannot match across lines, and `re` sees the text around a
    range as over the whole text)."""
    regex = saferegex.compile_lazy(pattern, flags)  # compiled when its literals first occur
    lines = saferegex.within_lines(pattern, flags) and saferegex.has_ranges(regex)
    return regex, saferegex.required_literals(pattern, flags), lines


def _lines(text: str, offsets: list[int]) -> list[tuple[int, int]]:
    """The distinct lines (start, end without the line break) holding the offsets, in order.
    Each line is searched for once, so the cost is linear however many offsets share it."""
    spans: list[tuple[int, int]] = []
    for offset in sorted(offsets):
        if spans and offset <= spans[-1][1]:
            continue  # on the line already found
        end = text.find("\n", offset)
        spans.append((text.rfind("\n", 0, offset) + 1, len(text) if end < 0 else end))
    return spans
