"""Rule packs: strict decoding of YAML rule files into `Rule`s.

Every problem names the file and line (as Vale and yamllint do): unknown keys, wrong types,
missing fields, unknown kinds or categories, bad regexes and duplicate ids are all load errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from audit import regexcache, rulecheck, safeio, saferegex
from audit.document import Document
from audit.kinds import KINDS
from audit.kinds.base import Hit, Kind, OptionError, RunContext, decode_options
from audit.model import Categories, Category, Finding, Role, Severity
from audit.score import ScoreModel
from audit.yamlload import LineDict, LineList, YamlError, load_yaml

COMMON_KEYS = {
    "id",
    "category",
    "severity",
    "weight",
    "message",
    "description",
    "fix",
    "kind",
    "examples",
    "enabled",
}
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
_MARK = re.compile(r"\[\[(.+?)\]\]", re.S)


class RuleError(Exception):
    """A rule file problem, printed as `file:line: message`."""

    def __init__(self, path: str, line: int, message: str, column: int = 0):
        where = f"{path}:{line}:{column}" if line and column else f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.column = column
        self.message = message


@dataclass(frozen=True)
class Example:
    """A rule's own test text; `mark` is the span a `flag` example must hit (from [[...]])."""

    documents: tuple[str, ...]
    mark: tuple[int, int] | None = None
    line: int = 0


@dataclass
class Rule:
    """A configured check: identity, category, severity, and the kind that does the work."""

    id: str
    category: str
    severity: Severity
    weight: float
    message: str
    description: str
    kind: Kind
    path: str = ""
    fix: str = ""  # what an editor does about a finding ("Name the analyst, or cut the claim")
    line: int = 0
    enabled: bool = True
    flag_examples: list[Example] = field(default_factory=list)
    pass_examples: list[Example] = field(default_factory=list)

    def findings(self, doc: Document, run: RunContext) -> Iterator[Finding]:
        for hit in self.kind.check(doc, run):
            yield self.finding(doc, hit)

    def finding(self, doc: Document, hit: Hit) -> Finding:
        values = {"match": " ".join(doc.text[hit.start : hit.end].split())[:120], **hit.values}
        return Finding(
            rule=self.id,
            category=self.category,
            severity=self.severity,
            start=hit.start,
            end=hit.end,
            message=self.message.format_map(_Missing(values)),
            weight=self.weight,
            related=hit.related,
        )


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def default_pack_path() -> Path:
    """The rule pack shipped with the package (inside the wheel, or beside a source checkout)."""
    packaged = Path(__file__).parent / "rules"  # where importlib.resources finds it
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


PACK_FILE = "pack.yaml"
PACK_KEYS = {"name", "version", "language", "description", "categories", "score"}


@dataclass(frozen=True)
class Pack:
    """A folder of rule files, optionally described by its own pack.yaml."""

    path: Path
    name: str
    version: str = ""
    language: str = "en"
    categories: tuple[Category, ...] = ()
    score: ScoreModel | None = None  # the overall score's weights, when the pack declares them


def rule_files(path: Path) -> list[Path]:
    """A rule file itself, or every .yaml/.yml file below a folder (but pack.yaml), sorted."""
    if path.is_dir():
        return sorted(
            p
            for p in path.rglob("*")
            if p.suffix in (".yaml", ".yml") and p.is_file() and p.name != PACK_FILE
        )
    return [path]


def load_pack_info(path: Path) -> Pack:
    """The pack.yaml of a rule folder (name, version, language, categories, score), if any."""
    file = path / PACK_FILE if path.is_dir() else None
    if file is None or not file.is_file():
        return Pack(path, path.stem)
    name = str(file)
    try:
        data = load_yaml(safeio.read_text(file, "utf-8-sig"), cached=True)
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(name, 0, f"cannot read pack file: {exc}") from None
    except YamlError as exc:
        raise RuleError(name, exc.line, str(exc), exc.column) from None
    if not isinstance(data, LineDict):
        raise RuleError(name, 1, "pack.yaml must be a mapping (name, version, language, ...)")
    for key in data:
        if key not in PACK_KEYS:
            raise RuleError(name, data.line_of(key), f"unknown key '{key}'", data.column_of(key))
    categories = _decode_categories(name, data)
    model = None
    if "score" in data:
        if not isinstance(data["score"], dict):
            raise RuleError(name, data.line_of("score"), "'score' must be a mapping")
        try:
            model = ScoreModel.from_dict(data["score"])
        except ValueError as exc:
            raise RuleError(name, data.line_of("score"), str(exc)) from None
    return Pack(
        path,
        str(data.get("name", path.name)),
        str(data.get("version", "")),
        str(data.get("language", "en")),
        categories,
        model,
    )


CATEGORY_KEYS = {"id", "label", "short", "letter", "colour", "weight", "role"}


def _decode_categories(name: str, data: LineDict) -> tuple[Category, ...]:
    """A pack's `categories`: a list of names (the older form) or of mappings."""
    items = data.get("categories", [])
    if not isinstance(items, list) or not all(isinstance(c, str | LineDict) for c in items):
        raise RuleError(name, data.line_of("categories"), "'categories' must be a list of names")
    return tuple(
        Category.named(item) if isinstance(item, str) else _decode_category(name, item)
        for item in items
    )


