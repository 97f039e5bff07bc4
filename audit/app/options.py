"""What a run takes (`RunOptions`), and how it selects its configuration and rules."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from audit import config as config_mod
from audit.config import Config
from audit.history.common import TRAILING_DAYS
from audit.model import Role, Severity
from audit.rules import Rule, RuleError, default_pack_path, load_categories, load_rules


@dataclass(frozen=True)
class RunOptions:
    """Everything a run takes, as the command line names it (the CLI only fills one in).

    Paths are files, folders, URLs or `-`; `reports` are ("format" | "output", value) pairs in
    command-line order (`audit.output.plan` pairs them up); `weights` are "RULE_ID=NUMBER".
    """

    paths: tuple[str, ...] = ()
    # rules and configuration
    rules: tuple[str, ...] = ()
    only_rules: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    weights: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()  # outlet registry files, after the configuration's
    config: str | None = None
    no_config: bool = False
    # inputs
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    follow_symlinks: bool = False
    trust_inline_suppressions: bool = False
    timeout: float | None = None  # None: the configuration's, else DEFAULT_TIMEOUT
    concurrency: int | None = None  # None: the configuration's, else DEFAULT_CONCURRENCY
    jobs: int = 1
    dask: str | None = None  # a Dask scheduler's address, or "local" (`audit.app.cluster`)
    use_feed_content: bool = False
    allow_unreadable: int = 0  # audit feed: unreadable items that do not fail the run
    # audit feed --db: the history database, and its regression gate
    db: str | None = None  # None: the configuration's, else no history
    fail_on_regression: float | None = None
    trailing_days: int = TRAILING_DAYS
    # reports and gates
    reports: tuple[tuple[str, str], ...] = ()
    fail_under: float | None = None
    fail_on: tuple[str, ...] = ()
    baseline: str | None = None
    exit_zero: bool = False
    brief: bool = False
    quiet: bool = False

    @classmethod
    def of(cls, values: Mapping[str, object]) -> RunOptions:
        """Options from a mapping of their names (say, a parsed command line's); other names
        are left out, lists become tuples."""
        names = {f.name for f in fields(cls)}
        given = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
        return cls(**{k: v for k, v in given.items() if k in names})  # type: ignore[arg-type]


DEFAULT_TIMEOUT, DEFAULT_CONCURRENCY = 15.0, 4


def with_config(options: RunOptions, cfg: Config) -> RunOptions:
    """The options a run uses: the command line's, else the configuration file's, else the
    defaults (a flag set in either place is set)."""
    timeout = options.timeout if options.timeout is not None else cfg.timeout
    concurrency = options.concurrency if options.concurrency is not None else cfg.concurrency
    baseline = options.baseline or (str(cfg.baseline) if cfg.baseline else None)
    db = options.db or (str(cfg.db) if cfg.db else None)
    return replace(
        options,
        timeout=timeout if timeout is not None else DEFAULT_TIMEOUT,
        concurrency=concurrency if concurrency is not None else DEFAULT_CONCURRENCY,
        fail_on=options.fail_on or tuple(cfg.fail_on),
        baseline=baseline,
        db=db,
        exit_zero=options.exit_zero or cfg.exit_zero,
        brief=options.brief or cfg.brief,
        quiet=options.quiet or cfg.quiet,
        follow_symlinks=options.follow_symlinks or cfg.follow_symlinks,
    )


def load_config(options: RunOptions) -> Config:
    """--config FILE, else the nearest configuration file, else none (--no-config)."""
    return config_mod.resolve(options.config, options.no_config, Path.cwd())


def rule_paths(options: RunOptions, cfg: Config) -> list[Path]:
    """Packs and rule files of a run, in order: the default pack (unless --only-rules), the
    config file's, then the command line's."""
    paths = [Path(p) for p in options.only_rules] or [default_pack_path(), *cfg.rules]
    return paths + [Path(p) for p in options.rules]


def select_rules(options: RunOptions, cfg: Config, loaded: list[Rule] | None = None) -> list[Rule]:
    """The rules of a run: packs, then the config file's settings, then command-line options.
    `loaded`: the packs' rules as `load_rules` gave them, when the caller has them already
    (they are changed in place: enabled, severity, weight)."""
    paths = rule_paths(options, cfg)
    rules = load_rules(paths) if loaded is None else loaded
    if not rules:  # `--only-rules empty/` would score every article 100 and pass every gate
        raise RuleError(str(paths[0]), 0, "no rules found")
    by_id = {r.id: r for r in rules}
    known = set(by_id) | {r.category for r in rules}
    disabled = set(cfg.disable) | set(options.disable)
    for name, source in [
        *((n, "--disable") for n in options.disable),
        *((n, "config") for n in cfg.disable + cfg.enable),
    ]:
        if name not in known:
            raise RuleError(
                str(cfg.path) if source == "config" else source,
                0,
                f"no rule or category named {name!r}",
            )
    for r in rules:
        if r.id in cfg.enable or r.category in cfg.enable:
            r.enabled = True
    for rule_id, level in cfg.severity.items():
        if rule_id not in by_id or level not in {s.value for s in Severity}:
            raise RuleError(str(cfg.path), 0, f"severity: bad entry {rule_id}: {level}")
        by_id[rule_id].severity = Severity(level)
    weights = [*cfg.weights.items(), *(_weight_item(item) for item in options.weights)]
    for rule_id, weight in weights:
        if rule_id not in by_id:
            raise RuleError("--weight", 0, f"no rule named {rule_id!r}")
        by_id[rule_id].weight = weight
    return [r for r in rules if r.id not in disabled and r.category not in disabled]


def recognisers(options: RunOptions, cfg: Config, selected: list[Rule]) -> list[Rule]:
    """Stock-text rules the run switched off (`--disable`, `disable:`): the engine still runs
    them, unreported, so a claim inside an affiliate disclaimer is not charged to the article
    because the disclaimer's category is not reported."""
    if not options.disable and not cfg.disable:
        return []
    paths = rule_paths(options, cfg)
    stock = load_categories(paths).with_role(Role.BOILERPLATE)
    chosen = {r.id for r in selected}
    return [
        r
        for r in load_rules(paths)
        if r.id not in chosen and r.enabled and (r.category in stock or r.kind.not_article)
    ]


def _weight_item(item: str) -> tuple[str, float]:
    rule_id, _, value = item.partition("=")
    try:
        weight = float(value)
    except ValueError:
        weight = -1.0
    if not rule_id or not 0 <= weight < math.inf:  # NaN fails the comparison too
        shown = item if len(item) <= 80 else item[:77] + "..."
        raise RuleError("--weight", 0, f"expected RULE_ID=NUMBER (finite, >= 0), got {shown!r}")
    return rule_id, weight
