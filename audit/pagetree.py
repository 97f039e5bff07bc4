"""The whole page as lxml parses it for the page readers (`htmltext`, `structure`).

`lxml.html.fromstring` gives each element a class chosen by a Python call (`HtmlElement` and
its kin), made again whenever the code reaches an element it does not hold: a page's signals
and structure reach every element, and those calls were a tenth of their cost. The readers use
no method of those classes but `text_content` and `drop_tree`, so the page is parsed with the
plain HTML parser (the same options, the same tree, its elements made in C) and the two
methods are here as functions, as lxml.html writes them.
"""

from __future__ import annotations

from typing import Any

import lxml.etree
import lxml.html

_PARSER = lxml.etree.HTMLParser()  # lxml.html's parser, but for its element classes

# HtmlElement.text_content: the text of the element and its descendants, comments left out
text_of = lxml.etree.XPath("string()", smart_strings=False)


def parse(html: str) -> Any:
    """The page as `lxml.html.fromstring` parses it (a fragment's single element or wrapper
    included), or None when it cannot."""
    try:
        return lxml.html.fromstring(html, parser=_PARSER)
    except (ValueError, lxml.etree.ParserError):
        return None


def drop_tree(el: Any) -> None:
    """HtmlElement.drop_tree: remove `el` and its descendants, its tail joined to the text
    before it."""
    parent = el.getparent()
    assert parent is not None
    if el.tail:
        previous = el.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + el.tail
        else:
            previous.tail = (previous.tail or "") + el.tail
    parent.remove(el)
