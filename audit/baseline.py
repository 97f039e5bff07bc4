"""Baselines: accept today's findings so that a gate fails only on new ones.

A finding's fingerprint is a hash of its rule, its normalised span text and its normalised
context (the sentence it starts in), never its offsets, so it survives edits elsewhere in the
article. A baseline is a multiset per document: a copy of an accepted finding added later in the
same document counts as new.
"""

from __future__ import annotations

import hashlib
import json
import os.path
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from audit import __version__, repo, safeio
from audit.document import Document
from audit.engine import Engine, Result
from audit.fingerprint import normalise
from audit.model import Finding

VERSION = 1
CONTEXT_CHARS = 80
EXCERPT_MAX = 120


class BaselineError(Exception):
    """A baseline file that cannot be used; the message names it."""


def context(doc: Document, finding: Finding) -> str:
    """The text around a finding: the sentence it starts in, else a window of characters."""
    i = doc.sentence_index_at(finding.start)
    if i is not None:
        s = doc.sentences[i]
        return doc.text[s.start : max(s.end, finding.end)]
    return doc.text[max(0, finding.start - CONTEXT_CHARS) : finding.end + CONTEXT_CHARS]


def fingerprint(doc: Document, finding: Finding) -> str:
    """A stable id for a finding: rule + normalised span text + normalised context."""
    parts = (finding.rule, normalise(doc.text[finding.start : finding.end]))
    key = "\x1f".join((*parts, normalise(context(doc, finding))))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def anchor(baseline_path: Path) -> Path:
    """What a baseline's paths are relative to: the repository root, else the baseline file's
    folder, so that it matches from any working directory (pre-commit runs from the root)."""
    folder = Path(os.path.abspath(baseline_path)).parent
    return repo.root(folder) or folder


def source_key(source: str, base: Path | None = None) -> str:
    """Document identity in a baseline: URLs as given, paths relative to `base` (see `anchor`;
    without one, normalised as given: ./a == a)."""
    if "://" in source or source.startswith("<"):
        return source
    if base is not None:
        return repo.relative(source, base)
    return Path(os.path.normpath(source)).as_posix()


def build(results: Sequence[Result], base: Path | None = None) -> str:
    """The baseline file (JSON) accepting every finding of `results`; paths relative to
    `base` (see `anchor`)."""
    entries = [
        {
            "source": source_key(r.document.source, base),
            "rule": f.rule,
            "fingerprint": fingerprint(r.document, f),
            "excerpt": " ".join(r.document.text[f.start : f.end].split())[:EXCERPT_MAX],
        }
        for r in results
        for f in r.findings
    ]
    payload = {"version": VERSION, "tool": {"name": "audit", "version": __version__}}
    payload["findings"] = entries  # type: ignore[assignment]
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


class Baseline:
    """Accepted findings: how many times each (source, fingerprint) may occur."""

    def __init__(self, counts: Counter[tuple[str, str]], base: Path | None = None):
        self.counts, self.base = counts, base
        self.matched: set[str] = set()  # baselined sources seen in the run
        # by document, so that matching a run is linear in its findings, not quadratic
        self._by_source: dict[str, Counter[str]] = {}
        for (src, fp), n in counts.items():
            self._by_source.setdefault(src, Counter())[fp] += n

    @classmethod
    def load(cls, path: Path) -> Baseline:
        try:
            data: Any = json.loads(safeio.read_text(path))
        except OSError as exc:
            raise BaselineError(f"{path}: cannot read: {exc.strerror or exc}") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise BaselineError(f"{path}: not a JSON baseline: {exc}") from None
        if not isinstance(data, dict) or data.get("version") != VERSION:
            raise BaselineError(f"{path}: not an audit baseline (version {VERSION})")
        counts: Counter[tuple[str, str]] = Counter()
        for i, entry in enumerate(data.get("findings") or []):
            try:
                counts[(str(entry["source"]), str(entry["fingerprint"]))] += 1
            except (TypeError, KeyError):
                raise BaselineError(f"{path}: finding {i} lacks source or fingerprint") from None
        return cls(counts, anchor(path))

    def new_findings(self, result: Result) -> list[Finding]:
        """The findings of `result` not accepted by this baseline, in order."""
        key = source_key(result.document.source, self.base)
        if key in self._by_source:
            self.matched.add(key)
        left = Counter(self._by_source.get(key, ()))
        new = []
        for f in result.findings:
            fp = fingerprint(result.document, f)
            if left[fp] > 0:
                left[fp] -= 1
            else:
                new.append(f)
        return new

    def apply(self, results: Sequence[Result], engine: Engine) -> tuple[list[Result], int]:
        """Results with baselined findings removed, and how many went. The score stays the
        article's: a baseline accepts findings for the gates, it does not make an article
        better sourced."""
        out, suppressed = [], 0
        for r in results:
            new = self.new_findings(r)
            suppressed += len(r.findings) - len(new)
            if len(new) != len(r.findings):
                r = replace(r, findings=new)
            out.append(r)
        return out, suppressed
