"""A run's reports, fed one result at a time: baseline, gates, every requested report and
the summary; the exit code at the end."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from audit import output, suppresscheck
from audit.app.closing import Verdict, closing_line
from audit.app.reading import Say
from audit.app.signals import check_terminated
from audit.baseline import Baseline
from audit.engine import Engine, Result
from audit.render.common import ReportContext
from audit.summary import Summary

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2


class Reporting:
    """Baseline, gates and reports of a run, fed one result at a time: each report streams or
    keeps results as its format needs (`output.Report`), the summary keeps aggregates."""

    def __init__(
        self,
        targets: Sequence[output.Target],
        ctx: ReportContext,
        engine: Engine,
        accepted: Baseline | None,
        say: Say,
        exit_zero: bool = False,
        quiet: bool = False,
    ) -> None:
        self.accepted, self.engine, self.gates, self.say = accepted, engine, ctx.gates, say
        self.verdict = Verdict(ctx.gates, exit_zero)
        self.warnings = ctx.warnings
        self.allow_unreadable: int | None = None  # audit feed: unreadable items allowed
        self.known = {r.id for r in engine.rules} | set(ctx.categories.ids)
        self.summary = Summary(ctx.categories.ids)
        self.incomplete: list[tuple[str, str]] = []  # rule failures: reported in every format
        self.suppressed = 0
        self.failed = False
        self.reports: list[output.Report] = []
        try:
            for target in targets:
                self.reports.append(output.Report(target, ctx, quiet))
        except BaseException:
            self.abort()
            raise

    def add(self, result: Result) -> None:
        check_terminated()
        if encoding := result.document.meta.get("encoding"):
            self.say(f"{result.document.source}: not UTF-8, read as {encoding}")
        if result.document.honours_suppressions:
            self._check_directives(result)
        if self.accepted is not None:
            [result], suppressed = self.accepted.apply([result], self.engine)
            self.suppressed += suppressed
        if self.gates.failures(result):
            self.failed = True
        self.verdict.add(result)
        for err in result.rule_errors:  # an audit a rule could not finish is incomplete
            self.incomplete.append((result.document.source, f"incomplete audit: {err}"))
            self.say(f"error: {result.document.source}: incomplete audit: {err}")
        self.summary.add(result)
        for report in self.reports:
            report.add(result)

    def _check_directives(self, result: Result) -> None:
        """Suppression comments that do nothing: a warning each (stderr, and JSON `warnings`)."""
        source = result.document.source
        for w in suppresscheck.check(result.document.text, self.known):
            self.say(f"warning: {source}:{w.line}: {w.message}")
            self.warnings.append({"source": source, "line": w.line, "message": w.message})

    def close(
        self,
        errors: Sequence[tuple[str, str]],
        item_errors: Sequence[tuple[str, str]] = (),
        extra: Mapping[str, Any] | None = None,
    ) -> int:
        """Finish every report; the exit code. `item_errors` are reported, not fatal; `extra`
        joins the summary (the history of `audit feed --db`)."""
        if self.accepted is not None:
            self.say(f"{self.suppressed} findings accepted by the baseline")
            if self.summary.documents and self.accepted.counts and not self.accepted.matched:
                # paths from another folder, or moved files: every finding would come back
                self.say("warning: the baseline matches no document of this run")
        errors = [*errors, *self.incomplete]
        every_error = [*errors, *item_errors]
        summary = {**self.summary.as_dict(every_error), **(extra or {})}
        if self.allow_unreadable is not None and len(item_errors) > self.allow_unreadable:
            self.verdict.unreadable = (len(item_errors), self.allow_unreadable)
            self.failed = True
        closing = closing_line(summary, len(every_error), self.verdict)
        try:
            for report in self.reports:
                report.finish(every_error, summary, self.suppressed, closing)
                if report.target.defaulted:
                    self.say(f"{report.target.format} report written to {report.target.path}")
        except BaseException:
            self.abort()
            raise
        if not any(r.for_people and r.file is None for r in self.reports):
            self.say(closing)  # stdout holds a machine format (or nothing): the line goes to stderr
        if errors:
            return EXIT_ERROR
        return EXIT_FAIL if self.failed and not self.verdict.exit_zero else EXIT_OK

    def abort(self) -> None:
        for report in self.reports:
            report.abort()
