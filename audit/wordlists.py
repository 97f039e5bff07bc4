"""Packaged word lists (`audit/data/*.txt`): one word or phrase a line, `#` comments."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def load_words(name: str) -> tuple[str, ...]:
    """The entries of the packaged list `name` ("topic-stopwords.txt"), in file order: the text
    before a `#` on each line, stripped, blank lines skipped."""
    text = (Path(__file__).parent / "data" / name).read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(line for line in lines if line)
