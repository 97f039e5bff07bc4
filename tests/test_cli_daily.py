"""Issue 18, daily use: the command line and CI behave as ruff and Vale users expect. One test
(or a few) per point, run through the real CLI, from the repository root and from a subfolder
where paths matter."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, run_audit

FARM, WIRE = SAMPLES / "aggregated-article.txt", SAMPLES / "wire-story.txt"
ENV = {**os.environ, "NO_COLOR": "1"}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A content repository: `.git`, articles/farm.txt and articles/wire.txt, a subfolder."""
    root = tmp_path / "content"
    (root / ".git").mkdir(parents=True)
    (root / "articles").mkdir()
    (root / "bl").mkdir()
    shutil.copy(FARM, root / "articles" / "farm.txt")
    shutil.copy(WIRE, root / "articles" / "wire.txt")
    return root


def audit(cwd: Path, *args: str, **kwargs):
    return run_audit(*args, "--no-config", cwd=cwd, env=ENV, **kwargs)


def as_json(cwd: Path, *args: str) -> dict:
    return json.loads(audit(cwd, "run", *args, "-f", "json", "--exit-zero").stdout)


# 1. exit code -------------------------------------------------------------------------------


def test_error_findings_fail_by_default_and_exit_zero_switches_it_off(repo: Path) -> None:
    data = as_json(repo, "articles/farm.txt")
    assert any(f["severity"] == "error" for f in data["documents"][0]["findings"])
    assert audit(repo, "run", "articles/farm.txt").returncode == 1
    assert audit(repo, "run", "articles/farm.txt", "--exit-zero").returncode == 0
    wire = as_json(repo, "articles/wire.txt")["documents"][0]["findings"]
    assert not any(f["severity"] == "error" for f in wire)
    assert audit(repo, "run", "articles/wire.txt").returncode == 0
    # --fail-on replaces the default: a category the farm has no finding in passes
    cats = {f["category"] for f in data["documents"][0]["findings"]}
    assert "unattributed-claim" in cats
    assert audit(repo, "run", "articles/farm.txt", "--fail-on", "info").returncode == 1


# 2. the closing line ------------------------------------------------------------------------


def test_every_run_ends_with_a_closing_line_giving_the_reason(repo: Path) -> None:
    data = as_json(repo, "articles")
    scores = {Path(d["source"]).name: d["score"] for d in data["documents"]}
    sev = data["summary"]["by_severity"]
    proc = audit(repo, "run", "articles", "--fail-on", "error", "--fail-under", "50", "--brief")
    assert proc.returncode == 1
    last = proc.stdout.strip().splitlines()[-1]
    below = [f"{n} {s}" for n, s in scores.items() if s < 50]
    assert last.startswith(
        f"2 documents, {data['summary']['findings']} findings ({sev['error']} error, "
        f"{sev['warning']} warning, {sev['info']} info); failed: "
        f"{len(below)} below --fail-under 50: {', '.join(below)}"
    )
    passed = audit(repo, "run", "articles/wire.txt", "missing.txt", "-f", "text")
    assert passed.returncode == 2  # an unreadable input
    assert passed.stdout.strip().splitlines()[-1].endswith("1 unreadable; passed")


# 3. concise, quiet, brief -------------------------------------------------------------------


CONCISE = re.compile(
    r"^(\S+):(\d+):(\d+): (error|warning|info) \[([a-z-]+)\] (.+) \(([a-z0-9-]+)\)$"
)


def test_piped_output_is_concise_one_line_a_finding(repo: Path) -> None:
    findings = as_json(repo, "articles/farm.txt")["documents"][0]["findings"]
    lines = audit(repo, "run", "articles/farm.txt").stdout.strip().splitlines()
    *rows, closing = lines
    assert len(rows) == len(findings) and closing.startswith("1 document, ")
    for row, f in zip(rows, findings, strict=True):
        m = CONCISE.match(row)
        assert m, row
        assert m.groups() == (
            "articles/farm.txt", str(f["line"]), str(f["column"]), f["severity"],
            f["category"], f["message"], f["rule"],
        )  # fmt: skip
    assert "╭" not in audit(repo, "run", "articles/farm.txt", "-f", "text").stdout  # no box


def test_quiet_prints_only_the_closing_line_and_brief_drops_bars_and_sources(repo: Path) -> None:
    quiet = audit(repo, "run", "articles", "--quiet")
    assert len(quiet.stdout.strip().splitlines()) == 1
    assert quiet.stdout.startswith("2 documents, ")
    full = audit(repo, "run", "articles/farm.txt", "-f", "text").stdout
    brief = audit(repo, "run", "articles/farm.txt", "-f", "text", "--brief").stdout
    assert "Sources" in full and "█" in full
    assert "Sources" not in brief and "█" not in brief and "promotional-insert" in brief


