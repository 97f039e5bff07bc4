"""A text run imports only what it needs: the web stack, the HTML report, the terminal
renderer, PyYAML and `regex` cost most of a start and a text file needs none of them (once the
cache folder holds the parsed pack). An eager import crept back in once (the application
imported the feed reader, and with it httpx) and tripled the start-up time unnoticed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import audit

HEAVY = (
    "httpx", "httpcore", "feedparser", "trafilatura", "lxml", "jinja2", "rich", "yaml",
    "regex", "multiprocessing", "charset_normalizer", "tomllib",
)  # fmt: skip

RUN = """
import json, sys
from audit.cli import main
try:
    main(["run", sys.argv[1], "--no-config", "--format", "concise"])
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in sys.argv[2].split(","))))
"""


def _imported(article: Path, cache: Path) -> list[str]:
    root = Path(audit.__file__).resolve().parent.parent
    env = dict(os.environ, AUDIT_CACHE_DIR=str(cache))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", RUN, str(article), ",".join(HEAVY)],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.splitlines()[-1])


def test_a_text_run_imports_no_web_html_or_yaml_stack(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(
        "Council Backs Plan\n\nThe council voted on Monday to fund the plan, its chair said. "
        "Analysts believe the plan could transform the city.\n",
        encoding="utf-8",
    )
    _imported(article, tmp_path / "cache")  # the first run fills the cache folder
    assert _imported(article, tmp_path / "cache") == []
