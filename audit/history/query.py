"""Reading the history: per-site trends, worst items, changes since the previous run,
regressions against a trailing mean, JSON Lines export, and pruning.

A site's report reads sums per run (`run_sites`, through its index by site: a few rows a day
however many items a run audits) and its items' latest audits (`items(site_id, last_score,
last_audited)`, whose first entries are the worst items), never the audits one by one; the
last run's changes read that run's rows. Every value is a bound parameter.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from audit.history.db import History, HistoryError, timestamp

WORST = 5
LISTED = 10  # items listed per kind of change (all are counted)
BEGINNING = "0000"  # sorts before every timestamp


@dataclass(frozen=True)
class Period:
    """A day (2024-05-01) or an ISO week (2024-W18) of a site's audits."""

    period: str
    audits: int
    mean: float


@dataclass(frozen=True)
class Worst:
    source: str
    title: str | None
    score: int
    grade: str
    at: str


@dataclass(frozen=True)
class Regression:
    """A site's mean score in one run against its trailing mean (same pack, `days` before)."""

    site: str
    run_mean: float
    audits: int
    trailing_mean: float | None
    trailing_audits: int
    days: int

    @property
    def drop(self) -> float:
        return 0.0 if self.trailing_mean is None else self.trailing_mean - self.run_mean


@dataclass
class Changes:
    """What one site's last run saw against the run before it (that saw the site)."""

    run: int
    at: str
    previous_at: str | None
    counts: dict[str, int] = field(default_factory=dict)  # by status, and "gone"
    items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # the first LISTED
    mean: float | None = None
    previous_mean: float | None = None


@dataclass
class SiteReport:
    site: str
    items: int
    audits: int
    mean: float | None
    first: str | None
    last: str | None
    trend: list[Period]
    findings: dict[str, int]  # by category
    subscores: dict[str, float]  # mean category sub-score
    worst: list[Worst]
    changes: Changes | None
    regression: Regression | None


def parse_when(value: str) -> str:
    """A date or date-time from the command line as a stored timestamp (naive means UTC)."""
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"not a date (YYYY-MM-DD or an ISO date-time): {value!r}") from None
    return timestamp(when if when.tzinfo else when.replace(tzinfo=UTC))


def sites(db: History, names: Sequence[str] = ()) -> list[tuple[int, str]]:
    """(id, name) of the named sites, or of every site; an unknown name is an error."""
    rows = db.conn.execute("SELECT id, name FROM sites ORDER BY name").fetchall()
    if not names:
        return rows
    by_name = {name: site for site, name in rows}
    missing = [n for n in names if n not in by_name]
    if missing:
        known = ", ".join(name for _, name in rows[:10]) or "none"
        raise HistoryError(f"{db.path}: no site named {missing[0]!r} (sites: {known})")
    return [(by_name[n], n) for n in dict.fromkeys(names)]


# one site's runs since a date, with audits: the rows the per-site figures sum
_RUNS_OF_SITE = """FROM run_sites rs JOIN runs r ON r.id = rs.run_id
                   WHERE rs.site_id = ? AND r.started >= ? AND rs.audits > 0"""


def site_report(
    db: History, site: int, name: str, by: str = "day", since: str | None = None, days: int = 28
) -> SiteReport:
    conn, since = db.conn, since or BEGINNING
    audits, total, first, last = conn.execute(
        f"SELECT sum(rs.audits), sum(rs.score_sum), min(r.started), max(r.started) {_RUNS_OF_SITE}",
        (site, since),
    ).fetchone()
    items = conn.execute(
        "SELECT count(*) FROM items WHERE site_id = ? AND last_audited >= ?", (site, since)
    ).fetchone()[0]
    findings, subscores = _categories(conn, site, since)
    changes = _changes(conn, site)
    return SiteReport(
        site=name,
        items=items,
        audits=audits or 0,
        mean=round(total / audits, 1) if audits else None,
        first=first,
        last=last,
        trend=trend(conn, site, by, since),
        findings=findings,
        subscores=subscores,
        worst=worst(conn, site, since),
        changes=changes,
        regression=site_regression(conn, changes.run, site, name, days) if changes else None,
    )


def trend(conn: sqlite3.Connection, site: int, by: str, since: str) -> list[Period]:
    """Audits and mean score per day, or per ISO week (folded from the days)."""
    rows = conn.execute(
        f"SELECT substr(r.started, 1, 10) AS day, sum(rs.audits), sum(rs.score_sum) "
        f"{_RUNS_OF_SITE} GROUP BY day ORDER BY day",
        (site, since),
    ).fetchall()
    groups: dict[str, list[int]] = {}
    for day, count, total in rows:
        key = day if by == "day" else _week(day)
        group = groups.setdefault(key, [0, 0])
        group[0] += count
        group[1] += total
    return [Period(k, n, round(t / n, 1)) for k, (n, t) in groups.items()]


