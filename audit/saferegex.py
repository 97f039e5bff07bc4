"""Regular expressions from rule files are untrusted: a pattern such as `(a+)+$` can take
exponential time on a long line.

Each pattern is inspected when it is compiled. One without nested unbounded repetition or
backreferences (the shapes that backtrack catastrophically) runs on Python's fast `re`;
any other runs on the `regex` module, whose matching takes a timeout, so a catastrophic
pattern costs at most its budget and is reported instead of hanging the audit.
"""

from __future__ import annotations

import base64
import re
import sys
from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from audit import regexcache

try:  # Python 3.11+: the parser is private but stable
    from re import _compiler as sre_compile  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_compile  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]
try:
    import _sre
except ImportError:  # pragma: no cover - another Python: no compiled code is remembered
    _sre = None

BUDGET_SECONDS = 1.0
IGNORECASE = re.IGNORECASE
MULTILINE = re.MULTILINE
# what a bad pattern raises: a syntax error, a repeat too large for the engine
# ("a{99999999999}"), or nesting too deep for the parser
# (`error`, below: a tuple naming `regex.error`, made when first asked for)


def __getattr__(name: str) -> Any:
    """`error`, the exceptions a bad pattern raises, without importing `regex` at start-up
    (a text run of the shipped pack never needs it)."""
    if name == "error":
        return (re.error, _regex().error, OverflowError, RecursionError)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _regex() -> Any:
    import regex  # the engine with timeouts: for untrusted and risky patterns only

    return regex


Pattern = Any  # re.Pattern or regex.Pattern


class RegexTimeout(RuntimeError):
    """A rule's regex ran out of time on one document."""


# The static check below finds the classic catastrophic shapes, not all of them ("(a+){10}$",
# "a*a*a*a*a*a*$" pass it and still backtrack for minutes). So only the shipped pack, whose
# patterns its tests run, may use `re`; every other pattern runs on `regex` with a time budget.
_TRUSTED: ContextVar[bool] = ContextVar("audit_trusted_patterns", default=False)


@contextmanager
def trusted() -> Iterator[None]:
    """Patterns compiled inside come from the shipped pack: the fast engine where safe."""
    token = _TRUSTED.set(True)
    try:
        yield
    finally:
        _TRUSTED.reset(token)


def compile(pattern: str, flags: int = 0) -> Pattern:
    """`re` when the pattern cannot backtrack catastrophically, else `regex` (with timeouts)."""
    return _build(pattern, pattern, flags)


def compile_lazy(pattern: str, flags: int = 0) -> Pattern:
    """`compile(pattern, flags)`, deferred to its first use (`finditer`) when the pack's cache
    knows which engine it runs on (`Lazy`): a rule whose literals a document lacks never
    compiles its pattern."""
    trusted = _TRUSTED.get()
    first: list[Pattern] = []  # compiled to learn its engine (not remembered yet)

    def engine() -> str:
        first.append(compile(pattern, flags))
        return _engine_of(first[0])

    name = regexcache.remembered(f"engine{int(trusted)}", pattern, flags, engine, _is_engine)
    if first:
        return first[0]
    # the code `re` compiles it to, when the cache has it: compiling is then only loading
    fast_flags = flags & ~re.IGNORECASE if name == "folded" else flags
    code = regexcache.known("sre", pattern, fast_flags, _is_sre) if name != "regex" else None
    return Lazy(name, pattern, flags, code)


_ENGINES = ("re", "folded", "regex")


def _is_engine(value: Any) -> bool:
    return value in _ENGINES


def _engine_of(pattern: Pattern) -> str:
    if isinstance(pattern, Folded):
        return "folded"
    return "re" if isinstance(pattern, re.Pattern) else "regex"


class Lazy:
    """A pattern compiled on first use, on the engine `compile` chose for it before."""

    __slots__ = ("_code", "_compiled", "engine", "flags", "pattern")

    def __init__(self, engine: str, pattern: str, flags: int, code: list | None = None):
        self.engine, self.pattern, self.flags = engine, pattern, flags
        self._code = code  # `re`'s compiled code for it, from the pack's cache (or None)
        self._compiled: Pattern | None = None

    def compiled(self) -> Pattern:
        if self._compiled is None:
            if self.engine == "regex":
                self._compiled = _regex().compile(self.pattern, self.flags)
            elif self.engine == "folded":
                fast = _from_code(self.pattern, self.flags & ~re.IGNORECASE, self._code)
                self._compiled = Folded(fast, self.pattern, self.flags)
            else:
                self._compiled = _from_code(self.pattern, self.flags, self._code)
            self._code = None
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        """Anything else (`search`, `match`...) is the compiled pattern's."""
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)


