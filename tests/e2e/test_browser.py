"""The HTML report in a real browser (Debian's chromium-headless-shell): highlights render,
untrusted markup stays text, no script of the article's runs. Screenshots go to the test
artifacts folder (AUDIT_ARTIFACTS, default reports/artifacts); with AUDIT_UPDATE_DOCS=1 the
README's picture, docs/report.png, is replaced too (tests never write tracked files otherwise)."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
from pathlib import Path

import lxml.html
import pytest

from audit.cli import main
from audit.render.html import csp_hash
from audit.rules import default_categories
from tests.e2e import screens

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "labelled" / "corpus"
ARTICLE = CORPUS / "01-lithium-refinery-farm.txt"
BROWSER = shutil.which("chromium-headless-shell") or shutil.which(
    "chromium-headless-shell", path="/usr/bin:/usr/lib/chromium"
)
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="chromium-headless-shell is not installed "
    "(apt-get update && apt-get install -y chromium-headless-shell)",
)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
)
RULE_WITH_MARKUP = """rules:
  - id: xss-probe
    category: vague-sourcing
    severity: warning
    kind: phrase
    message: "<script>document.title='PWNED-rule'</script> matched '{match}'"
    description: "A rule whose message carries markup, as an untrusted rule pack might."
    phrases:
      - the refinery
"""
PAYLOAD = (
    "\n\nExperts believe <script>document.title='PWNED-text'</script> the refinery will "
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\"> close.\n"
)
# an internal contradiction, so that the article has findings in all five categories
CONTRADICTION = (
    "\nWhitcombe and Governor Lombardo will meet in Reno later this month.\n"
    "\nWhitcombe and Governor Lombardo will meet in Carson City later this month.\n"
)


def browse(tmp_path: Path, page: Path, *args: str) -> str:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    proc = subprocess.run(
        [BROWSER, *FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri()],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def xss_article(tmp_path: Path) -> tuple[Path, Path]:
    """Corpus article 01 (findings in four categories, and a contradiction added for the
    fifth) with markup in its title, body, file name and a rule message."""
    title, rest = ARTICLE.read_text(encoding="utf-8").split("\n", 1)
    title += " <script>document.title='PWNED-title'</script>"
    folder = tmp_path / "in"
    folder.mkdir()
    article = folder / "x<img src=x onerror=alert(1)>.md"
    article.write_text(f"# {title}\n{rest}{PAYLOAD}{CONTRADICTION}", encoding="utf-8")
    rule = tmp_path / "probe.yaml"
    rule.write_text(RULE_WITH_MARKUP, encoding="utf-8")
    return article, rule


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def save_artifact(shot: Path, name: str) -> None:
    folder = Path(os.environ.get("AUDIT_ARTIFACTS", ROOT / "reports" / "artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, folder / name)


def test_dump_dom_reflects_scripts_that_run(tmp_path: Path) -> None:
    """Control: an inline script does change the dumped DOM, so its absence below means
    the report's payloads did not run."""
    page = tmp_path / "control.html"
    page.write_text("<title>before</title><script>document.title='after'</script>")
    dom = lxml.html.fromstring(browse(tmp_path, page, "--dump-dom"))
    assert dom.findtext(".//title") == "after"


def test_report_highlights_and_no_script_runs(tmp_path: Path, capsys) -> None:
    article, rule = xss_article(tmp_path)
    report = tmp_path / "report.html"
    main(["run", str(article), "--rules", str(rule), "--format", "html", "-o", str(report)])
    capsys.readouterr()

    dom = lxml.html.fromstring(browse(tmp_path, report, "--dump-dom"))
    title = dom.findtext(".//title")
    assert title.startswith("Corvane Minerals")  # a payload that ran would have replaced it
    assert "<script>document.title='PWNED-title'</script>" in title  # shown as text
    body = dom.find(".//body")
    assert body.get("data-pwned") is None
    assert not dom.xpath("//body//img")
    assert len(dom.xpath("//script")) == 1  # only the report's own table-sort script
    article_div = dom.xpath("//div[@class='article']")[0]
    text = article_div.text_content()
    assert "<script>document.title='PWNED-text'</script>" in text
    assert 'onerror="document.body.setAttribute' in text
    page_text = dom.text_content()
    assert "<script>document.title='PWNED-rule'</script> matched 'the refinery'" in page_text
    assert "x<img src=x onerror=alert(1)>.md" in page_text

    for cat in default_categories().ids:
        marks = article_div.xpath(f".//mark[contains(concat(' ', @class, ' '), ' c-{cat} ')]")
        assert marks, f"no highlight for {cat}"
    items = dom.xpath("//ol[@class='findings']/li")
    badges = article_div.xpath(".//a[contains(@class, 'badge')]")
    # a badge per finding, and one more for the statement the contradiction links to
    linked = [b for b in badges if "the statement it links to" in b.get("aria-label", "")]
    assert len(linked) == 1
    assert len(items) == len(badges) - len(linked) > 20
    ids = {el.get("id") for el in dom.xpath("//*[@id]")}
    for badge in badges:
        assert badge.get("href")[1:] in ids
        assert badge.get("aria-label", "").startswith("Finding ")
    for item in items:
        assert item.xpath(".//a/@href")[0][1:] in ids

    shot = tmp_path / "xss.png"
    browse(tmp_path, report, f"--screenshot={shot}", "--window-size=1280,2000")
    assert png_size(shot) == (1280, 2000)
    save_artifact(shot, "report-xss.png")


