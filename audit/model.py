"""The core value types: categories, severities and findings."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

CATEGORIES: tuple[str, ...] = (
    "unattributed-claim",
    "vague-sourcing",
    "off-topic-padding",
    "recycled-boilerplate",
)


class Severity(StrEnum):
    """How serious a finding is; also scales its weight in the score."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def factor(self) -> float:
        return _SEVERITY_FACTOR[self]


_SEVERITY_FACTOR = {Severity.INFO: 0.5, Severity.WARNING: 1.0, Severity.ERROR: 1.5}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: which rule, where (character span into the document text), and why."""

    rule: str
    category: str
    severity: Severity
    start: int
    end: int
    message: str
    weight: float = 1.0

    @property
    def penalty(self) -> float:
        return self.weight * self.severity.factor
