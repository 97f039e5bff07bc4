"""`audit config`: the effective configuration of a run and where each value came from
(the command line, a configuration file, or the default), like `ruff --show-settings`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from audit.app.options import DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT, RunOptions
from audit.config import Config

# (config key, RunOptions field, Config field, default)
SETTINGS: tuple[tuple[str, str | None, str, Any], ...] = (
    ("rules", "rules", "rules", []),
    ("disable", "disable", "disable", []),
    ("enable", None, "enable", []),
    ("severity", None, "severity", {}),
    ("weights", "weights", "weights", {}),
    ("category-weights", None, "category_weights", {}),
    ("fail-under", "fail_under", "fail_under", None),
    ("fail-on", "fail_on", "fail_on", ["error"]),
    ("exit-zero", "exit_zero", "exit_zero", False),
    ("baseline", "baseline", "baseline", None),
    ("format", None, "format", "text on a terminal, else concise"),
    ("output-dir", None, "output_dir", "reports"),
    ("include", "include", "include", []),
    ("exclude", "exclude", "exclude", []),
    ("brief", "brief", "brief", False),
    ("quiet", "quiet", "quiet", False),
    ("timeout", "timeout", "timeout", DEFAULT_TIMEOUT),
    ("concurrency", "concurrency", "concurrency", DEFAULT_CONCURRENCY),
    ("follow-symlinks", "follow_symlinks", "follow_symlinks", False),
    ("outlets", "outlets", "outlets", []),
)


@dataclass(frozen=True)
class Setting:
    key: str
    value: Any
    origin: str  # "command line", the configuration file's path, or "default"


def _given(value: Any) -> bool:
    return value not in (None, False, (), [], {})


def effective(options: RunOptions, cfg: Config) -> list[Setting]:
    """Each setting's value and origin; the command line wins over the file."""
    out = []
    formats = [value for kind, value in options.reports if kind == "format"]
    for key, opt_field, cfg_field, default in SETTINGS:
        opt = formats if key == "format" else getattr(options, opt_field) if opt_field else None
        from_file = getattr(cfg, cfg_field)
        if _given(opt):
            out.append(Setting(key, opt, "command line"))
        elif _given(from_file):
            out.append(Setting(key, from_file, str(cfg.path)))
        else:
            out.append(Setting(key, default, "default"))
    return out


def _shown(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    return "-" if value is None else str(value)


def show(options: RunOptions, cfg: Config) -> str:
    """The settings as aligned `key = value  # origin` lines, after the file used."""
    head = f"# configuration file: {cfg.path if cfg.path else 'none'}"
    rows = [(s.key, _shown(s.value), s.origin) for s in effective(options, cfg)]
    width = max(len(f"{k} = {v}") for k, v, _ in rows)
    lines = [f"{f'{k} = {v}':<{width}}  # {o}" for k, v, o in rows]
    return "\n".join([head, *lines]) + "\n"
