"""Regular expressions from rule files are untrusted: a pattern such as `(a+)+$` can take
exponential time on a long line.

Each pattern is inspected when it is compiled. One without nested unbounded repetition or
backreferences (the shapes that backtrack catastrophically) runs on Python's fast `re`;
any other runs on the `regex` module, whose matching takes a timeout, so a catastrophic
pattern costs at most its budget and is reported instead of hanging the audit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import regex

try:  # Python 3.11+: the parser is private but stable
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

BUDGET_SECONDS = 1.0
IGNORECASE = re.IGNORECASE
MULTILINE = re.MULTILINE
error = (re.error, regex.error)
Pattern = Any  # re.Pattern or regex.Pattern


class RegexTimeout(RuntimeError):
    """A rule's regex ran out of time on one document."""


def compile(pattern: str, flags: int = 0) -> Pattern:
    """`re` when the pattern cannot backtrack catastrophically, else `regex` (with timeouts)."""
    try:
        if not risky(pattern, flags):
            return re.compile(pattern, flags)
    except re.error:
        pass  # syntax only `regex` knows: let it decide
    return regex.compile(pattern, flags)


def risky(pattern: str, flags: int = 0) -> bool:
    """Nested unbounded repetition ((a+)+, (a|aa)+) or a backreference."""
    return _risky(sre_parse.parse(pattern, flags), inside_repeat=False)


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


def finditer(
    pattern: Pattern,
    text: str,
    pos: int = 0,
    endpos: int | None = None,
    budget: float = BUDGET_SECONDS,
) -> Iterator[Any]:
    """Matches of `pattern` in text[pos:endpos]; raises RegexTimeout past the budget."""
    end = len(text) if endpos is None else endpos
    if isinstance(pattern, re.Pattern):
        yield from pattern.finditer(text, pos, end)
        return
    try:
        yield from pattern.finditer(text, pos, end, timeout=budget)
    except TimeoutError:
        raise RegexTimeout(
            f"regular expression took longer than {budget:g} s (catastrophic backtracking?)"
        ) from None


def required_literals(pattern: str, flags: int = 0, min_length: int = 3) -> frozenset[str] | None:
    """Strings of which every match must contain at least one (lower-cased with IGNORECASE).

    Lets a rule skip a document that contains none of them, without changing what matches.
    None when no useful set can be derived (then the pattern always runs).
    """
    try:
        parsed = sre_parse.parse(pattern, flags)
    except re.error:
        return None
    found = _requirement(list(parsed))
    if not found or min(len(s) for s in found) < min_length or not all(s.isascii() for s in found):
        return None  # short or non-ASCII literals (case folding may change their length)
    fold = bool(flags & re.IGNORECASE)
    return frozenset(s.lower() if fold else s for s in found)


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
