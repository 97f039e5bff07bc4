"""HTML files, URLs and feeds, served from 127.0.0.1 inside the tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audit import web
from audit.cli import main
from audit.inputs import InputError, Item, Reader
from tests.webserver import Server, drip, endless_chunks, send, slow

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

FOOTER = "The Coast Ledger has been owned by its readers' cooperative since 1961 and prints weekly."


def story(title: str, body: str) -> str:
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{body}</p><p>{FOOTER}</p></article></body></html>"
    )


STORIES = {
    "/a": story("Bridge Repairs Begin on Mill Street",
                "Crews began repairs on the Mill Street bridge on Monday, the county said."),
    "/b": story("School Board Adopts Budget",
                "The school board adopted a $4 million budget on Tuesday, its chair said."),
    "/c": story("Harvest Fair Opens Saturday",
                "The harvest fair opens on Saturday with forty stalls, organisers said."),
}  # fmt: skip


def rss(base: str, links: list[str]) -> str:
    items = "".join(
        f"<item><title>t{i}</title><link>{base}{p}</link></item>" for i, p in enumerate(links)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title>{items}</channel></rss>'


def routes() -> dict:
    r = {path: (lambda h, html=html: send(h, html)) for path, html in STORIES.items()}
    r["/article.html"] = lambda h: send(h, ARTICLE)
    r["/slow"] = slow(2.0)
    r["/loop"] = lambda h: send(h, "", status=302, headers={"Location": "/loop"})
    r["/big"] = endless_chunks
    r["/drip"] = drip
    r["/pdf"] = lambda h: send(h, b"%PDF-1.7 ...", "application/pdf")
    r["/to-file"] = lambda h: send(h, "", status=302, headers={"Location": "file:///etc/passwd"})
    state = {"n": 0}

    def busy(h) -> None:
        state["n"] += 1
        if state["n"] == 1:
            send(h, "busy", "text/plain", 429, {"Retry-After": "1"})
        else:
            send(h, STORIES["/a"])

    r["/busy"] = busy
    return r


@pytest.fixture
def server():
    with Server(routes()) as s:
        yield s


def fast_reader() -> Reader:
    return Reader(
        web.Limits(
            read_timeout=0.5,
            connect_timeout=0.5,
            total_timeout=1.0,
            max_bytes=2 * 1024 * 1024,
            backoff=0.05,
        )
    )


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
    assert main(["run", server.url("/article.html"), "--format", "json"]) == 0
    [doc] = json.loads(capsys.readouterr().out)["documents"]
    text_of = {f["rule"]: f["excerpt"] for f in doc["findings"]}
    assert text_of["promotional-insert"].startswith("BrightLine Kitchens delivers")
    assert text_of["vague-attribution"] == "Analysts suggest"
    linked = [s for s in doc["sources"] if s["how"] == ["link"]]
    assert linked and linked[0]["name"] == "transport.example.gov"
    assert doc["page"]["outbound_links"] == 1
    for f in doc["findings"]:  # offsets refer to the extracted text, which the report carries
        assert doc["text"][f["start"] : f["end"]] == f["excerpt"]


def test_local_html_file(tmp_path: Path, capsys) -> None:
    page = tmp_path / "page.html"
    page.write_text(ARTICLE, encoding="utf-8")
    assert main(["run", str(page), "--format", "json"]) == 0
    [doc] = json.loads(capsys.readouterr().out)["documents"]
    assert doc["title"] == "Harbor Council Approves Ferry Subsidy"
    assert doc["page"]["ad_blocks_removed"] == 1


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/slow", "timed out"),
        ("/drip", "took longer than 1 s (slow drip)"),
        ("/loop", "more than 5 redirects"),
        ("/big", "response larger than 2 MB"),
        ("/pdf", "not an article: content type application/pdf"),
        ("/missing", "HTTP 404"),
        ("/to-file", "redirected to an unsupported URL scheme"),
    ],
)
def test_network_faults_are_clear_per_item_errors(server, path: str, reason: str) -> None:
    with pytest.raises(InputError) as info:
        fast_reader().read(Item(server.url(path), url=server.url(path)))
    assert reason in info.value.message


def test_429_is_retried_after_retry_after(server) -> None:
    doc = fast_reader().read(Item(server.url("/busy"), url=server.url("/busy")))
    assert doc.title == "Bridge Repairs Begin on Mill Street"
    assert server.hits["/busy"] == 2


def test_feed_items_share_a_footer_and_one_item_fails(server, tmp_path: Path, capsys) -> None:
    feed = tmp_path / "ledger.rss"
    feed.write_text(rss(server.url(""), ["/a", "/b", "/c", "/missing", "/a"]), encoding="utf-8")
    code = main(["feed", str(feed), "--format", "json", "--timeout", "2"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0  # one failing item does not fail the run
    sources = [d["source"] for d in data["documents"]]
    assert sources == [server.url(p) for p in ("/a", "/b", "/c")]  # the duplicate link once
    assert data["errors"] == [{"source": server.url("/missing"), "message": "HTTP 404"}]
    for doc in data["documents"]:
        footer = [f for f in doc["findings"] if f["excerpt"] == FOOTER]
        assert footer and footer[0]["category"] == "recycled-boilerplate"
    assert data["summary"]["by_site"] == {
        "127.0.0.1": {"documents": 3, "mean_score": pytest.approx(data["summary"]["mean_score"])}
    }


def test_atom_and_json_feed_with_feed_content(tmp_path: Path, capsys) -> None:
    atom = tmp_path / "a.xml"
    atom.write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>'
        '<entry><title>One</title><link href="https://news.example/one"/>'
        '<content type="html">&lt;p&gt;Analysts suggest the port could close.&lt;/p&gt;</content></entry>'
        "</feed>",
        encoding="utf-8",
    )
    jf = tmp_path / "f.json"
    jf.write_text(json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "j", "items": [
        {"id": "1", "url": "https://news.example/two", "content_text": "Experts say rents will rise sharply."},
        {"id": "2", "url": "https://news.example/two", "content_text": "duplicate link"},
        {"id": "3", "content_text": "no link but text: critics say the plan will fail."},
    ]}), encoding="utf-8")  # fmt: skip
    code = main(["feed", str(atom), str(jf), "--use-feed-content", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [d["source"] for d in data["documents"]] == [
        "https://news.example/one", "https://news.example/two", f"{jf}#item-3",
    ]  # fmt: skip
    vague = [
        f["excerpt"]
        for d in data["documents"]
        for f in d["findings"]
        if f["rule"] == "vague-attribution"
    ]
    assert vague == ["Analysts suggest", "Experts say", "critics say"]


def test_feed_where_nothing_could_be_audited_exits_2(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.rss"
    bad.write_text("this is not a feed at all", encoding="utf-8")
    assert main(["feed", str(bad), "--format", "json"]) == 2
    assert "not an RSS or Atom feed" in capsys.readouterr().err
