"""--format jsonl: the JSON report's document objects, one line each, then the errors."""

from __future__ import annotations

import json
from pathlib import Path

from audit.cli import main
from tests.conftest import CORPUS


def test_jsonl_lines_are_the_json_documents_then_the_errors(tmp_path: Path) -> None:
    files = [str(p) for p in sorted(CORPUS.glob("*.txt"))[:5]]
    args = ["run", *files, str(tmp_path / "missing.txt"), "--no-config", "-j", "1"]
    lines_out, json_out = tmp_path / "r.jsonl", tmp_path / "r.json"
    code = main([*args, "-f", "jsonl", "-o", str(lines_out), "-f", "json", "-o", str(json_out)])
    assert code == 2  # the missing file
    report = json.loads(json_out.read_text(encoding="utf-8"))
    lines = lines_out.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""
    records = [json.loads(line) for line in lines[:-1]]
    assert records[:-1] == report["documents"]
    assert records[-1] == {
        "source": str(tmp_path / "missing.txt"),
        "error": "no such file or folder",
    }


def test_line_separators_inside_text_do_not_split_a_line(tmp_path: Path) -> None:
    batch = tmp_path / "b.jsonl"
    text = "Officials said the bridge\u2028would reopen on Monday, according to sources.\n"
    batch.write_text(json.dumps({"id": "a", "text": text}) + "\n", encoding="utf-8")
    out = tmp_path / "r.jsonl"
    main(["run", str(batch), "--no-config", "-j", "1", "-f", "jsonl", "-o", str(out)])
    content = out.read_text(encoding="utf-8")
    assert len(content.splitlines()) == 1
    assert json.loads(content)["source"] == "a"
