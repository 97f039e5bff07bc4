"""Tangents: sentences about something else than the article's subject.

- announced: a transition or segue opens the sentence ("Meanwhile,", "Speaking of leaks,"), or
  a heading with a transition opens its section ("Elsewhere today");
- asides that need no names: the reader's own experience ("Plenty of us have been there"),
  history ("dates back to the 1950s");
- unannounced: a sentence sharing nothing with the subject that brings in several names found
  nowhere on-topic, quotes no one and cites none of them as its source ("TSMC's CEO
  characterized Intel as ...");
- continued: a sentence that goes on about the tangent before it.
"""

from __future__ import annotations

from audit.attribution import Lexicon, analyse
from audit.document import Document
from audit.inventory import source_kind
from audit.sourcewords import NON_NAMES
from audit.topic.cues import Cues, after_timestamp, count, cue_end
from audit.topic.subject import Reading, Subject
from audit.topic.terms import TOKEN, Terms, stem, terms
from audit.wordlists import load_words

# words that refer back to someone (or something) already introduced
_BACK_REFERENCES = frozenset(load_words("topic-back-references.txt"))
_RECORDS = frozenset(load_words("topic-records.txt"))  # a record cited as a source


def announced(cues: Cues, doc: Document) -> dict[int, tuple[int, bool]]:
    """Sentences opening with a transition or segue cue, or under a heading with a
    transition: index -> (where the aside starts, whether a segue announced it)."""
    if cues.transition is None and cues.segue is None:
        return {}
    out: dict[int, tuple[int, bool]] = {}
    section = False
    for i, s in enumerate(doc.sentences):
        if s.heading:
            at = after_timestamp(doc.text, s.start, s.end)  # "16:02 BST – Elsewhere today"
            section = i > 0 and count(cues.transition, doc, at, s.end) > 0
        elif (after := cue_end(cues.segue, doc, s.start, s.end)) is not None:
            out[i] = (after, True)
        elif (after := cue_end(cues.transition, doc, s.start, s.end)) is not None:
            out[i] = (after, False)
        elif section:
            out[i] = (s.start, False)
    return out


def is_tangent(
    cues: Cues,
    doc: Document,
    i: int,
    r: Reading,
    subject: Subject,
    known: set[str],
    lexicon: Lexicon,
) -> bool:
    """Whether sentence i, read as `r`, is a tangent (`known`: the name stems known from the
    on-topic sentences)."""
    s = doc.sentences[i]
    t, overlap = r.terms, r.overlap
    # one shared word does not bring back a sentence that announces a change of subject
    # ("Elsewhere, Northgate Athletic confirmed a naming-rights deal ..."), nor does a
    # shared place name ("Meanwhile, the Devnagar corporation announced a flower show")
    if r.announced and overlap == 1 and r.new_names == 1:
        overlap = subject.overlap_of(set(t.stems) - t.name_stems)
    if is_aside(cues, doc, s.start, s.end, t, subject):
        return True  # "Plenty of us have been there", "dates back to the 1950s"
    # a segue needs no new name, nor does an announced aside that shares nothing at all
    # with the article ("Meanwhile, a nearby safari park has been making headlines")
    bare = r.announced and overlap == 0 and r.related == 0
    needed = 0 if r.segue or bare else 1 if r.announced else cues.min_new_names
    # a segue may share one word and bring no new name ("Speaking of chefs, did you know
    # that pastry star Elise Marrin recently bought a lakeside home"); other announcements
    # sharing a word need two new names
    named_enough = r.segue or r.new_names >= 2
    return bool(
        (overlap == 0 or (r.announced and overlap == 1 and named_enough))
        and r.new_names >= needed
        and r.related <= 2
        and len(t.stems) >= cues.min_terms
        and (r.announced or _unannounced(cues, doc, i, t, known, lexicon))
    )


