"""Statements a text makes about one thing, for the `contradiction` kind.

A `Statement` is what one sentence says about an event (where, when), a measured thing (how
many, how much) or a person (role, age), keyed so that two sentences about the same thing
can be compared. Extraction is deliberately narrow: a statement is made only where the text
itself names the participants, the measured noun phrase or the person; nothing is inferred
from world knowledge. Every word list comes from the rule's options (`Lexicon`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from typing import NamedTuple

from audit import saferegex
from audit.document import Document


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _list(text: str) -> list[str]:
    return text.split()


_DIGIT = re.compile(r"\d")
_TOKEN = re.compile(r"[$£€]?[A-Za-z0-9][\w'’.%-]*")
_NUMBER = re.compile(
    r"(?<![\w.,$£€])(?P<cur>[$£€])?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>million|billion|trillion|thousand|bn)\b)?"
    r"(?P<pct>\s?(?:%|per ?cent\b|percent\b))?(?![\w.]*\d)"
)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
MONTHS = _list(
    "january february march april may june july august september october november december"
)
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
_MONTH += r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# an explicit date (specific: comparable with another) or a relative time (only ever equal)
_SPECIFIC = re.compile(
    rf"\b(?:{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)? "
    rf"(?:of )?{_MONTH}(?:,? \d{{4}})?|{_DAY}|{_MONTH} \d{{4}}|(?:19|20)\d\d)\b"
)
_RELATIVE = re.compile(
    r"\b(?:(?:later|earlier|early|late|next|last) (?:this )?(?:week|month|year|spring|summer|"
    r"autumn|fall|winter)|this (?:week|month|year|weekend)|today|tomorrow|tonight|yesterday)\b",
    re.I,
)
_FUNCTION = _words(
    "the a an and or but by to from that which who whom whose was were is are be been "
    "being has have had will would could should may might can its it their his her our "
    "your this these those than then as with at in on of for per into about after before "
    "over under while since up down not no also only just more less most least some any "
    "each every all both"
)
_NAME_SKIP = _words("i a an the and but or if in on at as so yet for of to")
# sentence starters capitalised only there (even where a name is spelt the same: "He")
_STARTERS = _words(
    "he she it they we you his her its their this that these those there despite meanwhile "
    "however still yet after before while when during since although though earlier later "
    "last next according many most several two three four five officials analysts critics "
    "experts but and so thus then now here what why how who where"
)


@dataclass(frozen=True)
class Lexicon:
    """The rule's word lists, normalised (see `ContradictionKind.fields`)."""

    events: dict[str, str]  # a form of an event word -> its family's first form
    titles: frozenset[str]
    role_heads: frozenset[str]
    future: frozenset[str]
    distinct: frozenset[str]
    approximate: tuple[str, ...]
    role_change: frozenset[str]
    change: re.Pattern | None  # a change over time: 'rose from', 'revised', 'moved'
    dispute: re.Pattern | None  # a claim the article reports as disputed
    forecast: re.Pattern | None  # a figure expected, not one measured
    reporting: re.Pattern | None  # reported speech: 'said', 'according to'
    # any event word's form, anywhere in a lower-cased text: a sentence without one has no
    # event word (None: look at every sentence)
    event_hint: re.Pattern | None = None


@dataclass(frozen=True)
class Statement:
    """One sentence's statement about a thing: `kind` and `key` say which thing, `value` what
    it is said to be, `span` where that value is written."""

    kind: str  # place, date, quantity, role, age
    key: tuple
    value: str
    span: tuple[int, int]
    sentence: int
    shown: str  # the value as written, for the message
    what: str  # the thing, for the message ("meeting of Trump and Xi")
    names: frozenset[str] = field(default_factory=frozenset)  # participants or owners
    tense: str = ""
    time: str = ""
    place: str = ""
    when: frozenset[str] = frozenset()  # every time its sentence gives
    hedged: bool = False  # the sentence marks a change, a dispute or (a figure's) a forecast
    reported: bool = False  # the sentence reports someone's words


