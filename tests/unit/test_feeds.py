"""`audit feed`: RSS, Atom and JSON Feed served from 127.0.0.1; items fetched (or taken from the
feed), audited in one engine run, failures reported per item, a summary per run and site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audit import feeds
from audit.cli import main
from tests.webserver import Server, send

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
LINKS = ["/a", "/b", "/c", "/missing", "/a", "/b#comments"]  # a 404 and two duplicates


def rss(base: str, links: list[str]) -> str:
    items = "".join(
        f"<item><title>t{i}</title><link>{base}{p}</link></item>" for i, p in enumerate(links)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title>'
        f"{items}</channel></rss>"
    )


def atom(base: str, links: list[str]) -> str:
    entries = "".join(
        f'<entry><title>t{i}</title><id>urn:{i}</id><link href="{base}{p}"/></entry>'
        for i, p in enumerate(links)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Ledger</title><id>urn:feed</id>{entries}</feed>"
    )


def json_feed(base: str, links: list[str]) -> str:
    items = [{"id": str(i), "url": f"{base}{p}", "title": f"t{i}"} for i, p in enumerate(links)]
    return json.dumps(
        {"version": "https://jsonfeed.org/version/1.1", "title": "Ledger", "items": items}
    )


FEEDS = {
    "/feed.rss": (rss, "application/rss+xml"),
    "/feed.atom": (atom, "application/atom+xml"),
    "/feed.json": (json_feed, "application/feed+json"),
}


@pytest.fixture(scope="module")
def server():
    routes: dict = {p: (lambda h, html=html: send(h, html)) for p, html in STORIES.items()}
    routes["/copy-of-a"] = lambda h: send(h, STORIES["/a"])
    holder: dict = {}

    def feed_route(make, ctype):
        return lambda h: send(h, make(holder["base"], LINKS), ctype)

    for path, (make, ctype) in FEEDS.items():
        routes[path] = feed_route(make, ctype)
    routes["/relative.atom"] = lambda h: send(h, atom("", ["/a", "c"]), "application/atom+xml")
    routes["/empty.rss"] = lambda h: send(h, rss("", []), "application/rss+xml")
    routes["/all-missing.rss"] = lambda h: send(
        h, rss(holder["base"], ["/gone1", "/gone2"]), "application/rss+xml"
    )
    with Server(routes) as s:
        holder["base"] = s.url("")
        yield s


def audit_feed(capsys, *args: str) -> tuple[int, dict, str]:
    code = main(["feed", *args, "--format", "json", "--timeout", "2", "-j", "1"])
    out = capsys.readouterr()
    return code, json.loads(out.out), out.err


@pytest.mark.parametrize("feed_path", list(FEEDS))
def test_feed_items_share_a_footer_and_one_item_fails(server, capsys, feed_path: str) -> None:
    code, data, err = audit_feed(capsys, server.url(feed_path))
    assert code == 1  # an unreadable item fails the run (the others are audited) ...
    assert (
        audit_feed(capsys, server.url(feed_path), "--allow-unreadable", "1")[0] == 0
    )  # ... unless allowed
    sources = [d["source"] for d in data["documents"]]
    assert sources == [server.url(p) for p in ("/a", "/b", "/c")]  # duplicates audited once
    assert data["errors"] == [{"source": server.url("/missing"), "message": "HTTP 404"}]
    lines = err.strip().splitlines()
    assert lines[0].startswith("audit: feed: ") and f"({server.url(feed_path)}): " in lines[0]
    assert lines[1:] == [
        f"audit: error: {server.url('/missing')}: HTTP 404",  # once
        "audit: 3 documents, 3 findings (0 error, 3 warning, 0 info), 1 unreadable; "
        "failed: 1 unreadable (--allow-unreadable 0)",
    ]
    for doc in data["documents"]:
        footer = [f for f in doc["findings"] if f["excerpt"] == FOOTER]
        assert [f["category"] for f in footer] == ["recycled-boilerplate"]
        # both cross-document rules match a footer shared by three items; the engine keeps one
        # finding per span (today 'recycled-line'); see the next test for 'recycled-sentence'
        assert footer[0]["rule"] in ("recycled-sentence", "recycled-line")
        assert doc["meta"]["url"] == doc["source"]
    summary = data["summary"]
    assert summary["documents"] == 3 and summary["failed"] == 1
    assert summary["by_category"]["recycled-boilerplate"] >= 3
    assert list(summary["by_site"]) == ["127.0.0.1"]
    assert summary["by_site"]["127.0.0.1"]["documents"] == 3
    assert [w["source"] for w in summary["worst"]] == sorted(
        sources, key=lambda s: next(d["score"] for d in data["documents"] if d["source"] == s)
    )


def test_the_shared_footer_is_a_recycled_sentence_in_each_item(server, capsys) -> None:
    code, data, _ = audit_feed(
        capsys, server.url("/feed.rss"), "--disable", "recycled-line", "--allow-unreadable", "1"
    )
    assert code == 0
    assert len(data["documents"]) == 3
    for doc in data["documents"]:
        recycled = [f for f in doc["findings"] if f["rule"] == "recycled-sentence"]
        assert [f["excerpt"] for f in recycled] == [FOOTER]
        assert recycled[0]["message"] == "Sentence recycled across 3 documents of this run"


def test_items_audited_alone_do_not_see_the_footer(server, capsys) -> None:
    code = main(["run", server.url("/a"), "--format", "json", "--timeout", "2"])
    [doc] = json.loads(capsys.readouterr().out)["documents"]
    assert code == 0
    assert not [f for f in doc["findings"] if f["excerpt"] == FOOTER]


def test_text_report_has_the_summary(server, capsys) -> None:
    args = ["feed", server.url("/feed.rss"), "--timeout", "2", "-f", "text"]
    assert main([*args, "--allow-unreadable", "1"]) == 0
    out, err = capsys.readouterr()
    assert "3 documents audited, 1 unreadable, mean score" in out
    assert f"error: {server.url('/missing')}: HTTP 404" not in out  # said once, on stderr
    assert err.count(f"error: {server.url('/missing')}: HTTP 404") == 1
    assert out.strip().splitlines()[-1].endswith("1 unreadable; passed")  # the closing line
    assert "worst" in out and "by site" in out and "127.0.0.1" in out
    assert "recycled-boilerplate" in out


def test_fail_under_applies_to_what_was_audited(server, capsys) -> None:
    allow = ("--allow-unreadable", "1")
    code, data, _ = audit_feed(capsys, server.url("/feed.atom"), "--fail-under", "0", *allow)
    assert code == 0 and data["summary"]["failed"] == 1
    code, data, _ = audit_feed(capsys, server.url("/feed.atom"), "--fail-under", "100", *allow)
    assert code == 1  # every audited item carries the recycled footer: below 100


@pytest.mark.parametrize(
    ("feed_path", "reason"),
    [("/all-missing.rss", "HTTP 404"), ("/empty.rss", "the feed has no items")],
)
def test_nothing_audited_exits_2(server, capsys, feed_path: str, reason: str) -> None:
    code, data, err = audit_feed(capsys, server.url(feed_path))
    assert code == 2
    assert data["documents"] == []
    assert data["errors"] and all(e["message"] == reason for e in data["errors"])
    assert "Traceback" not in err


def test_a_bad_feed_among_good_ones_is_one_error(server, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.rss"
    bad.write_text("this is not a feed at all", encoding="utf-8")
    code, data, _ = audit_feed(capsys, str(bad), server.url("/feed.json"))
    assert code == 1  # two unreadable: the bad feed and the feed's missing item
    code, data, _ = audit_feed(
        capsys, str(bad), server.url("/feed.json"), "--allow-unreadable", "2"
    )
    assert code == 0
    assert len(data["documents"]) == 3
    assert data["errors"][0]["source"] == str(bad)
    assert data["errors"][0]["message"].startswith("not an RSS, Atom or JSON feed")
    assert main(["feed", str(bad), "--format", "json"]) == 2


def test_duplicates_across_feeds_and_by_text_are_audited_once(server, tmp_path: Path, capsys):
    other = tmp_path / "other.rss"
    other.write_text(rss(server.url(""), ["/c", "/copy-of-a"]), encoding="utf-8")
    code, data, err = audit_feed(
        capsys, server.url("/feed.rss"), str(other), "--allow-unreadable", "1"
    )
    assert code == 0
    assert [d["source"] for d in data["documents"]] == [server.url(p) for p in ("/a", "/b", "/c")]
    assert f"{server.url('/copy-of-a')}: same text as {server.url('/a')}, audited once" in err


def test_relative_links_resolve_against_the_feed_url(server, capsys) -> None:
    code, data, _ = audit_feed(capsys, server.url("/relative.atom"))
    assert code == 0
    assert [d["source"] for d in data["documents"]] == [server.url("/a"), server.url("/c")]


def test_use_feed_content_audits_the_feeds_own_text(tmp_path: Path, capsys) -> None:
    body = "<p>Analysts suggest the port could close within weeks.</p>"
    rss_file = tmp_path / "full.rss"
    rss_file.write_text(
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>x</title>'
        f"<item><title>One</title><link>https://news.example/one</link>"
        f"<description>short</description><content:encoded><![CDATA[{body}]]></content:encoded>"
        "</item><item><title>Copy</title><link>https://news.example/copy</link>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
        "<item><title>No link</title></item></channel></rss>",
        encoding="utf-8",
    )
    atom_file = tmp_path / "a.xml"
    atom_file.write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>'
        '<entry><title>Two</title><link href="https://news.example/two"/>'
        '<content type="html">&lt;p&gt;Experts say rents will rise sharply.&lt;/p&gt;</content>'
        "</entry></feed>",
        encoding="utf-8",
    )
    jf = tmp_path / "f.json"
    three = "https://news.example/three"
    items = [
        {"id": "1", "url": three, "content_text": "Critics say the plan will fail."},
        {"id": "2", "url": three, "content_text": "a duplicate link"},
        {"id": "3", "content_html": "<p>Observers believe the talks will collapse.</p>"},
    ]
    jf.write_text(json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items}))
    code, data, _ = audit_feed(
        capsys, str(rss_file), str(atom_file), str(jf), "--use-feed-content",
        "--allow-unreadable", "1",
    )  # fmt: skip
    assert code == 0
    assert [d["source"] for d in data["documents"]] == [
        "https://news.example/one", "https://news.example/two",
        "https://news.example/three", f"{jf}#item-3",
    ]  # fmt: skip
    assert data["errors"] == [
        {"source": f"{rss_file}#item-3", "message": "item has no content and no http(s) link"}
    ]
    vague = [f["excerpt"] for d in data["documents"] for f in d["findings"]
             if f["category"] == "vague-sourcing"]  # fmt: skip
    assert vague[:3] == ["Analysts suggest", "Experts say", "Critics say"]


def test_feedparser_never_fetches_or_opens_what_a_feed_names(tmp_path: Path) -> None:
    secret = tmp_path / "secret.rss"
    secret.write_text(rss("https://x.example", ["/s"]), encoding="utf-8")
    with Server({"/secret": lambda h: send(h, rss("https://x.example", ["/s"]))}) as spy:
        for raw in (spy.url("/secret"), str(secret)):  # a feed body that is a URL or a path
            with pytest.raises(feeds.InputError, match="not an RSS, Atom or JSON feed"):
                feeds.parse("f", raw, use_content=False)
        assert spy.hits == {}


def test_parse_reads_bytes_in_their_declared_encoding() -> None:
    raw = (
        '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>x</title>'
        "<item><title>Caf\xe9</title><link>https://news.example/caf\xe9</link></item>"
        "</channel></rss>"
    ).encode("latin-1")
    feed = feeds.parse("f.rss", raw, use_content=False)
    assert [i.meta["title"] for i in feed.items] == ["Café"]