def _decode_category(name: str, raw: LineDict) -> Category:
    def fail(key: str | None, message: str) -> RuleError:
        if key is None:
            return RuleError(name, raw.line, message, raw.column)
        return RuleError(name, raw.line_of(key), message, raw.column_of(key))

    unknown = sorted(set(raw) - CATEGORY_KEYS, key=str)
    if unknown:
        raise fail(unknown[0], f"unknown key '{unknown[0]}' in a category")
    if not isinstance(raw.get("id"), str) or not _ID.match(raw["id"]):
        raise fail("id" if "id" in raw else None, "a category needs an 'id' like a rule's")
    for key in ("label", "short", "letter", "colour"):
        if not isinstance(raw.get(key, ""), str):
            raise fail(key, f"'{key}' must be a string")
    weight = raw.get("weight")
    if weight is not None and (isinstance(weight, bool) or not isinstance(weight, int | float)):
        raise fail("weight", "'weight' must be a number")
    if weight is not None and not -1e9 < weight <= 0:
        raise fail("weight", "'weight' must be 0 or negative (problems only lower the score)")
    role = raw.get("role")
    if role is not None and role not in [r.value for r in Role]:
        raise fail("role", f"'role' must be one of {', '.join(Role)}")
    named = Category.named(raw["id"])
    return Category(
        raw["id"],
        label=raw.get("label", named.label),
        short=raw.get("short", named.short),
        letter=raw.get("letter", named.letter),
        colour=raw.get("colour", ""),
        weight=None if weight is None else float(weight),
        role=None if role is None else Role(role),
    )


@cache
def default_categories() -> Categories:
    """The shipped pack's categories: every run has them (a pack may add its own)."""
    declared = load_pack_info(default_pack_path()).categories
    if not declared:  # the shipped pack always declares them; a broken install does not
        raise RuleError(str(default_pack_path() / PACK_FILE), 0, "no 'categories' declared")
    return Categories(declared)


def load_categories(paths: Sequence[Path]) -> Categories:
    """The categories of a run on `paths`: the shipped pack's, then those each pack declares."""
    return default_categories().merged(c for p in paths for c in load_pack_info(p).categories)


def load_score_model(paths: list[Path]) -> ScoreModel:
    """The score weights of the last pack in `paths` that declares them, else the default
    pack's (a pack of extra rules keeps the shipped, fitted score)."""
    for path in reversed(paths):
        if path.is_dir() and (pack := load_pack_info(path)).score is not None:
            return pack.score
    model = load_pack_info(default_pack_path()).score
    if model is None:  # the shipped pack always declares one; a broken install does not
        raise RuleError(str(default_pack_path() / PACK_FILE), 0, "no 'score' weights declared")
    return model


def load_rules(paths: list[Path]) -> list[Rule]:
    """Load every rule from files and folders; raises RuleError on the first problem."""
    rules, errors = collect_rules(paths)
    if errors:
        raise errors[0]
    return rules


def collect_rules(paths: list[Path]) -> tuple[list[Rule], list[RuleError]]:
    """Every rule that loads, and every problem found (one per rule at most), in one pass."""
    rules: list[Rule] = []
    errors: list[RuleError] = []
    seen: dict[str, str] = {}
    packs = []
    for path in paths:
        if not path.exists():
            errors.append(RuleError(str(path), 0, "no such rule file or folder"))
            continue
        try:
            packs.append(load_pack_info(path))
        except RuleError as exc:
            errors.append(exc)
    declared = default_categories().merged(c for p in packs for c in p.categories).ids
    shipped = default_pack_path().resolve()
    for pack in packs:
        # the shipped pack's patterns may run on the fast engine; any other's under a budget
        trust = saferegex.trusted() if pack.path.resolve() == shipped else nullcontext()
        files = rule_files(pack.path)
        with trust, regexcache.session(files):  # what its patterns need, analysed once
            items = [item for file in files for item in _file_rules(file, declared)]
        for item in items:
            if isinstance(item, RuleError):
                errors.append(item)
            elif item.id in seen:
                errors.append(
                    RuleError(
                        item.path,
                        item.line,
                        f"duplicate rule id '{item.id}' (also in {seen[item.id]})",
                    )
                )
            else:
                seen[item.id] = f"{item.path}:{item.line}"
                rules.append(item)
    return rules, errors