def validate(pattern: str, flags: int = 0) -> None:
    """Raise `error` unless `compile(pattern, flags)` would succeed, compiling only what
    parsing cannot decide (lookbehinds, syntax only `regex` knows): rules are checked when
    they load, and the kinds compile their patterns again in the form they run. A pattern
    that passed is remembered with its pack (`audit.regexcache`)."""
    regexcache.remembered("valid", pattern, flags, lambda: _validate(pattern, flags), _is_true)


def _validate(pattern: str, flags: int) -> bool:
    try:
        risky(pattern, flags)  # parses (and is cached for the kind's own compile)
    except re.error:
        _regex().compile(pattern, flags)
        return True
    if "(?<" in pattern:
        compile(pattern, flags)
    return True


def _is_true(value: Any) -> bool:
    return value is True


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def _is_text_or_none(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _is_texts_or_none(value: Any) -> bool:
    return value is None or (isinstance(value, list) and all(isinstance(v, str) for v in value))


def compile_alternation(
    alternatives: Sequence[str], flags: int = 0, before: str = "", after: str = ""
) -> Pattern:
    """`before(?:alt1|alt2|...)after`, matching exactly as written, but faster.

    Python's `re` tries every alternative at every position; here the alternatives are
    grouped by the character they can start with, so that at most positions only a few are
    tried. Alternatives keep their order within a group, so the same one wins.
    """
    return _alternation(tuple(alternatives), flags, before, after, _TRUSTED.get())


@lru_cache(maxsize=256)
def _alternation(
    alternatives: tuple[str, ...], flags: int, before: str, after: str, trusted: bool
) -> Pattern:
    """compile_alternation, once per distinct list (rules of a pack share cue lists)."""
    plain = f"{before}(?:{'|'.join(alternatives)}){after}"
    key = "\0".join(alternatives)
    fast = regexcache.remembered(
        "alt", key, flags, lambda: _fast(alternatives, flags), _is_text_or_none
    )
    return _build(plain, plain if fast is None else f"{before}{fast}{after}", flags)


def _fast(alternatives: tuple[str, ...], flags: int) -> str | None:
    """The alternatives dispatched on their first characters (`_dispatch`), or None."""
    pieces = [
        flat for alternative in alternatives for piece in _top_level(alternative)
        for flat in _distribute(piece)
    ]  # fmt: skip
    return _dispatch(pieces, flags)


def _build(plain: str, fast: str, flags: int) -> Pattern:
    try:
        if _TRUSTED.get() and not risky(plain, flags):
            if flags & re.IGNORECASE and _foldable(fast):
                return Folded(re_compile(fast, flags & ~re.IGNORECASE), plain, flags)
            return re_compile(fast, flags)
    except re.error:
        pass  # syntax only `regex` knows: let it decide
    return _regex_compile(plain, flags)


def _regex_compile(pattern: str, flags: int) -> Pattern:
    """`regex.compile`; for a pattern of the shipped pack that the pack's cache saw compile,
    deferred to its first use (`Lazy`), so that a run that never matches it never loads
    `regex`."""
    if _TRUSTED.get() and regexcache.known("regex", pattern, flags, _is_true):
        return Lazy("regex", pattern, flags)
    compiled = _regex().compile(pattern, flags)
    if _TRUSTED.get():
        regexcache.remembered("regex", pattern, flags, lambda: True, _is_true)
    return compiled


def re_compile(pattern: str, flags: int = 0) -> re.Pattern:
    """`re.compile(pattern, flags)`, for a pattern known to be safe on `re`; while a pack
    loads, from the engine's code that its cache remembers (what `re` compiles the pattern
    to, for this very Python version: see `audit.regexcache`), which skips parsing a long
    alternation again at every start."""
    if _sre is None or not regexcache.active():
        return re.compile(pattern, flags)
    parts = regexcache.remembered(
        "sre", pattern, flags, lambda: _sre_parts(pattern, flags), _is_sre
    )
    return _from_code(pattern, flags, parts)


def _from_code(pattern: str, flags: int, parts: list | None) -> re.Pattern:
    """The pattern made from `_sre_parts` (None, or parts the engine refuses: compiled)."""
    if parts is None or _sre is None:
        return re.compile(pattern, flags)
    try:
        flags_all, packed, groups, groupindex, indexgroup = parts
        code = array("I", base64.b64decode(packed, validate=True)).tolist()
        return _sre.compile(pattern, flags_all, code, groups, groupindex, tuple(indexgroup))
    except (TypeError, ValueError, RuntimeError, OverflowError):  # not code it accepts
        return re.compile(pattern, flags)


def _sre_parts(pattern: str, flags: int) -> list:
    """What `re._compiler.compile` hands the engine for a pattern (JSON values: the code, a
    list of 32-bit words, packed in Base64)."""
    parsed = sre_parse.parse(pattern, flags)
    code = sre_compile._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    packed = base64.b64encode(array("I", code).tobytes()).decode("ascii")
    return [flags | parsed.state.flags, packed, parsed.state.groups - 1, groupindex, indexgroup]


def _is_sre(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 5
        and isinstance(value[0], int)
        and isinstance(value[1], str)
        and isinstance(value[2], int)
        and isinstance(value[3], dict)
        and isinstance(value[4], list)
    )


class Folded:
    """A case-insensitive pattern run case-sensitively over the lower-cased text.

    `re` matches about three times faster without IGNORECASE. Offsets stay valid because
    lower-casing keeps the length of almost every text; the rare one it does not keep (a
    dotted capital I) is matched by the original pattern instead. Matches report the
    original text.
    """

    __slots__ = ("_slow", "fast", "flags", "pattern")

    def __init__(self, fast: re.Pattern, pattern: str, flags: int):
        self.fast, self.pattern, self.flags = fast, pattern, flags
        self._slow: re.Pattern | None = None

    @property
    def slow(self) -> re.Pattern:
        """The pattern as written, compiled when first needed (few texts need it)."""
        if self._slow is None:
            self._slow = re.compile(self.pattern, self.flags)
        return self._slow

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[Any]:
        low = _lower(text)
        if low is None:
            yield from self.slow.finditer(text, pos, endpos)
            return
        for m in self.fast.finditer(low, pos, endpos):
            yield _Match(m, text)


class _Match:
    """A match found in lower-cased text, reporting the original text."""

    __slots__ = ("_m", "_text")

    def __init__(self, m: re.Match, text: str):
        self._m, self._text = m, text

    def start(self, group: int = 0) -> int:
        return self._m.start(group)

    def end(self, group: int = 0) -> int:
        return self._m.end(group)

    def span(self, group: int = 0) -> tuple[int, int]:
        return self._m.span(group)

    def group(self, group: int = 0) -> str:
        s, e = self._m.span(group)
        return self._text[s:e]


_LAST_LOWERED: list = [None, None]  # (text, lowered): the same text is scanned by many rules


def _lower(text: str) -> str | None:
    if _LAST_LOWERED[0] is text:
        return _LAST_LOWERED[1]
    low = text.lower()
    if len(low) != len(text):
        low = None
    _LAST_LOWERED[:] = [text, low]
    return low


_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux-]")
_ESCAPE = re.compile(r"\\.", re.S)


