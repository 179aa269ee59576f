"""Text from documents printed on a terminal: control characters shown as escapes, never obeyed.

A draft or a file name can hold ESC sequences that recolour, retitle or clear a terminal (or hide
text); `terminal_safe` writes every control character other than newline and tab as `\\x1b`-style text.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the bidi overrides that reorder what is shown
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str, *, one_line: bool = False) -> str:
    """`text` with control characters escaped (and, with `one_line`, newlines and tabs as well)."""
    text = _CONTROL.sub(_escape, text)
    if one_line:
        text = text.replace("\n", "\\n").replace("\t", "\\t")
    return text
