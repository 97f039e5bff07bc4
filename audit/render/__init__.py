"""Renderers: results in, report text out. They only render."""

import re

# Control characters and bidirectional overrides: untrusted text must not steer a terminal
# or a Markdown viewer. Renderers replace them with U+FFFD.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


_LINE_BREAKING = re.compile(r"[\t\n\r]")


def one_line(text: str) -> str:
    """Untrusted text for a one-line message on a terminal or in a log: no escape sequence
    (a name holding ESC[2J would clear the screen) and no line break (which could forge a
    line of its own)."""
    return _LINE_BREAKING.sub(" ", CONTROL_CHARS.sub("\ufffd", text))