class Token(NamedTuple):
    """A word of a sentence; `word` and `lower` are computed once, as tokens are made (they
    are read a dozen times each), and follow from `text`, so they never make two tokens of
    one place differ."""

    text: str
    start: int
    end: int
    word: str  # without a possessive or a full stop ('Beijing’s', 'month.'); 'U.S.' kept
    lower: str


def _word(text: str) -> str:
    if "." in text[:-1]:
        return text  # an abbreviation keeps its stops
    bare = text.rstrip(".")
    return bare[:-2] if bare.endswith(("'s", "’s")) else bare


def tokens(text: str, offset: int) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(text):
        word = _word(m.group())
        out.append(Token(m.group(), offset + m.start(), offset + m.end(), word, word.lower()))
    return out


def lemma(word: str) -> str:
    """A plural's singular, roughly: enough to match 'tariffs' with 'tariff'."""
    w = word.lower().strip(".'’")
    if len(w) > 3 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def capitalised_words(doc: Document) -> tuple[frozenset[str], frozenset[str]]:
    """Words that are names: those capitalised somewhere other than at a sentence's start, and
    those only ever written capitalised, at a sentence's start (a sentence-initial 'Trump';
    common starters aside, but a foreign word may pass: they are never an owner)."""
    seen: set[str] = set()
    starts: set[str] = set()
    lower = set(re.findall(r"\b[a-z][\w'’-]*", doc.text))
    for s in doc.sentences:
        words = _TOKEN.findall(doc.text, s.start, s.end)  # a word's first letter is its token's
        starts.update(_word(w) for w in words[:1])
        seen.update(_word(w) for w in words[1:] if w[:1].isupper())
    initial = {
        w
        for w in starts - seen
        if (low := w.lower()) not in lower
        and low not in _FUNCTION | _STARTERS
        and not low.endswith("ly")
    }
    return frozenset(seen), frozenset(initial)


def names_in(
    toks: list[Token], first: int, lex: Lexicon, known: frozenset[str]
) -> list[list[Token]]:
    """Runs of capitalised tokens (titles, months and weekdays left out): names. `first` is
    the index of the sentence's first token, a name there only if capitalised elsewhere too."""
    runs: list[list[Token]] = []
    run: list[Token] = []
    for i, t in enumerate(toks):
        w = t.word
        start = i == first
        name = w[:1].isupper() and w.lower() not in _NAME_SKIP
        name = name and (not start or (w in known and w.lower() not in _STARTERS))
        if name and not _is_time_word(w) and w.lower() not in lex.events:
            if run and t.start - run[-1].end > 1:  # 'Global Times, Trump': two names
                runs.append(run)
                run = []
            if w.lower() not in lex.titles:
                run.append(t)
            continue
        if run:
            runs.append(run)
        run = []
    if run:
        runs.append(run)
    return runs


_MONTH_STEMS = frozenset(m[:3] for m in MONTHS)


@lru_cache(maxsize=4096)
def _is_time_word(word: str) -> bool:
    w = word.lower().rstrip(".")
    return (
        w in MONTHS
        or re.fullmatch(_DAY, word) is not None
        or (w[:3] in _MONTH_STEMS and len(w) <= 4)
    )


def times_in(text: str) -> list[str]:
    """The explicit dates and relative times of a text, normalised."""
    found = [m.group() for m in _SPECIFIC.finditer(text)]
    found += [m.group().lower() for m in _RELATIVE.finditer(text)]
    return [" ".join(f.replace(",", "").split()) for f in found]


def specific(time: str) -> bool:
    return _SPECIFIC.fullmatch(time) is not None


def number_value(m: re.Match) -> tuple[float, str]:
    """A number match's value and unit ('%', a currency sign, or '')."""
    value = float(m.group("num").replace(",", ""))
    value *= _SCALE.get((m.group("scale") or "").lower(), 1.0)
    unit = "%" if m.group("pct") else (m.group("cur") or "")
    return value, unit


