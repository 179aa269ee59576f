"""TMX 1.4 translation memory of (source, target) sentence pairs."""

from __future__ import annotations

import codecs
import os
import xml.etree.ElementTree as ET
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from mtedit import __version__
from mtedit.errors import InputError, OutputError
from mtedit.io.atomic import atomic_write_bytes
from mtedit.io.textfile import xml_safe
from mtedit.io.xmltext import MAX_XML_DEPTH, declared_encoding

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _header(source_lang: str) -> ET.Element:
    return ET.Element("header", {
        "creationtool": "mtedit",
        "creationtoolversion": __version__,
        "srclang": source_lang,
        "adminlang": "en",
        "datatype": "plaintext",
        "segtype": "sentence",
        "o-tmf": "mtedit",
    })


def render_tmx(pairs: Sequence[tuple[str, str]], source_lang: str = "es", target_lang: str = "en") -> bytes:
    """TMX 1.4 bytes with one <tu> per pair; a pair with an empty side is an InputError."""
    root = ET.Element("tmx", {"version": "1.4"})
    root.append(_header(source_lang))
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


# ---- streamed reading and writing (translation memories of any size) ------------------------------------
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_CHUNK = 1 << 20


@dataclass(frozen=True)
class TmxUnit:
    """One <tu>: the source-language and target-language segments, its creation date and its <prop>s."""

    source: str
    target: str
    date: str = ""
    props: dict[str, str] = field(default_factory=dict)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _unit(tu: ET.Element, source_lang: str, target_lang: str) -> TmxUnit | None:
    texts: dict[str, str] = {}
    for tuv in tu:
        if _local(tuv.tag) != "tuv":
            continue
        lang = (tuv.get(_XML_LANG) or tuv.get("lang") or "").split("-")[0].split("_")[0].lower()
        seg = next((c for c in tuv if _local(c.tag) == "seg"), None)
        if seg is not None and lang:
            texts.setdefault(lang, " ".join("".join(seg.itertext()).split()))
    source, target = texts.get(source_lang), texts.get(target_lang)
    if not source or not target:
        return None
    props = {p.get("type", ""): (p.text or "") for p in tu if _local(p.tag) == "prop"}
    return TmxUnit(source, target, tu.get("creationdate", ""), props)


def iter_tmx(path: Path, source_lang: str = "es", target_lang: str = "en") -> Iterator[TmxUnit]:
    """Every <tu> of a TMX file with both languages, read in chunks (never the whole file in memory).

    A DOCTYPE or ENTITY declaration is refused before it is parsed, so no entity is ever expanded; malformed
    XML or another root than <tmx> is an InputError naming the line.
    """
    name = Path(path).name
    parser = ET.XMLPullParser(events=("start", "end"))
    tail = b""
    depth = 0
    body: ET.Element | None = None
    try:
        handle = Path(path).open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}); check the path") from None
    with handle:
        decoder = codecs.getincrementaldecoder(_encoding(handle, name))(errors="strict")
        first = True
        while True:
            chunk = handle.read(_CHUNK)
            if first and not chunk.strip():
                raise InputError(f"{name}: is empty; give a TMX 1.4 file")
            if _DECLARATION.search(tail + chunk):
                raise InputError(f"{name}: TMX with a DOCTYPE/ENTITY declaration is refused for safety; export it"
                                 " again without one")
            tail = chunk[-16:]
            try:
                text = decoder.decode(chunk, final=not chunk)  # text, never bytes: expat cannot re-decode it
                text = text.lstrip("\ufeff") if first else text
                parser.feed(text) if chunk else parser.close()
                for event, element in parser.read_events():
                    tag = _local(element.tag)
                    if event == "start":
                        depth += 1
                        body = element if tag == "body" else body
                        if depth > MAX_XML_DEPTH:
                            raise InputError(f"{name}: elements nested more than {MAX_XML_DEPTH} deep; give a TMX 1.4"
                                             " file")
                        if depth == 1 and tag != "tmx":
                            raise InputError(f"{name}: root element is <{tag}>, not <tmx>; give a TMX 1.4 file")
                        continue
                    depth -= 1
                    if tag == "header":
                        source_lang = (element.get("srclang") or source_lang).split("-")[0].lower()
                        if source_lang == "*all*":
                            source_lang = "es"
                    elif tag == "tu":
                        unit = _unit(element, source_lang, target_lang)
                        element.clear()
                        if body is not None and depth == 2:
                            body.remove(element)  # a large memory is never held in full
                        if unit is not None:
                            yield unit
            except UnicodeDecodeError:
                raise InputError(f"{name}: is not valid text in its encoding; save it as UTF-8") from None
            except ET.ParseError as exc:
                line, column = exc.position
                raise InputError(f"{name}: is not well-formed XML (line {line}, column {column + 1}); fix or"
                                 " re-export the file") from None
            first = False
            if not chunk:
                return


def _encoding(handle: BinaryIO, name: str) -> str:
    """UTF-8 when the whole file is valid UTF-8 (whatever its declaration says), else its declared encoding
    (the rule of `mtedit.io.xmltext`); one pass over the bytes, then back to the start."""
    check = codecs.getincrementaldecoder("utf-8")()
    head = b""
    try:
        while chunk := handle.read(_CHUNK):
            head = head or chunk
            check.decode(chunk)
        check.decode(b"", final=True)
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        declared = declared_encoding(head)
        try:
            encoding = codecs.lookup(declared).name if declared else ""
        except LookupError:
            encoding = ""
        if not encoding or encoding == "utf-8":
            raise InputError(f"{name}: is not UTF-8 and declares no other encoding; save it as UTF-8") from None
    handle.seek(0)
    return encoding


def write_tmx_units(path: Path, units: Iterable[TmxUnit], source_lang: str = "es", target_lang: str = "en") -> int:
    """Write a TMX 1.4 file unit by unit (atomically: the old file stays until the new one is complete)."""
    path = Path(path)
    if not path.parent.is_dir():
        raise OutputError(f"{path}: folder {path.parent} does not exist; create it first")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write('<?xml version="1.0" encoding="utf-8"?>\n<tmx version="1.4">\n  ')
            out.write(ET.tostring(_header(source_lang), encoding="unicode") + "\n  <body>\n")
            for unit in units:
                tu = ET.Element("tu", {"creationdate": unit.date} if unit.date else {})
                for kind, value in unit.props.items():
                    ET.SubElement(tu, "prop", {"type": kind}).text = xml_safe(value)
                for lang, text in ((source_lang, unit.source), (target_lang, unit.target)):
                    ET.SubElement(ET.SubElement(tu, "tuv", {_XML_LANG: lang}), "seg").text = xml_safe(text)
                out.write("    " + ET.tostring(tu, encoding="unicode") + "\n")
                count += 1
            out.write("  </body>\n</tmx>\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot be written ({exc.strerror}); check free space and permissions") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count
