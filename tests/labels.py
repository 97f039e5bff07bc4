"""Labelled articles (NAME.txt + NAME.yaml, the label format of ../shared/tools/score.py) and the
metrics the project is held to: recall of must_flag items, false-positive rate of must_not_flag."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from audit.document import Document
from audit.engine import Engine, Result


@dataclass(frozen=True)
class Label:
    categories: tuple[str, ...]
    snippet: str
    start: int
    end: int


@dataclass
class Article:
    path: Path
    text: str
    quality: str
    must_flag: list[Label]
    must_not_flag: list[Label]


def load_articles(folder: Path) -> list[Article]:
    articles = []
    for txt in sorted(folder.glob("*.txt")):
        text = txt.read_text(encoding="utf-8-sig")
        data = yaml.safe_load(txt.with_suffix(".yaml").read_text(encoding="utf-8"))

        def label(item: dict, text: str = text) -> Label:
            cats = item.get("categories") or [item["category"]]
            start = text.index(item["snippet"])
            return Label(tuple(cats), item["snippet"], start, start + len(item["snippet"]))

        articles.append(
            Article(
                txt,
                text,
                data["quality"],
                [label(i) for i in data.get("must_flag") or []],
                [label(i) for i in data.get("must_not_flag") or []],
            )
        )
    return articles


@dataclass
class Metrics:
    hits: int
    must_flag: int
    false_positives: int
    must_not_flag: int
    missed: list[str]
    wrong: list[str]

    @property
    def recall(self) -> float:
        return self.hits / self.must_flag if self.must_flag else 1.0

    @property
    def fp_rate(self) -> float:
        return self.false_positives / self.must_not_flag if self.must_not_flag else 0.0


def audit_articles(engine: Engine, articles: list[Article]) -> list[Result]:
    """All articles in one run, as the scorer does, so recycled footers are visible."""
    return engine.audit([Document.build(a.text, str(a.path)) for a in articles])


def measure(articles: list[Article], results: list[Result]) -> Metrics:
    m = Metrics(0, 0, 0, 0, [], [])
    for article, result in zip(articles, results, strict=True):
        spans = [(f.category, f.start, f.end) for f in result.findings]

        def overlaps(label: Label, spans=spans) -> bool:
            return any(
                c in label.categories and s < label.end and label.start < e for c, s, e in spans
            )

        for label in article.must_flag:
            m.must_flag += 1
            if overlaps(label):
                m.hits += 1
            else:
                m.missed.append(f"{article.path.name} [{label.categories[0]}] {label.snippet!r}")
        for label in article.must_not_flag:
            m.must_not_flag += 1
            if overlaps(label):
                m.false_positives += 1
                m.wrong.append(f"{article.path.name} {list(label.categories)} {label.snippet!r}")
    return m