def _file_rules(file: Path, categories: tuple[str, ...]) -> Iterator[Rule | RuleError]:
    name = str(file)
    try:
        text = safeio.read_text(file, "utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        yield RuleError(name, 0, f"cannot read rule file: {exc}")
        return
    try:
        data = load_yaml(text, cached=True)
    except YamlError as exc:
        yield RuleError(name, exc.line, str(exc), exc.column)
        return
    if data is None:
        return
    if isinstance(data, LineDict) and "rules" in data:
        extra = set(data) - {"rules"}
        if extra:
            key = sorted(extra, key=str)[0]
            yield RuleError(
                name, data.line_of(key), f"unknown top-level key '{key}'", data.column_of(key)
            )
            return
        items = data["rules"]
        if not isinstance(items, LineList):
            yield RuleError(name, data.line_of("rules"), "'rules' must be a list of rules")
            return
    elif isinstance(data, LineDict):
        items = LineList([data])
        items.line, items.item_lines, items.item_columns = data.line, [data.line], [data.column]
    else:
        yield RuleError(
            name, getattr(data, "line", 1), "a rule file holds a rule or 'rules: [...]'"
        )
        return
    for item in items:
        if isinstance(item, LineDict):  # every independent problem at once, not the first
            found = rulecheck.problems(item, KINDS, COMMON_KEYS, categories, _ID)
            if found:
                yield from (RuleError(name, line, msg, col) for line, col, msg in found)
                continue
        try:
            yield _decode_rule(name, item, categories)
        except RuleError as exc:
            yield exc


def _decode_rule(path: str, raw: Any, categories: tuple[str, ...]) -> Rule:
    if not isinstance(raw, LineDict):
        raise RuleError(path, getattr(raw, "line", 0), "each rule must be a mapping")

    def fail(key: str | None, message: str) -> RuleError:
        if key is None:
            return RuleError(path, raw.line, message, raw.column)
        return RuleError(path, raw.line_of(key), message, raw.column_of(key))

    for key in ("id", "category", "kind", "description"):
        if key not in raw:
            raise fail(None, f"rule is missing required key '{key}'")
    rule_id = raw["id"]
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        raise fail("id", "'id' must be lowercase letters, digits, '.', '_' or '-' (max 80)")
    kind_cls = KINDS.get(raw["kind"]) if isinstance(raw["kind"], str) else None
    if kind_cls is None:
        raise fail("kind", f"unknown kind {raw['kind']!r} (known: {', '.join(sorted(KINDS))})")
    unknown = set(raw) - COMMON_KEYS - set(kind_cls.fields)
    if unknown:
        key = sorted(unknown, key=str)[0]
        raise fail(key, f"unknown key '{key}' for a rule of kind '{kind_cls.name}'")
    category = raw["category"]
    if category not in categories:
        raise fail("category", f"unknown category {category!r} (known: {', '.join(categories)})")
    severity = raw.get("severity", "warning")
    try:
        severity = Severity(severity)
    except ValueError:
        raise fail("severity", "'severity' must be info, warning or error") from None
    weight = raw.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 <= weight < 1e9:
        raise fail("weight", "'weight' must be a finite number >= 0")
    for key in ("message", "description", "fix"):
        if key in raw and not isinstance(raw[key], str):
            raise fail(key, f"'{key}' must be a string")
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        raise fail("enabled", "'enabled' must be true or false")
    options = {k: v for k, v in raw.items() if k in kind_cls.fields}
    try:
        kind = kind_cls(decode_options(kind_cls, options))
    except OptionError as exc:
        line, column = raw.line_of(exc.key), raw.column_of(exc.key)
        value = raw.get(exc.key)
        if exc.index is not None and isinstance(value, LineList):
            line, column = value.item_lines[exc.index], value.item_columns[exc.index]
        raise RuleError(path, line, str(exc), column) from None
    flags, passes = _decode_examples(path, raw)
    return Rule(
        id=rule_id,
        category=category,
        severity=severity,
        weight=float(weight),
        message=raw.get("message", raw["description"].strip().split("\n")[0]),
        description=raw["description"].strip(),
        kind=kind,
        path=path,
        fix=" ".join(raw.get("fix", "").split()),
        line=raw.line,
        enabled=enabled,
        flag_examples=flags,
        pass_examples=passes,
    )


def _decode_examples(path: str, raw: LineDict) -> tuple[list[Example], list[Example]]:
    examples = raw.get("examples")
    if examples is None:
        return [], []
    if not isinstance(examples, LineDict) or set(examples) - {"flag", "pass"}:
        raise RuleError(
            path, raw.line_of("examples"), "'examples' takes only 'flag' and 'pass' lists"
        )
    out: dict[str, list[Example]] = {"flag": [], "pass": []}
    for key in ("flag", "pass"):
        items = examples.get(key, [])
        if not isinstance(items, LineList):
            raise RuleError(path, examples.line_of(key), f"'examples.{key}' must be a list")
        for item, line in zip(items, items.item_lines, strict=True):
            docs = [item] if isinstance(item, str) else item
            if not isinstance(docs, list) or not docs or not all(isinstance(d, str) for d in docs):
                raise RuleError(path, line, "an example is a text or a list of texts (one run)")
            mark = None
            first = docs[0]
            if key == "flag" and (m := _MARK.search(first)):
                first = first[: m.start()] + m.group(1) + first[m.end() :]
                mark = (m.start(), m.start() + len(m.group(1)))
            elif _MARK.search(first):
                raise RuleError(path, line, "[[...]] marks belong in 'flag' examples only")
            out[key].append(Example((first, *docs[1:]), mark, line))
    return out["flag"], out["pass"]
