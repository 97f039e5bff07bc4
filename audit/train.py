"""Train the sentence model (`audit/sentencemodel.py`) from labelled articles and sentences.

    python -m audit.train FOLDER... [--wiki DIR] [-o audit/data/sentence-model.json]

Each FOLDER holds labelled articles (NAME.txt beside NAME.yaml: quality, must_flag {category,
snippet}, must_not_flag {categories, snippet}); `--wiki DIR` adds the CoNLL-2010 Wikipedia
sentences (uncertain.txt, certain.txt) to the unattributed-claim head. A sentence the model
would score (`sentencemodel.candidates`) is a positive example of a category when a must_flag
snippet of that category overlaps it, a negative when a must_not_flag snippet listing the
category does, and a weak negative (`--unlabelled-weight`) when no label touches it.

Deterministic: inputs are sorted, folds are fixed, the solver is liblinear (no randomness on
this problem). Writes the model and, beside it, the training report (`.report.md`): the split,
and per category the cross-validated precision and recall of the model and of rules + model.

Needs scikit-learn (`pip install '.[train]'`); scoring does not.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from audit import sentencemodel
from audit.attribution import analyse, default_lexicon
from audit.document import Document
from audit.engine import Engine
from audit.kinds.model import ModelKind
from audit.rules import default_pack_path, load_rules

HEADS = ("unattributed-claim", "vague-sourcing")
WIKI_HEAD = "unattributed-claim"
WIKI_CHUNK = 50  # sentences per document, one paragraph each (as ../shared/tools/score_wiki.py)
FOLDS = 5


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    categories: tuple[str, ...]


@dataclass
class Row:
    """One scored sentence: its features, its label per head (None: unlabelled), its group."""

    features: list[str]
    labels: dict[str, bool | None]
    group: str  # the article (or wiki chunk): folds never split one
    source: str  # "articles" | "wiki"
    quality: str = ""  # the article's quality band (low, mid, high)


def load_folder(folder: Path) -> list[tuple[Path, str, list[Span], list[Span], str]]:
    """The labelled articles of a folder, sorted: (path, text, must_flag, must_not_flag,
    quality)."""
    out = []
    for txt in sorted(folder.glob("*.txt")):
        label_file = txt.with_suffix(".yaml")
        if not label_file.is_file():
            continue
        text = txt.read_text(encoding="utf-8-sig")
        data = yaml.safe_load(label_file.read_text(encoding="utf-8")) or {}

        def span(item: dict, text: str = text) -> Span | None:
            start = text.find(item["snippet"])
            if start < 0:
                return None
            cats = tuple(item.get("categories") or [item["category"]])
            return Span(start, start + len(item["snippet"]), cats)

        flag = [s for s in map(span, data.get("must_flag") or []) if s]
        keep = [s for s in map(span, data.get("must_not_flag") or []) if s]
        out.append((txt, text, flag, keep, str(data.get("quality", ""))))
    return out


def rules_without_model():
    """The default pack's rules but the model's: what the model backs up."""
    return [r for r in load_rules([default_pack_path()]) if not isinstance(r.kind, ModelKind)]


def _overlaps(a: tuple[int, int], b: Span) -> bool:
    return a[0] < b.end and b.start < a[1]


def article_rows(folders: Sequence[Path], engine: Engine) -> tuple[list[Row], dict]:
    """Rows for the candidate sentences of every article, and the labelled items with the
    sentences they touch and whether the rules alone find them (for item-level figures)."""
    rows: list[Row] = []
    items: dict = {"flag": [], "keep": []}  # per item: (category(s), rows touching, rules hit)
    lex = default_lexicon()
    for folder in sorted(folders):
        articles = load_folder(folder)
        docs = [Document.build(text, str(path)) for path, text, *_ in articles]
        results = engine.audit(docs)
        for (path, _text, flag, keep, quality), doc, result in zip(
            articles, docs, results, strict=True
        ):
            sourcing = analyse(doc, lex)
            group = str(path)
            found = [(f.start, f.end, f.category) for f in result.findings]
            spans: dict[int, tuple[int, int]] = {}  # row -> sentence span
            for i in sentencemodel.candidates(doc, sourcing):
                s = doc.sentences[i]
                span = (s.start, s.end)
                labels: dict[str, bool | None] = {}
                for head in HEADS:
                    if any(head in x.categories and _overlaps(span, x) for x in flag):
                        labels[head] = True
                    elif any(head in x.categories and _overlaps(span, x) for x in keep):
                        labels[head] = False
                    else:
                        labels[head] = None
                feats = sentencemodel.features(doc, i, sourcing[i])
                spans[len(rows)] = span
                rows.append(Row(feats, labels, group, "articles", quality))
            for kind, labelled in (("flag", flag), ("keep", keep)):
                for x in labelled:
                    touching = [r for r, sp in spans.items() if _overlaps(sp, x)]
                    hit = {
                        c: any(c == cat and s < x.end and x.start < e for s, e, cat in found)
                        for c in x.categories
                    }
                    items[kind].append((x.categories, touching, hit))
            doc.analyses.clear()
    return rows, items


def wiki_lines(folder: Path) -> list[tuple[str, bool]]:
    """The Wikipedia sentences, as score_wiki.py reads them: (sentence, uncertain), sorted."""
    out = []
    for name, uncertain in (("certain.txt", False), ("uncertain.txt", True)):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            line = " ".join(line.split())
            if line:
                out.append((line, uncertain))
    return sorted(out)


def wiki_rows(folder: Path, engine: Engine) -> tuple[list[Row], list[tuple[bool, list[int], bool]]]:
    """Rows for the Wikipedia sentences (50 to a document, one paragraph each), and per
    sentence (uncertain, its rows, whether the rules flag it as vague or unattributed)."""
    lines = wiki_lines(folder)
    rows: list[Row] = []
    sentences = []
    lex = default_lexicon()
    for c in range(0, len(lines), WIKI_CHUNK):
        chunk = lines[c : c + WIKI_CHUNK]
        text, spans = "", []
        for sentence, uncertain in chunk:
            spans.append((len(text), len(text) + len(sentence), uncertain))
            text += sentence + "\n\n"
        doc = Document.build(text, f"wiki-{c // WIKI_CHUNK:03d}")
        result = engine.audit([doc])[0]
        found = [(f.start, f.end) for f in result.findings if f.category in HEADS]
        sourcing = analyse(doc, lex)  # the engine cleared its cache: analysed once more
        cand = {}
        for i in sentencemodel.candidates(doc, sourcing):
            s = doc.sentences[i]
            cand[i] = (s.start, s.end)
        for start, end, uncertain in spans:
            touching = []
            for i, (s, e) in cand.items():
                if s < end and start < e:
                    touching.append(len(rows))
                    rows.append(
                        Row(
                            sentencemodel.features(doc, i, sourcing[i]),
                            {WIKI_HEAD: uncertain},
                            f"wiki-{c // WIKI_CHUNK:03d}",
                            "wiki",
                        )
                    )
            ruled = any(s < end and start < e for s, e in found)
            sentences.append((uncertain, touching, ruled))
    return rows, sentences


@dataclass
class Fitted:
    bias: float
    weights: dict[str, float]


@dataclass(frozen=True)
class Setting:
    """How a head is fitted: the regularisation and the weight of each kind of example."""

    c: float  # inverse regularisation strength
    unlabelled: float  # a weak negative (no label touches the sentence)
    wiki: float  # a Wikipedia sentence
    low: float  # a weak negative in a low-quality article
    scale: float = 1.0  # the value of signal and lexicon features


def fit(rows: Sequence[Row], head: str, setting: Setting) -> Fitted:
    """A logistic regression for `head` over the rows that carry a label or a weak negative."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    xs, ys, ws = [], [], []
    for r in rows:
        if head not in r.labels:
            continue
        y = r.labels[head]
        weight = 1.0 if r.source == "articles" else setting.wiki
        if y is None:  # a weak negative; in a low-quality article, weaker (labels miss some)
            y, weight = False, setting.low if r.quality == "low" else setting.unlabelled
        xs.append(r.features)
        ys.append(int(y))
        ws.append(weight)
    counts: dict[str, int] = {}
    for feats in xs:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, n in counts.items() if n >= 2)  # a feature seen once is noise
    index = {f: k for k, f in enumerate(vocab)}
    # Signals and lexicon classes (s:, l:) generalise beyond the words seen in training: given
    # the value `setting.scale` instead of 1, the same penalty lets them carry more of the
    # score. The exported weight is multiplied back, so scoring stays a plain sum.
    value = [setting.scale if f[0] in "sl" else 1.0 for f in vocab]
    indptr, indices = [0], []
    for feats in xs:
        cols = sorted({index[f] for f in feats if f in index})
        indices.extend(cols)
        indptr.append(len(indices))
    data = [value[k] for k in indices]
    matrix = csr_matrix((data, indices, indptr), shape=(len(xs), len(vocab)))
    model = LogisticRegression(C=setting.c, solver="liblinear", max_iter=1000)
    model.fit(matrix, ys, sample_weight=ws)
    weights = {f: float(w) for f, w in zip(vocab, model.coef_[0], strict=True) if abs(w) >= 1e-3}
    return Fitted(float(model.intercept_[0]), weights)


