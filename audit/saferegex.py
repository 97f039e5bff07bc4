"""Regular expressions from rule files are untrusted: a pattern such as `(a+)+$` can take
exponential time on a long line. Every rule regex is compiled with the `regex` module, whose
matching takes a timeout, so a catastrophic pattern costs at most its budget and is reported
instead of hanging the audit."""

from __future__ import annotations

from collections.abc import Iterator

import regex

BUDGET_SECONDS = 1.0
IGNORECASE = regex.IGNORECASE
MULTILINE = regex.MULTILINE
error = regex.error
Pattern = regex.Pattern


class RegexTimeout(RuntimeError):
    """A rule's regex ran out of time on one document."""


def compile(pattern: str, flags: int = 0) -> regex.Pattern:
    return regex.compile(pattern, flags)


def finditer(
    pattern: regex.Pattern,
    text: str,
    pos: int = 0,
    endpos: int | None = None,
    budget: float = BUDGET_SECONDS,
) -> Iterator[regex.Match]:
    """Matches of `pattern` in text[pos:endpos]; raises RegexTimeout past the budget."""
    try:
        end = len(text) if endpos is None else endpos
        yield from pattern.finditer(text, pos, end, timeout=budget)
    except TimeoutError:
        raise RegexTimeout(
            f"regular expression took longer than {budget:g} s (catastrophic backtracking?)"
        ) from None
