"""Markdown, all of its syntax the auditor knows: markup blanked in place, links kept as
attributed-source spans, front matter as metadata; and the blocks that are not article text.

The document text of a Markdown file stays the file's own text, character for character in
length, so findings keep the file's offsets, lines and columns (editors, SARIF and GitHub
annotations point at the right place). Only markup is replaced by spaces: emphasis markers,
inline code, images, link brackets and targets, reference definitions and blockquote markers.
Front matter and fenced code are left in place: `Document.build(markdown=True)` skips them
(`body_start`, `fenced_code`) and reads `#` headings (`heading_start`). Inline HTML, including
`<!-- audit-disable -->` comments, is kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FRONT_MATTER = re.compile(
    r"\A(?:---|\+\+\+)[ \t]*\r?\n.*?\r?\n(?:---|\+\+\+)[ \t]*(?:\r?\n|\Z)", re.S
)
_FENCE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[ \t]*$", re.M | re.S)
_REF_DEF = re.compile(
    r"^[ ]{0,3}\[([^\]\n]{1,200})\]:[ \t]*<?(\S+?)>?(?:[ \t]+[^\n]*)?[ \t]*$", re.M
)
_HEADING = re.compile(r"#{1,6}[ \t]+")
_CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_IMAGE = re.compile(r"!\[[^\]\n]{0,500}\](?:\([^)\n]{0,2000}\)|\[[^\]\n]{0,200}\])")
_INLINE_LINK = re.compile(
    r"\[([^\]\n]{1,500})\]\(\s*<?(https?://[^)\s>]{1,2000})>?(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
)
_REF_LINK = re.compile(r"\[([^\]\n]{1,500})\](?:\[([^\]\n]{0,200})\])?(?![(:])")
# a link as pasted text shows it, in any input: any target, brackets one level deep in its text
LOOSE_LINK = re.compile(r"\[((?:[^\[\]\n]|\[[^\]\n]*\]){1,500})\]\(([^)\s]{1,2000})\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]{1,2000})>")
_QUOTE_MARK = re.compile(r"^[ ]{0,3}(?:>[ ]?)+", re.M)
_EMPHASIS = re.compile(
    r"(?<![\w*])(\*{1,3})(?=[^\s*])([^*\n]+?)(?<=[^\s*])\1(?![*])"
    r"|(?<![\w_])(_{1,3})(?=[^\s_])([^_\n]+?)(?<=[^\s_])\3(?![\w_])"
)


@dataclass
class Markdown:
    """The blanked text (same length as the source) and the links found, as (start, end, url)."""

    text: str
    links: list[tuple[int, int, str]]


def parse(source: str) -> Markdown:
    """Blank the markup of `source` in place and collect its links."""
    buf = list(source)
    protected = _protected(source)
    links: list[tuple[int, int, str]] = []
    refs = {}
    for m in _REF_DEF.finditer(source):
        if not _inside(m.start(), protected):
            refs[_label(m.group(1))] = m.group(2)
            _blank(buf, m.start(), m.end())
    for m in _CODE.finditer(source):
        if not _inside(m.start(), protected):
            _blank(buf, m.start(), m.end())
    masked = "".join(buf)
    for m in _IMAGE.finditer(masked):
        _blank(buf, m.start(), m.end())
    masked = "".join(buf)
    taken: list[tuple[int, int]] = []
    for m in _INLINE_LINK.finditer(masked):
        if _inside(m.start(), protected):
            continue
        links.append((m.start(), m.end(), m.group(2)))
        taken.append((m.start(), m.end()))
        _blank(buf, m.start(), m.start() + 1)
        _blank(buf, m.end(1), m.end())
    for m in _REF_LINK.finditer(masked):
        label = _label(m.group(2) or m.group(1))
        if _inside(m.start(), protected) or _inside(m.start(), taken) or label not in refs:
            continue
        if not refs[label].startswith(("http://", "https://")):
            continue
        links.append((m.start(), m.end(), refs[label]))
        _blank(buf, m.start(), m.start() + 1)
        _blank(buf, m.end(1), m.end())
    for m in _AUTOLINK.finditer(masked):
        if not _inside(m.start(), protected):
            links.append((m.start() + 1, m.end() - 1, m.group(1)))
            _blank(buf, m.start(), m.start() + 1)
            _blank(buf, m.end() - 1, m.end())
    masked = "".join(buf)
    for m in _QUOTE_MARK.finditer(masked):
        if not _inside(m.start(), protected):
            _blank(buf, m.start(), m.end())
    _blank_emphasis(buf, protected)
    links.sort()
    return Markdown("".join(buf), links)


def _blank_emphasis(buf: list[str], protected: list[tuple[int, int]]) -> None:
    """`*a*`, `**a**`, `_a_`, `__a__`: the markers become spaces (nested ones too)."""
    for _ in range(3):  # ***a*** and **a _b_ c** need more than one pass
        text = "".join(buf)
        found = False
        for m in _EMPHASIS.finditer(text):
            if _inside(m.start(), protected):
                continue
            group = 1 if m.group(1) else 3
            _blank(buf, m.start(group), m.end(group))
            _blank(buf, m.end() - len(m.group(group)), m.end())
            found = True
        if not found:
            return


def _protected(text: str) -> list[tuple[int, int]]:
    """Front matter and fenced code: left exactly as written."""
    spans = fenced_code(text)
    if fm := _FRONT_MATTER.match(text):
        spans.append(fm.span())
    return spans


def body_start(text: str) -> int:
    """Where the text after the front matter starts (0: there is none)."""
    m = _FRONT_MATTER.match(text)
    return m.end() if m else 0


def fenced_code(text: str) -> list[tuple[int, int]]:
    """The spans of fenced code blocks (``` or ~~~)."""
    return [m.span() for m in _FENCE.finditer(text)]


def heading_start(text: str, start: int, end: int) -> int | None:
    """Where the text of the ATX heading ("## Title") in [start, end) starts; None: no heading."""
    m = _HEADING.match(text, start, end)
    return m.end() if m else None


def inline_links(text: str) -> list[tuple[int, int, str]]:
    """The inline links (`[text](https://...)`) of Markdown text as (start, end, url): the links
    of text not given to `parse` (which finds them outside code, with reference links and
    autolinks)."""
    return [(m.start(), m.end(), m.group(2)) for m in _INLINE_LINK.finditer(text)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _label(name: str) -> str:
    return " ".join(name.lower().split())


def _blank(buf: list[str], start: int, end: int) -> None:
    """Replace buf[start:end] with spaces, keeping line breaks (lines and columns stay)."""
    for i in range(start, end):
        if buf[i] not in "\r\n":
            buf[i] = " "


FRONT_MATTER_KEYS = ("title", "author", "date", "url", "canonical_url", "source", "publisher")
MAX_FRONT_MATTER = 64 * 1024


def front_matter(text: str) -> dict[str, str]:
    """The scalar metadata fields of YAML (---) or TOML (+++) front matter; {} when absent,
    too large or unparseable (front matter is metadata, never a reason to fail)."""
    m = _FRONT_MATTER.match(text)
    if not m or m.end() > MAX_FRONT_MATTER:
        return {}
    body = text[m.start() : m.end()].strip().splitlines()[1:-1]
    try:
        if text.startswith("+++"):
            import tomllib

            data = tomllib.loads("\n".join(body))
        else:
            import yaml

            data = yaml.safe_load("\n".join(body))
    except Exception:  # malformed front matter: skipped as metadata, the article is audited
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        k: str(data[k])
        for k in FRONT_MATTER_KEYS
        if isinstance(data.get(k), str | int | float) or _is_date(data.get(k))
    }


def _is_date(value: object) -> bool:
    import datetime

    return isinstance(value, datetime.date)
