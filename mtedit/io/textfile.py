"""Safe reading of user files: existence, emptiness, binary content, encoding and line length checks.

Every problem becomes a one-line `InputError` naming the file and saying what to do.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from mtedit.errors import InputError

MAX_LINE_CHARS = 20_000
_BOM = b"\xef\xbb\xbf"
_SAMPLE = 8192
_CONTROL_RATIO = 0.05
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


def read_bytes(path: Path) -> bytes:
    """The raw bytes of `path`, or InputError when it is missing, a directory or unreadable."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give a file inside it")
    try:
        return path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError(f"{path}: cannot be read ({reason}); check its permissions") from None


def _control_ratio(text: str) -> float:
    sample = text[:_SAMPLE]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS)
    return bad / len(sample)


def _looks_binary(data: bytes) -> bool:
    sample = data[:_SAMPLE]
    return bool(sample) and sum(1 for b in sample if b < 32 and b not in b"\t\n\r\f\v") / len(sample) > _CONTROL_RATIO


def check_line_lengths(text: str, name: str, limit: int = MAX_LINE_CHARS) -> None:
    """InputError naming the first line longer than `limit` characters."""
    if len(text) <= limit:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > limit:
            raise InputError(
                f"{name}: line {number} has {len(line):,} characters (limit {limit:,}); "
                "split it into paragraphs or sentences"
            )


def decode_text(data: bytes, name: str, check_lines: bool = True) -> str:
    """Checked UTF-8 text of `data` (BOM dropped, \\r\\n -> \\n, NFC), or a one-line InputError."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name}: is UTF-16; convert it with: iconv -f utf-16 -t utf-8 {name} > {name}.utf8")
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    if not data.strip():
        raise InputError(f"{name}: is empty; give a file with text in it")
    if b"\x00" in data[:_SAMPLE * 8] or _looks_binary(data):
        raise InputError(f"{name}: looks like a binary file, not text; give a plain UTF-8 text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: is not UTF-8 (bad byte at offset {exc.start}); "
            f"convert it with: iconv -f latin1 -t utf-8 {name} > {name}.utf8"
        ) from None
    if _control_ratio(text) > _CONTROL_RATIO:
        raise InputError(f"{name}: looks like a binary file, not text; give a plain UTF-8 text file")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise InputError(f"{name}: is empty; give a file with text in it")
    if check_lines:
        check_line_lengths(text, name)
    return text


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold (control characters other than tab/newline)."""
    return _XML_INVALID.sub("", text)


def read_text_file(path: Path) -> str:
    """Read `path` as checked UTF-8 text (see `decode_text`)."""
    return decode_text(read_bytes(path), str(path))
