"""Markdown: front matter is metadata, code is not article text, links credit sources."""

from __future__ import annotations

import json
from pathlib import Path

from audit.cli import main

MD = """---
title: Council Approves Ferry Subsidy
author: Maria Lind
---
# Council Approves Ferry Subsidy

The council voted on **Monday** to approve a ferry subsidy, [the council said](https://council.example/press).

The subsidy *could* keep fares flat for years, according to a [state transport review](https://transport.example/review).

```
Analysts suggest this code block is not article text.
```

- Fares stay at $4.
- Service runs hourly.

The subsidy could also ease congestion downtown.
"""


def test_markdown_syntax_makes_no_false_findings(tmp_path: Path, capsys) -> None:
    page = tmp_path / "ferry.md"
    page.write_text(MD, encoding="utf-8")
    assert main(["run", str(page), "--format", "json"]) == 0
    [doc] = json.loads(capsys.readouterr().out)["documents"]
    assert doc["title"] == "Council Approves Ferry Subsidy"
    excerpts = [f["excerpt"] for f in doc["findings"]]
    # only the unlinked, unattributed claim is flagged: not the code block, not the linked ones
    assert excerpts == ["The subsidy could also ease congestion downtown."]
    names = [s["name"] for s in doc["sources"]]
    assert "council.example" in names and "transport.example" in names
    assert all(f["start"] > MD.index("# Council") for f in doc["findings"])  # front matter skipped
