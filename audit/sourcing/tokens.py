"""A sentence's words as tokens: a word, a number, an abbreviation ("U.S."), or one mark."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from itertools import accumulate
from typing import NamedTuple, overload

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:['’&-]\w+)*|[^\w\s]")
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")


class Token(NamedTuple):
    text: str
    start: int
    end: int
    lower: str

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()


class Tokens(Sequence[Token]):
    """The tokens of a span. Each Token is made when first looked at: the analysis reads the
    neighbourhood of a reporting verb, and most words of a sentence are never looked at."""

    __slots__ = ("_made", "_offsets", "_parts", "_start", "_starts", "_words", "lowers")

    def __init__(self, text: str, start: int, end: int):
        self._parts = _TOKEN_SPLIT.split(text[start:end])  # gap, token, gap, token, ..., gap
        self._start = start
        self._words: list[str] = self._parts[1::2]
        self.lowers: list[str] = list(map(str.lower, self._words))
        self._made: list[Token | None] | None = None  # with the offsets, when first needed
        self._starts: list[int] | None = None  # token start offsets, for index_at

    def __len__(self) -> int:
        return len(self._words)

    def word(self, k: int) -> str:
        """The text of token k, without making the token."""
        return self._words[k]

    @overload
    def __getitem__(self, k: int) -> Token: ...
    @overload
    def __getitem__(self, k: slice) -> list[Token]: ...
    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self._words)))]
        if self._made is None:
            self._offsets = list(accumulate(map(len, self._parts), initial=self._start))
            self._made = [None] * len(self._words)
        tok = self._made[k]
        if tok is None:
            k %= len(self._words)
            tok = Token(self._words[k], self._offsets[2 * k + 1], self._offsets[2 * k + 2],
                        self.lowers[k])  # fmt: skip
            self._made[k] = tok
        return tok

    def index_at(self, start: int) -> int:
        """The position of the token starting at offset `start`."""
        if self._starts is None:  # once: a long sentence asks for many positions
            if self._made is None:
                self[0]  # computes the offsets
            self._starts = self._offsets[1::2]
        return bisect_left(self._starts, start)

    def __iter__(self) -> Iterator[Token]:
        return (self[k] for k in range(len(self._words)))


def tokens(text: str, start: int, end: int) -> Tokens:
    return Tokens(text, start, end)


def index(toks: Sequence[Token], tok: Token) -> int:
    """Position of a token of `toks` (by its offset)."""
    if isinstance(toks, Tokens):
        return toks.index_at(tok.start)
    return next(i for i, t in enumerate(toks) if t.start == tok.start)