def phrase_regex(phrases: Iterable[str]) -> re.Pattern | None:
    """Phrases as one case-insensitive, whole-word alternation; `...` in a phrase stands for a
    few words ('was ... now')."""
    parts = []
    # longest first, then alphabetical: one order every run (the pack cache is keyed by it)
    for p in sorted({p.strip() for p in phrases if p.strip()}, key=lambda p: (-len(p), p)):
        escaped = r"\s+".join(re.escape(w) for w in p.split())
        parts.append(escaped.replace(r"\.\.\.", r"(?:\S+\s+){0,8}?\S*"))
    if not parts:
        return None
    # from the pack's cache while the pack loads: these alternations are long
    return saferegex.re_compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.I)


def event_hint(events: Iterable[str]) -> re.Pattern | None:
    """One pattern finding any of the event words' forms inside a lower-cased text."""
    forms = sorted({f for f in events if f}, key=lambda f: (-len(f), f))
    return re.compile("|".join(map(re.escape, forms))) if forms else None


# --- events: where and when ---------------------------------------------------------------

_CLAUSE_STOP = frozenset({",", ";", ":", "—", "–", "(", ")"})
_BACK_STOP = frozenset({"that", "said", "says", "told", "while", "but", "although", "whereas"})
_FORWARD_STOP = frozenset({"that", "while", "but", "after", "before", "although", "which", "where"})
WINDOW = 16  # tokens looked at either side of an event word


def event_statements(
    doc: Document, index: int, toks: list[Token], lex: Lexicon, known: frozenset[str]
) -> Iterator[Statement]:
    """A place and a time for each singular event word whose participants are named."""
    s = doc.sentences[index]
    for i, t in enumerate(toks):
        family = lex.events.get(t.lower)
        if family is None:
            continue
        near = [*toks[max(0, i - 3) : i], *toks[i + 1 : i + 3]]  # 'another meeting', 'meet again'
        if any(p.lower in lex.distinct for p in near):
            continue
        back = _clause(doc, toks, i, -1)
        ahead = _clause(doc, toks, i, 1)
        place = _place(ahead, lex, known)
        first = 0 if back and back[0] is toks[0] else -1
        runs = names_in(back + ahead, first, lex, known)
        runs = [r for r in runs if not place or not set(r) & set(place)]
        if len(runs) < 2:
            continue  # one named participant is too little to tell one event from another
        window = doc.text[(back or [t])[0].start : (ahead or [t])[-1].end]
        time = " / ".join(times_in(window))
        tense = _tense(back, ahead, t, time, lex)
        parts = frozenset(" ".join(x.word for x in r) for r in runs)
        shown = " ".join(x.word for x in place)
        when = frozenset(times_in(doc.text[s.start : s.end]))  # every time the sentence gives
        base = dict(sentence=index, names=parts, tense=tense, time=time, place=shown, when=when)
        if place:
            where = (place[0].start - len(_prep_before(doc, place[0])), place[-1].end)
            text = doc.text[where[0] : where[1]]
            yield Statement(
                "place", (family,), shown.lower(), where, shown=text, what=family, **base
            )
        if time and specific(time) and "/" not in time:
            m = _SPECIFIC.search(window)
            where = (s.start, s.end) if m is None else _located((back or [t])[0], m)
            yield Statement("date", (family,), time.lower(), where, shown=time, what=family, **base)


def _clause(doc: Document, toks: list[Token], i: int, step: int) -> list[Token]:
    """The tokens before (step -1) or after (step 1) token i, up to a clause break."""
    out: list[Token] = []
    stops = _BACK_STOP if step < 0 else _FORWARD_STOP
    j = i + step
    while 0 <= j < len(toks) and len(out) < WINDOW:
        near = j + 1 if step < 0 else j - 1  # the token on the event word's side of j
        a, b = sorted((near, j))
        if _CLAUSE_STOP & set(doc.text[toks[a].end : toks[b].start]) or toks[j].lower in stops:
            break
        out.append(toks[j])
        j += step
    return out[::-1] if step < 0 else out