def predict(fitted: Fitted, rows: Iterable[Row]) -> list[float]:
    head = sentencemodel.Head(fitted.bias, fitted.weights)
    return [head.probability(r.features) for r in rows]


def folds(rows: Sequence[Row], k: int = FOLDS) -> list[int]:
    """A fold per row, by group (an article or a wiki chunk), groups dealt round in order."""
    groups = sorted({r.group for r in rows})
    fold_of = {g: n % k for n, g in enumerate(groups)}
    return [fold_of[r.group] for r in rows]


def cross_validate(rows: Sequence[Row], head: str, setting: Setting) -> list[float | None]:
    """Out-of-fold probabilities for `head`, for every row."""
    fold = folds(rows)
    out: list[float | None] = [None] * len(rows)
    for k in range(FOLDS):
        train = [r for r, f in zip(rows, fold, strict=True) if f != k]
        fitted = fit(train, head, setting)
        # every row of the fold is scored, labelled for this head or not: the vague-sourcing
        # head also runs on the Wikipedia sentences, as it does on any text
        test = [n for n, f in enumerate(fold) if f == k]
        for n, p in zip(test, predict(fitted, (rows[n] for n in test)), strict=True):
            out[n] = p
    return out


@dataclass
class Figures:
    recall: float
    fp_rate: float
    flagged: int
    positives: int


