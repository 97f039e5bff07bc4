"""Fast, dependency-free English sentence splitter for news text.

Only ``re`` is used. The splitter scans once for terminal punctuation followed by
whitespace and decides each candidate from a bounded window around it (the token
before the punctuation and the word after), so it runs in time linear in the input.
Its abbreviations and sentence starters are data: ``audit/data/segment-*.txt``.
"""

from __future__ import annotations

import re

from audit.wordlists import load_words

__all__ = ["split_sentences"]

# A run of terminal punctuation (not starting inside a longer run), optional closing
# quotes/brackets, then whitespace. Possessive quantifiers keep the scan linear.
_CANDIDATE = re.compile(r"(?<![.!?…])([.!?…]++)([\"'”’»)\]}]*+)\s++")
# The word after a candidate: optional opening quotes/brackets, then word characters.
_NEXT_WORD = re.compile(r"([\"'“‘«(\[{]*+)(\w*+)")
# Reported speech after a quoted question/exclamation: '"Why?" Smith asked.'
_ATTRIBUTION = re.compile(
    r"(?:[A-Z][\w.'’-]*\s+){1,4}"
    r"(?:said|says|asked|asks|added|adds|told|wrote|writes|replied|shouted|tweeted)\b"
)
_SPACE = re.compile(r"\s*+")
# Dotted abbreviations and initials: U.S, J.K, a.m, Ph.D, D.C, W.Va (final dot excluded).
_DOTTED = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")


def _words(name: str) -> frozenset[str]:
    """The words of the packaged list `name`."""
    return frozenset(load_words(name))


_OPENERS = "\"'“‘«([{"
_NO_SPLIT_BEFORE = frozenset(",;:.!?…)]}\"'”’»")
_MAX_TOKEN = 40
_MAX_LOOKAHEAD = 80
_TRIM_WINDOW = 256

# Abbreviations are matched without their final dot.
# Never end a sentence: they always precede a name, a number or a clause.
_PREFIX_ABBREVIATIONS = _words("segment-prefix-abbreviations.txt")
_LOWER_NEVER_FINAL = _words("segment-never-final.txt")
# May end a sentence: split only when a typical sentence starter follows.
_AMBIGUOUS_ABBREVIATIONS = _words("segment-ambiguous-abbreviations.txt")
_LOWER_AMBIGUOUS = _words("segment-lower-ambiguous.txt")
# After "a.m."/"p.m." a capital starts a new sentence unless it is a zone, day or month.
_TIME_ABBREVIATIONS = _words("segment-time-abbreviations.txt")
_TIME_FOLLOWERS = _words("segment-time-followers.txt")
_SENTENCE_STARTERS = _words("segment-sentence-starters.txt")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans (s, e) inside text[start:end] as absolute offsets into `text`,
    whitespace-trimmed at both ends, in order, non-overlapping, never empty."""
    n = len(text)
    end = n if end is None else max(0, min(end, n))
    start = max(0, start)
    spans: list[tuple[int, int]] = []
    s = _skip_space(text, start, end)
    if s >= end:
        return spans
    for m in _CANDIDATE.finditer(text, s, end):
        nxt = m.end()
        if nxt >= end:
            break
        if _is_boundary(text, s, m.start(), m.group(1), m.group(2), nxt, end):
            spans.append((s, m.end(2)))
            s = nxt
    e = _trim_end(text, s, end)
    if e > s:
        spans.append((s, e))
    return spans


def _skip_space(text: str, pos: int, end: int) -> int:
    """First non-whitespace index in text[pos:end], or `end` (`pos` if pos >= end)."""
    if pos >= end:
        return pos
    m = _SPACE.match(text, pos, end)
    assert m is not None  # the pattern matches the empty string
    return m.end()


def _trim_end(text: str, lo: int, end: int) -> int:
    """End offset of text[lo:end] with trailing whitespace removed (doubling windows)."""
    size = _TRIM_WINDOW
    while end > lo:
        window = max(lo, end - size)
        kept = len(text[window:end].rstrip())
        if kept:
            return window + kept
        end, size = window, size * 2
    return lo


def _prev_token(text: str, lo: int, pos: int) -> str:
    """The non-space token ending at `pos` (at most _MAX_TOKEN chars), opening quotes removed."""
    chunk = text[max(lo, pos - _MAX_TOKEN) : pos]
    if not chunk or chunk[-1].isspace():
        return ""
    return chunk.rsplit(None, 1)[-1].lstrip(_OPENERS)


def _is_boundary(
    text: str, s: int, punct_at: int, punct: str, closers: str, nxt: int, end: int
) -> bool:
    """Whether the candidate `punct` + `closers` at `punct_at` ends a sentence."""
    m = _NEXT_WORD.match(text, nxt, min(end, nxt + _MAX_LOOKAHEAD))
    assert m is not None  # every part of the pattern is optional
    opener, word = m.group(1), m.group(2)
    first = word[:1] or text[m.end() : min(end, m.end() + 1)]
    if not first or first in _NO_SPLIT_BEFORE or first.islower():
        return False
    if "?" in punct or "!" in punct:
        return not (closers and _is_attribution(text, nxt, end))
    if first.isdigit():
        return False
    prev = _prev_token(text, s, punct_at)
    if "…" in punct or len(punct) > 1 or not prev:
        return first.isupper()
    kind = _abbreviation_kind(prev)
    if kind == "never":
        return False
    if kind == "ambiguous":
        return bool(opener or closers) or word in _SENTENCE_STARTERS
    if kind == "time":
        return bool(opener or closers) or (first.isupper() and word not in _TIME_FOLLOWERS)
    return True


def _is_attribution(text: str, pos: int, end: int) -> bool:
    """Whether text at `pos` reads like 'Smith said' (a quote's attribution)."""
    return _ATTRIBUTION.match(text, pos, min(end, pos + _MAX_LOOKAHEAD)) is not None


def _abbreviation_kind(token: str) -> str:
    """Classify the token before a full stop: 'never', 'ambiguous', 'time' or 'word'."""
    lower = token.lower()
    if lower in _TIME_ABBREVIATIONS:
        return "time"
    if token in _PREFIX_ABBREVIATIONS or lower in _LOWER_NEVER_FINAL:
        return "never"
    if token in _AMBIGUOUS_ABBREVIATIONS or lower in _LOWER_AMBIGUOUS:
        return "ambiguous"
    if (len(token) == 1 and token.isalpha()) or _DOTTED.fullmatch(token):
        return "ambiguous"
    return "word"
