"""The architecture the README describes holds: every module is named in its Architecture
section, no function in `audit/` runs over 80 lines, the CLI stays under 300 lines, and no
renderer imports the application (renderers only render)."""

from __future__ import annotations

import ast
import re

from tests.conftest import ROOT

PACKAGE = ROOT / "audit"


def _architecture() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Architecture", 1)[1].split("\n## ", 1)[0]


def test_every_module_is_named_in_the_readme_architecture() -> None:
    section = _architecture()
    named = set(re.findall(r"`([\w/]+(?:\.py)?)`", section))
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.name in ("__init__.py", "__main__.py") and len(rel.parts) == 1:
            continue
        package = f"{rel.parts[0]}/" if len(rel.parts) > 1 else None
        if str(rel) not in named and rel.name not in named and package not in named:
            missing.append(str(rel))
    assert not missing, f"modules the README's Architecture does not name: {missing}"


def test_no_function_in_the_package_runs_over_80_lines() -> None:
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > 80:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines})")
    assert not long, long


def test_the_command_line_only_parses_and_prints() -> None:
    cli = (PACKAGE / "cli.py").read_text(encoding="utf-8")
    assert len(cli.splitlines()) < 300
    for path in sorted((PACKAGE / "render").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not {m for m in imported if m.startswith(("audit.app", "audit.cli"))}, path.name
