"""Several reports in one run, --format/-o pairing, gates and exit codes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from audit.cli import main
from audit.output import Target, UsageError, plan
from tests.conftest import CORPUS

FARM = CORPUS / "05-morning-light-sleep-farm.txt"
WIRE = CORPUS / "02-port-strike-wire.txt"


def test_pairs_in_command_line_order() -> None:
    opts = [("format", "json"), ("output", "a.json"), ("format", "html"), ("format", "sarif"),
            ("output", "b.sarif"), ("format", "github")]  # fmt: skip
    assert plan(opts, "x") == [
        Target("json", Path("a.json")),
        Target("html", Path("reports/x.html"), defaulted=True),
        Target("sarif", Path("b.sarif")),
        Target("github", None),
    ]
    assert plan([("output", "r.json"), ("format", "json")], "x") == [Target("json", Path("r.json"))]
    assert plan([("output", "r.txt")], "x") == [Target("text", Path("r.txt"))]
    assert plan([], "x") == [Target("concise", None)]  # pytest's stdout is not a terminal
    assert plan([("format", "html"), ("output", "-")], "x") == [Target("html", None)]


@pytest.mark.parametrize(
    "opts",
    [
        [("format", "json"), ("format", "sarif")],
        [("format", "json"), ("output", "a"), ("output", "b")],
        [("format", "json"), ("output", "a"), ("format", "sarif"), ("output", "./a")],
    ],
)
def test_ambiguous_pairings_are_refused(opts) -> None:
    with pytest.raises(UsageError):
        plan(opts, "x")


def test_many_reports_in_one_run(tmp_path: Path, capsys) -> None:
    files = {fmt: tmp_path / f"out.{fmt}" for fmt in ("json", "sarif", "junit", "html", "markdown")}
    args = [a for fmt, path in files.items() for a in ("--format", fmt, "-o", str(path))]
    assert main(["run", str(FARM), str(WIRE), *args, "--format", "github"]) == 1  # 4 errors
    stdout = capsys.readouterr().out
    # one summary notice per document (info findings are notices too)
    assert stdout.startswith("::") and stdout.count("title=audit score") == 2
    report = json.loads(files["json"].read_text())
    assert len(report["documents"]) == 2
    assert json.loads(files["sarif"].read_text())["version"] == "2.1.0"
    assert len(ET.parse(files["junit"]).getroot().findall(".//testcase")) == 2
    assert files["html"].read_text().startswith("<!DOCTYPE html>")
    assert "| Document |" in files["markdown"].read_text()
    assert not list(tmp_path.glob(".*.tmp"))  # atomic writes leave no temporaries


def test_json_to_stdout_and_to_file_are_the_same(tmp_path: Path, capsys) -> None:
    main(["run", str(FARM), "--format", "json"])
    out = capsys.readouterr().out
    main(["run", str(FARM), "--format", "json", "-o", str(tmp_path / "r.json")])
    assert (tmp_path / "r.json").read_text() == out
    assert json.loads(out)["documents"][0]["findings"]


def test_usage_errors_exit_2_before_auditing(capsys) -> None:
    assert main(["run", str(FARM), "--format", "json", "--format", "sarif"]) == 2
    err = capsys.readouterr().err
    assert "standard output" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("gate", "farm", "wire"),
    [("error", 1, 0), ("warning", 1, 0), ("off-topic-padding", 1, 0), ("info", 1, 0)],
)
def test_fail_on(gate: str, farm: int, wire: int, capsys) -> None:
    assert main(["run", str(FARM), "--fail-on", gate, "--format", "json"]) == farm
    assert main(["run", str(WIRE), "--fail-on", gate, "--format", "json"]) == wire


def test_fail_on_severity_counts_only_that_level_or_worse(tmp_path: Path, capsys) -> None:
    main(["run", str(CORPUS), "--format", "json"])
    docs = json.loads(capsys.readouterr().out)["documents"]
    only_minor = [
        d for d in docs if d["findings"] and all(f["severity"] != "error" for f in d["findings"])
    ]
    assert only_minor, "the corpus has a document with warnings but no errors"
    path = only_minor[0]["source"]
    assert main(["run", path, "--fail-on", "error", "--format", "json"]) == 0
    assert main(["run", path, "--fail-on", "warning", "--format", "json"]) == 1


def test_unknown_gate_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["run", str(FARM), "--fail-on", "nonsense"])
    assert exc.value.code == 2
