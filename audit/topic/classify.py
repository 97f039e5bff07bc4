"""Every off-topic sentence of a document, labelled "promo" (an insert) or "tangent".

The lead is never off-topic. A sentence under an ad label is an insert; any other is read
against the subject (`subject.read`) and tested as an insert (`ads.sells`), then as a tangent
(`tangents.is_tangent`). Then the labels spread: to the sentences that go on about a tangent,
to the short paragraphs that sell as a whole, and to a subheading whose section is padding.
"""

from __future__ import annotations

from audit.analyses import Analysis
from audit.attribution import Lexicon
from audit.document import Document
from audit.topic.ads import label_ad_paragraphs, labelled_ads, sells
from audit.topic.cues import Cues, count
from audit.topic.subject import Subject, known_elsewhere, on_topic_names, read, subject_of
from audit.topic.tangents import announced, continue_tangents, is_tangent
from audit.topic.terms import Terms, sentence_terms


@Analysis
def classification(doc: Document, cues: Cues, lexicon: Lexicon) -> dict[int, str]:
    """Sentence index -> "promo" or "tangent" for every off-topic sentence (and heading)."""
    subject = subject_of(doc)
    all_terms = sentence_terms(doc)
    named = on_topic_names(doc)
    labels: dict[int, str] = {}
    asides = announced(cues, doc)
    labelled, inline = labelled_ads(cues, doc)
    for i, t in all_terms.items():
        s = doc.sentences[i]
        if s.start < subject.lead_end:
            continue
        if i in labelled and (subject.overlap(t) <= 1 or count(cues.strong, doc, s.start, s.end)):
            labels[i] = "promo"  # the paragraph under a "Sponsored" label
            continue
        known = known_elsewhere(named, t, subject)
        label = _label(cues, doc, i, t, subject, known, asides.get(i), lexicon)
        if label:
            labels[i] = label
    continue_tangents(doc, subject, all_terms, labels)
    for i in labelled:
        if doc.sentences[i].heading:
            labels[i] = "promo"  # "ADVERTISEMENT", then "Top 10 Credit Cards With 0% APR"
    label_ad_paragraphs(cues, doc, subject, all_terms, labels)
    label_section_headings(doc, labels, inline)
    return labels


def _label(
    cues: Cues,
    doc: Document,
    i: int,
    t: Terms,
    subject: Subject,
    known: set[str],
    aside: tuple[int, bool] | None,
    lexicon: Lexicon,
) -> str | None:
    """ "promo", "tangent" or None for sentence i (terms t), `aside` telling where an
    announced aside starts and whether a segue announced it."""
    s = doc.sentences[i]
    r = read(doc, s.start, t, subject, known, aside)
    if r.overlap > 1 and count(cues.strong, doc, s.start, s.end) < 3:
        return None  # shares the subject's terms: neither an insert nor a tangent, unless
        # it sells three ways at once ("readers get two months of StreamBox Premium for the
        # price of one with the code REEL2 - the perfect excuse to rewatch Glass Tide")
    if sells(cues, doc, s.start, s.end, r.overlap, r.new_names, r.related):
        return "promo"
    if is_tangent(cues, doc, i, r, subject, known, lexicon):
        return "tangent"
    return None


def label_section_headings(doc: Document, labels: dict[int, str], apart: set[int]) -> None:
    """Label a subheading whose section is mostly off-topic as its padding is (an ad that
    carries its own label, `apart`, says nothing of the heading above it); when exactly half
    is, the section must open with the padding ("5. More Space for Hobbies" opens on-topic)."""
    heading: int | None = None
    body: list[int] = []
    for i, s in enumerate([*doc.sentences, None]):
        if s is None or s.heading:
            if heading is not None and body:
                flagged = [labels[j] for j in body if j in labels and j not in apart]
                half = len(flagged) * 2 == len(body) and body[0] in labels
                if flagged and (len(flagged) * 2 > len(body) or half):
                    labels[heading] = max(set(flagged), key=flagged.count)
            heading = i if s is not None and i > 0 else None
            body = []
        else:
            body.append(i)
