#!/usr/bin/env python3
"""Write docs/accuracy.md's accuracy table from the labelled sets' manifests.

    python3 tools/accuracy_table.py           # rewrite the table in docs/accuracy.md
    python3 tools/accuracy_table.py --check   # only say whether docs/accuracy.md's table is current

Each folder of tests/labelled has a manifest.yaml (see tests/labels.py, `LabelledSet`): what the
set is, when it was written, its first (blind) run, its figures after the pack was tuned on it,
and the floors the tests hold it to. The table sits between two markers in docs/accuracy.md;
tests/test_manifests.py fails when it is not what the manifests produce.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.labels import Figures, LabelledSet, labelled_sets  # noqa: E402

ACCURACY = ROOT / "docs" / "accuracy.md"
START = "<!-- accuracy table: written by tools/accuracy_table.py from tests/labelled -->"
END = "<!-- end of the accuracy table -->"
HEADER = (
    "| labelled set | articles | what it is | written | blind run: recall / fp / rank "
    "| after tuning on it: recall / fp / rank | held to: recall / fp |\n"
    "| --- | --- | --- | --- | --- | --- | --- |"
)
# the development corpus first, the sets written blind by number, the training set last
ORDER = {"development": 0, "regression": 1, "blind": 1, "training": 2}


def cell(text: str) -> str:
    return text.replace("|", "\\|")


def figures(value: Figures | str) -> str:
    if isinstance(value, str):
        return cell(value)
    out = f"{value.recall:.2f} / {value.fp:.2f} / {value.rank:.2f}"
    return out + (f" ({cell(value.note)})" if value.note else "")


def floors(s: LabelledSet) -> str:
    if s.floors is None:
        return f"none ({s.status})"
    return f">= {s.floors.recall:.2f} / <= {s.floors.fp:.2f}"


def row(s: LabelledSet) -> str:
    cells = [
        f"`{s.name}`",
        str(s.articles),
        cell(s.what),
        s.written,
        figures(s.blind),
        figures(s.tuned),
        floors(s),
    ]
    return "| " + " | ".join(cells) + " |"


def table(sets: list[LabelledSet]) -> str:
    ordered = sorted(sets, key=lambda s: (ORDER[s.status], s.name))
    return "\n".join([HEADER, *(row(s) for s in ordered)])


def replaced(page: str, new_table: str) -> str:
    """`page` with the text between the markers replaced by `new_table`."""
    head, rest = page.split(START + "\n", 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{new_table}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    args = ap.parse_args(argv)
    text = ACCURACY.read_text(encoding="utf-8")
    fresh = replaced(text, table(labelled_sets()))
    if args.check:
        print("docs/accuracy.md's accuracy table is current" if fresh == text else "stale")
        return 0 if fresh == text else 1
    ACCURACY.write_text(fresh, encoding="utf-8")
    print(f"wrote the accuracy table in {ACCURACY.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
