"""Suppression comments that do nothing are found, with their line and a suggestion."""

from __future__ import annotations

from audit.suppresscheck import check

KNOWN = ["vague-attribution", "seo-filler", "vague-sourcing"]


def test_misspelt_ids_and_unknown_directives_are_reported_with_their_line() -> None:
    text = (
        "Title\n\n<!-- audit-disable vague-atribution, seo-filler -->\nText.\n"
        "<!-- audit-disabel -->\naudit-enable\n<!-- audit-disable-next-line vague-sourcing -->\n"
    )
    found = [(w.line, w.message) for w in check(text, KNOWN)]
    assert found == [
        (3, "audit-disable: no rule or category named 'vague-atribution' "
            "(did you mean 'vague-attribution'?)"),
        (5, "unknown suppression directive 'audit-disabel' (did you mean 'disable'?)"),
    ]  # fmt: skip


def test_prose_that_starts_with_audit_is_not_a_directive() -> None:
    assert check("The audit-trail shows who changed the story.\n", KNOWN) == []
    assert check("No directives here.", KNOWN) == []
