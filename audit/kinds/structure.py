"""`structure`: page furniture told by the shape of paragraphs, not their words.

A rule of this kind declares what a furniture paragraph looks like (link density, words,
capitals, title case, list marks, final punctuation, the page elements holding it) and how
many such paragraphs must stand together: "three or more link-only lines, at most two short
lines between them" is a related-links block; "a line all in capitals that is one link" is a
headline link pasted into the story. The features come from `audit.structure`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import ClassVar

from audit import saferegex
from audit.document import Document
from audit.kinds.base import Field, Hit, Kind, RunContext
from audit.kinds.pattern import PROSE_WORDS
from audit.structure import Features, features

_TRISTATE = ("any", "yes", "no")


class StructureKind(Kind):
    name = "structure"
    summary = "Flags page furniture by the shape of its paragraphs (links, length, markup)."
    fields: ClassVar[dict[str, Field]] = {
        "min_words": Field("int", 1, help="words a paragraph needs"),
        "max_words": Field("int", 10_000, help="words a paragraph may have"),
        "min_link_density": Field("float", 0.0, help="share of its words inside links"),
        "max_link_density": Field("float", 1.0),
        "min_capitals": Field("float", 0.0, help="share of its letters in upper case"),
        "min_titled": Field(
            "float", 0.0, help="share of its words of 3+ letters that open with a capital"
        ),
        "max_numeric": Field("float", 1.0, help="share of its words that are numbers"),
        "terminal": Field(
            "choice", "any", choices=_TRISTATE, help="ends like a sentence (. ! ? or a quote)"
        ),
        "list_item": Field("choice", "any", choices=_TRISTATE, help="opens with a list mark"),
        "markup": Field(
            "regexes",
            [],
            help="HTML input: an element holding the paragraph, described as 'tag classes "
            "#ids role=.. itemprop=..', must match one of these (none: no condition)",
        ),
        "markup_depth": Field(
            "int",
            3,
            help="how many elements up from the paragraph `markup` looks (page-wide wrappers "
            "such as 'content-with-sidebar' sit higher)",
        ),
        "markup_exceptions": Field(
            "regexes",
            [],
            help="HTML input: an element holding the paragraph, at any depth, that matches "
            "one of these clears it",
        ),
        "placement": Field(
            "choice",
            "anywhere",
            choices=("anywhere", "head", "foot"),
            help="'head': only up to the article's first paragraph of prose (a standfirst may "
            "look like one); 'foot': only after its last",
        ),
        "min_repeated_links": Field(
            "int", 0, help="links right after a link to the same target (a name's hover card)"
        ),
        "report": Field(
            "choice",
            "paragraph",
            choices=("paragraph", "repeated-links"),
            help="what is flagged: each paragraph of the run, or only its repeated links",
        ),
        "min_run": Field("int", 1, help="such paragraphs that must stand together"),
        "max_run": Field(
            "int",
            10_000,
            help="a longer run is the article's own data (a tour's dates, a table of results)",
        ),
        "max_gap": Field("int", 0, help="other paragraphs allowed between two of a run"),
        "max_gap_words": Field("int", 30, help="words a paragraph between two may have"),
    }

    def __init__(self, options: dict):
        super().__init__(options)
        self._markup = _compiled(self.markup)
        self._markup_exceptions = _compiled(self.markup_exceptions)

    def check(self, doc: Document, run: RunContext) -> Iterator[Hit]:
        feats = features(doc)
        if len(feats) < 2:
            return
        start, stop = _placed(feats, self.placement)
        members = [f.index for f in feats[start:stop] if self._fits(f)]
        for group in _runs(members, feats, self.max_gap, self.max_gap_words):
            if not self.min_run <= len(group) <= self.max_run:
                continue
            span = list(range(group[0], group[-1] + 1))
            span += _tail(group, feats, self.max_gap_words)
            for i in span:
                values = self._values(feats[i], group, span)
                if self.report == "repeated-links":
                    yield from (Hit(s, e, values) for s, e in feats[i].repeated_links)
                else:
                    yield Hit(doc.paragraphs[i].start, doc.paragraphs[i].end, values)

    def _fits(self, f: Features) -> bool:
        if not self.min_words <= f.words <= self.max_words:
            return False
        if not self.min_link_density <= f.link_density <= self.max_link_density:
            return False
        if f.capitals < self.min_capitals or f.titled < self.min_titled:
            return False
        if f.numeric > self.max_numeric or len(f.repeated_links) < self.min_repeated_links:
            return False
        if not (_tri(self.terminal, f.terminal) and _tri(self.list_item, f.list_item)):
            return False
        if self._markup and _holder(f, self._markup, self.markup_depth) is None:
            return False
        return not (self._markup_exceptions and _holder(f, self._markup_exceptions, None))

    def _values(self, f: Features, group: list[int], span: list[int]) -> dict[str, str]:
        element = ""
        if self._markup:
            element = _holder(f, self._markup, self.markup_depth) or ""
        return {
            "links": str(len(group)) if self.min_link_density > 0 else "0",
            "lines": str(len(span)),
            "run": str(len(group)),
            "element": element.split(" ")[0] if element else "",
            "markup": element[:60],
        }


def _holder(f: Features, regex: saferegex.Pattern, depth: int | None) -> str | None:
    """The innermost element holding the paragraph (at most `depth` up; None: any) whose
    description the regex matches."""
    if f.markup is None:
        return None
    return f.markup.first(lambda d: next(saferegex.finditer(regex, d), None) is not None, depth)


def _tri(want: str, value: bool) -> bool:
    return want == "any" or (want == "yes") == value


def _compiled(patterns: list[str]) -> saferegex.Pattern | None:
    return saferegex.compile_alternation(patterns, saferegex.IGNORECASE) if patterns else None


def _placed(feats: list[Features], placement: str) -> tuple[int, int]:
    """The paragraphs a placement covers, as a range (the title, paragraph 0, never)."""
    prose = [
        f.index
        for f in feats
        if not f.heading and f.words >= PROSE_WORDS and f.terminal and f.link_density < 0.5
    ]
    if placement == "head":  # a long standfirst reads like prose: the first one is included
        return 1, prose[0] + 1 if prose else 1
    if placement == "foot":
        return (prose[-1] + 1 if prose else 1), len(feats)
    return 1, len(feats)


def _runs(
    members: list[int], feats: list[Features], max_gap: int, max_gap_words: int
) -> Iterator[list[int]]:
    """Members grouped into runs: two are in one run when at most `max_gap` paragraphs, each
    of at most `max_gap_words` words, stand between them."""
    group: list[int] = []
    for i in members:
        if group and not _bridged(group[-1], i, feats, max_gap, max_gap_words):
            yield group
            group = []
        group.append(i)
    if group:
        yield group


def _bridged(a: int, b: int, feats: list[Features], max_gap: int, max_gap_words: int) -> bool:
    between = feats[a + 1 : b]
    return len(between) <= max_gap and all(f.words <= max_gap_words for f in between)


def _tail(group: list[int], feats: list[Features], max_gap_words: int) -> list[int]:
    """A list whose every item is followed by a line or two (a teaser under each link) ends
    with the last item's own lines."""
    gaps = [b - a - 1 for a, b in itertools.pairwise(group)]
    if len(group) < 2 or min(gaps) == 0:
        return []
    tail = []
    for f in feats[group[-1] + 1 : group[-1] + 1 + min(gaps)]:
        if f.words > max_gap_words:
            break
        tail.append(f.index)
    return tail
