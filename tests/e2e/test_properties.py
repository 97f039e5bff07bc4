"""Property tests over the whole pipeline: any text audits, spans are exact, output is stable."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.document import Document
from audit.render import json as json_render

# Text that looks like articles often enough to exercise the rules, and arbitrary Unicode.
WORDS = st.sampled_from(
    [
        "Analysts", "suggest", "the", "deal", "could", "collapse", ".", ",", "“", "”", '"',
        "Leave a Reply", "\n\n", "\n", "U.S.", "Dr.", "said", "according to", "sources",
        "Industrial Monitor Direct", "trusted by", "the most advanced", "!", "?", "—",
        "<!-- audit-disable -->", "audit-enable", "[link](https://x.example)", "#", "\r\n",
        "appears significant", "He", "added", "that", "42%", "of", "people",
    ]
)  # fmt: skip
ARTICLES = st.lists(WORDS, max_size=120).map(" ".join)
TEXT = st.one_of(ARTICLES, st.text(max_size=400))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, markdown=st.booleans())
def test_any_text_audits_with_exact_spans(engine, text: str, markdown: bool) -> None:
    doc = Document.build(text, "prop", markdown=markdown)
    [result] = engine.audit([doc])
    assert not result.rule_errors
    assert 0 <= result.score.score <= 100
    for f in result.findings:
        assert 0 <= f.start < f.end <= len(text)
    data = json.loads(json_render.render([result]))["documents"][0]
    for f in data["findings"]:
        assert f["excerpt"] == text[f["start"] : f["end"]][:300]
        line, col = f["line"], f["column"]
        assert text.count("\n", 0, f["start"]) + 1 == line
        assert f["start"] - (text.rfind("\n", 0, f["start"]) + 1) + 1 == col


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ARTICLES)
def test_same_input_same_output(engine, text: str) -> None:
    first = json_render.render(engine.audit([Document.build(text, "a")]))
    second = json_render.render(engine.audit([Document.build(text, "a")]))
    assert first == second


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(value=JSON_VALUES)
def test_json_report_layout_is_json_dumps(value) -> None:
    """The JSON report's own pretty-printer writes exactly what json.dumps(indent=2) writes."""
    from audit.render.json import pretty

    assert pretty(value) == json.dumps(value, ensure_ascii=False, indent=2)


FORMATS = ("text", "json", "html", "sarif", "junit", "github", "markdown")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=TEXT, name=st.text(min_size=1, max_size=12))
def test_any_text_renders_in_every_format(tmp_path_factory, text: str, name: str) -> None:
    """Whatever the article and its file name (markup, escapes, bidi controls), every one of
    the seven formats is written whole and parses as what it claims to be."""
    import xml.etree.ElementTree as ET

    from audit.cli import main

    folder = tmp_path_factory.mktemp("fmt")
    safe = "".join(c for c in name if c not in "/\\\x00") or "x"
    article = folder / f"{safe}.md"
    try:
        article.write_text(text or "Empty", encoding="utf-8", errors="surrogatepass")
    except (OSError, UnicodeEncodeError):
        return  # a name or text the file system refuses is no input
    for fmt in FORMATS:
        out = folder / f"report.{fmt}"
        code = main(["run", str(article), "-f", fmt, "-o", str(out)])
        assert code in (0, 1, 2), fmt
        body = out.read_text(encoding="utf-8")
        assert body, fmt
        if fmt in ("json", "sarif"):
            json.loads(body)
        elif fmt == "junit":
            ET.fromstring(body)
