"""XLIFF 1.2: trans-units with <source> (Spanish) and <target> (the English draft or final).

Reading refuses any DOCTYPE or ENTITY declaration before parsing, so no entity is ever expanded.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from mtedit.errors import InputError
from mtedit.io.atomic import atomic_write_bytes
from mtedit.io.textfile import MAX_LINE_CHARS, decode_text, xml_safe
from mtedit.types import Document, Segment

NS = "urn:oasis:names:tc:xliff:document:1.2"
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _text(element: ET.Element | None) -> str:
    return "" if element is None else " ".join("".join(element.itertext()).split())


def _lang(value: str | None, default: str) -> str:
    return value.split("-")[0].split("_")[0].lower() if value else default


def parse_xliff(data: bytes, name: str, source_lang: str = "es", target_lang: str = "en") -> Document:
    """Segments from every trans-unit (id = its id); languages from the first <file> when given."""
    decode_text(data, name, check_lines=False)  # empty / binary / encoding checks
    if _DECLARATION.search(data):
        raise InputError(
            f"{name}: XLIFF with a DOCTYPE/ENTITY declaration is refused for safety; export it again without one"
        )
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        raise InputError(
            f"{name}: is not well-formed XML (line {line}, column {column + 1}); fix or re-export the file"
        ) from None
    if _local(root.tag) != "xliff":
        raise InputError(f"{name}: root element is <{_local(root.tag)}>, not <xliff>; give an XLIFF 1.2 file")
    files = [el for el in root.iter() if _local(el.tag) == "file"]
    if files:
        source_lang = _lang(files[0].get("source-language"), source_lang)
        target_lang = _lang(files[0].get("target-language"), target_lang)
    segments: list[Segment] = []
    seen: set[str] = set()
    for unit in (el for el in root.iter() if _local(el.tag) == "trans-unit"):
        number = len(segments) + 1
        seg_id = (unit.get("id") or "").strip()
        if not seg_id:
            raise InputError(f"{name}: trans-unit {number} has no id; give every trans-unit an id")
        if seg_id in seen:
            raise InputError(f"{name}: trans-unit id \"{seg_id}\" is used twice; ids must be unique")
        seen.add(seg_id)
        sources, targets = _children(unit, "source"), _children(unit, "target")
        draft = _text(targets[0] if targets else None)
        if not draft:
            raise InputError(f"{name}: trans-unit \"{seg_id}\" has no <target> text (the draft); translate it first")
        source = _text(sources[0] if sources else None)
        if max(len(draft), len(source)) > MAX_LINE_CHARS:
            raise InputError(f"{name}: trans-unit \"{seg_id}\" is over {MAX_LINE_CHARS:,} characters; split it")
        segments.append(Segment(id=seg_id, draft=draft, source=source or None, paragraph=len(segments)))
    if not segments:
        raise InputError(f"{name}: has no <trans-unit>; give an XLIFF 1.2 file with translation units")
    return Document(
        name=name, segments=tuple(segments), format="xliff", source_lang=source_lang, target_lang=target_lang
    )


def render_xliff(document: Document, finals: Sequence[str], approved: Sequence[bool] | None = None) -> bytes:
    """XLIFF 1.2 bytes; approved units get state="final" and approved="yes", the others need review."""
    if len(finals) != len(document.segments):
        raise ValueError(f"{len(finals)} final texts for {len(document.segments)} segments")
    if approved is not None and len(approved) != len(finals):
        raise ValueError(f"{len(approved)} approval flags for {len(finals)} segments")
    root = ET.Element("xliff", {"version": "1.2", "xmlns": NS})
    file_el = ET.SubElement(
        root,
        "file",
        {
            "original": document.name,
            "source-language": document.source_lang,
            "target-language": document.target_lang,
            "datatype": "plaintext",
        },
    )
    body = ET.SubElement(file_el, "body")
    for index, (segment, final) in enumerate(zip(document.segments, finals)):
        ok = bool(approved[index]) if approved is not None else False
        unit = ET.SubElement(body, "trans-unit", {"id": segment.id, **({"approved": "yes"} if ok else {})})
        ET.SubElement(unit, "source").text = xml_safe(segment.source or "")
        target = ET.SubElement(unit, "target", {"state": "final" if ok else "needs-review-translation"})
        target.text = xml_safe(final)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_xliff(
    path: Path, document: Document, finals: Sequence[str], approved: Sequence[bool] | None = None
) -> None:
    """Write `render_xliff` atomically to `path`."""
    atomic_write_bytes(Path(path), render_xliff(document, finals, approved))
