"""The command line: exit codes, one-line errors, and the JSON report's shape."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from audit.cli import main
from tests.conftest import CORPUS, ROOT, SAMPLES

SEED_LIKE = SAMPLES / "aggregated-article.txt"
WIRE = SAMPLES / "wire-story.txt"


def run_json(capsys, *args: str) -> tuple[int, dict]:
    code = main(["run", *args, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_json_shape_and_offsets(capsys) -> None:
    code, data = run_json(capsys, str(SEED_LIKE))
    assert code == 1  # the default gate (--fail-on error): the sample has error-level findings
    assert any(f["severity"] == "error" for f in data["documents"][0]["findings"])
    assert data["version"] == 1
    [doc] = data["documents"]
    assert doc["source"] == str(SEED_LIKE)
    assert 0 <= doc["score"] <= 100 and doc["grade"] in "ABCDF"
    assert set(doc["categories"]) >= {
        "unattributed-claim",
        "vague-sourcing",
        "off-topic-padding",
        "recycled-boilerplate",
    }
    text = SEED_LIKE.read_text(encoding="utf-8")
    assert doc["findings"], "the aggregated sample has findings"
    for f in doc["findings"]:
        assert set(f) >= {
            "rule",
            "category",
            "severity",
            "message",
            "start",
            "end",
            "line",
            "column",
            "excerpt",
        }
        assert f["excerpt"] == text[f["start"] : f["end"]][:300]
        line_start = text.rfind("\n", 0, f["start"]) + 1
        assert f["line"] == text.count("\n", 0, f["start"]) + 1
        assert f["column"] == f["start"] - line_start + 1
    assert data["summary"]["documents"] == 1


def test_fail_under_sets_exit_1_and_good_article_passes(capsys) -> None:
    code, data = run_json(capsys, str(SEED_LIKE), "--fail-under", "60")
    assert code == 1 and data["documents"][0]["score"] < 60
    code, data = run_json(capsys, str(WIRE), "--fail-under", "60")
    assert code == 0 and data["documents"][0]["score"] >= 60


def test_missing_file_is_one_line_error_and_others_still_audited(capsys, tmp_path: Path) -> None:
    code = main(["run", str(tmp_path / "nope.txt"), str(WIRE), "--format", "json"])
    out = capsys.readouterr()
    assert code == 2
    data = json.loads(out.out)
    assert [d["source"] for d in data["documents"]] == [str(WIRE)]
    assert data["errors"] == [
        {"source": str(tmp_path / "nope.txt"), "message": "no such file or folder"}
    ]
    assert out.err.strip().splitlines() == [
        f"audit: error: {tmp_path / 'nope.txt'}: no such file or folder",
        "audit: 1 document, 0 findings (0 error, 0 warning, 0 info), 1 unreadable; passed",
    ]  # the closing line goes to stderr when stdout holds JSON


def test_bad_inputs_get_clear_errors(capsys, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 society".encode("latin-1"))
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    utf16 = "Port Strike Ends\n\nAnalysts suggest calm.".encode("utf-16")
    (tmp_path / "utf16.txt").write_bytes(utf16)
    code = main(["run", str(tmp_path), "--format", "json"])
    err = capsys.readouterr().err
    assert code == 2
    assert "empty.txt: empty document" in err
    assert "latin1.txt: not UTF-8, read as cp1252" in err  # audited, with a notice
    assert "bin.txt: looks binary, not text" in err
    assert "utf16.txt" not in err  # UTF-16 with a BOM is read
    assert "Traceback" not in err


def test_bad_rule_file_is_one_line_error_with_line(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ncategory: vague-sourcing\nkind: phrase\ndescription: d\nphrasez: [a]\n")
    code = main(["run", str(WIRE), "--rules", str(bad)])
    err = capsys.readouterr().err
    assert code == 2
    assert (
        err.strip() == f"audit: error: {bad}:5:1: unknown key 'phrasez' for a rule of kind "
        "'phrase' (did you mean 'phrases'?)"
    )


def test_extra_rules_and_disable(capsys, tmp_path: Path) -> None:
    extra = tmp_path / "house.yaml"
    extra.write_text(
        "id: house-footer\ncategory: recycled-boilerplate\nkind: phrase\ndescription: d\n"
        "phrases: [Bureau of Labor Statistics]\n"
    )
    code, data = run_json(capsys, str(WIRE), "--rules", str(extra))
    assert code == 0
    assert any(f["rule"] == "house-footer" for f in data["documents"][0]["findings"])
    code, data = run_json(capsys, str(SEED_LIKE), "--disable", "vague-sourcing")
    assert all(f["category"] != "vague-sourcing" for f in data["documents"][0]["findings"])


def test_text_report_and_module_entry_point(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "audit", "run", str(SEED_LIKE), "--format", "text"],
        capture_output=True,
        text=True,
        env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert proc.returncode == 1, proc.stderr  # error-level findings: the default gate fails
    assert "grade" in proc.stdout and "Findings" in proc.stdout and "Sources" in proc.stdout
    assert "\x1b[" not in proc.stdout  # not a TTY, NO_COLOR: no escape codes


def test_rules_test_command_passes_on_default_pack(capsys) -> None:
    assert main(["rules", "test"]) == 0
    assert " 0 failed" in capsys.readouterr().out


def test_usage_error_exit_2(capsys) -> None:
    try:
        main(["run"])
    except SystemExit as exc:
        assert exc.code == 2
    else:
        raise AssertionError("argparse should exit")


def test_reweighting_a_rule_changes_the_score(capsys) -> None:
    article = str(ROOT / "tests" / "news2016" / "real" / "126.txt")  # five vague attributions
    _, base = run_json(capsys, article)
    _, light = run_json(capsys, article, "--weight", "vague-attribution=0")
    assert light["documents"][0]["score"] > base["documents"][0]["score"]
    assert main(["run", str(SEED_LIKE), "--weight", "nope=1"]) == 2
    assert "no rule named 'nope'" in capsys.readouterr().err
    assert main(["run", str(SEED_LIKE), "--weight", "seo-filler=heavy"]) == 2
    assert "expected RULE_ID=NUMBER" in capsys.readouterr().err


def test_stdin_and_json_lines(tmp_path: Path) -> None:
    text = WIRE.read_text(encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "audit", "run", "-", "--format", "json"],
        input=text, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["documents"][0]["source"] == "<stdin>"
    lines = tmp_path / "batch.jsonl"
    lines.write_text(
        json.dumps({"id": "wire", "text": text}) + "\n" + "not json\n"
        + json.dumps({"id": "farm", "text": SEED_LIKE.read_text(encoding="utf-8")}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    proc = subprocess.run(
        [sys.executable, "-m", "audit", "run", str(lines), "--format", "json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    data = json.loads(proc.stdout)
    assert proc.returncode == 2  # the bad line is an input error; the others are audited
    assert [d["source"] for d in data["documents"]] == ["wire", "farm"]
    assert (
        proc.stderr.strip().splitlines()[0]
        == f"audit: error: {lines}:2: not JSON (Expecting value)"
    )
    assert proc.stderr.strip().splitlines()[1].startswith("audit: 2 documents, ")


def test_folder_include_exclude(tmp_path: Path, capsys) -> None:
    (tmp_path / "keep.md").write_text(WIRE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "skip.md").write_text("Draft Title Here\n\nSome text.", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("Notes Title\n\nMore text.", encoding="utf-8")
    code, data = run_json(capsys, str(tmp_path), "--include", "*.md", "--exclude", "drafts/*")
    assert code == 0
    assert [Path(d["source"]).name for d in data["documents"]] == ["keep.md"]


def test_jobs_give_the_same_report_in_the_same_order(tmp_path: Path) -> None:
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}.json"
        args = ["run", str(CORPUS), "--format", "json", "-o", str(out), "-j", jobs]
        assert main([*args, "--exit-zero"]) == 0
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert len(json.loads(outputs[0])["documents"]) >= 12


def test_terminal_report_does_not_pass_escape_sequences(tmp_path: Path) -> None:
    evil = tmp_path / "evil\x1b[2J.txt"
    evil.write_text(
        "Title \x1b[31mRed\x1b[0m Here\n\nAnalysts suggest \x1b]0;owned\x07 the deal could fail.",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "audit", "run", str(evil)],
        capture_output=True, text=True, env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"}, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout
    assert "Analysts suggest" in proc.stdout


def test_malformed_url_is_one_line_error_without_traceback(capsys) -> None:
    assert main(["run", "http://[::1"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
