"""Prove a refactor changed no behaviour: every report, byte for byte, before and after.

    python tools/behaviour_check.py                 # this tree against HEAD
    python tools/behaviour_check.py --against REF   # this tree against any commit

Both versions of the code read the same inputs (copied once from this tree, so moved
folders do not count as changes): every labelled set under tests/, the samples, the real
labelled articles and real pages in ../shared when present, and a feed, a JSON Lines file
and an extra pack. Each input folder is audited once per version in all seven report
formats (text, json, html, sarif, junit, github, markdown) plus the exit code, and every
output is compared byte for byte. Prints the differing files and exits 1 on any change.
"""

from __future__ import annotations

import argparse
import filecmp
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "real"
FORMATS = {
    "text": "report.txt",
    "json": "report.json",
    "html": "report.html",
    "sarif": "report.sarif",
    "junit": "report.xml",
    "github": "report.github",
    "markdown": "report.md",
}


def collect_inputs(dest: Path) -> list[Path]:
    """Copy every input set into `dest`, one folder a set; returns the folders."""
    sets: list[tuple[str, Path]] = []
    tests = ROOT / "tests"
    for folder in sorted(tests.glob("holdout*")) + sorted((tests / "labelled").glob("*")):
        if folder.is_dir():
            sets.append((folder.name, folder))
    for name in ("corpus", "real2016", "news2016/real", "news2016/fake"):
        if (tests / name).is_dir():
            sets.append((name.replace("/", "-"), tests / name))
    sets.append(("samples", ROOT / "samples"))
    if (SHARED / "labelled").is_dir():
        sets.append(("shared-labelled", SHARED / "labelled"))
    for label, path in sets:
        target = dest / label
        target.mkdir(parents=True)
        for f in sorted(path.iterdir()):
            if f.suffix in {".txt", ".md", ".html", ".jsonl"}:
                shutil.copyfile(f, target / f.name)
    pages = dest / "pages"
    pages.mkdir()
    for src in (SHARED / "pages", tests / "real_pages"):
        for f in sorted(src.glob("*.html.gz")) if src.is_dir() else []:
            (pages / f.name.removesuffix(".gz")).write_bytes(gzip.decompress(f.read_bytes()))
    _mixed_inputs(dest / "mixed")
    return sorted(p for p in dest.iterdir() if p.is_dir())


def _mixed_inputs(folder: Path) -> None:
    """A feed, a JSON Lines batch and Markdown: the other input paths."""
    folder.mkdir()
    sample = (ROOT / "samples" / "aggregated-article.txt").read_text(encoding="utf-8")
    wire = (ROOT / "samples" / "wire-story.txt").read_text(encoding="utf-8")
    import json

    lines = [json.dumps({"id": f"item-{i}", "text": t}) for i, t in enumerate((sample, wire))]
    (folder / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "article.md").write_text("# A headline\n\n" + sample, encoding="utf-8")


def run_version(code: Path, inputs: list[Path], out: Path) -> None:
    """Audit every input folder with the code in `code`, writing each report under `out`."""
    env = dict(os.environ, PYTHONPATH=str(code), NO_COLOR="1", COLUMNS="100", TERM="dumb")
    env.pop("CI", None)
    env.pop("GITHUB_ACTIONS", None)

    def one(folder: Path, extra: list[str], tag: str) -> None:
        dest = out / f"{folder.name}{tag}"
        dest.mkdir(parents=True)
        cmd = [sys.executable, "-m", "audit", "run", folder.name, "--no-config", "--jobs", "1"]
        for fmt, name in FORMATS.items():
            cmd += ["-f", fmt, "-o", str(dest / name)]
        done = subprocess.run(
            cmd + extra, cwd=folder.parent, env=env, capture_output=True, check=False
        )
        (dest / "exit").write_text(f"{done.returncode}\n{done.stderr.decode(errors='replace')}")

    pack = ["--rules", str(ROOT / "docs" / "examples" / "newsroom-pack")]
    # folders skip .jsonl files (they are batches, not articles): name them
    jobs = [(f, [f"{f.name}/{p.name}" for p in sorted(f.glob("*.jsonl"))], "") for f in inputs]
    jobs.append((inputs[0], pack, "+pack"))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        list(pool.map(lambda job: one(*job), jobs))


def compare(before: Path, after: Path) -> list[str]:
    """Relative paths that differ, are missing, or are new."""
    changed: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        changed.extend(f"{prefix}{n} (only before)" for n in cmp.left_only)
        changed.extend(f"{prefix}{n} (only after)" for n in cmp.right_only)
        for name in cmp.common_files:
            if (Path(cmp.left) / name).read_bytes() != (Path(cmp.right) / name).read_bytes():
                changed.append(prefix + name)
        for name, sub in sorted(cmp.subdirs.items()):
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(before, after), "")
    return sorted(changed)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--against", default="HEAD", help="the commit to compare with (HEAD)")
    ap.add_argument("--keep", type=Path, help="keep the reports in this folder")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="behaviour-"))
    try:
        ref = work / "ref"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(ref), args.against],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        inputs = collect_inputs(work / "inputs")
        count = sum(1 for folder in inputs for _ in folder.iterdir())
        run_version(ref, inputs, work / "before")
        run_version(ROOT, inputs, work / "after")
        changed = compare(work / "before", work / "after")
        if args.keep:
            skip = shutil.ignore_patterns("ref")
            shutil.copytree(work, args.keep, dirs_exist_ok=True, ignore=skip)
        print(f"{count} inputs in {len(inputs)} folders, {len(FORMATS)} formats and exit codes")
        for name in changed:
            print(f"changed: {name}")
        print("identical" if not changed else f"{len(changed)} reports differ")
        return 1 if changed else 0
    finally:
        subprocess.run(
            ["git", "worktree", "remove", "--force", str(work / "ref")],
            cwd=ROOT,
            capture_output=True,
            check=False,
        )
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
