"""What workers read on a cluster (`audit.dask.Slice`): spans of a JSON Lines file and the
pages of a WARC by offset give, together and in order, the very items a local run reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audit.app.cluster import slices
from audit.app.options import RunOptions
from audit.inputs import InputError, expand, jsonl_slice, jsonl_spans
from tests.conftest import CORPUS
from tests.warcs import page, write_warc


def described(entries) -> list[tuple[str, str]]:
    out = []
    for e in entries:
        if isinstance(e, InputError):
            out.append((e.source, e.message))
        else:
            out.append((e.source, e.text if e.text is not None else (e.data or b"").decode()))
    return out


@pytest.mark.parametrize("size", [1, 2, 5, 100])
def test_jsonl_spans_read_the_same_items(tmp_path: Path, size: int) -> None:
    lines = [json.dumps({"id": f"r{i}", "text": f"Text {i}."}) for i in range(9)]
    lines[3], lines[6] = "", "not json"
    path = tmp_path / "b.jsonl"
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    spans = jsonl_spans(path, size)
    assert not isinstance(spans, InputError)
    pieces = [item for span in spans for item in jsonl_slice(path, *span)]
    assert described(pieces) == described(expand([str(path)]))


def test_an_empty_jsonl_file_is_its_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    error = jsonl_spans(path, 10)
    assert isinstance(error, InputError) and error.message == "holds no JSON Lines records"


def test_warc_and_folder_slices_read_the_same_items(tmp_path: Path) -> None:
    pytest.importorskip("warcio")
    texts = sorted(CORPUS.glob("*.txt"))[:5]
    pages = [(f"https://site.example/{p.stem}", page(p.stem, p.read_text("utf-8"))) for p in texts]
    archive = write_warc(tmp_path / "a.warc.gz", pages)
    args = [str(archive), str(CORPUS)]
    said: list[str] = []
    parts = slices(args, RunOptions(), None, None, said.append, size=2)
    pieces = [item for part in parts for item in part.expand()]
    assert described(pieces) == described(expand(args))
    assert said == [f"{archive}: 8 records skipped (not HTML pages)"]  # 5 requests, 3 others
