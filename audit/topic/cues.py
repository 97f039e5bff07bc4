"""A topic rule's cues and thresholds, and how a cue is counted in a span of a document.

Cues are the rule file's regexes (selling words, ad labels, transitions, asides ...); they
are matched outside quotations only: a quoted speaker's "Buy now!" is reporting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from audit import saferegex
from audit.document import Document

# options that do not shape the classification: what the kind does with it
_KIND_ONLY = ("mode", "markup_body", "shopping_cues")


def alternation(patterns: list[str]) -> saferegex.Pattern | None:
    """One case-insensitive regex matching any of `patterns` (None: no patterns)."""
    if not patterns:
        return None
    return saferegex.compile_alternation(patterns, saferegex.IGNORECASE)


@dataclass(frozen=True)
class Cues:
    """What the classification reads of a topic rule's options. Cues compare by `key` (the
    options that shape the classification), so the promo and the tangent rule of a pack
    share one classification of each document."""

    key: tuple[tuple[str, Any], ...]
    strong: saferegex.Pattern | None = field(compare=False)  # selling words: 2 points
    weak: saferegex.Pattern | None = field(compare=False)  # addressing the reader: 1 point
    label_line: saferegex.Pattern | None = field(compare=False)  # "Sponsored", "[AD]"
    transition: saferegex.Pattern | None = field(compare=False)  # "Meanwhile,", "Elsewhere"
    segue: saferegex.Pattern | None = field(compare=False)  # "Speaking of leaks,"
    aside: saferegex.Pattern | None = field(compare=False)  # "Plenty of us have been there"
    service: saferegex.Pattern | None = field(compare=False)  # "Tickets cost $22"
    # the strings an aside cue must contain, when every cue has some: a cheap first test
    aside_literals: frozenset[str] | None = field(compare=False)
    min_cues: int = field(compare=False)
    min_new_names: int = field(compare=False)
    min_terms: int = field(compare=False)

    @classmethod
    def from_options(cls, options: dict[str, Any]) -> Cues:
        """The cues of a topic rule's decoded options."""
        found = [
            saferegex.required_literals(piece, saferegex.IGNORECASE)
            for cue in options["aside_cues"]
            for piece in saferegex.top_level(cue)
        ]
        return cls(
            key=tuple(
                (k, tuple(v) if isinstance(v, list) else v)
                for k, v in sorted(options.items())
                if k not in _KIND_ONLY
            ),
            strong=alternation(options["promo_cues"]),
            weak=alternation(options["address_cues"]),
            label_line=alternation(options["label_cues"]),
            transition=alternation(options["transition_cues"]),
            segue=alternation(options["segue_cues"]),
            aside=alternation(options["aside_cues"]),
            service=alternation(options["service_cues"]),
            aside_literals=None if None in found else frozenset().union(*found),
            min_cues=options["min_cues"],
            min_new_names=options["min_new_names"],
            min_terms=options["min_terms"],
        )


def count(regex: saferegex.Pattern | None, doc: Document, start: int, end: int) -> int:
    """Cue matches in [start, end) outside quotations (`^` anchors at `start`)."""
    if regex is None:
        return 0
    sentence = doc.text[start:end]
    return sum(
        1
        for m in saferegex.finditer(regex, sentence)
        if not doc.in_quote(start + m.start(), start + m.end())
    )


def cue_end(regex: saferegex.Pattern | None, doc: Document, start: int, end: int) -> int | None:
    """Where the first cue match in [start, end) outside quotations ends, if any matches."""
    if regex is None:
        return None
    for m in saferegex.finditer(regex, doc.text[start:end]):
        if not doc.in_quote(start + m.start(), start + m.end()):
            return start + m.end()
    return None


# A live blog's entry time: "17:30 BST – ", "3:10 p.m.: ", "Update 14:05 | "
_TIMESTAMP = re.compile(
    r"\s*(?:update(?:d)?\s*)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|[A-Z]{2,4})?\s*[–—|:-]\s*",
    re.IGNORECASE,
)


def after_timestamp(text: str, start: int, end: int) -> int:
    """Where a line's text starts after a live blog's entry time ("17:30 BST – Sponsored")."""
    m = _TIMESTAMP.match(text, start, end)
    return m.end() if m else start
