"""The detectors on the labelled corpus of original articles (tests/labelled/corpus, see its
README).

Holds the project to the floors in the corpus' manifest.yaml (recall >= 0.9, false-positive rate
<= 0.05), and the score to its calibration: content farms below 50, careful wire-style stories 85
or above on average, and every low-quality article below every high-quality one.
"""

from __future__ import annotations

import pytest

from tests.conftest import CORPUS
from tests.labels import Floors, audit_articles, load_articles, load_set, measure

ARTICLES = load_articles(CORPUS)
FLOORS = load_set(CORPUS).floors


@pytest.fixture(scope="module")
def results(engine):
    return audit_articles(engine, ARTICLES)


def test_corpus_is_big_enough() -> None:
    assert len(ARTICLES) >= 12
    assert {a.quality for a in ARTICLES} >= {"low", "mid", "high"}


def test_recall_and_false_positive_rate(results) -> None:
    m = measure(ARTICLES, results)
    report = "\n".join(["missed:", *m.missed, "false positives:", *m.wrong])
    assert isinstance(FLOORS, Floors)
    assert m.recall >= FLOORS.recall, f"recall {m.recall:.2f}\n{report}"
    assert m.fp_rate <= FLOORS.fp, f"fp rate {m.fp_rate:.2f}\n{report}"


def test_score_calibration(results) -> None:
    by_quality: dict[str, list[int]] = {}
    for article, result in zip(ARTICLES, results, strict=True):
        by_quality.setdefault(article.quality, []).append(result.score.score)
    low, high = by_quality["low"], by_quality["high"]
    assert max(low) < 50, by_quality
    assert sum(high) / len(high) >= 85, by_quality
    assert max(low) < min(high), by_quality


def test_sentences_shared_across_articles_are_flagged_as_recycled(results) -> None:
    """Footers a site repeats (no stock list contains them) are caught in every article."""
    checked = 0
    for article, result in zip(ARTICLES, results, strict=True):
        for label in article.must_flag:
            shared = sum(label.snippet in other.text for other in ARTICLES) >= 2
            shared = shared and len(label.snippet.split()) >= 6  # the rule's min_words
            if label.categories == ("recycled-boilerplate",) and shared:
                checked += 1
                assert any(
                    f.rule in ("recycled-sentence", "recycled-line")
                    and f.start < label.end
                    and label.start < f.end
                    for f in result.findings
                ), (article.path.name, label.snippet)
    assert checked >= 3