def test_screenshot_for_the_readme(tmp_path: Path, capsys) -> None:
    """The README's picture: the corpus article's report, as a reader sees it."""
    report = tmp_path / "report.html"
    main(["run", str(ARTICLE), "--format", "html", "-o", str(report)])
    capsys.readouterr()
    shot = tmp_path / "report.png"
    browse(tmp_path, report, f"--screenshot={shot}", "--window-size=1280,2000")
    assert png_size(shot) == (1280, 2000)
    assert shot.stat().st_size > 50_000  # a rendered page, not a blank one
    save_artifact(shot, "report.png")
    if os.environ.get("AUDIT_UPDATE_DOCS") == "1":
        shutil.copyfile(shot, ROOT / "docs" / "report.png")


# Run in a copy of the report, its hash added to the report's own CSP (which stays in force)
MEASURE = (
    "document.title = JSON.stringify({scroll: document.documentElement.scrollWidth, "
    "client: document.documentElement.clientWidth})"
)
SITE_PAGE = """<html><head><title>{title}</title><meta property="og:url" content="{url}">
<meta name="author" content="Jane Roe"></head><body><article><h1>{title}</h1>
<p>The council approved a budget of 12 million dollars on Tuesday, Mayor Ana Ruiz said.</p>
<p>Analysts suggest the move could hurt small businesses, sources said.</p>
<p>Read more at <a href="https://www.reuters.com/x">Reuters</a>.</p></article></body></html>
"""


def widths(tmp_path: Path, report: Path, width: int) -> dict[str, int]:
    page = report.read_text(encoding="utf-8")
    page = page.replace("script-src ", f"script-src {csp_hash(MEASURE)} ", 1)
    page = page.replace("</body>", f"<script>{MEASURE}</script></body>", 1)
    probe = tmp_path / f"probe-{width}.html"
    probe.write_text(page, encoding="utf-8")
    dom = lxml.html.fromstring(browse(tmp_path, probe, "--dump-dom", f"--window-size={width},900"))
    return json.loads(dom.findtext(".//title"))


def multi_site_report(tmp_path: Path) -> Path:
    """A multi-document report with everything the index and overview show: two sites, long
    paths and titles, local files and an unreadable input."""
    folder = tmp_path / "a-rather-long-folder-name-for-the-feed-of-the-day" / "items"
    folder.mkdir(parents=True)
    for i, site in enumerate(("news.example.com", "another-regional-paper.example.org")):
        title = "A long headline about the council budget and what it means for the libraries"
        url = f"https://www.{site}/2026/12/04/council-budget-libraries-story-{i}"
        page = SITE_PAGE.format(title=title, url=url)
        (folder / f"story-{i}-council-budget.html").write_text(page, encoding="utf-8")
    shutil.copyfile(ARTICLE, folder / ARTICLE.name)
    report = tmp_path / "multi.html"
    args = ["run", str(folder), str(ROOT / "samples"), str(tmp_path / "missing.txt")]
    main([*args, "--format", "html", "-o", str(report)])
    return report


@pytest.mark.parametrize("width", [360, 400, 1280])
def test_no_sideways_scroll_on_a_phone_or_a_desktop(tmp_path: Path, capsys, width: int) -> None:
    """Issue 19: the report reads at 360-400 px (and at 1280) without scrolling sideways."""
    single = tmp_path / "single.html"
    main(["run", str(ARTICLE), "--format", "html", "-o", str(single)])
    multi = multi_site_report(tmp_path)
    capsys.readouterr()
    assert "Findings per document by site" in multi.read_text(encoding="utf-8")
    for report in (single, multi):
        seen = widths(tmp_path, report, width)
        assert seen["client"] <= width and seen["client"] > width - 40
        assert seen["scroll"] <= seen["client"], (report.name, width, seen)


@pytest.mark.parametrize("shot", screens.SHOTS, ids=lambda s: s.name)
def test_screenshot_matches_its_reference(tmp_path: Path, capsys, shot) -> None:
    """Issue 19: the report at 1280 and 400 px looks as the reference images in
    tests/data/screenshots/, which only `python3 tools/update_screenshots.py` rewrites."""
    reference = screens.REFERENCES / shot.name
    if not reference.is_file():
        pytest.skip(f"no reference {reference.name}: run tools/update_screenshots.py")
    made_with = json.loads(screens.ENVIRONMENT.read_text(encoding="utf-8"))
    if made_with != screens.environment():  # other fonts render other pixels
        pytest.skip(f"references taken with {made_with}, not this browser and font set")
    taken = screens.take(shot, tmp_path, tmp_path / shot.name)
    capsys.readouterr()
    save_artifact(taken, f"screen-{shot.name}")
    seen = screens.differing(taken, reference)
    assert "size" not in seen, f"{shot.name}: size {seen['size']} (taken, reference)"
    assert seen["differing"] <= screens.PIXEL_TOLERANCE, (
        f"{shot.name}: {seen['differing']:.2%} of pixels differ from the reference; if the "
        "change is intended, run tools/update_screenshots.py and look at the images"
    )


def test_screenshot_comparison_sees_a_different_page(tmp_path: Path) -> None:
    """Control: two different references are told apart (and one matches itself)."""
    a, b = (screens.REFERENCES / s.name for s in screens.SHOTS[1:3])
    if not (a.is_file() and b.is_file()):
        pytest.skip("no references: run tools/update_screenshots.py")
    assert screens.differing(a, a) == {"differing": 0}
    assert screens.differing(a, b)["differing"] > 0.05
