"""Project configuration: `.audit.yaml` or `[tool.audit]` in pyproject.toml.

Found by walking up from the working directory (the nearest file wins); `--config FILE` names
one, `--no-config` ignores them. Command-line options override the file. Paths in the file are
relative to the file's folder.

    # .audit.yaml
    rules: [house-rules/]                # extra rule files or folders
    disable: [seo-filler]                # rule ids or categories
    enable: [some-rule-shipped-off]
    severity: {tangent: info}
    weights: {vague-attribution: 1.5}
    category-weights: {off-topic-padding: 0.1}
    fail-under: 60
    fail-on: [error]                     # or a category; default error
    exit-zero: false
    baseline: .audit-baseline.json
    brief: false
    quiet: false
    timeout: 15
    concurrency: 4
    follow-symlinks: false
    format: json
    output-dir: reports
    include: ["*.md"]
    exclude: ["drafts/*"]
    db: audit.sqlite                     # history database of audit feed / audit history
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit import safeio
from audit.rules import default_categories
from audit.yamlload import LineDict, YamlError, load_yaml

FILE_NAMES = (".audit.yaml", ".audit.yml", "pyproject.toml")
KEYS = {
    "rules": list, "disable": list, "enable": list, "severity": dict, "weights": dict,
    "category-weights": dict, "fail-under": (int, float), "format": str, "output-dir": str,
    "include": list, "exclude": list, "fail-on": (list, str), "exit-zero": bool,
    "baseline": str, "brief": bool, "quiet": bool, "timeout": (int, float),
    "concurrency": int, "follow-symlinks": bool, "db": str, "outlets": list,
}  # fmt: skip
_TYPE_NAMES = {
    list: "a list", dict: "a mapping", str: "a string", bool: "true or false",
    int: "a whole number", float: "a number",
}  # fmt: skip


class ConfigError(Exception):
    """A configuration file that cannot be used, as `file:line: message`."""


@dataclass
class Config:
    path: Path | None = None
    rules: list[Path] = field(default_factory=list)
    disable: list[str] = field(default_factory=list)
    enable: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
    category_weights: dict[str, float] = field(default_factory=dict)
    fail_under: float | None = None
    format: str | None = None
    output_dir: Path | None = None
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    fail_on: list[str] = field(default_factory=list)
    exit_zero: bool = False
    baseline: Path | None = None
    brief: bool = False
    quiet: bool = False
    timeout: float | None = None
    concurrency: int | None = None
    follow_symlinks: bool = False
    db: Path | None = None  # the history database of `audit feed` and `audit history`
    outlets: list[Path] = field(default_factory=list)  # outlet registry files (audit.outlets)


def discover(start: Path) -> Path | None:
    """The nearest config file at or above `start`."""
    for folder in [start, *start.parents]:
        for name in FILE_NAMES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_audit(candidate)):
                return candidate
    return None


def _has_tool_audit(path: Path) -> bool:
    import tomllib  # only where a pyproject.toml is found: most runs read no TOML

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        tool = tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        # a syntax error elsewhere must not drop [tool.audit] and its gates silently: it is
        # found, and loading it reports the error
        return "[tool.audit" in text
    return isinstance(tool, dict) and "audit" in tool  # `tool = "audit"` is no table


def load(path: Path) -> Config:
    """Read and check one config file."""
    try:
        text = safeio.read_text(path, "utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    if path.suffix == ".toml":
        import tomllib

        try:
            tool = tomllib.loads(text).get("tool", {})
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        data = tool.get("audit", {}) if isinstance(tool, dict) else {}
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: [tool.audit] must be a table")
        line_of = lambda key: 0  # noqa: E731 - tomllib keeps no positions
    else:
        try:
            data = load_yaml(text) or LineDict()
        except YamlError as exc:
            raise ConfigError(f"{path}:{exc.line}: {exc}") from None
        if not isinstance(data, dict):
            raise ConfigError(f"{path}:1: the configuration must be a mapping")
        line_of = data.line_of if isinstance(data, LineDict) else (lambda key: 0)
    return _decode(path, data, line_of)


def _decode(path: Path, data: dict[str, Any], line_of) -> Config:
    def fail(key: str, message: str) -> ConfigError:
        line = line_of(key)
        return ConfigError(f"{path}:{line}: {message}" if line else f"{path}: {message}")

    for key, value in data.items():
        if key not in KEYS:
            raise fail(key, f"unknown key '{key}' (known: {', '.join(sorted(KEYS))})")
        if not _typed(value, KEYS[key]):
            raise fail(key, f"'{key}' must be {_expected(KEYS[key])}, got {value!r}")
    weights = data.get("category-weights", {})
    if weights and set(default_categories().ids) <= set(weights) and not any(weights.values()):
        raise fail("category-weights", "every category weight is 0: findings would not count")
    base = path.parent
    try:
        return Config(
            path=path,
            rules=[base / str(p) for p in data.get("rules", [])],
            disable=[str(x) for x in data.get("disable", [])],
            enable=[str(x) for x in data.get("enable", [])],
            severity={str(k): str(v) for k, v in data.get("severity", {}).items()},
            weights={str(k): _number(v) for k, v in data.get("weights", {}).items()},
            category_weights={
                str(k): _number(v) for k, v in data.get("category-weights", {}).items()
            },
            fail_under=_fail_under(data.get("fail-under")),
            format=_format(data.get("format")),
            output_dir=base / data["output-dir"] if "output-dir" in data else None,
            include=[str(x) for x in data.get("include", [])],
            exclude=[str(x) for x in data.get("exclude", [])],
            **_run_settings(base, data),
            db=base / data["db"] if "db" in data else None,
            outlets=[base / str(p) for p in data.get("outlets", [])],
        )
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def _typed(value: Any, expected: type | tuple[type, ...]) -> bool:
    """Whether `value` has the key's type (YAML's true is no number, and no number is a flag)."""
    kinds = expected if isinstance(expected, tuple) else (expected,)
    if isinstance(value, bool):
        return bool in kinds
    return isinstance(value, kinds)


def _expected(expected: type | tuple[type, ...]) -> str:
    kinds = expected if isinstance(expected, tuple) else (expected,)
    if int in kinds and float in kinds:
        return "a number"
    return " or ".join(_TYPE_NAMES[k] for k in kinds)


def _run_settings(base: Path, data: dict[str, Any]) -> dict[str, Any]:
    """The command-line options a configuration may set (the command line wins)."""
    fail_on = data.get("fail-on", [])
    timeout, concurrency = data.get("timeout"), data.get("concurrency")
    if timeout is not None and not 0 < timeout <= 3600:
        raise ValueError(f"'timeout' must be a number of seconds from 0 to 3600, got {timeout!r}")
    if concurrency is not None and concurrency < 1:
        raise ValueError(f"'concurrency' must be at least 1, got {concurrency!r}")
    return {
        "fail_on": [fail_on] if isinstance(fail_on, str) else [str(x) for x in fail_on],
        "exit_zero": data.get("exit-zero", False),
        "baseline": base / data["baseline"] if "baseline" in data else None,
        "brief": data.get("brief", False),
        "quiet": data.get("quiet", False),
        "timeout": float(timeout) if timeout is not None else None,
        "concurrency": concurrency,
        "follow_symlinks": data.get("follow-symlinks", False),
    }


def _number(value: Any) -> float:
    """A weight: finite and >= 0 (a NaN weight would make every score NaN, or 0)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < math.inf:
        raise ValueError(f"expected a finite number >= 0, got {value!r}")
    return float(value)


def _format(value: Any) -> str | None:
    from audit.render import FORMATS

    if value is not None and value not in FORMATS:
        raise ValueError(f"'format' must be one of {', '.join(FORMATS)}, got {value!r}")
    return value


def _fail_under(value: Any) -> float | None:
    """A score gate from 0 to 100: NaN or -50 would be a gate that cannot fail."""
    if value is None:
        return None
    if not 0 <= value <= 100:  # NaN fails every comparison
        raise ValueError(f"'fail-under' must be a number from 0 to 100, got {value!r}")
    return float(value)


def resolve(explicit: str | None, disabled: bool, cwd: Path) -> Config:
    """The configuration for a run: --config FILE, else discovery, else defaults."""
    if disabled:
        return Config()
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{path}: no such configuration file")
        return load(path)
    found = discover(cwd)
    return load(found) if found else Config()
