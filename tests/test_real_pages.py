"""Real news pages: page furniture is flagged, the article body is not.

`tests/real_pages` holds 16 pages of the Scrapinghub article-extraction benchmark (MIT licence,
`tests/real_pages/LICENSE`) with the article body a person marked (`ground-truth.json`). As in
`../shared/tools/score_pages.py`: each extracted line is body when its text occurs in the
marked body, else furniture that extraction kept; a line counts when it has five words or more
(the title, tables and short labels aside). Furniture should carry a padding or boilerplate
finding, body lines should not.
"""

from __future__ import annotations

import collections
import gzip
import json
import re
import unicodedata
from pathlib import Path

import pytest

from audit import inputs
from audit.document import Document
from audit.engine import Engine, Result
from audit.structure import features

PAGES = Path(__file__).resolve().parent / "real_pages"
FURNITURE = {"off-topic-padding", "recycled-boilerplate"}
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(a, b)
    return " ".join(text.split()).lower()


def _clean(line: str) -> str:
    return re.sub(r"^\s*(?:[-*+]|#+|\d+[.)])\s+", "", _MD_LINK.sub(r"\1", line))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", _norm(text))


@pytest.fixture(scope="module")
def pages(engine: Engine, tmp_path_factory) -> list[tuple[Result, str]]:
    truth = json.loads((PAGES / "ground-truth.json").read_text(encoding="utf-8"))
    folder = tmp_path_factory.mktemp("pages")
    docs = []
    for gz in sorted(PAGES.glob("*.html.gz")):
        path = folder / gz.name.removesuffix(".gz")
        path.write_bytes(gzip.decompress(gz.read_bytes()))
        docs.append(inputs.read(inputs.Item(str(path), path)))
    results = engine.audit(docs)
    return [(r, truth[Path(r.document.source).stem]["articleBody"]) for r in results]


def _lines(result: Result, body: str) -> list[tuple[str, bool, bool]]:
    """(line, is_body, flagged) for every counted line of one page."""
    text, marked = result.document.text, _norm(body)
    spans = [(f.start, f.end) for f in result.findings if f.category in FURNITURE]
    out, pos = [], 0
    for i, line in enumerate(text.split("\n")):
        start, end = pos, pos + len(line)
        pos = end + 1
        plain = _norm(_clean(line))
        if i == 0 or len(plain.split()) < 5 or line.lstrip().startswith("|"):
            continue
        flagged = any(s < end and start < e for s, e in spans)
        out.append((line, plain in marked, flagged))
    return out


def test_sample_is_complete() -> None:
    truth = json.loads((PAGES / "ground-truth.json").read_text(encoding="utf-8"))
    assert len(list(PAGES.glob("*.html.gz"))) == len(truth) == 16
    assert (PAGES / "LICENSE").read_text().startswith("MIT License")


def test_furniture_is_flagged_and_body_is_not(pages) -> None:
    lines = [line for result, body in pages for line in _lines(result, body)]
    furniture = [flagged for _, is_body, flagged in lines if not is_body]
    body = [flagged for _, is_body, flagged in lines if is_body]
    assert len(furniture) >= 70 and len(body) >= 400
    # measured when the sample was taken: 0.87 of 77 furniture lines, 0.002 of 430 body lines
    assert sum(furniture) / len(furniture) >= 0.80
    assert sum(body) / len(body) <= 0.01


def test_extraction_keeps_the_body(pages) -> None:
    """Word bags, as the benchmark scores extractors: the body is kept, little else."""
    tp = got = want = 0
    for result, body in pages:
        ew = collections.Counter(_words(result.document.text))
        gw = collections.Counter(_words(body))
        tp += sum((ew & gw).values())
        got += sum(ew.values())
        want += sum(gw.values())
    precision, recall = tp / got, tp / want
    # measured when the sample was taken: F1 0.94 (0.97 on all 91 pages)
    assert 2 * precision * recall / (precision + recall) >= 0.92


def _flagged(pages, key: str, rule: str, needle: str) -> bool:
    for result, _ in pages:
        if Path(result.document.source).stem.startswith(key):
            text = result.document.text
            return any(f.rule == rule and needle in text[f.start : f.end] for f in result.findings)
    raise AssertionError(f"no page {key}")


def test_each_signal_names_itself(pages) -> None:
    messages = {f.message for result, _ in pages for f in result.findings}
    assert any(re.fullmatch(r"Link list: \d+ of \d+ lines are links", m) for m in messages)
    assert any(m.startswith("Page furniture: kept from a 'h4 newsletter") for m in messages)
    assert _flagged(pages, "08f79376", "link-list", "Chiefs vs. Chargers")
    assert _flagged(pages, "c582d3b7", "page-widget-text", "Click To Tweet")
    assert _flagged(pages, "7dfc3e35", "headline-link", "SEAN SPICER ELIMINATED")
    assert _flagged(pages, "156770d6", "link-card", "Kristi Lynn Noem")


def test_roundups_interviews_and_tour_dates_are_body(pages) -> None:
    """A page's own lists (a tour's dates), an interview's answers and a roundup's other games
    sit in the page's article body: not furniture, not tangents."""
    assert not _flagged(pages, "9cb8224b", "headline-list", "Coral Sky Amphitheatre")
    assert not _flagged(pages, "4648a420", "tangent", "A: ")
    assert not _flagged(pages, "ecb46e3e", "tangent", "Panthers 5, Flyers 2")


def test_markup_context_is_found_for_extracted_paragraphs(pages) -> None:
    found = total = 0
    for result, _ in pages:
        doc: Document = result.document
        assert len(doc.markup) in (0, len(doc.paragraphs))
        found += sum(m is not None for m in doc.markup)
        total += len(doc.paragraphs)
    assert found / total >= 0.8


def test_text_features_without_a_page() -> None:
    text = (
        "Le conseil adopte le budget\n\n"
        "Le conseil a adopté le budget lundi après deux heures de débat.\n\n"
        "- [Les Bleus battent l'Irlande](/sport/bleus)\n\n"
        "SHARES FELL ON TUESDAY"
    )
    doc = Document.build(text, "<fr>")
    feats = features(doc)
    assert [f.list_item for f in feats] == [False, False, True, False]
    assert feats[2].link_density == 1.0 and feats[1].link_density == 0.0
    assert feats[3].capitals == 1.0 and feats[1].terminal and not feats[3].terminal
