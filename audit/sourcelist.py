"""The source listing an editor reads: the inventory's entries, each source once, with the
right kind and every mention's span.

The engine's inventory entries (`audit.inventory`) stay as they were, because the score's
evidence terms were fitted on them; this module only reshapes them for the reports:

- merges mentions of one source: the same head name ("state newspaper Global Times", "report
  from Global Times"), a surname or given name after the full name ("Ministry of Commerce
  spokesperson He Yongqian", "Chinese spokesperson He");
- names the person an appositive introduces ("Marcus Oyelaran, a senior economist at ..."),
  drops a trailing clause ("... released at 8:30 a.m.") and a measured quantity the parser
  took for a source ("Yields on two-year Treasury notes fell");
- refines person and organisation ("White House" is an organisation, "union leader Ana
  Ruiz" a person)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from audit.wordlists import load_words

_ROLES = frozenset(load_words("inventory/person-roles.txt")) | frozenset(
    load_words("inventory/person-titles.txt")
)
_ORGANISATION = frozenset(load_words("inventory/organisation-words.txt"))
_OUTLET = frozenset(load_words("inventory/outlet-words.txt"))
_MEASURES = frozenset(load_words("inventory/measures.txt"))
_CLAUSE = re.compile(
    r"\s+(?:" + "|".join(load_words("inventory/trailing-clauses.txt")) + r")\b.*$", re.S
)
_CONNECTORS = frozenset({"of", "the", "for", "and", "&", "de", "du", "von", "van", "al", "bin"})
_NAME_WORD = r"[A-Z][\w'’.-]*"
# "Marcus Oyelaran, " just before "a senior economist at ...": the person it describes
_APPOSITIVE = re.compile(rf"(?:^|[^\w’'-])({_NAME_WORD}(?:\s{_NAME_WORD}){{1,3}}),\s*$")
# words that open a sentence, not a name ("In Washington, a senior official said")
_NOT_NAMES = frozenset(load_words("inventory/not-name-openers.txt"))
_RANK = {"person": 0, "outlet": 1, "organisation": 2, "document": 3, "unnamed": 4}


def _word(token: str) -> str:
    return token.lower().replace("’", "'").strip(",.;:()'\"").removesuffix("'s")


def _capitalised(token: str) -> bool:
    return token[:1].isupper() or token[:1].isdigit()


def head_name(name: str) -> str:
    """The name at the end of a source's phrase, without the titles and roles before it:
    "Treasury Secretary Scott Bessent" -> "Scott Bessent", "report from Global Times" ->
    "Global Times"; "" when the phrase does not end in a name ("TSMC's CEO")."""
    tokens = name.split()
    run: list[str] = []
    for token in reversed(tokens):
        if _capitalised(token) or (run and token.lower() in _CONNECTORS):
            run.insert(0, token)
        else:
            break
    while run and run[0].lower() in _CONNECTORS:
        run.pop(0)
    roles = [i for i, t in enumerate(run) if _word(t) in _ROLES]
    if roles:
        run = run[roles[-1] + 1 :]
    return " ".join(run)


def role_before(name: str, head: str) -> bool:
    """Whether a role or title comes just before the head ("union leader Ana Ruiz")."""
    before = name[: len(name) - len(head)].split() if head and name.endswith(head) else []
    return bool(before) and _word(before[-1]) in _ROLES


def person_like(head: str) -> bool:
    """One to four capitalised words, none an organisation's or an outlet's word."""
    tokens = head.split()
    return (
        0 < len(tokens) <= 4
        and all(_capitalised(t) for t in tokens)
        and not any(_word(t) in _ORGANISATION | _OUTLET for t in tokens)
        and not (len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) > 1)  # "TSMC"
    )


def refined_kind(name: str, kind: str, head: str) -> str:
    """The listing's kind: the inventory's, corrected between person and organisation. A
    head that is not at the end of the name is an appositive's person."""
    if kind not in ("person", "organisation"):
        return kind
    appositive = bool(head) and not name.endswith(head)
    if person_like(head) and (kind == "person" or appositive or role_before(name, head)):
        return "person"
    if any(_word(t) in _ORGANISATION for t in (head or name).split()):
        return "organisation"
    return kind


