"""GitHub workflow commands: every line follows the grammar, values are escaped."""

from __future__ import annotations

import json
import re

import pytest

from audit.cli import main
from audit.render.github import command, escape_data, escape_property
from tests.conftest import ROOT

PROP = r"[^,:%\r\n]*(?:%(?:25|0D|0A|3A|2C)[^,:%\r\n]*)*"
DATA = r"[^%\r\n]*(?:%(?:25|0D|0A)[^%\r\n]*)*"
COMMAND = re.compile(
    rf"::(?P<level>error|warning|notice)"
    rf"(?: (?P<props>(?:file|line|col|endLine|endColumn|title)={PROP}"
    rf"(?:,(?:file|line|col|endLine|endColumn|title)={PROP})*))?"
    rf"::(?P<msg>{DATA})"
)


def unescape(value: str) -> str:
    for code, ch in (("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r"), ("%25", "%")):
        value = value.replace(code, ch)
    return value


def props(match: re.Match) -> dict[str, str]:
    raw = match.group("props") or ""
    return {k: unescape(v) for k, v in (p.split("=", 1) for p in raw.split(",") if p)}


def test_annotations_follow_the_grammar_and_match_the_findings(monkeypatch, capsys) -> None:
    monkeypatch.chdir(ROOT)
    path = "tests/labelled/corpus/03-coffee-futures-farm.txt"
    main(["run", path, "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["documents"][0]["findings"]
    assert main(["run", path, "--format", "github", "--fail-under", "90"]) == 1
    lines = capsys.readouterr().out.splitlines()
    matches = [COMMAND.fullmatch(line) for line in lines]
    assert all(matches), [line for line, m in zip(lines, matches, strict=True) if not m]
    *annotations, summary = matches
    assert len(annotations) == len(findings)
    level = {"error": "error", "warning": "warning", "info": "notice"}
    for m, f in zip(annotations, findings, strict=True):
        p = props(m)
        assert m.group("level") == level[f["severity"]]
        assert p["file"] == path and int(p["line"]) == f["line"]
        assert p["title"] == f"{f['rule']} ({f['category']})"
        assert unescape(m.group("msg")) == f["message"]
        if "col" in p:
            assert int(p["col"]) == f["column"] and int(p["endLine"]) == f["line"]
    assert summary.group("level") == "error" and "is under 90" in summary.group("msg")


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("50% off", "50%25 off", "50%25 off"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("x: y, z", "x: y, z", "x%3A y%2C z"),
        ("%0A literal", "%250A literal", "%250A literal"),
    ],
)
def test_escaping(text: str, data: str, prop: str) -> None:
    assert escape_data(text) == data
    assert escape_property(text) == prop
    assert unescape(prop) == text


def test_hostile_values_cannot_forge_a_second_command() -> None:
    line = command("warning", "msg\n::error::forged", file="a,title=x::b.txt", line=1)
    assert "\n" not in line
    m = COMMAND.fullmatch(line)
    assert m and props(m) == {"file": "a,title=x::b.txt", "line": "1"}
    assert unescape(m.group("msg")) == "msg\n::error::forged"