# 4-5. paths relative to the repository root -------------------------------------------------


def test_baseline_written_in_a_subfolder_matches_from_the_root(repo: Path) -> None:
    base = repo / "bl" / ".audit-baseline.json"
    made = audit(repo / "bl", "baseline", "../articles/farm.txt", "-o", base.name)
    assert made.returncode == 0
    entries = json.loads(base.read_text())["findings"]
    assert {e["source"] for e in entries} == {"articles/farm.txt"}
    for cwd, path in ((repo, "articles/farm.txt"), (repo / "articles", "farm.txt")):
        proc = audit(cwd, "run", path, "--baseline", str(base), "-f", "json")
        doc = json.loads(proc.stdout)["documents"][0]
        assert proc.returncode == 0 and doc["findings"] == []  # every finding accepted
        assert doc["score"] == as_json(repo, "articles/farm.txt")["documents"][0]["score"]
    other = audit(repo, "run", "articles/wire.txt", "--baseline", str(base))
    assert "audit: warning: the baseline matches no document of this run" in other.stderr


@pytest.mark.parametrize("cwd", ["", "bl"])
def test_sarif_and_github_paths_are_repository_relative(repo: Path, cwd: str) -> None:
    path = "articles/farm.txt" if not cwd else "../articles/farm.txt"
    sarif = json.loads(audit(repo / cwd, "run", path, "-f", "sarif").stdout)
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for result in sarif["runs"][0]["results"]
        for loc in result["locations"]
    }
    assert uris == {"articles/farm.txt"}
    github = audit(repo / cwd, "run", path, "-f", "github").stdout
    assert "file=articles/farm.txt," in github and "file=../" not in github


# 6. file modes ------------------------------------------------------------------------------


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_output_files_follow_the_umask(repo: Path, umask: int, mode: int) -> None:
    def with_umask() -> None:
        os.umask(umask)

    args = ["-f", "json", "-o", "out.json", "-f", "html"]
    audit(repo, "run", "articles/farm.txt", *args, preexec_fn=with_umask)
    audit(repo, "baseline", "articles", "-o", ".audit-baseline.json", preexec_fn=with_umask)
    for name in ("out.json", "reports/farm.html", ".audit-baseline.json"):
        assert stat.S_IMODE((repo / name).stat().st_mode) == mode, name
    assert not list(repo.glob(".*.tmp"))  # still written through a renamed temporary file


# 7. configuration ---------------------------------------------------------------------------


def test_config_accepts_the_run_options_and_audit_config_shows_their_origin(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[tool.audit]\nfail-on = ["warning"]\nbaseline = "bl/b.json"\nformat = "json"\n'
    )
    audit_cfg = run_audit("config", "--fail-under", "40", cwd=repo / "articles", env=ENV)
    assert audit_cfg.returncode == 0
    lines = {line.split(" = ")[0]: line for line in audit_cfg.stdout.splitlines()}
    assert (
        lines["fail-on"].endswith(f"# {repo / 'pyproject.toml'}")
        and "[warning]" in lines["fail-on"]
    )
    assert lines["fail-under"].endswith("# command line") and "40" in lines["fail-under"]
    assert lines["quiet"].endswith("# default")
    # the file's format and fail-on apply: JSON on stdout, and the wire story's warnings fail it
    run_audit("baseline", "articles/farm.txt", "-o", "bl/b.json", cwd=repo, env=ENV)
    proc = run_audit("run", "articles/wire.txt", cwd=repo, env=ENV)
    warnings = [f for f in json.loads(proc.stdout)["documents"][0]["findings"]]
    assert proc.returncode == (1 if warnings else 0)
    assert "baseline matches no document" in proc.stderr  # the file's baseline was loaded


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour: red\n", ":1: unknown key 'colour'"),
        ("exit-zero: 3\n", ":1: 'exit-zero' must be true or false, got 3"),
        ("fail-under: yes\n", ":1: 'fail-under' must be a number, got True"),
        ("fail-on: {a: 1}\n", ":1: 'fail-on' must be a list or a string"),
    ],
)
def test_bad_config_keys_and_types_are_named(repo: Path, text: str, message: str) -> None:
    (repo / ".audit.yaml").write_text(text)
    proc = run_audit("run", "articles/wire.txt", cwd=repo, env=ENV)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"audit: error: {repo / '.audit.yaml'}{message}")


# 9. suppression warnings --------------------------------------------------------------------


