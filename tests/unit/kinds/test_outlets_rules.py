"""The `outlets` kind's three reports on short articles written for them (issue 23)."""

from __future__ import annotations

import pytest

from audit.document import Document
from audit.engine import Engine
from audit.rules import default_pack_path, load_rules

NEW = ("state-media-only", "press-release-as-news", "one-outlet-rewrite")


@pytest.fixture(scope="module")
def outlet_rules():
    return [r for r in load_rules([default_pack_path()]) if r.id in NEW]


def _found(rules, text: str, source: str = "<test>") -> list[tuple[str, str, str]]:
    result = Engine(rules).audit_one(Document.build(text, source))
    return [(f.rule, result.document.text[f.start : f.end], f.message) for f in result.findings]


STATE = """Beijing Says Export Curbs Are Lawful

China has accused the United States of spreading panic over its export controls, according to
reports from Chinese state media.

Officials in Washington declined to comment on Friday.
"""


def test_a_claim_sourced_only_to_state_media_is_flagged(outlet_rules) -> None:
    [(rule, span, message)] = _found(outlet_rules, STATE)
    assert rule == "state-media-only"
    assert span == "according to\nreports from Chinese state media"
    assert message == "Claim sourced only to Chinese state media (state-affiliated, CN)"


def test_a_registered_state_outlet_is_named_with_its_kind(outlet_rules) -> None:
    text = "The dam was finished two years early, according to a report from Xinhua."
    [(_, _, message)] = _found(outlet_rules, text)
    assert message == "Claim sourced only to Xinhua News Agency (state-affiliated, CN)"


@pytest.mark.parametrize(
    "text",
    [
        # a second, independent outlet
        "The dam was finished two years early, according to Xinhua and the Reuters news agency.",
        # a newspaper that is not state media
        "The dam was finished two years early, according to a report from the Financial Times.",
        # the outlet's own view, reported as such
        "In its editorial, the Global Times, a state-run tabloid, said the tariffs were a bluff.",
        # a direct quote of the outlet
        "'The tariffs are a bluff,' the Global Times wrote in an editorial on Monday morning.",
    ],
)
def test_other_sources_or_the_outlets_own_voice_are_not_flagged(outlet_rules, text) -> None:
    assert not [f for f in _found(outlet_rules, text) if f[0] == "state-media-only"]


RELEASE = """Acme Unveils Five-Minute Battery

SAN JOSE, Calif., March 3, 2025 /PRNewswire/ -- Acme Corp today announced a battery that
charges in five minutes, a breakthrough that will transform the electric vehicle industry.

The battery will be available to carmakers next year, and Acme expects demand to outstrip supply.
"""


def test_a_release_wires_copy_presented_as_news_is_flagged(outlet_rules) -> None:
    [(rule, span, message)] = _found(outlet_rules, RELEASE)
    assert (rule, span) == ("press-release-as-news", "/PRNewswire/")
    assert "PR Newswire (press-release-wire)" in message


def test_a_release_said_to_be_one_or_on_the_wires_own_page_is_not(outlet_rules) -> None:
    said = RELEASE.replace("today announced", "said in a press release that it has made")
    assert not _found(outlet_rules, said)
    on_the_wire = "https://www.prnewswire.com/news-releases/acme-battery-302000000.html"
    assert not _found(outlet_rules, RELEASE, on_the_wire)


NORTHWIND = (
    "Northwind Mining today announced it has found the richest lithium deposit in North "
    "America, a discovery that will power a million cars."
)


def _release_findings(outlet_rules, text: str, links, source: str = "https://blog.example/x"):
    doc = Document.build(text, source, links=links)
    return [f for f in Engine(outlet_rules).audit_one(doc).findings]


def test_links_only_to_a_release_wire_are_a_release(outlet_rules) -> None:
    url = "https://www.businesswire.com/news/home/2025/en/"
    [finding] = _release_findings(outlet_rules, NORTHWIND, [(0, 16, url)])
    assert finding.rule == "press-release-as-news" and "Business Wire" in finding.message
    reuters = [(0, 16, url), (40, 60, "https://www.reuters.com/markets/x")]
    assert not _release_findings(outlet_rules, NORTHWIND, reuters)
    plain = NORTHWIND.replace("today announced", "said")  # no sign of a release's own words
    assert not _release_findings(outlet_rules, plain, [(0, 16, url)])


def test_links_only_to_the_companys_own_site_are_a_release(outlet_rules) -> None:
    company = [
        (0, 16, "https://www.northwind.example/news"),
        (30, 40, "https://northwind.example/"),
    ]
    [finding] = _release_findings(outlet_rules, NORTHWIND, company)
    assert finding.message == (
        "A company release presented as reporting: its only source is northwind.example "
        "(its own site)"
    )
    own = [*company, (50, 60, "https://blog.example/earlier")]  # the page's own links
    assert len(_release_findings(outlet_rules, NORTHWIND, own)) == 1
    two = [*company, (50, 60, "https://www.usgs.gov/minerals")]  # another site as well
    assert not _release_findings(outlet_rules, NORTHWIND, two)


REWRITE = """Factory To Close, Report Says

The Halden plant will close in May, according to a report from Bloomberg.

Bloomberg also reported that 400 jobs would go at the site.

The report said the land would be sold to a developer next year.

The owner did not reply to a request for comment.
"""


def test_an_article_that_retells_one_outlets_report_is_flagged(outlet_rules) -> None:
    [(rule, span, message)] = _found(outlet_rules, REWRITE)
    assert (rule, span) == ("one-outlet-rewrite", "according to a report from Bloomberg")
    assert message == (
        "Rewrites one outlet's report: Bloomberg (wire) is the source of 3 of its 4 sourced "
        "sentences"
    )


def test_one_outlet_among_other_sources_is_not_a_rewrite(outlet_rules) -> None:
    text = REWRITE.replace(
        "The owner did not reply to a request for comment.",
        "The union's leader, Ana Ruiz, said the workers would strike. The mayor said the city "
        "would look for a buyer. Carl Hewitt, an analyst at Jefferies, said demand had slumped.",
    )
    assert not _found(outlet_rules, text)
    own_site = "https://www.bloomberg.com/news/articles/2025-halden"
    assert not _found(outlet_rules, REWRITE, own_site)  # an outlet citing its own reporting


def test_each_rule_can_be_switched_off(outlet_rules) -> None:
    others = [r for r in outlet_rules if r.id != "state-media-only"]
    assert not _found(others, STATE)


def test_links_to_the_pages_own_site_are_not_citations(outlet_rules) -> None:
    text = "The pipeline was sabotaged, officials said. Moscow gave no details of the probe."
    own = "https://sputniknews.com/20250101/earlier-story.html"
    doc = Document.build(text, "https://sputniknews.com/20250102/story.html", links=[(44, 50, own)])
    assert not Engine(outlet_rules).audit_one(doc).findings
    elsewhere = Document.build(text, "https://example.org/story", links=[(44, 50, own)])
    [finding] = Engine(outlet_rules).audit_one(elsewhere).findings
    assert finding.rule == "state-media-only" and "Sputnik" in finding.message
