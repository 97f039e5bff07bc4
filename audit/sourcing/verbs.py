"""The reporting-verb handler: "Analysts suggest", '"...," said Jane Ortiz', "Dr. Voss, an
audiologist, said", "reporters are adamant that", "commentators raised concerns that".

A word reads as a reporting verb (`verb_use`) unless it is a noun or a modifier here
(`noun_use`) or a verb in a sense that reports nothing (`other_sense`). Its subject is the source
(`verb_subject`, found before it, past an appositive, or after it), unless that subject is no
one who could say so; the source's status then decides (`source_status`).
"""

from __future__ import annotations

from dataclasses import dataclass

from audit.sourcewords import (
    AFTER_ADDED,
    AFTER_POSTED,
    ANONYMOUS,
    BEFORE_NOUNS,
    CALL_KINDS,
    CALLED_OBJECTS,
    CLAUSE_VERBS,
    CONTINUING,
    COPULAS,
    DOCUMENT_NOUNS,
    EVER_RECORDS,
    FRACTIONS,
    GRADING,
    MENTAL,
    MISGIVINGS,
    NAMED_HEADS,
    NEGATIONS,
    NOUN_CAPABLE,
    NOUN_LIKE_BASES,
    NOUN_MARKERS,
    NUMBERS,
    OF,
    PARTICIPLES,
    PERFECT,
    PRONOUN_QUANTIFIERS,
    QUANTIFIERS,
    SKIP_WORDS,
    STANCE,
    VOICING,
)
from audit.sourcing.classify import (
    classify,
    is_secondhand,
    is_source_like,
    proper_tokens,
    role,
    sayer,
)
from audit.sourcing.context import Context, Outcome, Result
from audit.sourcing.model import How, Lexicon, Status, lemma
from audit.sourcing.phrases import before_word, subject
from audit.sourcing.tokens import Token, index


@dataclass(frozen=True)
class VerbUse:
    """How a word reads as a reporting verb."""

    inference: bool  # "shows", "found", "point to": a source only with a source-like subject
    stance: bool  # "are adamant that", "let slip that": the subject is before "be" or "let"
    noun_like: bool  # "analysts report that": a verb that is mostly a noun
    continuing: bool  # "have continued to lament": the subject is before "continued"


def reporting_verb(ctx: Context, k: int) -> Result:
    """A reporting verb at k and its subject, the source."""
    use = verb_use(ctx, k)
    if use is None or noun_use(ctx, k, use) or other_sense(ctx, k):
        return Outcome.NO_SOURCE
    tok = ctx.toks[k]
    if ctx.in_quote(tok.start, tok.end):
        return Outcome.NO_SOURCE  # the speaker's own words
    found = verb_subject(ctx, k, use)
    status = source_status(ctx, k, use, found) if found else None
    if status is None:
        return Outcome.NO_SOURCE
    low = ctx.toks.lowers[k]
    how = How.SECONDHAND if low in ("reports", "reported") or is_secondhand(found) else ctx.how
    start, end = min(found[0].start, tok.start), max(found[-1].end, tok.end)
    return ctx.attribution(start, end, found, status, how)


def verb_use(ctx: Context, k: int) -> VerbUse | None:
    """How the word at k reads as a reporting verb; None when it cannot be one."""
    low, prev, nxt = ctx.around(k)
    noun_like, stance = _noun_like_verb(ctx, k), _stance(ctx, k)
    # "murmurs from the boardroom point to a compromise": the base form, before "to"
    pointing = low == "point" and nxt == "to" and prev not in NOUN_MARKERS
    speech = low in ctx.lex.speech_verbs or noun_like or _voiced(ctx, k) or stance
    inference = low in ctx.lex.inference_verbs or pointing
    if not (speech or inference) or not ctx.toks.word(k).islower():
        return None  # not a reporting word, or capitalised: a name, a heading's word
    continuing = prev == "to" and k > 1 and ctx.toks.lowers[k - 2] in CONTINUING
    return VerbUse(inference, stance, noun_like, continuing)


