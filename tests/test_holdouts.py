"""The holdout sets, once their blind run is recorded (README, "Measured accuracy"), guard against
regressions: each keeps the recall it reached after its misses were generalised (less a small
margin), few false positives, and every low-quality article below every high-quality one."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.labels import audit_articles, load_articles, measure

# set -> the recall it must keep (measured: 0.95, 0.85, 0.98, 0.96, 0.95, 0.96, 0.96, 0.92)
FLOORS = {
    "holdout": 0.9,
    "holdout2": 0.8,
    "holdout3": 0.93,
    "holdout4": 0.9,
    "holdout5": 0.9,
    "holdout6": 0.9,
    "holdout7": 0.9,
    "holdout8": 0.88,
    "holdout9": 0.93,
    "holdout10": 0.93,
    "holdout11": 0.93,
    "holdout12": 0.93,
    "holdout13": 0.93,
    "holdout14": 0.9,
    "holdout15": 0.93,
    "holdout16": 0.93,
    "holdout17": 0.9,
    "holdout18": 0.85,
    "holdout19": 0.82,
    "holdout20": 0.9,
    "holdout21": 0.93,
    "holdout22": 0.85,
    "holdout23": 0.85,
    "holdout24": 0.82,
    "holdout25": 0.85,
    "holdout26": 0.9,
    "holdout27": 0.93,
    "holdout28": 0.93,
    "holdout29": 0.9,
    "holdout30": 0.9,
    "holdout31": 0.93,
    "holdout32": 0.9,
    "holdout33": 0.9,
    "holdout34": 0.93,
    "holdout35": 0.93,
    "holdout36": 0.9,
    "holdout37": 0.93,
    "holdout38": 0.88,
    "holdout39": 0.85,
    "holdout40": 0.85,
    "holdout41": 0.93,
    "holdout42": 0.93,
    "holdout43": 0.9,
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_holdout_keeps_its_recall_and_ranks_articles(engine, name: str) -> None:
    articles = load_articles(ROOT / "tests" / name)
    results = audit_articles(engine, articles)
    m = measure(articles, results)
    report = "\n".join(["missed:", *m.missed, "false positives:", *m.wrong])
    assert m.recall >= FLOORS[name], f"{name} recall {m.recall:.2f}\n{report}"
    assert m.fp_rate <= 0.05, f"{name} fp rate {m.fp_rate:.2f}\n{report}"
    low = [r.score.score for a, r in zip(articles, results, strict=True) if a.quality == "low"]
    high = [r.score.score for a, r in zip(articles, results, strict=True) if a.quality == "high"]
    assert max(low) < min(high), (low, high)
