"""The document model: text as read, with exact offsets for every paragraph, sentence and quote.

Data flows one way: an input reader gives text and metadata, `Document.build` segments it, rule
kinds read the segments and return findings whose spans index straight into `Document.text`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from audit import markdown as md
from audit.analyses import Analyses
from audit.segment import split_sentences
from audit.wordlists import load_words

_PARA_BREAK = re.compile(r"(?:\r?\n)[ \t\r\f\v]*(?:\r?\n)(?:[ \t\r\f\v]*\r?\n)*")
_LINE_BREAK = re.compile(r"[ \t]*\r?\n")
_WORD = re.compile(r"[^\W_](?:[\w’'&.-]*[^\W_])?")
_TERMINAL = ".!?:;,…"
_SMALL_WORDS = frozenset(load_words("title-small-words.txt"))  # lower case in a title


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or a heading line) with its paragraph index."""

    start: int
    end: int
    paragraph: int
    heading: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of text separated by blank lines; `heading` marks titles and subheadings."""

    start: int
    end: int
    heading: bool
    first_sentence: int
    sentence_count: int

    @property
    def sentence_range(self) -> range:
        """Indexes of the paragraph's sentences in `Document.sentences`."""
        return range(self.first_sentence, self.first_sentence + self.sentence_count)


@dataclass
class Document:
    """An article: its text as decoded, its segments and its metadata."""

    source: str
    text: str
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    quotes: list[tuple[int, int]] = field(default_factory=list)
    links: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, url)
    page: dict[str, object] = field(default_factory=dict)  # signals from an HTML page
    # inline `audit-disable` comments are the author's tool for their own files: honoured in
    # local files, not in fetched pages, feed items or JSON Lines records (readers say which)
    honours_suppressions: bool = True
    # per paragraph, where an HTML page put it (audit.structure.MarkupContext or None)
    markup: list = field(default_factory=list)
    # where the run put it (0, 1, ... in run order), set by the engine for cross-document kinds
    run_position: int | None = None
    # what rules computed about it (`audit.analyses`), until the engine is done with it
    analyses: Analyses = field(default_factory=Analyses, repr=False, compare=False)

    @classmethod
    def build(
        cls,
        text: str,
        source: str,
        *,
        markdown: bool = False,
        title: str | None = None,
        meta: dict[str, str] | None = None,
        links: list[tuple[int, int, str]] | None = None,
    ) -> Document:
        """Segment `text` (kept exactly as given) into paragraphs, sentences and quotes."""
        doc = cls(source=source, text=text, meta=dict(meta or {}), links=list(links or []))
        if markdown and links is None:  # readers that parse Markdown pass their own links
            doc.links += md.inline_links(text)
        body_start = md.body_start(text) if markdown else 0
        fences = md.fenced_code(text) if markdown else []
        for start, end in _paragraph_spans(text, body_start):
            if _is_directive(text[start:end]) or any(s <= start < e for s, e in fences):
                continue  # markup, not article text: comments, directives, code blocks
            heading, start = _heading_kind(text, start, end, markdown)
            if not heading and not doc.paragraphs:
                heading = _is_headline(text[start:end])
            if start >= end:
                continue
            spans = [(start, end)] if heading else split_sentences(text, start, end)
            index = len(doc.paragraphs)
            doc.paragraphs.append(Paragraph(start, end, heading, len(doc.sentences), len(spans)))
            doc.sentences.extend(Sentence(s, e, index, heading) for s, e in spans)
            doc.quotes.extend(_quote_spans(text, start, end))
        if doc.paragraphs and doc.paragraphs[0].heading:
            first = doc.paragraphs[0]
            doc.title = text[first.start : first.end].strip()
        if title:
            doc.title = title
        return doc

    # --- positions -------------------------------------------------------------------------

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0, *(m.end() for m in re.finditer(r"\n", self.text))]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        line = bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    @cached_property
    def _quote_starts(self) -> list[int]:
        return [s for s, _ in self.quotes]

    def in_quote(self, start: int, end: int | None = None) -> bool:
        """True when the span [start, end) lies inside one direct quotation."""
        end = start + 1 if end is None else end
        i = bisect_right(self._quote_starts, start) - 1
        return i >= 0 and self.quotes[i][0] <= start and end <= self.quotes[i][1]

    def quoted_chars(self, start: int, end: int) -> int:
        """How many characters of [start, end) are inside quotations."""
        total = 0
        i = max(bisect_right(self._quote_starts, start) - 1, 0)
        for qs, qe in self.quotes[i:]:
            if qs >= end:
                break
            total += max(0, min(qe, end) - max(qs, start))
        return total

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_index_at(self, offset: int) -> int | None:
        """Index of the sentence containing `offset`, if any."""
        i = bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return i
        return None

    @cached_property
    def word_count(self) -> int:
        return len(_WORD.findall(self.text))


def words(text: str) -> list[str]:
    """Word tokens of a text (keeps inner apostrophes, dots and hyphens: U.S., Xi's, e-mail)."""
    return _WORD.findall(text)


def _paragraph_spans(text: str, start: int) -> list[tuple[int, int]]:
    """Blank-line separated blocks, whitespace-trimmed, as (start, end).

    A block whose lines are not hard-wrapped prose (text pasted with one line per paragraph,
    as many scrapers produce) is split into one paragraph per line.
    """
    spans = []
    pos = start
    for m in _PARA_BREAK.finditer(text, start):
        spans.extend(_block_lines(text, *_trim(text, pos, m.start())))
        pos = m.end()
    spans.extend(_block_lines(text, *_trim(text, pos, len(text))))
    return [(s, e) for s, e in spans if s < e]


