"""The page readers' shortcuts equal what they replace, on the real pages of tests/real_pages.

- `htmltext.page_metadata` is trafilatura's `extract_metadata` without the fields the auditor
  discards: the fields it keeps must come out the same (a trafilatura upgrade that changes
  the original shows here first).
- `structure.element_index` given the paragraphs' keys indexes only the elements whose first
  word a key has: every key finds the element the full index finds.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from audit import htmltext, structure
from audit.document import Document

PAGES = sorted((Path(__file__).resolve().parents[1] / "real_pages").glob("*.html.gz"))
KEPT = ("title", "author", "date", "sitename", "url", "hostname", "description")


def _page(path: Path) -> str:
    return htmltext.bound_markup(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name[:12])
def test_page_metadata_keeps_what_extract_metadata_finds(path: Path) -> None:
    from trafilatura.metadata import extract_metadata
    from trafilatura.settings import Extractor
    from trafilatura.utils import load_html

    options = Extractor(url=None, with_metadata=True, comments=False, recall=True)
    tree = load_html(_page(path), options.max_file_size)
    original = extract_metadata(tree, None, options.date_params, options.fast, set())
    ours = htmltext.page_metadata(tree, None, options.date_params)
    assert {k: getattr(ours, k) for k in KEPT} == {k: getattr(original, k) for k in KEPT}


def test_page_metadata_with_a_url_and_json_ld() -> None:
    from trafilatura.metadata import extract_metadata
    from trafilatura.settings import Extractor
    from trafilatura.utils import load_html

    html = (
        "<html><head><title>Port plan approved | Halvern Post</title>"
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Port plan",'
        '"author": {"@type": "Person", "name": "Ana Ruiz"}, "datePublished": "2024-03-02"}'
        "</script></head><body><article><h1>Port plan approved</h1><p>The council approved"
        " the port plan on Monday, a spokesperson said.</p></article></body></html>"
    )
    url = "https://halvernpost.example/news/port-plan"
    options = Extractor(url=url, with_metadata=True, comments=False, recall=True)
    tree = load_html(html, options.max_file_size)
    original = extract_metadata(tree, url, options.date_params, options.fast, set())
    ours = htmltext.page_metadata(tree, url, options.date_params)
    assert {k: getattr(ours, k) for k in KEPT} == {k: getattr(original, k) for k in KEPT}
    assert ours.hostname == "halvernpost.example"


def _same_lookups(tree_html: str, keys: list[str]) -> None:
    full = structure.element_index(lxml.html.fromstring(tree_html))
    some = structure.element_index(lxml.html.fromstring(tree_html), keys)
    for key in keys:
        for ours, theirs, k in ((some[0], full[0], key), (some[1], full[1], key[:60])):
            found, expected = ours.get(k), theirs.get(k)
            assert (found is None) == (expected is None), key
            if found is not None:  # the same element: the same place in its own tree
                assert found.getroottree().getpath(found) == expected.getroottree().getpath(
                    expected
                )


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name[:12])
def test_the_filtered_index_finds_what_the_full_one_finds(path: Path) -> None:
    html = _page(path)
    page = htmltext.extract(html)
    doc = Document.build(page.text, "x", title=page.title, links=page.links)
    words = [w for p in doc.paragraphs for w in doc.text[p.start : p.end].split()[:3]]
    keys = [structure._key(doc.text[p.start : p.end]) for p in doc.paragraphs]
    keys += [structure._key(w) for w in words]  # short keys: many elements share them
    _same_lookups(html, keys)


def test_words_split_across_elements_and_final_sigmas_are_found() -> None:
    html = (
        "<html><body><div><span>Hel</span><b>lo</b> world, again</div>"
        "<p>  <!-- a comment -->  Second paragraph here</p>"
        "<div>\n  <p>ΟΔΟΣ' <i>ΑΘΗΝΩΝ</i> open</p></div>"
        "<li>ΟΔΟΣ</li><section>   </section><p>" + "x" * 300 + " long word</p></body></html>"
    )
    keys = ["hello world again", "second paragraph here", "οδοσ αθηνων open", "οδος"]
    keys += ["x" * 200, "hello", "nothing here"]
    _same_lookups(html, keys)
    some = structure.element_index(lxml.html.fromstring(html), keys)[0]
    assert some["hello world again"].tag == "div"
    assert some["second paragraph here"].tag == "p"


@pytest.mark.parametrize("path", PAGES[:4], ids=lambda p: p.name[:12])
def test_the_plain_tree_reads_as_lxml_html_does(path: Path) -> None:
    from audit import pagetree

    html = _page(path)
    plain, rich = pagetree.parse(html), lxml.html.fromstring(html)
    assert lxml.etree.tostring(plain) == lxml.etree.tostring(rich)
    for a, b in zip(plain.iter(), rich.iter(), strict=True):
        if isinstance(a.tag, str):
            assert pagetree.text_of(a) == b.text_content()
    path_of = plain.getroottree().getpath
    for bad in plain.xpath("//script|//style|//noscript|//template"):
        twin = rich.getroottree().xpath(path_of(bad))[0]
        pagetree.drop_tree(bad)
        twin.drop_tree()
    assert lxml.etree.tostring(plain) == lxml.etree.tostring(rich)


def test_bound_markup_skips_only_pages_without_a_crowded_tag() -> None:
    """`_CROWDED_START` finds every tag `_CROWDED_TAG` cuts: random tags about the limit,
    with quoted '>' and '<', bare and unquoted attributes, spacing, truncated pages."""
    import random

    rng = random.Random(20)
    forms = ['a{i}="x"', "b{i}='>'", "c{i}=v", "d{i}", 'e{i} = "<p>"', "f{i}=", "=g", '"h"']
    limit = htmltext.MAX_ATTRIBUTES
    for _ in range(60):
        n = rng.choice([limit - 2, limit - 1, limit, limit + 1, limit + 5])
        attrs = [
            rng.choice(forms[:5] if rng.random() < 0.97 else forms).format(i=i) for i in range(n)
        ]
        spaces = [rng.choice([" ", "  ", "\n", "\t "]) for _ in range(n)]
        body = "".join(space + attr for space, attr in zip(spaces, attrs, strict=True))
        tag = "<" + rng.choice(["p", "div", "x-y:z", "a"]) + body
        tail = rng.choice([">text</p>", " />", "", "", '"', "<b>bold</b>"])
        html = "<html><body>" + tag + tail
        html = html[: rng.randint(len(html) - 40, len(html))] if rng.random() < 0.3 else html
        assert htmltext.bound_markup(html) == htmltext._CROWDED_TAG.sub(r"<\1>", html)


def test_another_trafilatura_falls_back_to_its_own_metadata(monkeypatch) -> None:
    """`page_metadata` calls trafilatura's insides; a version whose insides differ (a function
    gone or called otherwise) must not lose a page: the page's metadata then comes from
    `extract_metadata` itself."""
    page = _page(PAGES[0])
    expected = htmltext.extract(page).meta

    def changed(*args, **kwargs):
        raise AttributeError("module 'trafilatura.metadata' has no attribute 'examine_meta'")

    monkeypatch.setattr(htmltext, "page_metadata", changed)
    assert htmltext.extract(page).meta == expected
    assert expected  # the page has metadata to compare
