"""The score: a sub-score per category of the run, in its order, and declared weights."""

from __future__ import annotations

from audit.model import Finding, Severity
from audit.score import ScoreModel, score

MODEL = ScoreModel(0.0, {"a": -1.0, "b": -1.0})


def finding(category: str) -> Finding:
    return Finding("r", category, Severity.WARNING, 0, 5, "m")


def test_every_category_of_the_run_gets_a_sub_score_in_order() -> None:
    result = score([finding("b"), finding("z")], 300, MODEL, categories=("b", "a"))
    assert list(result.categories) == ["b", "a", "z"]  # one found outside the run's comes last
    assert result.categories["a"].score == 100 and result.categories["a"].count == 0
    assert result.categories["b"].count == 1 and result.categories["b"].score < 100


def test_a_declared_weight_counts_where_the_fitted_model_has_none() -> None:
    completed = MODEL.completed({"a": -9.0, "c": -2.0})
    assert completed.problems == {"a": -1.0, "b": -1.0, "c": -2.0}
    found = [finding("c")] * 3
    assert score(found, 150, completed, categories=("a", "c")).score < 50
    assert score(found, 150, MODEL, categories=("a", "c")).score == 50  # weight 0: no effect
