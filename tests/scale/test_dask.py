"""Audits on a real dask.distributed LocalCluster (two in-process workers): results equal a
local run's on the same inputs, finding for finding and score for score; the cross-document
index is built in two passes across partitions; a poisoned record is an error record and the
rest of its partition is kept; workers build the engine once, not once per document."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

pytest.importorskip("warcio")
distributed = pytest.importorskip("distributed")
db = pytest.importorskip("dask.bag")

from audit import dask as audit_dask  # noqa: E402
from audit.app import cluster  # noqa: E402
from audit.app.auditor import audit_texts  # noqa: E402
from audit.app.options import RunOptions  # noqa: E402
from audit.cli import main  # noqa: E402
from audit.document import Document  # noqa: E402
from tests.conftest import CORPUS, ROOT  # noqa: E402
from tests.warcs import page, write_warc  # noqa: E402

LABELLED = ROOT / "tests" / "labelled" / "01-first-blind-mix"
FOOTER = "Coastline Gazette is an independent newspaper serving the coast since 1901."


@pytest.fixture(scope="module")
def scheduler():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as local:
        yield local.scheduler_address


@pytest.fixture
def small_partitions(monkeypatch):
    monkeypatch.setattr(cluster, "PARTITION", 3)  # several partitions out of a few documents


def site_pages(n: int, host: str = "gazette.example.com") -> list[tuple[str, bytes]]:
    pages = []
    for path in sorted(CORPUS.glob("*.txt"))[:n]:
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        pages.append((f"https://{host}/{path.stem}", page(title.strip(), body, FOOTER)))
    return pages


def inputs(tmp_path: Path, poison: bool = False) -> list[str]:
    """A labelled folder, a WARC of a site's pages (with a shared footer) and JSON Lines."""
    folder = tmp_path / "labelled"
    shutil.copytree(LABELLED, folder)
    pages = site_pages(7)
    if poison:
        pages.insert(3, ("https://gazette.example.com/poison", b"\x00\x01binary" * 50))
    archive = write_warc(tmp_path / "site.warc.gz", pages)
    batch = tmp_path / "batch.jsonl"
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))[7:12]]
    lines = [json.dumps({"id": f"rec-{i}", "text": t}) for i, t in enumerate(texts)]
    batch.write_text("\n".join([*lines[:2], "not json", *lines[2:]]) + "\n", encoding="utf-8")
    return [str(folder), str(archive), str(batch)]


def report(paths: list[str], out: Path, *extra: str) -> tuple[int, dict]:
    code = main(["run", *paths, "--no-config", "-f", "json", "-o", str(out), *extra])
    return code, json.loads(out.read_text(encoding="utf-8"))


def test_results_on_dask_equal_a_local_run(tmp_path, scheduler, small_partitions) -> None:
    paths = inputs(tmp_path)
    local = report(paths, tmp_path / "local.json", "-j", "1")
    on_dask = report(paths, tmp_path / "dask.json", "--dask", scheduler)
    assert on_dask == local  # exit code, every document, finding, score; errors; summary
    documents = local[1]["documents"]
    assert len(documents) == 13 + 7 + 5
    assert [e["source"] for e in local[1]["errors"]] == [f"{paths[2]}:3"]
    recycled = {
        d["source"]
        for d in documents
        for f in d["findings"]
        if f["rule"].startswith("recycled-")
        and FOOTER in f["excerpt"]
        and d["source"].startswith("https://")
    }
    assert len(recycled) == 7  # the footer of every page of the site, across partitions


def test_a_poisoned_record_is_an_error_and_the_rest_is_kept(
    tmp_path, scheduler, small_partitions
) -> None:
    paths = inputs(tmp_path, poison=True)
    local = report(paths, tmp_path / "local.json", "-j", "1")
    on_dask = report(paths, tmp_path / "dask.json", "--dask", scheduler)
    assert on_dask == local
    errors = {e["source"]: e["message"] for e in on_dask[1]["errors"]}
    assert errors["https://gazette.example.com/poison"] == "looks binary, not text"
    assert len(on_dask[1]["documents"]) == 13 + 7 + 5


def test_audit_bag_equals_audit_texts_and_fails_one_document_only(scheduler) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))[:9]]
    texts += [f"Page {i}\n\nThe mayor spoke on day {i}.\n\n{FOOTER}" for i in range(4)]
    expected = audit_texts(texts, RunOptions(no_config=True))
    poison = Document.build("A text whose sentences are broken.", "poison")
    poison.sentences = None  # type: ignore[assignment]
    elements = [*texts[:5], poison, *texts[5:]]
    built = audit_dask.engines_built
    with distributed.Client(scheduler):
        bag = db.from_sequence(elements, npartitions=5)
        results = audit_dask.audit_bag(bag, options=RunOptions(no_config=True)).compute()
    failed = [r for r in results if isinstance(r, audit_dask.Failed)]
    assert [f.source for f in failed] == ["poison"]
    assert "cannot be audited" in failed[0].message
    kept = [r for r in results if not isinstance(r, audit_dask.Failed)]
    assert [r.document.source for r in kept] == [
        f"<text {n}>" for n in range(1, len(elements) + 1) if n != 6
    ]
    assert [(r.findings, r.score) for r in kept] == [(r.findings, r.score) for r in expected]
    assert audit_dask.engines_built - built <= 1  # one process: one engine, however many tasks


def test_without_dask_the_option_is_one_error_naming_the_extra(
    tmp_path, monkeypatch, capsys
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    code = main(["run", str(LABELLED), "--no-config", "--dask", "local", "-f", "json"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().count("\n") == 0 and "audit[scale]" in err
