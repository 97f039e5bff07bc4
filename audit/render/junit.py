"""JUnit XML (`--format junit`): one testcase per document, a failure when it fails a gate.

Every finding is listed in the testcase body. Characters XML 1.0 cannot carry are replaced.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TextIO

from audit.engine import Result
from audit.gates import Gates
from audit.render.common import Collected, Errors, ReportContext, also

_NOT_XML = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def findings_text(result: Result) -> str:
    doc = result.document
    lines = [f"score {result.score.score} grade {result.score.grade}, {doc.word_count} words"]
    for f in result.findings:
        line, col = doc.line_col(f.start)
        lines.append(
            f"{doc.source}:{line}:{col}: {f.severity.value} [{f.category}] {f.message}"
            f"{also(doc, f)} ({f.rule})"
        )
    return xml_text("\n".join(lines) + "\n")


def _testcase(suite: ET.Element, result: Result, gates: Gates) -> bool:
    case = ET.SubElement(
        suite,
        "testcase",
        classname="audit",
        name=xml_text(result.document.source),
        time="0",
    )
    reasons = gates.failures(result)
    body = findings_text(result)
    if reasons:
        failure = ET.SubElement(
            case, "failure", message=xml_text("; ".join(reasons)), type="audit.gate"
        )
        failure.text = body
    else:
        ET.SubElement(case, "system-out").text = body
    return bool(reasons)


def report(ctx: ReportContext, out: TextIO) -> Collected:
    return Collected(render, ctx, out)


def render(results: Sequence[Result], errors: Errors = (), ctx: ReportContext | None = None) -> str:
    gates = (ctx or ReportContext()).gates
    root = ET.Element("testsuites", name="audit")
    suite = ET.SubElement(root, "testsuite", name="audit")
    failed = sum(_testcase(suite, r, gates) for r in results)
    for source, message in errors:
        case = ET.SubElement(suite, "testcase", classname="audit", name=xml_text(source), time="0")
        ET.SubElement(case, "error", message=xml_text(message), type="audit.input")
    for el in (root, suite):
        el.set("tests", str(len(results) + len(errors)))
        el.set("failures", str(failed))
        el.set("errors", str(len(errors)))
        el.set("time", "0")
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
