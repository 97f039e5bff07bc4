"""The 118 real 2016 articles labelled by hand in tests/labelled/real2016 (mainstream and
fabricated news, labelled blind to the tool) guard the real-text figures: overall recall and
false positives, and the site furniture that copy-paste keeps (other stories' video titles and
related headlines, player and share widgets, photo credits), which the editors label as padding
and boilerplate."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.conftest import ROOT
from tests.labels import audit_articles, load_articles, measure

SET = ROOT / "tests" / "labelled" / "real2016"


@pytest.fixture(scope="module")
def measured(engine):
    articles = load_articles(SET)
    return articles, measure(articles, audit_articles(engine, articles))


def test_real_articles_keep_their_recall(measured) -> None:
    _, m = measured
    assert m.recall >= 0.70  # measured 0.73 (0.65 before news-furniture, unnamed-officials)
    assert m.fp_rate <= 0.07  # measured 0.064


def test_news_furniture_is_found_as_the_editors_label_it(measured) -> None:
    articles, m = measured
    labelled = Counter(label.categories[0] for a in articles for label in a.must_flag)
    missed = Counter(line.split("[")[1].split("]")[0] for line in m.missed)
    found = {cat: (labelled[cat] - missed[cat]) / labelled[cat] for cat in labelled}
    assert found["off-topic-padding"] >= 0.5  # measured 38/65 (1/65 before)
    assert found["recycled-boilerplate"] >= 0.35  # measured 24/55 (10/55 before)
