"""The Markdown summary: a table of documents, findings per document, inert untrusted text."""

from __future__ import annotations

import json
import re
from pathlib import Path

from audit.cli import main
from audit.render.markdown import md
from tests.conftest import CORPUS


def test_summary_table_and_details(tmp_path: Path, capsys) -> None:
    out = tmp_path / "summary.md"
    args = ["--format", "json", "-o", str(tmp_path / "r.json"), "--fail-under", "40"]
    assert main(["run", str(CORPUS), "--format", "markdown", "-o", str(out), *args]) == 1
    report = json.loads((tmp_path / "r.json").read_text())
    text = out.read_text()
    rows = [line for line in text.splitlines() if line.startswith("| ") and "Document" not in line]
    assert len(rows) == len(report["documents"])
    cells = [row.strip("|").split(" | ") for row in rows]
    scores = [int(c[1]) for c in cells]
    assert scores == sorted(d["score"] for d in report["documents"])
    assert sum("❌ fail" in row for row in rows) == sum(
        d["score"] < 40 for d in report["documents"]
    )
    assert text.count("<details>") == text.count("</details>") == len(report["documents"])
    assert text.count("\n- `") == sum(min(len(d["findings"]), 30) for d in report["documents"])


def test_untrusted_text_is_inert() -> None:
    hostile = "a|b <script>x</script> **bold** [link](http://x) `code` @octocat\nnext"
    out = md(hostile)
    assert "|" not in out.replace("\\|", "")
    assert "<" not in out and "\n" not in out
    assert "\\*\\*bold\\*\\*" in out and "\\[link\\]" in out and "\\`code\\`" in out
    assert "@octocat" not in out  # no mention ping


def test_hostile_source_name_stays_in_its_cell(tmp_path: Path, capsys) -> None:
    article = tmp_path / "x|<b>y.txt"
    article.write_text((CORPUS / "01-lithium-refinery-farm.txt").read_text(), encoding="utf-8")
    main(["run", str(article), "--format", "markdown"])
    text = capsys.readouterr().out
    row = next(line for line in text.splitlines() if line.startswith("| ") and ".txt" in line)
    cells = re.split(r"(?<!\\)\|", row)[1:-1]
    # five category columns, with the Gate column (default --fail-on error)
    assert len(cells) == 10 and "<b>" not in text
    assert cells[0].strip().endswith("x\\|&lt;b&gt;y.txt")