def test_suppressions_that_do_nothing_are_warned_about(repo: Path) -> None:
    article = repo / "articles" / "farm.txt"
    text = article.read_text()
    article.write_text(
        "<!-- audit-disable vague-atribution -->\n" + text + "\n<!-- audit-ignore -->\n"
    )
    proc = audit(repo, "run", "articles/farm.txt", "-f", "json")
    assert "audit: warning: articles/farm.txt:1: audit-disable: no rule or category named " \
        "'vague-atribution' (did you mean 'vague-attribution'?)" in proc.stderr  # fmt: skip
    warnings = json.loads(proc.stdout)["warnings"]
    assert [(w["line"], w["message"].split(" (")[0]) for w in warnings] == [
        (1, "audit-disable: no rule or category named 'vague-atribution'"),
        (text.count("\n") + 3, "unknown suppression directive 'audit-ignore'"),
    ]
    clean = audit(repo, "run", "articles/wire.txt", "-f", "json")
    assert "warnings" not in json.loads(clean.stdout)  # the key only when there are some


# 12. GitLab Code Quality and Checkstyle -----------------------------------------------------


@pytest.mark.parametrize("cwd", ["", "bl"])
def test_codequality_and_checkstyle_reports(repo: Path, cwd: str) -> None:
    path = "articles/farm.txt" if not cwd else "../articles/farm.txt"
    findings = as_json(repo, "articles/farm.txt")["documents"][0]["findings"]
    issues = json.loads(audit(repo / cwd, "run", path, "-f", "codequality").stdout)
    assert len(issues) == len(findings)
    assert {i["location"]["path"] for i in issues} == {"articles/farm.txt"}
    assert [i["location"]["lines"]["begin"] for i in issues] == [f["line"] for f in findings]
    severity = {"error": "major", "warning": "minor", "info": "info"}
    assert [i["severity"] for i in issues] == [severity[f["severity"]] for f in findings]
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    xml = ET.fromstring(audit(repo / cwd, "run", path, "-f", "checkstyle").stdout)
    [file] = xml.findall("file")
    assert file.get("name") == "articles/farm.txt"
    errors = file.findall("error")
    assert [(int(e.get("line")), e.get("source")) for e in errors] == [
        (f["line"], f"audit.{f['rule']}") for f in findings
    ]


# 8. rule authoring --------------------------------------------------------------------------


def test_validate_reports_every_problem_of_a_rule_with_did_you_mean(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: Bad Id\ncategory: vague-sourcin\nkind: phrase\ndescription: d\n"
        "mesage: x\nseverity: fatal\nphrases: [a]\n"
    )
    proc = run_audit("rules", "validate", str(bad), env=ENV)
    assert proc.returncode == 2
    assert proc.stdout.strip() == "0 rules valid, 4 problems"
    lines = proc.stderr.strip().splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"{bad}:1:1", f"{bad}:2:1", f"{bad}:5:1", f"{bad}:6:1"
    ]  # fmt: skip
    assert "unknown category 'vague-sourcin' (did you mean 'vague-sourcing'?)" in lines[1]
    assert "unknown key 'mesage' for a rule of kind 'phrase' (did you mean 'message'?)" in lines[2]


def test_rule_summaries_are_whole_first_sentences_with_a_help_uri(repo: Path) -> None:
    from audit.rules import default_pack_path, load_rules

    rules = {r.id: r for r in load_rules([default_pack_path()])}
    sarif = json.loads(audit(repo, "run", "articles/wire.txt", "-f", "sarif").stdout)
    for d in sarif["runs"][0]["tool"]["driver"]["rules"]:
        short = d["shortDescription"]["text"]
        full = " ".join(rules[d["id"]].description.split())
        assert full.startswith(short) and short[-1] in ".!?", (d["id"], short)
        assert short.count("(") == short.count(")"), short  # not cut inside a parenthesis
        assert d["helpUri"].endswith(f"docs/rules.md#{d['id']}")
    listed = run_audit("rules", "list", env={**ENV, "COLUMNS": "400"}).stdout
    promo = " ".join(rules["promotional-insert"].description.split())
    first = promo[: promo.index(".", promo.index("(its")) + 1]
    assert first in listed  # the whole sentence, not "...subject (its"


# 10. disabling a category creates no findings elsewhere -------------------------------------


@pytest.mark.parametrize("disable", ["recycled-boilerplate", "aggregation-disclaimer"])
def test_disabling_stock_text_rules_adds_no_finding_elsewhere(repo: Path, disable: str) -> None:
    def others(*args: str) -> list[tuple]:
        doc = as_json(repo, "articles/farm.txt", *args)["documents"][0]
        return [
            (f["rule"], f["start"], f["end"])
            for f in doc["findings"]
            if f["category"] != "recycled-boilerplate"
        ]

    text = (repo / "articles" / "farm.txt").read_text()
    disclaimer = text.index("GridWire Insider may earn a commission")
    assert not [f for f in others() if f[1] >= disclaimer]  # the disclaimer's 'may' is stock
    assert others("--disable", disable) == others()
