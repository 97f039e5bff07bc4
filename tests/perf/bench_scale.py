"""Scale benchmark: JSON Lines archives on `--jobs 2` and on a two-worker Dask LocalCluster.

    python tests/perf/bench_scale.py            # 1,000 and 10,000 documents (several minutes)
    python tests/perf/bench_scale.py --quick    # 200 and 1,000, for a smoke test

Builds deterministic JSON Lines corpora of original articles (bench.py's templates, 300-900
words, half of them with a site's stock footer, so the cross-document index has work to do),
then prints figures, not assertions:

- `audit run corpus.jsonl --jobs 2 -f jsonl -o FILE`: documents per second, and the peak RSS
  of the run (the largest of its processes);
- the same with `--dask` on a LocalCluster of two worker processes (one thread each):
  documents per second (client, scheduler and workers on this machine), and each worker's peak
  RSS;
- how the cost grows from the smaller corpus to the larger (x documents, x time).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "perf"))

from bench import article  # noqa: E402


def corpus(path: Path, n: int, seed: int = 11) -> Path:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            text = article(rng, rng.randint(300, 900), padded=i % 2 == 0)
            out.write(json.dumps({"id": f"doc-{i:05d}", "text": text}) + "\n")
    return path


def local_run(data: Path, out: Path, jobs: int) -> tuple[float, int]:
    """Seconds and peak RSS (KB, the largest process) of `audit run --jobs`."""
    cmd = [sys.executable, "-m", "audit", "run", str(data), "--no-config", "-j", str(jobs)]
    cmd += ["-f", "jsonl", "-o", str(out), "--exit-zero"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"audit run failed ({proc.returncode})")
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(usage.ru_maxrss, children)


def dask_run(data: Path, out: Path, workers: int) -> tuple[float, list[int]]:
    """Seconds of `audit run --dask` on a fresh LocalCluster, and each worker's peak RSS (KB)."""
    from distributed import Client, LocalCluster

    from audit.cli import main

    with LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
        silence_logs=50,
    ) as cluster, Client(cluster) as client:  # fmt: skip
        client.run(lambda: None)  # workers up before the clock starts
        start = time.perf_counter()
        args = ["run", str(data), "--no-config", "-f", "jsonl", "-o", str(out), "--exit-zero"]
        code = main([*args, "--dask", cluster.scheduler_address])
        elapsed = time.perf_counter() - start
        peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    if code != 0:
        raise SystemExit(f"audit run --dask failed ({code})")
    return elapsed, sorted(peaks.values())


def same_lines(a: Path, b: Path) -> bool:
    return a.read_bytes() == b.read_bytes()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    sizes = (200, 1000) if args.quick else (1000, 10000)
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in sizes:
            data = corpus(folder / f"corpus-{n}.jsonl", n)
            mb = data.stat().st_size / 1e6
            local_s, local_kb = local_run(data, folder / "local.jsonl", 2)
            dask_s, peaks = dask_run(data, folder / "dask.jsonl", 2)
            same = same_lines(folder / "local.jsonl", folder / "dask.jsonl")
            figures[n] = (local_s, dask_s)
            print(f"\n{n:,} documents ({mb:.1f} MB of JSON Lines):")
            print(
                f"  --jobs 2:            {local_s:7.1f} s  {n / local_s:6.1f} docs/s  peak RSS {local_kb / 1024:.0f} MB (largest process)"
            )
            print(
                f"  --dask (2 workers):  {dask_s:7.1f} s  {n / dask_s:6.1f} docs/s  peak RSS per worker {', '.join(f'{k / 1024:.0f}' for k in peaks)} MB"
            )
            print(f"  JSON Lines reports identical: {same}")
    small, large = sizes
    grow = large / small
    for label, i in (("--jobs 2", 0), ("--dask", 1)):
        ratio = figures[large][i] / figures[small][i]
        print(
            f"\n{label}: {grow:.0f}x the documents took {ratio:.1f}x the time ({ratio / grow:.2f} of linear)"
        )


if __name__ == "__main__":
    main()
