"""The one closing line every run ends with (like ruff's "Found 3 errors."): documents,
findings by severity, unreadable inputs, and the gate verdict with its reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from audit.engine import Result
from audit.gates import SEVERITY_GATES, Gates

SHOWN = 3  # documents named per failed gate; the rest are counted


@dataclass
class Verdict:
    """Which documents failed which gate, fed one result at a time."""

    gates: Gates
    exit_zero: bool = False
    below: list[tuple[str, int]] = field(default_factory=list)  # (source, score)
    hit: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # gate -> (source, n)
    unreadable: tuple[int, int] | None = None  # (count, allowed) when over --allow-unreadable

    def add(self, result: Result) -> None:
        source, score = result.document.source, result.score.score
        fail_under = self.gates.fail_under
        if fail_under is not None and score < fail_under:
            self.below.append((source, score))
        for gate in self.gates.fail_on:
            if hits := _count(result, gate):
                self.hit.setdefault(gate, []).append((source, hits))

    @property
    def failed(self) -> bool:
        return bool(self.below or self.hit or self.unreadable)

    def reasons(self) -> list[str]:
        out = []
        if self.unreadable:
            n, allowed = self.unreadable
            out.append(f"{n} unreadable (--allow-unreadable {allowed})")
        if self.below:
            out.append(
                f"{len(self.below)} below --fail-under {self.gates.fail_under:g}: "
                + _names(self.below)
            )
        for gate, docs in self.hit.items():
            what = f"{gate}-level findings" if gate in SEVERITY_GATES else f"{gate} findings"
            out.append(f"{len(docs)} with {what} (--fail-on {gate}): {_names(docs)}")
        return out

    def text(self) -> str:
        if not self.failed:
            return "passed"
        reasons = "; ".join(self.reasons())
        if self.exit_zero:
            return f"would fail, but --exit-zero: {reasons}"
        return f"failed: {reasons}"


def _count(result: Result, gate: str) -> int:
    if gate in SEVERITY_GATES:
        floor = _rank(SEVERITY_GATES[gate].value)
        return sum(1 for f in result.findings if _rank(f.severity.value) >= floor)
    return sum(1 for f in result.findings if f.category == gate)


def _rank(severity: str) -> int:
    return ("info", "warning", "error").index(severity)


def _names(docs: Sequence[tuple[str, int]]) -> str:
    shown = ", ".join(f"{_base(source)} {n}" for source, n in docs[:SHOWN])
    rest = len(docs) - SHOWN
    return shown + (f" and {rest} more" if rest > 0 else "")


def _base(source: str) -> str:
    """A document's short name: the file name, or the URL as given."""
    if "://" in source:
        return source
    return source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or source


def closing_line(summary: dict, unreadable: int, verdict: Verdict) -> str:
    """`2 documents, 25 findings (4 error, 15 warning, 6 info), 1 unreadable; failed: ...`"""
    n, sev = summary["documents"], summary["by_severity"]
    found = sum(sev.values())
    parts = [
        f"{n} document{'s' if n != 1 else ''}",
        f"{found} finding{'s' if found != 1 else ''} "
        f"({sev['error']} error, {sev['warning']} warning, {sev['info']} info)",
    ]
    if unreadable:
        parts.append(f"{unreadable} unreadable")
    return ", ".join(parts) + "; " + verdict.text()
