"""The outlet registry: which outlet a source or a link is, its kind and country.

The registry is data (`audit/data/outlets/outlets.yaml`, extended or overridden by the user's
files: `--outlets FILE`, config key `outlets`). A source's name is matched by the outlet's
names and aliases ("the state newspaper Global Times", "Reuters'"), or by a description that
names a kind without an outlet ("Chinese state media"); a link by its domain (www. and any
subdomain). The inventory's sources are annotated with what they match (`annotate`), and the
page's own site with its entry (`site_of`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from audit.document import Document
from audit.yamlload import load_yaml

# kinds that are news outlets (a source matched to one is an outlet in the inventory)
NEWS_KINDS = frozenset(
    {
        "wire",
        "public-broadcaster",
        "state-affiliated",
        "newspaper",
        "broadcaster",
        "magazine",
        "news-site",
        "press-release-wire",
        "aggregator",
        "fact-checker",
    }
)
_FIELDS = ("name", "aliases", "domains", "country", "kind", "basis")
_WORD = re.compile(r"[\w][\w.&'/+-]*")


class OutletsError(ValueError):
    """An outlet file that cannot be used, as `file: message`."""


@dataclass(frozen=True)
class Outlet:
    name: str
    kind: str
    country: str = ""
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    basis: str = ""


@dataclass(frozen=True)
class Match:
    """What a source or link is: a registered outlet, or a kind described ("state media")."""

    name: str  # the outlet's name, or the description as written ("Chinese state media")
    kind: str
    country: str = ""
    outlet: Outlet | None = None


def _words(text: str) -> list[str]:
    """Words of a name, possessives dropped: "Reuters'" -> "Reuters", "BBC's" -> "BBC"."""
    text = text.replace("’", "'")
    out = []
    for w in _WORD.findall(text):
        w = w.rstrip(".,;:'")
        if w.endswith("'s"):
            w = w[:-2]
        if w:
            out.append("the" if w == "The" else w)
    return out


_SEEN_MOST = 20_000  # names whose answers a registry keeps


class Registry:
    """Outlets by name, alias and domain; descriptions of kinds by their words."""

    def __init__(
        self,
        outlets: Iterable[Outlet],
        descriptions: dict[str, Sequence[str]] | None = None,
        demonyms: dict[str, str] | None = None,
        back_references: Iterable[str] = (),
    ) -> None:
        self.outlets = list(outlets)
        # words that refer back to the outlet just cited ("the report said", "it added")
        self.back_references = frozenset(w.lower() for w in back_references)
        self._names: dict[tuple[str, ...], Outlet] = {}
        self._domains: dict[str, Outlet] = {}
        for o in self.outlets:
            # "The National (UAE)": the name is ambiguous; its domains and aliases match
            names = o.aliases if "(" in o.name else (o.name, *o.aliases)
            for alias in names:
                key = tuple(_words(alias))
                if key and key not in self._names:
                    self._names[key] = o
                if len(key) > 2 and key[0] == "the":  # "Washington Post", not "Hill"
                    self._names.setdefault(key[1:], o)
            for d in o.domains:
                self._domains.setdefault(d.lower().removeprefix("www."), o)
        self._longest = max((len(k) for k in self._names), default=0)
        described = {
            tuple(w.lower() for w in _words(phrase)): kind
            for kind, phrases in (descriptions or {}).items()
            for phrase in phrases
        }
        self.demonyms = {tuple(_words(k)): v for k, v in (demonyms or {}).items()}
        # descriptions by their first word, each with its rank (the longest first): a name
        # is looked up only under its own words
        self._described_by_first: dict[str, list[tuple[int, tuple[str, ...], str]]] = {}
        longest_first = sorted(described.items(), key=lambda kv: -len(kv[0]))
        for rank, (key, kind) in enumerate(longest_first):
            if key:
                self._described_by_first.setdefault(key[0], []).append((rank, key, kind))
        self._seen: dict[str, Match | None] = {}  # by_name's answers: sources recur

    def __len__(self) -> int:
        return len(self.outlets)

    def by_domain(self, host: str) -> Outlet | None:
        """The outlet of a host or URL: its own domain, else the closest parent domain."""
        if "/" in host:
            host = urlsplit(host if "//" in host else "//" + host).hostname or ""
        parts = host.lower().rstrip(".").removeprefix("www.").split(".")
        for i in range(len(parts)):
            found = self._domains.get(".".join(parts[i:]))
            if found is not None:
                return found
        return None

    def by_name(self, name: str) -> Match | None:
        """What a source's name cites: an outlet named in it, else a described kind."""
        try:
            return self._seen[name]
        except KeyError:
            if len(self._seen) >= _SEEN_MOST:
                self._seen.clear()  # a long stream: keep memory flat
            found = self._seen[name] = self._by_name(name)
            return found

    def _by_name(self, name: str) -> Match | None:
        words = _words(name)
        if not words:
            return None
        if len(words) == 1 and "." in words[0] and (o := self.by_domain(words[0])):
            return Match(o.name, o.kind, o.country, o)  # a link's source: its host
        best = self._outlet_in(words)
        if best is not None:
            return Match(best.name, best.kind, best.country, best)
        return self._described(words)

    def _outlet_in(self, words: list[str]) -> Outlet | None:
        """The outlet with the longest name in `words`. A one-word name ("Reuters", "the
        Hill") counts only beside lowercase words ("a CNBC interview", "the state-run CCTV"):
        in "Reason Foundation" or "the Australian War Memorial" it names something else."""
        for size in range(min(self._longest, len(words)), 0, -1):
            for i in range(len(words) - size + 1):
                o = self._names.get(tuple(words[i : i + size]))
                if o is None:
                    continue
                rest = words[:i] + words[i + size :]
                short = size - (words[i] == "the") < 2  # "CNBC", "the Hill"
                if not short or all(not w[:1].isupper() for w in rest):
                    return o
        return None

    def _described(self, words: list[str]) -> Match | None:
        lower = [w.lower() for w in words]
        # only descriptions whose first word the name holds can match; tried by rank
        candidates = [c for w in set(lower) for c in self._described_by_first.get(w, ())]
        for _, key, kind in sorted(candidates):
            n = len(key)
            for i in range(len(lower) - n + 1):
                if tuple(lower[i : i + n]) != key:
                    continue
                country, start = self._demonym(words, i)
                return Match(" ".join(words[start : i + n]), kind, country)
        return None

    def _demonym(self, words: list[str], i: int) -> tuple[str, int]:
        """The country of a demonym just before words[i] ("Chinese state media")."""
        for key, country in self.demonyms.items():
            n = len(key)
            if i >= n and tuple(words[i - n : i]) == key:
                return country, i - n
        return "", i


