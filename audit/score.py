"""The score: 0-100, a letter grade, and one sub-score per category.

Each finding costs its rule's weight times its severity factor (info 0.5, warning 1, error 1.5).
A category's cost is normalised by length, per 100 words (at least 150 words are assumed, so a
short text is not over-punished for one finding), and becomes the category's sub-score
`100 * exp(-cost / TAU)`.

The overall score weighs the problems against the evidence of careful reporting
(`audit/evidence.py`): `100 * sigmoid(intercept + sum(weight * term))`, where the terms are
each category's cost per 100 words and the evidence terms (reporting words per 100 words, named
sources, the writer's own voice, shouted words ...). The weights are a `ScoreModel`, data in the
rule pack (`rules/pack.yaml`, key `score`), fitted on real articles by `tools/fit_score.py`:
problems can only lower the score, and each evidence term moves it one way only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from audit.evidence import Evidence
from audit.model import Finding

TAU = 0.6
MIN_WORDS = 150
GRADES = ((90, "A"), (80, "B"), (70, "C"), (60, "D"))


@dataclass(frozen=True)
class ScoreModel:
    """The overall score's weights: an intercept, a weight per category cost (per 100 words)
    and a weight per evidence term (`Evidence.terms`)."""

    intercept: float
    problems: dict[str, float]
    evidence: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> ScoreModel:
        """From the `score` mapping of a pack.yaml; raises ValueError naming the bad key."""
        unknown = set(data) - {"intercept", "problems", "evidence"}
        if unknown:
            raise ValueError(f"unknown key '{sorted(unknown)[0]}' in 'score'")
        intercept = data.get("intercept", 0.0)
        if not isinstance(intercept, int | float) or isinstance(intercept, bool):
            raise ValueError("'score.intercept' must be a number")
        problems = _weights(data.get("problems", {}), "problems")
        if any(w > 0 for w in problems.values()):
            raise ValueError("'score.problems' weights must be 0 or negative")
        evidence = _weights(data.get("evidence", {}), "evidence")
        known = set(Evidence.TERMS)
        for term in evidence:
            if term not in known:
                known_terms = ", ".join(sorted(known))
                raise ValueError(f"unknown evidence term '{term}' (known: {known_terms})")
        return cls(float(intercept), problems, evidence)

    def value(self, costs: Mapping[str, float], terms: Mapping[str, float] | None) -> int:
        """The overall score from each category's cost per 100 words and the evidence terms
        (`Evidence.terms`; None: no evidence counted)."""
        logit = self.intercept
        for cat, cost in costs.items():
            logit += self.problems.get(cat, 0.0) * cost
        if terms is not None:
            logit += sum(w * terms[t] for t, w in self.evidence.items())
        return round(100.0 / (1.0 + math.exp(-max(min(logit, 50.0), -50.0))))

    def completed(self, weights: Mapping[str, float]) -> ScoreModel:
        """The same model, with `weights` (a pack's declared category weights) for the
        categories it has no fitted weight for."""
        extra = {cat: w for cat, w in weights.items() if cat not in self.problems}
        return ScoreModel(self.intercept, {**self.problems, **extra}, dict(self.evidence))

    def scaled(self, factors: Mapping[str, float]) -> ScoreModel:
        """The same model with some categories' weights multiplied (config
        `category-weights`: 0 leaves a category out of the overall score, 2 doubles it). A
        category the model has no weight for (a pack's own) starts from the mean weight."""
        mean = sum(self.problems.values()) / len(self.problems) if self.problems else -1.0
        problems = dict(self.problems)
        for cat, factor in factors.items():
            problems[cat] = problems.get(cat, mean) * factor
        return ScoreModel(self.intercept, problems, dict(self.evidence))


def _weights(value: object, key: str) -> dict[str, float]:
    if not isinstance(value, Mapping) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in value.values()
    ):
        raise ValueError(f"'score.{key}' must map names to numbers")
    return {str(k): float(v) for k, v in value.items()}


@dataclass(frozen=True)
class CategoryScore:
    score: int
    count: int
    cost: float


@dataclass(frozen=True)
class Score:
    score: int
    grade: str
    categories: dict[str, CategoryScore]


def grade(value: float) -> str:
    for floor, letter in GRADES:
        if value >= floor:
            return letter
    return "F"


def score(
    findings: Iterable[Finding],
    words: int,
    model: ScoreModel,
    evidence: Evidence | None = None,
    *,
    categories: Sequence[str],
) -> Score:
    """Score a document from its findings, its length in words and its evidence: a sub-score
    for each of the run's `categories` (in their order), and for any other a finding has."""
    units = max(words, MIN_WORDS) / 100
    cost = dict.fromkeys(categories, 0.0)
    count = dict.fromkeys(categories, 0)
    for f in findings:
        cost[f.category] = cost.get(f.category, 0.0) + f.penalty
        count[f.category] = count.get(f.category, 0) + 1
    categories = {}
    for cat in cost:
        sub = 100.0 * math.exp(-cost[cat] / units / TAU)
        categories[cat] = CategoryScore(round(sub), count[cat], round(cost[cat], 3))
    terms = evidence.terms() if evidence is not None else None
    value = model.value({cat: c / units for cat, c in cost.items()}, terms)
    return Score(value, grade(value), categories)
