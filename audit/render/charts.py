"""The overview charts of a multi-document HTML report: geometry only, computed here; the
template draws it as inline SVG (no external load, nothing the page's CSP would block).

Charts are drawn in a narrow coordinate box (CHART_WIDTH units) and scaled to the column they
sit in, so their text stays legible on a phone and is not oversized on a desktop."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from audit.engine import Result
from audit.model import Categories
from audit.score import GRADES, grade
from audit.summary import site_of

CHART_WIDTH = 320
LABEL_WIDTH = 140  # the left column of horizontal bar charts
ROW = 26  # one horizontal bar's height, with its gap
SITE_LABEL_MAX = 36


@dataclass(frozen=True)
class Bar:
    """One rectangle: where it is, its class (a grade's or a category's colour) and what it
    says to a reader who hovers or uses a screen reader."""

    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"  # SVG text-anchor


@dataclass
class Chart:
    title: str
    caption: str
    height: float
    bars: list[Bar] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    width: float = CHART_WIDTH


def grade_class(score: float) -> str:
    return f"g-{grade(score)}"


def score_distribution(scores: Sequence[int]) -> Chart:
    """A histogram of scores in ten-point bins (90-100 in the last), coloured by grade."""
    counts = [0] * 10
    for s in scores:
        counts[min(int(s) // 10, 9)] += 1
    top = max(counts) or 1
    left, base, plot = 8.0, 150.0, 120.0
    step = (CHART_WIDTH - 2 * left) / 10
    chart = Chart(
        "Score distribution",
        f"{len(scores)} documents by score, in ten-point bins; bars coloured by grade.",
        180,
    )
    for i, n in enumerate(counts):
        h = plot * n / top
        x = left + i * step
        span = f"{i * 10}-{i * 10 + 9 if i < 9 else 100}"
        chart.bars.append(
            Bar(x + 2, base - h, step - 4, h, grade_class(i * 10 + 5), f"{span}: {n}")
        )
        if n:
            chart.labels.append(Label(x + step / 2, base - h - 4, str(n), "middle"))
        chart.labels.append(Label(x + step / 2, base + 14, str(i * 10), "middle"))
    chart.labels.append(Label(CHART_WIDTH - left, base + 28, "score", "end"))
    return chart


def _hbars(
    title: str,
    caption: str,
    rows: list[tuple[str, list[tuple[float, str, str]]]],
    label_above: bool = False,
    scale: float | None = None,
) -> Chart:
    """Horizontal bars, one row per label; each row's segments (value, class, title) are
    stacked, and the longest row spans the plot. Long labels (site names) go above their bar,
    so they are never clipped on a narrow chart."""
    top = scale or max((sum(v for v, _, _ in segs) for _, segs in rows), default=0) or 1
    left = 0.0 if label_above else float(LABEL_WIDTH)
    row = ROW + 14 if label_above else ROW
    plot = CHART_WIDTH - left - 34
    chart = Chart(title, caption, row * len(rows) + 6)
    for r, (label, segs) in enumerate(rows):
        y = 4 + r * row
        if label_above:
            chart.labels.append(Label(0, y + 10, label))
            y += 14
        else:
            chart.labels.append(Label(left - 6, y + 14, label, "end"))
        x = left
        for value, css, tip in segs:
            w = plot * value / top
            if w > 0:
                chart.bars.append(Bar(x, y, w, ROW - 8, css, tip))
            x += w
        total = sum(v for v, _, _ in segs)
        chart.labels.append(Label(x + 4, y + 14, f"{total:g}"))
    return chart


Css = Callable[[str], str]  # a category's colour class (the stylesheet's, else 'other')


def findings_by_category(results: Sequence[Result], categories: Categories, css: Css) -> Chart:
    """Findings of each category across documents (and in how many documents)."""
    rows = []
    for cat in categories:
        n = sum(1 for r in results for f in r.findings if f.category == cat.id)
        docs = sum(1 for r in results if any(f.category == cat.id for f in r.findings))
        rows.append((cat.label, [(n, f"c-{css(cat.id)}", f"{cat.label}: {n} in {docs} documents")]))
    return _hbars("Findings by category", "Findings of each category, all documents.", rows)


def by_site(results: Sequence[Result], categories: Categories, css: Css) -> list[Chart]:
    """Mean score and findings per document by category, per site; none for a single site."""
    sites: dict[str, list[Result]] = {}
    for r in results:
        sites.setdefault(site_of(r.document.source, r.document.meta), []).append(r)
    if len(sites) < 2:
        return []
    ordered = sorted(sites.items(), key=lambda kv: sum(r.score.score for r in kv[1]) / len(kv[1]))
    scores, findings = [], []
    for site, members in ordered:
        name = site.removeprefix("www.")
        name = name if len(name) <= SITE_LABEL_MAX else name[: SITE_LABEL_MAX - 1] + "…"
        label = f"{name} ({len(members)} document{'s' if len(members) != 1 else ''})"
        mean = round(sum(r.score.score for r in members) / len(members), 1)
        scores.append((label, [(mean, grade_class(mean), f"{site}: mean score {mean}")]))
        segs = []
        for cat in categories:
            n = sum(1 for r in members for f in r.findings if f.category == cat.id)
            per = round(n / len(members), 1)
            segs.append((per, f"c-{css(cat.id)}", f"{site}: {cat.label}, {per} per document"))
        findings.append((label, segs))
    return [
        _hbars("Mean score by site", "Mean score of each site's documents.", scores, True, 100),
        _hbars(
            "Findings per document by site",
            "Findings per document at each site, stacked by category.",
            findings,
            True,
        ),
    ]


def overview(results: Sequence[Result], categories: Categories, css: Css) -> list[Chart]:
    """The charts a multi-document report opens with."""
    charts = [
        score_distribution([r.score.score for r in results]),
        findings_by_category(results, categories, css),
    ]
    return charts + by_site(results, categories, css)


def grade_legend() -> list[tuple[str, str]]:
    """('A', '90-100'), ('B', '80-89'), ... ('F', 'under 60'): what each grade means."""
    out, ceiling = [], 100
    for floor, letter in GRADES:
        out.append((letter, f"{floor}-{ceiling}"))
        ceiling = floor - 1
    out.append(("F", f"under {GRADES[-1][0]}"))
    return out