def _foldable(pattern: str) -> bool:
    """No upper-case literal (escapes such as \\W aside) and no inline flags."""
    bare = _ESCAPE.sub("", pattern)
    return bare == bare.lower() and not _INLINE_FLAGS.search(pattern)


def _syntax(pattern: str) -> Iterator[tuple[int, str, int]]:
    """(index, character, group depth) of each character of a pattern's source that is
    syntax: not escaped, not inside a [...] class."""
    depth, i, class_start = 0, 0, -1
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if class_start >= 0:  # inside [...]: a "]" first (after any "^") is a literal
            first = class_start + (2 if pattern.startswith("^", class_start + 1) else 1)
            if ch == "]" and i > first:
                class_start = -1
        elif ch == "[":
            class_start = i
        else:
            depth -= ch == ")"
            yield i, ch, depth
            depth += ch == "("
        i += 1


def top_level(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern ("a|b(?:c|d)" -> ["a", "b(?:c|d)"])."""
    return _top_level(pattern)


def _top_level(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern's source ("a|(?:b|c)" -> ["a", "(?:b|c)"])."""
    bars = [i for i, ch, depth in _syntax(pattern) if ch == "|" and depth == 0]
    return [pattern[s + 1 : e] for s, e in zip([-1, *bars], [*bars, len(pattern)], strict=True)]


_ANCHORS = ("\\b", "^", "(?<!\\w)", "(?<![\\w])")


def _distribute(piece: str) -> list[str]:
    """`\\b(?:x|y)\\b` -> [`\\bx\\b`, `\\by\\b`]: a group of alternatives behind a zero-width
    anchor, spread out so that each can be grouped by its own first letter (same matches, same
    order: the anchor cannot match in more than one way)."""
    prefix = next((a for a in _ANCHORS if piece.startswith(a + "(?:")), None)
    if prefix is None:
        prefix = "" if piece.startswith("(?:") else None
    if prefix is None:
        return [piece]
    open_at = len(prefix)
    close = _closing(piece, open_at)
    suffix = piece[close + 1 :] if close is not None else ""
    if close is None or suffix[:1] in ("?", "*", "+", "{") or len(_top_level(suffix)) > 1:
        return [piece]
    body = piece[open_at + 3 : close]
    return [
        flat for alt in _top_level(body) for flat in _distribute(prefix + alt + suffix)
    ]  # fmt: skip


def _closing(pattern: str, open_at: int) -> int | None:
    """Index of the parenthesis closing the group opened at `open_at` (at depth 0)."""
    closers = (i for i, ch, depth in _syntax(pattern) if ch == ")" and depth == 0 and i > open_at)
    return next(closers, None)


def _dispatch(pieces: list[str], flags: int, depth: int = 0) -> str | None:
    """`(?=[ab...])(?:a(?:...)|(?=b)(?:...)|...)`: the pieces grouped by their possible first
    characters behind a guard that rejects every other position at once, or None when some
    piece could start with anything, or be empty, or defines groups. A group whose pieces all
    start with the same literal is grouped again by the next character (a trie of prefixes,
    a few levels deep), so that "the most", "thanks to" and "threatens" share their tests."""
    if len(pieces) < 8:
        return None  # not worth it
    fold = bool(flags & re.IGNORECASE)
    firsts: list[set[str]] = []  # characters, and classes such as \\d (two-character strings)
    for piece in pieces:
        try:
            parsed = sre_parse.parse(piece, flags & ~re.IGNORECASE)
        except re.error:
            return None
        if parsed.state.groups > 1:
            return None  # capturing groups would be duplicated across buckets
        chars, empty = _first(list(parsed))
        if chars is None or empty or any(len(c.lower()) != len(c) for c in chars):
            return None
        firsts.append({c.lower() for c in chars} if fold else chars)
    keys = sorted({c for first in firsts for c in first if len(c) == 1})
    classes = sorted({c for first in firsts for c in first if len(c) == 2})
    anywhere = [any(len(c) == 2 for c in first) for first in firsts]  # \\d...: in every bucket
    branches, buckets = [], []
    for c in keys:
        bucket = [
            p
            for p, first, a in zip(pieces, firsts, anywhere, strict=True)
            if c in first or (a and any(_class_has(k, c) for k in first if len(k) == 2))
        ]
        buckets.append(bucket)
        if all(_strippable(p, c, fold) for p in bucket):
            rests = [p[1:] for p in bucket]
            inner = _dispatch(rests, flags, depth + 1) if depth < 3 else None
            branches.append(re.escape(c) + (inner or f"(?:{'|'.join(rests)})"))
        else:
            branches.append(f"(?={re.escape(c)})(?:{'|'.join(bucket)})")
    unanchored = sum(1 for p in pieces if not p.startswith("^"))  # tried at every position
    if not buckets or unanchored <= len(keys) / 2 + max(map(len, buckets)):
        return None  # a few alternatives: plain is as fast
    if any(anywhere):  # at other characters, only these can match
        branches.append(f"(?:{'|'.join(p for p, a in zip(pieces, anywhere, strict=True) if a)})")
    guard = "(?=[" + "".join(re.escape(c) for c in keys) + "".join(classes) + "])"
    anchors = {next((a for a in _ANCHORS if p.startswith(a)), None) for p in pieces}
    if None not in anchors:  # every piece starts with \\b or ^: so must every match
        guard += "(?:" + "|".join(sorted(anchors)) + ")"  # type: ignore[arg-type]
    return guard + "(?:" + "|".join(branches) + ")"


def _class_has(cls: str, c: str) -> bool:
    """Whether the class (\\d, \\w, \\s, or one `_first` does not know) may match c."""
    if cls == r"\d":
        return c.isdigit()
    if cls == r"\s":
        return c.isspace()
    if cls == r"\w":
        return c.isalnum() or c == "_"
    return True


def _strippable(piece: str, c: str, fold: bool) -> bool:
    """The piece's source starts with the literal character c (not repeated)."""
    head = piece[:1].lower() if fold else piece[:1]
    return head == c and piece[1:2] not in ("?", "*", "+", "{")


_CLASSES = {
    sre_parse.CATEGORY_DIGIT: r"\d",
    sre_parse.CATEGORY_WORD: r"\w",
    sre_parse.CATEGORY_SPACE: r"\s",
}
_ZERO_WIDTH = {sre_parse.AT, sre_parse.ASSERT, sre_parse.ASSERT_NOT}


def _first(items: list) -> tuple[set[str] | None, bool]:
    """(characters a match can start with, or None for any; whether it can be empty)."""
    out: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # the next item decides
        if op == sre_parse.LITERAL:
            return out | {chr(av)}, False
        if op == sre_parse.IN:
            chars = _class_chars(av)
            return (None, False) if chars is None else (out | chars, False)
        if op == sre_parse.SUBPATTERN:
            sub, empty = _first(list(av[-1]))
        elif op == sre_parse.BRANCH:
            options = [_first(list(branch)) for branch in av[1]]
            if any(chars is None for chars, _ in options):
                return None, False
            sub = set().union(*(chars for chars, _ in options))  # type: ignore[misc]
            empty = any(e for _, e in options)
        elif op in _REPEATS:
            sub, empty = _first(list(av[2]))
            empty = empty or av[0] == 0
        else:
            return None, False
        if sub is None:
            return None, False
        out |= sub
        if not empty:
            return out, False
    return out, True


def _class_chars(items: list) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op == sre_parse.LITERAL:
            chars.add(chr(av))
        elif op == sre_parse.RANGE and av[1] - av[0] < 64:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        elif op == sre_parse.CATEGORY and av in _CLASSES:
            chars.add(_CLASSES[av])
        else:
            return None
    return chars


@lru_cache(maxsize=1024)
def risky(pattern: str, flags: int = 0) -> bool:
    """Nested unbounded repetition ((a+)+, (a|aa)+) or a backreference."""
    return regexcache.remembered(
        "risky",
        pattern,
        flags,
        lambda: _risky(sre_parse.parse(pattern, flags), inside_repeat=False),
        _is_bool,
    )


_REPEATS = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT}
_BIG = 10


