"""The caches in the user's cache folder: the pack's regex cache, reused between loads,
invalidated by any change to the rule files or the tool's version, and ignored (then rebuilt)
when corrupt or unreadable; and the sentence model's weights, unpacked, by the model file's
hash."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import audit
from audit import regexcache, saferegex
from audit.rules import load_rules

RULE = """\
rules:
  - id: stock-phrase
    category: {category}
    kind: pattern
    description: A stock phrase.
    message: "stock phrase: {{match}}"
    patterns:
      - "in today's (?:fast-paced|ever-changing) (?:world|landscape)"
      - "\\\\bneedless to say\\\\b"
  - id: cue-list
    category: {category}
    kind: attribution
    report: unattributed
    description: Claims.
    claim_cues:
      - [{cues}]
"""
CUES = ", ".join(f'"cue{n}word"' for n in range(12))


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small pack in its own folder, the cache in another, and no answer kept in memory."""
    from audit.rules import default_categories

    category = default_categories().ids[0]
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "rules.yaml").write_text(RULE.format(category=category, cues=CUES), "utf-8")
    monkeypatch.setenv("AUDIT_CACHE_DIR", str(tmp_path / "cache"))
    _forget()
    yield folder
    _forget()


def _forget() -> None:
    saferegex.risky.cache_clear()
    saferegex._alternation.cache_clear()


def _load(pack: Path):
    """The pack's rules, its patterns trusted as the shipped pack's are (the fast engine,
    whose compiled code the cache keeps too)."""
    with saferegex.trusted():
        return load_rules([pack])


def _files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").glob("regex-*.json"))


