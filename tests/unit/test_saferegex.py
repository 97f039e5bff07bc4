"""The fast forms of rule regexes match exactly what the plain forms match."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit import saferegex
from audit.rules import default_pack_path, load_rules
from tests.conftest import CORPUS, run_audit
from tests.labels import LABELLED

TEXTS = sorted(CORPUS.glob("*.txt")) + sorted((LABELLED / "02-seed-style-and-wire").glob("*.txt"))

CUES = [
    "appears?|seems?|likely|probably",
    "could|might|would (?:likely|probably|be)",
    "(?:a |another )?(?:clear|strong) (?:sign|signal)|(?:a |another )?sign (?:that|of)",
    r"\d+(?:\.\d+)?\s?(?:%|percent) of",
    "because|due to|as a result|led to|leads? to",
    "it['’]s no secret|make no mistake",
    "in an effort to|in a bid to|aim(?:s|ed)? to",
    "significant(?:ly)?|crucial|critical(?:ly)?|vital",
]


@pytest.fixture(autouse=True)
def _shipped_pack_patterns():
    """These tests are about the fast engine, which only the shipped pack's patterns use."""
    with saferegex.trusted():
        yield


def _spans(pattern, text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in saferegex.finditer(pattern, text)]


def _plain(alternatives, flags, before="", after=""):
    return re.compile(f"{before}(?:{'|'.join(alternatives)}){after}", flags)


def _assert_cues_match_like_plain(text: str) -> None:
    """The cue list, grouped and folded, finds what the plain alternation finds, in any case."""
    for flags in (re.IGNORECASE, 0):
        fast = saferegex.compile_alternation(CUES, flags, r"(?<!\w)", r"(?!\w)")
        plain = _plain(CUES, flags, r"(?<!\w)", r"(?!\w)")
        assert _spans(fast, text) == [
            (m.start(), m.end(), m.group(0)) for m in plain.finditer(text)
        ]


def test_alternation_is_dispatched_and_folded():
    fast = saferegex.compile_alternation(CUES, re.IGNORECASE, r"(?<!\w)", r"(?!\w)")
    assert isinstance(fast, saferegex.Folded)
    assert "(?=" in fast.fast.pattern or "a(?:" in fast.fast.pattern  # grouped by first letter


@pytest.mark.parametrize("path", TEXTS[:12], ids=lambda p: p.name)
def test_alternation_matches_like_the_plain_regex_on_articles(path: Path):
    text = path.read_text(encoding="utf-8")
    _assert_cues_match_like_plain(text)


def test_folded_matches_report_the_original_text():
    fast = saferegex.compile_alternation(CUES, re.IGNORECASE, r"(?<!\w)", r"(?!\w)")
    assert _spans(fast, "It Seems LIKELY.") == [(3, 8, "Seems"), (9, 15, "LIKELY")]


def test_text_that_changes_length_when_lower_cased_uses_the_plain_regex():
    fast = saferegex.compile_alternation(CUES, re.IGNORECASE, r"(?<!\w)", r"(?!\w)")
    text = "İstanbul officials say it is likely."  # dotted capital I lower-cases to two chars
    assert _spans(fast, text) == [(29, 35, "likely")]


def test_capturing_groups_and_upper_case_literals_keep_the_plain_form():
    pieces = [f"(w{i})x" for i in range(10)]
    grouped = saferegex.compile_alternation(pieces, re.IGNORECASE)
    assert grouped.fast.pattern == f"(?:{'|'.join(pieces)})"  # group numbers kept
    assert _spans(grouped, "W3X w9x") == [(0, 3, "W3X"), (4, 7, "w9x")]
    upper = saferegex.compile("Foo|bar", re.IGNORECASE)
    assert isinstance(upper, re.Pattern)
    assert _spans(upper, "FOO Bar") == [(0, 3, "FOO"), (4, 7, "Bar")]


def test_a_risky_alternation_still_runs_with_a_budget():
    risky = saferegex.compile_alternation([r"(\w+\s?)+$"], re.IGNORECASE)
    assert not isinstance(risky, (re.Pattern, saferegex.Folded))


def test_every_pack_regex_matches_like_its_plain_form_on_articles():
    """The default pack's compiled cue lists against the same lists compiled plainly."""
    texts = [p.read_text(encoding="utf-8") for p in TEXTS]
    checked = 0
    for rule in load_rules([default_pack_path()]):
        kind = rule.kind
        cues = getattr(kind, "_cues", None)  # the attribution and topic kinds' compiled cues
        for owner, name in [(kind, "_regex")] + [
            (cues, name) for name in ("cues", "strong", "weak", "transition", "label_line")
        ]:
            compiled = getattr(owner, name, None)
            if not isinstance(compiled, saferegex.Folded):
                continue
            plain = compiled.slow
            for text in texts:
                want = [(m.start(), m.end(), m.group(0)) for m in plain.finditer(text)]
                assert _spans(compiled, text) == want, (rule.id, name)
            checked += 1
    assert checked >= 6