def _block_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """One block, or its lines when each line stands alone (ends a sentence or is a heading)."""
    if text.find("\n", start, end) < 0:
        return [(start, end)]
    lines = []
    pos = start
    for m in _LINE_BREAK.finditer(text, start, end):
        lines.append(_trim(text, pos, m.start()))
        pos = m.end()
    lines.append(_trim(text, pos, end))
    lines = [(s, e) for s, e in lines if s < e]
    if any(_is_directive(text[s:e]) for s, e in lines):
        return [(s, e) for s, e in lines if not _is_directive(text[s:e])]
    standalone = sum(
        1 for s, e in lines[:-1] if text[e - 1] in '.!?"”’:)' or is_heading_line(text[s:e])
    )
    if standalone * 2 >= len(lines) - 1:
        return lines
    return [(start, end)]


def _is_directive(line: str) -> bool:
    """An HTML comment or an audit-disable/enable line: markup, not article text."""
    return (line.startswith("<!--") and line.endswith("-->")) or line.startswith("audit-")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] == "\ufeff"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _heading_kind(text: str, start: int, end: int, markdown: bool) -> tuple[bool, int]:
    """Whether a block is a heading, and where its text starts (after Markdown `#`s)."""
    if markdown and (at := md.heading_start(text, start, end)) is not None:
        return True, at
    return is_heading_line(text[start:end]), start


def is_heading_line(block: str) -> bool:
    """A short single line without final punctuation (a headline may end in ? or !), mostly in
    title case."""
    if "\n" in block or len(block) > 160:
        return False
    if block[-1] in "?!":
        block = block.rstrip("?!")
        if not block or not _titled(block):
            return False
    if block[-1] in _TERMINAL:
        return False
    tokens = words(block)
    if not tokens or len(tokens) > 18:
        return False
    content = [t for t in tokens if t.lower() not in _SMALL_WORDS]
    if not content:
        return False
    capital = sum(1 for t in content if t[0].isupper() or t[0].isdigit())
    return capital / len(content) >= 0.6 or (len(tokens) <= 3 and block[0].isupper())


def _is_headline(block: str) -> bool:
    """The first block of an article as a sentence-case headline: one short line, a few
    words, no final full stop ("Ashbury City edge closer to £28m deal as talks resume")."""
    if not block or "\n" in block or len(block) > 160 or block[-1] in ".:;,…":
        return False
    return 3 <= len(words(block)) <= 25 and not block[0].islower()


def _titled(block: str) -> bool:
    """All content words but at most one capitalised."""
    content = [t for t in words(block) if t.lower() not in _SMALL_WORDS]
    if len(content) < 2:
        return False
    lower = sum(1 for t in content if not (t[0].isupper() or t[0].isdigit()))
    return lower <= 1


_QUOTE_PAIRS = {"“": "”", '"': '"', "«": "»", "„": "“", "‘": "’", "'": "'"}
_OPENING = re.compile("[" + "".join(_QUOTE_PAIRS) + "]")
_SINGLE = frozenset("‘'")
_BEFORE_OPENING = frozenset('([{—–-“"')  # what may stand before a single opening mark
_MAX_SINGLE = 1000  # a single-quoted quotation closes within this many characters


def _quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of direct quotations (including their marks) in one paragraph.

    An opening mark with no closing mark in the paragraph runs to the paragraph's end, as in
    news style where a quote spanning paragraphs is only closed in the last one (a straight
    mark only when it opens the paragraph: elsewhere it may be an inch mark or a typo).
    Single marks (British style, 'like this' or ‘this’) open at the start of a word and close
    at the end of one, so that apostrophes (don't, the players' union) are not taken for them.
    """
    spans = []
    i = start
    while (m := _OPENING.search(text, i, end)) is not None:
        i = m.start()
        ch = text[i]
        close = _QUOTE_PAIRS[ch]
        if ch in _SINGLE:
            j = _single_close(text, i, end, close)
            if j is None:
                i += 1
                continue
            spans.append((i, j + 1))
            i = j + 1
            continue
        j = text.find(close, i + 1, end)
        if j < 0:
            if (ch == '"' and text[start:i].strip()) or end - i < 3:
                break
            spans.append((i, end))
            break
        spans.append((i, j + 1))
        i = j + 1
    return spans


def _single_close(text: str, i: int, end: int, close: str) -> int | None:
    """Where the single-quoted quotation opening at i closes, if the mark at i opens one."""
    if i > 0 and not (text[i - 1].isspace() or text[i - 1] in _BEFORE_OPENING):
        return None  # inside a word: an apostrophe
    if i + 1 >= end or not text[i + 1].isalnum():
        return None  # "'90s" opens, "' " does not
    limit = min(end, i + _MAX_SINGLE)
    j = text.find(close, i + 2, limit)
    while j >= 0:
        after = text[j + 1] if j + 1 < end else " "
        if not text[j - 1].isspace() and not after.isalnum():
            possessive = text[j - 1] == "s" and after == " " and text[j + 2 : j + 3].islower()
            if not possessive:
                return j
        j = text.find(close, j + 1, limit)
    return None
