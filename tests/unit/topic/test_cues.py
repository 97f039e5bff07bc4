"""A topic rule's cues: counted outside quotations, compared by the options that shape them."""

from __future__ import annotations

import pytest

from audit.document import Document
from audit.rules import Rule
from audit.topic.cues import Cues, after_timestamp, alternation, count, cue_end


@pytest.fixture(scope="module")
def pack_cues(default_rules: list[Rule]) -> dict[str, Cues]:
    topic = [r for r in default_rules if r.kind.name == "topic"]
    return {r.id: Cues.from_options(r.kind.options) for r in topic}


def test_cues_are_counted_outside_quotations_only() -> None:
    regex = alternation([r"\bbuy\b", r"\bnow\b"])
    doc = Document.build('Buy it now, the ad said. "Buy now," she laughed.', "q")
    assert count(regex, doc, 0, len(doc.text)) == 2
    assert count(None, doc, 0, len(doc.text)) == 0


def test_cue_end_is_where_the_first_cue_outside_quotations_ends() -> None:
    regex = alternation([r"^meanwhile,"])
    doc = Document.build("Meanwhile, the ferry ran late.", "m")
    assert doc.text[: cue_end(regex, doc, 0, len(doc.text))] == "Meanwhile,"
    assert cue_end(regex, Document.build("The ferry ran late.", "f"), 0, 19) is None
    assert cue_end(None, doc, 0, len(doc.text)) is None


def test_a_live_blog_time_is_skipped_before_a_cue() -> None:
    for line in ("17:30 BST – Sponsored", "3:10 p.m.: Sponsored", "Update 14:05 | Sponsored"):
        assert line[after_timestamp(line, 0, len(line)) :] == "Sponsored"
    assert after_timestamp("Sponsored", 0, 9) == 0


def test_rules_with_the_same_shaping_options_share_cues(pack_cues: dict[str, Cues]) -> None:
    promo, tangent = pack_cues["promotional-insert"], pack_cues["tangent"]
    assert promo.strong is not None and promo.label_line is not None
    assert tangent.transition is not None and tangent.strong is None
    assert promo != tangent  # the shipped rules differ in their cue lists
    same = Cues.from_options({**dict(promo.key), "mode": "tangent", "markup_body": ["article"]})
    assert same == promo and hash(same) == hash(promo)  # mode and markup_body do not count
    other = Cues.from_options({**dict(promo.key), "min_cues": promo.min_cues + 1})
    assert other != promo


def test_aside_literals_are_what_every_aside_cue_must_contain(pack_cues: dict[str, Cues]) -> None:
    literals = pack_cues["tangent"].aside_literals
    assert literals is not None and {" of us ", "according to legend"} <= literals
    loose = {**dict(pack_cues["tangent"].key), "aside_cues": [r"\w+ly"]}  # no literal in it
    assert Cues.from_options(loose).aside_literals is None
