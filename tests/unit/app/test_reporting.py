"""A run's reporting: gates decide the exit code, rule failures make an audit incomplete."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from dataclasses import replace

from audit.app.reporting import EXIT_ERROR, EXIT_FAIL, EXIT_OK, Reporting
from audit.document import Document
from audit.engine import Engine
from audit.gates import Gates
from audit.output import Target
from audit.render.common import ReportContext
from tests.conftest import SAMPLES

TEXT = (SAMPLES / "aggregated-article.txt").read_text(encoding="utf-8")


def reported(engine: Engine, gates: Gates, rule_errors: list[str] = ()) -> tuple[int, str, list]:
    [result] = engine.audit([Document.build(TEXT, "a.txt")])
    said: list[str] = []
    out = io.StringIO()
    with redirect_stdout(out):
        reporting = Reporting(
            [Target("github", None)], ReportContext(gates=gates), engine, None, said.append
        )
        reporting.add(replace(result, rule_errors=list(rule_errors)))
        code = reporting.close([])
    return code, out.getvalue(), said


def test_the_gates_decide_the_exit_code(engine: Engine) -> None:
    assert reported(engine, Gates())[0] == EXIT_OK
    code, annotations, _ = reported(engine, Gates(fail_under=90))
    assert code == EXIT_FAIL
    assert "fails: score" in annotations


def test_a_rule_failure_is_an_error_in_every_report(engine: Engine) -> None:
    code, annotations, said = reported(engine, Gates(), ["rule x failed: ValueError: boom"])
    assert code == EXIT_ERROR
    assert said[0] == "error: a.txt: incomplete audit: rule x failed: ValueError: boom"
    [closing] = said[1:]  # the incomplete audit is counted; the gates (none) pass
    assert closing.startswith("1 document, ") and closing.endswith(", 1 unreadable; passed")
    assert "incomplete audit: rule x failed" in annotations