def _voiced(ctx: Context, k: int) -> bool:
    """'commentators raised concerns that ...': a claim (but "raised concerns about traffic" at
    a hearing is an event)."""
    low, _, nxt = ctx.around(k)
    return low in VOICING and nxt in MISGIVINGS and ctx.word(k + 2) == "that"


def _noun_like_verb(ctx: Context, k: int) -> bool:
    """'analysts report that', '..., the authors report.': a verb that is mostly a noun ("its
    annual report that") speaks after a plural subject and before "that" or the end."""
    low, prev, nxt = ctx.around(k)
    return (
        low in NOUN_LIKE_BASES
        and k > 0
        and (prev.endswith("s") or prev in ("they", "we"))
        and (nxt == "that" or (nxt in (".", ";", "") and ctx.toks.lowers[k - 2 : k - 1] == ["the"]))
    )


def _stance(ctx: Context, k: int) -> bool:
    """'reporters are adamant that', 'many are convinced the marriage is over', 'a pal of the
    pair let slip that': a stance its subject takes."""
    lowers = ctx.toks.lowers
    low, prev, nxt = ctx.around(k)
    be_before = prev in COPULAS or (prev.endswith("ly") and k > 1 and lowers[k - 2] in COPULAS)
    stance = low in STANCE and be_before and (low == "convinced" or nxt == "that")
    return stance or (low == "slip" and prev == "let" and nxt == "that")


def noun_use(ctx: Context, k: int, use: VerbUse) -> bool:
    """The word is a noun or a modifier here: "the report", "an independent think tank",
    "fears of a strike", "living in fear", "a formal note", "12 reports"."""
    lowers = ctx.toks.lowers
    low, prev, nxt = ctx.around(k)
    pronoun_subject = prev in PRONOUN_QUANTIFIERS and not low.endswith("s")  # "many fear"
    if (prev in NOUN_MARKERS and not pronoun_subject) or (prev == "to" and not use.continuing):
        return True  # "the report", "an expected meeting"
    if low == "think" and nxt in ("tank", "tanks"):
        return True  # "an independent think tank"
    if low in ("call", "calls") and prev in CALL_KINDS:
        return True  # "told analysts on the earnings call that ...": a meeting
    if low in NOUN_CAPABLE and nxt in ("from", "of"):
        return True  # "an uncertainty note from the auditor", "fears of a strike"
    if prev in BEFORE_NOUNS:
        return True  # "living in fear", "there's little doubt"
    if low in MISGIVINGS and any(w.startswith("rais") for w in lowers[max(k - 3, 0) : k]):
        return True  # "raises serious questions about": the questions are a thing raised
    return _modified_noun(ctx, k, use) or _counted_noun(ctx, k)


def _modified_noun(ctx: Context, k: int, use: VerbUse) -> bool:
    """'a formal note', 'the quarterly report', 'a research note': a determiner and a modifier
    before a word that can be a noun (a singular subject would take "notes": "a report
    claims"); but "documents filed in the case show": "the case" ends the subject."""
    lowers = ctx.toks.lowers
    low, prev, _ = ctx.around(k)
    return (
        (low in NOUN_CAPABLE or use.noun_like)
        and k > 1
        and lowers[k - 2] in NOUN_MARKERS
        and not (k > 2 and lowers[k - 3] in OF and lowers[k - 2] == "the")
        and (
            _adjective_like(ctx.toks[k - 1], ctx.lex)
            or (lowers[k - 2] in ("a", "an") and not prev.endswith("s") and low[-1] != "s")
        )
    )


def _counted_noun(ctx: Context, k: int) -> bool:
    """'his first two projects', '12 reports', 'which operates two brine projects': a counted
    plural noun (but "the annual report for 2024/25 shows")."""
    lowers = ctx.toks.lowers
    low, prev, _ = ctx.around(k)
    counted = (
        prev in QUANTIFIERS
        or (prev.isdigit() and k > 1 and lowers[k - 2] != "/")
        or (k > 1 and lowers[k - 2] in NUMBERS and ctx.toks.word(k - 1).islower())
    )
    return low.endswith("s") and counted


