"""`audit feed --db` and `audit history` against a real SQLite file in tmp_path and a feed served
from 127.0.0.1 that changes between runs (new item, changed item, unchanged items with an ETag
or a Last-Modified, an unchanged item without validators)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from audit.cli import main
from audit.history import open_history
from tests.conftest import ROOT, SAMPLES
from tests.webserver import Server, send

FOOTER = "The Coast Ledger has been owned by its readers' cooperative since 1961 and prints weekly."


def story(title: str, body: str, footer: bool = True) -> str:
    tail = f"<p>{FOOTER}</p>" if footer else ""
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{body}</p>{tail}</article></body></html>"
    )


BRIDGE = story(
    "Bridge Repairs Begin on Mill Street",
    "Crews began repairs on the Mill Street bridge on Monday, the county said.",
)
BUDGET = story(
    "School Board Adopts Budget",
    "The school board adopted a $4 million budget on Tuesday, its chair said.",
)
BUDGET_EDITED = story(
    "School Board Adopts Budget After Long Debate",
    "The school board adopted a $4.2 million budget late on Tuesday, its chair said.",
)
FAIR = story(
    "Harvest Fair Opens Saturday",
    "The harvest fair opens on Saturday with forty stalls, organisers said.",
)
FERRY = story(
    "Ferry Timetable Changes in June",
    "The ferry company will run two extra crossings a day from June, it said on Friday.",
)
LIBRARY = story(
    "Library Extends Opening Hours",
    "The town library will open until eight on weekdays from next month, the council said.",
)


class Site:
    """Pages and a feed on 127.0.0.1 that a test changes between runs. A page answers
    If-None-Match / If-Modified-Since with 304 when its validator matches; every request's
    headers are kept."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.pages: dict[str, tuple[str, str, dict[str, str]]] = {}
        self.links: list[str] = []
        self.title = "Ledger"
        self.titles: dict[str, str] = {}  # item titles, by path
        self.requests: list[tuple[str, dict[str, str]]] = []
        server.routes["/feed.rss"] = self._feed

    def page(self, path: str, body: str, ctype: str = "text/html; charset=utf-8", **validators):
        headers = {"ETag" if k == "etag" else "Last-Modified": v for k, v in validators.items()}
        self.pages[path] = (body, ctype, headers)
        self.server.routes[path] = lambda h, path=path: self._serve(h, path)

    def _serve(self, h, path: str) -> None:
        body, ctype, headers = self.pages[path]
        sent = {k.lower(): v for k, v in h.headers.items()}
        self.requests.append((path, sent))
        etag, modified = headers.get("ETag"), headers.get("Last-Modified")
        if (etag and sent.get("if-none-match") == etag) or (
            modified and sent.get("if-modified-since") == modified
        ):
            h.send_response(304)
            for k, v in headers.items():
                h.send_header(k, v)
            h.end_headers()
            return
        send(h, body, ctype, headers=headers)

    def _feed(self, h) -> None:
        items = "".join(
            f"<item><title>{_xml(self.titles.get(p, f'item {p}'))}</title>"
            f"<link>{_xml(self.server.url(p))}</link></item>"
            for p in self.links
        )
        rss = (
            '<?xml version="1.0"?><rss version="2.0"><channel>'
            f"<title>{_xml(self.title)}</title>{items}</channel></rss>"
        )
        send(h, rss, "application/rss+xml")

    def sent(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.requests if p == path]


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@pytest.fixture
def site():
    with Server({}) as server:
        yield Site(server)


def feed(capsys, site: Site, db: Path, *extra: str) -> tuple[int, dict, str]:
    code = main(
        ["feed", site.server.url("/feed.rss"), "--db", str(db), "--format", "json",
         "--timeout", "2", "-j", "1", *extra]
    )  # fmt: skip
    out = capsys.readouterr()
    return code, json.loads(out.out), out.err


