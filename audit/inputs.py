"""Inputs: turn arguments (files, folders, URLs, `-` for stdin) into Documents.

Readers raise nothing but `InputError`, whose message names the item, so one bad item in a batch
is reported in one line while the others are still audited.

- .txt / .md / .markdown: UTF-8 (BOM skipped, CRLF kept), else the charset detected from the
  bytes (named in the document's meta as `encoding`); Markdown front matter is metadata and
  Markdown links count as attributed sources;
- .html / .htm and http(s) URLs: the article text through trafilatura, with page signals;
- .jsonl: one JSON object per line with `text` (and optional `id`, `url`, `title`), streamed;
- .warc / .warc.gz: each HTML page of the archive's response records, streamed (`audit.warc`).
"""

from __future__ import annotations

import codecs
import fnmatch
import json
import os
import stat
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from audit.document import Document

TEXT_SUFFIXES = {".txt", ".text", ""}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
WARC_SUFFIXES = (".warc", ".warc.gz")  # archives of pages (`audit.warc`, the 'scale' extra)
FOLDER_SUFFIXES = (TEXT_SUFFIXES - {""}) | MARKDOWN_SUFFIXES | HTML_SUFFIXES
MAX_BYTES = 20 * 1024 * 1024


class InputError(Exception):
    """An item that cannot be audited; `source` names it."""

    def __init__(self, source: str, message: str):
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message


@dataclass(frozen=True)
class Item:
    """One thing to audit, not yet read."""

    source: str
    path: Path | None = None  # None: standard input, a URL, or inline text
    url: str | None = None
    text: str | None = None  # inline content (a feed item's own text)
    kind: str = "text"  # text | markdown | html
    meta: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    # content read already, as bytes (a WARC record's page): read as a file of `kind` is
    data: bytes | None = field(default=None, hash=False, compare=False, repr=False)


@dataclass
class Reader:
    """Reads items; holds the HTTP client and limits a run shares."""

    limits: object = None  # web.Limits, made when first needed: httpx loads slowly
    limit_options: dict[str, float] = field(default_factory=dict)  # for web.Limits
    # honour `audit-disable` comments in fetched pages, feed items and JSON Lines records too
    # (they are the author's tool: by default only local files may switch findings off)
    trust_inline: bool = False
    # pages fetched ahead, by URL (the history's conditional GET): read without fetching again
    fetched: dict[str, object] = field(default_factory=dict)
    _client: object | None = None

    def policy(self):
        """The fetch limits (a local run never imports the web stack)."""
        if self.limits is None:
            from audit import web

            self.limits = web.Limits(**self.limit_options)
        return self.limits

    def http(self):
        if self._client is None:
            from audit import web

            self._client = web.client(self.policy())
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()  # type: ignore[attr-defined]

    def read(self, item: Item) -> Document:
        doc = self._read(item)
        # content a stranger controls: a fetched page, a feed item, a record of an archive
        if item.text is not None or item.url is not None or item.data is not None:
            doc.honours_suppressions = self.trust_inline
        return doc

    def _read(self, item: Item) -> Document:
        if item.data is not None:
            return _from_bytes(item.source, item.data, item.kind, item.url, item.meta)
        if item.text is not None:
            return _from_bytes(
                item.source, item.text.encode("utf-8"), item.kind, item.url, item.meta
            )
        if item.url is not None:
            from audit import web

            page = self.fetched.pop(item.url, None)
            try:
                page = page or web.fetch(item.url, self.http(), self.policy())
            except web.FetchError as exc:
                raise InputError(item.source, str(exc)) from None
            kind = (
                "html" if page.content_type in web.HTML_TYPES or not page.content_type else "text"
            )
            return _from_text(item.source, page.text, kind, page.final_url, item.meta)
        return read(item)