def other_sense(ctx: Context, k: int) -> bool:
    """A verb that says nothing here: it names, feels, paints, adds or posts a thing, records,
    or has its agent after "by"."""
    lowers = ctx.toks.lowers
    low, prev, nxt = ctx.around(k)
    if low.startswith("call") and nxt not in CALLED_OBJECTS and not _calling(ctx, k):
        return True  # "a drug called zentoramab", "called for a strike": naming, asking
    if low.startswith(("feel", "felt")) and nxt != "that" and not _clause_after(lowers, k):
        return True  # "residents feel abandoned": a feeling; "many feel (that) the system is"
    if low.startswith("paint") and "picture" not in lowers[k + 1 : k + 5]:
        return True  # "painted a grim picture": an account given; "painted the bridge"
    if low.startswith("explain") and (prev in ("cannot", "not") or prev.endswith(("n't", "n’t"))):
        return True  # "the shortage alone cannot explain a two-year slip": no one explains
    if low.startswith("add") and nxt not in AFTER_ADDED:
        return True  # "adds another layer", "investors added to bets": a thing added
    if low.startswith("post") and nxt not in AFTER_POSTED:
        return True  # "Veltrix posted quarterly revenue of $8.1 billion": results, not words
    return _not_a_claim(ctx, k)


def _calling(ctx: Context, k: int) -> bool:
    """'are calling', 'are already calling': a verb, not a modifier ("a red flag warning")."""
    return ctx.toks.lowers[k] == "calling" and _after_be(ctx, k)


def _after_be(ctx: Context, k: int) -> bool:
    """A form of "be" before the word at k, maybe past an auxiliary or adverb."""
    prev = ctx.word(k - 1)
    return prev in COPULAS or (prev in SKIP_WORDS and k > 1 and ctx.toks.lowers[k - 2] in COPULAS)


def _not_a_claim(ctx: Context, k: int) -> bool:
    """A verb of mind or record that pins no claim on anyone: "the board knows it.", "how
    people think about sleep", "the fastest ever seen", "the worst outbreak the region has
    seen", "reports indicate" (the next word is the verb), "an update posted by the agency"."""
    lowers = ctx.toks.lowers
    low, prev, nxt = ctx.around(k)
    if low in MENTAL and nxt == "it" and k + 2 < len(lowers) and lowers[k + 2] in (".", "!", ""):
        return True  # "..., and the board knows it.": a rhetorical tag, not a source
    if low in MENTAL and nxt in ("about", "of") and not low.startswith(("worr", "fear")):
        return True  # "how people think about sleep": not a claim pinned on anyone
    if low in EVER_RECORDS and prev == "ever":
        return True  # "the fastest ever seen on the course": a record, not a witness
    if low == "seen" and prev in PERFECT and nxt != "that":
        return True  # "the worst outbreak the region has seen": lived through, not said
    if nxt in ctx.lex.speech_verbs or nxt in ctx.lex.inference_verbs:
        return True  # "reports indicate": the first word is the subject
    return (low.endswith("ed") or low in PARTICIPLES) and nxt == "by"  # the source follows "by"


