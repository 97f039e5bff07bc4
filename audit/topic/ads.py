"""Inserted ads: paragraphs under an ad label, sentences and short paragraphs that sell.

"Industrial Monitor Direct produces the most advanced panel PCs ...": a sentence that sells
and shares (almost) nothing with the subject is an insert. A company that is the subject
shares terms with the title and lead, so its products are not padding.
"""

from __future__ import annotations

import re

from audit import saferegex
from audit.document import Document
from audit.topic.cues import Cues, after_timestamp, count
from audit.topic.subject import Subject
from audit.topic.terms import Terms

LABEL_LINE_CHARS = 60  # a paragraph this short may be an ad label ("Sponsored")
_LEADING_SYMBOLS = re.compile(r"[^\w\s]+\s*")


def sells(
    cues: Cues, doc: Document, start: int, end: int, overlap: int, new_names: int, related: int
) -> bool:
    """Selling cues enough for an insert in [start, end), given what it shares with the subject
    (`overlap`, `related`) and the names it brings (`new_names`): strong cues count 2, weak
    ones 1, and weak cues alone count only in a sentence that brings in a new name and
    nothing of the subject."""
    strong = count(cues.strong, doc, start, end)
    if not (strong or (overlap == 0 and new_names >= 1 and related <= 1)):
        return False
    weak = count(cues.weak, doc, start, end)
    points = 2 * strong + weak
    return bool(
        (strong and points >= cues.min_cues and overlap == 0)
        or (strong and points >= cues.min_cues + 1 and overlap <= 1)
        or (strong and overlap == 0 and new_names >= 1)
        or strong >= 3  # sells three ways at once, whatever it shares with the subject
        or (weak >= 2 and overlap == 0 and new_names >= 1 and related <= 1)
    )


def labelled_ads(cues: Cues, doc: Document) -> tuple[set[int], set[int]]:
    """Sentences of the paragraph right after a short 'Sponsored' / 'Advertisement' line,
    or of a paragraph opening with such a label ("[ADVERTISEMENT] Restless evenings? ...",
    "DEAL OF THE DAY 🔥 ...", "Sponsored | ..."); and the latter alone."""
    if cues.label_line is None:
        return set(), set()
    out: set[int] = set()
    inline: set[int] = set()  # the ads that carry their own label
    paragraphs = doc.paragraphs
    for n, p in enumerate(paragraphs[1:], 1):
        if p.end - p.start <= LABEL_LINE_CHARS:
            at = after_timestamp(doc.text, p.start, p.end)  # "17:30 BST – Sponsored"
            if n + 1 < len(paragraphs) and count(cues.label_line, doc, at, p.end):
                words = len(doc.text[at : p.end].split())
                if words >= 4 and opens_with_label(cues, doc.text, at, p.end):
                    out.update(p.sentence_range)  # "BETTING: Latest odds with KickBet"
                out.update(paragraphs[n + 1].sentence_range)
                for q in paragraphs[n + 2 :]:  # an odds box: the lines that go on selling
                    if not count(cues.strong, doc, q.start, q.end):
                        break
                    out.update(q.sentence_range)
        elif not p.heading and opens_with_label(cues, doc.text, p.start, p.end):
            inline.update(p.sentence_range)
    return out | inline, inline


def opens_with_label(cues: Cues, text: str, start: int, end: int) -> bool:
    """The paragraph opens with an ad label set off as one: in capitals, or followed by
    ']', '|' or ':' (not "Advertising revenue fell", "Offer documents were filed")."""
    assert cues.label_line is not None
    head = _LEADING_SYMBOLS.match(text, start, end)
    at = head.end() if head else start
    m = next(saferegex.finditer(cues.label_line, text[at : min(end, at + 40)]), None)
    if m is None:
        return False
    label = m.group(0)
    after = text[at + m.end() : at + m.end() + 3].lstrip()
    return label.isupper() or after[:1] in ("]", "|", ":")


def label_ad_paragraphs(
    cues: Cues,
    doc: Document,
    subject: Subject,
    all_terms: dict[int, Terms],
    labels: dict[int, str],
) -> None:
    """Label as "promo" a short paragraph that sells as a whole ("Upgrade your commute.
    Zephyr's e-bike is now £300 off. Shop the range today!"), though not every sentence of it
    sells enough alone; and, beside an ad, a sentence with a selling cue of its own ("If you
    love coffee, now is a great time to invest in an espresso machine.")."""
    for p in doc.paragraphs:
        ids = p.sentence_range
        if not 2 <= len(ids) <= 4 or p.start < subject.lead_end or p.heading:
            continue
        if any(i not in all_terms or labels.get(i, "promo") != "promo" for i in ids):
            continue
        if any(i in labels for i in ids):
            for i in ids:
                s = doc.sentences[i]
                if i not in labels and count(cues.strong, doc, s.start, s.end):
                    labels[i] = "promo"
        if all(i in labels for i in ids):
            continue
        stems = set().union(*(all_terms[i].stems for i in ids))
        if subject.overlap_of(stems) > 1:
            continue  # on-topic (the cheap test first)
        strong = count(cues.strong, doc, p.start, p.end)
        if not strong:
            continue
        weak = sum(count(cues.weak, doc, doc.sentences[i].start, doc.sentences[i].end) for i in ids)
        if 2 * strong + weak >= cues.min_cues + 2:
            labels.update(dict.fromkeys(ids, "promo"))
