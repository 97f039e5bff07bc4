"""GitHub Actions workflow commands (`--format github`): one annotation per finding.

`::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message`, escaped as the
Actions toolkit does: data escapes %, CR and LF; property values also escape : and ,.
Columns are sent only for single-line spans (GitHub refuses them otherwise).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TextIO

from audit.engine import Result
from audit.gates import Gates
from audit.model import Finding, Severity
from audit.render.common import CONTROL_CHARS, Errors, ReportContext, also, repo_path

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """The toolkit's escapes, after other control characters (ESC sequences a log viewer or
    terminal would obey) are made visible."""
    text = CONTROL_CHARS.sub(lambda m: "\r" if m.group() == "\r" else "\ufffd", text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **props: str | int | None) -> str:
    """One workflow command line; properties whose value is None are left out."""
    given = [f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None]
    head = f"::{level} {','.join(given)}" if given else f"::{level}"
    return f"{head}::{escape_data(message)}"


def annotation(result: Result, f: Finding) -> str:
    doc = result.document
    line, col = doc.line_col(f.start)
    end_line, end_col = doc.line_col(max(f.start, f.end - 1))
    same = line == end_line
    return command(
        LEVEL[f.severity],
        f.message + also(doc, f),
        file=repo_path(doc.source),
        line=line,
        col=col if same else None,
        endLine=end_line,
        endColumn=end_col + 1 if same else None,
        title=f"{f.rule} ({f.category})",
    )


def summary(result: Result, gates: Gates) -> str:
    reasons = gates.failures(result)
    n = len(result.findings)
    message = f"score {result.score.score} (grade {result.score.grade}), {n} finding"
    message += "" if n == 1 else "s"
    if reasons:
        message += "; fails: " + "; ".join(reasons)
    return command(
        "error" if reasons else "notice",
        message,
        file=repo_path(result.document.source),
        title=f"audit score {result.score.score}",
    )


def render(results: Sequence[Result], errors: Errors = (), gates: Gates | None = None) -> str:
    lines: list[str] = []
    stream = Stream(lines.append, gates)
    for r in results:
        stream.add(r)
    stream.finish(errors)
    return "".join(lines)


def report(ctx: ReportContext, out: TextIO) -> Stream:
    """The annotations, streamed (`Stream`)."""
    return Stream(out.write, ctx.gates)


class Stream:
    """The same annotations as `render`, written one document at a time."""

    def __init__(self, write: Callable[[str], object], gates: Gates | None = None) -> None:
        self.write = write
        self.gates = gates or Gates()

    def add(self, result: Result) -> None:
        lines = [annotation(result, f) for f in result.findings]
        lines.append(summary(result, self.gates))
        self.write("".join(line + "\n" for line in lines))

    def finish(
        self, errors: Errors, summary: dict[str, Any] | None = None, suppressed: int = 0
    ) -> None:
        lines = [
            command("error", message, file=repo_path(source), title="audit: cannot read")
            for source, message in errors
        ]
        if lines:
            self.write("".join(line + "\n" for line in lines))
