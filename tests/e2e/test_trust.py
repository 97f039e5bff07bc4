"""What untrusted content and special output paths may not do: switch findings off from inside
a fetched or streamed article, or have `-o` replace a device, a FIFO or a link."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from audit.cli import main
from audit.inputs import Item, Reader
from audit.rules import default_categories
from tests.conftest import run_audit

ARTICLE = (
    "Port strike ends\n\nAnalysts suggest the deal will certainly collapse.\n\n"
    "<!-- audit-disable -->\n\nSources indicate the deal could collapse within weeks.\n"
)


def _counts(capsys, *args: str) -> tuple[int, int, int]:
    code = main(["run", *args, "--format", "json"])
    doc = json.loads(capsys.readouterr().out)["documents"][0]
    return code, len(doc["findings"]), len(doc["suppressed"])


def test_a_json_lines_record_cannot_switch_its_audit_off(tmp_path: Path, capsys) -> None:
    record = tmp_path / "feed.jsonl"
    record.write_text(json.dumps({"id": "item-1", "text": ARTICLE}) + "\n", encoding="utf-8")
    local = tmp_path / "mine.md"
    local.write_text(ARTICLE, encoding="utf-8")

    code, findings, suppressed = _counts(capsys, str(record), "--fail-on", "vague-sourcing")
    assert code == 1 and suppressed == 0 and findings >= 2  # the gate still fails
    _, trusted, suppressed = _counts(capsys, str(record), "--trust-inline-suppressions")
    assert suppressed >= 1 and trusted < findings
    _, mine, suppressed = _counts(capsys, str(local))  # the author's own file: honoured
    assert suppressed >= 1 and mine < findings


def test_feed_items_and_pages_are_read_as_untrusted() -> None:
    item = Item("https://example.org/a", text=ARTICLE, url="https://example.org/a")
    assert not Reader().read(item).honours_suppressions
    assert Reader(trust_inline=True).read(item).honours_suppressions


def test_output_to_a_link_writes_through_it(tmp_path: Path, capsys) -> None:
    target, link = tmp_path / "target.json", tmp_path / "link.json"
    link.symlink_to(target.name)
    assert main(["run", str(_article(tmp_path)), "-f", "json", "-o", str(link)]) in (0, 1)
    assert link.is_symlink() and json.loads(target.read_text())["documents"]


def test_output_to_a_fifo_or_device_is_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    main(["run", str(_article(tmp_path)), "-f", "json", "-o", str(fifo)])
    reader.join(timeout=30)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert json.loads(got[0])["documents"]
    main(["run", str(_article(tmp_path)), "-f", "json", "-o", os.devnull])
    assert stat.S_ISCHR(os.lstat(os.devnull).st_mode)  # as root, a rename would replace it


def test_reports_are_as_readable_as_other_files(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    old = os.umask(0o022)
    try:
        main(["run", str(_article(tmp_path)), "-f", "json", "-o", str(out)])
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def _article(folder: Path) -> Path:
    path = folder / "article.txt"
    if not path.exists():
        path.write_text(ARTICLE.replace("<!-- audit-disable -->", "More talks."))
    return path


def test_hostile_names_reach_no_terminal_and_lose_no_report(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Rich markup and escape sequences in file names: every report is written, and nothing
    a name holds steers the terminal or the log."""
    folder = tmp_path / "d"
    (folder / "x[").mkdir(parents=True)
    text = _article(tmp_path).read_text()
    (folder / "x[" / "b].txt").write_text(text)  # "x[/b].txt": a closing tag with no opening
    (folder / "[link=http:evil]ok[link].txt").write_text(text)
    (folder / "e\x1b[2Jvil.txt").write_bytes(b"abc\x00")
    out = tmp_path / "r.json"
    monkeypatch.chdir(tmp_path)  # short names: the table shows them whole
    code = main(["run", "d", "--format", "text", "--format", "json", "-o", str(out)])
    std = capsys.readouterr()
    assert code == 2  # the binary file
    assert "\x1b" not in std.err and "\x1b" not in std.out
    assert "x[/b].txt" in std.out and "[link=http:evil]ok[link].txt" in std.out
    assert len(json.loads(out.read_text())["documents"]) == 2


def test_github_annotations_carry_no_escape_sequences() -> None:
    from audit.render.github import command

    line = command("error", "bad \x1b[2J name\r\n", file="a\x1b]8;;x\x07.txt")
    assert "\x1b" not in line and "\x07" not in line and "%0D%0A" in line