def _place(ahead: list[Token], lex: Lexicon, known: frozenset[str]) -> list[Token]:
    """The first 'in X' / 'at (the) X' after an event word, X a name (not a month)."""
    for i, t in enumerate(ahead[:-1]):
        if t.lower not in ("in", "at"):
            continue
        j = i + 1 + (ahead[i + 1].lower == "the")
        run: list[Token] = []
        while j < len(ahead) and ahead[j].word[:1].isupper() and not _is_time_word(ahead[j].word):
            if run and ahead[j].start - run[-1].end > 1:
                break  # 'in Busan, South Korea': the place is Busan
            run.append(ahead[j])
            j += 1
        if run:
            return run
        if j < len(ahead) and _is_time_word(ahead[j].word):
            continue
    return []


def _prep_before(doc: Document, first: Token) -> str:
    m = re.search(r"\b(?:in|at)\s+(?:the\s+)?$", doc.text[max(0, first.start - 12) : first.start])
    return m.group() if m else ""


def _located(first: Token, m: re.Match) -> tuple[int, int]:
    """A match in the window starting at token `first`, as a span of the document."""
    return first.start + m.start(), first.start + m.end()


def _tense(back: list[Token], ahead: list[Token], word: Token, time: str, lex: Lexicon) -> str:
    """future, past or '' (unknown): two statements of one event share it."""
    words = {t.lower for t in (*back, *ahead)} | set(time.lower().split())
    if words & lex.future:
        return "future"
    if word.lower in ("met", "held", "visited") or words & {"was", "were", "had", "last", "ago"}:
        return "past"
    return ""


# --- quantities: how many, how much -------------------------------------------------------

_TAIL_PREPS = frozenset({"on", "of", "for", "in", "per", "at", "from", "against"})
_STATE_VERBS = re.compile(
    r"(?:\b(?:of|at|is|was|are|were|stood at|stands at|totals?|totalled|totaled|costs?|"
    r"numbers?|reached|hit)\s+)$",
    re.I,
)


def quantity_statements(
    doc: Document,
    index: int,
    words: Callable[[], list[Token]],
    lex: Lexicon,
    known: frozenset[str],
) -> Iterator[Statement]:
    """A number with the noun phrase it measures ('100% tariffs on Chinese goods', 'a tariff
    of 150% on Chinese goods', 'the death toll stood at 12'), ranges and estimates left out."""
    s = doc.sentences[index]
    text = doc.text[s.start : s.end]
    owners: frozenset[str] | None = None  # the sentence's names: tokens only when needed
    for m in _NUMBER.finditer(text):
        value, unit = number_value(m)
        before, after = text[: m.start()], text[m.end() :]
        if _excluded(before, after, unit, m, lex):
            continue
        ahead = _phrase(after, 4)
        tail = _tail(_past_words(after, len(ahead))) if ahead else []
        if ahead:
            key_words = ahead + tail
        elif state := _STATE_VERBS.search(before):
            key_words = _phrase_before(before[: state.start()]) + _tail(after)
        else:
            continue
        key = tuple(sorted({lemma(w) for w in key_words if w.lower() not in _FUNCTION}))
        if len(key) < 2 or any(_is_time_word(w) for w in key_words):
            continue  # one word ('40 locations') is too little to know it is the same thing
        what = " ".join(w for w in key_words)
        span = (s.start + m.start(), s.start + m.end())
        norm = f"{value:g}{unit}"
        if owners is None:
            runs = names_in(words(), 0, lex, known)
            owners = frozenset(" ".join(t.word for t in r) for r in runs)
        yield Statement("quantity", key, norm, span, index, m.group().strip(), what, owners)


_THOUSANDS_DOT = re.compile(r"\d{1,3}\.\d{3}")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_RANGE_AFTER = re.compile(r"\s*(?:-|–|to|and|or)\s*[$£€]?\d")
_RANGE_BEFORE = re.compile(r"(?:\d\s*(?:-|–|to|and|or)|\b(?:between|from))\s*$")
_UNIT_AFTER = re.compile(
    r"[\w-]*\s*(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|times|"
    r"a\.m\.|p\.m\.|am|pm|st|nd|rd|th)\b",
    re.I,
)
_SHARE_AFTER = re.compile(r"\s*of\b")
_CODE_BEFORE = re.compile(r"[/:.]$")
_CODE_AFTER = re.compile(r"[/:]\d")
_LETTER_AFTER = re.compile(r"[A-Za-z-]")
_NAMED_BEFORE = re.compile(r"(?:\bthe|\bor|\(|\bof the)\s*$", re.I)


