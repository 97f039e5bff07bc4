#!/usr/bin/env python3
"""The internal-contradiction findings on every labelled set, for checking by hand.

    python3 tools/contradictions.py              # the full default pack (stock text masked)
    python3 tools/contradictions.py --kind-only  # only the contradiction rules: faster
    python3 tools/contradictions.py --shared ../shared

Runs over the labelled articles under tests/ (corpus, holdout*, real2016, realpages,
news2016, real_pages) and, when present, ../shared/real/labelled and ../shared/real/news-2016;
prints each finding (file, line, message) and how many there are per set. The verdicts on
them are recorded in docs/contradictions.md.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from audit import inputs  # noqa: E402
from audit.document import Document  # noqa: E402
from audit.engine import Engine  # noqa: E402
from audit.rules import default_pack_path, load_rules  # noqa: E402

CATEGORY = "internal-contradiction"
SKIP = ("LICENSE", "README", "NOTES")  # notes about a set, not its articles


def labelled_sets(shared: Path) -> list[Path]:
    tests = ROOT / "tests"
    sets = [tests / "corpus", *sorted(tests.glob("holdout*"))]
    sets += [tests / n for n in ("real2016", "realpages", "news2016", "real_pages")]
    sets += [shared / "real" / "labelled", shared / "real" / "news-2016"]
    return [s for s in sets if s.is_dir()]


def documents(folder: Path) -> Iterator[Document]:
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name.startswith(SKIP):
            continue
        if path.suffix == ".txt":
            yield Document.build(path.read_text(encoding="utf-8-sig"), str(path))
        elif path.name.endswith(".html.gz"):
            html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
            yield inputs.read_page(str(path), html)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--kind-only", action="store_true", help="run only its rules")
    args = parser.parse_args(argv)
    rules = load_rules([default_pack_path()])
    if args.kind_only:
        rules = [r for r in rules if r.category == CATEGORY]
    engine = Engine(rules)
    total = 0
    for folder in labelled_sets(args.shared):
        docs = list(documents(folder))
        found = 0
        for result in engine.audit(docs):
            doc = result.document
            for f in (f for f in result.findings if f.category == CATEGORY):
                line = doc.line_col(f.start)[0]
                print(f"{doc.source}:{line}: {f.message}")
                found += 1
        print(f"# {folder}: {len(docs)} documents, {found} contradiction findings")
        total += found
    print(f"# total: {total} contradiction findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
