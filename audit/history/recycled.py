"""Recycled sentences across runs: the fingerprints a site's pages leave in the history, and
the seed that lets today's run count them (`audit.kinds.boilerplate.seed_earlier`).

A page's fingerprints are stable 64-bit hashes (BLAKE2b) of its normalised sentence keys, the
ones the cross-document rules compare (`audit.fingerprint`): Python's own `hash()` changes
from process to process. Its subject core (title and lead terms) is kept the same way, so the
same-story guard of the boilerplate kind holds across runs too: a sentence that earlier pages
of the site share with today's page counts only if one of them is about another story, and
never when the earlier page is the same item (an edited article keeps its sentences).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from audit.document import Document
from audit.fingerprint import sentence_keys, word_count
from audit.topic.subject import subject_of

MIN_WORDS = 3  # the shortest line a cross-document rule compares (recycled-line)
SAME_STORY = 0.3  # Jaccard similarity of subject cores: as the boilerplate kind's guard
CHUNK = 500  # parameters per IN (...) list


def stable_hash(text: str) -> int:
    """A signed 64-bit hash, equal in every process (SQLite stores it as an INTEGER)."""
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


@dataclass(frozen=True)
class Prints:
    """A page's sentence fingerprints (stable hash -> normalised key) and subject core."""

    keys: dict[int, str]
    core: frozenset[int]


def prints(doc: Document) -> Prints:
    """The fingerprints of the sentences the cross-document rules compare: three words or
    more, not mostly quotation (a quote repeated is reporting, not a template)."""
    keys: dict[int, str] = {}
    for s, key in zip(doc.sentences, sentence_keys(doc), strict=True):
        if word_count(key) < MIN_WORDS:
            continue
        if doc.quoted_chars(s.start, s.end) * 2 <= s.end - s.start:
            keys.setdefault(stable_hash(key), key)
    core = frozenset(stable_hash(t) for t in subject_of(doc).core)
    return Prints(keys, core)


def pack_core(core: Iterable[int]) -> bytes:
    """A core as a BLOB: 8 bytes per term hash, little-endian, sorted."""
    return b"".join(h.to_bytes(8, "little", signed=True) for h in sorted(core))


def unpack_core(blob: bytes | None) -> frozenset[int]:
    if not blob:
        return frozenset()
    return frozenset(
        int.from_bytes(blob[i : i + 8], "little", signed=True) for i in range(0, len(blob), 8)
    )


def same_story(a: frozenset[int], b: frozenset[int]) -> bool:
    if not a or not b:
        return False
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared) >= SAME_STORY


@dataclass(frozen=True)
class Page:
    """A document of this run as the seed sees it."""

    position: int  # in the engine's run
    source: str  # the item's name in the history
    site: str
    prints: Prints


def earlier(conn, pages: Sequence[Page]) -> dict[int, dict[str, int]]:
    """For each page (by position): its sentence keys that earlier pages of its site held, and
    how many of them (up to the history's sample per sentence), after the guards."""
    out: dict[int, dict[str, int]] = {}
    cores: dict[int, frozenset[int]] = {}
    for page in pages:
        site = conn.execute("SELECT id FROM sites WHERE name = ?", (page.site,)).fetchone()
        if site is None or not page.prints.keys:
            continue
        mine = conn.execute("SELECT id FROM items WHERE url = ?", (page.source,)).fetchone()
        holders = _holders(conn, site[0], list(page.prints.keys), mine[0] if mine else None)
        _load_cores(conn, {i for ids in holders.values() for i in ids} - set(cores), cores)
        found = {
            page.prints.keys[h]: len(ids)
            for h, ids in holders.items()
            if not all(same_story(page.prints.core, cores[i]) for i in ids)
        }
        if found:
            out[page.position] = found
    return out


def _holders(conn, site: int, hashes: list[int], mine: int | None) -> dict[int, list[int]]:
    """Stable hash -> the other items of the site holding it."""
    holders: dict[int, list[int]] = {}
    for start in range(0, len(hashes), CHUNK):
        chunk = hashes[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT hash, item_id FROM fingerprints WHERE site_id = ? AND hash IN ({marks})",
            [site, *chunk],
        )
        for h, item in rows:
            if item != mine:
                holders.setdefault(h, []).append(item)
    return holders


def _load_cores(conn, ids: set[int], cores: dict[int, frozenset[int]]) -> None:
    wanted = sorted(ids)
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        for item, blob in conn.execute(f"SELECT id, core FROM items WHERE id IN ({marks})", chunk):
            cores[item] = unpack_core(blob)
