"""The application flow: the library calls and the commands share it, results and reports."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from audit.app import EXIT_ERROR, EXIT_FAIL, EXIT_OK, Auditor, RunOptions
from audit.cli import main
from audit.output import UsageError
from audit.render import json as json_render
from audit.rules import Rule
from tests.conftest import SAMPLES


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(SAMPLES, tmp_path / "samples")
    return tmp_path / "samples"


def test_audit_paths_gives_the_results_the_run_command_reports(folder: Path, tmp_path) -> None:
    out = tmp_path / "run.json"
    args = ["run", str(folder), "-f", "json", "-o", str(out), "-j", "1", "--no-config"]
    assert main([*args, "--exit-zero"]) == 0
    outcome = Auditor(RunOptions(no_config=True)).audit_paths([str(folder)])
    assert json_render.render(outcome.results, outcome.errors) == out.read_text(encoding="utf-8")


def test_unreadable_inputs_are_returned_and_said(folder: Path) -> None:
    said: list[str] = []
    auditor = Auditor(RunOptions(paths=(str(folder / "gone.txt"), str(folder))), say=said.append)
    outcome = auditor.audit_paths()
    assert outcome.errors == [(str(folder / "gone.txt"), "no such file or folder")]
    assert said == [f"error: {folder / 'gone.txt'}: no such file or folder"]
    assert [Path(r.document.source).name for r in outcome.results] == [
        "aggregated-article.txt",
        "wire-story.txt",
    ]


def test_run_applies_gates_and_baseline_and_writes_reports(folder: Path, tmp_path) -> None:
    report = tmp_path / "out" / "r.json"
    options = RunOptions(
        paths=(str(folder),),
        no_config=True,
        fail_on=("vague-sourcing",),
        reports=(("format", "json"), ("output", str(report))),
    )
    assert Auditor(options).run() == EXIT_FAIL
    assert len(json.loads(report.read_text(encoding="utf-8"))["documents"]) == 2
    accepted = tmp_path / "baseline.json"
    assert Auditor(options).write_baseline(str(accepted)) == EXIT_OK
    said: list[str] = []
    with_baseline = replace(options, baseline=str(accepted))
    assert Auditor(with_baseline, say=said.append).run() == EXIT_OK
    assert said[-2].endswith("findings accepted by the baseline")
    assert said[-1].endswith("; passed")  # the closing line (stdout holds no report)
    assert all(d["findings"] == [] for d in json.loads(report.read_text())["documents"])


def test_a_missing_input_fails_the_run_with_exit_2(folder: Path, tmp_path) -> None:
    options = RunOptions(
        paths=(str(folder), str(folder / "gone.txt")),
        no_config=True,
        reports=(("format", "json"), ("output", str(tmp_path / "r.json"))),
    )
    assert Auditor(options).run() == EXIT_ERROR


def test_given_rules_are_the_only_rules(default_rules: list[Rule]) -> None:
    vague = [r for r in default_rules if r.id == "vague-attribution"]
    auditor = Auditor(rules=vague)
    [result] = auditor.audit_texts([(SAMPLES / "aggregated-article.txt").read_text()])
    assert {f.rule for f in result.findings} == {"vague-attribution"}
    assert auditor.rules() == vague


def test_the_configuration_gives_the_gate_the_options_leave_out(tmp_path: Path) -> None:
    config = tmp_path / "audit.yaml"
    config.write_text("fail-under: 70\n", encoding="utf-8")
    assert Auditor(RunOptions(config=str(config))).gates().fail_under == 70
    assert Auditor(RunOptions(config=str(config), fail_under=10)).gates().fail_under == 10
    default = Auditor(RunOptions(no_config=True)).gates()  # like ruff and Vale: errors fail
    assert default.fail_on == ("error",) and default.fail_under is None


def test_a_gate_on_an_unknown_category_is_refused() -> None:
    with pytest.raises(UsageError, match="fail_on: no severity or category named 'gossip'"):
        Auditor(RunOptions(no_config=True, fail_on=("warning", "gossip"))).gates()