def item_figures(items: dict, probs: list[float | None], head: str, threshold: float) -> Figures:
    """Item-level recall and false-positive rate of rules + model for one category, as
    ../shared/tools/score.py counts them (a sentence the model flags hits every item it touches;
    a backstop finding never removes a rule's)."""

    def model_hit(touching: list[int]) -> bool:
        return any((p := probs[r]) is not None and p >= threshold for r in touching)

    flag = [(t, hit) for cats, t, hit in items["flag"] if head in cats]
    keep = [(t, hit) for cats, t, hit in items["keep"] if head in cats]
    hits = sum(hit[head] or model_hit(t) for t, hit in flag)
    fps = sum(hit[head] or model_hit(t) for t, hit in keep)
    return Figures(hits / max(1, len(flag)), fps / max(1, len(keep)), hits, len(flag))


def sentence_pr(rows: Sequence[Row], probs: list[float | None], head: str, threshold: float):
    """Precision and recall of the model alone over the labelled rows of a head."""
    tp = fp = fn = 0
    for r, p in zip(rows, probs, strict=True):
        y = r.labels.get(head)
        if p is None or y is None:
            continue
        pred = p >= threshold
        tp += pred and y
        fp += pred and not y
        fn += (not pred) and y
    return tp / max(1, tp + fp), tp / max(1, tp + fn)


def wiki_f1(sentences, probs_by_head: dict[str, list[float | None]], thresholds) -> tuple:
    """Precision, recall, F1 of rules + model on the Wikipedia sentences (vague or unattributed
    together, as score_wiki.py counts them)."""
    tp = fp = fn = 0
    for uncertain, touching, ruled in sentences:
        pred = ruled or any(
            (p := probs_by_head[h][r]) is not None and p >= thresholds[h]
            for h in probs_by_head
            for r in touching
        )
        tp += pred and uncertain
        fp += pred and not uncertain
        fn += (not pred) and uncertain
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return p, r, 2 * p * r / max(1e-9, p + r)


GRID = [step / 20 for step in range(2, 19)]  # 0.10 .. 0.90


def careful_rate(rows: Sequence[Row], probs, head: str, threshold: float) -> float:
    """The share of the sentences of high-quality articles that the model flags although no
    label asks for it: most of a careful article is clean, labelled or not."""
    flagged = total = 0
    for r, p in zip(rows, probs, strict=True):
        if r.quality != "high" or p is None or r.labels.get(head):
            continue
        total += 1
        flagged += p >= threshold
    return flagged / max(1, total)


