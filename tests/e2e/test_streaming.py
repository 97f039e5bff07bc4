"""Big batches: two passes over local inputs, streamed reports, a compact cross-document index.

Streaming must not change a report: these tests compare the streamed output with the in-memory
path (the library API) and --jobs 2 with --jobs 1. No timings are asserted.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
from pathlib import Path

import pytest
from rich.console import Console

from audit.app import RunOptions
from audit.app.reading import Batch
from audit.cli import main
from audit.document import Document
from audit.engine import Engine
from audit.inputs import expand, read
from audit.kinds.boilerplate import SAMPLE, CrossIndex
from audit.render import github as github_render
from audit.render import json as json_render
from audit.render import text as text_render
from audit.summary import Summary, summarise
from tests.conftest import CORPUS

FOOTER = "The Valley Courier has served the towns of the valley since 1952."
STORIES = [
    ("Bridge Closes for Repairs", "The county closed the Mill Bridge on Monday after cracks."),
    (
        "Harvest Fair Opens",
        "The harvest fair opens on Saturday with forty stalls, organisers said.",
    ),
    ("Library Extends Hours", "The central library will open until nine on weekdays from May."),
    (
        "Ferry Timetable Changes",
        "Analysts suggest the new ferry timetable could reshape commuting.",
    ),
]


def footer_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    for i, (title, body) in enumerate(STORIES):
        text = f"{title}\n\n{body}\n\n{FOOTER}\n"
        (folder / f"{i:02d}-story.txt").write_text(text, encoding="utf-8")
    return folder


def in_memory(engine: Engine, folder: Path) -> list:
    docs = [read(item) for item in expand([str(folder)])]
    return engine.audit(docs)


@pytest.mark.parametrize("keep", [0, 10**9], ids=["read-again", "kept"])
def test_streamed_json_equals_the_in_memory_report(
    tmp_path: Path, engine: Engine, monkeypatch, keep: int
) -> None:
    monkeypatch.setattr(Batch, "KEEP_CHARS", keep)
    folder = footer_folder(tmp_path)
    out = tmp_path / "out.json"
    assert main(["run", str(folder), "--format", "json", "-o", str(out), "-j", "1"]) == 0
    streamed = out.read_text(encoding="utf-8")
    assert streamed == json_render.render(in_memory(engine, folder))
    docs = json.loads(streamed)["documents"]
    assert all(
        any(f["rule"] in ("recycled-sentence", "recycled-line") for f in d["findings"])
        for d in docs
    ), "the shared footer is found across the documents of the streamed run"


@pytest.mark.parametrize("count", [0, 1, 3])
def test_json_stream_writes_the_same_bytes_as_render(engine: Engine, count: int) -> None:
    results = engine.audit(
        [Document.build(f"{t}\n\n{b}\n\n{FOOTER}\n", f"d{i}") for i, (t, b) in enumerate(STORIES)]
    )[:count]
    errors = [("gone.txt", "no such file or folder"), ("x\u2028y.jsonl:3", "not JSON")]
    parts: list[str] = []
    stream = json_render.Stream(parts.append)
    for r in results:
        stream.add(r)
    stream.finish(errors, summarise(results, errors))
    assert "".join(parts) == json_render.render(results, errors)


def test_text_and_github_streams_equal_their_renderers(engine: Engine) -> None:
    docs = [
        Document.build(p.read_text(encoding="utf-8"), p.name) for p in sorted(CORPUS.glob("*.txt"))
    ]
    results = engine.audit(docs[:5])
    errors = [("gone.txt", "no such file or folder")]
    recorded = Console(record=True, file=open(os.devnull, "w"), width=100)  # noqa: SIM115
    text_render.render(results, errors, recorded)  # how a text report file was written before
    buffer = io.StringIO()
    stream = text_render.Stream(Console(file=buffer, width=100, color_system=None))
    summary = Summary()
    for r in results:
        stream.add(r)
        summary.add(r)
    stream.finish(errors, summary.as_dict(errors))
    assert buffer.getvalue() == recorded.export_text()
    lines: list[str] = []
    github = github_render.Stream(lines.append)
    for r in results:
        github.add(r)
    github.finish(errors)
    assert "".join(lines) == github_render.render(results, errors)


def test_summary_aggregates_equal_the_summary_of_kept_results(engine: Engine) -> None:
    docs = [
        Document.build(p.read_text(encoding="utf-8"), p.name) for p in sorted(CORPUS.glob("*.txt"))
    ]
    docs.append(
        Document.build(
            docs[0].text, "https://news.example/a", meta={"url": "https://news.example/a"}
        )
    )
    results = engine.audit(docs)
    summary = Summary()
    for r in results:
        summary.add(r)
    errors = [("bad", "broken")]
    assert summary.as_dict(errors) == summarise(results, errors)
    assert len(summary.as_dict()["worst"]) == 5


def test_text_report_streamed_to_a_file_and_to_stdout(tmp_path: Path, capsys) -> None:
    folder = footer_folder(tmp_path)
    out = tmp_path / "report.txt"
    assert main(["run", str(folder), "-o", str(out), "-j", "1"]) == 0
    report = out.read_text(encoding="utf-8")
    assert report.count("grade") >= len(STORIES) and "4 documents audited, 0 unreadable" in report
    data = json.loads(main_json(folder))  # the closing line counts what the JSON report holds
    sev = data["summary"]["by_severity"]
    assert report.endswith(
        f"4 documents, {data['summary']['findings']} findings ({sev['error']} error, "
        f"{sev['warning']} warning, {sev['info']} info); passed\n"
    )
    assert main(["run", str(folder), "-j", "1", "-f", "text"]) == 0
    assert capsys.readouterr().out.count("grade") >= len(STORIES)


def main_json(path: Path) -> str:
    """The JSON report of `path`, through a file (stdout is the test's)."""
    out = path.parent / "closing-check.json"
    main(["run", str(path), "-f", "json", "-o", str(out), "-j", "1"])
    return out.read_text(encoding="utf-8")


def jsonl_batch(tmp_path: Path) -> Path:
    lines = [
        json.dumps({"id": f"story{i}", "text": f"{t}\n\n{b}\n\n{FOOTER}"})
        for i, (t, b) in enumerate(STORIES)
    ]
    lines.insert(2, "{not json")
    lines.insert(4, json.dumps({"id": "no-text"}))
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return batch


def test_jsonl_batch_with_bad_lines_reports_the_others(tmp_path: Path, capsys) -> None:
    batch = jsonl_batch(tmp_path)
    code = main(["run", str(batch), "--format", "json", "-j", "1"])
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert code == 2
    assert [d["source"] for d in data["documents"]] == [f"story{i}" for i in range(4)]
    assert [e["source"] for e in data["errors"]] == [f"{batch}:3", f"{batch}:5"]
    assert data["summary"]["documents"] == 4 and data["summary"]["failed"] == 2
    assert captured.err.splitlines() == [
        f"audit: error: {batch}:3: not JSON (Expecting property name enclosed in double quotes)",
        f"audit: error: {batch}:5: each line needs an object with a 'text' string",
        f"audit: 4 documents, {data['summary']['findings']} findings (0 error, "
        f"{data['summary']['by_severity']['warning']} warning, 0 info), 2 unreadable; passed",
    ]
    recycled = [
        f
        for d in data["documents"]
        for f in d["findings"]
        if f["rule"] in ("recycled-sentence", "recycled-line")
    ]
    assert len(recycled) == 4 and "recycled across 4 documents" in recycled[0]["message"]


def record_auditing_processes(monkeypatch, folder: Path) -> None:
    """Touch `folder`/PID in every process that audits a document (`Engine.audit_one`, patched
    before the pool forks, so its workers record themselves too)."""
    audit_one = Engine.audit_one

    def recording(self: Engine, *args, **kwargs):
        (folder / str(os.getpid())).touch()
        return audit_one(self, *args, **kwargs)

    monkeypatch.setattr(Engine, "audit_one", recording)


@pytest.mark.parametrize("fmt", ["json", "text", "github", "sarif", "markdown", "junit"])
def test_jobs_2_equals_jobs_1(tmp_path: Path, fmt: str, monkeypatch) -> None:
    """The same report, and --jobs 2 really audits in worker processes: a run that fell back
    to one process would give the same report and hide it."""
    batch = jsonl_batch(tmp_path)
    folder = footer_folder(tmp_path)
    pids = tmp_path / "pids"
    record_auditing_processes(monkeypatch, pids)
    outputs, auditors = [], []
    for jobs in ("1", "2"):
        pids.mkdir()
        out = tmp_path / f"{fmt}-{jobs}.out"
        code = main(
            ["run", str(CORPUS), str(folder), str(batch), "-f", fmt, "-o", str(out), "-j", jobs]
        )
        assert code == 2  # the two bad lines
        outputs.append(out.read_text(encoding="utf-8"))
        auditors.append({int(p.name) for p in pids.iterdir()})
        shutil.rmtree(pids)
    assert outputs[0] == outputs[1]
    assert auditors[0] == {os.getpid()}
    assert auditors[1] and os.getpid() not in auditors[1], auditors  # every document in a worker


def test_gates_and_baseline_on_a_streamed_run(tmp_path: Path, capsys) -> None:
    folder = footer_folder(tmp_path)
    base = tmp_path / "base.json"
    assert main(["baseline", str(folder), "-o", str(base)]) == 0
    assert "documents written to" in capsys.readouterr().err
    assert main(["run", str(folder), "--fail-on", "info", "-f", "json"]) == 1
    capsys.readouterr()
    args = ["run", str(folder), "--baseline", str(base), "--fail-on", "info", "-f", "json"]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert all(d["findings"] == [] for d in json.loads(captured.out)["documents"])
    assert "findings accepted by the baseline" in captured.err
    (folder / "99-new.txt").write_text(
        "New Story\n\nAnalysts suggest the plan could fail.\n\n" + FOOTER, encoding="utf-8"
    )
    assert main(args) == 1
    assert main(["run", str(folder), "--fail-under", "0"]) == 0


def test_an_item_gone_between_the_passes_is_one_error(
    tmp_path: Path, engine: Engine, monkeypatch
) -> None:
    monkeypatch.setattr(Batch, "KEEP_CHARS", 0)  # every document is read again
    folder = footer_folder(tmp_path)
    said: list[str] = []
    batch = Batch(RunOptions(paths=(str(folder),), jobs=1), engine, say=said.append)
    (folder / "01-story.txt").unlink()
    sources = [Path(r.document.source).name for r in batch.results()]
    assert sources == ["00-story.txt", "02-story.txt", "03-story.txt"]
    assert [Path(s).name for s, _ in batch.errors] == ["01-story.txt"]
    assert sum(m.startswith("error:") for m in said) == 1


def test_a_small_batch_is_read_once_and_kept_between_the_passes(
    tmp_path: Path, engine: Engine, monkeypatch
) -> None:
    folder = footer_folder(tmp_path)
    first = len((folder / "00-story.txt").read_text(encoding="utf-8"))
    monkeypatch.setattr(Batch, "KEEP_CHARS", first)  # room for the first document only
    batch = Batch(RunOptions(paths=(str(folder),), jobs=1), engine)
    (folder / "00-story.txt").unlink()  # kept in memory: still audited
    (folder / "01-story.txt").unlink()  # not kept: read again, and gone
    sources = [Path(r.document.source).name for r in batch.results()]
    assert sources == ["00-story.txt", "02-story.txt", "03-story.txt"]
    assert [Path(s).name for s, _ in batch.errors] == ["01-story.txt"]


def test_engine_index_one_document_at_a_time_equals_prepare(engine: Engine) -> None:
    texts = [f"{t}\n\n{b}\n\n{FOOTER}\n" for t, b in STORIES]
    expected = engine.audit([Document.build(t, f"d{i}") for i, t in enumerate(texts)])
    run = engine.start()
    for i, t in enumerate(texts):
        engine.index(Document.build(t, f"d{i}"), i, run)  # built, indexed, dropped
    got = [engine.audit_one(Document.build(t, f"d{i}"), run, i) for i, t in enumerate(texts)]
    assert [r.findings for r in got] == [r.findings for r in expected]
    streamed = list(
        engine.audit_each(enumerate(texts), lambda t: Document.build(t, "d"), run, jobs=2)
    )
    assert [r.findings for r in streamed] == [r.findings for r in expected]


def test_cross_index_counts_each_document_once_and_bounds_its_sample() -> None:
    index = CrossIndex(size=4)  # grows
    for position in range(SAMPLE + 10):
        index.add(position, [11, 22, 11], ["story", f"term{position}"])
        index.add(position, [22, 33 + position], [])  # a second rule: same document

    def holders(key: int) -> tuple[int, list[int]]:
        count, sample = index.holders(key)
        return count, list(sample)

    assert holders(11) == (SAMPLE + 10, list(range(SAMPLE)))
    assert holders(22)[0] == SAMPLE + 10
    assert holders(33) == (1, [0])
    assert holders(44) == (1, [11])
    assert holders(7) == (0, [])
    assert index.core(3) is not None and len(index.core(3)) == 2
    assert index.core(10_000) is None


def test_same_story_guard_with_few_and_many_holders(default_rules) -> None:
    rules = [r for r in default_rules if r.id == "recycled-sentence"]
    engine = Engine(rules)
    shared = "The new timetable adds two morning crossings on weekdays from June."
    story = "Ferry Timetable Changes\n\nThe island ferry timetable changes in June for summer.\n\n"
    fair = "Harvest Fair Opens\n\nThe harvest fair opens on Saturday with forty stalls.\n\n"
    rewrites = [Document.build(story + shared, f"r{i}") for i in range(SAMPLE + 4)]
    assert all(r.findings == [] for r in engine.audit(rewrites)), "one story: reporting"
    other = Document.build(fair + shared, "x")
    few = engine.audit([*rewrites[:3], other])
    assert all(r.findings for r in few), "exact with up to SAMPLE holders: a footer"
    many = engine.audit([*rewrites, other])
    assert many[-1].findings, "the first SAMPLE holders are another story"
    assert many[0].findings == [], "all SAMPLE sampled holders are its story (documented)"


def test_html_documents_are_extracted_once_and_report_as_in_memory(
    tmp_path: Path, engine: Engine, monkeypatch
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for i, (title, body) in enumerate(STORIES):
        page = (
            f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>{body}</p><p>{FOOTER}</p></article></body></html>"
        )
        (folder / f"{i}.html").write_text(page, encoding="utf-8")
    expected = json_render.render(in_memory(engine, folder))
    from audit import htmltext

    calls = tmp_path / "calls"  # a file: with -j 2, pages are extracted in worker processes
    extract = htmltext.extract

    def counted(*args):
        with calls.open("a", encoding="utf-8") as log:
            log.write(f"{os.getpid()}\n")
        return extract(*args)

    monkeypatch.setattr(htmltext, "extract", counted)
    for jobs in ("1", "2"):
        out = tmp_path / f"pages{jobs}.json"
        assert main(["run", str(folder), "-f", "json", "-o", str(out), "-j", jobs]) == 0
        assert out.read_text(encoding="utf-8") == expected
    pids = calls.read_text(encoding="utf-8").split()
    assert len(pids) == 2 * len(STORIES), "each page extracted once per run"
    assert set(pids[len(STORIES) :]) - {str(os.getpid())}, "with -j 2, in the workers"


def test_a_killed_worker_loses_its_documents_not_the_run(engine: Engine) -> None:
    """A worker killed mid-audit (as the OOM killer does) left the parent waiting forever. Now
    the documents in flight are reported as lost, a fresh pool audits the rest, and every
    other result is the one a serial run gives."""
    texts = [f"{t}\n\n{b}\n\n{FOOTER}\n" for t, b in STORIES] * 4
    texts[9] = "KILL\n\nThis document takes its worker down with it."
    parent = os.getpid()

    def load(text: str) -> Document:
        if text.startswith("KILL") and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return Document.build(text, "d")

    run = engine.start()
    for i, t in enumerate(texts):
        engine.index(Document.build(t, "d"), i, run)
    out = list(engine.audit_each(enumerate(texts), load, run, jobs=2, lost=lambda i, r: (i, r)))
    assert len(out) == len(texts)  # one answer per document, in order, and no hang
    lost = [o for o in out if isinstance(o, tuple)]
    assert any(item == texts[9] for item, _ in lost)
    assert all("worker process died" in reason for _, reason in lost)
    assert len(lost) <= 2 * 4 * 4  # at most the chunks in flight
    serial = [engine.audit_one(Document.build(t, "d"), run, i) for i, t in enumerate(texts)]
    for got, want in zip(out, serial, strict=True):
        if not isinstance(got, tuple):
            assert got.findings == want.findings and got.score == want.score


def _stamped(text: str) -> Document:
    """A loader that records which process loaded (and so audited) the document."""
    return Document.build(text, "d", meta={"pid": str(os.getpid())})


def test_jobs_2_really_audits_in_worker_processes(engine: Engine) -> None:
    """--jobs 2 must not silently fall back to one process: every document is loaded and
    audited in a forked worker, not in this one, and the results equal a one-process run."""
    texts = [f"{t}\n\n{b}\n\n{FOOTER}\n" for t, b in STORIES] * 3
    run = engine.start()
    for i, t in enumerate(texts):
        engine.index(Document.build(t, f"d{i}"), i, run)
    serial = list(engine.audit_each(enumerate(texts), _stamped, run, jobs=1))
    parallel = list(engine.audit_each(enumerate(texts), _stamped, run, jobs=2))
    assert {r.document.meta["pid"] for r in serial} == {str(os.getpid())}
    workers = {r.document.meta["pid"] for r in parallel}
    assert str(os.getpid()) not in workers and workers
    assert [r.findings for r in parallel] == [r.findings for r in serial]
