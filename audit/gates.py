"""Gates: why a document fails a run (`--fail-under`, `--fail-on`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from audit.engine import Result
from audit.model import Categories, Severity
from audit.rules import default_categories

SEVERITY_GATES = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}
_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


def gate_choices(categories: Categories | None = None) -> tuple[str, ...]:
    """What --fail-on takes: a severity, or a category (by default the shipped pack's)."""
    return (*SEVERITY_GATES, *(categories or default_categories()).ids)


def failures(
    result: Result, fail_under: float | None = None, fail_on: Sequence[str] = ()
) -> list[str]:
    """Human-readable reasons `result` fails the gates; empty when it passes."""
    reasons = []
    if fail_under is not None and result.score.score < fail_under:
        reasons.append(f"score {result.score.score} is under {fail_under:g}")
    for gate in fail_on:
        if gate in SEVERITY_GATES:
            floor = _RANK[SEVERITY_GATES[gate]]
            hits = [f for f in result.findings if _RANK[f.severity] >= floor]
            what = f"{gate}-level" if gate != "info" else "any"
        else:
            hits = [f for f in result.findings if f.category == gate]
            what = gate
        if hits:
            reasons.append(f"{len(hits)} {what} finding{'s' if len(hits) != 1 else ''}")
    return reasons


@dataclass(frozen=True)
class Gates:
    """The gates of one run."""

    fail_under: float | None = None
    fail_on: tuple[str, ...] = field(default_factory=tuple)

    def failures(self, result: Result) -> list[str]:
        return failures(result, self.fail_under, self.fail_on)

    @property
    def active(self) -> bool:
        return self.fail_under is not None or bool(self.fail_on)
