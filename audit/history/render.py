"""`audit history` reports: text for a terminal, JSON for scripts, HTML with a trend chart per
site (inline SVG, no script, a Content-Security-Policy that allows only its own stylesheet).

Site names, item links and titles come from feeds strangers wrote: the text report passes them
through `one_line` (no control characters), the HTML report through jinja2's autoescaping.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from audit import __version__
from audit.history.feedrun import regression_dict
from audit.history.query import Period, SiteReport
from audit.render import one_line
from audit.render.common import templates

TEMPLATES = Path(__file__).with_name("templates")
BAR = 20  # characters of a score bar in the text report


@dataclass(frozen=True)
class Meta:
    """What the report covers."""

    database: str
    by: str
    since: str | None
    runs: int
    first_run: str | None
    last_run: str | None


def as_json(reports: Sequence[SiteReport], meta: Meta) -> dict[str, Any]:
    return {
        "version": 1,
        **asdict(meta),
        "sites": [_site_json(r) for r in reports],
    }


def _site_json(r: SiteReport) -> dict[str, Any]:
    out = {
        "site": r.site, "items": r.items, "audits": r.audits, "mean_score": r.mean,
        "first": r.first, "last": r.last,
        "trend": [{"period": p.period, "audits": p.audits, "mean_score": p.mean} for p in r.trend],
        "findings_by_category": r.findings, "mean_subscores": r.subscores,
        "worst": [asdict(w) for w in r.worst],
        "changes": asdict(r.changes) if r.changes else None,
        "regression": regression_dict(r.regression) if r.regression else None,
    }  # fmt: skip
    return out


def text(reports: Sequence[SiteReport], meta: Meta) -> str:
    runs = f"{meta.runs} run{'s' if meta.runs != 1 else ''}"
    span = f" ({_day(meta.first_run)} to {_day(meta.last_run)})" if meta.first_run else ""
    sites = f"{len(reports)} site{'s' if len(reports) != 1 else ''}"
    lines = [f"history {one_line(meta.database)}: {sites}, {runs}{span}"]
    if meta.since:
        lines[0] += f"; audits since {_day(meta.since)}"
    for r in reports:
        lines += ["", *_site_text(r, meta.by)]
    return "\n".join(lines) + "\n"


def _site_text(r: SiteReport, by: str) -> list[str]:
    mean = f", mean score {r.mean:g}" if r.mean is not None else ""
    out = [f"{one_line(r.site)}: {r.items} items, {r.audits} audits{mean}"]
    if r.trend:
        out.append(f"  {by:<10}  audits   mean")
        out += [f"  {p.period:<10}  {p.audits:>6}  {p.mean:5.1f}  {_bar(p.mean)}" for p in r.trend]
    if r.findings:
        cats = "  ".join(f"{c} {n}" for c, n in r.findings.items())
        out.append(f"  findings    {cats}")
        subs = "  ".join(f"{c} {s:g}" for c, s in r.subscores.items())
        out.append(f"  sub-scores  {subs}")
    for w in r.worst:
        out.append(f"  worst       {w.score:>3} {w.grade}  {one_line(w.source)}  {_day(w.at)}")
    out += _changes_text(r)
    return out


def _changes_text(r: SiteReport) -> list[str]:
    c = r.changes
    if c is None:
        return []
    previous = f" (previous {c.previous_at})" if c.previous_at else " (the site's first)"
    counts = ", ".join(f"{n} {kind}" for kind, n in c.counts.items()) or "nothing"
    out = [f"  last run    {c.at}{previous}: {counts}"]
    if c.mean is not None:
        before = f" (previous run {c.previous_mean:g})" if c.previous_mean is not None else ""
        out.append(f"              mean score {c.mean:g}{before}")
    for kind, items in c.items.items():
        for item in items:
            score = item.get("score")
            was = item.get("previous_score")
            if "error" in item:
                change = f"  {one_line(item['error'])}"
            elif was is not None:
                change = f"  {was} -> {score}"
            else:
                change = f"  {score}" if score is not None else ""
            out.append(f"              {kind:<10}  {one_line(item['source'])}{change}")
    reg = r.regression
    if reg is not None and reg.trailing_mean is not None:
        out.append(
            f"  trailing    {reg.run_mean:g} in the last run against {reg.trailing_mean:g} over "
            f"the {reg.days} days before ({reg.trailing_audits} audits): "
            f"{-reg.drop:+.1f} points"
        )
    return out


def _bar(score: float) -> str:
    filled = round(score / 100 * BAR)
    return "█" * filled + "░" * (BAR - filled)


def _day(when: str | None) -> str:
    return when[:10] if when else ""


# --- HTML -----------------------------------------------------------------------------------

CHART_W, CHART_H, PAD_L, PAD_R, PAD_T, PAD_B = 640, 180, 36, 12, 12, 28


@dataclass(frozen=True)
class Chart:
    """An SVG line chart of mean score per period; coordinates precomputed, text escaped by
    the template."""

    width: int
    height: int
    points: str  # polyline "x,y x,y"
    dots: list[tuple[float, float, str]]  # x, y, tooltip
    grid: list[tuple[float, int]]  # y, score
    labels: list[tuple[float, str, str]]  # x, period, text-anchor (first, middle, last)
    baseline: float  # y of the plot's bottom
    left: int
    right: int


def chart(trend: Sequence[Period]) -> Chart | None:
    if not trend:
        return None
    inner_w = CHART_W - PAD_L - PAD_R
    inner_h = CHART_H - PAD_T - PAD_B

    def y(score: float) -> float:
        return round(PAD_T + inner_h * (1 - score / 100), 1)

    step = inner_w / max(len(trend) - 1, 1)
    if len(trend) == 1:
        xs = [PAD_L + inner_w / 2]
    else:
        xs = [round(PAD_L + i * step, 1) for i in range(len(trend))]
    dots = [
        (x, y(p.mean), f"{p.period}: mean {p.mean:g} over {p.audits} audits")
        for x, p in zip(xs, trend, strict=True)
    ]
    shown = sorted({0, len(trend) // 2, len(trend) - 1})
    return Chart(
        CHART_W, CHART_H,
        " ".join(f"{x},{yy}" for x, yy, _ in dots),
        dots,
        [(y(s), s) for s in (0, 25, 50, 75, 100)],
        [(xs[i], trend[i].period, _anchor(i, len(trend))) for i in shown],
        y(0), PAD_L, CHART_W - PAD_R,
    )  # fmt: skip


def _anchor(i: int, n: int) -> str:
    """Labels at the ends align inwards, so that none is cut off by the chart's edge."""
    if n == 1:
        return "middle"
    return "start" if i == 0 else "end" if i == n - 1 else "middle"


def csp_hash(content: str) -> str:
    digest = hashlib.sha256(content.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def html(reports: Sequence[SiteReport], meta: Meta) -> str:
    css = (TEMPLATES / "history.css").read_text(encoding="utf-8")
    csp = (
        f"default-src 'none'; style-src {csp_hash(css)}; img-src 'none'; base-uri 'none'; "
        "form-action 'none'"
    )
    sites = [{"report": r, "chart": chart(r.trend), "id": f"site-{n}"} for n, r in
             enumerate(reports, 1)]  # fmt: skip
    return (
        templates(TEMPLATES)
        .get_template("history.html.j2")
        .render(sites=sites, meta=meta, css=css, csp=csp, version=__version__)
    )
