"""Strict rule decoding: every problem names the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit import ruledocs
from audit.render.sarif import rule_descriptor
from audit.rules import RuleError, default_pack_path, load_rules

GOOD = """\
rules:
  - id: my-rule
    category: vague-sourcing
    kind: phrase
    description: Flags things.
    phrases: [word on the wire]
    examples:
      flag: ["The [[word on the wire]] is bad."]
      pass: ["Nothing here."]
"""


def write(tmp_path: Path, text: str, name: str = "r.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def error_of(tmp_path: Path, text: str) -> RuleError:
    with pytest.raises(RuleError) as info:
        load_rules([write(tmp_path, text)])
    return info.value


def test_good_rule_loads_with_defaults(tmp_path: Path) -> None:
    [rule] = load_rules([write(tmp_path, GOOD)])
    assert rule.id == "my-rule" and rule.severity.value == "warning" and rule.weight == 1.0
    assert rule.flag_examples[0].mark == (4, 20)
    assert rule.flag_examples[0].documents[0] == "The word on the wire is bad."


def test_how_to_fix_is_loaded_and_shown(tmp_path: Path) -> None:
    text = GOOD.replace(
        "    kind: phrase\n", "    kind: phrase\n    fix: |\n      Name the\n      source.\n"
    )
    [rule] = load_rules([write(tmp_path, text)])
    assert rule.fix == "Name the source."
    assert "how to fix: Name the source." in ruledocs.show(rule)
    assert "**How to fix:** Name the source." in ruledocs.markdown([rule])
    assert "How to fix: Name the source." in rule_descriptor(rule)["help"]["text"]
    assert ruledocs.json_schema()["oneOf"][0]["oneOf"][0]["properties"]["fix"]["type"] == "string"


def test_every_shipped_rule_says_how_to_fix() -> None:
    """Issue 19: a finding tells the editor what to do; one sentence, not a paragraph."""
    rules = load_rules([default_pack_path()])
    assert rules and all(r.fix for r in rules), [r.id for r in rules if not r.fix]
    assert all(len(r.fix) < 140 and r.fix.endswith(".") for r in rules)


@pytest.mark.parametrize(
    ("change", "line", "fragment"),
    [
        (("    kind: phrase\n", "    kind: phrase\n    colour: red\n"), 5, "unknown key 'colour'"),
        (("category: vague-sourcing", "category: gossip"), 3, "unknown category 'gossip'"),
        (("kind: phrase", "kind: magic"), 4, "unknown kind 'magic'"),
        (("phrases: [word on the wire]", "phrases: 12"), 6, "'phrases' must be a list of strings"),
        (("    description: Flags things.\n", ""), 2, "missing required key 'description'"),
        (("id: my-rule", "id: My Rule!"), 2, "'id' must be lowercase"),
        (
            ("    kind: phrase\n", "    kind: phrase\n    severity: fatal\n"),
            5,
            "'severity' must be",
        ),
        (("    kind: phrase\n", "    kind: phrase\n    fix: [a, b]\n"), 5, "'fix' must be"),
    ],
)
def test_errors_name_file_and_line(tmp_path: Path, change, line, fragment) -> None:
    err = error_of(tmp_path, GOOD.replace(*change))
    assert fragment in str(err)
    assert err.line == line
    assert str(err).startswith(f"{tmp_path / 'r.yaml'}:{line}:")


def test_bad_regex_points_at_the_pattern_line(tmp_path: Path) -> None:
    text = (
        "id: p\ncategory: vague-sourcing\nkind: pattern\ndescription: d\n"
        "patterns:\n  - ok\n  - 'broken(['\n"
    )
    err = error_of(tmp_path, text)
    assert "bad regular expression" in str(err) and err.line == 7


def test_regexes_are_checked_as_they_will_run(tmp_path: Path) -> None:
    """Rules are validated by parsing; what only compiling decides is still compiled: a
    variable-width lookbehind runs on `regex` (valid), `regex`-only syntax is valid, and a
    pattern neither engine accepts is an error on its line."""
    head = "id: p\ncategory: vague-sourcing\nkind: pattern\ndescription: d\npatterns:\n"
    for fine in (r"(?<!said |says )analysts", r"\p{Lu}\w+ insiders"):
        path = write(tmp_path, head + f"  - '{fine}'\n", "ok.yaml")
        assert [r.id for r in load_rules([path])] == ["p"]
    err = error_of(tmp_path, head + "  - ok\n  - '(?<=a+'\n")
    assert "bad regular expression" in str(err) and err.line == 7


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    a = write(tmp_path, GOOD, "a.yaml")
    b = write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(RuleError, match="duplicate rule id 'my-rule'"):
        load_rules([a, b])


def test_invalid_yaml_reports_line(tmp_path: Path) -> None:
    err = error_of(tmp_path, "rules:\n  - id: x\n    kind: [unclosed\n")
    assert "invalid YAML" in str(err) and err.line >= 3


def test_alias_bomb_is_rejected(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join('*' + prev for _ in range(10))}]")
    err = error_of(tmp_path, "\n".join(lines) + "\n")
    assert "alias bomb" in str(err)


def test_a_sign_up_prompt_is_an_advert_in_the_story_and_furniture_at_its_edges() -> None:
    """`house-ad` (padding) and `sign-up-prompt` (boilerplate) are one list of prompts split by
    where a match sits: the two rules must carry the same patterns."""
    from audit.rules import default_pack_path

    rules = {r.id: r for r in load_rules([default_pack_path()])}
    ad, prompt = rules["house-ad"].kind, rules["sign-up-prompt"].kind
    assert ad.patterns == prompt.patterns
    assert (ad.placement, prompt.placement) == ("body", "edges")
