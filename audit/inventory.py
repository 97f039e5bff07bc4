"""The source inventory: who an article cites, how, and how many of its claims are sourced."""

from __future__ import annotations

from dataclasses import dataclass, field

from audit import sourcelist
from audit.attribution import DOCUMENT_NOUNS, Lexicon, analyse, default_lexicon
from audit.document import Document
from audit.wordlists import load_words

_OUTLET_WORDS = frozenset(load_words("inventory/outlet-words.txt"))
_PERSON_TITLES = frozenset(load_words("inventory/person-titles.txt"))
_ARTICLES = load_words("inventory/articles.txt")
# "the ", "The ", "a ", ...: stripped in this order from the front of a name
_LEADS = tuple(f"{form} " for article in _ARTICLES for form in (article, article.title()))


@dataclass(frozen=True)
class Source:
    name: str
    kind: str  # person | organisation | outlet | document | unnamed
    how: tuple[str, ...]
    count: int
    first: int
    mentions: tuple[tuple[int, int], ...] = ()  # every attribution phrase's span
    names: tuple[str, ...] = ()  # the other wordings merged into this source
    # the outlet it cites, from the outlet registry (audit.outlets.annotate)
    outlet: str | None = None
    outlet_kind: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Inventory:
    """`sources` is the listing the reports show (each source once, `audit.sourcelist`);
    `scored` the entries the score's evidence terms count, as they were when it was fitted."""

    sources: list[Source]
    claims: int
    claims_named: int
    scored: list[Source] = field(default_factory=list)
    site: object = None  # the page's own site (audit.outlets.Site), for URL and HTML inputs

    @property
    def named_share(self) -> float | None:
        return round(self.claims_named / self.claims, 3) if self.claims else None


def source_kind(name: str, status: str, how: tuple[str, ...] = ()) -> str:
    if status == "vague":
        return "unnamed"
    if "reference" in how:  # a numbered reference: the article's reference list
        return "document"
    words = name.lower().replace("’", "'").split()
    if any(w.strip(",.") in _OUTLET_WORDS for w in words):
        return "outlet"
    if (words and words[-1] in DOCUMENT_NOUNS) or any(w in DOCUMENT_NOUNS for w in words[:2]):
        return "document"
    caps = [w for w in name.split() if w[:1].isupper()]
    if any(w in _PERSON_TITLES for w in words) or (
        len(caps) >= 2 and len(caps) == len(name.split())
    ):
        return "person"
    return "organisation"


def _known_as(found: dict[str, dict], name: str) -> str:
    """'Greer' after 'U.S. Trade Representative Jamieson Greer' is the same source."""
    key = name.lower()
    if key in found or " " in key or not name[:1].isupper():
        return key
    for other, entry in found.items():
        if entry["status"] == "named" and other.endswith(" " + key):
            return other
    return key


def inventory(
    doc: Document, claim_sentences: set[int], lexicon: Lexicon | None = None
) -> Inventory:
    """Sources cited in `doc`; `claim_sentences` are the indexes of its claim sentences."""
    sourcing = analyse(doc, lexicon or default_lexicon())
    found: dict[str, dict] = {}
    for s in sourcing:
        for a in s.attributions:
            if a.status not in ("named", "vague"):
                continue
            name = a.source
            for lead in _LEADS:
                if name.startswith(lead):
                    name = name[len(lead) :]
            if name.lower() in (*_ARTICLES, "") or not any(c.isalnum() for c in name):
                continue
            key = _known_as(found, name)
            entry = found.setdefault(
                key,
                {"name": name, "status": a.status, "how": [], "count": 0, "first": a.start,
                 "mentions": []},
            )  # fmt: skip
            entry["count"] += 1
            entry["mentions"].append((a.start, a.end))
            if a.how not in entry["how"]:
                entry["how"].append(a.how)
    scored = [
        Source(
            e["name"],
            source_kind(e["name"], e["status"], tuple(e["how"])),
            tuple(e["how"]),
            e["count"],
            e["first"],
            tuple(e["mentions"]),
        )
        for e in found.values()
    ]
    scored.sort(key=lambda s: s.first)
    named = sum(1 for i in claim_sentences if sourcing[i].resolved)
    return Inventory(listing(scored, doc.text), len(claim_sentences), named, scored)


def listing(scored: list[Source], text: str) -> list[Source]:
    """The reports' listing: each source once, with its kind corrected (`audit.sourcelist`)."""
    entries = []
    unnamed = {s.first: s.name for s in scored if s.kind == "unnamed"}
    for s in scored:
        if sourcelist.is_measure(s.name):
            continue
        if s.kind != "unnamed" and s.name.startswith(unnamed.get(s.first, "\0")):
            continue  # "Experts believe Beijing": the unnamed "Experts" misread as a name
        name, head = sourcelist.display_name(s.name, text, s.first)
        kind = sourcelist.refined_kind(name, s.kind, head)
        entries.append(
            sourcelist.Listed(name, kind, head, list(s.how), s.count, s.first, list(s.mentions))
        )
    return [
        Source(e.name, e.kind, tuple(e.how), e.count, e.first, tuple(e.mentions), tuple(e.names))
        for e in sourcelist.merge(entries)
    ]