def _no_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, analysing a pattern fails: only the cache can answer."""

    def fail(*args, **kwargs):
        raise AssertionError("analysed again")

    for name in ("_risky", "_within_lines", "_required_literals", "_fast", "_sre_parts"):
        monkeypatch.setattr(saferegex, name, fail)


def _findings(rules, text: str) -> list[tuple[str, int, int]]:
    from audit.document import Document
    from audit.engine import Engine

    result = Engine(rules).audit([Document.build(text, "t")])[0]
    return [(f.rule, f.start, f.end) for f in result.findings]


TEXT = "In today's fast-paced world, needless to say, cue3word is said to matter a lot here."


def test_a_second_load_analyses_nothing(pack: Path, tmp_path, monkeypatch) -> None:
    first = _findings(_load(pack), TEXT)
    assert len(_files(tmp_path)) == 1
    _forget()
    _no_analysis(monkeypatch)
    assert _findings(_load(pack), TEXT) == first
    assert first  # the pack finds something in the text


def test_a_changed_rule_file_is_a_new_cache(pack: Path, tmp_path, monkeypatch) -> None:
    _load(pack)
    before = _files(tmp_path)
    rule = pack / "rules.yaml"
    rule.write_text(rule.read_text("utf-8").replace("A stock phrase.", "Stock."), "utf-8")
    _forget()
    _no_analysis(monkeypatch)
    with pytest.raises(AssertionError, match="analysed again"):
        _load(pack)  # the old answers are not used for the changed pack
    assert regexcache.pack_key([rule]) not in {p.stem.removeprefix("regex-") for p in before}


def test_another_tool_version_is_a_new_cache(pack: Path, monkeypatch) -> None:
    files = [pack / "rules.yaml"]
    key = regexcache.pack_key(files)
    monkeypatch.setattr(audit, "__version__", audit.__version__ + ".post1")
    assert regexcache.pack_key(files) != key


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe\x00", b"[]", b'{"format": 1, "answers": []}', b""],
    ids=["broken", "binary", "list", "bad-answers", "empty"],
)
def test_a_corrupt_cache_is_ignored_and_rebuilt(pack: Path, tmp_path, content: bytes) -> None:
    expected = _findings(_load(pack), TEXT)
    (path,) = _files(tmp_path)
    path.write_bytes(content)
    _forget()
    assert _findings(_load(pack), TEXT) == expected
    assert json.loads(path.read_bytes())["answers"]  # written anew


def test_wrong_answers_in_the_cache_are_recomputed(pack: Path, tmp_path) -> None:
    expected = _findings(_load(pack), TEXT)
    (path,) = _files(tmp_path)
    data = json.loads(path.read_bytes())
    for key in data["answers"]:  # every answer of the wrong type, and code no engine accepts
        data["answers"][key] = ["AAAA", 1] if key.startswith("sre") else {"x": 1}
    path.write_text(json.dumps(data), "utf-8")
    _forget()
    assert _findings(_load(pack), TEXT) == expected


def test_invalid_compiled_code_falls_back_to_compiling(pack: Path, tmp_path) -> None:
    expected = _findings(_load(pack), TEXT)
    (path,) = _files(tmp_path)
    data = json.loads(path.read_bytes())
    sre = [k for k in data["answers"] if k.startswith("sre")]
    assert sre
    for key in sre:
        data["answers"][key][1] = "AAAAAAAAAAA="  # well-formed, but not a program
    path.write_text(json.dumps(data), "utf-8")
    _forget()
    assert _findings(_load(pack), TEXT) == expected


def test_an_unreadable_or_unwritable_cache_is_no_cache(pack: Path, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    monkeypatch.setenv("AUDIT_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    expected = _findings(_load(pack), TEXT)
    _forget()
    monkeypatch.setenv("AUDIT_CACHE_DIR", str(tmp_path / "cache"))
    _load(pack)
    (path,) = _files(tmp_path)
    path.unlink()
    path.mkdir()  # a folder where the file belongs: neither read nor replaced
    _forget()
    assert _findings(_load(pack), TEXT) == expected


def test_the_cache_folder() -> None:
    env = {"HOME": "/home/someone"}
    assert regexcache.cache_dir_from({**env, "AUDIT_CACHE_DIR": "/x"}) == Path("/x")
    assert regexcache.cache_dir_from({**env, "AUDIT_CACHE_DIR": ""}) is None
    assert regexcache.cache_dir_from({**env, "XDG_CACHE_HOME": "/c"}) == Path("/c/audit")
    assert regexcache.cache_dir_from({**env, "XDG_CACHE_HOME": "rel"}) is not None
    assert regexcache.cache_dir_from(env) == Path("/home/someone/.cache/audit")


def test_remembered_code_matches_as_compiled() -> None:
    pattern = r"(?<!\w)(?P<w>colou?r|grey|gray)s?(?!\w)|\d+(?:\.\d+)?\s?%"
    parts = saferegex._sre_parts(pattern, re.I)
    with regexcache.session([]):  # an empty pack: the cache file of no rule files
        regexcache._ACTIVE[-1].known[f"sre\0{int(re.I)}\0{pattern}"] = parts
        compiled = saferegex.re_compile(pattern, re.I)
    text = "Colours, GREY and 12.5 % grays; discolour 3%"
    expected = re.compile(pattern, re.I)
    assert [m.span() for m in compiled.finditer(text)] == [
        m.span() for m in expected.finditer(text)
    ]
    assert compiled.groupindex == expected.groupindex


def _model_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").glob("model-*.bin"))


def test_the_sentence_model_is_kept_unpacked(tmp_path, monkeypatch) -> None:
    from audit import sentencemodel

    monkeypatch.setenv("AUDIT_CACHE_DIR", str(tmp_path / "cache"))
    expected = sentencemodel.from_json(sentencemodel.DEFAULT_MODEL.read_text("utf-8"))
    sentencemodel.load.cache_clear()
    try:
        assert sentencemodel.load() == expected  # parsed, then kept
        (packed,) = _model_files(tmp_path)
        sentencemodel.load.cache_clear()
        monkeypatch.setattr(sentencemodel, "from_json", _not_parsed)
        again = sentencemodel.load()  # from the cache: the JSON is not parsed
        assert again == expected
        for name, head in expected.heads.items():  # same weights, in the same order
            assert list(again.heads[name].weights.items()) == list(head.weights.items())
        monkeypatch.undo()
        monkeypatch.setenv("AUDIT_CACHE_DIR", str(tmp_path / "cache"))
        for broken in (b"", b"junk", packed.read_bytes()[:-9], packed.read_bytes() + b"x"):
            assert sentencemodel.unpack(broken) is None
            packed.write_bytes(broken)
            sentencemodel.load.cache_clear()
            assert sentencemodel.load() == expected  # a corrupt cache is ignored, and rebuilt
            assert sentencemodel.unpack(packed.read_bytes()) == expected
    finally:
        sentencemodel.load.cache_clear()


def test_another_model_file_is_another_cache(tmp_path, monkeypatch) -> None:
    from audit import sentencemodel

    monkeypatch.setenv("AUDIT_CACHE_DIR", str(tmp_path / "cache"))
    text = sentencemodel.DEFAULT_MODEL.read_text("utf-8")
    other = tmp_path / "model.json"
    changed = text.replace("\n", "\n\n", 1)  # the same weights, other bytes
    other.write_text(changed, "utf-8")
    try:
        sentencemodel.load(str(sentencemodel.DEFAULT_MODEL))
        sentencemodel.load(str(other))
        assert len(_model_files(tmp_path)) == 2
    finally:
        sentencemodel.load.cache_clear()


def _not_parsed(text: str):
    raise AssertionError("the model's JSON was parsed")


YAML = """\
rules:
  - id: a-rule   # a comment
    weight: 1.5
    enabled: true
    1: one
    nothing: null
    list: [x, 2, {k: v}]