def _excluded(before: str, after: str, unit: str, m: re.Match, lex: Lexicon) -> bool:
    """Years, durations, ranges and their ends, shares ('40% of voters') and estimates."""
    num = m.group("num")
    if _THOUSANDS_DOT.fullmatch(num):
        return True  # '25.000': thousands in another language's notation, or a decimal
    if not unit and not m.group("scale") and _YEAR.fullmatch(num):
        return True  # a year
    if _RANGE_AFTER.match(after) or _RANGE_BEFORE.search(before):
        return True  # a range, or a change from one figure to another
    if _UNIT_AFTER.match(after):
        return True
    if unit == "%" and _SHARE_AFTER.match(after):
        return True
    if _CODE_BEFORE.search(before) or _CODE_AFTER.match(after):
        return True  # a score, a time of day or part of a code
    if _LETTER_AFTER.match(after) and not unit and not m.group("scale"):
        return True  # '60W', '12-inch': a figure inside a name or a modifier, not a count
    if _NAMED_BEFORE.search(before) or _in_brackets(before):
        return True  # 'the 50 yard freestyle' names a known thing; '(2,095 metric tons)'

    words = before.lower().rsplit(None, 3)[-3:]  # the last three words
    return any(" ".join(words[-n:]) in phrases for n, phrases in _by_length(lex.approximate))


@lru_cache(maxsize=8)
def _by_length(phrases: tuple[str, ...]) -> tuple[tuple[int, frozenset[str]], ...]:
    """Phrases grouped by their number of words."""
    sizes = sorted({len(p.split()) for p in phrases})
    return tuple((n, frozenset(p for p in phrases if len(p.split()) == n)) for n in sizes)


def _past_words(text: str, n: int) -> str:
    """`text` after its first n words."""
    words = list(re.finditer(r"\S+", text))
    return text[words[n - 1].end() :] if 0 < n <= len(words) else text


def _in_brackets(before: str) -> bool:
    return before.rfind("(") > before.rfind(")")


def _phrase(text: str, most: int) -> list[str]:
    """The words after a number that name what it counts: up to `most`, to a function word."""
    out = []
    for w in re.findall(r"\S+", text)[:most]:
        bare = w.strip(",.;:!?\"'“”‘’()")
        if not bare or bare.lower() in _FUNCTION or not re.fullmatch(r"[A-Za-z][\w'’-]*", bare):
            break
        if bare.lower().endswith(("ing", "ed")) and out:
            break  # 'tariffs starting ...', 'locations opened ...': a verb, not the noun
        out.append(bare)
        if bare != w:
            break
    return out


def _tail(text: str) -> list[str]:
    """A prepositional tail that narrows the measured thing: 'on Chinese goods', 'in Texas'."""
    words = text.split()
    if not words or words[0].lower() not in _TAIL_PREPS:
        return []
    rest = _phrase(" ".join(w for w in words[1:] if w.lower() != "the"), 3)
    return [words[0], *rest] if rest else []


def _phrase_before(text: str) -> list[str]:
    """The noun phrase before 'of' / 'stood at' / 'costs': back to its determiner."""
    out: list[str] = []
    for w in reversed(re.findall(r"\S+", text)[-7:]):
        bare = w.strip(",.;:!?\"'“”‘’()")
        if bare.lower() in ("the", "a", "an", "its", "their", "his", "her") or bare != w:
            break
        if bare.lower() in _FUNCTION - {"of"} or not re.fullmatch(r"[A-Za-z][\w'’-]*", bare):
            break
        out.append(bare)
    return out[::-1]


# --- people: role and age -----------------------------------------------------------------

