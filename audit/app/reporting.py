"""A run's reports, fed one result at a time: baseline, gates, every requested report and
the summary; the exit code at the end."""

from __future__ import annotations

from collections.abc import Sequence

from audit import output
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
    ) -> None:
        self.accepted, self.engine, self.gates, self.say = accepted, engine, ctx.gates, say
        self.summary = Summary(ctx.categories.ids)
        self.incomplete: list[tuple[str, str]] = []  # rule failures: reported in every format
        self.suppressed = 0
        self.failed = False
        self.reports: list[output.Report] = []
        try:
            for target in targets:
                self.reports.append(output.Report(target, ctx))
        except BaseException:
            self.abort()
            raise

    def add(self, result: Result) -> None:
        check_terminated()
        if encoding := result.document.meta.get("encoding"):
            self.say(f"{result.document.source}: not UTF-8, read as {encoding}")
        if self.accepted is not None:
            [result], suppressed = self.accepted.apply([result], self.engine)
            self.suppressed += suppressed
        if self.gates.failures(result):
            self.failed = True
        for err in result.rule_errors:  # an audit a rule could not finish is incomplete
            self.incomplete.append((result.document.source, f"incomplete audit: {err}"))
            self.say(f"error: {result.document.source}: incomplete audit: {err}")
        self.summary.add(result)
        for report in self.reports:
            report.add(result)

    def close(
        self, errors: Sequence[tuple[str, str]], item_errors: Sequence[tuple[str, str]] = ()
    ) -> int:
        """Finish every report; the exit code. `item_errors` are reported, not fatal."""
        if self.accepted is not None:
            self.say(f"{self.suppressed} findings accepted by the baseline")
        errors = [*errors, *self.incomplete]
        every_error = [*errors, *item_errors]
        summary = self.summary.as_dict(every_error)
        try:
            for report in self.reports:
                report.finish(every_error, summary, self.suppressed)
                if report.target.defaulted:
                    self.say(f"{report.target.format} report written to {report.target.path}")
        except BaseException:
            self.abort()
            raise
        if errors:
            return EXIT_ERROR
        return EXIT_FAIL if self.failed else EXIT_OK

    def abort(self) -> None:
        for report in self.reports:
            report.abort()
