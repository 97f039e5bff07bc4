"""The language data shipped with the package: word lists in `audit/data/`, one word or phrase
a line, `#` starting a comment. Each list is read once."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load_words(name: str) -> tuple[str, ...]:
    """The entries of `audit/data/<name>` in file order, comments and blank lines skipped."""
    text = resources.files("audit").joinpath("data", name).read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(line for line in lines if line)