_NAME = r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,2}"


def role_statements(doc: Document, index: int, lex: Lexicon) -> Iterator[Statement]:
    """'Treasury Secretary Scott Bessent': a title (capitalised words ending in a role noun)
    right before a person's full name."""
    s = doc.sentences[index]
    text = doc.text[s.start : s.end]
    pattern = _role_pattern(lex.role_heads)
    if pattern is None:
        return
    for m in pattern.finditer(text):
        words = m.group(1).split()
        if {w.lower().strip(".") for w in words} & lex.role_change:
            continue  # 'former', 'acting', 'new': a role that changes is no contradiction
        name = _person(m.group(2), lex)
        if len(name.split()) < 2:
            continue
        role = " ".join(words)
        span = (s.start + m.start(1), s.start + m.end(1))
        yield Statement("role", (name,), role.lower(), span, index, m.group(1), name)


@lru_cache(maxsize=8)
def _role_pattern(role_heads: frozenset[str]) -> re.Pattern | None:
    heads = "|".join(re.escape(h.title()) for h in sorted(role_heads, key=lambda h: (-len(h), h)))
    if not heads:
        return None
    return re.compile(rf"((?:[A-Z][\w.'’-]* ){{0,3}}(?:{heads}))\s+({_NAME})\b")


def _person(name: str, lex: Lexicon) -> str:
    return " ".join(w for w in name.split() if w.lower() not in lex.titles)


_AGE_FORMS = (
    re.compile(rf"(?P<name>{_NAME}), (?:aged )?(?P<age>\d{{1,3}})(?=,|\.|$| and\b)"),
    re.compile(rf"(?P<age>\d{{1,3}})-year-old (?:[a-z]+ ){{0,2}}(?P<name>{_NAME})"),
)


def age_statements(doc: Document, index: int, lex: Lexicon) -> Iterator[Statement]:
    """'Dana Whitcombe, 54,' and 'the 54-year-old Dana Whitcombe': a full name's age."""
    s = doc.sentences[index]
    text = doc.text[s.start : s.end]
    for form in _AGE_FORMS:
        for m in form.finditer(text):
            name = _person(m.group("name"), lex)
            if len(name.split()) < 2:
                continue
            span = (s.start + m.start("age"), s.start + m.end("age"))
            yield Statement("age", (name,), m.group("age"), span, index, m.group("age"), name)


def _once(make: Callable[[], list[Token]]) -> Callable[[], list[Token]]:
    """`make()`, made on the first call only (lighter than functools.cache, made per sentence)."""
    made: list[list[Token]] = []

    def get() -> list[Token]:
        if not made:
            made.append(make())
        return made[0]

    return get


def statements(doc: Document, lex: Lexicon) -> Iterator[Statement]:
    """Every statement of the document's sentences (headings and quotations left out); one
    in a sentence that marks a change or a dispute (or, for a figure, a forecast) is
    `hedged`, one in reported speech `reported`."""
    known, initial = capitalised_words(doc)
    names = known | initial
    for i, s in enumerate(doc.sentences):
        if s.heading:
            continue
        text = doc.text[s.start : s.end]
        # tokens only where an event word or a figure may be, and only once
        words = _once(partial(tokens, text, s.start))
        event = lex.event_hint is None or lex.event_hint.search(text.lower()) is not None
        figure = _DIGIT.search(text) is not None
        found = [
            *(event_statements(doc, i, words(), lex, names) if event else ()),
            *(quantity_statements(doc, i, words, lex, known) if figure else ()),
            *role_statements(doc, i, lex),
            *(age_statements(doc, i, lex) if figure else ()),
        ]
        if not found:
            continue
        hedged = any(p is not None and p.search(text) for p in (lex.change, lex.dispute))
        forecast = bool(lex.forecast and lex.forecast.search(text))
        reported = bool(lex.reporting and lex.reporting.search(text))
        for st in found:
            if not doc.in_quote(*st.span):
                hedge = hedged or (forecast and st.kind == "quantity")
                yield replace(st, hedged=hedge, reported=reported)