"""


def _shape(value):
    """A loaded YAML value with every line and column it remembers."""
    from audit.yamlload import LineDict, LineList

    if isinstance(value, LineDict):
        items = [(k, type(k), _shape(v)) for k, v in value.items()]
        return ("m", value.line, value.column, value.key_lines, value.key_columns, items)
    if isinstance(value, LineList):
        return ("l", value.line, value.item_lines, value.item_columns, [_shape(v) for v in value])
    return (type(value), value)


def test_rule_files_are_kept_parsed(tmp_path, monkeypatch) -> None:
    from audit import yamlload

    monkeypatch.setenv("AUDIT_CACHE_DIR", str(tmp_path / "cache"))
    expected = _shape(yamlload.load_yaml(YAML))
    assert _shape(yamlload.load_yaml(YAML, cached=True)) == expected
    (kept,) = (tmp_path / "cache").glob("yaml-*.json")
    monkeypatch.setattr(yamlload, "_load", _not_parsed)
    assert _shape(yamlload.load_yaml(YAML, cached=True)) == expected  # not parsed again
    monkeypatch.undo()
    monkeypatch.setenv("AUDIT_CACHE_DIR", str(tmp_path / "cache"))
    for broken in (b"{", b"[1]", b'{"m": [1]}', b'{"l": [1, [[1, 2]]]}'):
        kept.write_bytes(broken)
        assert _shape(yamlload.load_yaml(YAML, cached=True)) == expected
    other = YAML.replace("1.5", "2.5")
    assert _shape(yamlload.load_yaml(other, cached=True)) == _shape(yamlload.load_yaml(other))
    with pytest.raises(yamlload.YamlError):
        yamlload.load_yaml("a: [", cached=True)
    dated = "when: 2024-01-01\n"  # a date: not kept, parsed every time
    assert yamlload.load_yaml(dated, cached=True) == yamlload.load_yaml(dated)


def test_the_shipped_pack_is_analysed_once_whatever_the_hash_seed(tmp_path) -> None:
    """A pattern built from a set in hash order would be a new pattern in every process: the
    cache would never know it and be written anew at every start (it was, for a while)."""
    import os
    import subprocess
    import sys

    load = "from audit.rules import *; load_rules([default_pack_path()])"
    root = Path(audit.__file__).resolve().parent.parent
    files = []
    for seed in ("1", "2", "3"):
        env = dict(os.environ, AUDIT_CACHE_DIR=str(tmp_path), PYTHONHASHSEED=seed)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
        subprocess.run([sys.executable, "-c", load], env=env, check=True)
        files.append({p.name: p.stat().st_mtime_ns for p in tmp_path.glob("regex-*.json")})
    assert len(files[0]) == 1
    assert files[0] == files[1] == files[2]  # the same file, never written again


def test_a_new_cache_file_prunes_the_oldest_of_its_kind(tmp_path, monkeypatch) -> None:
    """Each edit of a pack writes a new file of a megabyte or two: only the newest few of a
    kind stay; other kinds, and files that are not the cache's, are left alone."""
    import os

    monkeypatch.setenv("AUDIT_CACHE_DIR", str(tmp_path))
    keep = regexcache.KEEP["regex-"]
    for i in range(keep + 5):
        old = tmp_path / f"regex-{i:04d}.json"
        old.write_text("{}")
        os.utime(old, (1_000_000 + i, 1_000_000 + i))  # older files first
    (tmp_path / "yaml-1-abc.json").write_text("{}")
    (tmp_path / "notes.txt").write_text("mine")
    unfinished = tmp_path / "regex-0001.json.123.tmp"
    unfinished.write_text("{")
    os.utime(unfinished, (1_000_000, 1_000_000))
    regexcache.save_file("regex-new.json", b"{}")
    left = sorted(p.name for p in tmp_path.glob("regex-*"))
    assert len(left) == keep
    assert "regex-new.json" in left
    assert "regex-0000.json" not in left and f"regex-{keep + 4:04d}.json" in left
    assert (tmp_path / "yaml-1-abc.json").exists() and (tmp_path / "notes.txt").exists()
    regexcache.save_file("regex-new.json", b"{ }")  # rewriting a file prunes nothing more
    assert len(list(tmp_path.glob("regex-*"))) == keep