def expand(
    args: list[str],
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    *,
    follow_symlinks: bool = False,
    notice: Callable[[str], None] | None = None,
) -> Iterator[Item | InputError]:
    """Files as given, folders recursively (sorted, filtered by globs), URLs, `-` as stdin.

    A link inside a folder that leads out of it (`ln -s /etc/passwd dir/p.txt`) is skipped,
    with a `notice`, unless `follow_symlinks`: auditing a folder reads that folder only."""
    for arg in args:
        if arg == "-":
            yield Item("<stdin>")
            continue
        if is_url(arg):
            yield Item(arg, url=arg, kind="html")
            continue
        path = Path(arg)
        if path.is_dir():
            unreadable: list[InputError] = []
            found = [
                p
                for p in _walk(path, unreadable)
                if p.suffix.lower() in FOLDER_SUFFIXES
                and not _hidden(p.relative_to(path))
                and p.is_file()
                and _wanted(p.relative_to(path), include, exclude)
            ]
            yield from unreadable
            if not follow_symlinks:
                found = _inside(path, found, notice)
            if not found:
                yield InputError(arg, "folder holds no .txt, .md or .html files to audit")
            yield from (Item(str(p), p) for p in found)
        elif path.suffix.lower() in JSONL_SUFFIXES and path.is_file():
            yield from _jsonl_items(path)
        elif path.name.lower().endswith(WARC_SUFFIXES) and path.is_file():
            from audit import warc

            yield from warc.items(path, notice)
        elif path.exists():
            yield Item(arg, path)
        else:
            yield InputError(arg, "no such file or folder")


def _walk(folder: Path, unreadable: list[InputError]) -> list[Path]:
    """Every path below `folder`, sorted; a subfolder that cannot be read is an error, not a
    silent gap in the audit (pathlib's rglob skips it without a word)."""

    def failed(exc: OSError) -> None:
        where = exc.filename or str(folder)
        unreadable.append(InputError(str(where), f"cannot read folder: {exc.strerror or exc}"))

    paths = []
    for root, dirs, files in os.walk(folder, onerror=failed):
        base = Path(root)
        paths += [base / name for name in dirs + files]
    return sorted(paths)


def _inside(folder: Path, paths: list[Path], notice: Callable[[str], None] | None) -> list[Path]:
    """The paths that resolve inside `folder`; a notice for each that leads out of it."""
    root = folder.resolve()
    kept = []
    for p in paths:
        if p.resolve().is_relative_to(root):
            kept.append(p)
        elif notice is not None:
            notice(f"{p}: a link out of {folder}, skipped (--follow-symlinks to read it)")
    return kept


def is_url(value: str) -> bool:
    """An http(s) URL, well formed or not (a malformed one is reported when fetched)."""
    return value.lower().startswith(("http://", "https://"))


def host_of(item: Item) -> str | None:
    """The host an item will be fetched from (None for files, inline text, bad URLs)."""
    if item.url is None or item.text is not None:
        return None
    try:
        return urlsplit(item.url).hostname
    except ValueError:
        return None


def _hidden(rel: Path) -> bool:
    """Dot files and anything under a dot folder (.git, .cache) inside a searched folder."""
    return any(part.startswith(".") for part in rel.parts)


def _wanted(rel: Path, include: list[str] | None, exclude: list[str] | None) -> bool:
    """Globs match the path below the folder or any tail of it (so the file name), and for
    --exclude also a folder's name."""
    tails = ["/".join(rel.parts[k:]) for k in range(len(rel.parts))]  # a/b/c.md, b/c.md, c.md

    def hit(glob: str) -> bool:
        glob = glob.removeprefix("./").removeprefix("**/")
        return any(fnmatch.fnmatch(tail, glob) for tail in tails)

    if include and not any(hit(g) for g in include):
        return False
    folders = rel.parts[:-1]
    return not (
        exclude
        and any(hit(g) or any(fnmatch.fnmatch(f, g.rstrip("/")) for f in folders) for g in exclude)
    )


