"""The closing line: counts by severity, unreadable inputs, and which gate failed for whom."""

from __future__ import annotations

from audit.app.closing import Verdict, closing_line
from audit.document import Document
from audit.engine import Engine
from audit.gates import Gates
from tests.conftest import SAMPLES


def test_the_verdict_names_each_failed_gate_and_its_documents(engine: Engine) -> None:
    farm = (SAMPLES / "aggregated-article.txt").read_text(encoding="utf-8")
    wire = (SAMPLES / "wire-story.txt").read_text(encoding="utf-8")
    results = engine.audit([Document.build(farm, "a/farm.txt"), Document.build(wire, "wire.txt")])
    verdict = Verdict(Gates(fail_under=50, fail_on=("error",)))
    for r in results:
        verdict.add(r)
    farm_result = results[0]
    errors = sum(f.severity.value == "error" for f in farm_result.findings)
    assert errors and farm_result.score.score < 50 <= results[1].score.score
    summary = {
        "documents": 2,
        "by_severity": {"error": errors, "warning": 3, "info": 0},
    }
    line = closing_line(summary, 1, verdict)
    assert line == (
        f"2 documents, {errors + 3} findings ({errors} error, 3 warning, 0 info), 1 unreadable; "
        f"failed: 1 below --fail-under 50: farm.txt {farm_result.score.score}; "
        f"1 with error-level findings (--fail-on error): farm.txt {errors}"
    )
    verdict.exit_zero = True
    assert "would fail, but --exit-zero: 1 below" in closing_line(summary, 0, verdict)


def test_a_run_with_no_failure_passes_and_names_are_capped() -> None:
    verdict = Verdict(Gates(fail_under=50))
    verdict.below = [(f"d{i}.txt", i) for i in range(5)]
    assert verdict.reasons() == ["5 below --fail-under 50: d0.txt 0, d1.txt 1, d2.txt 2 and 2 more"]
    summary = {"documents": 1, "by_severity": {"error": 0, "warning": 0, "info": 0}}
    assert (
        closing_line(summary, 0, Verdict(Gates()))
        == "1 document, 0 findings (0 error, 0 warning, 0 info); passed"
    )
