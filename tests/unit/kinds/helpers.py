"""Rules from YAML text and the spans they flag: what the rule-kind tests share."""

from __future__ import annotations

from pathlib import Path

from audit.document import Document
from audit.engine import Engine
from audit.rules import load_rules


def rule_from(tmp_path: Path, yaml_text: str):
    p = tmp_path / "rule.yaml"
    p.write_text(yaml_text, encoding="utf-8")
    return load_rules([p])


def spans(rules, *texts: str) -> list[str]:
    docs = [Document.build(t, f"d{i}") for i, t in enumerate(texts)]
    result = Engine(rules).audit(docs)[0]
    return [result.document.text[f.start : f.end] for f in result.findings]


BASE = "id: r\ncategory: vague-sourcing\ndescription: d\n"
