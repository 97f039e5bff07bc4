"""Suppression comments that do nothing: a misspelt rule id or an unknown directive in
`<!-- audit-... -->` is reported as a warning (like ruff's unused-noqa), not ignored silently."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from audit.suppress import ALL

# any `audit-WORD` directive: at the start of a line, or in an HTML comment
_ANY = re.compile(
    r"(?:^[ \t]*|<!--[ \t]*)audit-([a-z-]+)\b([^\n>]*?)(?:-->|[ \t]*\r?$)", re.MULTILINE
)
ACTIONS = ("disable", "enable", "disable-next-line")


@dataclass(frozen=True)
class DirectiveWarning:
    """One directive problem, with the 1-based line it is on."""

    line: int
    message: str


def check(text: str, known: Iterable[str]) -> list[DirectiveWarning]:
    """Problems in the suppression directives of `text`; `known` are rule ids and categories."""
    if "audit-" not in text:
        return []
    names = sorted(set(known))
    out = []
    for m in _ANY.finditer(text):
        line = text.count("\n", 0, m.start(1)) + 1
        action, rest = m.group(1), m.group(2)
        if action not in ACTIONS:
            if not m.group(0).lstrip().startswith("<!--") and rest.strip():
                continue  # a plain-text line beginning "audit-something words" is prose
            hint = _hint(action, ACTIONS)
            out.append(
                DirectiveWarning(line, f"unknown suppression directive 'audit-{action}'{hint}")
            )
            continue
        for rule_id in rest.replace(",", " ").split():
            if rule_id != ALL and rule_id not in names:
                hint = _hint(rule_id, names)
                out.append(
                    DirectiveWarning(
                        line, f"audit-{action}: no rule or category named {rule_id!r}{hint}"
                    )
                )
    return out


def _hint(word: str, choices: Iterable[str]) -> str:
    import difflib  # only for a misspelt name

    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
