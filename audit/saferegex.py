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