def rows(db: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def statuses(db: Path, run: int) -> dict[str, str]:
    found = rows(
        db, "SELECT i.url, s.status FROM seen s JOIN items i ON i.id = s.item_id "
        "WHERE s.run_id = ?", run,
    )  # fmt: skip
    return {url.rsplit("/", 1)[1]: status for url, status in found}


def boilerplate(doc: dict) -> list[dict]:
    return [f for f in doc["findings"] if f["category"] == "recycled-boilerplate"]


def test_a_feed_that_changes_between_runs(site: Site, capsys, tmp_path: Path) -> None:
    db = tmp_path / "audit.sqlite"
    site.page("/a", BRIDGE, etag='"a1"')
    site.page("/b", BUDGET, etag='"b1"')
    site.page("/d", FERRY, last_modified="Wed, 01 May 2024 10:00:00 GMT")
    site.page("/e", LIBRARY)  # no validators: fetched whole, recognised by its text
    site.links = ["/a", "/b", "/d", "/e"]
    code, first, _ = feed(capsys, site, db)
    assert code == 0 and len(first["documents"]) == 4
    assert first["summary"]["history"]["unchanged"] == []
    assert all(not h.get("if-none-match") for p in "abde" for h in site.sent(f"/{p}"))

    site.page("/b", BUDGET_EDITED, etag='"b2"')  # changed
    site.page("/c", FAIR, etag='"c1"')  # new
    site.links = ["/a", "/b", "/c", "/d", "/e"]
    code, second, err = feed(capsys, site, db)
    assert code == 0
    assert [d["source"].rsplit("/", 1)[1] for d in second["documents"]] == ["b", "c"]
    unchanged = second["summary"]["history"]["unchanged"]
    assert {u["source"].rsplit("/", 1)[1]: u["reason"] for u in unchanged} == {
        "a": "not modified", "d": "not modified", "e": "same text",
    }  # fmt: skip
    assert all(u["score"] == first_score(first, u["source"]) for u in unchanged)
    assert "3 items unchanged since the last audit, not audited again" in err
    assert "(2 not modified, 1 same text)" in err
    # the validators of the last audit went with the second request, and only there
    assert site.sent("/a")[-1]["if-none-match"] == '"a1"'
    assert site.sent("/b")[-1]["if-none-match"] == '"b1"'
    assert site.sent("/d")[-1]["if-modified-since"] == "Wed, 01 May 2024 10:00:00 GMT"
    assert "if-none-match" not in site.sent("/c")[-1]
    assert statuses(db, 2) == {
        "a": "unchanged", "b": "changed", "c": "new", "d": "unchanged", "e": "unchanged",
    }  # fmt: skip
    assert rows(db, "SELECT count(*) FROM audits") == [(6,)]
    etags = dict(rows(db, "SELECT url, etag FROM items"))
    assert etags[site.server.url("/b")] == '"b2"' and etags[site.server.url("/a")] == '"a1"'
    first_seen = dict(rows(db, "SELECT url, first_seen <= last_seen FROM items"))
    assert set(first_seen.values()) == {1}
    assert rows(db, "SELECT DISTINCT feed_id IS NOT NULL, site_id IS NOT NULL FROM items") == [
        (1, 1)
    ]

    # what changed, as `audit history` reports it; then an item leaves the feed and one fails
    site.links = ["/a", "/b", "/c", "/d", "/missing"]
    feed(capsys, site, db)
    assert main(["history", "--db", str(db), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    [entry] = report["sites"]
    assert entry["site"] == "127.0.0.1" and entry["items"] == 5 and entry["audits"] == 6
    changes = entry["changes"]
    assert changes["counts"] == {"unchanged": 4, "failed": 1, "gone": 1}
    assert [g["source"] for g in changes["items"]["gone"]] == [site.server.url("/e")]
    assert changes["items"]["failed"] == [{"source": site.server.url("/missing"),
                                           "error": "HTTP 404"}]  # fmt: skip
    assert main(["history", "--db", str(db)]) == 0
    assert f"failed      {site.server.url('/missing')}  HTTP 404" in capsys.readouterr().out


def first_score(report: dict, source: str) -> int:
    return next(d["score"] for d in report["documents"] if d["source"] == source)


def test_a_new_pack_audits_every_item_again(site: Site, capsys, tmp_path: Path) -> None:
    db = tmp_path / "audit.sqlite"
    site.page("/a", BRIDGE, etag='"a1"')
    site.links = ["/a"]
    feed(capsys, site, db)
    code, again, _ = feed(capsys, site, db, "--disable", "seo-filler")  # another pack
    assert code == 0 and len(again["documents"]) == 1
    assert "if-none-match" not in site.sent("/a")[-1]  # fetched whole: it must be audited
    assert statuses(db, 2) == {"a": "re-audited"}
    packs = rows(db, "SELECT DISTINCT pack FROM runs")
    assert len(packs) == 2


def test_a_stock_paragraph_is_found_on_the_first_page_of_todays_run(
    site: Site, capsys, tmp_path: Path
) -> None:
    site.page("/a", BRIDGE, etag='"a1"')
    site.page("/b", BUDGET, etag='"b1"')
    site.page("/c", FAIR)
    site.links = ["/c"]
    # without history, one page alone has nothing to compare its footer with
    code, alone, _ = feed(capsys, site, tmp_path / "other.sqlite")
    assert code == 0 and boilerplate(alone["documents"][0]) == []

    db = tmp_path / "audit.sqlite"
    site.links = ["/a", "/b"]
    feed(capsys, site, db)
    site.links = ["/a", "/b", "/c"]  # today: /c is the only page audited
    code, today, _ = feed(capsys, site, db)
    [doc] = today["documents"]
    [finding] = boilerplate(doc)
    assert finding["excerpt"] == FOOTER
    assert finding["message"].endswith("across 2 earlier pages of this site")


def test_an_edited_item_and_a_follow_up_story_are_not_their_own_boilerplate(
    site: Site, capsys, tmp_path: Path
) -> None:
    shared = "The bridge carries about twelve thousand vehicles over the river on a weekday."
    first = story(
        "Mill Street Bridge Repairs Begin",
        f"Crews began repairs on the Mill Street bridge on Monday, the county said.</p><p>{shared}",
        footer=False,
    )
    edited = first.replace("on Monday", "on Monday morning")
    follow_up = story(
        "Mill Street Bridge Repairs Begin Monday",
        "Crews began repairs on the Mill Street bridge on Monday, the county engineer said."
        f"</p><p>{shared}",
        footer=False,
    )
    db = tmp_path / "audit.sqlite"
    site.page("/a", first, etag='"a1"')
    site.links = ["/a"]
    feed(capsys, site, db)
    site.page("/a", edited, etag='"a2"')  # the same item, edited: keeps its sentences
    site.page("/b", follow_up)  # the same story again: shares its background
    site.links = ["/a", "/b"]
    code, report, _ = feed(capsys, site, db)
    assert code == 0 and len(report["documents"]) == 2
    assert all(boilerplate(doc) == [] for doc in report["documents"])
    # a page about another story with the same sentence is the site's template
    fair = "The harvest fair opens on Saturday with forty stalls, organisers said."
    site.page("/c", story("Harvest Fair Opens", f"{fair}</p><p>{shared}", footer=False))
    site.links = ["/a", "/b", "/c"]
    _, later, _ = feed(capsys, site, db)
    [doc] = later["documents"]
    assert [f["excerpt"] for f in boilerplate(doc)] == [shared]


def test_the_regression_gate_fails_a_run_whose_site_got_worse(
    site: Site, capsys, tmp_path: Path
) -> None:
    db = tmp_path / "audit.sqlite"
    wire = (SAMPLES / "wire-story.txt").read_text(encoding="utf-8")
    farm = (SAMPLES / "aggregated-article.txt").read_text(encoding="utf-8")
    site.page("/good", wire, "text/plain; charset=utf-8", etag='"g"')
    site.links = ["/good"]
    code, _, _ = feed(capsys, site, db, "--fail-on-regression", "10")
    assert code == 0  # no trailing mean yet: nothing to regress from
    site.page("/bad", farm, "text/plain; charset=utf-8")
    site.links = ["/good", "/bad"]
    code, report, err = feed(capsys, site, db, "--fail-on-regression", "10")
    assert code == 1
    [regression] = report["summary"]["history"]["regressions"]
    assert regression["site"] == "127.0.0.1"
    assert regression["trailing_mean"] == 100 and regression["mean_score"] == 0
    assert "audit: regression: 127.0.0.1: mean score 0 in this run" in err
    # the same gate on the recorded history
    assert main(["history", "--db", str(db), "--fail-on-regression", "10"]) == 1
    assert "mean score 0 in this run (1 audited) against 100" in capsys.readouterr().err


def test_two_runs_at_once_on_one_new_file_both_complete(site: Site, tmp_path: Path) -> None:
    site.page("/a", BRIDGE, etag='"a1"')
    site.page("/b", BUDGET)
    site.links = ["/a", "/b"]
    db = tmp_path / "new.sqlite"
    procs = [_feed_process(site, db, tmp_path / f"out{n}.json") for n in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert rows(db, "SELECT count(*) FROM runs") == [(2,)]
    assert rows(db, "SELECT count(*) FROM items") == [(2,)]
    assert rows(db, "PRAGMA journal_mode") == [("wal",)]


def test_two_runs_wait_for_a_writer_and_both_complete(site: Site, tmp_path: Path) -> None:
    """A third connection holds the write lock while both runs fetch and audit: each run waits
    for it at its one transaction, then both record."""
    site.page("/a", BRIDGE, etag='"a1"')
    site.page("/b", BUDGET)
    site.links = ["/a", "/b"]
    db = tmp_path / "busy.sqlite"
    open_history(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    procs = [_feed_process(site, db, tmp_path / f"out{n}.json") for n in range(2)]
    try:
        _wait_until(lambda: len(site.sent("/b")) == 2)  # both runs are past fetching
        time.sleep(1.0)  # and, most likely, waiting for the lock: give them the time to
        assert all(proc.poll() is None for proc in procs)  # a run never records past a writer
        assert rows(db, "SELECT count(*) FROM runs") == [(0,)]
    finally:
        holder.execute("COMMIT")
        holder.close()
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert rows(db, "SELECT count(*) FROM runs") == [(2,)]
    assert sorted(r[0] for r in rows(db, "SELECT status FROM seen WHERE run_id = 1")) == [
        "new", "new",
    ]  # fmt: skip


def _feed_process(site: Site, db: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "audit", "feed", site.server.url("/feed.rss"), "--db", str(db),
         "-j", "1", "--timeout", "5", "--format", "json", "-o", str(out), "--no-config"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _wait_until(condition, limit: float = 60.0) -> None:
    """Poll for a condition; a bound on a hang, not a timing assertion."""
    end = time.monotonic() + limit
    while not condition():
        if time.monotonic() > end:
            raise AssertionError("condition not reached")
        time.sleep(0.05)


def test_an_interrupted_run_leaves_the_database_as_it_was(
    site: Site, capsys, tmp_path: Path, monkeypatch
) -> None:
    from audit.history import db as db_module

    db = tmp_path / "audit.sqlite"
    site.page("/a", BRIDGE, etag='"a1"')
    site.page("/b", BUDGET, etag='"b1"')
    site.links = ["/a"]
    feed(capsys, site, db)
    tables = [t for (t,) in rows(db, "SELECT name FROM sqlite_schema WHERE type = 'table'")]
    before = {t: rows(db, f"SELECT * FROM {t}") for t in tables}

    calls: list[int] = []
    real = db_module._Recorder._audit

    def audit_then_interrupt(self, *args):
        real(self, *args)  # the first audit is written, then Ctrl-C arrives
        calls.append(1)
        raise KeyboardInterrupt

    monkeypatch.setattr(db_module._Recorder, "_audit", audit_then_interrupt)
    site.page("/a", BRIDGE.replace("Monday", "Tuesday"), etag='"a2"')
    site.links = ["/a", "/b"]
    code = main(["feed", site.server.url("/feed.rss"), "--db", str(db), "-j", "1",
                 "--format", "json"])  # fmt: skip
    assert code == 130 and calls == [1]
    assert {t: rows(db, f"SELECT * FROM {t}") for t in tables} == before


def test_names_with_quotes_and_sql_are_stored_as_text(site: Site, capsys, tmp_path: Path) -> None:
    db = tmp_path / "audit.sqlite"
    site.title = "Ledger'); DROP TABLE items; --"
    path = "/o'brien;--DROP"
    site.page(path, BRIDGE)
    site.links = [path]
    site.titles[path] = '"; DELETE FROM audits; -- <script>x</script>'
    code, report, _ = feed(capsys, site, db)
    assert code == 0 and len(report["documents"]) == 1
    assert rows(db, "SELECT title FROM feeds") == [("Ledger'); DROP TABLE items; --",)]
    [(url, title)] = rows(db, "SELECT url, title FROM items")
    assert url == site.server.url(path)
    assert title == '"; DELETE FROM audits; -- <script>x</script>'
    assert rows(db, "SELECT count(*) FROM audits") == [(1,)]
    html = tmp_path / "h.html"
    assert main(["history", "--db", str(db), "--format", "html", "-o", str(html)]) == 0
    page = html.read_text(encoding="utf-8")
    assert "<script>x" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


def test_history_reads_the_database_named_in_the_configuration(
    site: Site, capsys, tmp_path: Path, monkeypatch
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.audit]\ndb = "feeds/history.sqlite"\n')
    (tmp_path / "feeds").mkdir()
    monkeypatch.chdir(tmp_path)
    site.page("/a", BRIDGE)
    site.links = ["/a"]
    code = main(["feed", site.server.url("/feed.rss"), "-j", "1", "--format", "json"])
    assert code == 0
    assert rows(tmp_path / "feeds" / "history.sqlite", "SELECT count(*) FROM runs") == [(1,)]
    capsys.readouterr()
    assert main(["history"]) == 0
    assert "127.0.0.1: 1 items, 1 audits" in capsys.readouterr().out
    assert main(["history", "--format", "html"]) == 0  # without -o: into reports/
    assert (tmp_path / "reports" / "history.html").is_file()


def test_bad_databases_and_options_are_one_line_errors(
    site: Site, capsys, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    cases = {
        "missing.sqlite": None,
        "text.sqlite": b"this is not a database, it is a text file\n" * 100,
    }
    for name, content in cases.items():
        if content is not None:
            (tmp_path / name).write_bytes(content)
    assert main(["history", "--db", "missing.sqlite"]) == 2
    assert capsys.readouterr().err == "audit: error: missing.sqlite: no such history database\n"
    assert main(["history", "--db", "text.sqlite"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("audit: error: text.sqlite: not an audit history database")
    assert err.count("\n") == 1
    assert main(["history"]) == 2
    assert "no history database: give --db FILE" in capsys.readouterr().err
    site.page("/a", BRIDGE)
    site.links = ["/a"]
    assert main(["feed", site.server.url("/feed.rss"), "--fail-on-regression", "5"]) == 2
    assert "--fail-on-regression needs a history database" in capsys.readouterr().err
    assert main(["feed", site.server.url("/feed.rss"), "--db", "text.sqlite", "-j", "1"]) == 2
    assert "/feed.rss" not in site.server.hits  # refused before anything was fetched
    for bad in (["--since", "yesterday"], ["--fail-on-regression", "-3"], ["--by", "month"]):
        with pytest.raises(SystemExit) as exit_info:
            main(["history", "--db", "text.sqlite", *bad])
        assert exit_info.value.code == 2
