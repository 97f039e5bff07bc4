"""Baselines: accepted findings stop counting; fingerprints survive edits elsewhere."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from audit.baseline import Baseline, fingerprint
from audit.cli import main
from audit.document import Document
from audit.engine import Engine
from audit.rules import default_pack_path, load_rules
from tests.conftest import CORPUS

ARTICLE = CORPUS / "01-lithium-refinery-farm.txt"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def findings(path: Path, capsys, *args: str) -> list[dict]:
    main(["run", str(path), "--format", "json", *args])
    return json.loads(capsys.readouterr().out)["documents"][0]["findings"]


def test_baseline_accepts_everything_it_saw(article: Path, tmp_path: Path, capsys) -> None:
    base = tmp_path / "base.json"
    assert main(["baseline", str(article), "-o", str(base)]) == 0
    entries = json.loads(base.read_text())["findings"]
    assert len(entries) == len(findings(article, capsys)) > 10
    gates = ["--fail-on", "info", "-f", "json", "-o", str(tmp_path / "r")]
    assert main(["run", str(article), *gates]) == 1
    assert main(["run", str(article), "--baseline", str(base), *gates]) == 0
    assert findings(article, capsys, "--baseline", str(base)) == []


def test_edit_elsewhere_keeps_old_findings_accepted(article: Path, tmp_path: Path, capsys) -> None:
    base = tmp_path / "base.json"
    main(["baseline", str(article), "-o", str(base)])
    text = article.read_text(encoding="utf-8")
    title, rest = text.split("\n", 1)
    added = "Insiders say the board will certainly approve a sale before spring."
    article.write_text(f"{title}\n\nA new, plain opening paragraph.\n{rest}\n\n{added}\n")
    new = findings(article, capsys, "--baseline", str(base))
    assert new, "the added paragraph brings new findings"
    assert all(f["line"] == len(article.read_text().splitlines()) for f in new)
    assert main(["run", str(article), "--baseline", str(base), "--fail-on", "vague-sourcing"]) == 1


def test_fingerprint_ignores_offsets_but_not_context() -> None:
    engine = Engine(load_rules([default_pack_path()]))
    text = ARTICLE.read_text(encoding="utf-8")
    title, rest = text.split("\n", 1)
    shifted = f"{title}\n\nSome unrelated added words.\n{rest}"
    a, b = (engine.audit_one(Document.build(t, "x")) for t in (text, shifted))
    prints_a = [fingerprint(a.document, f) for f in a.findings]
    prints_b = [fingerprint(b.document, f) for f in b.findings]
    assert prints_a and set(prints_a) <= set(prints_b)
    assert [f.start for f in a.findings] != [f.start for f in b.findings][: len(a.findings)]


def test_baseline_is_a_multiset() -> None:
    """A second copy of an accepted finding is new."""
    engine = Engine(load_rules([default_pack_path()]))
    sentence = "Needless to say, the port reopened on Monday."
    result = engine.audit_one(Document.build(f"{sentence}\n\n{sentence}\n", "d.txt"))
    first, second = (f for f in result.findings if f.rule == "seo-filler")
    key = fingerprint(result.document, first)
    assert fingerprint(result.document, second) == key
    once = Baseline(Counter({("d.txt", key): 1})).new_findings(result)
    assert second in once and first not in once
    twice = Baseline(Counter({("d.txt", key): 2})).new_findings(result)
    assert first not in twice and second not in twice


def test_baseline_is_per_document_and_paths_normalise(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    main(["baseline", "a.txt", "-o", "base.json"])
    assert findings(Path("./a.txt"), capsys, "--baseline", "base.json") == []
    assert findings(Path("b.txt"), capsys, "--baseline", "base.json")


@pytest.mark.parametrize(
    "content", ["not json", '{"version": 9}', '{"version": 1, "findings": [1]}']
)
def test_bad_baseline_is_a_usage_error(tmp_path: Path, capsys, content: str) -> None:
    base = tmp_path / "b.json"
    base.write_text(content)
    assert main(["run", str(ARTICLE), "--baseline", str(base)]) == 2
    assert str(base) in capsys.readouterr().err
    assert main(["run", str(ARTICLE), "--baseline", str(tmp_path / "none.json")]) == 2


def test_baseline_keeps_the_article_score(article: Path, tmp_path: Path) -> None:
    base = tmp_path / "b.json"
    main(["baseline", str(article), "-o", str(base)])
    engine = Engine(load_rules([default_pack_path()]))
    result = engine.audit_one(Document.build(article.read_text(), str(article)))
    (after,), suppressed = Baseline.load(base).apply([result], engine)
    assert suppressed == len(result.findings) and after.findings == []
    # a baseline accepts findings for the gates; it does not make the article better sourced
    assert after.score == result.score and result.score.score < 50