def verb_subject(ctx: Context, k: int, use: VerbUse) -> list[Token]:
    """The subject of the verb at k, or [] when there is none that could say so."""
    low, prev, nxt = ctx.around(k)
    at = k - 2 if use.continuing else k
    if use.stance:  # "reporters are adamant that", "doctors are increasingly convinced"
        at = k - 1 if prev in COPULAS else k - 2
    found = subject(ctx.toks, at, ctx.lex.vague_sources)
    # "a study showing", "a red flag warning": a noun or a modifier; but "with many insisting",
    # "with whispers from the club suggesting": the source's own clause; before "that" a verb
    # when its subject is a source ("insiders at the club hinting that")
    ing = low.endswith("ing")
    ing_noun = ing and not (_after_be(ctx, k) or prev.endswith("s") or prev == ",")
    if ing and ((ing_noun and nxt != "that") or use.inference):
        with_clause = found and before_word(ctx.toks, found) == "with" and sayer(found, ctx.lex)
        if not with_clause:
            return []
    if not found or (ing_noun and not sayer(found, ctx.lex)) or _no_sayer(ctx, k, use, found):
        return []
    return found


def _no_sayer(ctx: Context, k: int, use: VerbUse, found: list[Token]) -> bool:
    """The subject found is no one who says so: "Everyone knows", "the most undervalued
    projects", "Two in five voters say", "faster than anyone predicted", "Not every expert is
    convinced"."""
    low = ctx.toks.lowers[k]
    if low.startswith(("know", "knew")) and found[-1].lower in ("everyone", "everybody"):
        return True  # "Everyone knows X is a bubble": the writer's claim, not a source's
    if (
        len(found) == 2
        and found[0].lower in GRADING
        and not found[1].lower.endswith("s")
        and low.endswith("s")
    ):
        return True  # "the most undervalued projects in the market": a noun, no subject
    if counted_share(found):
        return True  # "Two in five voters say", "40% of firms expect": a survey result
    if before_word(ctx.toks, found) == "than":
        return True  # "faster than anyone predicted": a comparison, not a source
    # "Not every expert is convinced that ...": a lead-in to a named view
    return use.stance and ctx.toks[max(index(ctx.toks, found[0]) - 1, 0)].lower == "not"


def source_status(ctx: Context, k: int, use: VerbUse, found: list[Token]) -> Status | None:
    """The status of the verb's subject as a source, or None when it is none."""
    low, prev, _ = ctx.around(k)
    status = classify(found, ctx.toks, ctx.lex)
    if status is None:
        return None
    if low.startswith(("feel", "felt")) and status != Status.VAGUE:
        return None  # "the government felt it had no choice": the writer reading minds
    if use.inference and not (
        is_source_like(found, ctx.lex)
        or proper_tokens(found, ctx.toks)
        or role(found)
        or any(t.lower in NAMED_HEADS for t in found)  # "the board found"
    ):
        return None  # "this shows" is no source; "inspectors found" is
    if low in MENTAL and prev in NEGATIONS and not is_source_like(found, ctx.lex):
        return None  # "customers will never see their money": a claim about them, not theirs
    return status


def counted_share(found: list[Token]) -> bool:
    """The subject is a share of people: "two in five voters", "40% of firms", "half of
    Americans" (a poll's finding, not a source)."""
    words = [t.lower for t in found[:4]]
    if found and lemma(found[-1].lower) in ANONYMOUS:
        return False  # "one of these sources said": sources, not a share of a population
    if len(words) >= 3 and words[0] in FRACTIONS and words[1] in ("in", "out"):
        return True
    if words and words[0][:1].isdigit() and "%" in [t.text for t in found[:3]]:
        return True
    return len(words) >= 2 and words[0] in FRACTIONS and words[1] == "of"


def _clause_after(lowers: list[str], k: int) -> bool:
    """A finite verb soon after word k: "feel the whole system has been broken" is a clause."""
    return any(w in CLAUSE_VERBS or w in PERFECT for w in lowers[k + 2 : k + 8])


def _adjective_like(t: Token, lex: Lexicon) -> bool:
    """A lowercase modifier that is not itself a source noun ('formal', not 'analysts')."""
    low = t.lower
    return (
        t.text.islower()
        and t.is_word
        and lemma(low) not in lex.vague_sources
        and low not in DOCUMENT_NOUNS
        and low not in NAMED_HEADS  # "the ministry estimates": a subject and its verb
        and not low.endswith("s")
    )
