"""The history database through its API: schema and migrations, recording runs at chosen times,
trends by day and week, regressions, prune and export, on real SQLite files in tmp_path."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import pytest

from audit.cli import main
from audit.document import Document
from audit.engine import Engine
from audit.history import db as db_module
from audit.history import open_history, query
from audit.history.db import HistoryError
from audit.history.feedrun import FeedRun
from tests.conftest import ROOT, SAMPLES

WIRE = (SAMPLES / "wire-story.txt").read_text(encoding="utf-8")  # scores 100
FARM = (SAMPLES / "aggregated-article.txt").read_text(encoding="utf-8")  # scores 0
PACK = "test-pack"


def record(
    path: Path, engine: Engine, pages: dict[str, str], when: str, pack: str = PACK
) -> FeedRun:
    """One run at `when` (ISO date-time) auditing `pages` (URL -> text)."""
    at = datetime.fromisoformat(when).replace(tzinfo=UTC)
    run = FeedRun(open_history(path), pack, "0-test", {"note": "x"}, clock=lambda: at)
    docs = [Document.build(text, url, meta={"url": url}) for url, text in pages.items()]
    docs = run.skip_unchanged(docs)
    results = engine.audit(docs, seed=run.seed(docs))
    run.record(results)
    run.history.close()
    return run


def rows(path: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, params).fetchall()


def history_json(capsys, path: Path, *args: str) -> dict:
    assert main(["history", "--db", str(path), "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def trended(tmp_path: Path, engine: Engine) -> Path:
    """good.example: 100, 100, then 0 a week later; mixed.example: 0 then 100."""
    path = tmp_path / "h.sqlite"
    record(path, engine, {"https://good.example/1": WIRE, "https://mixed.example/1": FARM},
           "2024-05-01T08:00:00")  # fmt: skip
    record(path, engine, {"https://good.example/2": WIRE}, "2024-05-02T08:00:00")
    record(path, engine, {"https://good.example/3": FARM, "https://mixed.example/2": WIRE},
           "2024-05-08T08:00:00")  # fmt: skip
    return path


def test_a_new_database_is_migrated_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    with open_history(path) as db:
        assert db.conn.execute("PRAGMA user_version").fetchone() == (len(db_module.MIGRATIONS),)
        assert db.conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
        with pytest.raises(sqlite3.IntegrityError):
            db.conn.execute(
                "INSERT INTO audits (run_id, item_id, site_id, at, score, grade, words, "
                "categories) VALUES (99, 99, 99, '', 0, 'F', 0, '{}')"
            )
    tables = {t for (t,) in rows(path, "SELECT name FROM sqlite_schema WHERE type = 'table'")}
    assert {"runs", "items", "audits", "findings", "fingerprints", "sites", "feeds"} <= tables


def test_an_upgrade_runs_each_step_once_and_a_failed_step_changes_nothing(
    tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "old.sqlite"
    open_history(path).close()
    version = len(db_module.MIGRATIONS)
    step = ("ALTER TABLE runs ADD COLUMN note TEXT", "CREATE TABLE extra (x INTEGER)")
    broken = ("ALTER TABLE runs ADD COLUMN other TEXT", "ALTER TABLE nowhere ADD COLUMN x TEXT")
    monkeypatch.setattr(db_module, "MIGRATIONS", [*db_module.MIGRATIONS, broken])
    with pytest.raises(HistoryError, match=rf"cannot upgrade the schema from {version} to"):
        open_history(path)
    assert rows(path, "PRAGMA user_version") == [(version,)]
    assert "other" not in {r[1] for r in rows(path, "PRAGMA table_info(runs)")}
    monkeypatch.setattr(db_module, "MIGRATIONS", [*db_module.MIGRATIONS[:-1], step])
    open_history(path).close()
    open_history(path).close()  # a second open finds nothing to do
    assert rows(path, "PRAGMA user_version") == [(version + 1,)]
    assert "note" in {r[1] for r in rows(path, "PRAGMA table_info(runs)")}


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        ("PRAGMA user_version = 99", "made by a newer audit (schema 99"),
        ("CREATE TABLE contacts (name TEXT)", "a SQLite database, but not an audit history"),
    ],
)
def test_databases_of_other_versions_and_programs_are_refused(
    tmp_path: Path, prepare: str, message: str
) -> None:
    path = tmp_path / "other.sqlite"
    if "user_version" in prepare:
        open_history(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(prepare)
    with pytest.raises(HistoryError, match=re.escape(message)):
        open_history(path)
    assert rows(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'runs'") == [
        (0 if "contacts" in prepare else 1,)
    ]


def test_trends_by_day_and_by_week(trended: Path, capsys) -> None:
    report = history_json(capsys, trended)
    sites = {s["site"]: s for s in report["sites"]}
    assert list(sites) == ["good.example", "mixed.example"]
    good = sites["good.example"]
    assert good["trend"] == [
        {"period": "2024-05-01", "audits": 1, "mean_score": 100.0},
        {"period": "2024-05-02", "audits": 1, "mean_score": 100.0},
        {"period": "2024-05-08", "audits": 1, "mean_score": 0.0},
    ]
    assert good["items"] == 3 and good["audits"] == 3 and good["mean_score"] == 66.7
    weekly = history_json(capsys, trended, "--by", "week", "--site", "good.example")
    [only] = weekly["sites"]
    assert only["trend"] == [
        {"period": "2024-W18", "audits": 2, "mean_score": 100.0},
        {"period": "2024-W19", "audits": 1, "mean_score": 0.0},
    ]
    assert only["worst"][0]["source"] == "https://good.example/3"
    assert sum(only["findings_by_category"].values()) > 0
    since = history_json(capsys, trended, "--since", "2024-05-02")
    assert [s["audits"] for s in since["sites"]] == [2, 1]
    assert report["runs"] == 3 and report["first_run"] == "2024-05-01T08:00:00Z"


def test_changes_since_the_previous_run(trended: Path, capsys, engine: Engine) -> None:
    record(trended, engine, {"https://good.example/3": FARM + "\n\nA correction was added.",
                             "https://good.example/4": WIRE}, "2024-05-09T08:00:00")  # fmt: skip
    good = history_json(capsys, trended, "--site", "good.example")["sites"][0]
    changes = good["changes"]
    assert changes["at"] == "2024-05-09T08:00:00Z"
    assert changes["previous_at"] == "2024-05-08T08:00:00Z"
    assert changes["counts"] == {"changed": 1, "new": 1}
    [changed] = changes["items"]["changed"]
    assert changed["source"] == "https://good.example/3" and changed["previous_score"] == 0


def test_unchanged_text_is_not_audited_again_unless_the_pack_changed(
    tmp_path: Path, engine: Engine
) -> None:
    path = tmp_path / "h.sqlite"
    record(path, engine, {"https://a.example/1": WIRE}, "2024-05-01T08:00:00")
    run = record(path, engine, {"https://a.example/1": WIRE}, "2024-05-02T08:00:00")
    assert [(u.reason, u.score) for u in run.unchanged] == [("same text", 100)]
    run = record(path, engine, {"https://a.example/1": WIRE}, "2024-05-03T08:00:00", "pack-2")
    assert run.unchanged == []
    assert rows(path, "SELECT s.status FROM seen s ORDER BY run_id") == [
        ("new",),
        ("unchanged",),
        ("re-audited",),
    ]


def test_the_regression_gate_compares_with_the_trailing_mean_of_the_same_pack(
    trended: Path, capsys, engine: Engine
) -> None:
    # good.example: 0 in the last run against 100, 100 in the week before
    assert main(["history", "--db", str(trended), "--fail-on-regression", "50"]) == 1
    err = capsys.readouterr().err
    assert "regression: good.example: mean score 0 in this run (1 audited) against 100" in err
    assert "mixed.example" not in err  # it rose
    assert main(["history", "--db", str(trended), "--fail-on-regression", "50",
                 "--trailing-days", "3"]) == 0  # fmt: skip
    capsys.readouterr()
    with open_history(trended) as db:
        [reg] = query.regressions(db, 3, 100, 28)
        assert (reg.site, reg.run_mean, reg.trailing_mean, reg.trailing_audits) == (
            "good.example", 0.0, 100.0, 2,
        )  # fmt: skip
    record(trended, engine, {"https://good.example/5": FARM}, "2024-05-09T08:00:00", "new-pack")
    assert main(["history", "--db", str(trended), "--fail-on-regression", "1"]) == 0
    capsys.readouterr()
    good = history_json(capsys, trended, "--site", "good.example")["sites"][0]
    assert good["regression"]["trailing_mean"] is None  # no audit of this pack before


def test_prune_forgets_old_runs_and_the_items_only_they_saw(
    trended: Path, capsys, engine: Engine
) -> None:
    run = record(trended, engine, {"https://good.example/1": WIRE}, "2024-05-09T08:00:00")
    assert [u.reason for u in run.unchanged] == ["same text"]  # seen since, audited before
    assert main(["history", "--db", str(trended), "prune", "--before", "2024-05-05",
                 "--vacuum"]) == 0  # fmt: skip
    assert "pruned 2 runs, 3 audits and 2 items" in capsys.readouterr().err
    assert rows(trended, "SELECT count(*) FROM runs") == [(2,)]
    assert rows(trended, "SELECT url, last_score FROM items ORDER BY url") == [
        ("https://good.example/1", None), ("https://good.example/3", 0),
        ("https://mixed.example/2", 100),
    ]  # fmt: skip
    run = record(trended, engine, {"https://good.example/1": WIRE}, "2024-05-10T08:00:00")
    assert run.unchanged == []  # its audit was pruned: audited again
    assert rows(trended, "SELECT count(*) FROM findings WHERE audit_id NOT IN "
                         "(SELECT id FROM audits)") == [(0,)]  # fmt: skip
    assert rows(trended, "SELECT count(*) FROM fingerprints WHERE item_id NOT IN "
                         "(SELECT id FROM items)") == [(0,)]  # fmt: skip
    assert rows(trended, "SELECT count(*) FROM fingerprints") != [(0,)]
    assert history_json(capsys, trended)["runs"] == 3


def test_export_writes_a_sites_audits_as_json_lines(trended: Path, capsys, tmp_path) -> None:
    out = tmp_path / "good.jsonl"
    assert main(["history", "--db", str(trended), "export", "--site", "good.example",
                 "-o", str(out)]) == 0  # fmt: skip
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["source"] for r in lines] == [f"https://good.example/{n}" for n in (1, 2, 3)]
    assert [r["score"] for r in lines] == [100, 100, 0]
    farm = lines[2]
    assert farm["findings"] and set(farm["findings"][0]) == {
        "rule", "category", "severity", "start", "end", "excerpt",
    }  # fmt: skip
    assert sum(c["count"] for c in farm["categories"].values()) == len(farm["findings"])
    first = farm["findings"][0]
    assert first["excerpt"] == " ".join(FARM[first["start"] : first["end"]].split())[:200]
    assert main(["history", "--db", str(trended), "export", "--site", "nowhere.example"]) == 2
    assert "no site named 'nowhere.example'" in capsys.readouterr().err


def test_text_and_html_reports(trended: Path, capsys, tmp_path: Path) -> None:
    assert main(["history", "--db", str(trended), "--site", "good.example"]) == 0
    text = capsys.readouterr().out
    assert "good.example: 3 items, 3 audits, mean score 66.7" in text
    assert "  2024-05-08       1    0.0  ░░░░" in text
    assert "new         https://good.example/3  0\n" in text
    assert "worst         0 F  https://good.example/3" in text
    page = tmp_path / "history.html"
    assert main(["history", "--db", str(trended), "--by", "week", "-f", "html",
                 "-o", str(page)]) == 0  # fmt: skip
    html = page.read_text(encoding="utf-8")
    assert html.count('<svg class="trend"') == 2 and "<polyline" in html
    assert "default-src 'none'; style-src 'sha256-" in unescape(html) and "<script" not in html


def test_a_conditional_get_returns_304_as_a_page() -> None:
    from audit import web
    from tests.webserver import Server, send

    def route(h) -> None:
        if h.headers.get("If-None-Match") == '"v1"':
            h.send_response(304)
            h.send_header("ETag", '"v1"')
            h.end_headers()
        else:
            send(h, "<p>hello</p>", headers={"ETag": '"v1"'})

    with Server({"/p": route}) as server:
        limits = web.Limits(retries=1)
        with web.client(limits) as http:
            full = web.fetch(server.url("/p"), http, limits)
            again = web.fetch(server.url("/p"), http, limits, headers={"If-None-Match": '"v1"'})
    assert full.status == 200 and full.headers["etag"] == '"v1"'
    assert again.status == 304 and again.text == "" and again.headers["etag"] == '"v1"'


KILLED_MID_RUN = """
import sys, time
from datetime import UTC, datetime
from audit.document import Document
from audit.engine import Engine
from audit.history import db
from audit.rules import default_pack_path, load_rules

