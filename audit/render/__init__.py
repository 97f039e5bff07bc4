"""Renderers: results in, report text out. They only render."""

import re

# Control characters and bidirectional overrides: untrusted text must not steer a terminal
# or a Markdown viewer. Renderers replace them with U+FFFD.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
