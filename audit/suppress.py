"""Inline suppression: authors switch rules off for a stretch of an article.

    <!-- audit-disable vague-attribution -->  ...  <!-- audit-enable -->
    <!-- audit-disable-next-line seo-filler -->
    audit-disable off-topic-padding          (plain text: the same words alone on a line)

Ids may be rule ids or categories; no id means every rule. Suppressed findings are kept apart
and counted in reports, never silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from audit.model import Finding

_DIRECTIVE = re.compile(
    r"^[ \t]*(?:<!--[ \t]*)?audit-(disable-next-line|disable|enable)\b([^\n>]*?)(?:-->)?[ \t]*\r?$",
    re.MULTILINE,
)
ALL = "*"


@dataclass(frozen=True)
class Region:
    start: int
    end: int
    ids: frozenset[str]

    def covers(self, finding: Finding) -> bool:
        return self.start <= finding.start < self.end and (
            ALL in self.ids or finding.rule in self.ids or finding.category in self.ids
        )


def regions(text: str) -> list[Region]:
    """Suppressed regions of a text, from its directives."""
    out: list[Region] = []
    open_regions: dict[str, int] = {}
    for m in _DIRECTIVE.finditer(text):
        action = m.group(1)
        ids = frozenset(m.group(2).replace(",", " ").split()) or frozenset({ALL})
        if action == "disable-next-line":
            line_start = text.find("\n", m.end())
            if line_start < 0:
                continue
            line_end = text.find("\n", line_start + 1)
            out.append(Region(line_start + 1, len(text) if line_end < 0 else line_end, ids))
        elif action == "disable":
            for rule_id in ids:
                open_regions.setdefault(rule_id, m.end())
        else:
            closing = (
                open_regions
                if ALL in ids
                else {i: open_regions[i] for i in ids if i in open_regions}
            )
            for rule_id, start in list(closing.items()):
                out.append(Region(start, m.start(), frozenset({rule_id})))
                open_regions.pop(rule_id, None)
    out.extend(
        Region(start, len(text), frozenset({rule_id})) for rule_id, start in open_regions.items()
    )
    return out


def split(text: str, findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(kept, suppressed) findings."""
    if "audit-" not in text:
        return findings, []
    active = regions(text)
    kept, suppressed = [], []
    for f in findings:
        (suppressed if any(r.covers(f) for r in active) else kept).append(f)
    return kept, suppressed
