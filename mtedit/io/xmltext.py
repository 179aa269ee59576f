"""The text of an XML file (XLIFF, TMX) and the limits a parse of it keeps.

UTF-8 wins: bytes that are valid UTF-8 are read as UTF-8 whatever the XML declaration says (a file
converted with iconv keeps its old `encoding="ISO-8859-1"`); a declared encoding is honoured only for
bytes that are not valid UTF-8. Parsers are then fed the text, never the bytes, so expat cannot
re-decode it from the declaration. Elements nested deeper than `MAX_XML_DEPTH` are refused.
"""

from __future__ import annotations

import codecs
import re

from mtedit.errors import InputError
from mtedit.io.textfile import decode_text

MAX_XML_DEPTH = 200  # real XLIFF/TMX nest a dozen levels; thousands exhaust the recursion of every tree walk
_BOM = b"\xef\xbb\xbf"
_DECLARED = re.compile(rb"^\s*<\?xml[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9._:-]{1,40})[\"']")


def declared_encoding(data: bytes) -> str | None:
    """The `encoding` of the XML declaration, or None."""
    match = _DECLARED.match(data[:200])
    return match.group(1).decode("ascii") if match else None


def decode_xml(data: bytes, name: str) -> str:
    """The text of XML `data`: UTF-8 when valid, else the declared encoding; InputError for empty, binary or
    undecodable files (with the command that converts them)."""
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        declared = declared_encoding(data)
        try:
            usable = declared is not None and codecs.lookup(declared).name != "utf-8"
        except LookupError:
            raise InputError(f"{name}: declares the unknown encoding {declared!r}; save it as UTF-8") from None
        if usable:
            try:
                data = data.decode(declared).encode("utf-8")  # type: ignore[arg-type]
            except UnicodeDecodeError:
                raise InputError(f"{name}: is neither UTF-8 nor the {declared} it declares; save it as UTF-8") \
                    from None
    decode_text(data, name, check_lines=False)  # empty / binary / encoding checks, one message each
    return data.decode("utf-8")


def too_deep(name: str, depth: int) -> InputError:
    """The refusal of a document nested `depth` levels deep."""
    return InputError(f"{name}: elements are nested more than {depth} levels deep; this is not an XLIFF or TMX"
                      " file a CAT tool writes, export it again")