real = db._Recorder._audit
def audit_then_hang(self, *args):
    real(self, *args)
    print("recording", flush=True)  # the transaction holds an audit: now kill me
    time.sleep(600)
db._Recorder._audit = audit_then_hang
engine = Engine(load_rules([default_pack_path()]))
[result] = engine.audit([Document.build(sys.argv[2], "https://a.example/2")])
run = db.RunRecord(datetime.now(UTC), datetime.now(UTC), [], {}, "0", "p")
db.open_history(sys.argv[1]).record(run, [db.Entry("https://a.example/2", "a.example", "new",
                                                    result=result)])
"""


def test_a_run_killed_while_recording_leaves_the_database_as_it_was(
    tmp_path: Path, engine: Engine
) -> None:
    path = tmp_path / "h.sqlite"
    record(path, engine, {"https://a.example/1": WIRE}, "2024-05-01T08:00:00")
    tables = [t for (t,) in rows(path, "SELECT name FROM sqlite_schema WHERE type = 'table'")]
    before = {t: rows(path, f"SELECT * FROM {t}") for t in tables}
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_MID_RUN, str(path), FARM],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "recording\n"
    finally:
        proc.kill()
        proc.wait(timeout=60)
    assert {t: rows(path, f"SELECT * FROM {t}") for t in tables} == before
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]
    record(path, engine, {"https://a.example/3": FARM}, "2024-05-02T08:00:00")  # still usable
    assert rows(path, "SELECT count(*) FROM runs") == [(2,)]


def _open_at_once(path: str, barrier, failures) -> None:
    barrier.wait()  # every process opens the new file at the same moment
    try:
        open_history(path)
    except HistoryError as exc:
        failures.put(str(exc))


def test_runs_opening_one_new_file_at_the_same_moment_all_open_it(tmp_path: Path) -> None:
    """Two feed runs started together on a new file: SQLite answers "locked" at once, without
    the busy timeout, while another connection switches the new file to WAL, and a run that
    read the schema version and the table count apart took another's fresh tables for a
    foreign database. Both happened in CI; every opener must succeed."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    failures = ctx.Queue()
    for n in range(25):
        barrier = ctx.Barrier(4)
        path = str(tmp_path / f"new{n}.sqlite")
        args = (path, barrier, failures)
        procs = [ctx.Process(target=_open_at_once, args=args) for _ in range(4)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(timeout=120)
            assert p.exitcode == 0
        assert rows(Path(path), "PRAGMA user_version") == [(len(db_module.MIGRATIONS),)]
    assert failures.empty(), failures.get()
