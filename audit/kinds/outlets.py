"""`outlets`: findings over the outlets an article cites, as the outlet registry knows them.

Three reports (`audit.outlets` matches each attribution's source to the registry):

- `report: state-only` flags a claim whose only source is state-affiliated media ("...,
  according to reports from Chinese state media"), cited secondhand;
- `report: press-release` flags a company release presented as reporting: the text carries a
  release wire's dateline ("/PRNewswire/"), or a release's own words ("today announced") with
  release wires as its only outlets or the company's site as its only links; and it never
  says it is a release;
- `report: one-outlet` flags an article that rewrites one other outlet's report: one outlet
  is the source of most of its sourced sentences (more than `min_share`, and at least
  `min_citations` of them: "according to a report from X").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar
from urllib.parse import urlsplit

from audit import saferegex
from audit.analyses import Analysis
from audit.attribution import Attribution, Lexicon, analyse
from audit.document import Document
from audit.inventory import source_kind
from audit.kinds.base import Field, Hit, Kind, RunContext
from audit.outlets import (
    NEWS_KINDS,
    Match,
    Registry,
    as_written,
    page_host,
    same_site,
    site_label,
    site_of,
)

# how a source passes on what others said: "according to reports from", "X reported", a link
_CHANNELS = frozenset({"secondhand", "link"})
Cited = list[list[tuple[Attribution, Match | None]]]


def cited(doc: Document, run: RunContext) -> Cited:
    """Each sentence's attributions, each with the outlet or described kind it cites; a link
    to the page's own site is the page's own reporting, not a citation."""
    return _cited(doc, run.outlets, run.lexicon)


@Analysis
def _cited(doc: Document, reg: Registry, lexicon: Lexicon) -> Cited:
    """`cited`, computed once a document for all three reports."""
    host = page_host(doc) or ""
    return [
        [
            (a, reg.by_name(as_written(doc, a.source, a.start)))
            for a in s.attributions
            if not (a.how == "link" and host and same_site(host, _link_url(doc, a)))
        ]
        for s in analyse(doc, lexicon)
    ]


def _link_url(doc: Document, a: Attribution) -> str:
    """The URL of a link attribution (its source is the link's host)."""
    return next((url for s, _, url in doc.links if s == a.start), a.source)


def _first(pattern: saferegex.Pattern, text: str):
    return next(saferegex.finditer(pattern, text), None)


def _refers_back(a: Attribution, registry: Registry) -> bool:
    """ "The report said", "it added": the outlet just cited, again."""
    words = a.source.lower().split()
    return (
        a.status in ("pronoun", "anaphor")
        and bool(words)
        and (words[-1] in registry.back_references)
    )


def _where(m: Match) -> str:
    return f", {m.country}" if m.country else ""


class OutletsKind(Kind):
    name = "outlets"
    summary = "Findings over the outlets an article cites, by their kind in the outlet registry."
    fields: ClassVar[dict[str, Field]] = {
        "report": Field(
            "choice", required=True, choices=("state-only", "press-release", "one-outlet")
        ),
        "kinds": Field(
            "strings",
            [],
            help="outlet kinds the report is about (state-only: state-affiliated; press-release: "
            "press-release-wire; one-outlet: the news kinds)",
        ),
        "hows": Field(
            "strings",
            ["secondhand", "link"],
            help="state-only: how the outlet is cited: secondhand ('according to a report from',"
            " 'X reported') or by a link; 'the editorial said' reports the outlet's own view",
        ),
        "markers": Field("regexes", [], help="press-release: a release wire's dateline"),
        "disclosures": Field(
            "regexes", [], help="press-release: words that say the text is a release"
        ),
        "cues": Field(
            "regexes",
            [],
            help="press-release: a release's own words ('today announced', 'About Acme'), "
            "needed where no wire's dateline is",
        ),
        "min_citations": Field("int", 3, help="one-outlet: sentences citing the outlet"),
        "min_share": Field(
            "float", 0.5, help="one-outlet: its share of the sourced sentences is over this"
        ),
    }

    def __init__(self, options: dict):
        super().__init__(options)
        default = {
            "state-only": ["state-affiliated"],
            "press-release": ["press-release-wire"],
            "one-outlet": sorted(NEWS_KINDS - {"press-release-wire"}),
        }[self.report]
        self._kinds = frozenset(self.kinds or default)
        flags = saferegex.IGNORECASE
        self._markers = saferegex.compile_alternation(self.markers, 0) if self.markers else None
        self._cues = saferegex.compile_alternation(self.cues, 0) if self.cues else None
        self._disclosed = (
            saferegex.compile_alternation(self.disclosures, flags) if self.disclosures else None
        )

    def check(self, doc: Document, run: RunContext) -> Iterator[Hit]:
        if self.report == "state-only":
            yield from self._state_only(doc, run)
        elif self.report == "press-release":
            yield from self._press_release(doc, run)
        else:
            yield from self._one_outlet(doc, run)

    def _state_only(self, doc: Document, run: RunContext) -> Iterator[Hit]:
        """Sentences sourced only to state media: every outlet or channel in them is state
        media, and anyone else in them speaks through it ("China accused ..., according to
        reports from Chinese state media")."""
        for i, attrs in enumerate(cited(doc, run)):
            if not attrs or doc.sentences[i].heading:
                continue
            state = [(a, m) for a, m in attrs if m is not None and m.kind in self._kinds]
            others = [(a, m) for a, m in attrs if m is None or m.kind not in self._kinds]
            if not state or any(m is not None or a.how in _CHANNELS for a, m in others):
                continue  # no state media, or another outlet or channel beside it
            if others and not any(a.how in _CHANNELS for a, _ in state):
                continue  # "the ministry said ..., and Xinhua said ...": two voices
            for a, m in state:
                if a.how in self.hows and not doc.in_quote(a.start, a.end):
                    yield Hit(
                        a.start, a.end, {"outlet": m.name, "kind": m.kind, "where": _where(m)}
                    )
                    break

    def _press_release(self, doc: Document, run: RunContext) -> Iterator[Hit]:
        """A release wire's copy, not said to be a release."""
        if self._disclosed is not None and _first(self._disclosed, doc.text):
            return
        site = site_of(doc, run.outlets)
        if site is not None and site.kind in self._kinds:
            return  # the wire's own page: a release where releases are published
        if self._markers is not None:
            m = _first(self._markers, doc.text)
            if m is not None:
                wire = m.group(0).strip("/()-–— ")
                found = run.outlets.by_name(wire)
                name = found.name if found else wire
                yield Hit(m.start(), m.end(), {"outlet": name, "kind": "press-release-wire"})
                return
        if self._cues is None or _first(self._cues, doc.text) is None:
            return  # no sign of a release's text ("today announced", "About Acme")
        yield from self._only_releases(doc, run)

    def _only_releases(self, doc: Document, run: RunContext) -> Iterator[Hit]:
        """Release text whose only outlets, named or linked, are release wires, or whose
        only links go to one company's own site."""
        host = page_host(doc) or ""
        links = [(s, e, url) for s, e, url in doc.links if not (host and same_site(host, url))]
        outlets = [(s, e, run.outlets.by_domain(url)) for s, e, url in links] + [
            (a.start, a.end, m.outlet) for attrs in cited(doc, run) for a, m in attrs if m
        ]
        known = [(s, e, o) for s, e, o in outlets if o is not None]
        if known and all(o.kind in self._kinds for _, _, o in known):
            s, e, o = min(known, key=lambda t: t[0])
            yield Hit(s, e, {"outlet": o.name, "kind": o.kind})
            return
        labels = {site_label(url) for _, _, url in links}
        if known or len(labels) != 1:
            return
        label = labels.pop()
        if re.search(rf"\b{re.escape(label)}\b", doc.text, re.IGNORECASE):
            s, e, url = links[0]
            company = urlsplit(url).hostname or url
            yield Hit(s, e, {"outlet": company.removeprefix("www."), "kind": "its own site"})

    def _one_outlet(self, doc: Document, run: RunContext) -> Iterator[Hit]:
        """One outlet behind most of the sourced sentences."""
        counts: dict[str, list] = {}
        sourced, last = 0, None
        for attrs in cited(doc, run):
            if not attrs:
                last = None
                continue
            sourced += 1
            here = {  # cited in the text: links to one outlet are often its related stories
                k: (a, m) for a, m in attrs if a.how != "link" and (k := self._outlet_key(a, m))
            }
            if not here and last and all(_refers_back(a, run.outlets) for a, _ in attrs):
                here = {last: counts[last][0]}  # "the report said", "it added"
            for key, first in here.items():
                counts.setdefault(key, [first, 0])[1] += 1
            last = next(iter(here), None) if len(here) == 1 else None
        site = site_of(doc, run.outlets)
        for key, ((a, m), n) in sorted(counts.items(), key=lambda kv: -kv[1][1]):
            if n < self.min_citations or n <= self.min_share * sourced:
                break
            own = m is not None and m.outlet is not None and site is not None
            if own and (
                m.outlet is site.outlet or any(same_site(site.host, d) for d in m.outlet.domains)
            ):
                continue  # its own reporting
            kind = m.kind if m else "outlet"
            values = {"outlet": key, "kind": kind, "count": str(n), "total": str(sourced)}
            yield Hit(a.start, a.end, values)
            return

    def _outlet_key(self, a: Attribution, m: Match | None) -> str | None:
        """The outlet an attribution cites: a registered one of the report's kinds, or a
        name the inventory calls an outlet ("a report in the Daily Clarion")."""
        if m is not None:
            return m.name if m.outlet is not None and m.kind in self._kinds else None
        if a.status != "named" or source_kind(a.source, a.status) != "outlet":
            return None
        words = a.source.split()
        caps = [i for i, w in enumerate(words) if w[:1].isupper()]
        return " ".join(words[caps[0] :]) if caps else None
