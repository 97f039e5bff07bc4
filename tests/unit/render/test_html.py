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
    assert len(dom.xpath("//div[@class='bars']/svg")) == 5  # one bar per category
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
