"""Inline suppression comments switch rules off and are counted, not silently dropped."""

from __future__ import annotations

from tests.conftest import audit_text

BODY = (
    "Harbor Deal Talks Resume\n\n"
    "Talks between the port and the union resumed on Monday, the port authority said.\n\n"
)


def rules_of(result) -> list[str]:
    return [f.rule for f in result.findings]


def test_region_disable_and_enable_in_markdown_comments(engine) -> None:
    text = (
        BODY + "<!-- audit-disable vague-attribution -->\n\nAnalysts say the deal is close.\n\n"
        "<!-- audit-enable -->\n\nExperts say the deal is far off."
    )
    result = audit_text(engine, text)
    vague = [
        result.document.text[f.start : f.end]
        for f in result.findings
        if f.rule == "vague-attribution"
    ]
    assert vague == ["Experts say"]
    assert [f.rule for f in result.suppressed] == ["vague-attribution"]


def test_next_line_and_category_in_plain_text(engine) -> None:
    text = (
        BODY
        + "audit-disable-next-line vague-sourcing\nAnalysts say the deal is close.\n\nLeave a Reply"
    )
    result = audit_text(engine, text)
    assert "vague-attribution" not in rules_of(result)
    assert "comment-form" in rules_of(result)
    assert len(result.suppressed) == 1


def test_disable_everything_until_the_end(engine) -> None:
    text = BODY + "<!-- audit-disable -->\n\nAnalysts say it is close.\n\nLeave a Reply"
    result = audit_text(engine, text)
    assert result.findings == []
    assert {f.rule for f in result.suppressed} == {"vague-attribution", "comment-form"}
