"""Markdown syntax, in one module: the blocks the document skips, headings and links."""

from __future__ import annotations

from audit import markdown
from audit.document import Document

ARTICLE = """---
title: Port strike ends
---
# Port Strike Ends After Nine Days

Dockers voted to return to work, [the union](https://union.example/vote) said.

```
print("not article text")
```

## What Changes

Pay rises by 6% from [April](https://port.example/pay "the deal").
"""


def test_front_matter_ends_where_the_body_starts() -> None:
    assert ARTICLE[markdown.body_start(ARTICLE) :].startswith("# Port Strike")
    assert markdown.body_start("# No front matter\n") == 0


def test_fenced_code_spans_cover_the_fence_and_its_code() -> None:
    [(start, end)] = markdown.fenced_code(ARTICLE)
    assert ARTICLE[start:end] == '```\nprint("not article text")\n```'
    assert markdown.fenced_code("~~~\nunclosed") == []


def test_a_heading_starts_after_its_marks() -> None:
    line = "## What Changes"
    assert line[markdown.heading_start(line, 0, len(line)) :] == "What Changes"
    assert markdown.heading_start("#hashtag", 0, 8) is None  # a space must follow the marks
    assert markdown.heading_start("####### Seven", 0, 13) is None


def test_inline_links_with_or_without_a_title() -> None:
    links = markdown.inline_links(ARTICLE)
    assert [url for _, _, url in links] == [
        "https://union.example/vote",
        "https://port.example/pay",
    ]
    start, end, _ = links[0]
    assert ARTICLE[start:end] == "[the union](https://union.example/vote)"
    assert markdown.inline_links("[local](/pay) and [mail](mailto:a@b.c)") == []


def test_the_loose_link_shape_takes_any_target() -> None:
    m = markdown.LOOSE_LINK.search("See [Kristi [R-SD] Noem](/people/kristi-noem) now")
    assert m is not None and m.groups() == ("Kristi [R-SD] Noem", "/people/kristi-noem")


def test_a_markdown_document_skips_front_matter_and_code_and_reads_headings() -> None:
    doc = Document.build(ARTICLE, "a.md", markdown=True)
    assert doc.title == "Port Strike Ends After Nine Days"
    texts = [doc.text[s.start : s.end] for s in doc.sentences]
    assert texts == [
        "Port Strike Ends After Nine Days",
        "Dockers voted to return to work, [the union](https://union.example/vote) said.",
        "What Changes",
        'Pay rises by 6% from [April](https://port.example/pay "the deal").',
    ]
    assert [s.heading for s in doc.sentences] == [True, False, True, False]
    assert [url for _, _, url in doc.links] == [
        "https://union.example/vote",
        "https://port.example/pay",
    ]


def test_plain_text_keeps_what_markdown_would_skip() -> None:
    doc = Document.build(ARTICLE, "a.txt")
    assert doc.links == []
    assert any("print(" in doc.text[s.start : s.end] for s in doc.sentences)
    assert doc.text[doc.sentences[0].start :].startswith("---")
