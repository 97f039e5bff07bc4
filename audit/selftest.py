"""Rules test themselves: each `flag` example must produce a finding of that rule (overlapping the
[[marked]] span when there is one) and each `pass` example must produce none."""

from __future__ import annotations

from dataclasses import dataclass

from audit.document import Document
from audit.engine import Engine
from audit.rules import Example, Rule


@dataclass(frozen=True)
class ExampleFailure:
    rule: Rule
    example: Example
    expected: str  # "flag" | "pass"
    found: list[str]

    def describe(self) -> str:
        text = " ".join(self.example.documents[0].split())
        where = f"{self.rule.path}:{self.example.line}"
        if self.expected == "flag":
            got = "; ".join(self.found) or "no finding"
            return f"{where}: {self.rule.id}: flag example not flagged as marked ({got}): {text!r}"
        return (
            f"{where}: {self.rule.id}: pass example was flagged ({'; '.join(self.found)}): {text!r}"
        )


def run_example(rule: Rule, example: Example) -> list[tuple[int, int, str]]:
    """Findings (start, end, excerpt) of `rule` on the first document of the example.

    An example that is an HTML page (it opens with '<') is read as a page is: its findings'
    offsets are into the extracted text, so a [[mark]] is matched by its text."""
    docs = [_document(t, f"<example {i}>") for i, t in enumerate(example.documents)]
    engine = Engine([rule])
    run = engine.prepare(docs)
    doc = docs[0]
    return [(f.start, f.end, doc.text[f.start : f.end]) for f in rule.findings(doc, run)]


def _document(text: str, source: str) -> Document:
    if is_page(text):
        from audit.inputs import read_page

        return read_page(source, text)
    return Document.build(text, source)


def is_page(text: str) -> bool:
    return text.lstrip().startswith("<")


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def test_rule(rule: Rule) -> list[ExampleFailure]:
    failures = []
    for ex in rule.flag_examples:
        found = run_example(rule, ex)
        ok = bool(found)
        if ok and ex.mark and is_page(ex.documents[0]):
            marked = " ".join(ex.documents[0][ex.mark[0] : ex.mark[1]].split())
            ok = any(
                marked in " ".join(t.split()) or " ".join(t.split()) in marked for *_, t in found
            )
        elif ok and ex.mark:
            ok = any(s < ex.mark[1] and ex.mark[0] < e for s, e, _ in found)
        if not ok:
            failures.append(ExampleFailure(rule, ex, "flag", [repr(t) for _, _, t in found]))
    for ex in rule.pass_examples:
        found = run_example(rule, ex)
        if found:
            failures.append(ExampleFailure(rule, ex, "pass", [repr(t) for _, _, t in found]))
    return failures
