"""The protocols kinds declare beside `check`: cross-document indexing and claim finding."""

from __future__ import annotations

from audit.attribution import default_lexicon
from audit.document import Document
from audit.kinds import KINDS
from audit.kinds.base import ClaimFinder, CrossDocument, RunContext, decode_options


def _kind(name: str, **options):
    cls = KINDS[name]
    return cls(decode_options(cls, options))


def test_only_the_cross_document_mode_indexes() -> None:
    cross = _kind("boilerplate", mode="cross-document")
    title = _kind("boilerplate", mode="repeated-title")
    assert isinstance(cross, CrossDocument) and cross.indexes
    assert isinstance(title, CrossDocument) and not title.indexes
    assert not isinstance(_kind("phrase", phrases=["reportedly"]), CrossDocument)


def test_only_the_unattributed_mode_finds_claims() -> None:
    claims = _kind("attribution", report="unattributed", claim_cues=["will"])
    vague = _kind("attribution", report="vague")
    assert isinstance(claims, ClaimFinder) and claims.finds_claims
    assert isinstance(vague, ClaimFinder) and not vague.finds_claims
    assert not isinstance(_kind("topic", mode="promo"), ClaimFinder)
    doc = Document.build("Prices will rise next year across the region. Tea is hot.", "c")
    assert claims.claims(doc) == {0: "will"}


def test_a_run_analyses_with_the_default_lexicon_unless_told() -> None:
    assert RunContext().lexicon == default_lexicon()
    words = _kind("attribution", report="unattributed", vague_sources=["stewards"])
    assert RunContext(lexicon=words.lexicon).lexicon.vague_sources >= {"steward"}