def allowed(
    rows: Sequence[Row], items: dict, probs, head: str, max_fp: float, max_careful: float
) -> list[float]:
    """The thresholds whose cross-validated item false-positive rate (rules + model) stays
    within `max_fp` and whose flag rate on careful articles stays within `max_careful`:
    precision first."""
    return [
        t
        for t in GRID
        if item_figures(items, probs, head, t).fp_rate <= max_fp
        and careful_rate(rows, probs, head, t) <= max_careful
    ] or [0.95]


def transfer(article_rows: Sequence[Row], wrows: Sequence[Row], a: argparse.Namespace) -> None:
    """How a model trained on the articles alone does on the Wikipedia sentences (real text it
    never saw): the best F1 of the unattributed-claim head alone over the thresholds. A check
    of generalisation that uses training data only."""
    low = a.unlabelled_weight if a.unlabelled_low is None else a.unlabelled_low
    fitted = fit(
        article_rows, WIKI_HEAD, Setting(a.c, a.unlabelled_weight, 0.0, low, a.signal_scale)
    )
    probs = predict(fitted, wrows)
    best = (0.0, 0.0)
    for t in GRID:
        pairs = [(p >= t, bool(r.labels[WIKI_HEAD])) for p, r in zip(probs, wrows, strict=True)]
        tp = sum(p and y for p, y in pairs)
        wrong = sum(p != y for p, y in pairs)
        best = max(best, (2 * tp / max(1, 2 * tp + wrong), t))
    print(f"articles -> Wikipedia: F1 {best[0]:.3f} at {best[1]:.2f}", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m audit.train", description=__doc__.split("\n")[0])
    ap.add_argument("folders", nargs="+", type=Path, help="folders of labelled articles")
    ap.add_argument("--wiki", type=Path, help="CoNLL-2010 Wikipedia sentences (a folder)")
    ap.add_argument("-o", "--output", type=Path, default=sentencemodel.DEFAULT_MODEL)
    ap.add_argument("--c", type=float, default=0.5, help="inverse regularisation strength")
    ap.add_argument("--unlabelled-weight", type=float, default=0.3)
    ap.add_argument(
        "--unlabelled-low", type=float, help="the same in low-quality articles (default: same)"
    )
    ap.add_argument(
        "--signal-scale", type=float, default=1.0, help="value of signal and lexicon features"
    )
    ap.add_argument(
        "--transfer", action="store_true", help="also print articles -> Wikipedia transfer"
    )
    ap.add_argument("--wiki-weight", type=float, default=0.5)
    ap.add_argument("--max-fp", type=float, default=0.03, help="item fp rate the threshold keeps")
    ap.add_argument(
        "--max-careful",
        type=float,
        default=0.02,
        help="share of a careful article's unlabelled sentences the threshold may flag",
    )
    ap.add_argument("--blind", nargs="*", default=[], help="folders held out (for the report)")
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    a = _parser().parse_args(argv)
    engine = Engine(rules_without_model())
    rows, items = article_rows(a.folders, engine)
    wrows, wsentences = wiki_rows(a.wiki, engine) if a.wiki else ([], [])
    all_rows = rows + wrows
    if a.transfer and wsentences:
        transfer(rows, wrows, a)
    print(f"{len(rows)} article sentences, {len(wrows)} wiki sentences", file=sys.stderr)

    low = a.unlabelled_weight if a.unlabelled_low is None else a.unlabelled_low
    setting = Setting(a.c, a.unlabelled_weight, a.wiki_weight, low, a.signal_scale)
    cv = {head: cross_validate(all_rows, head, setting) for head in HEADS}
    thresholds = _thresholds(rows, items, wsentences, cv, a)
    heads, report = {}, []
    for head in HEADS:
        fitted = fit(all_rows, head, setting)
        heads[head] = sentencemodel.Head(fitted.bias, fitted.weights)
        report.append(_report_row(rows, items, cv[head], head, thresholds[head], fitted))
    meta = {
        "trained_on": sorted(str(f) for f in a.folders),
        "wiki": str(a.wiki) if a.wiki else "",
        "blind": sorted(a.blind),
        "thresholds": thresholds,
        "c": a.c,
        "unlabelled_weight": a.unlabelled_weight,
        "unlabelled_low": low,
        "signal_scale": a.signal_scale,
        "wiki_weight": a.wiki_weight,
    }
    model = sentencemodel.SentenceModel(heads, meta)
    a.output.parent.mkdir(parents=True, exist_ok=True)
    a.output.write_text(sentencemodel.to_json(model), encoding="utf-8")
    wiki_line = _wiki_line(wsentences, wrows, rows, cv, thresholds)
    report_text = _report_text(a, meta, report, wiki_line, len(rows), len(wrows), low)
    a.output.with_suffix(".report.md").write_text(report_text, encoding="utf-8")
    print(report_text)
    return 0


def _thresholds(rows, items, wsentences, cv, a: argparse.Namespace) -> dict[str, float]:
    """Within the false-positive budget on the articles, vague-sourcing at its highest article
    recall, unattributed-claim at the best cross-validated F1 on the Wikipedia sentences (the
    real text the project may train on), else its article recall."""
    n = len(rows)
    thresholds: dict[str, float] = {}
    vague = "vague-sourcing"
    thresholds[vague] = allowed(rows, items, cv[vague][:n], vague, a.max_fp, a.max_careful)[0]
    t_claim = allowed(rows, items, cv[WIKI_HEAD][:n], WIKI_HEAD, a.max_fp, a.max_careful)
    if wsentences:
        wprobs = {h: cv[h][n:] for h in HEADS}
        thresholds[WIKI_HEAD] = max(
            t_claim, key=lambda t: wiki_f1(wsentences, wprobs, {**thresholds, WIKI_HEAD: t})[2]
        )
    else:
        thresholds[WIKI_HEAD] = t_claim[0]
    return thresholds


def _report_row(rows, items, probs, head: str, t: float, fitted) -> str:
    """One category's line of the training report: cross-validated figures at threshold t."""
    n = len(rows)
    rules_only = item_figures(items, [None] * n, head, t)
    both = item_figures(items, probs[:n], head, t)
    sp, sr = sentence_pr(rows, probs[:n], head, t)
    careful = careful_rate(rows, probs[:n], head, t)
    return (
        f"| {head} | {t:.2f} | {sp:.2f} / {sr:.2f} | {rules_only.recall:.2f} / "
        f"{rules_only.fp_rate:.2f} | {both.recall:.2f} / {both.fp_rate:.2f} "
        f"({both.flagged}/{both.positives}) | {careful:.3f} | {len(fitted.weights)} |"
    )


def _wiki_line(wsentences, wrows, rows, cv, thresholds: dict[str, float]) -> str:
    """The report's Wikipedia figures, rules alone and rules + model (cross-validated)."""
    if not wsentences:
        return ""
    wprobs = {h: cv[h][len(rows) :] for h in HEADS}
    p0, r0, f0 = wiki_f1(wsentences, {h: [None] * len(wrows) for h in HEADS}, thresholds)
    p1, r1, f1 = wiki_f1(wsentences, wprobs, thresholds)
    return (
        f"Wikipedia sentences (vague-sourcing or unattributed-claim, {FOLDS}-fold "
        f"cross-validated by chunks of {WIKI_CHUNK}): rules alone P {p0:.2f} R {r0:.2f} "
        f"F1 {f0:.2f}; rules + model P {p1:.2f} R {r1:.2f} F1 {f1:.2f}."
    )


def _report_text(
    a: argparse.Namespace, meta: dict, report: list[str], wiki_line: str, n: int, nw: int, low
) -> str:
    """The training report (`sentence-model.report.md`)."""
    return "\n".join(
        [
            "# Sentence model: training report",
            "",
            f"Written by `python -m audit.train` ({len(a.folders)} folders of labelled articles"
            f"{', the Wikipedia sentences' if a.wiki else ''}).",
            "",
            "Trained on: " + ", ".join(f"`{f}`" for f in meta["trained_on"]) + ".",
            "",
            "Held out as blind (never read here): "
            + (", ".join(f"`{f}`" for f in meta["blind"]) or "none named")
            + ".",
            "",
            f"{n} candidate article sentences, {nw} Wikipedia sentences; "
            f"C={a.c}, unlabelled sentences weigh {a.unlabelled_weight} ({low} in low-quality "
            f"articles), Wikipedia sentences {a.wiki_weight}.",
            "",
            f"Figures are {FOLDS}-fold cross-validated (folds by article). The threshold is the "
            f"lowest (vague-sourcing), or the best for the Wikipedia F1 (unattributed-claim), "
            f"whose rules + model item false-positive rate stays within {a.max_fp} and which "
            f"flags at most {a.max_careful} of the unlabelled sentences of high-quality articles.",
            "",
            "| category | threshold | model alone, labelled sentences: P / R | rules alone: "
            "recall / fp | rules + model: recall / fp | careful articles flagged | features |",
            "| --- | --- | --- | --- | --- | --- | --- |",
            *report,
            "",
            wiki_line,
            "",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
