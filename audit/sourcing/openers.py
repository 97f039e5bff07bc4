"""The constructions that open an attribution, one handler each, and the driver that reads a
sentence with them.

A handler looks at the word at k. It returns `Outcome.NOT_MINE` when the word does not open its
construction, `Outcome.NO_SOURCE` when it does but names no source (the word is done), or the
attribution it found. The driver asks the handlers registered for the word (`OPENERS`); a word
none of them claims is read as a reporting verb ("X said", "said X": `audit.sourcing.verbs`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from audit.document import Document
from audit.sourcewords import (
    CITED,
    COPULAS,
    GOVERNING,
    NOT_GOVERNING,
    NOUN_LIKE_BASES,
    STANCE,
    VOICING,
)
from audit.sourcing.classify import classify, is_document, is_secondhand
from audit.sourcing.context import Context, Outcome, Result
from audit.sourcing.model import Attribution, How, Lexicon, Status, head
from audit.sourcing.phrases import backward_np, forward_np
from audit.sourcing.tokens import Token, Tokens
from audit.sourcing.verbs import reporting_verb

Handler = Callable[[Context, int], Result]


def according_to(ctx: Context, k: int) -> Result:
    """'according to trade policy experts', 'as per sources in the department': the source
    follows the opener."""
    low, prev, nxt = ctx.around(k)
    if not ((low == "according" and nxt == "to") or (low == "per" and prev == "as")):
        return Outcome.NOT_MINE
    opener = k - 1 if low == "per" else k
    np = forward_np(ctx.toks, opener + 2)
    status = classify(np, ctx.toks, ctx.lex) if np else None
    if status is None:
        return Outcome.NO_SOURCE
    how = How.SECONDHAND if is_secondhand(np) else ctx.how
    return ctx.attribution(ctx.toks[opener].start, np[-1].end, np, status, how)


def under_rules(ctx: Context, k: int) -> Result:
    """'Under party rules, a vote is triggered when ...': the text that governs the claim (not
    "under way", "under pressure")."""
    low, _, nxt = ctx.around(k)
    if low != "under" or nxt in NOT_GOVERNING:
        return Outcome.NOT_MINE
    np = forward_np(ctx.toks, k + 1)
    if np and head(np[-1].lower) in GOVERNING:
        return _document_source(ctx, k, np, Status.NAMED)
    return Outcome.NO_SOURCE


def quoted_as_saying(ctx: Context, k: int) -> Result:
    """'One European importer was quoted as saying ...': the subject before "quoted"."""
    lowers = ctx.toks.lowers
    quoted = k > 2 and lowers[k - 2] == "quoted"
    if not (lowers[k] == "saying" and ctx.word(k - 1) == "as" and quoted):
        return Outcome.NOT_MINE
    j = k - 3 if lowers[k - 3] in COPULAS else k - 2
    np = backward_np(ctx.toks, j, ctx.lex.vague_sources)
    status = classify(np, ctx.toks, ctx.lex) if np else None
    if status is None:
        return Outcome.NO_SOURCE
    return ctx.attribution(np[0].start, ctx.toks[k].end, np, status, How.PARAPHRASE)


def based_on(ctx: Context, k: int) -> Result:
    """'The agency based its decision on a 312-patient trial': the document it rests on."""
    window = ctx.toks.lowers[k + 1 : k + 5]
    if ctx.word(k) != "based" or "on" not in window:
        return Outcome.NOT_MINE
    np = forward_np(ctx.toks, k + 2 + window.index("on"))
    if np and is_document(np):
        return _document_source(ctx, k, np, Status.NAMED)
    return Outcome.NO_SOURCE


def cited_in(ctx: Context, k: int) -> Result:
    """'in laboratory tests described in the paper': the document cited; without one the word
    is a reporting verb ("the outbreak was reported in March")."""
    low, _, nxt = ctx.around(k)
    if low not in CITED or nxt != "in":
        return Outcome.NOT_MINE
    np = forward_np(ctx.toks, k + 2)
    status = classify(np, ctx.toks, ctx.lex) if is_document(np) else None
    if status is None:
        return Outcome.NOT_MINE
    return _document_source(ctx, k, np, status)


def _document_source(ctx: Context, k: int, np: list[Token], status: Status) -> Attribution:
    """A text the sentence rests on, from the word that introduces it to the end of its noun
    phrase: "Under party rules", "based its decision on a trial", "described in the paper"."""
    return ctx.attribution(ctx.toks[k].start, np[-1].end, np, status, How.PARAPHRASE)


# the handlers asked before the reporting verb, by the word they open on
OPENERS: dict[str, tuple[Handler, ...]] = {
    "according": (according_to,),
    "per": (according_to,),
    "under": (under_rules,),
    "saying": (quoted_as_saying,),
    "based": (based_on,),
    **{word: (cited_in,) for word in CITED},
}


@lru_cache(maxsize=64)
def triggers(lex: Lexicon) -> frozenset[str]:
    """Words that can open an attribution: the lexicon's verbs, the verbs that are also nouns
    ("report", "state"), the words that voice a view or take a stance ("slip": "let slip
    that"), and the openers' words."""
    verbs = lex.speech_verbs | lex.inference_verbs | NOUN_LIKE_BASES | VOICING | STANCE
    return verbs | {"slip"} | frozenset(OPENERS)


def find_attributions(doc: Document, toks: Tokens, index: int, lex: Lexicon) -> list[Attribution]:
    """The attributions in sentence `index` of `doc` (its tokens `toks`), in word order."""
    opening = triggers(lex)
    positions = [k for k, w in enumerate(toks.lowers) if w in opening]
    if not positions:
        return []  # most sentences: nothing that opens an attribution
    ctx = Context.of(doc, toks, index, lex)
    found = (read(ctx, k) for k in positions)
    return [a for a in found if isinstance(a, Attribution)]


def read(ctx: Context, k: int) -> Result:
    """What the first handler that claims the word at k makes of it; a word no opener claims
    is read as a reporting verb."""
    for handler in OPENERS.get(ctx.toks.lowers[k], ()):
        result = handler(ctx, k)
        if result is not Outcome.NOT_MINE:
            return result
    return reporting_verb(ctx, k)
