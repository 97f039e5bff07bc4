"""The history database: schema, migrations, opening, and recording one run.

SQLite through the standard library. WAL mode (readers never wait for the writer) and foreign
keys on every connection; the schema's version is `PRAGMA user_version`, raised one migration
at a time inside the migration's own transaction, so a failed upgrade leaves the old schema.
A run is recorded in one `BEGIN IMMEDIATE` transaction: an interrupted run leaves the database
as it was, and a second run on the same file waits (up to `BUSY_TIMEOUT`) for the first to
commit. Every statement is parameterised: names from feeds are only ever values.
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audit.history.common import HistoryError

if TYPE_CHECKING:
    from audit.engine import Result

__all__ = ["History", "HistoryError", "open_history"]

APPLICATION_ID = 0x41554454  # "AUDT": tells our databases from any other SQLite file
BUSY_TIMEOUT = 600.0  # seconds a run waits for another run's transaction on the same file
EXCERPT = 200  # characters of a finding's text kept
SAMPLE = 16  # items kept per (site, sentence fingerprint): a footer on every page costs 16 rows
STATUSES = ("new", "changed", "re-audited", "unchanged", "failed")  # re-audited: pack changed

# One entry per schema version: the statements that take version n to n + 1.
MIGRATIONS: list[tuple[str, ...]] = [
    (
        "CREATE TABLE sites (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
        "CREATE TABLE feeds (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, title TEXT)",
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT NOT NULL,
            feeds TEXT NOT NULL, options TEXT NOT NULL, tool_version TEXT NOT NULL,
            pack TEXT NOT NULL)""",
        "CREATE INDEX runs_started ON runs(started)",
        """CREATE TABLE items (
            id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE,
            feed_id INTEGER REFERENCES feeds(id),
            site_id INTEGER NOT NULL REFERENCES sites(id),
            title TEXT, content_hash TEXT, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL,
            etag TEXT, last_modified TEXT, core BLOB,
            last_audit INTEGER, last_score INTEGER, last_grade TEXT, last_audited TEXT)""",
        # a site's items, worst latest audit first: the worst items are the first few entries
        "CREATE INDEX items_site ON items(site_id, last_score, last_audited)",
        "CREATE INDEX items_feed ON items(feed_id)",
        """CREATE TABLE audits (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            site_id INTEGER NOT NULL REFERENCES sites(id),
            at TEXT NOT NULL, score INTEGER NOT NULL, grade TEXT NOT NULL,
            words INTEGER NOT NULL, categories TEXT NOT NULL)""",
        "CREATE INDEX audits_site ON audits(site_id)",  # a site's audits in order: export
        "CREATE INDEX audits_run ON audits(run_id)",
        "CREATE INDEX audits_item ON audits(item_id)",
        """CREATE TABLE rules (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL,
            UNIQUE (name, category))""",
        """CREATE TABLE findings (
            audit_id INTEGER NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
            rule_id INTEGER NOT NULL REFERENCES rules(id),
            severity TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
            excerpt TEXT NOT NULL)""",
        "CREATE INDEX findings_audit ON findings(audit_id)",
        """CREATE TABLE seen (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            status TEXT NOT NULL, note TEXT, PRIMARY KEY (run_id, item_id)) WITHOUT ROWID""",
        "CREATE INDEX seen_item ON seen(item_id)",
        # per run and site, what the run saw there: trends, categories, changes and the gate
        # read these sums (a few rows per day), not the audits (hundreds)
        """CREATE TABLE run_sites (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            site_id INTEGER NOT NULL REFERENCES sites(id),
            items INTEGER NOT NULL, audits INTEGER NOT NULL, score_sum INTEGER NOT NULL,
            categories TEXT NOT NULL, -- JSON: category -> [sum of sub-scores, findings]
            PRIMARY KEY (run_id, site_id)) WITHOUT ROWID""",
        "CREATE INDEX run_sites_site ON run_sites(site_id, run_id)",
        # no foreign key to items: deleting an item would scan this table; prune deletes here
        """CREATE TABLE fingerprints (
            site_id INTEGER NOT NULL REFERENCES sites(id), hash INTEGER NOT NULL,
            item_id INTEGER NOT NULL, PRIMARY KEY (site_id, hash, item_id)) WITHOUT ROWID""",
    ),
]


@dataclass(frozen=True)
class RunRecord:
    """What a run was: when, which feeds (url, title), its options, the tool and the pack."""

    started: datetime
    finished: datetime
    feeds: Sequence[tuple[str, str | None]]
    options: dict[str, Any]
    tool_version: str
    pack: str