# --- loading ---------------------------------------------------------------------------------


def _read(text: str, where: str) -> dict[str, Any]:
    import yaml  # a user's file only: the shipped one comes from the cache folder

    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise OutletsError(f"{where}: invalid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise OutletsError(f"{where}: an outlet file is a mapping (outlets:, descriptions:)")
    return data


def _outlet(entry: Any, where: str, kinds: frozenset[str]) -> Outlet:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise OutletsError(f"{where}: each outlet needs a name: {entry!r}")
    if unknown := set(entry) - set(_FIELDS):
        raise OutletsError(f"{where}: {entry['name']}: unknown field {sorted(unknown)[0]!r}")
    kind = entry.get("kind")
    if kind not in kinds:
        raise OutletsError(
            f"{where}: {entry['name']}: kind must be one of {', '.join(sorted(kinds))}"
        )
    lists = {}
    for key in ("aliases", "domains"):
        value = entry.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise OutletsError(f"{where}: {entry['name']}: {key} must be a list of strings")
        lists[key] = tuple(value)
    return Outlet(
        entry["name"],
        kind,
        str(entry.get("country") or ""),
        lists["aliases"],
        lists["domains"],
        str(entry.get("basis") or ""),
    )


def _merge(base: dict[str, Any], data: dict[str, Any], where: str) -> None:
    """Add a file's outlets (replacing shipped ones of the same name), descriptions and
    demonyms to `base`."""
    kinds = frozenset(base["kinds"]) | frozenset(data.get("kinds") or ())
    base["kinds"] = sorted(kinds)
    outlets = {o.name.lower(): o for o in base["outlets"]}
    for entry in data.get("outlets") or []:
        o = _outlet(entry, where, kinds)
        outlets[o.name.lower()] = o
    base["outlets"] = list(outlets.values())
    for kind, phrases in (data.get("descriptions") or {}).items():
        base["descriptions"].setdefault(kind, []).extend(str(p) for p in phrases or [])
    base["demonyms"].update({str(k): str(v) for k, v in (data.get("demonyms") or {}).items()})
    base["back_references"].extend(str(w) for w in data.get("back_references") or [])


def _shipped() -> dict[str, Any]:
    text = resources.files("audit").joinpath("data", "outlets", "outlets.yaml")
    # parsed once and kept in the cache folder by the text's hash, like the rule files
    data = load_yaml(text.read_text(encoding="utf-8"), cached=True)
    base: dict[str, Any] = {"kinds": list(data["kinds"]), "outlets": []}
    base["descriptions"], base["demonyms"], base["back_references"] = {}, {}, []
    _merge(base, data, "outlets.yaml")
    return base


def load(paths: Sequence[str | Path] = ()) -> Registry:
    """The shipped registry, extended or overridden by the files at `paths`, in order."""
    if not paths:
        return default_registry()
    base = _shipped()
    for path in paths:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise OutletsError(f"{path}: cannot read: {exc}") from None
        _merge(base, _read(text, str(path)), str(path))
    return _registry(base)


def _registry(base: dict[str, Any]) -> Registry:
    return Registry(
        base["outlets"], base["descriptions"], base["demonyms"], base["back_references"]
    )


@cache
def default_registry() -> Registry:
    base = _shipped()
    return _registry(base)


# --- the inventory and the page's site ---------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """The page's own site: its host and, when registered, its entry."""

    host: str
    outlet: Outlet | None

    @property
    def kind(self) -> str:
        return self.outlet.kind if self.outlet else "unknown"

    def describe(self) -> str:
        if self.outlet is None:
            return f"{self.host} (unknown)"
        country = f", {self.outlet.country}" if self.outlet.country else ""
        return f"{self.host}: {self.outlet.name} ({self.outlet.kind}{country})"


def page_host(doc: Document) -> str | None:
    """The host of a fetched page or an HTML file (from its URL or its own metadata)."""
    for value in (doc.meta.get("url"), doc.source):
        if value and value.startswith(("http://", "https://")):
            host = urlsplit(value).hostname
            if host:
                return host.lower().removeprefix("www.")
    host = doc.meta.get("hostname") if doc.page else None
    return host.lower().removeprefix("www.") if host else None


def same_site(host: str, other: str) -> bool:
    """Two hosts of one site: "www.businessinsider.de" and "businessinsider.com" (the name
    under the public suffix, roughly: the label before "com", "co.uk", "de" ...)."""
    return bool(host) and bool(other) and site_label(host) == site_label(other)


def site_label(host: str) -> str:
    if "//" in host:
        host = urlsplit(host).hostname or ""
    parts = host.lower().rstrip(".").split(".")
    if len(parts) >= 3 and parts[-2] in _SECOND_LEVEL:
        return parts[-3]
    return parts[-2] if len(parts) >= 2 else parts[0]


# second-level labels under country codes: "co.uk", "com.au", "gov.cn", "ac.jp" ...
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "gob", "go", "or", "ne"})


