"""Packaged word lists: one entry a line, comments and blank lines skipped."""

from __future__ import annotations

from importlib import resources

from audit.wordlists import load_words


def test_entries_come_in_file_order_without_comments_or_blanks() -> None:
    words = load_words("topic-generic.txt")
    assert words[:4] == ("said", "says", "say", "saying")
    assert "monday" in words and "december" in words
    assert not any(w.startswith("#") or not w or w != w.strip() for w in words)
    assert len(words) == len(set(words))


def test_every_line_but_comments_and_blanks_is_an_entry() -> None:
    name = "topic-records.txt"
    text = resources.files("audit").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert load_words(name) == tuple(lines)
    assert load_words(name) == ("listing", "database", "register", "registry", "records", "filing")


def test_a_list_is_read_once() -> None:
    assert load_words("topic-stopwords.txt") is load_words("topic-stopwords.txt")