def _week(day: str) -> str:
    year, week, _ = date.fromisoformat(day).isocalendar()
    return f"{year}-W{week:02d}"


def _categories(
    conn: sqlite3.Connection, site: int, since: str
) -> tuple[dict[str, int], dict[str, float]]:
    """Findings per category, and the mean sub-score per category, over a site's audits."""
    counts: dict[str, int] = {}
    totals: dict[str, int] = {}
    audits = 0
    for raw, n in conn.execute(f"SELECT rs.categories, rs.audits {_RUNS_OF_SITE}", (site, since)):
        audits += n
        for category, (score_sum, count) in json.loads(raw).items():
            counts[category] = counts.get(category, 0) + count
            totals[category] = totals.get(category, 0) + score_sum
    return counts, {c: round(t / audits, 1) for c, t in totals.items()}


def worst(conn: sqlite3.Connection, site: int, since: str, limit: int = WORST) -> list[Worst]:
    """The lowest scores among each item's latest audit: the first entries of the index
    items(site_id, last_score, last_audited), read in its order (ties: the earlier audit)."""
    rows = conn.execute(
        """SELECT url, title, last_score, last_grade, last_audited FROM items
           WHERE site_id = ? AND last_score IS NOT NULL AND last_audited >= ?
           ORDER BY last_score LIMIT ?""",
        (site, since, limit),
    )
    return [Worst(*row) for row in rows]


def _last_runs(conn: sqlite3.Connection, site: int) -> list[tuple[int, str, int, int]]:
    """The site's last two runs: (run, started, audits, score sum), newest first."""
    return conn.execute(
        """SELECT rs.run_id, r.started, rs.audits, rs.score_sum FROM run_sites rs
           JOIN runs r ON r.id = rs.run_id WHERE rs.site_id = ?
           ORDER BY rs.run_id DESC LIMIT 2""",
        (site,),
    ).fetchall()


def _changes(conn: sqlite3.Connection, site: int) -> Changes | None:
    runs = _last_runs(conn, site)
    if not runs:
        return None
    run, at, audits, total = runs[0]
    previous = runs[1] if len(runs) > 1 else None
    changes = Changes(run, at, previous[1] if previous else None)
    changes.mean = round(total / audits, 1) if audits else None
    if previous and previous[2]:
        changes.previous_mean = round(previous[3] / previous[2], 1)
    rows = conn.execute(
        """SELECT s.item_id, i.url, s.status, s.note, a.score FROM seen s
           JOIN items i ON i.id = s.item_id
           LEFT JOIN audits a ON a.item_id = s.item_id AND a.run_id = s.run_id
           WHERE s.run_id = ? AND i.site_id = ? ORDER BY i.url""",
        (run, site),
    ).fetchall()
    for item, url, status, note, score in rows:
        entry: dict[str, Any] = {"source": url}
        if score is not None:
            entry["score"] = score
        if note:
            entry["error"] = note
        if status in ("changed", "re-audited"):
            before = conn.execute(
                "SELECT score FROM audits WHERE item_id = ? AND run_id < ? "
                "ORDER BY id DESC LIMIT 1",
                (item, run),
            ).fetchone()
            entry["previous_score"] = before[0] if before else None
        _count(changes, status, entry)
    if previous:
        for (url,) in conn.execute(
            """SELECT i.url FROM seen s JOIN items i ON i.id = s.item_id
               WHERE s.run_id = ? AND i.site_id = ?
                 AND s.item_id NOT IN (SELECT item_id FROM seen WHERE run_id = ?)
               ORDER BY i.url""",
            (previous[0], site, run),
        ):
            _count(changes, "gone", {"source": url})
    return changes


def _count(changes: Changes, kind: str, entry: dict[str, Any]) -> None:
    changes.counts[kind] = changes.counts.get(kind, 0) + 1
    listed = changes.items.setdefault(kind, [])
    if kind != "unchanged" and len(listed) < LISTED:
        listed.append(entry)


def site_regression(
    conn: sqlite3.Connection, run: int, site: int, name: str, days: int
) -> Regression | None:
    """The site's mean in `run` against its audits of the `days` before it, made with the
    same pack (a new pack scores differently: that is no regression); None when the run
    audited nothing of the site."""
    row = conn.execute(
        "SELECT rs.audits, rs.score_sum, r.started, r.pack FROM run_sites rs "
        "JOIN runs r ON r.id = rs.run_id WHERE rs.run_id = ? AND rs.site_id = ?",
        (run, site),
    ).fetchone()
    if row is None or not row[0]:
        return None
    audits, total, started, pack = row
    since = timestamp(datetime.fromisoformat(started) - timedelta(days=days))
    count, score_sum = conn.execute(
        """SELECT coalesce(sum(rs.audits), 0), sum(rs.score_sum) FROM run_sites rs
           JOIN runs r ON r.id = rs.run_id
           WHERE rs.site_id = ? AND rs.run_id < ? AND r.started >= ? AND r.pack = ?""",
        (site, run, since, pack),
    ).fetchone()
    trailing = round(score_sum / count, 1) if count else None
    return Regression(name, round(total / audits, 1), audits, trailing, count, days)


