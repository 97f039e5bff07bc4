"""Paragraph structure: features from the text and from the page, and the rules that read them."""

from __future__ import annotations

from audit.document import Document
from audit.engine import Engine
from audit.inputs import read_page
from audit.structure import features, markup_contexts

FURNITURE = {"off-topic-padding", "recycled-boilerplate"}

PAGE = """<html><body><div class="wrap"><article class="story">
<h1>Council approves new budget</h1>
<p>The council approved its budget for next year on Monday night after a two-hour debate.</p>
<p>The vote was 31 to 12, with four councillors abstaining on the final motion.</p>
<aside class="related-stories"><p>Library hours cut in three towns as budgets tighten</p></aside>
<p>Councillor Ana Ruiz, who voted against it, said the cuts to library hours went too far.</p>
</article></div></body></html>"""


def test_each_paragraph_is_found_in_the_page_with_its_ancestry() -> None:
    doc = read_page("<page>", PAGE)
    texts = [doc.text[p.start : p.end] for p in doc.paragraphs]
    contexts = dict(zip(texts, doc.markup, strict=True))
    vote = contexts["The vote was 31 to 12, with four councillors abstaining on the final motion."]
    assert vote is not None and vote.ancestry[:2] == ("p", "article story")
    aside = contexts.get("Library hours cut in three towns as budgets tighten")
    if aside is not None:  # extraction may drop the aside; when it keeps it, it says where from
        assert aside.ancestry[1] == "aside related stories"


def test_a_reworded_paragraph_sits_where_its_neighbours_sit() -> None:
    text = (
        "Council approves new budget\n\n"
        "The council approved its budget for next year on Monday night after a two-hour debate.\n\n"
        "A paragraph the extraction reworded, found nowhere on the page as it stands.\n\n"
        "Councillor Ana Ruiz, who voted against it, said the cuts to library hours went too far."
    )
    contexts = markup_contexts(PAGE, Document.build(text, "<x>"))
    assert contexts[1] is not None and contexts[3] is not None
    assert contexts[2] is not None and contexts[2].ancestry == ("?", "article story", "div wrap")


def test_nested_wrappers_match_the_innermost_element() -> None:
    page = "<html><body>" + "<div class='w'>" * 50 + "<p>Only words here, in a paragraph.</p>"
    page += "<p>" + "More words in a second paragraph. " * 40 + "</p>" + "</div>" * 50
    doc = Document.build(
        "Only words here, in a paragraph.\n\n" + "More words in a second paragraph. " * 40, "<x>"
    )
    contexts = markup_contexts(page + "</body></html>", doc)
    assert [c.ancestry[0] if c else None for c in contexts] == ["p", "p"]
    assert len(contexts[0].ancestry) == 51


def test_link_lists_are_found_in_any_language(engine: Engine) -> None:
    text = (
        "Der Stadtrat beschließt den Haushalt\n\n"
        "Der Stadtrat hat am Montag nach zweistündiger Debatte den Haushalt für das nächste "
        "Jahr beschlossen. Die Abstimmung endete mit 31 zu 12 Stimmen, teilte die Stadt mit.\n\n"
        "Ratsfrau Ana Ruiz sagte, die Kürzungen bei den Öffnungszeiten der Bibliotheken gingen "
        "zu weit. Der Haushalt tritt im April in Kraft, sagte der Kämmerer.\n\n"
        "[Bibliotheken kürzen Öffnungszeiten](/lokales/bibliotheken)\n\n"
        "[Neue Busspuren in der Innenstadt](/verkehr/busspuren)\n\n"
        "[Wetter: Ein verregnetes Wochenende](/wetter/wochenende)"
    )
    result = engine.audit([Document.build(text, "<de>")])[0]
    furniture = [f for f in result.findings if f.category in FURNITURE]
    assert {f.rule for f in furniture} == {"link-list"}
    assert len(furniture) == 3 and furniture[0].message == "Link list: 3 of 3 lines are links"


def test_text_features() -> None:
    doc = Document.build(
        "Le conseil adopte le budget\n\n"
        "Le conseil a adopté le budget lundi après deux heures de débat.\n\n"
        "- [Les Bleus battent l'Irlande](/sport/bleus)\n\n"
        "SHARES FELL 12 PERCENT ON TUESDAY\n\n"
        "Gov. [Kristi Noem](/people/noem)[Kristi Lynn Noem](/people/noem) spoke.",
        "<x>",
    )
    feats = features(doc)
    assert [f.list_item for f in feats] == [False, False, True, False, False]
    assert feats[2].link_density == 1.0 and feats[1].link_density == 0.0
    assert feats[3].capitals == 1.0 and feats[1].terminal and not feats[3].terminal
    assert feats[3].numeric == 1 / 6
    (start, end), *_ = feats[4].repeated_links
    assert doc.text[start:end] == "[Kristi Lynn Noem](/people/noem)"


def test_a_tangent_in_the_pages_marked_body_is_the_story(engine: Engine) -> None:
    """The same paragraphs: as text, the aside about Nvidia is a tangent; on a page that holds
    it in its <article>, it is the publisher's story (a roundup's other item)."""
    title = "City Council Approves New Bus Lanes"
    lead = (
        "The city council approved new bus lanes on Main Street on Monday after a year of "
        "debate over traffic and parking."
    )
    aside = "Meanwhile, Nvidia unveiled faster networking chips for data centres around the world."
    as_text = engine.audit([Document.build(f"{title}\n\n{lead}\n\n{aside}", "<t>")])[0]
    assert [f.rule for f in as_text.findings if f.rule == "tangent"] == ["tangent"]
    page = (
        f"<html><body><article><h1>{title}</h1><p>{lead}</p><p>{aside}</p></article></body></html>"
    )
    as_page = engine.audit([read_page("<p>", page)])[0]
    assert as_page.document.markup and not [f for f in as_page.findings if f.rule == "tangent"]
