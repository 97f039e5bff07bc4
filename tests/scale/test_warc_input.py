"""WARC input: each HTML response page is read as the HTML input reads it; other records are
skipped and counted; a damaged archive is one error and the pages before it are kept."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from audit.cli import main
from audit.inputs import Item, Reader, _from_text, expand
from tests.conftest import CORPUS
from tests.warcs import page, write_warc

pytest.importorskip("warcio")

FOOTER = "Example Gazette is an independent newspaper serving the coast since 1901."


def corpus_pages(n: int = 4, host: str = "news.example.com") -> list[tuple[str, bytes]]:
    pages = []
    for path in sorted(CORPUS.glob("*.txt"))[:n]:
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        pages.append((f"https://{host}/{path.stem}", page(title.strip(), body, FOOTER)))
    return pages


def test_pages_are_read_as_the_html_input_reads_them(tmp_path: Path) -> None:
    pages = corpus_pages(2)
    archive = write_warc(tmp_path / "crawl.warc.gz", pages)
    notices: list[str] = []
    items = list(expand([str(archive)], notice=notices.append))
    assert [i.source for i in items] == [uri for uri, _ in pages]
    assert notices == [f"{archive}: 5 records skipped (not HTML pages)"]
    reader = Reader()
    for item, (uri, body) in zip(items, pages, strict=True):
        assert isinstance(item, Item)
        doc = reader.read(item)
        same = _from_text(uri, body.decode(), "html", uri, {})
        assert doc.text == same.text and doc.page == same.page and doc.title == same.title
        assert not doc.honours_suppressions  # a stranger's page, as a fetched one


def test_uncompressed_archives_too(tmp_path: Path) -> None:
    archive = write_warc(tmp_path / "crawl.warc", corpus_pages(2), others=False)
    assert len(list(expand([str(archive)]))) == 2


def test_audit_run_reads_an_archive(tmp_path: Path, capsys) -> None:
    archive = write_warc(tmp_path / "crawl.warc.gz", corpus_pages(4))
    out = tmp_path / "r.json"
    code = main(["run", str(archive), "--no-config", "-j", "1", "-f", "json", "-o", str(out)])
    report = json.loads(out.read_text(encoding="utf-8"))
    assert code in (0, 1)
    assert len(report["documents"]) == 4
    assert all(d["source"].startswith("https://news.example.com/") for d in report["documents"])
    assert "7 records skipped (not HTML pages)" in capsys.readouterr().err  # 4 requests, 3 others
    recycled = [f for d in report["documents"] for f in d["findings"] if "recycled" in f["rule"]]
    assert recycled, "the site footer recurs across the archive's pages"


def test_a_damaged_archive_keeps_the_pages_before_the_damage(tmp_path: Path, capsys) -> None:
    archive = write_warc(tmp_path / "crawl.warc.gz", corpus_pages(3), others=False)
    data = archive.read_bytes()  # the last record cut short and followed by garbage
    archive.write_bytes(data[: len(data) - 200] + b"garbage" * 10)
    out = tmp_path / "r.json"
    code = main(["run", str(archive), "--no-config", "-j", "1", "-f", "json", "-o", str(out)])
    report = json.loads(out.read_text(encoding="utf-8"))
    assert code == 2
    assert len(report["documents"]) >= 2
    assert report["errors"] and report["errors"][0]["source"] == str(archive)
    assert "not a readable WARC" in capsys.readouterr().err


def test_without_warcio_an_archive_is_one_error_naming_the_extra(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    archive = write_warc(tmp_path / "crawl.warc.gz", corpus_pages(1))
    monkeypatch.setitem(sys.modules, "warcio.archiveiterator", None)
    code = main(["run", str(archive), "--no-config", "-j", "1", "-f", "json", "-o", "-"])
    err = capsys.readouterr().err
    assert code == 2
    assert "audit[scale]" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 2  # the error, and the closing line
