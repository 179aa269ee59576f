"""TMX 1.4 translation memory of (source, target) sentence pairs."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from mtedit import __version__
from mtedit.errors import InputError
from mtedit.io.atomic import atomic_write_bytes
from mtedit.io.textfile import xml_safe

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def render_tmx(pairs: Sequence[tuple[str, str]], source_lang: str = "es", target_lang: str = "en") -> bytes:
    """TMX 1.4 bytes with one <tu> per pair; a pair with an empty side is an InputError."""
    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "mtedit",
            "creationtoolversion": __version__,
            "srclang": source_lang,
            "adminlang": "en",
            "datatype": "plaintext",
            "segtype": "sentence",
            "o-tmf": "mtedit",
        },
    )
    body = ET.SubElement(root, "body")
    for number, (source, target) in enumerate(pairs, start=1):
        if not (source or "").strip() or not (target or "").strip():
            raise InputError(f"TMX pair {number} has an empty side; a memory needs both texts, leave that pair out")
        unit = ET.SubElement(body, "tu")
        for lang, text in ((source_lang, source), (target_lang, target)):
            variant = ET.SubElement(unit, "tuv", {_XML_LANG: lang})
            ET.SubElement(variant, "seg").text = xml_safe(text)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_tmx(
    path: Path, pairs: Sequence[tuple[str, str]], source_lang: str = "es", target_lang: str = "en"
) -> None:
    """Write `render_tmx` atomically to `path`."""
    atomic_write_bytes(Path(path), render_tmx(pairs, source_lang, target_lang))
