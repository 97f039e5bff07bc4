"""Files, folders and stdin: Markdown markup blanked in place (offsets stay the file's), links as
sources, front matter as metadata, folder globs, hidden folders skipped."""

from __future__ import annotations

import io
import json
from pathlib import Path

from audit import markdown
from audit.cli import main
from audit.inputs import Item, expand

MD = """+++
title = "Ferry Deal"
author = "Maria Lind"
date = 2026-03-02
+++
# Ferry Deal Signed

The council signed the ferry deal on Monday, its chair said in a [press release][pr].

> The deal is good for everyone, said council chair Ana Ruiz.

Talks between the port and the union stalled on Tuesday, according to **Reuters**.

The strike will cost the port $3 million a day, __the port authority__ said.

Ridership rose 12% last year, according to <https://transport.example/stats>.

Use `experts say` as a search term.

![Ferry at dock](https://img.example/ferry.jpg)

Fares will rise next year, the [operator said](https://ferries.example/fares "Fares").

[pr]: https://council.example/press
"""


def audit_json(capsys, *args: str) -> dict:
    assert main(["run", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_markup_is_blanked_in_place() -> None:
    parsed = markdown.parse(MD)
    assert len(parsed.text) == len(MD)
    assert [i for i, c in enumerate(MD) if c == "\n"] == [
        i for i, c in enumerate(parsed.text) if c == "\n"
    ]  # lines and columns are the file's
    assert "according to   Reuters  ." in parsed.text
    assert "`" not in parsed.text and "img.example" not in parsed.text
    assert parsed.text.startswith('+++\ntitle = "Ferry Deal"')  # front matter untouched
    assert [url for _, _, url in parsed.links] == [
        "https://council.example/press",
        "https://transport.example/stats",
        "https://ferries.example/fares",
    ]  # inline, reference and autolinks; not the image


def test_markdown_syntax_makes_no_false_findings_and_links_are_sources(
    tmp_path: Path, capsys
) -> None:
    page = tmp_path / "ferry.md"
    page.write_text(MD, encoding="utf-8")
    [doc] = audit_json(capsys, str(page))["documents"]
    assert doc["title"] == "Ferry Deal Signed"
    assert doc["meta"] == {"title": "Ferry Deal", "author": "Maria Lind", "date": "2026-03-02"}
    assert doc["findings"] == []  # not the inline code, not the emphasised or linked claims
    names = {s["name"] for s in doc["sources"]}
    assert {"Reuters", "port authority", "council.example", "ferries.example"} <= names
    assert "transport.example" in names
    assert "img.example" not in names  # an image is not a source
    assert "text" not in doc  # offsets are the file's own: no extracted text to carry


def test_findings_in_markdown_point_into_the_file(tmp_path: Path, capsys) -> None:
    source = (
        "# Port Talks\n\nTalks stalled on **Tuesday**. _Analysts suggest_ the port could close.\n"
    )
    page = tmp_path / "port.md"
    page.write_text(source, encoding="utf-8")
    [doc] = audit_json(capsys, str(page))["documents"]
    [finding] = [f for f in doc["findings"] if f["rule"] == "vague-attribution"]
    assert source[finding["start"] : finding["end"]] == "Analysts suggest"
    line_start = source.index("Talks stalled")
    assert (finding["line"], finding["column"]) == (3, source.index("Analysts") - line_start + 1)


def test_front_matter_only_title_and_bad_front_matter(tmp_path: Path, capsys) -> None:
    titled = tmp_path / "a.md"
    titled.write_text("---\ntitle: Ferry Talks\n---\nThe talks resumed on Monday.\n")
    broken = tmp_path / "b.md"
    broken.write_text("---\ntitle: [unclosed\n---\nThe talks resumed on Monday.\n")
    docs = audit_json(capsys, str(titled), str(broken))["documents"]
    assert docs[0]["title"] == "Ferry Talks" and docs[0]["meta"] == {"title": "Ferry Talks"}
    assert docs[1]["meta"] == {} and docs[1]["title"] is None  # bad metadata: ignored


def test_folders_recurse_with_globs_and_skip_hidden_folders(tmp_path: Path) -> None:
    for rel in ("a.txt", "b.md", "c.markdown", "d.html", "e.htm", "f.pdf", "sub/g.md",
                "drafts/h.md", "sub/drafts/i.md", ".git/j.md", "sub/.k.md"):  # fmt: skip
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")

    def names(include=None, exclude=None) -> list[str]:
        items = expand([str(tmp_path)], include, exclude)
        return [Path(i.source).relative_to(tmp_path).as_posix() for i in items]

    assert names() == ["a.txt", "b.md", "c.markdown", "d.html", "drafts/h.md", "e.htm",
                       "sub/drafts/i.md", "sub/g.md"]  # fmt: skip
    assert names(["*.md"], ["drafts"]) == ["b.md", "sub/g.md"]
    assert names(["sub/*"]) == ["sub/drafts/i.md", "sub/g.md"]
    assert names(None, ["**/drafts/*", "*.htm*"]) == ["a.txt", "b.md", "c.markdown", "sub/g.md"]
    [error] = list(expand([str(tmp_path)], ["*.rst"]))
    assert error.message == "folder holds no .txt, .md or .html files to audit"


def test_stdin_markdown_with_front_matter(monkeypatch, capsys) -> None:
    data = "---\ntitle: Ferry Talks\n---\n# Ferry Talks\n\nThe talks resumed, [the union said](https://union.example/x).\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    [doc] = audit_json(capsys, "-")["documents"]
    assert doc["source"] == "<stdin>" and doc["meta"] == {"title": "Ferry Talks"}
    assert "union.example" in [s["name"] for s in doc["sources"]]


def test_jsonl_and_plain_items_are_untouched_by_markdown() -> None:
    item = Item("x", text="Use *stars* and `ticks` as written.", kind="text")
    from audit.inputs import Reader

    assert Reader().read(item).text == "Use *stars* and `ticks` as written."