def site_of(doc: Document, registry: Registry) -> Site | None:
    """The page's own site, for a URL or HTML input (None for plain text)."""
    host = page_host(doc)
    return Site(host, registry.by_domain(host)) if host else None


def as_written(doc: Document, name: str, start: int) -> str:
    """A source's name with the "the" the inventory took off it ("the Hill" is an outlet,
    "Hill" a person)."""
    window = doc.text[start : start + len(name) + 200]
    return "the " + name if _the_before(window, name) else name


def _the_before(window: str, name: str) -> bool:
    """Whether `window` holds "the" or "The", whitespace, then `name` (the regex
    `\\b[Tt]he\\s+NAME`, without compiling one pattern per name)."""
    i = window.find(name)
    while i >= 0:
        j = i
        while j > 0 and window[j - 1].isspace():
            j -= 1
        word_before = j > 3 and (window[j - 4].isalnum() or window[j - 4] == "_")
        if i > j >= 3 and window[j - 3 : j] in ("the", "The") and not word_before:
            return True
        i = window.find(name, i + 1)
    return False


def _again(m: Match | None, name: str, seen: list[Match]) -> Match | None:
    """ "The Times" after "The New York Times" is the New York Times again, not the London
    paper: a short name is an outlet named before whose name holds it."""
    if m is None or m.outlet is None:
        return m
    words = set(_words(name)) - {"the"}
    for earlier in seen:
        if earlier.outlet is not m.outlet and words <= set(_words(earlier.name)):
            return earlier
    return m


def annotate(inv, doc: Document, registry: Registry):
    """The inventory with each source's outlet, outlet kind and country, and the page's site."""
    sources, seen = [], []
    for s in inv.sources:
        m = _again(registry.by_name(as_written(doc, s.name, s.first)), s.name, seen)
        if m is None:
            sources.append(s)
            continue
        seen.append(m)
        # "Reuters" is an outlet, not just an organisation; "CBS News' Margaret Brennan" is
        # still a person, and "a Washington Post report" a document (of that outlet)
        kind = "outlet" if m.kind in NEWS_KINDS and s.kind == "organisation" else s.kind
        sources.append(replace(s, kind=kind, outlet=m.name, outlet_kind=m.kind, country=m.country))
    return replace(inv, sources=sources, site=site_of(doc, registry))


def outlet_label(source) -> str:
    """A source's outlet as the reports show it: "Global Times: state-affiliated, CN"."""
    if not getattr(source, "outlet_kind", None):
        return ""
    where = f", {source.country}" if source.country else ""
    named = f"{source.outlet}: " if source.outlet and source.outlet != source.name else ""
    return f"{named}{source.outlet_kind}{where}"


def site_dict(site: Site | None) -> dict[str, str] | None:
    """The page's site for the JSON report."""
    if site is None:
        return None
    o = site.outlet
    return {
        "host": site.host,
        "name": o.name if o else None,
        "kind": site.kind,
        "country": o.country if o else None,
    }
