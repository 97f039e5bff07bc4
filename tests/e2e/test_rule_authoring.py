"""Rule authoring: show, validate (every problem, file:line:col), docs, schema, packs, config."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from audit.cli import main
from audit.rules import default_pack_path, rule_files
from audit.yamlload import load_yaml
from tests.conftest import ROOT, SAMPLES

SEED_LIKE = SAMPLES / "aggregated-article.txt"

HOUSE_RULE = """\
id: house-footer
category: recycled-boilerplate
kind: phrase
description: Our syndication footer, pasted under our stories by partners.
phrases: ["Distributed by Harbor Wire Syndicate"]
examples:
  flag: ["[[Distributed by Harbor Wire Syndicate]] to member papers."]
  pass: ["Harbor Wire reported the fire first."]
"""


def test_rules_show_and_explain(capsys) -> None:
    assert main(["rules", "show", "vague-attribution"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("vague-attribution  (vague-sourcing, warning")
    assert "Analysts suggest" in out  # its examples are shown
    assert main(["explain", "vague-attribution"]) == 0
    assert capsys.readouterr().out == out
    assert main(["rules", "show", "no-such-rule"]) == 2


def test_validate_reports_every_problem_with_line_and_column(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "rules:\n"
        "  - id: one\n    category: vague-sourcing\n    kind: phrase\n    description: d\n"
        "    phrases: [x]\n    colour: red\n"
        "  - id: two\n    category: gossip\n    kind: phrase\n    description: d\n"
        "    phrases: [y]\n"
        "  - id: three\n    category: vague-sourcing\n    kind: pattern\n    description: d\n"
        "    patterns: ['ok', '(broken']\n",
        encoding="utf-8",
    )
    assert main(["rules", "validate", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"{bad}:7:5: unknown key 'colour' for a rule of kind 'phrase'",
        f"{bad}:9:5: unknown category 'gossip' (known: unattributed-claim, vague-sourcing, "
        "off-topic-padding, recycled-boilerplate, internal-contradiction)",
        f"{bad}:17:22: bad regular expression in 'patterns': missing ) at position 7",
    ]


def test_pack_with_declared_category_and_rules_test(tmp_path: Path, capsys) -> None:
    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "pack.yaml").write_text("name: house\nversion: '1.0'\ncategories: [house-style]\n")
    (pack / "footer.yaml").write_text(HOUSE_RULE)
    (pack / "style.yaml").write_text(
        "id: no-exclaim\ncategory: house-style\nkind: pattern\ndescription: d\npatterns: ['!']\n"
        "examples:\n  flag: ['Wow[[!]]']\n  pass: ['Calm.']\n"
    )
    assert main(["rules", "test", str(pack)]) == 0
    assert " 0 failed" in capsys.readouterr().out
    # a wrong marked span fails the test
    (pack / "footer.yaml").write_text(
        HOUSE_RULE.replace(
            "[[Distributed by Harbor Wire Syndicate]] to", "Distributed by [[to]]"
        ).replace(
            "Distributed by Harbor Wire Syndicate to", "Distributed by Harbor Wire Syndicate to"
        )
    )
    assert main(["rules", "test", str(pack)]) == 1
    assert "house-footer: flag example not flagged as marked" in capsys.readouterr().out


def test_default_pack_matches_the_published_schema(capsys) -> None:
    assert main(["rules", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    for file in rule_files(default_pack_path()):
        data = json.loads(json.dumps(load_yaml(file.read_text(encoding="utf-8"))))
        jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"id": "x", "category": "c", "kind": "phrase", "description": "d"}, schema
        )


def test_rules_docs_cover_every_rule(tmp_path: Path) -> None:
    out = tmp_path / "rules.md"
    assert main(["rules", "docs", "-o", str(out)]) == 0
    text = out.read_text()
    for rule_id in ("vague-attribution", "unsourced-claim", "promotional-insert", "repeated-title"):
        assert f"### `{rule_id}`" in text


def test_config_discovery_and_precedence(tmp_path: Path, monkeypatch, capsys) -> None:
    project = tmp_path / "project"
    (project / "sub").mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        "[tool.audit]\ndisable = ['vague-sourcing']\nfail-under = 99\n"
    )
    monkeypatch.chdir(project / "sub")
    code = main(["run", str(SEED_LIKE), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1  # fail-under from the config
    assert all(f["category"] != "vague-sourcing" for f in data["documents"][0]["findings"])

    # a nearer .audit.yaml wins; command-line options beat it
    (project / "sub" / ".audit.yaml").write_text("weights: {unsourced-claim: 0, model-claim: 0}\n")
    code = main(["run", str(SEED_LIKE), "--format", "json", "--fail-under", "0"])
    out, err = capsys.readouterr()
    data = json.loads(out)
    # the command line's gate, not the config's 99; the default --fail-on error still fails it
    assert code == 1 and "below --fail-under" not in err
    assert "with error-level findings (--fail-on error)" in err.splitlines()[-1]
    assert any(f["category"] == "vague-sourcing" for f in data["documents"][0]["findings"])
    assert data["documents"][0]["categories"]["unattributed-claim"]["score"] == 100

    # --no-config ignores both; --config names one
    main(["run", str(SEED_LIKE), "--format", "json", "--no-config"])
    plain = json.loads(capsys.readouterr().out)["documents"][0]
    assert plain["categories"]["unattributed-claim"]["score"] < 100
    other = tmp_path / "other.yaml"
    other.write_text("disable: [off-topic-padding]\n")
    main(["run", str(SEED_LIKE), "--format", "json", "--config", str(other)])
    named = json.loads(capsys.readouterr().out)["documents"][0]
    assert all(f["category"] != "off-topic-padding" for f in named["findings"])


def test_bad_config_is_a_one_line_error(tmp_path: Path, capsys) -> None:
    cfg = tmp_path / ".audit.yaml"
    cfg.write_text("fail-under: 50\ncolour: red\n")
    assert main(["run", str(SEED_LIKE), "--config", str(cfg)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"audit: error: {cfg}:2: unknown key 'colour'")


def test_shipped_newsroom_pack_example_passes_its_examples(capsys) -> None:
    pack = ROOT / "docs" / "examples" / "newsroom-pack"
    assert main(["rules", "test", str(pack)]) == 0
    assert " 0 failed" in capsys.readouterr().out


def test_committed_rule_reference_is_up_to_date(tmp_path: Path) -> None:
    fresh = tmp_path / "rules.md"
    assert main(["rules", "docs", "-o", str(fresh)]) == 0
    committed = ROOT / "docs" / "rules.md"
    assert committed.read_text(encoding="utf-8") == fresh.read_text(encoding="utf-8"), (
        "docs/rules.md is stale: run `audit rules docs -o docs/rules.md`"
    )
