"""`contradiction`: two statements of one article about the same thing that cannot both hold.

The article is read as statements (`audit.statements`): an event's place and date, a measured
thing's number, a person's role and age. Two statements in different sentences conflict when
the text pins them to the same thing (the same named participants and event word, the same
measured noun phrase, the same full name) and their values differ. Anything that makes the
difference legitimate is let through: a change marked in the text, a forecast, a reported
dispute, reported speech on both sides, a range, an estimate, another date or scope.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from typing import Any, ClassVar

from audit.document import Document
from audit.kinds.base import Field, Hit, Kind, RunContext
from audit.statements import (
    Lexicon,
    Statement,
    event_hint,
    phrase_regex,
    statements,
    times_in,
)


class ContradictionKind(Kind):
    name = "contradiction"
    summary = "Flags pairs of statements about one event, figure or person that disagree."
    fields: ClassVar[dict[str, Field]] = {
        "events": Field(
            "strings",
            required=True,
            help="event words, one family a line, its forms separated by spaces: "
            "'meeting meet meets met'; the first names the event in messages",
        ),
        "titles": Field("strings", [], help="words before a name that are not the name"),
        "role_heads": Field("strings", [], help="nouns that end a title: Secretary, Minister"),
        "role_change": Field(
            "strings", [], help="words that make a title one of several: former, acting, new"
        ),
        "future": Field("strings", [], help="words that put an event ahead: will, scheduled"),
        "distinct": Field(
            "strings",
            [],
            help="words near an event word (three before, two after) that make it one of "
            "several: another, second, again",
        ),
        "approximate": Field("strings", [], help="words before a figure that make it an estimate"),
        "change_markers": Field(
            "strings",
            [],
            help="a sentence holding one reports a change ('rose from', 'moved'); '...' "
            "stands for a few words ('was ... now')",
        ),
        "dispute_markers": Field(
            "strings", [], help="a sentence holding one reports a claim as disputed"
        ),
        "forecast_markers": Field(
            "strings", [], help="a sentence holding one forecasts its figures ('expected')"
        ),
        "reporting_markers": Field(
            "strings",
            [],
            help="reported speech ('said'): two statements that both report someone's words "
            "are a disagreement the article reports, not its own",
        ),
    }

    def __init__(self, options: dict[str, Any]):
        super().__init__(options)
        events: dict[str, str] = {}
        for line in self.events:
            forms = line.lower().split()
            events.update({f: forms[0] for f in forms})
        low = lambda words: frozenset(w.lower() for w in words)  # noqa: E731
        self.lexicon = Lexicon(
            events=events,
            titles=low(self.titles),
            role_heads=low(self.role_heads),
            future=low(self.future),
            distinct=low(self.distinct),
            approximate=tuple(a.lower() for a in self.approximate),
            role_change=low(self.role_change),
            change=phrase_regex(self.change_markers),
            dispute=phrase_regex(self.dispute_markers),
            forecast=phrase_regex(self.forecast_markers),
            reporting=phrase_regex(self.reporting_markers),
            event_hint=event_hint(events),
        )

    def check(self, doc: Document, run: RunContext) -> Iterator[Hit]:
        groups: dict[tuple, list[Statement]] = {}  # compared only within a key: not all pairs
        for st in statements(doc, self.lexicon):
            if not st.hedged:
                groups.setdefault((st.kind, st.key), []).append(st)
        hits: dict[tuple[int, int], Hit] = {}
        for group in groups.values():
            for a, b in combinations(sorted(group, key=lambda st: st.span), 2):
                if a.sentence == b.sentence or a.value == b.value or b.span in hits:
                    continue
                if a.reported and b.reported:
                    continue  # two sources' figures: a disagreement the article reports
                verdict = _CHECKS[a.kind](doc, a, b)
                if verdict is not None:
                    hits[b.span] = _hit(doc, a, b, verdict)
        yield from (hits[span] for span in sorted(hits))


def _hit(doc: Document, a: Statement, b: Statement, verdict: tuple[str, bool]) -> Hit:
    what, sure = verdict
    values = {
        "hedge": "Contradiction" if sure else "Possible contradiction",
        "what": what,
        "first": " ".join(a.shown.split()),
        "second": " ".join(b.shown.split()),
        "first_line": str(doc.line_col(a.span[0])[0]),
        "second_line": str(doc.line_col(b.span[0])[0]),
    }
    return Hit(b.span[0], b.span[1], values, related=(a.span,))


def same_entity(x: str, y: str) -> bool:
    """Two names of one person or body: a word in common ('President Xi Jinping', 'Xi')."""
    return bool(set(x.lower().split()) & set(y.lower().split()))


def _shared(a: frozenset[str], b: frozenset[str]) -> list[str]:
    """The names of `a` that `b` also names, each in its shorter form."""
    out = []
    for x in sorted(a):
        match = [y for y in b if same_entity(x, y)]
        if match:
            out.append(min([x, *match], key=len))
    return out


def _one_event(a: Statement, b: Statement) -> list[str] | None:
    """The shared participants when two event statements are about one event: the same
    event word, two or more participants in common, the same tense, the same time or none."""
    shared = _shared(a.names, b.names)
    if len(shared) < 2 or a.tense != b.tense:
        return None
    return shared


def _place(doc: Document, a: Statement, b: Statement) -> tuple[str, bool] | None:
    shared = _one_event(a, b)
    if shared is None or a.when != b.when or same_entity(a.value, b.value):
        return None
    if not a.when and a.tense != "future":
        return None  # 'Trump and Xi met in Osaka', '... met in Busan': two meetings, perhaps
    if f"{a.place}, {b.place}" in doc.text or f"{b.place}, {a.place}" in doc.text:
        return None  # 'Busan, South Korea': one place inside the other, as the text says
    # one place may lie inside the other (a city in a country) without the text saying so
    return f"{a.what} of {' and '.join(shared)}", False


def _date(doc: Document, a: Statement, b: Statement) -> tuple[str, bool] | None:
    shared = _one_event(a, b)
    if shared is None or (a.place and b.place and a.place.lower() != b.place.lower()):
        return None
    if len(shared) < min(len(a.names), len(b.names)):
        return None  # someone else in one of them: perhaps another event
    return f"date of the {a.what} of {' and '.join(shared)}", False


def _quantity(doc: Document, a: Statement, b: Statement) -> tuple[str, bool] | None:
    if a.value.lstrip("0123456789.e+") != b.value.lstrip("0123456789.e+"):
        return None  # different units: '100%' and '$100'
    if _times(doc, a) != _times(doc, b):
        return None  # another date: a figure then and a figure now
    if bool(a.names) != bool(b.names) or (a.names and not _shared(a.names, b.names)):
        return None  # different owners (one company's 40 stores, another's 14), or unknown
    return a.what, bool(a.names)  # sure only when one named owner has both figures


def _times(doc: Document, st: Statement) -> set[str]:
    s = doc.sentences[st.sentence]
    return set(times_in(doc.text[s.start : s.end]))


def _role(doc: Document, a: Statement, b: Statement) -> tuple[str, bool] | None:
    x, y = a.value.split(), b.value.split()
    if x[-1] != y[-1] or set(x) <= set(y) or set(y) <= set(x):
        return None  # different kinds of title (a person can hold two), or one names more
    return f"role of {a.what}", False


def _age(doc: Document, a: Statement, b: Statement) -> tuple[str, bool] | None:
    if _times(doc, a) != _times(doc, b):
        return None
    return f"age of {a.what}", True


_CHECKS = {"place": _place, "date": _date, "quantity": _quantity, "role": _role, "age": _age}
