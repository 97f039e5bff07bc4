#!/usr/bin/env python3
"""Every real-text figure in one run: the numbers the real-text issues are judged on.

    python3 tools/real_figures.py [--shared ../shared] [--audit "audit"]

- news-2016: AUC of the score, mainstream above fabricated (tests/news2016, 150 articles);
- labelled: recall, false-positive rate and rank accuracy on the hand-labelled real articles
  (../shared/real/labelled, via ../shared/tools/score.py);
- pages: extraction F1, furniture recall and body false positives on the real news pages
  (../shared/tools/score_pages.py);
- wiki: precision, recall and F1 on the CoNLL-2010 Wikipedia sentences (score_wiki.py).
The shared tools and data are not part of this repository; a figure whose data is missing is
reported as skipped.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def news_auc(audit: str) -> str:
    folder = ROOT / "tests" / "news2016"
    cmd = [*shlex.split(audit), "run", str(folder / "real"), str(folder / "fake"), "-f", "json"]
    docs = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=False).stdout)
    real = [d["score"] for d in docs["documents"] if "/real/" in d["source"]]
    fake = [d["score"] for d in docs["documents"] if "/fake/" in d["source"]]
    wins = sum(1.0 if r > f else 0.5 if r == f else 0.0 for r in real for f in fake)
    return f"auc={wins / (len(real) * len(fake)):.3f} real={len(real)} fake={len(fake)}"


def shared_tool(shared: Path, tool: str, audit: str, *args: str) -> str:
    script = shared / "tools" / tool
    if not script.is_file():
        return "skipped (no " + str(script) + ")"
    cmd = [sys.executable, str(script), "--audit", audit, *args]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT)
    lines = out.stdout.strip().splitlines()
    return lines[-1] if lines else f"failed: {out.stderr.strip()[-200:]}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--audit", default=f"{sys.executable} -m audit")
    args = ap.parse_args()
    labelled = args.shared / "real" / "labelled"
    print("news-2016 ", news_auc(args.audit))
    print("labelled  ", shared_tool(args.shared, "score.py", args.audit, "--dir", str(labelled)))
    print("pages     ", shared_tool(args.shared, "score_pages.py", args.audit))
    print("wiki      ", shared_tool(args.shared, "score_wiki.py", args.audit))
    return 0


if __name__ == "__main__":
    sys.exit(main())
