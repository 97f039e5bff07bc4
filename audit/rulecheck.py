"""Every problem of one rule in one pass (`audit rules validate`): a rule with four mistakes
gets four messages, each naming its line, and a misspelt key gets "did you mean"."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

from audit.yamlload import LineDict

Problem = tuple[int, int, str]  # line, column, message
REQUIRED = ("id", "category", "kind", "description")


def did_you_mean(word: str, choices: Collection[str]) -> str:
    import difflib  # only for a misspelt name

    close = difflib.get_close_matches(str(word), sorted(choices), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def problems(
    raw: LineDict,
    kinds: Mapping[str, Any],
    common_keys: Collection[str],
    categories: Collection[str],
    id_pattern: re.Pattern[str],
) -> list[Problem]:
    """The rule's problems that do not depend on one another (options are checked later, by
    the kind, once these are fixed)."""
    at: Callable[[str | None], tuple[int, int]] = lambda key: (  # noqa: E731
        (raw.line, raw.column) if key is None else (raw.line_of(key), raw.column_of(key))
    )
    out: list[Problem] = []

    def add(key: str | None, message: str) -> None:
        out.append((*at(key), message))

    kind_cls = kinds.get(raw["kind"]) if isinstance(raw.get("kind"), str) else None
    known = set(common_keys) | set(getattr(kind_cls, "fields", ()))
    for key in sorted(set(raw) - known, key=str):
        if kind_cls is None and key not in common_keys and _option_of_any(key, kinds):
            continue  # an option of some kind: judged once the kind is right
        what = f"for a rule of kind '{kind_cls.name}'" if kind_cls else "for a rule"
        add(key, f"unknown key '{key}' {what}{did_you_mean(key, known)}")
    for key in REQUIRED:
        if key not in raw:
            add(None, f"rule is missing required key '{key}'")
    rule_id = raw.get("id")
    if "id" in raw and (not isinstance(rule_id, str) or not id_pattern.match(rule_id)):
        add("id", "'id' must be lowercase letters, digits, '.', '_' or '-' (max 80)")
    if "kind" in raw and kind_cls is None:
        hint = did_you_mean(raw["kind"], kinds)
        add("kind", f"unknown kind {raw['kind']!r}{hint} (known: {', '.join(sorted(kinds))})")
    if "category" in raw and raw["category"] not in categories:
        hint = did_you_mean(raw["category"], categories)
        known_list = ", ".join(categories)
        add("category", f"unknown category {raw['category']!r}{hint} (known: {known_list})")
    if raw.get("severity", "warning") not in ("info", "warning", "error"):
        add("severity", "'severity' must be info, warning or error")
    weight = raw.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 <= weight < 1e9:
        add("weight", "'weight' must be a finite number >= 0")
    for key in ("message", "description", "fix"):
        if key in raw and not isinstance(raw[key], str):
            add(key, f"'{key}' must be a string")
    if not isinstance(raw.get("enabled", True), bool):
        add("enabled", "'enabled' must be true or false")
    return sorted(out, key=lambda p: (p[0], p[1]))


def _option_of_any(key: Any, kinds: Mapping[str, Any]) -> bool:
    return any(key in getattr(k, "fields", ()) for k in kinds.values())
