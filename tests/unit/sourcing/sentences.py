"""Reading one sentence as the attribution handlers do."""

from __future__ import annotations

from audit.document import Document
from audit.sourcing.context import Context
from audit.sourcing.model import Lexicon, default_lexicon
from audit.sourcing.tokens import Token, tokens


def context(text: str, lex: Lexicon | None = None) -> Context:
    """The first sentence of `text`, as the handlers see it."""
    doc = Document.build(text, "<test>")
    sentence = doc.sentences[0]
    toks = tokens(doc.text, sentence.start, sentence.end)
    return Context.of(doc, toks, 0, lex or default_lexicon())


def at(ctx: Context, word: str, nth: int = 0) -> int:
    """The position of the nth token that is `word` (case-insensitive)."""
    found = [k for k, w in enumerate(ctx.toks.lowers) if w == word.lower()]
    return found[nth]


def text(ctx: Context, np: list[Token]) -> str:
    """The phrase as written."""
    return ctx.text[np[0].start : np[-1].end] if np else ""