WORDS = st.sampled_from(
    ["likely", "Likely", "a sign of", "sign that", "12.5 percent of", "led to", "leads",
     "it's no secret", "It’s", "vital", "critically", "aims to", "x", " ", ",", "\n", "İ"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=30))
def test_alternation_equals_plain_on_generated_text(parts: list[str]):
    text = " ".join(parts)
    _assert_cues_match_like_plain(text)


def test_source_is_split_only_at_syntax():
    assert saferegex._top_level(r"a|(?:b|c)|[|]|\|x") == ["a", "(?:b|c)", "[|]", r"\|x"]
    assert saferegex._distribute(r"(?<!\w)(?:top|best(?:ly)?)\b") == [
        r"(?<!\w)top\b",
        r"(?<!\w)best(?:ly)?\b",
    ]
    assert saferegex._distribute(r"(?:a|b)?x") == [r"(?:a|b)?x"]  # an optional group stays


def test_within_lines_is_conservative():
    line = saferegex.MULTILINE | saferegex.IGNORECASE
    assert saferegex.within_lines(r"^all rights reserved\.?$", line)
    assert saferegex.within_lines(r"\bleave a (?:reply|comment)\b[^\n]*", line)
    for crossing in (r"leave\s+a reply", r"a[^x]b", r"(?s)a.b", r"a\Z", r"(?=\n)", r"(a)\1"):
        assert not saferegex.within_lines(crossing, line), crossing
    assert not saferegex.within_lines(r"reserved\.$", saferegex.IGNORECASE)  # $ before a last \n


def _pattern_kinds():
    return [r.kind for r in load_rules([default_pack_path()]) if hasattr(r.kind, "matches")]


