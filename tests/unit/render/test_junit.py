"""JUnit XML: one testcase per document, failures from the gates, findings in the body."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from audit.cli import main
from tests.conftest import CORPUS


def test_junit_one_case_per_document_failing_under_threshold(tmp_path: Path, capsys) -> None:
    out = tmp_path / "junit.xml"
    code = main(["run", str(CORPUS), "--format", "json", "-o", str(tmp_path / "r.json"),
                 "--format", "junit", "-o", str(out), "--fail-under", "50"])  # fmt: skip
    report = json.loads((tmp_path / "r.json").read_text())
    below = {d["source"] for d in report["documents"] if d["score"] < 50}
    errors = {  # the default gate, --fail-on error, still applies
        d["source"]: sum(f["severity"] == "error" for f in d["findings"])
        for d in report["documents"]
    }
    failing = below | {source for source, n in errors.items() if n}
    assert below and code == 1

    root = ET.parse(out).getroot()
    assert root.tag == "testsuites"
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(report["documents"]) == int(root.get("tests"))
    assert int(root.get("failures")) == len(failing)
    by_name = {c.get("name"): c for c in cases}
    for doc in report["documents"]:
        case = by_name[doc["source"]]
        failure = case.find("failure")
        assert (failure is not None) == (doc["source"] in failing)
        body = (failure if failure is not None else case.find("system-out")).text
        assert body.startswith(f"score {doc['score']} grade {doc['grade']}")
        assert len(body.strip().splitlines()) == 1 + len(doc["findings"])
        if failure is not None:
            n = errors[doc["source"]]
            reasons = [f"score {doc['score']} is under 50"] if doc["source"] in below else []
            reasons += [f"{n} error-level finding{'s' if n != 1 else ''}"] if n else []
            assert failure.get("message") == "; ".join(reasons)


def test_junit_fail_on_category_and_input_errors(tmp_path: Path, capsys) -> None:
    out = tmp_path / "j.xml"
    article = CORPUS / "02-port-strike-wire.txt"
    farm = CORPUS / "05-morning-light-sleep-farm.txt"
    code = main(["run", str(article), str(farm), str(tmp_path / "nope.txt"), "--format", "junit",
                 "-o", str(out), "--fail-on", "off-topic-padding"])  # fmt: skip
    assert code == 2  # an unreadable input wins over a gate failure
    root = ET.parse(out).getroot()
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert cases[str(article)].find("failure") is None
    assert "off-topic-padding finding" in cases[str(farm)].find("failure").get("message")
    assert (
        cases[str(tmp_path / "nope.txt")].find("error").get("message") == "no such file or folder"
    )
    assert root.get("errors") == "1"


def test_junit_strips_characters_xml_cannot_hold(tmp_path: Path, capsys) -> None:
    article = tmp_path / "ctl.txt"
    text = (CORPUS / "01-lithium-refinery-farm.txt").read_text(encoding="utf-8")
    article.write_text(text.replace("Experts believe", "Experts\x0b believe"), encoding="utf-8")
    out = tmp_path / "j.xml"
    main(["run", str(article), "--format", "junit", "-o", str(out)])
    assert ET.parse(out).getroot().find(".//testcase") is not None