@dataclass
class Entry:
    """One item of a run: audited (`result`), unchanged since its last audit, or failed."""

    source: str  # the item's name: its link, or FEED#item-N
    site: str
    status: str  # one of STATUSES
    feed: str | None = None
    title: str | None = None
    result: Result | None = None
    content_hash: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    fingerprints: Sequence[int] = ()  # stable sentence hashes (`recycled.prints`)
    core: bytes | None = None  # the subject's stable term hashes (`recycled.prints`)
    error: str | None = None  # why a failed item failed


@dataclass(frozen=True)
class Known:
    """What the database knows of an item, from its last audit."""

    item_id: int
    content_hash: str | None
    etag: str | None
    last_modified: str | None
    pack: str | None  # the pack of its last audit
    score: int | None
    grade: str | None
    audited: str | None  # when it was last audited


def timestamp(when: datetime) -> str:
    """ISO 8601 in UTC, to the second: sorts as text, groups by day with substr()."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def open_history(path: Path | str, create: bool = True) -> History:
    """Open (and create or upgrade) a history database; HistoryError names what is wrong."""
    path = Path(path)
    if not create and not path.is_file():
        raise HistoryError(f"{path}: no such history database")
    if path.exists() and not path.is_file():
        raise HistoryError(f"{path}: not a file")
    # Runs that open one new file at the same moment can find it locked at once, whatever the
    # busy timeout: SQLite answers "busy" without waiting where waiting could deadlock (two
    # connections switching a new file to WAL). Opening is tried again until the timeout.
    deadline, pause = time.monotonic() + BUSY_TIMEOUT, 0.01
    while True:
        try:
            return _open(path)
        except _Busy as exc:
            if time.monotonic() + pause > deadline:
                raise HistoryError(f"{path}: cannot use: {exc}") from None
            time.sleep(pause * (1 + random.random()))  # apart from the other run's retries
            pause = min(pause * 2, 0.5)


class _Busy(Exception):
    """The file was locked by another run while being opened."""


def _open(path: Path) -> History:
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    except sqlite3.Error as exc:
        raise HistoryError(f"{path}: cannot open: {exc}") from None
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode != "wal":
            raise HistoryError(f"{path}: cannot use WAL mode (journal mode {mode})")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL: durable at checkpoints, never corrupt
        migrate(conn, path)
    except sqlite3.OperationalError as exc:  # locked past the timeout, read-only, I/O
        conn.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise _Busy(str(exc)) from None
        raise HistoryError(f"{path}: cannot use: {exc}") from None
    except sqlite3.DatabaseError as exc:  # "file is not a database", a corrupt file
        conn.close()
        raise HistoryError(f"{path}: not an audit history database ({exc})") from None
    except BaseException:
        conn.close()
        raise
    return History(conn, path)


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the schema to len(MIGRATIONS), each step in its own transaction."""
    target = len(MIGRATIONS)
    while True:
        # one statement, one snapshot: read apart, another run's migration committed between
        # them looked like tables in a file of schema 0, "not an audit history database"
        version, app, tables = conn.execute(_IDENTITY).fetchone()
        _check_identity(path, version, app, tables)
        if version > target:
            raise HistoryError(
                f"{path}: made by a newer audit (schema {version}; this one knows {target})"
            )
        if version == target:
            return
        with _immediate(conn):
            if conn.execute("PRAGMA user_version").fetchone()[0] != version:
                continue  # another process migrated meanwhile: look again
            try:
                for statement in MIGRATIONS[version]:
                    conn.execute(statement)
            except sqlite3.Error as exc:
                raise HistoryError(
                    f"{path}: cannot upgrade the schema from {version} to {version + 1}: {exc}"
                ) from None
            conn.execute(f"PRAGMA user_version = {version + 1:d}")  # pragmas take no parameters
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")


_IDENTITY = (
    "SELECT (SELECT user_version FROM pragma_user_version),"
    " (SELECT application_id FROM pragma_application_id), (SELECT count(*) FROM sqlite_schema)"
)


def _check_identity(path: Path, version: int, app: int, tables: int) -> None:
    """Refuse a SQLite file some other program made: migrating it would add our tables."""
    if app == APPLICATION_ID:
        return
    if app != 0 or version != 0 or tables:
        raise HistoryError(f"{path}: a SQLite database, but not an audit history database")


