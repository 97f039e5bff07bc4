"""Shared fixtures: the default rule pack, an engine, and paths to sample articles."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from audit.document import Document
from audit.engine import Engine
from audit.rules import Rule, default_pack_path, load_rules

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "labelled" / "corpus"
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session", autouse=True)
def _regex_cache(tmp_path_factory: pytest.TempPathFactory):
    """The packs' regex caches (`audit.regexcache`) in a folder of this test session, not the
    user's cache folder; the runs in subprocesses inherit it."""
    before = os.environ.get("AUDIT_CACHE_DIR")
    os.environ["AUDIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("audit-cache"))
    yield
    if before is None:
        os.environ.pop("AUDIT_CACHE_DIR", None)
    else:
        os.environ["AUDIT_CACHE_DIR"] = before


@pytest.fixture(scope="session")
def default_rules() -> list[Rule]:
    return load_rules([default_pack_path()])


@pytest.fixture(scope="session")
def engine(default_rules: list[Rule]) -> Engine:
    return Engine(default_rules)


def audit_text(engine: Engine, text: str, source: str = "<test>"):
    """Audit one text with the default pack; returns the Result."""
    return engine.audit([Document.build(text, source)])[0]


def run_audit(*args: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """`python -m audit ARGS` in a subprocess whose timeout bounds a hang (no timed asserts)."""
    return subprocess.run(
        [sys.executable, "-m", "audit", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        **kwargs,
    )
