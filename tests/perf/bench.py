"""Throughput benchmark: audit against proselint, scaling, memory, parallel speed-up.

    python tests/perf/bench.py            # full run (a few minutes on 2 cores)
    python tests/perf/bench.py --quick    # smaller corpus, for a smoke test

Builds a deterministic corpus of original articles from templates (300-1,500 words, with and
without padding and boilerplate) in a temporary folder, then prints figures (medians of several
runs), not assertions:

- articles/s and ms/article for `audit run FOLDER` (one process, text input), and the same for
  `proselint check` on the same files (the peer; `pip install proselint`), with the ratio;
- scaling: one article at 1x, 10x and 100x its length (ms, and the ratio to linear);
- peak RSS of `audit run corpus.jsonl` for N articles (streamed input);
- `--jobs` speed-up on the machine's cores;
- a floor: one regex pass over the same text, to show the distance to the limit;
- the sentence model's own cost (`kind: model` rules), in ms per 700 words, the attribution
  analysis it shares with the attribution rules computed beforehand (`--model-only`: this alone);
- start-up: one article, whole process, `audit run FILE` against `proselint check FILE`, runs
  paired and interleaved (median of 7 each), with the pack's regex cache warm (every run after
  the first) and cold (`--startup-only`: this alone), and where a warm start goes (its phases
  timed in one process: importing, the pack, the outlet registry, the first article);
- real web pages (../shared/real/pages, when present): ms a page for `audit run FOLDER` in one
  process against trafilatura's bare `extract()` of the same pages in one process, paired and
  interleaved, and the `--jobs` speed-up on them (`--pages-only`: these alone).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

CITIES = [
    "Halvern",
    "Port Anselm",
    "Tessaly",
    "Marlow",
    "Ashford",
    "Kelby",
    "Ostrava Bay",
    "Rendham",
    "Coldbrook",
    "Saint Ives Cross",
    "Varna Hill",
    "Northmere",
    "Ellisport",
]
ORGS = [
    "the port authority",
    "the city council",
    "the transport ministry",
    "Corvane Minerals",
    "Brightway Solar",
    "the regional water board",
    "Lyon Partners",
    "the health trust",
    "the county school board",
    "Meridian Rail",
    "the housing agency",
    "Talbot & Reyes",
    "the energy regulator",
    "Oakline Foods",
    "the finance ministry",
    "Harlow University",
]
FIRST = [
    "Ana",
    "Jamal",
    "Ingrid",
    "Tomas",
    "Priya",
    "Wei",
    "Lucia",
    "Omar",
    "Greta",
    "Kofi",
    "Marta",
    "Daniel",
    "Yuki",
    "Fatima",
    "Pieter",
    "Chloe",
]
LAST = [
    "Ruiz",
    "Okafor",
    "Halden",
    "Weber",
    "Natarajan",
    "Chen",
    "Moreau",
    "Haddad",
    "Lund",
    "Mensah",
    "Kowalski",
    "Byrne",
    "Sato",
    "Rahman",
    "de Vries",
    "Dubois",
]
ROLES = [
    "a spokesperson for",
    "the chief executive of",
    "a senior engineer at",
    "the treasurer of",
    "an economist at",
    "the head of planning at",
    "a board member of",
    "a lawyer for",
]
THINGS = [
    "ferry route",
    "water treatment plant",
    "bus depot",
    "school building programme",
    "housing scheme",
    "rail upgrade",
    "solar farm",
    "hospital wing",
    "flood barrier",
    "bridge repair",
    "broadband rollout",
    "port expansion",
    "food bank",
    "tram line",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
MONTHS = ["January", "March", "April", "June", "September", "October", "November"]
VERBS = [
    "said",
    "told reporters",
    "wrote in a statement",
    "said in an interview",
    "confirmed on " + "{day}",
    "said at a briefing",
]
FACTS = [
    "{org} approved a {n} million budget for the {city} {thing} on {day}, {person} {verb}.",
    "{person}, {role} {org}, {verb} that work on the {thing} would start in {month}.",
    "According to figures published by {org}, use of the {thing} in {city} fell {n} percent "
    "last year.",
    "\u201cWe will keep the {thing} open through {month},\u201d {person} said at a meeting in "
    "{city}.",
    "The plan covers {n} sites across {city} and {n2} neighbouring towns, {org} said.",
    "{person} added that the contract for the {thing} would be tendered in {month}.",
    "A report by {org} found {n} faults in the {city} {thing} during an inspection in {month}.",
    "{org} will hold a public consultation on the {thing} from {month}, {person} {verb}.",
    "Council records show the {thing} cost {n} million, {n2} percent more than planned.",
    "{person} {verb} that {n} staff would move to the new {thing} in {city}.",
    "The {thing} served about {n} thousand residents of {city} in {month}, {org} said.",
    "In a filing on {day}, {org} said it had spent {n} million on the {thing} since {month}.",
]
SPECULATION = [
    "Analysts suggest the move could reshape the {thing} across the whole region.",
    "The timing of the {thing} announcement appears significant ahead of the {month} vote.",
    "This decision highlights growing concerns about the cost of the {thing} in {city}.",
    "Industry insiders say the {thing} deal is likely to face opposition, sources indicate.",
    "Experts believe the {thing} will probably transform daily life in {city}.",
    "The {thing} is arguably the most ambitious project {city} has seen in decades.",
    "Observers note that {org} is likely to face pressure over the {thing}.",
]
ADS = [
    "Northgate Panels delivers the most reliable rugged tablets, trusted by field engineers.",
    "Upgrade your office today with the ErgoLine Pro standing desk, now 20% off!",
    "Looking for a new sofa? Visit Casa Lumo for the best prices in {city}!",
]
FOOTER = [
    "This article aggregates information from publicly available sources.",
    "All trademarks and copyrights belong to their respective owners.",
    "Leave a Reply",
]  # fmt: skip


def article(rng: random.Random, words: int, padded: bool) -> str:
    """An original article: slot-filled sentences, so that few sentences recur verbatim
    (only the stock footers of padded articles recur, as a site's footer does)."""
    city, thing = rng.choice(CITIES), rng.choice(THINGS)
    title_org = rng.choice(ORGS)
    parts = [f"{title_org.title()} Backs New {thing.title()} Plan for {city}", ""]
    count = 0
    while count < words:
        para = []
        for _ in range(rng.randint(2, 4)):
            pool = SPECULATION if padded and rng.random() < 0.25 else FACTS
            s = rng.choice(pool).format(
                org=rng.choice(ORGS), city=city, n=rng.randint(2, 90), n2=rng.randint(2, 9),
                person=f"{rng.choice(FIRST)} {rng.choice(LAST)}", role=rng.choice(ROLES),
                thing=rng.choice([thing, thing, rng.choice(THINGS)]), month=rng.choice(MONTHS),
                day=rng.choice(DAYS), verb=rng.choice(VERBS).format(day=rng.choice(DAYS)),
            )  # fmt: skip
            s = s[0].upper() + s[1:]
            para.append(s)
            count += len(s.split())
        parts += [" ".join(para), ""]
        if padded and rng.random() < 0.15:
            parts += [rng.choice(ADS).format(city=city), ""]
    if padded:
        parts += [*(line for f in FOOTER for line in (f, ""))]
    return "\n".join(parts).strip() + "\n"


def build_corpus(folder: Path, n: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        p = folder / f"a{i:05d}.txt"
        p.write_text(article(rng, rng.randint(300, 1500), padded=i % 2 == 0), encoding="utf-8")
        paths.append(p)
    return paths


def timed(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def peak_rss_kb(cmd: list[str]) -> int:
    """Peak RSS of a child process (ru_maxrss of the waited child, Linux: KB)."""
    pid = os.fork()
    if pid == 0:  # child: exec the command with output discarded
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execvp(cmd[0], cmd)
    _, _, usage = os.wait4(pid, 0)
    return usage.ru_maxrss


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--model-only", action="store_true", help="only the sentence model's cost")
    ap.add_argument("--startup-only", action="store_true", help="only the start-up figure")
    ap.add_argument("--pages-only", action="store_true", help="only the web-page figures")
    args = ap.parse_args()
    n, runs, big = (60, 1, 1000) if args.quick else (300, 3, 10000)
    if args.startup_only or args.pages_only:
        tmp = Path(tempfile.mkdtemp(prefix="audit-bench-"))
        try:
            if args.startup_only:
                bench_startup(build_corpus(tmp, 1)[0], tmp, 3 if args.quick else 7)
            if args.pages_only:
                bench_pages(tmp, 1 if args.quick else 5)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    if args.model_only:
        tmp = Path(tempfile.mkdtemp(prefix="audit-bench-"))
        try:
            bench_model(build_corpus(tmp, n), max(3, runs))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    audit = [sys.executable, "-m", "audit"]
    tmp = Path(tempfile.mkdtemp(prefix="audit-bench-"))
    try:
        (tmp / "corpus").mkdir()
        files = build_corpus(tmp / "corpus", n)
        total_words = sum(len(p.read_text().split()) for p in files)
        print(f"corpus: {n} articles, {total_words} words, {runs} run(s) each, median\n")

        t_audit = timed([*audit, "run", str(tmp / "corpus"), "--format", "json", "-j", "1",
                         "-o", str(tmp / "out.json")], runs)  # fmt: skip
        print(
            f"audit run (1 process)   {n / t_audit:8.1f} articles/s  {1000 * t_audit / n:7.2f} ms/article"
        )
        if shutil.which("proselint"):
            t_prose = timed(["proselint", "check", str(tmp / "corpus")], runs)
            print(
                f"proselint check         {n / t_prose:8.1f} articles/s  {1000 * t_prose / n:7.2f} ms/article"
            )
            print(f"ratio (audit/proselint) {t_prose / t_audit:8.2f}x articles per second")
        else:
            print("proselint not installed: pip install proselint")

        from audit.document import Document
        from audit.engine import Engine
        from audit.rules import default_pack_path, load_rules

        engine = Engine(load_rules([default_pack_path()]))
        base = files[0].read_text(encoding="utf-8")
        body = base.split("\n", 2)[2]
        print("\nscaling (one article, in process)")
        unit = None
        for k in (1, 10, 100):
            text = base + ("\n" + body) * (k - 1)
            t = min(_once(engine, Document, text) for _ in range(max(1, runs)))
            unit = unit or t
            print(
                f"  {k:>3}x  {len(text) / 1e3:8.0f} kB  {1000 * t:9.1f} ms  {t / (unit * k):5.2f}x linear"
            )

        print()
        bench_model(files, max(3, runs))

        jsonl = tmp / "big.jsonl"
        rng = random.Random(11)
        with jsonl.open("w", encoding="utf-8") as fh:
            for i in range(big):
                fh.write(
                    json.dumps(
                        {"id": f"doc{i}", "text": article(rng, rng.randint(300, 700), i % 2 == 0)}
                    )
                    + "\n"
                )
        for size in (big // 10, big):
            part = tmp / f"part{size}.jsonl"
            with jsonl.open(encoding="utf-8") as src, part.open("w", encoding="utf-8") as dst:
                for _, line in zip(range(size), src, strict=False):
                    dst.write(line)
            kb = peak_rss_kb(
                [
                    *audit,
                    "run",
                    str(part),
                    "--format",
                    "json",
                    "-j",
                    "1",
                    "-o",
                    str(tmp / "big.json"),
                ]
            )
            print(f"\npeak RSS, {size:>6} articles from JSON Lines: {kb / 1024:7.1f} MB")

        cores = os.cpu_count() or 1
        t1 = timed(
            [
                *audit,
                "run",
                str(tmp / "corpus"),
                "--format",
                "json",
                "-j",
                "1",
                "-o",
                str(tmp / "o1.json"),
            ],
            runs,
        )
        tn = timed(
            [
                *audit,
                "run",
                str(tmp / "corpus"),
                "--format",
                "json",
                "-j",
                str(cores),
                "-o",
                str(tmp / "on.json"),
            ],
            runs,
        )
        same = (tmp / "o1.json").read_text() == (tmp / "on.json").read_text()
        print(f"\n--jobs {cores}: {t1 / tn:.2f}x faster than --jobs 1 (identical output: {same})")

        corpus_text = "\n".join(p.read_text(encoding="utf-8") for p in files)
        floor = re.compile(r"\b(?:said|suggest|could|appears)\b", re.I)
        t = time.perf_counter()
        sum(1 for _ in floor.finditer(corpus_text))
        t = time.perf_counter() - t
        print(f"floor: one regex pass over the corpus {1000 * t / n:.3f} ms/article")
        print()
        bench_startup(files[0], tmp, 3 if args.quick else 7)
        print()
        bench_pages(tmp, 1 if args.quick else 5)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


AUDIT = [sys.executable, "-m", "audit"]
PAGES = ROOT.parent / "shared" / "real" / "pages"


def paired(commands: dict[str, list[str]], runs: int, env: dict | None = None) -> dict:
    """Median wall time of each command, the commands run in turn (A, B, A, B, ...) so that
    the load of a shared machine falls on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            t = time.perf_counter()
            subprocess.run(
                cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env
            )
            times[name].append(time.perf_counter() - t)
    return {name: statistics.median(ts) for name, ts in times.items()}


def bench_startup(article_path: Path, tmp: Path, runs: int) -> None:
    """One article, whole process: audit against proselint, the regex cache warm and cold."""
    if not shutil.which("proselint"):
        print("start-up: proselint not installed (pip install proselint)")
        return
    cache = tmp / "regex-cache"
    env = dict(os.environ, AUDIT_CACHE_DIR=str(cache))
    run = [*AUDIT, "run", str(article_path), "--no-config"]
    subprocess.run(run, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    warm = paired({"audit": run, "proselint": ["proselint", "check", str(article_path)]}, runs, env)
    cold_env = dict(os.environ, AUDIT_CACHE_DIR="")  # no cache: every run analyses the pack
    cold = paired({"audit": run}, runs, cold_env)
    print(f"start-up, one article, whole process (median of {runs}, paired with proselint)")
    print(f"  audit run (cache warm)  {1000 * warm['audit']:7.0f} ms")
    print(f"  audit run (no cache)    {1000 * cold['audit']:7.0f} ms")
    print(f"  proselint check         {1000 * warm['proselint']:7.0f} ms")
    print(f"  ratio (audit/proselint) {warm['audit'] / warm['proselint']:7.2f}x the time")
    phases = [json.loads(_phases(article_path, env)) for _ in range(runs)]
    python = paired({"python": [sys.executable, "-c", "pass"]}, runs)["python"]
    print(f"  where a warm start goes (median of {runs} processes, timed inside):")
    print(f"    Python itself (python -c pass) {1000 * python:5.0f} ms")
    for name in phases[0]:
        ms = 1000 * statistics.median(p[name] for p in phases)
        print(f"    {name:30s} {ms:5.0f} ms")


PHASES = """
import json, sys, time, dataclasses
made = [0.0]
process = dataclasses._process_class
def timed(cls, *args, **kwargs):
    t = time.perf_counter(); out = process(cls, *args, **kwargs)
    made[0] += time.perf_counter() - t
    return out
dataclasses._process_class = timed
t0 = time.perf_counter()
import audit.cli
from audit.document import Document
from audit.engine import Engine
from audit.outlets import default_registry
from audit.rules import default_pack_path, load_rules
t1 = time.perf_counter()
rules = load_rules([default_pack_path()])
t2 = time.perf_counter()
default_registry()
t3 = time.perf_counter()
Engine(rules).audit_one(Document.build(open(sys.argv[1], encoding="utf-8").read(), sys.argv[1]))
t4 = time.perf_counter()
print(json.dumps({
    "importing the package": t1 - t0, "  of which making dataclasses": made[0],
    "loading the rule pack": t2 - t1, "the outlet registry": t3 - t2,
    "auditing the article": t4 - t3,
}))
"""


def _phases(article_path: Path, env: dict) -> str:
    """One warm start's phases, timed inside the process (JSON: seconds by phase)."""
    done = subprocess.run(
        [sys.executable, "-c", PHASES, str(article_path)],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout.strip().splitlines()[-1]


TRAFILATURA = """
import sys
from pathlib import Path
import trafilatura
for page in sorted(Path(sys.argv[1]).glob("*.html")):
    trafilatura.extract(page.read_text(encoding="utf-8", errors="replace"))
"""


def bench_pages(tmp: Path, runs: int) -> None:
    """Real pages: audit (one process, then --jobs) against trafilatura's bare extract()."""
    import gzip

    sources = sorted(PAGES.glob("*.html.gz")) if PAGES.is_dir() else []
    if not sources:
        print(f"pages: no pages in {PAGES}")
        return
    folder = tmp / "pages"
    folder.mkdir(exist_ok=True)
    for src in sources:
        (folder / src.name.removesuffix(".gz")).write_bytes(gzip.decompress(src.read_bytes()))
    n, cores = len(sources), os.cpu_count() or 1
    out = {j: tmp / f"pages-j{j}.json" for j in (1, cores)}
    run = {j: [*AUDIT, "run", str(folder), "--no-config", "-f", "json", "-o", str(out[j]),
               "--jobs", str(j)] for j in (1, cores)}  # fmt: skip
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    subprocess.run(run[1], check=False, **quiet)  # fills the regex cache
    bare = [sys.executable, "-c", TRAFILATURA, str(folder)]
    t = paired({"audit": run[1], "trafilatura": bare}, runs)
    print(f"real pages: {n} from {PAGES} (median of {runs}, paired)")
    print(f"  audit run --jobs 1      {1000 * t['audit'] / n:7.1f} ms a page")
    print(f"  trafilatura extract()   {1000 * t['trafilatura'] / n:7.1f} ms a page")
    print(f"  ratio (audit/trafilatura) {t['audit'] / t['trafilatura']:5.2f}x the time")
    if cores > 1:
        j = paired({"one": run[1], "many": run[cores]}, runs)
        same = out[1].read_bytes() == out[cores].read_bytes()
        print(
            f"  --jobs {cores}: {j['one'] / j['many']:.2f}x faster than --jobs 1 on the pages "
            f"(identical output: {same})"
        )


def bench_model(files: list[Path], runs: int) -> None:
    """The model rules' added cost: their check() on documents whose attribution analysis (shared
    with the attribution rules through the document's cache) is already done."""
    from audit.attribution import analyse, default_lexicon
    from audit.document import Document
    from audit.kinds.base import RunContext
    from audit.kinds.model import ModelKind
    from audit.rules import default_pack_path, load_rules

    rules = [r for r in load_rules([default_pack_path()]) if isinstance(r.kind, ModelKind)]
    docs = [Document.build(p.read_text(encoding="utf-8"), str(p)) for p in files]
    words = sum(d.word_count for d in docs)
    for d in docs:
        analyse(d, default_lexicon())
    run = RunContext()
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        found = sum(len(list(r.kind.check(d, run))) for d in docs for r in rules)
        best = min(best, time.perf_counter() - start)
    per = 1000 * best / (words / 700)
    print(
        f"sentence model ({len(rules)} rules, {len(docs)} articles, {words} words): {per:.3f} ms per 700-word article, {found} findings (best of {runs})"
    )


def _once(engine, document_cls, text: str) -> float:
    t = time.perf_counter()
    engine.audit([document_cls.build(text, "scale")])
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