def test_links_out_of_a_folder_are_skipped_unless_followed(tmp_path: Path, capsys) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Private notes\n\nThe password is in the drawer, analysts suggest.\n")
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "story.txt").write_text(_article(tmp_path).read_text())
    (folder / "p.txt").symlink_to(secret)
    main(["run", str(folder), "-f", "json"])
    std = capsys.readouterr()
    assert [Path(d["source"]).name for d in json.loads(std.out)["documents"]] == ["story.txt"]
    assert f"{folder / 'p.txt'}: a link out of {folder}, skipped" in std.err
    main(["run", str(folder), "-f", "json", "--follow-symlinks"])
    names = [Path(d["source"]).name for d in json.loads(capsys.readouterr().out)["documents"]]
    assert names == ["p.txt", "story.txt"]


def test_devices_and_fifos_are_refused_where_files_belong(tmp_path: Path) -> None:
    """/dev/zero never ends and a FIFO without a writer never opens: each is a one-line error,
    at once (the subprocess timeout bounds a regression)."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    story = _article(tmp_path)
    cases = {
        ("run", "/dev/zero"): "/dev/zero: not a regular file",
        ("run", str(fifo)): f"{fifo}: not a regular file",
        ("run", str(story), "--rules", "/dev/zero"): "/dev/zero: cannot read rule file: not a",
        ("run", str(story), "--baseline", "/dev/zero"): "/dev/zero: cannot read: not a regular",
    }
    for args, message in cases.items():
        done = run_audit(*args, timeout=60)
        assert done.returncode == 2, (args, done.stderr)
        assert message in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_unwritable_report_paths_are_usage_errors_before_any_work(tmp_path: Path, capsys) -> None:
    story = str(_article(tmp_path))
    (tmp_path / "folder").mkdir()
    cases = {
        str(tmp_path / "folder"): "is a folder",
        str(tmp_path / ("a" * 300 + ".json")): "file name longer than 255 bytes",
        str(tmp_path / "article.txt" / "r.json"): "article.txt is not a folder",
    }
    for out, message in cases.items():
        assert main(["run", story, "-f", "json", "-o", out]) == 2
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err
        assert err.count("\n") == 1  # one line, and no audit ran before it


def test_no_configuration_makes_a_gate_that_cannot_fail(tmp_path: Path, capsys, monkeypatch):
    """NaN, infinite and negative numbers, self-referring aliases, a `tool` that is no table, a
    rule pack with no rules, an empty JSON Lines export, closed stdin: each is one clear error
    (exit 2), never a traceback and never a run that passes."""
    story = str(_article(tmp_path))
    monkeypatch.chdir(tmp_path)
    rule = (
        "rules:\n  - id: x\n    category: vague-sourcing\n    kind: pattern\n    description: d\n"
    )
    (tmp_path / "empty-pack").mkdir()
    (tmp_path / "empty.jsonl").write_text("\n\n")
    configs = {
        "rules: &a [*a]\n": "an alias refers to itself",
        "weights: {vague-attribution: .nan}\n": "expected a finite number >= 0, got nan",
        "category-weights: {vague-sourcing: .inf}\n": "expected a finite number >= 0, got inf",
        "fail-under: .nan\n": "'fail-under' must be a number from 0 to 100, got nan",
        "fail-under: -50\n": "'fail-under' must be a number from 0 to 100, got -50",
        "fail-under: " + "9" * 5000 + "\n": "a number of more than 4,300 digits",
    }
    for text, message in configs.items():
        (tmp_path / ".audit.yaml").write_text(text)
        assert main(["run", story]) == 2, text
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err, err
    (tmp_path / ".audit.yaml").unlink()
    (tmp_path / "pyproject.toml").write_text('tool = "audit"\n')  # not a table: no config
    assert main(["run", story, "-f", "json"]) in (0, 1)
    capsys.readouterr()
    (tmp_path / "nan.yaml").write_text(rule + "    weight: .nan\n    patterns: [abc]\n")
    (tmp_path / "huge.yaml").write_text(rule + '    patterns: ["a{99999999999}"]\n')
    runs = {
        ("--rules", "nan.yaml"): "'weight' must be a finite number >= 0",
        ("--rules", "huge.yaml"): "bad regular expression in 'patterns'",
        ("--only-rules", "empty-pack"): "empty-pack: no rules found",
        ("--weight", "vague-attribution=nan"): "expected RULE_ID=NUMBER (finite, >= 0)",
    }
    for args, message in runs.items():
        assert main(["run", story, *args]) == 2, args
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err, err
    assert main(["run", "empty.jsonl"]) == 2
    assert "empty.jsonl: holds no JSON Lines records" in capsys.readouterr().err
    for bad in ("-1", "nan", "inf"):
        with pytest.raises(SystemExit) as done:
            main(["run", story, "--timeout", bad])
        assert done.value.code == 2
    capsys.readouterr()
    closed = run_audit(
        "run", "-", timeout=60, stdin=subprocess.DEVNULL, preexec_fn=lambda: os.close(0)
    )
    assert closed.returncode == 2 and "standard input is closed" in closed.stderr, closed.stderr


def test_sigterm_leaves_no_temporary_report(tmp_path: Path) -> None:
    """A CI job killed with SIGTERM left `.r.json.*.tmp` beside its reports."""
    import shutil
    import time

    from tests.conftest import CORPUS

    folder = tmp_path / "many"
    for n in range(30):
        shutil.copytree(CORPUS, folder / f"copy{n}", ignore=shutil.ignore_patterns("*.yaml"))
    out = tmp_path / "reports" / "r.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "audit", "run", str(folder), "-f", "json", "-o", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not list(out.parent.glob(".r.json.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)  # until the report is being written
    proc.terminate()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert "audit: error: terminated" in err
    assert list(out.parent.iterdir()) == []  # no report, no temporary file


def test_a_cut_excerpt_says_so(tmp_path: Path, capsys) -> None:
    long = tmp_path / "long.txt"
    claim = "The deal will certainly transform " + ", ".join(f"market {n}" for n in range(60))
    long.write_text(f"A headline\n\n{claim}.\n\nSources indicate a deal.\n")
    main(["run", str(long), "-f", "json"])
    findings = json.loads(capsys.readouterr().out)["documents"][0]["findings"]
    cut = [f for f in findings if f["end"] - f["start"] > 300]
    short = [f for f in findings if f["end"] - f["start"] <= 300]
    assert cut and all(f["excerpt_truncated"] and len(f["excerpt"]) == 300 for f in cut)
    assert short and all("excerpt_truncated" not in f for f in short)


def test_configuration_that_was_ignored_now_counts(tmp_path: Path, capsys, monkeypatch) -> None:
    """A pyproject with a syntax error elsewhere dropped [tool.audit] and its fail-under; every
    category weight at 0 made findings count for nothing; `format` and `output-dir` were
    accepted and ignored."""
    story = str(_article(tmp_path))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        "[project\nname = 'x'\n[tool.audit]\nfail-under = 99\n"
    )
    assert main(["run", story]) == 2
    assert "pyproject.toml: invalid TOML" in capsys.readouterr().err
    (tmp_path / "pyproject.toml").unlink()
    zero = ", ".join(f"{c}: 0" for c in default_categories().ids)
    (tmp_path / ".audit.yaml").write_text(f"category-weights: {{{zero}}}\n")
    assert main(["run", story]) == 2
    assert "every category weight is 0" in capsys.readouterr().err
    (tmp_path / ".audit.yaml").write_text("format: json\noutput-dir: out/html\n")
    main(["run", story])
    assert json.loads(capsys.readouterr().out)["documents"]  # the config's format
    main(["run", story, "-f", "html"])
    capsys.readouterr()
    assert (tmp_path / "out" / "html" / "article.html").is_file()  # the config's output-dir
    (tmp_path / ".audit.yaml").write_text("format: pdf\n")
    assert main(["run", story]) == 2
    assert "'format' must be one of" in capsys.readouterr().err


def test_an_unreadable_subfolder_is_an_error_not_a_gap(tmp_path: Path, capsys, monkeypatch):
    folder = tmp_path / "site"
    (folder / "locked").mkdir(parents=True)
    (folder / "story.txt").write_text(_article(tmp_path).read_text())
    (folder / "locked" / "hidden.txt").write_text(_article(tmp_path).read_text())
    real_scandir = os.scandir

    def scandir(path="."):  # as a folder without read permission answers (root reads all)
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert main(["run", str(folder), "-f", "json"]) == 2  # audited, but not all of it
    out = capsys.readouterr()
    assert [Path(d["source"]).name for d in json.loads(out.out)["documents"]] == ["story.txt"]
    assert f"{folder / 'locked'}: cannot read folder: Permission denied" in out.err


def test_ctrl_c_with_jobs_reports_once(tmp_path: Path) -> None:
    """Ctrl-C reached every worker too, and each printed its traceback."""
    import shutil
    import signal
    import time

    from tests.conftest import CORPUS

    folder = tmp_path / "many"
    for n in range(30):
        shutil.copytree(CORPUS, folder / f"copy{n}", ignore=shutil.ignore_patterns("*.yaml"))
    out = tmp_path / "reports" / "r.json"
    args = ["run", str(folder), "-j", "2", "-f", "json", "-o", str(out)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "audit", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    deadline = time.monotonic() + 60
    while not list(out.parent.glob(".r.json.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)  # the workers are running
    time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the whole group, the workers too
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.strip().splitlines() == ["audit: error: interrupted"], err
    assert list(out.parent.iterdir()) == []
