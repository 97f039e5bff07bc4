"""Labelled articles (NAME.txt + NAME.yaml, the label format of ../shared/tools/score.py), the
labelled sets they come in (`tests/labelled/SET/`, each described by its manifest.yaml), and the
metrics the project is held to: recall of must_flag items, false-positive rate of must_not_flag."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from audit.document import Document
from audit.engine import Engine, Result

LABELLED = Path(__file__).resolve().parent / "labelled"
# what a set is for: the corpus was written with the tool; a regression set was measured blind
# once and then tuned on; a blind set never was; a training set trains the sentence model
STATUSES = ("development", "regression", "blind", "training")


@dataclass(frozen=True)
class Figures:
    """Recall of must_flag items, false-positive rate of must_not_flag items, rank accuracy."""

    recall: float
    fp: float
    rank: float
    note: str = ""


@dataclass(frozen=True)
class Floors:
    """What the tests hold a set to: recall at least, false-positive rate at most."""

    recall: float
    fp: float


@dataclass(frozen=True)
class LabelledSet:
    """One folder of tests/labelled and its manifest. `blind` and `tuned` hold figures, or a
    string saying why there are none ("none: kept blind"); `floors` is None for a set no test
    holds (a blind or training set)."""

    folder: Path
    what: str
    was: str  # its folder before issue 17 (tests/holdoutN, tests/corpus, tests/real2016)
    written: str
    commit: str
    status: str
    blind: Figures | str
    tuned: Figures | str
    floors: Floors | None

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def articles(self) -> int:
        return sum(1 for _ in self.folder.glob("*.txt"))


def load_set(folder: Path) -> LabelledSet:
    """A set's manifest, strictly: every key present, no other, figures complete."""
    data = yaml.safe_load((folder / "manifest.yaml").read_text(encoding="utf-8"))
    keys = {"what", "was", "written", "commit", "status", "blind", "tuned", "floors"}
    if set(data) != keys:
        raise ValueError(f"{folder.name}/manifest.yaml: keys {sorted(data)}, want {sorted(keys)}")
    if data["status"] not in STATUSES:
        raise ValueError(f"{folder.name}/manifest.yaml: status {data['status']!r}")

    def figures(value: dict | str) -> Figures | str:
        return value if isinstance(value, str) else Figures(**value)

    floors = data["floors"]
    return LabelledSet(
        folder,
        data["what"],
        data["was"],
        data["written"],
        data["commit"],
        data["status"],
        figures(data["blind"]),
        figures(data["tuned"]),
        Floors(**floors) if floors is not None else None,
    )


def labelled_sets() -> list[LabelledSet]:
    """Every labelled set, by folder name (01-... to 46-..., then corpus, real2016)."""
    return [load_set(f) for f in sorted(LABELLED.iterdir()) if (f / "manifest.yaml").is_file()]


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
