"""The regression sets (tests/labelled, status `regression` in their manifests: measured blind
once, then tuned on) guard against regressions: each keeps the recall it reached after its misses
were generalised (less a small margin), few false positives, and every low-quality article below
every high-quality one. The floors are in each set's manifest.yaml."""

from __future__ import annotations

import pytest

from tests.labels import LabelledSet, audit_articles, labelled_sets, load_articles, measure

REGRESSION = {s.name: s for s in labelled_sets() if s.status == "regression"}


@pytest.mark.parametrize("name", sorted(REGRESSION))
def test_holdout_keeps_its_recall_and_ranks_articles(engine, name: str) -> None:
    labelled: LabelledSet = REGRESSION[name]
    assert labelled.floors is not None
    articles = load_articles(labelled.folder)
    results = audit_articles(engine, articles)
    m = measure(articles, results)
    report = "\n".join(["missed:", *m.missed, "false positives:", *m.wrong])
    assert m.recall >= labelled.floors.recall, f"{name} recall {m.recall:.2f}\n{report}"
    assert m.fp_rate <= labelled.floors.fp, f"{name} fp rate {m.fp_rate:.2f}\n{report}"
    low = [r.score.score for a, r in zip(articles, results, strict=True) if a.quality == "low"]
    high = [r.score.score for a, r in zip(articles, results, strict=True) if a.quality == "high"]
    assert max(low) < min(high), (low, high)