def is_aside(cues: Cues, doc: Document, start: int, end: int, t: Terms, subject: Subject) -> bool:
    """An aside that needs no names, sharing at most one of the subject's words."""
    return bool(
        cues.aside is not None
        and _may_be_aside(cues, doc, start, end)
        and subject.overlap_of(set(t.stems) - t.name_stems) <= 1
        and not doc.quoted_chars(start, end)
        and count(cues.aside, doc, start, end)
    )


def _may_be_aside(cues: Cues, doc: Document, start: int, end: int) -> bool:
    if cues.aside_literals is None:
        return True
    sentence = doc.text[start:end].lower()
    return any(literal in sentence for literal in cues.aside_literals)


def _unannounced(
    cues: Cues, doc: Document, i: int, t: Terms, known: set[str], lexicon: Lexicon
) -> bool:
    """Without an announcement, a tangent quotes no one, brings names it does not cite as
    its source, does not go on about someone already introduced, and is not reader-service
    information (how to get there, what it costs)."""
    s = doc.sentences[i]
    return (
        not doc.quoted_chars(s.start, s.end)  # an outside voice quoted is reporting
        and uncited_names(doc, i, t, known, lexicon) >= cues.min_new_names
        and not goes_on_about(doc.text, s.start, s.end)
        and cue_end(cues.service, doc, s.start, s.end) is None
    )


def goes_on_about(text: str, start: int, end: int) -> bool:
    """A pronoun before any name: the sentence goes on about someone (or something) already
    introduced ("In 2021 he left Northbank and set up his own label, Ferryman Music", "The
    streaming service confirmed on Thursday that its Standard plan will rise")."""
    for n, m in enumerate(TOKEN.finditer(text, start, end)):
        word = m.group(0)
        if word.lower() in _BACK_REFERENCES:
            return True
        if n and word[0].isupper() and word.lower() not in NON_NAMES:
            return False  # a name first ("Thursday" is none): it brings someone new
    return False


def uncited_names(doc: Document, i: int, t: Terms, known: set[str], lexicon: Lexicon) -> int:
    """New names of sentence i but those of a person, outlet or record it cites as its source
    ("Town Manager Philip Dorsey said", "A listing in the Certification Board database
    shows"): evidence, not a tangent; a company's own news ("Dashly said it would cut jobs")
    counts."""
    cited: set[str] = set()
    for a in analyse(doc, lexicon)[i].attributions:
        record = _RECORDS.intersection(a.source.lower().split())
        kind = source_kind(a.source, a.status, (a.how,))
        if a.status == "named" and (record or kind != "organisation"):
            cited.update(terms(doc.text, a.start, a.end).name_stems)
    return sum(1 for name in t.names if not name & known and not name <= cited)


def continue_tangents(
    doc: Document, subject: Subject, all_terms: dict[int, Terms], labels: dict[int, str]
) -> None:
    """Label as "tangent" a sentence that goes on about the tangent before it, sharing none of
    the subject's words: in its paragraph when it shares the tangent's words ("... opened a
    new bridge. The bridge, which cost ..."), in the next when it opens with the tangent's
    name ("Meanwhile, ex-Rovers winger Jordan Pike has opened a barbershop ... / Pike, 34,
    posted pictures ...")."""
    for i, t in all_terms.items():
        if i in labels or labels.get(i - 1) != "tangent" or i - 1 not in all_terms:
            continue
        if subject.overlap(t) != 0:
            continue
        before = all_terms[i - 1]
        if doc.sentences[i - 1].paragraph == doc.sentences[i].paragraph:
            if set(t.stems) & set(before.stems):
                labels[i] = "tangent"
        elif _opens_with(doc, i, before.name_stems):
            labels[i] = "tangent"


def _opens_with(doc: Document, i: int, names: frozenset[str]) -> bool:
    """Sentence i opens with a capitalised word of one of the names."""
    first = TOKEN.match(doc.text, doc.sentences[i].start)
    return first is not None and first.group(0)[0].isupper() and stem(first.group(0)) in names
