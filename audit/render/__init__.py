"""Renderers: results in, report text out. They only render.

Each format is a module of this package named after it, registering one `Renderer`
(`common.py`): `report(ctx, out)`, a sink that takes each result as the run makes it and
writes the report to `out`. Modules are imported on first use (jinja2 and rich are slow to
import and most runs need one format).
"""

from __future__ import annotations

from importlib import import_module

from audit.render.common import CONTROL_CHARS, Renderer, one_line

FORMATS = (
    "text", "concise", "json", "html", "sarif", "junit", "github", "markdown", "codequality",
    "checkstyle", "jsonl",
)  # fmt: skip


BINARY_FORMATS = ("parquet",)  # written to a file only (-o), with an optional extra


def renderer(fmt: str) -> Renderer:
    """The renderer registered under the format name `fmt` (of `FORMATS` or `BINARY_FORMATS`)."""
    if fmt not in FORMATS and fmt not in BINARY_FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    return import_module(f"{__name__}.{fmt}").report


__all__ = ["BINARY_FORMATS", "CONTROL_CHARS", "FORMATS", "Renderer", "one_line", "renderer"]