def _risky(items, inside_repeat: bool) -> bool:
    for op, av in items:
        if op in (sre_parse.GROUPREF, sre_parse.GROUPREF_EXISTS):
            return True
        if op in _REPEATS:
            _low, high, sub = av
            unbounded = high is sre_parse.MAXREPEAT or high > _BIG
            if unbounded and inside_repeat:
                return True
            if _risky(sub, inside_repeat or unbounded):
                return True
        elif op == sre_parse.SUBPATTERN:
            if _risky(av[-1], inside_repeat):
                return True
        elif op == sre_parse.BRANCH:
            if inside_repeat:
                return True  # (a|aa)+: overlapping alternatives under repetition
            if any(_risky(branch, inside_repeat) for branch in av[1]):
                return True
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT) and _risky(av[1], inside_repeat):
            return True
    return False


def has_ranges(pattern: Pattern) -> bool:
    """Whether `finditer(pattern, text, pos, endpos)` sees text before `pos` (lookbehinds,
    word boundaries) as over the whole text: Python's `re` does."""
    if isinstance(pattern, Lazy):
        return pattern.engine != "regex"
    return isinstance(pattern, (re.Pattern, Folded))


def finditer(
    pattern: Pattern,
    text: str,
    pos: int = 0,
    endpos: int | None = None,
    budget: float = BUDGET_SECONDS,
) -> Iterator[Any]:
    """Matches of `pattern` in text[pos:endpos]; raises RegexTimeout past the budget."""
    end = len(text) if endpos is None else endpos
    if isinstance(pattern, Lazy):
        pattern = pattern.compiled()
    if isinstance(pattern, (re.Pattern, Folded)):
        yield from pattern.finditer(text, pos, end)
        return
    try:
        yield from pattern.finditer(text, pos, end, timeout=budget)
    except TimeoutError:
        raise RegexTimeout(
            f"regular expression took longer than {budget:g} s (catastrophic backtracking?)"
        ) from None


