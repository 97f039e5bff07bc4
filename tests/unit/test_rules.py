"""Categories declared by packs: decoding, merging, and a fifth category end to end."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from audit.app import EXIT_FAIL, Auditor, RunOptions
from audit.model import Category, Role
from audit.rules import RuleError, default_categories, load_categories, load_pack_info, load_rules
from tests.conftest import SAMPLES

RULE = """id: no-exclaim
category: house-style
kind: pattern
description: Exclamation marks have no place in news copy.
patterns: ['!']
"""
HOUSE = """name: house
categories:
  - {id: house-style, label: House style, short: style, letter: H, colour: green,
     weight: -2, role: padding}
"""


def pack(tmp_path: Path, declaration: str = HOUSE) -> Path:
    folder = tmp_path / "house"
    folder.mkdir(exist_ok=True)
    (folder / "pack.yaml").write_text(declaration, encoding="utf-8")
    (folder / "style.yaml").write_text(RULE, encoding="utf-8")
    return folder


def test_the_shipped_pack_declares_the_five_categories_in_report_order() -> None:
    shipped = default_categories()
    assert shipped.ids == (
        "unattributed-claim",
        "vague-sourcing",
        "off-topic-padding",
        "recycled-boilerplate",
        "internal-contradiction",
    )
    roles = [Role.CLAIM, Role.SOURCE, Role.PADDING, Role.BOILERPLATE, None]
    assert [c.role for c in shipped] == roles  # a contradiction is none of the filters' roles
    assert shipped.get("vague-sourcing").letter == "V"
    # added after the fit: its weight is declared, the four fitted ones have none here
    assert shipped.get("internal-contradiction").letter == "C"
    assert shipped.weights() == {"internal-contradiction": -1.0}


def test_a_pack_adds_its_categories_after_the_shipped_ones(tmp_path: Path) -> None:
    categories = load_categories([tmp_path / "nowhere", pack(tmp_path)])
    assert categories.ids == (*default_categories().ids, "house-style")
    assert categories.get("house-style") == Category(
        "house-style", "House style", "style", "H", "green", -2.0, Role.PADDING
    )
    assert categories.weights() == {"internal-contradiction": -1.0, "house-style": -2.0}


def test_a_bare_name_takes_the_defaults(tmp_path: Path) -> None:
    [category] = load_pack_info(pack(tmp_path, "categories: [house-style]\n")).categories
    assert category == Category("house-style", "house-style", "house-style", "H")


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        ("categories: house-style\n", "pack.yaml:1: 'categories' must be a list of names"),
        ("categories:\n  - {id: Bad Id}\n", "pack.yaml:2:6: a category needs an 'id'"),
        ("categories:\n  - {id: x, color: red}\n", "pack.yaml:2:13: unknown key 'color'"),
        ("categories:\n  - {id: x, weight: 1}\n", "pack.yaml:2:13: 'weight' must be 0 or neg"),
        ("categories:\n  - {id: x, role: lede}\n", "pack.yaml:2:13: 'role' must be one of claim"),
    ],
)
def test_a_bad_declaration_names_its_line(tmp_path: Path, declaration: str, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        load_pack_info(pack(tmp_path, declaration))


def test_a_rule_may_use_a_declared_category_only(tmp_path: Path) -> None:
    folder = pack(tmp_path, "name: house\n")
    with pytest.raises(RuleError, match="unknown category 'house-style'"):
        load_rules([folder])


def test_a_packs_own_category_is_rendered_scored_and_gated(tmp_path: Path) -> None:
    """Declared in the pack only: no code knows 'house-style'."""
    article = tmp_path / "story.txt"
    text = (SAMPLES / "wire-story.txt").read_text(encoding="utf-8")
    article.write_text(text.replace(".", "!", 3), encoding="utf-8")
    out = {fmt: tmp_path / f"report.{fmt}" for fmt in ("json", "markdown", "html", "text")}
    reports = tuple(
        pair for fmt, path in out.items() for pair in (("format", fmt), ("output", str(path)))
    )
    options = RunOptions(
        paths=(str(article),), rules=(str(pack(tmp_path)),), no_config=True, reports=reports
    )
    plain = Auditor(RunOptions(paths=(str(article),), no_config=True)).audit_paths().results[0]
    assert Auditor(options).run() == 0
    [doc] = json.loads(out["json"].read_text(encoding="utf-8"))["documents"]
    assert doc["categories"]["house-style"]["count"] == 3
    assert doc["categories"]["house-style"]["score"] < 100
    assert doc["score"] < plain.score.score  # its declared weight counts in the overall score
    markdown = out["markdown"].read_text(encoding="utf-8")
    assert "| unattributed | vague | padding | boilerplate | contradiction | style |" in markdown
    html = out["html"].read_text(encoding="utf-8")
    assert '<span class="badge c-other" aria-hidden="true">H</span> House style' in html
    text_report = out["text"].read_text(encoding="utf-8")
    assert "house-style" in text_report.split("Findings")[0]  # a bar of its own
    gated = replace(options, fail_on=("house-style",), reports=())
    assert Auditor(gated).run() == EXIT_FAIL


@pytest.mark.parametrize(("role", "kept"), [("boilerplate", False), ("padding", True)])
def test_a_declared_role_drives_the_engine_filters(tmp_path: Path, role: str, kept: bool) -> None:
    """Claims inside a span of a boilerplate-role category are not the article's."""
    folder = pack(tmp_path, f"categories:\n  - {{id: syndication, role: {role}}}\n")
    (folder / "style.yaml").write_text(
        "id: partner-note\ncategory: syndication\nkind: phrase\ndescription: d\n"
        "phrases: ['From our partners. Analysts say the merger could fail']\n",
        encoding="utf-8",
    )
    text = "From our partners. Analysts say the merger could fail.\n\nThe council met on Monday."
    path = tmp_path / "story.txt"
    path.write_text(text, encoding="utf-8")
    options = RunOptions(paths=(str(path),), rules=(str(folder),), no_config=True)
    [result] = Auditor(options).audit_paths().results
    rules = {f.rule for f in result.findings}
    assert "partner-note" in rules
    assert ("vague-attribution" in rules) is kept
