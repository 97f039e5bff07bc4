"""The HTML report without a browser: segments, escaping, CSP, file names, the index page."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.cli import main
from audit.model import Finding, Severity
from audit.output import safe_name
from audit.render.html import segments
from tests.conftest import CORPUS

ARTICLE = CORPUS / "01-lithium-refinery-farm.txt"


def finding(start: int, end: int, category: str = "vague-sourcing") -> Finding:
    return Finding("r", category, Severity.WARNING, start, end, "m")


@given(
    st.integers(0, 60),
    st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70)), max_size=8),
)
def test_segments_partition_text_and_know_every_covering_finding(length: int, spans) -> None:
    found = [finding(min(a, b), max(a, b)) for a, b in spans]
    segs = segments(length, found)
    assert [s.start for s in segs if s.end > s.start][:1] in ([0], [])
    covered = 0
    for seg in segs:
        assert seg.start == covered or seg.start == seg.end == covered
        covered = seg.end
        for i, f in enumerate(found):
            s, e = min(f.start, length), min(f.end, length)
            inside = s <= seg.start and seg.end <= e and s < e and seg.end > seg.start
            assert (i in seg.active) == inside
    assert covered == length
    starts = sorted(i for seg in segs for i in seg.starting)
    assert starts == list(range(len(found)))  # every finding gets exactly one badge


def test_overlapping_findings_split_at_every_boundary() -> None:
    segs = segments(10, [finding(0, 6, "unattributed-claim"), finding(3, 9)])
    assert [(s.start, s.end, s.active) for s in segs] == [
        (0, 3, (0,)),
        (3, 6, (0, 1)),
        (6, 9, (1,)),
        (9, 10, ()),
    ]


def render_html(tmp_path: Path, *paths: Path | str, capsys=None) -> str:
    out = tmp_path / "r.html"
    args = ["run", *map(str, paths), "--format", "html", "-o", str(out), "--exit-zero"]
    assert main(args) == 0
    return out.read_text(encoding="utf-8")


def test_untrusted_text_is_escaped_and_csp_pins_style_and_script(tmp_path: Path) -> None:
    src = ARTICLE.read_text(encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(
        src + "\n\nExperts believe <script>alert(1)</script> and <img src=x onerror=alert(2)>.\n",
        encoding="utf-8",
    )
    page = render_html(tmp_path, article)
    assert "<script>alert" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "onerror=alert(2)&gt;" in page
    assert page.count("<script>") == 1 and page.count("<style>") == 1
    dom = lxml.html.fromstring(page)
    csp = dom.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    for tag, directive in (("style", "style-src"), ("script", "script-src")):
        body = re.search(rf"<{tag}>(.*?)</{tag}>", page, re.S).group(1)
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in csp
    assert not re.search(r"""(?:src|href)=["']?(?:https?:|//)""", page)  # nothing external
    assert ' style="' not in page  # no inline style attributes (CSP would block them)


def test_document_page_shows_score_bars_inventory_and_linked_findings(tmp_path: Path) -> None:
    dom = lxml.html.fromstring(render_html(tmp_path, ARTICLE))
    score = dom.xpath("//div[contains(@class, 'score')]")[0]
    assert score.get("aria-label").startswith("Score ")
    assert len(dom.xpath("//div[@class='bars']//svg")) == 5  # one bar per category
    assert dom.xpath("//table[@class='inventory']//td")
    items = dom.xpath("//ol[@class='findings']/li")
    marks = dom.xpath("//div[@class='article']//mark")
    assert items and marks
    for item in items:  # every entry links to its badge, which links back
        target = item.xpath(".//a/@href")[0][1:]
        badge = dom.get_element_by_id(target)
        assert badge.get("href") == "#" + item.get("id")
        assert badge.text_content()[0] in "UVPBC"  # a letter, not colour alone


def test_index_page_lists_every_document_worst_first(tmp_path: Path) -> None:
    dom = lxml.html.fromstring(render_html(tmp_path, CORPUS))
    rows = dom.xpath("//table[contains(@class, 'sortable')]/tbody/tr")
    assert len(rows) == len([*CORPUS.glob("*.txt"), *CORPUS.glob("*.md")])
    scores = [int(r.xpath("td")[1].get("data-sort")) for r in rows]
    assert scores == sorted(scores)
    sections = {s.get("id") for s in dom.xpath("//section[@class='document']")}
    assert {r.xpath(".//a/@href")[0][1:] for r in rows} == sections
    assert all(th.xpath("button") for th in dom.xpath("//table[contains(@class, 'sortable')]//th"))


