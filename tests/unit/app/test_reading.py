"""Reading a run's inputs: names for reports, what can be read twice, the spill file."""

from __future__ import annotations

from audit.app.options import RunOptions
from audit.app.reading import Spill, read_documents, report_stem, rereadable
from audit.document import Document
from audit.inputs import expand
from tests.conftest import SAMPLES


def test_report_stem_names_the_one_document_else_the_one_path(engine) -> None:
    [result] = engine.audit([Document.build("Text.", "news/Story One.md")])
    assert report_stem(["news/"], [result]) == "Story-One"
    assert report_stem(["news/"], []) == "news"
    assert report_stem(["a.txt", "b.txt"], []) == "audit-report"


def test_only_local_inputs_are_read_twice() -> None:
    assert rereadable(["a.txt", "folder/"])
    assert not rereadable(["a.txt", "-"])
    assert not rereadable(["https://example.com/a"])


def test_spill_gives_back_the_documents_put_in_it() -> None:
    spill = Spill()
    docs = {3: Document.build("First text.", "a"), 7: Document.build("Second text.", "b")}
    for position, doc in docs.items():
        spill.put(position, doc)
    assert spill.get(7).text == "Second text."
    assert spill.get(3).source == "a"
    assert spill.get(5) is None
    spill.close()
    assert spill.get(3) is None


def test_read_documents_keeps_input_order_and_reports_errors() -> None:
    said: list[str] = []
    items = expand([str(SAMPLES / "wire-story.txt"), "gone.txt", str(SAMPLES)])
    documents, errors = read_documents(RunOptions(), items, said.append)
    names = [d.source.rsplit("/", 1)[-1] for d in documents]
    assert names == ["wire-story.txt", "aggregated-article.txt", "wire-story.txt"]
    assert errors == [("gone.txt", "no such file or folder")]
    assert said == ["error: gone.txt: no such file or folder"]
