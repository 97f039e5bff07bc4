#!/usr/bin/env python3
"""Regenerate the HTML report's reference screenshots (tests/data/screenshots/), which
tests/e2e/test_browser.py compares against. Run it only when a change to the report's look is
intended, and look at the new images before committing them:

    PYTHONPATH=. python3 tools/update_screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import json  # noqa: E402

from tests.e2e.screens import BROWSER, ENVIRONMENT, REFERENCES, SHOTS, environment, take  # noqa: E402


def main() -> int:
    if BROWSER is None:
        print("chromium-headless-shell is not installed", file=sys.stderr)
        return 1
    REFERENCES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for shot in SHOTS:
            take(shot, Path(tmp), REFERENCES / shot.name)
            print(f"wrote {(REFERENCES / shot.name).relative_to(ROOT)}")
    ENVIRONMENT.write_text(json.dumps(environment(), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {ENVIRONMENT.relative_to(ROOT)} (the browser and fonts they were taken with)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
