"""What untrusted content and special output paths may not do: switch findings off from inside
a fetched or streamed article, or have `-o` replace a device, a FIFO or a link."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

from audit.cli import main
from audit.inputs import Item, Reader

ARTICLE = (
    "Port strike ends\n\nAnalysts suggest the deal will certainly collapse.\n\n"
    "<!-- audit-disable -->\n\nSources indicate the deal could collapse within weeks.\n"
)


def _counts(capsys, *args: str) -> tuple[int, int, int]:
    code = main(["run", *args, "--format", "json"])
    doc = json.loads(capsys.readouterr().out)["documents"][0]
    return code, len(doc["findings"]), len(doc["suppressed"])


def test_a_json_lines_record_cannot_switch_its_audit_off(tmp_path: Path, capsys) -> None:
    record = tmp_path / "feed.jsonl"
    record.write_text(json.dumps({"id": "item-1", "text": ARTICLE}) + "\n", encoding="utf-8")
    local = tmp_path / "mine.md"
    local.write_text(ARTICLE, encoding="utf-8")

    code, findings, suppressed = _counts(capsys, str(record), "--fail-on", "vague-sourcing")
    assert code == 1 and suppressed == 0 and findings >= 2  # the gate still fails
    _, trusted, suppressed = _counts(capsys, str(record), "--trust-inline-suppressions")
    assert suppressed >= 1 and trusted < findings
    _, mine, suppressed = _counts(capsys, str(local))  # the author's own file: honoured
    assert suppressed >= 1 and mine < findings


def test_feed_items_and_pages_are_read_as_untrusted() -> None:
    item = Item("https://example.org/a", text=ARTICLE, url="https://example.org/a")
    assert not Reader().read(item).honours_suppressions
    assert Reader(trust_inline=True).read(item).honours_suppressions


def test_output_to_a_link_writes_through_it(tmp_path: Path, capsys) -> None:
    target, link = tmp_path / "target.json", tmp_path / "link.json"
    link.symlink_to(target.name)
    assert main(["run", str(_article(tmp_path)), "-f", "json", "-o", str(link)]) in (0, 1)
    assert link.is_symlink() and json.loads(target.read_text())["documents"]


def test_output_to_a_fifo_or_device_is_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    main(["run", str(_article(tmp_path)), "-f", "json", "-o", str(fifo)])
    reader.join(timeout=30)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert json.loads(got[0])["documents"]
    main(["run", str(_article(tmp_path)), "-f", "json", "-o", os.devnull])
    assert stat.S_ISCHR(os.lstat(os.devnull).st_mode)  # as root, a rename would replace it


def test_reports_are_as_readable_as_other_files(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    old = os.umask(0o022)
    try:
        main(["run", str(_article(tmp_path)), "-f", "json", "-o", str(out)])
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def _article(folder: Path) -> Path:
    path = folder / "article.txt"
    if not path.exists():
        path.write_text(ARTICLE.replace("<!-- audit-disable -->", "More talks."))
    return path