STOCK = st.sampled_from(
    ["All rights reserved.", "all trademarks belong to their respective owners", "Leave a Reply",
     "Related:", "Read more", "Share this article", "comments", "sources", "Home »", "word among",
     "traders is that", "It is widely believed", "\n", "\n\n", " ", "“", "”", "İ", "x", "Sign up"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(STOCK, max_size=40))
def test_stock_patterns_find_what_a_whole_text_scan_finds(parts: list[str]):
    """Stock patterns run only on the lines holding their literals; they must find exactly
    the matches that running every pattern over the whole text finds."""
    from audit.document import Document

    text = "".join(parts) or "x"
    for kind in _pattern_kinds():
        doc = Document.build(text, "d")
        everywhere = sorted(
            (m.start(), -m.end())
            for regex, _, _ in kind._patterns
            for m in saferegex.finditer(regex, doc.text)
        )
        assert [(m.start(), -m.end()) for m in kind.matches(doc)] == everywhere


def test_default_pack_runs_on_the_fast_engine():
    """A pack regex that looks catastrophic runs on `regex` with a timeout: slower on every
    article, and cut off on long ones. The shipped pack must not need it (a nested repetition
    slipped into a cue list once made the claim cues time out on a 5 MB line)."""
    slow = []
    for rule in load_rules([default_pack_path()]):
        kind = rule.kind
        cues = getattr(kind, "_cues", None)  # the attribution kind's claim cues
        compiled = [getattr(kind, a, None) for a in ("_exceptions", "_regex")]
        compiled += [getattr(cues, a, None) for a in ("cues", "strict")]
        compiled += [entry[0] for entry in getattr(kind, "_patterns", [])]
        slow += [rule.id for c in compiled if c is not None and not saferegex.has_ranges(c)]
    assert slow == []


def test_no_default_cue_ends_where_a_word_must_follow():
    """Cues match as whole words (`(?!\\w)` after them): a cue ending in a space can then never
    match, since a word always follows its space ("one of the (?:last|few|only) " was dead)."""
    dead = [(rule, piece) for rule, piece in _cue_pieces() if piece.endswith((" ", " )?"))]
    assert dead == []


def test_no_default_cue_starts_with_a_class():
    """A cue that starts with a class ('\\w+est', '[a-z]') or a lookbehind can start anywhere:
    it cannot join the trie of first letters, and every position of the text tries it (one such
    cue once cost the claim-cue scan a sixth of its time)."""
    loose = [
        (rule, piece)
        for rule, piece in _cue_pieces()
        if piece.startswith(("\\w", "\\S", "[", "(?<", "(?:\\w", "."))
    ]
    assert loose == []


def _cue_pieces() -> list[tuple[str, str]]:
    """(rule id, top-level alternative) of every cue list in the default pack."""
    return [
        (rule.id, piece)
        for rule in load_rules([default_pack_path()])
        for field in ("claim_cues", "statistic_cues", "case_sensitive_cues")
        for cue in rule.kind.options.get(field, [])
        for piece in saferegex.top_level(cue)
    ]


# Pieces sharing prefixes ("th", "the "), so that groups are grouped again (a trie), beside a
# digit-led piece that must not join the letter groups.
TRIE_CUES = [
    "the most (?:serious|severe)|the least|the (?:best|worst) (?:\\w+ )?ever|thanks to",
    "threatens to",
    "than ever before|than any other|the writing is on the wall|then again|these days",
    "tipped to|tipping|to blame|top-rated|trusted by|turning point|twice as",
    r"\d+(?:\.\d+)? times (?:more|less)|\d+ per cent of|sign of|signal|significant",
]
TRIE_WORDS = st.sampled_from(
    ["the", "most", "serious", "The Most", "least", "best", "worst", "ever", "thanks", "to",
     "threatens", "than", "any", "other", "then", "again", "tipped", "tipping", "3.5", "times",
     "more", "40 per cent of", "sign of", "signal", "significantly", "x", ",", "\n"]
)  # fmt: skip


def test_shared_prefixes_are_grouped_again():
    fast = saferegex.compile_alternation(TRIE_CUES, re.IGNORECASE, r"(?<!\w)", r"(?!\w)")
    assert "t(?=[hioruw])(?:h(?=[aer])" in fast.fast.pattern  # "t", then "h", then "a|e|r"
    assert fast.fast.pattern.endswith(r"\d+ per cent of))(?!\w)")  # digits apart from letters


@settings(max_examples=300, deadline=None)
@given(st.lists(TRIE_WORDS, max_size=40))
def test_grouped_prefixes_match_like_plain(parts: list[str]):
    text = " ".join(parts)
    for flags in (re.IGNORECASE, 0):
        fast = saferegex.compile_alternation(TRIE_CUES, flags, r"(?<!\w)", r"(?!\w)")
        plain = _plain(TRIE_CUES, flags, r"(?<!\w)", r"(?!\w)")
        assert _spans(fast, text) == [
            (m.start(), m.end(), m.group(0)) for m in plain.finditer(text)
        ]


EVIL = ["(a+){10}$", "a*a*a*a*a*a*a*a*$", r"\w*\w*\w*\w*\w*\w*!x", r"(\w{1,10}){1,10}!x"]


@pytest.mark.parametrize("pattern", EVIL)
def test_patterns_from_other_packs_run_under_a_time_budget(pattern: str):
    """These pass the static check and backtrack for minutes on `re`: from any pack but the
    shipped one they run on `regex`, whose budget stops them."""
    with saferegex.trusted():
        assert isinstance(saferegex.compile(pattern), re.Pattern)  # the check misses them
    token = saferegex._TRUSTED.set(False)
    try:
        compiled = saferegex.compile(pattern)
    finally:
        saferegex._TRUSTED.reset(token)
    assert not isinstance(compiled, re.Pattern)
    # `regex` either finishes (it handles some of these shapes well) or stops at the budget
    with contextlib.suppress(saferegex.RegexTimeout):
        list(saferegex.finditer(compiled, "a" * 30_000 + " bbbbb", budget=0.2))


def test_a_rule_that_runs_out_of_time_makes_the_audit_incomplete(tmp_path: Path):
    rules = tmp_path / "evil.yaml"
    rules.write_text(
        "rules:\n  - id: evil\n    category: vague-sourcing\n    kind: pattern\n"
        f"    description: d\n    patterns: [{json.dumps(EVIL[0])}]\n"
    )
    article = tmp_path / "a.txt"
    article.write_text("Title\n\n" + "a" * 30_000 + " bbbbb\n")
    done = run_audit("run", str(article), "--rules", str(rules), "-f", "sarif", timeout=120)
    assert done.returncode == 2  # not a clean pass
    assert "incomplete audit: rule evil failed: RegexTimeout" in done.stderr
    run = json.loads(done.stdout)["runs"][0]
    assert run["invocations"][0]["executionSuccessful"] is False


def test_literal_prefilter_never_skips_a_document_that_matches() -> None:
    """Every match of a pattern contains one of its required literals (checked on the corpus)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    flags = re.I | re.M
    checked = 0
    for rule in load_rules([default_pack_path()]):
        for pattern in rule.kind.options.get("patterns", []):
            literals = saferegex.required_literals(pattern, flags)
            if literals is None:
                continue
            for m in (m for t in texts for m in re.finditer(pattern, t, flags)):
                assert any(lit in m.group(0).lower() for lit in literals), (pattern, m.group(0))
                checked += 1
    assert checked > 20
    owners = saferegex.required_literals(
        r"(?:all )?trademarks belong to (?:their|the) owners", re.I
    )
    assert owners == {"trademarks belong to the"}  # the longest run every match contains
    assert saferegex.required_literals(r"(?:a|b)+", re.I) is None