def regressions(db: History, run: int, points: float, days: int) -> list[Regression]:
    """The sites whose mean score in `run` dropped by `points` or more against their
    trailing mean."""
    found = []
    for site, name in db.conn.execute(
        "SELECT s.id, s.name FROM run_sites rs JOIN sites s ON s.id = rs.site_id "
        "WHERE rs.run_id = ? ORDER BY s.name",
        (run,),
    ).fetchall():
        reg = site_regression(db.conn, run, site, name, days)
        if reg is not None and reg.trailing_mean is not None and reg.drop >= points:
            found.append(reg)
    return found


def last_run(db: History) -> int | None:
    row = db.conn.execute("SELECT max(id) FROM runs").fetchone()
    return row[0] if row else None


def export(db: History, site: int) -> Iterator[dict[str, Any]]:
    """A site's audits, oldest first, each with its item, run and findings (streamed)."""
    conn = db.conn
    audits = conn.execute(
        """SELECT a.id, a.run_id, a.at, i.url, i.title, f.url, a.score, a.grade, a.words,
                  a.categories, r.pack, r.tool_version
           FROM audits a JOIN items i ON i.id = a.item_id JOIN runs r ON r.id = a.run_id
           LEFT JOIN feeds f ON f.id = i.feed_id
           WHERE a.site_id = ? ORDER BY a.id""",
        (site,),
    )
    findings = conn.execute(
        """SELECT f.audit_id, ru.name, ru.category, f.severity, f.start, f.end, f.excerpt
           FROM findings f JOIN audits a ON a.id = f.audit_id JOIN rules ru ON ru.id = f.rule_id
           WHERE a.site_id = ? ORDER BY f.audit_id, f.start, f.end""",
        (site,),
    )
    pending = findings.fetchone()
    for audit, run, at, url, title, feed, score, grade, words, cats, pack, tool in audits:
        found = []
        while pending is not None and pending[0] <= audit:
            if pending[0] == audit:
                found.append(dict(zip(_FINDING, pending[1:], strict=True)))
            pending = findings.fetchone()
        yield {
            "audit": audit, "run": run, "at": at, "source": url, "title": title, "feed": feed,
            "score": score, "grade": grade, "words": words,
            "categories": {c: {"score": s, "count": n} for c, (s, n) in json.loads(cats).items()},
            "pack": pack, "tool_version": tool, "findings": found,
        }  # fmt: skip


_FINDING = ("rule", "category", "severity", "start", "end", "excerpt")


@dataclass(frozen=True)
class Pruned:
    runs: int
    audits: int
    items: int


def prune(db: History, before: str) -> Pruned:
    """Forget runs started before `before` (their audits, findings and sightings), then the
    items no run still mentions, with their fingerprints; one transaction."""
    with db.write() as conn:
        audits = conn.execute(
            "SELECT count(*) FROM audits a JOIN runs r ON r.id = a.run_id WHERE r.started < ?",
            (before,),
        ).fetchone()[0]
        runs = conn.execute("DELETE FROM runs WHERE started < ?", (before,)).rowcount
        gone = [
            row[0]
            for row in conn.execute(
                """SELECT id FROM items WHERE last_seen < ?
                   AND id NOT IN (SELECT item_id FROM audits)
                   AND id NOT IN (SELECT item_id FROM seen)""",
                (before,),
            )
        ]
        conn.executemany("DELETE FROM items WHERE id = ?", [(i,) for i in gone])
        if gone:  # one pass over the fingerprints (they have no index by item)
            conn.execute("DELETE FROM fingerprints WHERE item_id NOT IN (SELECT id FROM items)")
        # an item seen since, last audited before: audited again when next seen
        conn.execute(
            """UPDATE items SET last_audit = NULL, last_score = NULL, last_grade = NULL,
                                last_audited = NULL
               WHERE last_audit IS NOT NULL AND last_audit NOT IN (SELECT id FROM audits)"""
        )
    return Pruned(runs, audits, len(gone))


def vacuum(db: History) -> None:
    """Give the pages pruning freed back to the file system."""
    try:
        db.conn.execute("VACUUM")
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError as exc:
        raise HistoryError(f"{db.path}: {exc}") from None
