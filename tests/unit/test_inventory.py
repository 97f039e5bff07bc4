"""The source inventory: who an article cites, how, and the share of sourced claims."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from audit import sourcelist
from tests.conftest import audit_text

ROOT = Path(__file__).resolve().parents[2]

TEXT = (
    "Port Strike Enters Third Day\n\n"
    "Dockworkers at the Port of Halvern stayed off the job for a third day on Wednesday, "
    "according to a statement from the Halvern Port Authority.\n\n"
    "Union president Maria Ekdahl told reporters the talks could collapse. “We will not move,” "
    "Ekdahl said. Analysts suggest the strike could cost the region millions of dollars.\n\n"
    "According to data from the Bureau of Transport Statistics, cargo volumes fell sharply."
)


def test_sources_are_listed_with_kind_and_manner(engine) -> None:
    inv = audit_text(engine, TEXT).inventory
    by_name = {s.name: s for s in inv.sources}
    assert by_name["Union president Maria Ekdahl"].kind == "person"
    assert by_name["Union president Maria Ekdahl"].count == 2  # "Ekdahl said" is the same person
    assert "direct-quote" in by_name["Union president Maria Ekdahl"].how
    assert by_name["Analysts"].kind == "unnamed"
    assert by_name["statement from the Halvern Port Authority"].how == ("paraphrase",)
    assert any(s.name.startswith("data from the Bureau") for s in inv.sources)


def test_claim_share_counts_named_sources_only(engine) -> None:
    inv = audit_text(engine, TEXT).inventory
    assert inv.claims >= 2
    assert inv.claims_named == inv.claims - 1  # the analysts' claim is not attributed to a name


# Issue 19: the constructions an editor saw listed twice or with the wrong kind (the seed's
# and the samples' wording).
SEED_LIKE = (
    "China Signals Openness to Talks\n\n"
    "Ministry of Commerce spokesperson He Yongqian stated during a press conference that “the "
    "measures are lawful,” according to the state newspaper Global Times.\n\n"
    "According to a report from Global Times, tariffs could rise.\n\n"
    "Chinese spokesperson He added that talks remain possible.\n\n"
    "The White House said in a statement that the economy remained “fundamentally strong.”\n\n"
    "Union leader Ana Ruiz said the strike would go on.\n\n"
    "Yields on two-year Treasury notes fell to 3.71% in morning trading, according to Tradeweb "
    "data.\n\n"
    "Marcus Oyelaran, a senior economist at the Brookfield Policy Institute, a Washington think "
    "tank, said the losses were concentrated in transport.\n\n"
    "The unemployment rate rose to 4.4%, according to data from the Bureau of Labor Statistics "
    "released at 8:30 a.m. on Friday."
)


def listed(engine) -> dict[str, object]:
    return {s.name: s for s in audit_text(engine, SEED_LIKE).inventory.sources}


def test_an_outlet_with_and_without_its_descriptor_is_one_source(engine) -> None:
    by_name = listed(engine)
    times = by_name["state newspaper Global Times"]
    assert times.kind == "outlet" and times.count == 2
    assert times.names == ("report from Global Times",)
    assert len(times.mentions) == 2 and times.mentions == tuple(sorted(times.mentions))
    assert not any(n.startswith("report from Global") for n in by_name)


def test_a_name_after_the_full_name_is_the_same_person(engine) -> None:
    by_name = listed(engine)
    he = by_name["Ministry of Commerce spokesperson He Yongqian"]
    assert he.kind == "person" and he.count == 2
    assert "Chinese spokesperson He" in he.names
    text = SEED_LIKE
    assert [text[a:b] for a, b in he.mentions][1].startswith("Chinese spokesperson He")


def test_kinds_of_a_house_a_union_leader_and_an_appositive(engine) -> None:
    by_name = listed(engine)
    assert by_name["White House"].kind == "organisation"
    assert by_name["Union leader Ana Ruiz"].kind == "person"
    person = by_name["Marcus Oyelaran, senior economist at the Brookfield Policy Institute"]
    assert person.kind == "person"


def test_a_measured_quantity_and_a_trailing_clause_are_not_the_source(engine) -> None:
    by_name = listed(engine)
    assert not any(n.startswith("Yields") for n in by_name)
    assert "Tradeweb data" in by_name
    assert "data from the Bureau of Labor Statistics" in by_name  # not "... released at 8"


def test_the_score_counts_the_entries_it_was_fitted_on(engine) -> None:
    """The listing merges; the score's evidence still counts the inventory's own entries."""
    inv = audit_text(engine, SEED_LIKE).inventory
    names = [s.name for s in inv.scored]
    assert "report from Global Times" in names and "Yields on two-year Treasury" in names
    assert len(inv.scored) > len(inv.sources)


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("Treasury Secretary Scott Bessent", "Scott Bessent"),
        ("report from Global Times", "Global Times"),
        ("data from the Bureau of Labor Statistics", "Bureau of Labor Statistics"),
        ("Chinese spokesperson He", "He"),
        ("TSMC’s CEO", ""),
        ("Dr. Renata Voss", "Renata Voss"),
    ],
)
def test_head_name(name: str, head: str) -> None:
    assert sourcelist.head_name(name) == head


EXPECTED = Path(__file__).resolve().parents[1] / "data" / "expected-inventories.yaml"


@pytest.mark.parametrize("case", yaml.safe_load(EXPECTED.read_text(encoding="utf-8")))
def test_expected_inventories_of_labelled_articles(engine, case) -> None:
    """The labelled sources of a few articles: each listed once, with its kind."""
    text = (ROOT / case["article"]).read_text(encoding="utf-8")
    sources = audit_text(engine, text, case["article"]).inventory.sources
    for want in case["sources"]:
        hits = [s for s in sources if s.name == want["name"]]
        assert len(hits) == 1, (want, [s.name for s in sources])
        assert hits[0].kind == want["kind"], want
        assert hits[0].count == want.get("count", hits[0].count), want
    for gone in case.get("not_listed", []):
        assert not any(gone in s.name for s in sources), gone
    heads = [sourcelist.head_name(s.name).lower() for s in sources]
    named = [h for h in heads if h]
    assert len(named) == len(set(named)), named  # no source twice


def _merged_pairwise(entries: list[sourcelist.Listed]) -> list[sourcelist.Listed]:
    """The listing's merge as defined: each entry compared with every earlier one."""
    out: list[sourcelist.Listed] = []
    for entry in sorted(entries, key=lambda e: e.first):
        target = next((o for o in out if sourcelist.same_source(o, entry)), None)
        if target is None:
            out.append(entry)
        else:
            target.absorb(entry)
    return out


def test_the_indexed_merge_equals_comparing_every_pair() -> None:
    """`merge` looks up candidates in an index (a long article lists dozens of sources); on
    random listings of people, bodies, outlets and unnamed sources whose names share words,
    it merges exactly as comparing every pair does."""
    import copy
    import random

    rng = random.Random(5)
    words = ["Greer", "Jamieson", "He", "Yongqian", "Reuters", "Ministry", "Xi", "Ana", "Lee"]
    kinds = ["person", "organisation", "outlet", "document", "unnamed"]
    for _ in range(400):
        entries = []
        for _i in range(rng.randint(1, 30)):
            name = " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
            head = name if rng.random() < 0.8 else rng.choice([*words, ""])
            entries.append(
                sourcelist.Listed(name, rng.choice(kinds), head, ["said"], 1, rng.randint(0, 99))
            )
        fast = sourcelist.merge(copy.deepcopy(entries))
        slow = _merged_pairwise(copy.deepcopy(entries))
        assert [vars(e) for e in fast] == [vars(e) for e in slow]
