"""The public API (`audit.audit_texts`, `audit.Auditor`) and the README's example of it."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from pathlib import Path

import audit
from audit.document import Document
from audit.engine import Engine
from tests.conftest import ROOT, SAMPLES

WIRE = (SAMPLES / "wire-story.txt").read_text(encoding="utf-8")
AGGREGATED = (SAMPLES / "aggregated-article.txt").read_text(encoding="utf-8")


def test_audit_texts_gives_what_the_engine_gives(engine: Engine) -> None:
    texts = {"a.txt": AGGREGATED, "w.txt": WIRE}
    got = audit.audit_texts(texts, audit.RunOptions(no_config=True))
    expected = engine.audit([Document.build(t, s) for s, t in texts.items()])
    assert [r.document.source for r in got] == ["a.txt", "w.txt"]
    assert [r.findings for r in got] == [r.findings for r in expected]
    assert [r.score for r in got] == [r.score for r in expected]
    assert got[0].score.score < got[1].score.score


def test_unnamed_texts_are_numbered() -> None:
    results = audit.audit_texts(["Analysts say the plan could fail.", WIRE])
    assert [r.document.source for r in results] == ["<text 1>", "<text 2>"]
    assert [f.rule for f in results[0].findings] == ["vague-attribution"]


def test_the_readme_example_runs(tmp_path: Path, monkeypatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1].split("\n## ", 1)[0]
    [code] = re.findall(r"```python\n(.*?)```", section, re.S)
    shutil.copytree(SAMPLES, tmp_path / "samples")
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    scope: dict = {}
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), scope)
    # the README's comments say what the example prints: they must stay true
    shown = re.search(r"result\.score\.grade\)  # (.+)", code).group(1)
    assert printed.getvalue().splitlines()[:2] == [
        shown,
        "vague-attribution vague-sourcing 'Analysts say'",
    ]
    assert scope["outcome"].errors == [("missing.txt", "no such file or folder")]
    assert scope["exit_code"] == 1
    report = json.loads((tmp_path / "out" / "samples.json").read_text(encoding="utf-8"))
    assert [d["source"] for d in report["documents"]] == [
        "samples/aggregated-article.txt",
        "samples/wire-story.txt",
    ]
