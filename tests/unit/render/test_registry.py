"""The renderer registry: every format behind one signature, and no import of audit.output."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from audit.document import Document
from audit.engine import Engine
from audit.gates import Gates
from audit.render import FORMATS, renderer
from audit.render import json as json_render
from audit.render import markdown as markdown_render
from audit.render.common import ReportContext
from audit.summary import summarise
from tests.conftest import ROOT, SAMPLES

ERRORS = [("gone.txt", "no such file or folder")]


@pytest.fixture(scope="module")
def results(engine: Engine) -> list:
    docs = [Document.build(p.read_text(encoding="utf-8"), p.name) for p in SAMPLES.glob("*.txt")]
    return engine.audit(sorted(docs, key=lambda d: d.source))


def written(fmt: str, results: list, ctx: ReportContext, suppressed: int = 0) -> str:
    out = io.StringIO()
    sink = renderer(fmt)(ctx, out)
    for result in results:
        sink.add(result)
    sink.finish(ERRORS, summarise(results, ERRORS), suppressed)
    return out.getvalue()


def test_every_format_renders_through_the_same_signature(results: list, default_rules) -> None:
    ctx = ReportContext(rules=default_rules, gates=Gates(fail_under=90))
    reports = {fmt: written(fmt, results, ctx) for fmt in FORMATS}
    sources = [r.document.source for r in results]
    assert [d["source"] for d in json.loads(reports["json"])["documents"]] == sources
    sarif = json.loads(reports["sarif"])["runs"][0]
    assert len(sarif["tool"]["driver"]["rules"]) == len(default_rules)
    suite = ET.fromstring(reports["junit"].split("\n", 1)[1])
    assert suite.get("tests") == str(len(results) + len(ERRORS))
    assert reports["github"].count("title=audit score") == len(results)
    assert reports["html"].startswith("<!DOCTYPE html>")
    assert all(source in reports["text"] for source in sources)
    assert "| Gate |" in reports["markdown"]  # the context's gates reached the renderer


def test_streamed_and_whole_renderings_are_the_same_bytes(results: list) -> None:
    ctx = ReportContext(gates=Gates(fail_on=("warning",)))
    assert written("json", results, ctx) == json_render.render(results, ERRORS)
    shown = written("markdown", results, ctx, suppressed=3)
    assert shown == markdown_render.render(
        results, ERRORS, ReportContext(gates=ctx.gates, suppressed=3)
    )
    assert "3 findings accepted by the baseline are not shown." in shown


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        renderer("pdf")


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_renderer_imports_the_output_module(fmt: str) -> None:
    """audit.output uses the renderers; a renderer importing it back was an import loop."""
    code = f"import sys, audit.render.{fmt}; print('audit.output' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
