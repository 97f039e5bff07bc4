"""The outlet registry: its data, matching names and domains, the user's files, and the
inventory's annotations (issue 23)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from audit import outlets
from audit.document import Document
from audit.outlets import OutletsError, default_registry, load, site_of
from audit.render import json as json_report
from tests.conftest import ROOT

SEED = ROOT / "tests" / "data" / "seed-rare-earths.txt"
REG = default_registry()


def _name(text: str) -> str | None:
    m = REG.by_name(text)
    return m.name if m else None


def test_the_registry_ships_300_outlets_each_with_kind_country_and_basis() -> None:
    assert len(REG) >= 300
    kinds = Counter(o.kind for o in REG.outlets)
    for kind in ("wire", "public-broadcaster", "newspaper", "broadcaster", "magazine",
                 "state-affiliated", "press-release-wire", "aggregator", "fact-checker",
                 "academic-journal", "official"):  # fmt: skip
        assert kinds[kind] >= 10, kind
    assert all(o.country and o.basis for o in REG.outlets)
    assert len({o.country for o in REG.outlets}) >= 60  # across regions
    names = [o.name.lower() for o in REG.outlets]
    assert len(names) == len(set(names))


def test_the_registry_ships_in_the_package() -> None:
    data = ROOT / "audit" / "data" / "outlets" / "outlets.yaml"
    assert data.is_file()  # hatch puts everything under audit/ in the wheel
    assert yaml.safe_load(data.read_text(encoding="utf-8"))["outlets"]


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("Global Times", "Global Times"),
        ("the state newspaper Global Times", "Global Times"),
        ("report from Global Times", "Global Times"),
        ("the Global Times’ editorial", "Global Times"),
        ("Reuters'", "Reuters"),
        ("the BBC's", "BBC"),
        ("the state-run CCTV", "China Central Television"),
        ("a CNBC interview", "CNBC"),
        ("The Washington Post", "The Washington Post"),
        ("Washington Post reporters", "The Washington Post"),
        ("the Hill", "The Hill"),
        ("the journal Nature", "Nature"),
        ("Xinhua and the Reuters news agency", "Reuters"),
    ],
)
def test_names_aliases_and_possessives_match(text: str, outlet: str) -> None:
    assert _name(text) == outlet


@pytest.mark.parametrize(
    "text",
    ["Reason Foundation", "Science Minister Li Wei", "Hill", "Mint Capital", "the company", ""],
)
def test_one_word_names_beside_other_names_are_not_outlets(text: str) -> None:
    assert _name(text) is None


def test_descriptions_name_a_kind_and_its_country() -> None:
    m = REG.by_name("reports from Chinese state media")
    assert (m.name, m.kind, m.country, m.outlet) == ("Chinese state media", "state-affiliated",
                                                     "CN", None)  # fmt: skip
    m = REG.by_name("the state news agency")
    assert (m.kind, m.country) == ("state-affiliated", "")
    assert REG.by_name("United States media") is None


@pytest.mark.parametrize(
    ("host", "outlet"),
    [
        ("reuters.com", "Reuters"),
        ("www.reuters.com", "Reuters"),
        ("uk.reuters.com", "Reuters"),
        ("https://www.globaltimes.cn/page/202510/1.shtml", "Global Times"),
        ("factcheck.afp.com", "AFP Fact Check"),  # the closest domain wins
        ("www.afp.com", "Agence France-Presse"),
        ("news.sky.com", "Sky News"),
        ("cdc.gov", "Centers for Disease Control and Prevention"),
        ("www.prnewswire.com", "PR Newswire"),
    ],
)
def test_domains_match_with_www_and_subdomains(host: str, outlet: str) -> None:
    found = REG.by_domain(host)
    assert found is not None and found.name == outlet


@pytest.mark.parametrize("host", ["notreuters.com", "reuters.com.example", "example.org"])
def test_other_domains_do_not_match(host: str) -> None:
    assert REG.by_domain(host) is None


def test_a_users_file_adds_and_overrides_outlets(tmp_path: Path) -> None:
    mine = tmp_path / "outlets.yaml"
    mine.write_text(
        "outlets:\n"
        "  - {name: Daily Clarion, aliases: [the Clarion], domains: [clarion.example],\n"
        "     country: GB, kind: newspaper, basis: local daily}\n"
        "  - {name: Global Times, domains: [globaltimes.cn], country: CN, kind: newspaper}\n",
        encoding="utf-8",
    )
    reg = load([mine])
    assert len(reg) == len(REG) + 1
    assert reg.by_name("a report in the Clarion").name == "Daily Clarion"
    assert reg.by_domain("www.clarion.example").kind == "newspaper"
    assert reg.by_name("Global Times").kind == "newspaper"  # replaced, not duplicated
    assert REG.by_name("Global Times").kind == "state-affiliated"  # the shipped one unchanged


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("outlets: [x", "invalid YAML"),
        ("outlets:\n  - {name: X, kind: tabloid}\n", "kind must be one of"),
        ("outlets:\n  - {kind: wire}\n", "needs a name"),
        ("outlets:\n  - {name: X, kind: wire, owner: Y}\n", "unknown field"),
    ],
)
def test_a_bad_users_file_is_an_error_naming_it(tmp_path: Path, text: str, message: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(OutletsError, match=message):
        load([bad])


def test_the_site_of_a_page_is_its_entry_or_unknown() -> None:
    doc = Document.build("Text.", "https://www.globaltimes.cn/page/1.shtml")
    site = site_of(doc, REG)
    assert (site.host, site.kind) == ("globaltimes.cn", "state-affiliated")
    assert "Global Times" in site.describe()
    unknown = site_of(Document.build("Text.", "https://industry-news.example/x"), REG)
    assert unknown.kind == "unknown" and unknown.describe() == "industry-news.example (unknown)"
    assert site_of(Document.build("Text.", "article.txt"), REG) is None


def test_the_seeds_inventory_shows_global_times_as_state_affiliated(engine) -> None:
    result = engine.audit_one(Document.build(SEED.read_text(encoding="utf-8"), str(SEED)))
    cited = {s.outlet: (s.kind, s.outlet_kind, s.country) for s in result.inventory.sources}
    assert cited["Global Times"] == ("outlet", "state-affiliated", "CN")
    assert cited["Chinese state media"] == ("outlet", "state-affiliated", "CN")
    lead = result.document.text.index("according to reports from Chinese state media")
    state = [f for f in result.findings if f.rule == "state-media-only"]
    assert any(f.start == lead for f in state)
    assert all("state-affiliated" in f.message for f in state)
    assert state[0].message == "Claim sourced only to Chinese state media (state-affiliated, CN)"


def test_the_json_sources_carry_outlet_kind_and_country_and_the_site(engine) -> None:
    doc = Document.build(
        "Exports fell in May, according to the state newspaper Global Times.",
        "https://www.reuters.com/markets/x",
    )
    data = json.loads(json_report.render([engine.audit_one(doc)]))["documents"][0]
    assert data["site"] == {"host": "reuters.com", "name": "Reuters", "kind": "wire",
                            "country": "GB"}  # fmt: skip
    [src] = [s for s in data["sources"] if s["outlet"]]
    assert (src["outlet"], src["outlet_kind"], src["country"]) == (
        "Global Times", "state-affiliated", "CN")  # fmt: skip


def test_the_outlet_label_the_reports_show() -> None:
    doc = Document.build("Exports fell, according to the state newspaper Global Times.", "x")
    from audit.engine import Engine

    result = Engine([]).audit_one(doc)
    [src] = [s for s in result.inventory.sources if s.outlet]
    assert outlets.outlet_label(src) == "Global Times: state-affiliated, CN"


def test_the_html_and_terminal_reports_show_the_site_and_outlet_kinds(engine) -> None:
    from rich.console import Console

    from audit.render import html, text

    doc = Document.build(
        "Exports fell in May, according to the state newspaper Global Times.",
        "https://www.reuters.com/markets/x",
    )
    result = engine.audit_one(doc)
    page = html.render([result])
    assert "Site: reuters.com: Reuters (wire, GB)" in page
    assert "<td>Global Times: state-affiliated, CN</td>" in page
    console = Console(width=200, color_system=None, record=True)
    console.print(text.document_report(result, True, engine.categories))
    shown = console.export_text()
    assert "site reuters.com: Reuters (wire, GB)" in shown
    assert "Global Times: state-affiliated, CN" in shown


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("the National Statistics Office", None),  # not The National (UAE)
        ("the National Review", "National Review"),
        ("the Australian War Memorial website", None),
        ("the Hill", "The Hill"),
        ("Standard Model", None),
    ],
)
def test_ambiguous_short_names_need_their_context(text: str, outlet: str | None) -> None:
    assert _name(text) == outlet


def test_a_short_name_after_a_full_one_is_the_same_outlet() -> None:
    from audit.inventory import Inventory, Source

    text = "The New York Times reported it. Later the Times said so."
    doc = Document.build(text, "x")
    inv = Inventory(
        [Source("New York Times", "outlet", ("paraphrase",), 1, 0),
         Source("Times", "outlet", ("paraphrase",), 1, 38)],
        0, 0,
    )  # fmt: skip
    annotated = outlets.annotate(inv, doc, REG)
    assert [s.outlet for s in annotated.sources] == ["The New York Times"] * 2
    alone = Inventory([Source("Times", "outlet", ("paraphrase",), 1, 38)], 0, 0)
    assert outlets.annotate(alone, doc, REG).sources[0].outlet == "The Times"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("www.businessinsider.de", "businessinsider.com", True),
        ("https://www.bbc.co.uk/news/x", "bbc.com", True),
        ("news.sky.com", "sky.com", True),
        ("reuters.com", "apnews.com", False),
        ("example.co.uk", "other.co.uk", False),
    ],
)
def test_hosts_of_one_site(a: str, b: str, same: bool) -> None:
    assert outlets.same_site(a, b) is same
