"""What every renderer shares: safe text, repository paths, the report context and the one
interface a format implements (`Sink`), so renderers need nothing from `audit.output`."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from audit.document import Document
from audit.gates import Gates
from audit.model import Categories, Finding
from audit.rules import default_categories

if TYPE_CHECKING:
    from audit.engine import Result
    from audit.rules import Rule

# Control characters and bidirectional overrides: untrusted text must not steer a terminal
# or a Markdown viewer. Renderers replace them with U+FFFD.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKING = re.compile(r"[\t\n\r]")

Errors = Sequence[tuple[str, str]]  # inputs that could not be audited: (source, message)


def one_line(text: str) -> str:
    """Untrusted text for a one-line message on a terminal or in a log: no escape sequence
    (a name holding ESC[2J would clear the screen) and no line break (which could forge a
    line of its own)."""
    return _LINE_BREAKING.sub(" ", CONTROL_CHARS.sub("\ufffd", text))


def repo_path(source: str) -> str | None:
    """A source as a repository-relative POSIX path (for SARIF and GitHub annotations), the
    same from any folder of the repository (outside one: relative to the working directory);
    URLs as given; None for standard input."""
    from audit import repo

    if source.startswith("<"):
        return None
    if "://" in source:
        return source
    return repo.relative(source)


def related(doc: Document, finding: Finding, excerpt_max: int = 300) -> list[dict[str, Any]]:
    """The other spans a finding links to (a contradiction's first statement): offsets, line,
    column and excerpt, as the JSON report gives them."""
    out = []
    for start, end in finding.related:
        line, column = doc.line_col(start)
        excerpt = doc.text[start:end][:excerpt_max]
        out.append({"start": start, "end": end, "line": line, "column": column, "excerpt": excerpt})
    return out


def also(doc: Document, finding: Finding) -> str:
    """' (also line 19, column 152)': a one-line format's mention of the linked spans."""
    if not finding.related:
        return ""
    where = ", ".join(f"line {r['line']}, column {r['column']}" for r in related(doc, finding))
    return f" (also {where})"


@dataclass(frozen=True)
class ReportContext:
    """What renderers need besides the results: the rules, the gates, the categories (how each
    is shown, in their order), whether the text report shows each finding's context, and
    (known at the end of a run) the baseline's count."""

    rules: Sequence[Rule] = ()
    gates: Gates = field(default_factory=Gates)
    categories: Categories = field(default_factory=default_categories)
    verbose: bool = True
    suppressed: int = 0
    # warnings about the inputs (suppression comments that do nothing), filled during the run
    warnings: list[dict[str, Any]] = field(default_factory=list)


class Sink(Protocol):
    """One report being written: `add` each result in run order, then `finish` once with the
    run's unreadable inputs, its summary (`audit.summary`) and the baseline's count."""

    def add(self, result: Result) -> None: ...

    def finish(self, errors: Errors, summary: dict[str, Any], suppressed: int) -> None: ...


# The one signature every format registers (`audit.render.renderer`): a sink writing to `out`.
Renderer = Callable[[ReportContext, TextIO], Sink]


class Collected:
    """A format rendered whole at the end: it keeps the results until `finish`."""

    def __init__(
        self,
        render: Callable[[Sequence[Result], Errors, ReportContext], str],
        ctx: ReportContext,
        out: TextIO,
    ) -> None:
        self.render, self.ctx, self.out = render, ctx, out
        self.results: list[Result] = []

    def add(self, result: Result) -> None:
        self.results.append(result)

    def finish(self, errors: Errors, summary: dict[str, Any], suppressed: int) -> None:
        self.out.write(self.render(self.results, errors, replace(self.ctx, suppressed=suppressed)))


@cache
def templates(folder: Path) -> Any:
    """The jinja2 environment of a folder of HTML templates, as every HTML report renders:
    autoescape on (report text is untrusted), undefined names an error. jinja2 is imported
    when a report first needs it, not at start-up."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
