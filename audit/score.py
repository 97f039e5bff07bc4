"""The score: 0-100, a letter grade, and one sub-score per category.

Each finding costs its rule's weight times its severity factor (info 0.5, warning 1, error 1.5).
A category's cost is normalised by length, per 100 words (at least 150 words are assumed, so a
short text is not over-punished for one finding), and becomes a sub-score
`100 * exp(-cost / TAU)`. The overall score is the weighted geometric mean of the sub-scores,
so one very bad category pulls the whole article down, as a reader's trust would.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from audit.model import CATEGORIES, Finding

TAU = 0.6
MIN_WORDS = 150
CATEGORY_WEIGHTS: dict[str, float] = {
    "unattributed-claim": 0.3,
    "vague-sourcing": 0.3,
    "off-topic-padding": 0.2,
    "recycled-boilerplate": 0.2,
}
GRADES = ((90, "A"), (80, "B"), (70, "C"), (60, "D"))


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
    findings: Iterable[Finding], words: int, weights: dict[str, float] | None = None
) -> Score:
    """Score a document from its findings and its length in words."""
    weights = weights or CATEGORY_WEIGHTS
    units = max(words, MIN_WORDS) / 100
    cost = dict.fromkeys(CATEGORIES, 0.0)
    count = dict.fromkeys(CATEGORIES, 0)
    for f in findings:
        cost[f.category] = cost.get(f.category, 0.0) + f.penalty
        count[f.category] = count.get(f.category, 0) + 1
    categories = {}
    log_sum = weight_sum = 0.0
    for cat in cost:
        sub = 100.0 * math.exp(-cost[cat] / units / TAU)
        categories[cat] = CategoryScore(round(sub), count[cat], round(cost[cat], 3))
        w = weights.get(cat, 0.0)
        log_sum += w * math.log(max(sub, 1.0))
        weight_sum += w
    overall = math.exp(log_sum / weight_sum) if weight_sum else 100.0
    value = round(overall)
    return Score(value, grade(value), categories)