def within_lines(pattern: str, flags: int = 0) -> bool:
    """No match of the pattern can contain a line break, nor depend on what follows the end of
    its line: it finds the same matches run line by line (`finditer(text, line_start,
    line_end)`) as over the whole text. False when unsure."""
    return regexcache.remembered(
        "lines", pattern, flags, lambda: _within_lines(pattern, flags), _is_bool
    )


def _within_lines(pattern: str, flags: int) -> bool:
    try:
        parsed = sre_parse.parse(pattern, flags)
    except re.error:
        return False
    return not _may_cross(list(parsed), bool(parsed.state.flags & re.DOTALL), flags)


_LINE_SAFE_CATEGORIES = {
    sre_parse.CATEGORY_DIGIT,
    sre_parse.CATEGORY_WORD,
    sre_parse.CATEGORY_NOT_SPACE,
}


def _may_cross(items: list, dotall: bool, flags: int) -> bool:
    for op, av in items:
        if op == sre_parse.LITERAL:
            if av == 10:
                return True
        elif op == sre_parse.NOT_LITERAL:
            if av != 10:
                return True  # [^x] matches a line break unless x is one
        elif op == sre_parse.ANY:
            if dotall:
                return True
        elif op == sre_parse.IN:
            if not _line_safe_class(av):
                return True
        elif op in _REPEATS:
            if _may_cross(list(av[2]), dotall, flags):
                return True
        elif op == sre_parse.SUBPATTERN:
            if _may_cross(list(av[-1]), dotall or bool(av[1] & re.DOTALL), flags):
                return True
        elif op == sre_parse.BRANCH:
            if any(_may_cross(list(branch), dotall, flags) for branch in av[1]):
                return True
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            if _may_cross(list(av[1]), dotall, flags):
                return True
        elif op == sre_parse.AT:
            if av == sre_parse.AT_END_STRING or (av == sre_parse.AT_END and not flags & re.M):
                return True  # \Z, or $ without MULTILINE: the line's end is not the text's
        else:
            return True  # anything else (negated literals, backreferences...): unsure
    return False


