"""Which charset bytes are in, when nothing declares it.

Text files that are not UTF-8 are mostly Windows-1252 (Western European; what browsers assume
for unlabelled legacy pages, Latin-1 included). charset-normalizer guesses among dozens of code
pages and, on short or mostly-ASCII Western text, often names a wrong one (cp1250, cp1006); so
Windows-1252 is taken whenever it decodes the bytes into text that is mostly ASCII letters, as
Western text is, and the detector decides otherwise (Cyrillic, Greek, Japanese ...).
"""

from __future__ import annotations

WESTERN = "cp1252"
MAX_FOREIGN_LETTERS = 0.3  # Western text: a few accented letters among ASCII ones


def detect(content: bytes) -> str:
    """charset-normalizer's likeliest charset of `content` (its first 64 KB), else 'utf-8'."""
    try:
        import charset_normalizer

        best = charset_normalizer.from_bytes(content[:65536]).best()
        return best.encoding if best else "utf-8"
    except Exception:  # detection is best effort; callers decide what a miss means
        return "utf-8"


def decode_legacy(content: bytes) -> tuple[str, str]:
    """Text and charset name of bytes that are not UTF-8; raises UnicodeDecodeError (or
    LookupError) when no charset decodes them."""
    try:
        text = content.decode(WESTERN)
    except UnicodeDecodeError:
        text = None
    if text is not None:
        letters = [c for c in text if c.isalpha()]
        foreign = sum(1 for c in letters if not c.isascii())
        if foreign <= MAX_FOREIGN_LETTERS * len(letters):
            return text, WESTERN
    encoding = detect(content)
    return content.decode(encoding), encoding