def is_measure(name: str) -> bool:
    """'Yields on two-year Treasury': the quantity measured, not a source."""
    words = name.lower().split()
    return len(words) > 1 and words[0] in _MEASURES and words[1] in ("on", "of", "in", "for")


def display_name(name: str, text: str, start: int) -> tuple[str, str]:
    """The name to show and its head: the person of an appositive before the phrase, and
    without a trailing clause."""
    trimmed = _CLAUSE.sub("", name).rstrip(" ,") or name
    lead = text[max(0, start - 120) : start]
    m = _APPOSITIVE.search(lead)
    descriptor = trimmed.split()
    if (
        m
        and descriptor
        and not _capitalised(descriptor[0])
        and any(_word(t) in _ROLES for t in descriptor[:4])
        and person_like(m.group(1))
        and m.group(1).split()[0].lower() not in _NOT_NAMES
    ):
        person = m.group(1)
        return f"{person}, {trimmed}", person
    return trimmed, head_name(trimmed)


@dataclass
class Listed:
    """A source in the listing, gathering its mentions."""

    name: str
    kind: str
    head: str
    how: list[str] = field(default_factory=list)
    count: int = 0
    first: int = 0
    mentions: list[tuple[int, int]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)

    def absorb(self, other: Listed) -> None:
        self.count += other.count
        self.how += [h for h in other.how if h not in self.how]
        self.mentions = sorted({*self.mentions, *other.mentions})
        self.names += [n for n in (other.name, *other.names) if n not in self.names]
        if _RANK[other.kind] < _RANK[self.kind]:
            self.kind = other.kind
        if len(other.head.split()) > len(self.head.split()):
            self.head = other.head


def same_source(earlier: Listed, later: Listed) -> bool:
    """One source mentioned twice: the same head name, or one word of an earlier person's
    full name on its own ("He" after "He Yongqian", "Greer" after "Jamieson Greer")."""
    if "unnamed" in (earlier.kind, later.kind):
        return earlier.kind == later.kind and earlier.name.lower() == later.name.lower()
    a, b = earlier.head.lower(), later.head.lower()
    if a and a == b:
        return True
    words = a.split()
    return (
        earlier.kind == "person"
        and len(words) > 1
        and len(b.split()) == 1
        and b in (words[0], words[-1])
        and later.kind in ("person", "organisation")
    )


def merge(entries: list[Listed]) -> list[Listed]:
    """Entries in order of first mention, each merged into the first it is the same as.

    Only the entries an index names are compared (`_keys`: a long article lists dozens of
    sources, and comparing each with every earlier one was quadratic); the index may name
    more than match, never fewer, and `same_source` decides."""
    out: list[Listed] = []
    index: dict[str, list[int]] = {}
    for entry in sorted(entries, key=lambda e: e.first):
        near = sorted({i for key in _keys(entry, looking=True) for i in index.get(key, ())})
        at = next((i for i in near if same_source(out[i], entry)), None)
        if at is None:
            at = len(out)
            out.append(entry)
        else:
            out[at].absorb(entry)  # its head and kind may change: index it again
        for key in _keys(out[at], looking=False):
            index.setdefault(key, []).append(at)
    return out


def _keys(e: Listed, looking: bool) -> set[str]:
    """Where an entry is filed (`looking` False) or looked for (True), after `same_source`:
    by its name when unnamed; else by its head, and a person's full name also by its first
    and last word ("Greer" finds "Jamieson Greer")."""
    if e.kind == "unnamed":
        return {"\0u" + e.name.lower()}
    head = e.head.lower()
    keys = {"\0h" + head} if head else set()
    words = head.split()
    if not looking and len(words) > 1:
        keys |= {"\0w" + words[0], "\0w" + words[-1]}
    if looking and len(words) == 1:
        keys.add("\0w" + head)
    return keys