def _line_safe_class(items: list) -> bool:
    if items and items[0][0] == sre_parse.NEGATE:  # [^...\n]: safe when it excludes \n
        return any(
            (op == sre_parse.LITERAL and av == 10)
            or (op == sre_parse.RANGE and av[0] <= 10 <= av[1])
            for op, av in items[1:]
        )
    for op, av in items:
        if op == sre_parse.LITERAL:
            if av == 10:
                return False
        elif op == sre_parse.RANGE:
            if av[0] <= 10 <= av[1]:
                return False
        elif op != sre_parse.CATEGORY or av not in _LINE_SAFE_CATEGORIES:
            return False  # negated classes, \s, \W...
    return True


def required_literals(pattern: str, flags: int = 0, min_length: int = 3) -> frozenset[str] | None:
    """Strings of which every match must contain at least one (lower-cased with IGNORECASE).

    Lets a rule skip a document that contains none of them, without changing what matches.
    None when no useful set can be derived (then the pattern always runs).
    """
    found = regexcache.remembered(
        f"literals{min_length}",
        pattern,
        flags,
        lambda: _required_literals(pattern, flags, min_length),
        _is_texts_or_none,
    )
    return None if found is None else frozenset(found)


def _required_literals(pattern: str, flags: int, min_length: int) -> list[str] | None:
    try:
        parsed = sre_parse.parse(pattern, flags)
    except re.error:
        return None
    found = _requirement(list(parsed))
    if not found or min(len(s) for s in found) < min_length or not all(s.isascii() for s in found):
        return None  # short or non-ASCII literals (case folding may change their length)
    fold = bool(flags & re.IGNORECASE)
    return sorted({s.lower() if fold else s for s in found})


def _requirement(items: list) -> set[str] | None:
    """The best requirement of a sequence: a literal run, or an any-of set from a branch."""
    best: set[str] | None = None
    run: list[str] = []

    def consider(candidate: set[str] | None) -> None:
        nonlocal best
        if candidate and (best is None or min(map(len, candidate)) > min(map(len, best))):
            best = candidate

    for op, av in items:
        if op == sre_parse.LITERAL:
            run.append(chr(av))
            continue
        if run:
            consider({"".join(run)})
            run = []
        if op == sre_parse.SUBPATTERN:
            consider(_requirement(list(av[-1])))
        elif op == sre_parse.BRANCH:
            options = [_requirement(list(branch)) for branch in av[1]]
            if all(options):
                consider(set().union(*options))  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            consider(_requirement(list(av[2])))
    if run:
        consider({"".join(run)})
    return best
