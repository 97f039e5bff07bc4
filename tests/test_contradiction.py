"""The `contradiction` kind (rule `self-contradiction`, category internal-contradiction): each
pattern it finds, each thing it must not call a contradiction, and the seed article."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from audit.document import Document
from audit.engine import Engine
from audit.kinds.base import RunContext
from audit.rules import Rule, default_pack_path, load_rules

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "seed-rare-earths.txt"
CATEGORY = "internal-contradiction"
CORPUS_SAMPLE = sorted((ROOT / "tests" / "labelled" / "corpus").glob("*.txt"))[:6]


@pytest.fixture(scope="module")
def rule() -> Rule:
    return next(r for r in load_rules([default_pack_path()]) if r.id == "self-contradiction")


def found(rule: Rule, *sentences: str) -> list[tuple[str, str, str]]:
    """(message, span, linked span) of each finding on the sentences, a paragraph each."""
    doc = Document.build("\n\n".join(sentences), "<test>")
    out = []
    for f in rule.findings(doc, RunContext()):
        (s, e), *_ = f.related
        out.append((f.message, doc.text[f.start : f.end], doc.text[s:e]))
    return out


# (first statement, a sentence between, the second, the first's span, the second's span)
CONTRADICTIONS = [
    # places of one event
    (
        "Trump and Xi are scheduled to meet in Beijing later this month.",
        "Trump and Xi are scheduled to meet in Seoul later this month.",
        "in Beijing",
        "in Seoul",
    ),
    (
        "Biden will meet Putin in Geneva on June 16.",
        "Biden will meet Putin in Vienna on June 16.",
        "in Geneva",
        "in Vienna",
    ),
    (
        "The summit between Macron and Scholz will take place in Paris next week.",
        "Macron and Scholz will hold the summit in Berlin next week.",
        "in Paris",
        "in Berlin",
    ),
    (
        "The match between Arsenal and Chelsea will be played at Wembley on Saturday.",
        "The match between Arsenal and Chelsea will be played at Villa Park on Saturday.",
        "at Wembley",
        "at Villa Park",
    ),
    (
        "Talks between Ukraine and Russia will be held in Istanbul on Friday.",
        "Ukraine and Russia will hold talks in Ankara on Friday.",
        "in Istanbul",
        "in Ankara",
    ),
    (
        "Modi and Biden will meet at the White House on Thursday.",
        "Modi and Biden will meet at Camp David on Thursday.",
        "at the White House",
        "at Camp David",
    ),
    (
        "A hearing between Google and Epic will be held in San Francisco on May 3.",
        "The hearing between Google and Epic will be held in Oakland on May 3.",
        "in San Francisco",
        "in Oakland",
    ),
    # dates of one event
    (
        "Trump and Xi will meet in Busan on October 30.",
        "Trump and Xi will meet in Busan on November 1.",
        "October 30",
        "November 1",
    ),
    (
        "The match between Arsenal and Chelsea will be played at Wembley on Saturday.",
        "The match between Arsenal and Chelsea will be played at Wembley on Sunday.",
        "Saturday",
        "Sunday",
    ),
    (
        "The debate between Harris and Trump is scheduled for September 10.",
        "Harris and Trump will face each other in the debate on September 12.",
        "September 10",
        "September 12",
    ),
    (
        "Zelensky and Starmer will hold talks in London on March 2.",
        "Zelensky and Starmer will hold talks in London on March 3.",
        "March 2",
        "March 3",
    ),
    # quantities of one thing
    (
        "The United States imposes a 100% tariff on Chinese goods.",
        "The United States charges a tariff of 150% on Chinese goods.",
        "100%",
        "150%",
    ),
    (
        "The chain operates 40 drive-through locations.",
        "The chain operates 14 drive-through locations.",
        "40",
        "14",
    ),
    (
        "The death toll stood at 12.",
        "The death toll stood at 15.",
        "12",
        "15",
    ),
    (
        "The premium plan costs $12 a month.",
        "The premium plan costs $15 a month.",
        "$12",
        "$15",
    ),
    (
        "Acme employs 3,000 people at the plant.",
        "Acme employs 2,500 people at the plant.",
        "3,000",
        "2,500",
    ),
    (
        "The new bridge is 1,200 metres long.",
        "The new bridge is 1,500 metres long.",
        "1,200",
        "1,500",
    ),
    (
        "Police arrested 23 protesters in Portland on Saturday.",
        "Police arrested 32 protesters in Portland on Saturday.",
        "23",
        "32",
    ),
    (
        "The airline cancelled 300 flights at Heathrow.",
        "The airline cancelled 130 flights at Heathrow.",
        "300",
        "130",
    ),
    # a person's role
    (
        "Treasury Secretary Scott Bessent emphasized the need for vigilance.",
        "Commerce Secretary Scott Bessent met the delegation.",
        "Treasury Secretary",
        "Commerce Secretary",
    ),
    (
        "Foreign Minister Wang Yi arrived in Paris.",
        "Defence Minister Wang Yi signed the agreement.",
        "Foreign Minister",
        "Defence Minister",
    ),
    (
        "Home Secretary Yvette Cooper announced the plan.",
        "Foreign Secretary Yvette Cooper defended the plan.",
        "Home Secretary",
        "Foreign Secretary",
    ),
    # a person's age
    (
        "Dana Whitcombe, 54, leads the company.",
        "Dana Whitcombe, 57, joined the company as an engineer.",
        "54",
        "57",
    ),
    (
        "The 34-year-old Maria Lopez won the race.",
        "Maria Lopez, 36, trained in Madrid.",
        "34",
        "36",
    ),
]

BETWEEN = "The dispute has dragged on for months."


@pytest.mark.parametrize(("first", "second", "a", "b"), CONTRADICTIONS)
def test_contradiction_found_with_both_spans(rule: Rule, first, second, a, b) -> None:
    hits = found(rule, first, BETWEEN, second)
    assert [(span, linked) for _, span, linked in hits] == [(b, a)]
    message = hits[0][0]
    assert f"'{a}' (line 1)" in message and f"'{b}' (line 5)" in message


# each a whole text that makes no contradiction
NOT_CONTRADICTIONS = [
    # two events of one kind
    "Trump met Xi in Osaka in June. Trump will meet Xi in Beijing in November.",
    "Trump and Xi met in Osaka last year. Trump and Xi will hold another meeting in Beijing "
    "next month.",
    "The first hearing between Google and Epic was held in Oakland on May 3. A second hearing "
    "between Google and Epic was held in Oakland on June 5.",
    "The match between Arsenal and Chelsea is at Wembley on Saturday. The match between "
    "Liverpool and Everton is at Anfield on Saturday.",
    "Trump will meet Xi in Beijing later this month. Trump will meet Modi in Delhi later this "
    "month.",
    "Trump and Xi met in Osaka. Trump and Xi met in Busan.",
    "Arsenal beat Chelsea 2-1 in the match at the Emirates on Saturday. Arsenal and Chelsea "
    "meet again in the FA Cup match at Wembley on Saturday, April 20.",
    "Macron met Scholz in Paris on Monday. On Tuesday, Macron met Scholz in Berlin.",
    # a change over time, marked
    "Trump and Xi were scheduled to meet in Beijing later this month. The meeting of Trump and "
    "Xi has been moved to Seoul later this month.",
    "The chain had 14 drive-through locations in 2019. It now has 40 drive-through locations.",
    "The death toll rose to 15 on Tuesday. The death toll stood at 12 on Monday.",
    "Acme's quarterly revenue was $5 billion in 2023. Acme's quarterly revenue was $6 billion "
    "in 2024.",
    "The chain operates 40 drive-through locations, up from 14 drive-through locations.",
    "The agency revised the death toll to 15. The death toll stood at 12.",
    # a forecast against an outcome
    "Economists expected 150,000 new jobs in March. The economy added 228,000 new jobs in March.",
    # a range and its endpoints
    "Tickets cost $20 to $50 per seat. Tickets cost $50 per seat in the front rows.",
    "The plant will employ between 200 and 300 workers. The plant employs 300 workers now.",
    # a disputed claim, and each side's reported words
    "The company says it has 40 drive-through locations. A rival disputed that, saying the "
    "chain has 14 drive-through locations.",
    "Police said they arrested 12 protesters in Portland. Organisers said police arrested 20 "
    "protesters in Portland.",
    "“We run 40 drive-through locations,” the chief executive said. The chain operates 14 "
    "drive-through locations.",
    # different owners, scopes and measures
    "Acme operates 40 drive-through locations. Rival Brewco operates 14 drive-through locations.",
    "The chain has 40 drive-through locations in Texas. The chain has 14 drive-through "
    "locations in Ohio.",
    "The US imposes a 25% tariff on Chinese steel. The US imposes a 10% tariff on Chinese "
    "aluminium.",
    "40% of voters backed the plan. 14% of voters opposed the plan.",
    "About 40 drive-through locations are open. The chain operates 14 drive-through locations.",
    "Garcia finished second in the 50 yard freestyle. McPherson won the 100 yard freestyle.",
    "The pile weighed about 2,300 tons (2,095 metric tons). A pool holds 2,750 tons, or 2,500 "
    "metric tons, of water.",
    # a place inside another, as the text says; the same place twice
    "Trump and Xi will meet in Busan, South Korea, later this month. Trump and Xi are scheduled "
    "to meet in South Korea later this month.",
    "Trump and Xi will meet in Beijing later this month. Trump and Xi will meet in Beijing later "
    "this month.",
    # roles that change or differ in kind; ages at other dates
    "Former Treasury Secretary Janet Yellen spoke first. Commerce Secretary Janet Yellen spoke "
    "next.",
    "Senator Jane Doe spoke. Governor Jane Doe signed the bill.",
    "Maria Lopez, 34, won the race in 2019. Maria Lopez, 39, won again in 2024.",
    "John Smith, 45, runs the farm. His son Tom Smith, 12, helps at weekends.",
]


@pytest.mark.parametrize("text", NOT_CONTRADICTIONS)
def test_not_a_contradiction(rule: Rule, text: str) -> None:
    assert found(rule, text) == []


def test_enough_cases_each_way() -> None:
    assert len(CONTRADICTIONS) >= 20 and len(NOT_CONTRADICTIONS) >= 20


def test_seed_has_exactly_one_contradiction_linking_both_places() -> None:
    rules = load_rules([default_pack_path()])
    doc = Document.build(SEED.read_text(encoding="utf-8"), str(SEED))
    result = Engine(rules).audit([doc])[0]
    hits = [f for f in result.findings if f.category == CATEGORY]
    assert len(hits) == 1
    f = hits[0]
    assert doc.text[f.start : f.end] == "in South Korea"
    assert [doc.text[s:e] for s, e in f.related] == ["in Beijing"]
    assert f.message == (
        "Possible contradiction: meeting of Trump and Xi: 'in Beijing' (line 19) vs "
        "'in South Korea' (line 35)"
    )
    assert f.severity.value == "warning"


def _run(*args: str) -> str:
    cmd = [sys.executable, "-m", "audit", "run", str(SEED), "--exit-zero", *args]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=True).stdout


def test_seed_contradiction_in_every_report_format() -> None:
    """Both spans (lines 19 and 35) in each format."""
    data = json.loads(_run("-f", "json"))
    (f,) = [f for f in data["documents"][0]["findings"] if f["category"] == CATEGORY]
    assert (f["line"], f["excerpt"]) == (35, "in South Korea")
    assert [(r["line"], r["excerpt"]) for r in f["related"]] == [(19, "in Beijing")]
    sarif = json.loads(_run("-f", "sarif"))
    (res,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "self-contradiction"]
    assert res["locations"][0]["physicalLocation"]["region"]["startLine"] == 35
    related = res["relatedLocations"][0]["physicalLocation"]["region"]
    assert (related["startLine"], related["snippet"]["text"]) == (19, "in Beijing")
    quality = json.loads(_run("-f", "codequality"))
    (issue,) = [i for i in quality if i["check_name"] == "self-contradiction"]
    assert issue["location"]["lines"]["begin"] == 35
    assert issue["other_locations"][0]["lines"]["begin"] == 19
    for fmt in ("text", "concise", "markdown", "github", "junit", "checkstyle"):
        out = _run("-f", fmt)
        line = next(x for x in out.splitlines() if "Possible contradiction" in x)
        assert "'in Beijing' (line 19)" in line and "'in South Korea' (line 35)" in line, fmt
        if fmt == "text":
            assert "linked: 19:" in out and "in Beijing later this month" in out
        else:
            assert "also line 19, column" in line, fmt


def test_seed_contradiction_highlighted_and_linked_in_html(tmp_path: Path) -> None:
    page = tmp_path / "seed.html"
    _run("-f", "html", "-o", str(page))
    html = page.read_text(encoding="utf-8")
    assert html.count('class="badge c-internal-contradiction" id="doc1-hl') == 2  # both spans
    assert 'linked: <a href="#doc1-hl' in html and "“in Beijing”" in html
    assert ">in South Korea</mark>" in html and ">in Beijing</mark>" in html


def test_no_contradiction_scores_exactly_as_before() -> None:
    """The category's declared weight costs only its findings: an article without one scores
    as it did with no contradiction rule at all."""
    rules = load_rules([default_pack_path()])
    without = [r for r in rules if r.category != CATEGORY]
    docs = [Document.build(p.read_text(encoding="utf-8"), str(p)) for p in CORPUS_SAMPLE]
    results = Engine(rules).audit(docs)
    for a, b in zip(results, Engine(without).audit(docs), strict=True):
        assert not [f for f in a.findings if f.category == CATEGORY]
        assert a.score.score == b.score.score
    assert len(docs) == 6
    # an article that contradicts itself loses points for it (the seed is near the floor, so
    # the mid-scored of these articles with a contradiction appended shows it)
    every = sorted((ROOT / "tests" / "labelled" / "corpus").glob("*.txt"))
    scored = Engine(without).audit([Document.build(p.read_text("utf-8"), str(p)) for p in every])
    mid = min(scored, key=lambda r: abs(r.score.score - 50))
    assert 10 < mid.score.score < 90
    best = mid.document
    pair = "\n\n".join(CONTRADICTIONS[1][:2])
    text = best.text + "\n\n" + pair + "\n"
    both = [Document.build(text, "<with a contradiction>")]
    found, plain = Engine(rules).audit(both)[0], Engine(without).audit(both)[0]
    assert [f.category for f in found.findings].count(CATEGORY) == 1
    assert found.score.score < plain.score.score


def test_a_statement_in_stock_text_is_not_the_articles() -> None:
    """A contradiction one side of which lies in a stock-text span (an ad, a disclaimer) is
    dropped with the stock text: either side may be the one inside."""
    from audit.engine import _not_in_stock_text
    from audit.model import Finding, Severity
    from audit.rules import default_categories

    stock = Finding("ad", "recycled-boilerplate", Severity.WARNING, 100, 200, "stock")
    inside = Finding("c", CATEGORY, Severity.WARNING, 300, 310, "x", related=((120, 130),))
    outside = Finding("c", CATEGORY, Severity.WARNING, 300, 310, "x", related=((20, 30),))
    kept = _not_in_stock_text([stock, inside, outside], frozenset({"ad"}), default_categories())
    assert kept == [stock, outside]
