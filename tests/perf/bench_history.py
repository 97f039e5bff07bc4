"""History benchmark: a database of 100,000 audits, then `audit history` for one site.

    python tests/perf/bench_history.py              # 100,000 audits (a few minutes)
    python tests/perf/bench_history.py --audits 10000
    python tests/perf/bench_history.py --sites 1     # every audit on one site: the worst case

Builds, in a temporary folder, the history of RUNS hourly `audit feed --db` runs over
`--sites` sites (default 20): each run audits the same number of items per site (new or
changed) and sees UNCHANGED more per site that are not audited again. The audits are real:
every item's result is one of the tool's own results for the articles of tests/corpus and
samples (findings, sub-scores, excerpts as they are), recorded through the same
`History.record` as a run; each item gets its own sentence fingerprints (as many as its
article has) plus a footer its site shares. Prints figures, not assertions:

- time to record a run, file size in all and per 1,000 audits, bytes per table (dbstat);
- `audit history --db FILE --site SITE` (text, JSON, HTML): in process (median of 5) and as a
  command (start-up included); all sites; the regression gate; export of one site; prune.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from audit.document import Document  # noqa: E402
from audit.engine import Engine  # noqa: E402
from audit.history import db as history_db  # noqa: E402
from audit.history import query, recycled, render  # noqa: E402
from audit.rules import default_pack_path, load_rules  # noqa: E402

RUNS = 1000  # hourly
UNCHANGED = 15  # items seen per site and run, not audited again


def pool() -> list[tuple[object, int]]:
    """Real results (and each article's number of fingerprints) to record."""
    engine = Engine(load_rules([default_pack_path()]))
    paths = sorted((ROOT / "tests" / "corpus").glob("*.txt")) + sorted(
        (ROOT / "samples").glob("*.txt")
    )
    docs = [Document.build(p.read_text(encoding="utf-8"), str(p)) for p in paths]
    prints = [len(recycled.prints(d).keys) for d in docs]
    return list(zip(engine.audit(docs), prints, strict=True))


def build(path: Path, audits: int, sites: int, results: list[tuple[object, int]]) -> list[float]:
    """Record RUNS hourly runs of `audits` audits in all; the seconds each took to record."""
    rng = random.Random(21)
    new = max(audits // (RUNS * sites), 1)  # items audited per site and run
    runs = audits // (sites * new)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    footers = {s: [rng.getrandbits(63) for _ in range(3)] for s in range(sites)}
    timings = []
    db = history_db.open_history(path)
    for n in range(runs):
        when = start + timedelta(hours=n)
        entries = []
        for s in range(sites):
            site = f"site-{s:02d}.example"
            for k in range(new):
                result, count = results[rng.randrange(len(results))]
                item = n * new + k
                entries.append(
                    history_db.Entry(
                        f"https://{site}/story/{item}", site, "new", feed=f"https://{site}/feed",
                        title=f"Story {item}", result=result, content_hash=f"{item:040x}",
                        etag=f'"{item}"',
                        fingerprints=[rng.getrandbits(63) for _ in range(count)] + footers[s],
                        core=recycled.pack_core(rng.getrandbits(63) for _ in range(12)),
                    )
                )  # fmt: skip
            for k in range(1, min(UNCHANGED, n * new) + 1):  # earlier items still in the feed
                item = n * new - k
                entries.append(history_db.Entry(f"https://{site}/story/{item}", site, "unchanged"))
        feeds = [(f"https://site-{s:02d}.example/feed", f"Site {s}") for s in range(sites)]
        record = history_db.RunRecord(when, when, feeds, {}, "bench", "pack-1")
        started = time.perf_counter()
        db.record(record, entries)
        timings.append(time.perf_counter() - started)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return timings


def timed(fn, repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def command(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "audit", *args], cwd=ROOT, check=True, capture_output=True
    )
    return time.perf_counter() - started


def report(path: Path, site: str, fmt: str) -> str:
    with history_db.open_history(path, create=False) as db:
        [(site_id, name)] = query.sites(db, [site])
        reports = [query.site_report(db, site_id, name, "day", None, 28)]
        meta = render.Meta(str(path), "day", None, 0, None, None)
        if fmt == "html":
            return render.html(reports, meta)
        return render.text(reports, meta)


def sizes(path: Path) -> list[tuple[str, int]]:
    with history_db.open_history(path, create=False) as db:
        try:
            return db.conn.execute(
                "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
            ).fetchall()
        except Exception:  # SQLite built without dbstat
            return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--audits", type=int, default=100_000)
    parser.add_argument("--sites", type=int, default=20)
    args = parser.parse_args()
    sites = args.sites
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "history.sqlite"
        results = pool()
        findings = statistics.mean(len(r.findings) for r, _ in results)
        print(f"pool: {len(results)} audited articles, {findings:.1f} findings each on average")
        timings = build(path, args.audits, sites, results)
        with history_db.open_history(path, create=False) as db:
            audits = db.conn.execute("SELECT count(*) FROM audits").fetchone()[0]
            rows = {
                t: db.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("runs", "items", "findings", "seen", "fingerprints")
            }
        size = path.stat().st_size
        print(f"database: {audits:,} audits, {rows}")
        print(
            f"recording a run ({audits // len(timings)} audits, {sites * UNCHANGED} unchanged): median "
            f"{statistics.median(timings) * 1000:.0f} ms, slowest {max(timings) * 1000:.0f} ms"
        )
        print(f"file: {size / 1e6:.1f} MB, {size / audits * 1000 / 1e6:.2f} MB per 1,000 audits")
        for name, pages in sizes(path)[:12]:
            print(f"  {name:<28} {pages / 1e6:7.1f} MB")
        site = f"site-{min(7, sites - 1):02d}.example"
        for fmt in ("text", "html"):
            seconds = timed(lambda fmt=fmt: report(path, site, fmt))
            print(f"history of one site ({audits // sites:,} audits), {fmt}, in process: "
                  f"{seconds * 1000:.0f} ms")  # fmt: skip
        db_arg = ("--db", str(path))
        print(f"`audit history --site {site}` as a command: "
              f"{command('history', *db_arg, '--site', site) * 1000:.0f} ms")  # fmt: skip
        print(f"  --format json: "
              f"{command('history', *db_arg, '--site', site, '-f', 'json') * 1000:.0f} ms")  # fmt: skip
        print(f"  --by week: "
              f"{command('history', *db_arg, '--site', site, '--by', 'week') * 1000:.0f} ms")  # fmt: skip
        print(f"`audit history` (all {sites} sites): {command('history', *db_arg) * 1000:.0f} ms")
        print(f"`audit version` start-up alone: {command('--version') * 1000:.0f} ms")
        with history_db.open_history(path, create=False) as db:
            last = query.last_run(db)
            gate = timed(lambda: query.regressions(db, last, 5, 28))
            print(f"regression gate over the last run ({sites} sites): {gate * 1000:.1f} ms")
            [(site_id, _)] = query.sites(db, [site])
            started = time.perf_counter()
            exported = sum(1 for _ in query.export(db, site_id))
            print(f"export of one site: {exported:,} audits in "
                  f"{time.perf_counter() - started:.2f} s")  # fmt: skip
            cut = db.conn.execute("SELECT started FROM runs WHERE id = ?", (last // 2,))
            before = cut.fetchone()[0]
            started = time.perf_counter()
            pruned = query.prune(db, before)
            print(f"prune of the first half: {pruned.audits:,} audits in "
                  f"{time.perf_counter() - started:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
