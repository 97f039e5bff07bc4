"""What a handler sees of a sentence, and what it makes of a word."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum, auto

from audit.document import Document
from audit.sourcing.classify import source_text
from audit.sourcing.model import Attribution, How, Lexicon, Status
from audit.sourcing.tokens import Token, Tokens


@dataclass(frozen=True)
class Context:
    """One sentence as the handlers see it."""

    text: str  # the document's text (token offsets index it)
    toks: Tokens
    index: int  # the sentence's position in the document
    lex: Lexicon
    quoted: bool  # the sentence holds a quotation
    in_quote: Callable[[int, int], bool]  # whether a span lies inside a quotation

    @classmethod
    def of(cls, doc: Document, toks: Tokens, index: int, lex: Lexicon) -> Context:
        """Sentence `index` of `doc`, tokenised as `toks`."""
        sentence = doc.sentences[index]
        quoted = doc.quoted_chars(sentence.start, sentence.end) > 0
        return cls(doc.text, toks, index, lex, quoted, doc.in_quote)

    def word(self, k: int) -> str:
        """The lower-case word at k; "" before the first and after the last."""
        return self.toks.lowers[k] if 0 <= k < len(self.toks.lowers) else ""

    def around(self, k: int) -> tuple[str, str, str]:
        """The word at k, the one before and the one after (lower-case; "" past the edges)."""
        lowers = self.toks.lowers
        prev = lowers[k - 1] if k > 0 else ""
        return lowers[k], prev, lowers[k + 1] if k + 1 < len(lowers) else ""

    @property
    def how(self) -> How:
        """How a source speaks in this sentence, unless the construction says otherwise."""
        return How.DIRECT_QUOTE if self.quoted else How.PARAPHRASE

    def attribution(
        self, start: int, end: int, np: list[Token], status: Status, how: How
    ) -> Attribution:
        """An attribution over [start, end) to the source phrase `np`."""
        return Attribution(start, end, source_text(self.text, np), status, how, self.index)


class Outcome(Enum):
    """What a handler makes of a word, when it finds no attribution."""

    NOT_MINE = auto()  # the word does not open this construction: the next handler reads it
    NO_SOURCE = auto()  # it does, and names no source


Result = Attribution | Outcome
