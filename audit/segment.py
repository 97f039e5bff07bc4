"""Fast, dependency-free English sentence splitter for news text.

Only ``re`` is used. The splitter scans once for terminal punctuation followed by
whitespace and decides each candidate from a bounded window around it (the token
before the punctuation and the word after), so it runs in time linear in the input.
"""

from __future__ import annotations

import re

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


def _words(names: str) -> frozenset[str]:
    """A frozenset of the whitespace-separated names."""
    return frozenset(names.split())


_OPENERS = "\"'“‘«([{"
_NO_SPLIT_BEFORE = frozenset(",;:.!?…)]}\"'”’»")
_MAX_TOKEN = 40
_MAX_LOOKAHEAD = 80
_TRIM_WINDOW = 256

# Never end a sentence: they always precede a name, a number or a clause.
_PREFIX_ABBREVIATIONS = _words(
    """Mr Mrs Ms Messrs Mmes Dr Drs Prof Sen Sens Rep Reps Gov Govs Gen Gens Lt Col Capt
    Cmdr Adm Maj Sgt Cpl Pvt Rev Hon Pres Supt Det Insp Atty Fr Msgr Mt Ft Nos"""
)
_LOWER_NEVER_FINAL = _words("vs e.g i.e cf viz approx")
# May end a sentence: split only when a typical sentence starter follows.
_AMBIGUOUS_ABBREVIATIONS = _words(
    """Jr Sr Inc Corp Ltd Co Cos Bros Ave Blvd Rd St Dept Univ Assn
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn
    Miss Mo Mont Neb Nev Okla Ore Pa Tenn Tex Vt Va Wash Wis Wyo"""
)
_LOWER_AMBIGUOUS = _words("al dept est ft hr hrs min mins sec oz lb lbs mt yr yrs")
# After "a.m."/"p.m." a capital starts a new sentence unless it is a zone, day or month.
_TIME_ABBREVIATIONS = _words("a.m p.m")
_TIME_FOLLOWERS = _words(
    """Eastern Central Mountain Pacific Atlantic Alaska Hawaii ET EST EDT CT CST CDT MT MST
    MDT PT PST PDT GMT UTC BST CET CEST IST JST AEST Monday Tuesday Wednesday Thursday
    Friday Saturday Sunday January February March April May June July August September
    October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"""
)
_SENTENCE_STARTERS = _words(
    """The A An He She It They We I You His Her Its Their Our My This That These Those
    There Here But And Or So Yet Nor In On At For With By From To As After Before During
    When While If Although Though Because Since Until Unless Meanwhile However Still Also
    Then Now Today Yesterday Tomorrow Earlier Later What Why How Who Whom Whose Where
    Which Some Many Most All Both Each Every Several Such Other Another One Neither
    Either Not Nothing Last Next Under Over Despite According Instead Even Only Yes"""
)


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