def _jsonl_items(path: Path) -> Iterator[Item | InputError]:
    """One item per line of a JSON Lines file, read lazily. A bad line (too long, not UTF-8,
    not JSON, nested past reason, no text) is one error naming `file:line`; the rest go on."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        if handle.peek(2)[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            yield InputError(str(path), "UTF-16: JSON Lines must be UTF-8")
            return
        records = 0
        for n, raw in enumerate(_capped_lines(handle), 1):
            entry = _jsonl_line(raw, f"{path}:{n}")
            if entry is not None:
                records += 1
                yield entry
        if not records:  # an empty export is a failed export, not a clean run
            yield InputError(str(path), "holds no JSON Lines records")


def _jsonl_line(raw: bytes | None, where: str) -> Item | InputError | None:
    if raw is None:
        return InputError(where, f"line is longer than {MAX_BYTES // 1024 // 1024} MB")
    return _jsonl_item(raw, where) if raw.strip() else None


def jsonl_spans(path: Path, size: int) -> list[tuple[int, int, int]] | InputError:
    """A JSON Lines file cut into spans of `size` records, for workers that read it
    themselves (`jsonl_slice`): (byte offset, first line number, lines) of each. The file's
    own error when it has no records or is not UTF-8 (an empty file has no span)."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        return InputError(str(path), f"cannot read: {exc.strerror or exc}")
    spans: list[tuple[int, int, int]] = []
    with handle:
        if handle.peek(2)[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return InputError(str(path), "UTF-16: JSON Lines must be UTF-8")
        start, first, records, lines, n = 0, 1, 0, 0, 0
        for n, raw in enumerate(_capped_lines(handle), 1):
            lines += 1
            if raw is None or raw.strip():
                records += 1
            if records == size:
                spans.append((start, first, lines))
                start, first, records, lines = handle.tell(), n + 1, 0, 0
        if records:
            spans.append((start, first, lines))
    if not spans:
        return InputError(str(path), "holds no JSON Lines records")
    return spans


def jsonl_slice(path: Path, start: int, first: int, lines: int) -> Iterator[Item | InputError]:
    """The records of `lines` lines of a JSON Lines file from byte `start`, the first being
    line `first` (a span of `jsonl_spans`): the items `expand` gives for those lines."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputError(f"{path}:{first}", f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        handle.seek(start)
        numbered = zip(range(first, first + lines), _capped_lines(handle), strict=False)
        for n, raw in numbered:
            entry = _jsonl_line(raw, f"{path}:{n}")
            if entry is not None:
                yield entry


def _capped_lines(handle) -> Iterator[bytes | None]:
    """The file's lines; None for one longer than MAX_BYTES, which is skipped, never held."""
    while line := handle.readline(MAX_BYTES + 1):
        if len(line) > MAX_BYTES and not line.endswith(b"\n"):
            while (rest := handle.readline(1024 * 1024)) and not rest.endswith(b"\n"):
                pass  # the rest of the long line, read and dropped in bounded pieces
            yield None
        else:
            yield line


def _jsonl_item(raw: bytes, where: str) -> Item | InputError:
    try:
        line = raw.decode("utf-8-sig" if where.endswith(":1") else "utf-8")
    except UnicodeDecodeError as exc:
        return InputError(where, f"not valid UTF-8 (byte {exc.start})")
    try:
        obj = json.loads(line)
    except RecursionError:
        return InputError(where, "not JSON (nested too deeply)")
    except json.JSONDecodeError as exc:
        return InputError(where, f"not JSON ({exc.msg})")
    except ValueError:  # Python refuses integers of more than 4,300 digits
        return InputError(where, "not JSON (a number of more than 4,300 digits)")
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        return InputError(where, "each line needs an object with a 'text' string")
    try:
        obj["text"].encode("utf-8")
    except UnicodeEncodeError:
        return InputError(where, "'text' holds a lone surrogate (\\ud800-\\udfff)")
    ident = obj.get("id")
    if isinstance(ident, int | float) and not isinstance(ident, bool):
        ident = str(ident)
    source = ident if isinstance(ident, str) and ident else obj.get("url") or where
    if not isinstance(source, str) or not source.isprintable():
        source = where  # ids are names in reports: a string, printable, else the line
    meta = {k: obj[k] for k in ("url", "title") if isinstance(obj.get(k), str) and obj[k]}
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    return Item(source, text=obj["text"], kind="text", url=url, meta=meta)


def read(item: Item) -> Document:
    """Read and segment one local item (file or stdin)."""
    if item.path is None:
        if sys.stdin is None or sys.stdin.closed:
            raise InputError(item.source, "standard input is closed")
        try:
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        except (OSError, ValueError) as exc:
            raise InputError(item.source, f"cannot read standard input: {exc}") from None
        return _from_bytes(item.source, data, _sniff_kind(data), None, item.meta)
    try:
        info = item.path.stat()
        if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
            # /dev/zero never ends and a FIFO may never open: standard input is the way in
            raise InputError(item.source, "not a regular file (use - for standard input)")
        if info.st_size > MAX_BYTES:
            raise InputError(item.source, f"file is larger than {MAX_BYTES // 1024 // 1024} MB")
        data = item.path.read_bytes()
    except PermissionError:
        raise InputError(item.source, "permission denied") from None
    except IsADirectoryError:
        raise InputError(item.source, "is a folder") from None
    except OSError as exc:
        raise InputError(item.source, f"cannot read: {exc.strerror or exc}") from None
    suffix = item.path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        kind = "markdown"
    elif suffix in HTML_SUFFIXES:
        kind = "html"
    elif suffix in TEXT_SUFFIXES:
        kind = "text"
    else:
        raise InputError(item.source, f"unsupported file type '{suffix}' (use .txt, .md or .html)")
    return _from_bytes(item.source, data, kind, None, item.meta)


def _sniff_kind(data: bytes) -> str:
    """Standard input has no file name: an HTML page or Markdown front matter says what it is."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if head.startswith((b"---\n", b"---\r\n", b"+++\n", b"+++\r\n")):
        return "markdown"
    return "text"


def _from_bytes(
    source: str, data: bytes, kind: str, url: str | None, meta: dict[str, str]
) -> Document:
    if len(data) > MAX_BYTES:
        raise InputError(source, f"input is larger than {MAX_BYTES // 1024 // 1024} MB")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _from_text(source, data.decode("utf-16"), kind, url, meta)
        except UnicodeDecodeError as exc:
            raise InputError(source, f"not valid UTF-16 (byte {exc.start})") from None
    if b"\x00" in data[:8192]:
        raise InputError(source, "looks binary, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text, encoding = _decode_detected(source, data, exc.start)
        meta = {**meta, "encoding": encoding}  # offsets refer to this decoding: reports say so
    return _from_text(source, text, kind, url, meta)


def _decode_detected(source: str, data: bytes, bad: int) -> tuple[str, str]:
    """Text that is not UTF-8 (Windows-1252 files are common), decoded with the charset that
    fits (`audit.charset`); an error when none does."""
    from audit import charset

    try:
        text, encoding = charset.decode_legacy(data)
    except (LookupError, UnicodeDecodeError):
        raise InputError(source, f"not valid UTF-8 (byte {bad}), nor any other charset") from None
    if encoding.replace("_", "-").lower() in ("utf-8", "ascii"):  # the detector gave up
        raise InputError(source, f"not valid UTF-8 (byte {bad}), nor any other charset")
    return text, encoding


def _markdown(source: str, text: str, meta: dict[str, str]) -> Document:
    """Markup blanked in place (offsets are the file's), links as sources, front matter as
    metadata."""
    from audit import markdown

    parsed = markdown.parse(text)
    doc = Document.build(
        parsed.text,
        source,
        markdown=True,
        meta={**markdown.front_matter(text), **meta},
        links=parsed.links,
    )
    if doc.title is None and doc.meta.get("title"):
        doc.title = doc.meta["title"]
    return doc


def read_page(source: str, html: str) -> Document:
    """An HTML page given as text (rule examples, the library API)."""
    return _from_text(source, html, "html", None, {})


def _from_text(
    source: str, text: str, kind: str, url: str | None, meta: dict[str, str]
) -> Document:
    if not text.strip():
        raise InputError(source, "empty document")
    if kind == "markdown":
        return _markdown(source, text, meta)
    if kind != "html":
        return Document.build(text, source, meta=meta)
    from audit import htmltext, structure

    try:
        page = htmltext.extract(text, url)
    except htmltext.HtmlError as exc:
        raise InputError(source, str(exc)) from None
    doc = Document.build(
        page.text, source, title=page.title, meta={**page.meta, **meta}, links=page.links
    )
    doc.page = page.signals.as_dict()
    markup = htmltext.bound_markup(text) if page.tree is None else ""  # parsed already
    doc.markup = structure.markup_contexts(markup, doc, page.tree)
    doc.page["linked_sentences"] = len(
        {doc.sentence_index_at(s) for s, _, _ in page.links} - {None}
    )
    return doc