@contextmanager
def _immediate(conn: sqlite3.Connection) -> Iterator[None]:
    """A write transaction taken at once (waiting for another writer), committed on success
    and rolled back on any exception, Ctrl-C included."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


class History:
    """An open history database."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (see `_immediate`); database errors name the file."""
        try:
            with _immediate(self.conn):
                yield self.conn
        except sqlite3.OperationalError as exc:
            raise HistoryError(f"{self.path}: {exc}") from None

    def known(self, urls: Iterable[str]) -> dict[str, Known]:
        """What the database knows of these items (by name), from their last audits."""
        out: dict[str, Known] = {}
        names = list(dict.fromkeys(urls))
        for start in range(0, len(names), 500):  # well under SQLite's limit on parameters
            chunk = names[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"""SELECT i.url, i.id, i.content_hash, i.etag, i.last_modified,
                           r.pack, i.last_score, i.last_grade, i.last_audited
                    FROM items i
                    LEFT JOIN audits a ON a.id = i.last_audit
                    LEFT JOIN runs r ON r.id = a.run_id
                    WHERE i.url IN ({marks})""",  # only '?' marks are formatted in
                chunk,
            )
            for url, *values in rows:
                out[url] = Known(*values)
        return out

    def record(self, run: RunRecord, entries: Iterable[Entry]) -> int:
        """Record a run and its items in one transaction; the run's id."""
        with self.write() as conn:
            return _Recorder(conn, run).record(entries)

    def size(self) -> int:
        """Bytes on disk, the write-ahead log included."""
        wal = self.path.with_name(self.path.name + "-wal")
        return self.path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


@dataclass
class _SiteTotals:
    """A site's sums over one run (the `run_sites` row)."""

    items: int = 0
    audits: int = 0
    score_sum: int = 0
    categories: dict[str, list[int]] = field(default_factory=dict)  # [sub-score sum, findings]

    def add(self, result: Result) -> None:
        self.audits += 1
        self.score_sum += result.score.score
        for category, sub in result.score.categories.items():
            sums = self.categories.setdefault(category, [0, 0])
            sums[0] += sub.score
            sums[1] += sub.count