def test_html_defaults_to_reports_folder_with_a_safe_name(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    weird = tmp_path / "in" / "..x<y>.txt"
    weird.parent.mkdir()
    weird.write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["run", str(weird), "--format", "html", "--exit-zero"]) == 0
    assert [p.name for p in (tmp_path / "reports").iterdir()] == ["x-y.html"]
    assert main(["run", str(CORPUS), "--format", "html", "--exit-zero"]) == 0
    assert (tmp_path / "reports" / "corpus.html").is_file()


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("../../etc/passwd", "passwd"),
        ("/abs/dir/story.md", "story"),
        ("C:\\Users\\a\\story.txt", "story"),
        ("https://example.com/news/2024/story.html", "example.com-news-2024-story"),
        ("..", "report"),
        ("", "report"),
        ("<stdin>", "stdin"),
        ("con.txt", "report"),
        ("a b/ü<script>.txt", "script"),
    ],
)
def test_safe_name(source: str, name: str) -> None:
    assert safe_name(source) == name
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", safe_name(source))


PAGE = """<html><head><title>Story</title><meta property="og:url" content="{url}">
<meta name="author" content="Jane Roe"></head><body><article><h1>Council budget</h1>
<p>The city council approved a budget of 12 million dollars on Tuesday, Mayor Ana Ruiz said.</p>
<p>Analysts suggest the move could hurt small businesses.</p>
<p>Read more at <a href="https://www.reuters.com/x">Reuters</a>.</p></article></body></html>
"""


def site_pages(folder: Path, sites: tuple[str, ...]) -> Path:
    folder.mkdir()
    for i, site in enumerate(sites):
        url = f"https://www.{site}/story-{i}"
        (folder / f"p{i}.html").write_text(PAGE.format(url=url), encoding="utf-8")
    return folder


def test_legend_fix_signals_and_unreadable_items_come_first(tmp_path: Path) -> None:
    """Issue 19: the score legend, the page signals and the unreadable items are at the top;
    the inventory is full width above the article and findings; each finding says how to fix."""
    pages = site_pages(tmp_path / "pages", ("a.example",))
    out = tmp_path / "r.html"
    main(["run", str(pages), str(tmp_path / "missing.txt"), "--format", "html", "-o", str(out)])
    dom = lxml.html.fromstring(out.read_text(encoding="utf-8"))
    key = dom.xpath("//details[@class='key']")[0].text_content()
    assert "0–100" in key and "90-100" in key and "under 60" in key
    header = dom.xpath("//header")[0]
    assert "missing.txt" in header.xpath(".//section[@class='unreadable']")[0].text_content()
    doc = dom.xpath("//section[@class='document']")[0]
    signals = {d.findtext("dt"): d.findtext("dd") for d in doc.xpath(".//dl[@class='signals']/div")}
    assert signals["Site"] == "www.a.example" and signals["Byline"] == "Jane Roe"
    assert "www.reuters.com (1)" in signals["Links"] and "Ad blocks" in signals
    order = [el.get("class") for el in doc.xpath("./*[@class]")]
    assert (
        order.index("signals") < order.index("bars") < order.index("wide") < order.index("layout")
    )
    assert not doc.xpath(".//div[@class='layout']//table")  # the inventory is not squeezed in
    fixes = doc.xpath(".//ol[@class='findings']/li/span[@class='fix']")
    assert fixes and all(f.text_content().startswith("How to fix: ") for f in fixes)


def test_overview_charts_only_in_multi_document_reports(tmp_path: Path) -> None:
    one = lxml.html.fromstring(render_html(tmp_path, ARTICLE))
    assert not one.xpath("//figure[@class='chart']")
    dom = lxml.html.fromstring(render_html(tmp_path, CORPUS))
    titles = [t.text for t in dom.xpath("//figure[@class='chart']/svg/title")]
    assert titles == ["Score distribution", "Findings by category"]  # one site: no per-site
    bars = dom.xpath("//figure[@class='chart'][1]/svg/rect")
    assert len(bars) == 10
    counted = sum(int(b.findtext("title").split(": ")[1]) for b in bars)
    assert counted == len([*CORPUS.glob("*.txt"), *CORPUS.glob("*.md")])


def test_overview_charts_per_site_when_documents_come_from_several(tmp_path: Path) -> None:
    pages = site_pages(tmp_path / "pages", ("a.example", "b.example", "b.example"))
    dom = lxml.html.fromstring(render_html(tmp_path, pages))
    titles = [t.text for t in dom.xpath("//figure[@class='chart']/svg/title")]
    assert titles[2:] == ["Mean score by site", "Findings per document by site"]
    texts = [t.text for t in dom.xpath("//figure[@class='chart'][3]/svg/text")]
    assert "a.example (1 document)" in texts and "b.example (2 documents)" in texts
