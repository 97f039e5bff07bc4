"""--format parquet: one row per document (and per unreadable input), the JSON report's
figures and findings; binary, so to a file only; without pyarrow, one error naming the extra."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from audit.cli import main
from tests.conftest import CORPUS

pq = pytest.importorskip("pyarrow.parquet")


def test_rows_hold_the_json_report(tmp_path: Path) -> None:
    files = [str(p) for p in sorted(CORPUS.glob("*.txt"))[:6]]
    args = ["run", *files, str(tmp_path / "missing.txt"), "--no-config", "-j", "1"]
    table_out, json_out = tmp_path / "r.parquet", tmp_path / "r.json"
    code = main([*args, "-f", "parquet", "-o", str(table_out), "-f", "json", "-o", str(json_out)])
    assert code == 2
    rows = pq.read_table(table_out).to_pylist()
    report = json.loads(json_out.read_text(encoding="utf-8"))
    assert len(rows) == len(report["documents"]) + 1
    for row, doc in zip(rows, report["documents"], strict=False):
        assert (row["source"], row["score"], row["grade"]) == (
            doc["source"],
            doc["score"],
            doc["grade"],
        )
        assert [(f["rule"], f["start"], f["end"]) for f in row["findings"]] == [
            (f["rule"], f["start"], f["end"]) for f in doc["findings"]
        ]
        assert row["findings_count"] == len(doc["findings"]) and row["error"] is None
    assert rows[-1]["error"] == "no such file or folder" and rows[-1]["score"] is None


def test_parquet_needs_a_file(capsys) -> None:
    code = main(["run", str(CORPUS), "--no-config", "-f", "parquet"])
    assert code == 2 and "give -o FILE" in capsys.readouterr().err


def test_without_pyarrow_one_error_names_the_extra(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    code = main(["run", str(CORPUS), "--no-config", "-f", "parquet", "-o", str(tmp_path / "r.pq")])
    err = capsys.readouterr().err
    assert code == 2 and "audit[scale]" in err and err.count("\n") == 1
    assert not (tmp_path / "r.pq").exists()