@dataclass
class _Recorder:
    """The statements of one run's transaction, with the ids it has looked up."""

    conn: sqlite3.Connection
    run: RunRecord
    sites: dict[str, int] = field(default_factory=dict)
    feeds: dict[str, int] = field(default_factory=dict)
    rules: dict[tuple[str, str], int] = field(default_factory=dict)
    totals: dict[int, _SiteTotals] = field(default_factory=dict)
    run_id: int = 0

    def record(self, entries: Iterable[Entry]) -> int:
        run = self.run
        feeds = json.dumps([url for url, _ in run.feeds])
        self.run_id = self._id(
            "INSERT INTO runs (started, finished, feeds, options, tool_version, pack) "
            "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (timestamp(run.started), timestamp(run.finished), feeds,
             json.dumps(run.options, sort_keys=True, default=str), run.tool_version, run.pack),
        )  # fmt: skip
        for url, title in run.feeds:
            self.feeds[url] = self._id(
                "INSERT INTO feeds (url, title) VALUES (?, ?) ON CONFLICT (url) DO UPDATE "
                "SET title = coalesce(excluded.title, title) RETURNING id",
                (url, title),
            )
        for entry in entries:
            self._entry(entry)
        self.conn.executemany(
            "INSERT INTO run_sites (run_id, site_id, items, audits, score_sum, categories) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (self.run_id, site, t.items, t.audits, t.score_sum,
                 json.dumps(t.categories, separators=(",", ":")))
                for site, t in self.totals.items()
            ],
        )  # fmt: skip
        return self.run_id

    def _id(self, sql: str, values: Sequence[object]) -> int:
        return self.conn.execute(sql, values).fetchone()[0]

    def _site(self, name: str) -> int:
        if name not in self.sites:
            self.sites[name] = self._id(
                "INSERT INTO sites (name) VALUES (?) ON CONFLICT (name) "
                "DO UPDATE SET name = excluded.name RETURNING id",
                (name,),
            )
        return self.sites[name]

    def _entry(self, entry: Entry) -> None:
        if entry.status not in STATUSES:
            raise ValueError(f"unknown item status {entry.status!r}")
        site = self._site(entry.site)
        item = self._item(entry, site)
        self.conn.execute(
            "INSERT OR REPLACE INTO seen (run_id, item_id, status, note) VALUES (?, ?, ?, ?)",
            (self.run_id, item, entry.status, entry.error),
        )
        totals = self.totals.setdefault(site, _SiteTotals())
        totals.items += 1
        if entry.result is not None:
            self._audit(entry.result, item, site)
            totals.add(entry.result)
        if entry.fingerprints:
            self.conn.executemany(
                """INSERT OR IGNORE INTO fingerprints (site_id, hash, item_id)
                   SELECT ?1, ?2, ?3 WHERE (SELECT count(*) FROM fingerprints
                                            WHERE site_id = ?1 AND hash = ?2) < ?4""",
                [(site, h, item, SAMPLE) for h in dict.fromkeys(entry.fingerprints)],
            )

    def _item(self, entry: Entry, site: int) -> int:
        """The item's row, made or updated: an audit replaces its content hash and validators;
        an unchanged or failed item keeps them (a 304 may refresh them)."""
        when = timestamp(self.run.started)
        audited = entry.result is not None
        return self._id(
            """INSERT INTO items (url, feed_id, site_id, title, content_hash, first_seen,
                                  last_seen, etag, last_modified, core)
               VALUES (:url, :feed, :site, :title, :hash, :when, :when, :etag, :modified, :core)
               ON CONFLICT (url) DO UPDATE SET
                 feed_id = coalesce(excluded.feed_id, feed_id),
                 site_id = excluded.site_id,
                 title = coalesce(excluded.title, title),
                 content_hash = coalesce(excluded.content_hash, content_hash),
                 last_seen = max(last_seen, excluded.last_seen),
                 etag = CASE WHEN :audited THEN excluded.etag
                             ELSE coalesce(excluded.etag, etag) END,
                 last_modified = CASE WHEN :audited THEN excluded.last_modified
                                      ELSE coalesce(excluded.last_modified, last_modified) END,
                 core = coalesce(excluded.core, core)
               RETURNING id""",
            {
                "url": entry.source,
                "feed": self.feeds.get(entry.feed) if entry.feed else None,
                "site": site,
                "title": entry.title,
                "hash": entry.content_hash if audited else None,
                "when": when,
                "etag": entry.etag,
                "modified": entry.last_modified,
                "core": entry.core,
                "audited": audited,
            },
        )

    def _audit(self, result: Result, item: int, site: int) -> None:
        score = result.score
        categories = {c: [s.score, s.count] for c, s in score.categories.items()}
        audit = self._id(
            "INSERT INTO audits (run_id, item_id, site_id, at, score, grade, words, categories) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (self.run_id, item, site, timestamp(self.run.started), score.score, score.grade,
             result.document.word_count, json.dumps(categories, separators=(",", ":"))),
        )  # fmt: skip
        self.conn.execute(
            "UPDATE items SET last_audit = ?, last_score = ?, last_grade = ?, last_audited = ? "
            "WHERE id = ?",
            (audit, score.score, score.grade, timestamp(self.run.started), item),
        )
        text = result.document.text
        self.conn.executemany(
            "INSERT INTO findings (audit_id, rule_id, severity, start, end, excerpt) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (audit, self._rule(f.rule, f.category), f.severity.value, f.start, f.end,
                 " ".join(text[f.start : f.end].split())[:EXCERPT])
                for f in result.findings
            ],
        )  # fmt: skip

    def _rule(self, name: str, category: str) -> int:
        key = (name, category)
        if key not in self.rules:
            self.rules[key] = self._id(
                "INSERT INTO rules (name, category) VALUES (?, ?) ON CONFLICT (name, category) "
                "DO UPDATE SET name = excluded.name RETURNING id",
                key,
            )
        return self.rules[key]


def pack_fingerprint(rules: Sequence[Any], score_model: object, tool_version: str) -> str:
    """What an audit's findings depend on, as one short digest: the tool's version, the bytes
    of every rule file and pack.yaml used, each rule's settings (config and command line change
    severities and weights) and the score's weights. An item is audited again when it changes."""
    digest = hashlib.sha256(tool_version.encode())
    files = {Path(r.path) for r in rules if getattr(r, "path", "")}
    files |= {f.parent / "pack.yaml" for f in files}
    contents = []  # by content, not by path: the same pack installed elsewhere is the same
    for path in files:
        try:
            contents.append(hashlib.sha256(path.read_bytes()).hexdigest())
        except OSError:
            continue  # no pack.yaml beside a rule file
    for content in sorted(contents):
        digest.update(content.encode())
    for r in sorted(rules, key=lambda r: r.id):
        digest.update(f"{r.id}|{r.category}|{r.severity}|{r.weight!r}|{r.enabled}\n".encode())
    digest.update(repr(score_model).encode())
    return f"{tool_version}+{digest.hexdigest()[:12]}"
