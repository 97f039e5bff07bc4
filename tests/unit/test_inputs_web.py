"""HTML files, URLs and feeds, served from 127.0.0.1 inside the tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audit import htmltext, web
from audit.cli import main
from audit.inputs import Item, Reader
from tests.webserver import Server, send

ARTICLE = """<!doctype html><html><head><title>Harbor Council Approves Ferry Subsidy | Coast News</title>
<meta name="author" content="Maria Lind"><meta property="article:published_time" content="2026-03-02">
</head><body><nav><a href="/">Home</a></nav>
<article><h1>Harbor Council Approves Ferry Subsidy</h1>
<p>The Harbor council voted 6-1 on Monday to approve a ferry subsidy of $2 million for the island route, the council said in a statement.</p>
<p>Council chair Ana Ruiz told reporters the subsidy would keep fares flat for two years.</p>
<p>BrightLine Kitchens delivers the most reliable fitted kitchens, trusted by thousands of homeowners. Visit our showroom today!</p>
<p>The vote followed a report by the <a href="https://transport.example.gov/ferry-review">state transport agency</a> that found ridership had fallen.</p>
<p>Analysts suggest the subsidy could reshape travel across the whole coast.</p>
</article>
<aside class="sidebar ad-unit"><p>Cheap flights to anywhere! Book now and save.</p></aside>
<footer><p>Coast News is independent.</p></footer></body></html>"""

SIDEBAR_AD = """<!doctype html><html><head><title>Mill Bridge Reopens</title></head><body>
<main><article><h1>Mill Bridge Reopens</h1>
<p>The Mill Street bridge reopened on Friday after three months of repairs, the county said.</p>
<p>Sponsored</p>
<p>Upgrade your garden with Greenway sheds, built to last and delivered free this month only!</p>
<p>County engineer Li Wei said the bridge could carry heavy trucks again.</p>
</article>
<div class="ad"><p>Win a cruise for two! Enter our prize draw today.</p></div>
<div class="ad-slot" id="div-gpt-ad-1"></div>
</main></body></html>"""

NO_BYLINE = """<html><head><title>Fair Opens</title></head><body><article><h1>Fair Opens</h1>
<p>The harvest fair opened on Saturday with forty stalls, organisers said in a statement.</p>
<p>Visitors can reach the fair by bus from the station, the organisers added.</p>
</article></body></html>"""


@pytest.fixture
def server():
    routes = {
        "/article.html": lambda h: send(h, ARTICLE),
        "/sidebar.html": lambda h: send(h, SIDEBAR_AD),
    }
    with Server(routes) as s:
        yield s


def fast_reader() -> Reader:
    return Reader(web.Limits(read_timeout=2, connect_timeout=1, total_timeout=5))


def test_html_url_extracts_text_metadata_and_page_signals(server) -> None:
    doc = fast_reader().read(Item(server.url("/article.html"), url=server.url("/article.html")))
    assert doc.title == "Harbor Council Approves Ferry Subsidy"
    assert "BrightLine Kitchens delivers" in doc.text  # in-body ad stays for the padding rules
    assert "Cheap flights" not in doc.text  # the class="ad-unit" sidebar is dropped...
    assert doc.page["ad_blocks_removed"] == 1  # ...and reported
    assert doc.page["ad_samples"] == ["Cheap flights to anywhere! Book now and save."]
    assert doc.page["link_domains"] == {"transport.example.gov": 1}
    assert doc.page["byline_present"] and doc.page["date_present"]
    assert doc.meta["author"] == "Maria Lind"
    assert [doc.text[s:e] for s, e, _ in doc.links] == ["state transport agency"]


def test_html_url_through_the_cli_finds_ad_and_credits_the_link(server, capsys) -> None:
    assert (
        main(["run", server.url("/article.html"), "--format", "json"]) == 1
    )  # error-level ads: the default gate
    [doc] = json.loads(capsys.readouterr().out)["documents"]
    text_of = {f["rule"]: f["excerpt"] for f in doc["findings"]}
    ad = [f["excerpt"] for f in doc["findings"] if f["rule"] == "promotional-insert"]
    assert ad[0].startswith("BrightLine Kitchens delivers")  # the whole ad paragraph
    assert ad[1:] == ["Visit our showroom today!"]
    assert text_of["vague-attribution"] == "Analysts suggest"
    linked = [s for s in doc["sources"] if s["how"] == ["link"]]
    assert linked and linked[0]["name"] == "transport.example.gov"
    assert doc["page"]["outbound_links"] == 1
    for f in doc["findings"]:  # offsets refer to the extracted text, which the report carries
        assert doc["text"][f["start"] : f["end"]] == f["excerpt"]


def test_local_html_file(tmp_path: Path, capsys) -> None:
    page = tmp_path / "page.html"
    page.write_text(ARTICLE, encoding="utf-8")
    assert main(["run", str(page), "--format", "json"]) == 1  # error-level ads: the default gate
    [doc] = json.loads(capsys.readouterr().out)["documents"]
    assert doc["title"] == "Harbor Council Approves Ferry Subsidy"
    assert doc["page"]["ad_blocks_removed"] == 1


def test_in_body_ad_reaches_the_padding_rules_and_the_class_ad_sidebar_is_reported(
    server, capsys
) -> None:
    assert (
        main(["run", server.url("/sidebar.html"), "--format", "json"]) == 1
    )  # error-level ads: the default gate
    [doc] = json.loads(capsys.readouterr().out)["documents"]
    assert "Greenway sheds" in doc["text"]  # in the article body: kept...
    assert any(
        f["category"] == "off-topic-padding" and "Greenway sheds" in f["excerpt"]
        for f in doc["findings"]
    )  # ...and flagged
    assert "Win a cruise" not in doc["text"]  # the class="ad" block: dropped by extraction...
    page = doc["page"]
    assert page["ad_blocks_removed"] == 1  # ...and reported with a sample
    assert page["ad_samples"] == ["Win a cruise for two! Enter our prize draw today."]
    assert page["ad_slots"] == 1  # the empty placeholder
    assert page["byline_present"] is False and page["byline"] is None
    assert page["date_present"] is False


def test_page_signals_count_ads_kept_in_the_article() -> None:
    html = (
        "<html><body><article><h1>Port Reopens</h1><p>The port reopened on Monday after the "
        'strike ended, the harbour master said.</p><p class="promo">Subscribe to the Ledger '
        "for unlimited access to every story this year.</p></article>"
        '<time datetime="2026-03-02">March 2</time><a rel="author" href="/x">Sam Cole</a>'
        '<a href="https://stats.example.org/a">x</a><a href="https://stats.example.org/b">y</a>'
        '<a href="/local">z</a></body></html>'
    )
    signals = htmltext.page_signals(html, "https://ledger.example/p", "Subscribe to the Ledger "
                                    "for unlimited access to every story this year.")  # fmt: skip
    assert (signals.ad_blocks, signals.ad_blocks_kept) == (0, 1)
    assert signals.outbound_links == 2
    assert signals.link_domains == {"stats.example.org": 2}
    assert signals.byline == "Sam Cole" and signals.date == "2026-03-02"


def test_missing_byline_and_date_are_signals(tmp_path: Path, capsys) -> None:
    page = tmp_path / "fair.htm"
    page.write_text(NO_BYLINE, encoding="utf-8")
    assert main(["run", str(page), "--format", "json"]) == 0
    [doc] = json.loads(capsys.readouterr().out)["documents"]
    assert doc["page"]["byline_present"] is False
    assert doc["page"]["date_present"] is False
    assert doc["page"]["outbound_links"] == 0


def test_stdin_html_is_extracted(monkeypatch, capsys) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode("utf-8"))))
    assert main(["run", "-", "--format", "json"]) == 1  # error-level ads: the default gate
    out = capsys.readouterr()
    [doc] = json.loads(out.out)["documents"]
    assert doc["source"] == "<stdin>"
    assert doc["title"] == "Harbor Council Approves Ferry Subsidy"
    assert doc["page"]["ad_blocks_removed"] == 1
    errors = sum(f["severity"] == "error" for f in doc["findings"])
    [closing] = out.err.splitlines()  # no notice, only the closing line
    assert closing.endswith(
        f"failed: 1 with error-level findings (--fail-on error): <stdin> {errors}"
    )
