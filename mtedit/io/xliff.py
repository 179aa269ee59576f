"""XLIFF 1.2 (trans-units) and 2.0 (units of segments): <source> (Spanish), <target> (the English draft or final).

Reading refuses any DOCTYPE or ENTITY declaration before parsing, so no entity is ever expanded; the
model sees each target as plain text (see `xliff_tags`). A document read from XLIFF keeps the file's
bytes, and writing it starts from them: everything (header, notes, groups, alt-trans, comments,
namespace prefixes, attributes) stays, and only the <target> of each changed or approved unit is
rewritten, its inline elements carried onto the new text. Other documents get a fresh minimal 1.2 file.

A 1.2 trans-unit whose target holds several <mrk mtype="seg"> (SDLXLIFF and others) gives one sentence per
mark, "unit/mid", its source from the same mid in <seg-source>; only the marks' content is rewritten.
In SDLXLIFF the mark's <sdl:seg conf> (Trados's segment status) follows the review: ApprovedTranslation
when approved, Draft when changed and not yet approved. Units under translate="no" (on the unit, or on a
file or group around it) and SDLXLIFF segments with locked="true" are left out: never shown, never changed.
In 2.0 each <segment> is a sentence: a unit with one segment keeps the unit's id, one with several gives
"unit/segment" ids (the segment's id, or its number in the unit); a unit is a paragraph. The review state
lives on the <segment>: "final" when approved, "translated" when changed and not yet approved.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtedit.errors import InputError
from mtedit.io.atomic import atomic_write_bytes
from mtedit.io.textfile import MAX_LINE_CHARS, xml_safe
from mtedit.io.xliff_tags import fill, local_name, read_layout
from mtedit.io.xmltext import MAX_XML_DEPTH, decode_xml, too_deep
from mtedit.types import Document, Segment

NS = "urn:oasis:names:tc:xliff:document:1.2"
NS_2 = "urn:oasis:names:tc:xliff:document:2.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# Trados's segment status (<sdl:seg conf>): approved by the editor; changed here and not yet approved
SDL_APPROVED, SDL_CHANGED = "ApprovedTranslation", "Draft"
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class _Builder:
    """Parser target: a tree whose names are written as in the file ("x:g", "target") with each element's
    own xmlns declarations as attributes, so serialising it keeps every prefix where it was; keeps
    comments and processing instructions (those outside the root in `prolog` / `epilog`)."""

    def __init__(self, name: str = "") -> None:
        self._file = name
        self._tree = ET.TreeBuilder(insert_comments=True, insert_pis=True)
        self._scopes: list[dict[str, str]] = [{"xml": XML_NS}]  # prefix -> uri
        self._names: list[str] = []
        self._declared: dict[str, str] = {}
        self._done = False
        self.prolog: list[ET.Element] = []
        self.epilog: list[ET.Element] = []

    def _name(self, name: str, scope: dict[str, str], element: bool) -> str:
        if not name.startswith("{"):
            return name
        uri, local = name[1:].split("}", 1)
        if element and scope.get("") == uri:
            return local
        prefix = next((p for p in reversed(scope) if p and scope[p] == uri), None)
        return f"{prefix}:{local}" if prefix else name

    def start_ns(self, prefix: str, uri: str) -> None:
        self._declared[prefix or ""] = uri

    def end_ns(self, prefix: str) -> None:
        pass

    def start(self, tag: str, attrib: dict[str, str]) -> ET.Element:
        if len(self._names) >= MAX_XML_DEPTH:
            raise too_deep(self._file, MAX_XML_DEPTH)
        scope = {**self._scopes[-1], **self._declared}
        attrs = {(f"xmlns:{p}" if p else "xmlns"): uri for p, uri in self._declared.items()}
        attrs.update((self._name(k, scope, element=False), v) for k, v in attrib.items())
        self._declared = {}
        self._scopes.append(scope)
        self._names.append(self._name(tag, scope, element=True))
        return self._tree.start(self._names[-1], attrs)

    def end(self, tag: str) -> ET.Element:
        self._scopes.pop()
        element = self._tree.end(self._names.pop())
        self._done = not self._names
        return element

    def data(self, text: str) -> None:
        self._tree.data(text)

    def _single(self, element: ET.Element) -> None:
        if not self._names:
            (self.epilog if self._done else self.prolog).append(element)

    def comment(self, text: str) -> None:
        self._single(self._tree.comment(text))

    def pi(self, target: str, text: str | None = None) -> None:
        self._single(self._tree.pi(target, text))

    def close(self) -> ET.Element:
        return self._tree.close()


@dataclass(frozen=True)
class _Unit:
    """One sentence of the file: its id, where its source and target text are (a <source>/<target>, or
    the <mrk mtype="seg"> inside them), the element that takes the review `state` (the <target> in 1.2,
    the <segment> in 2.0), the trans-unit that takes approved="yes" (1.2 only), and its paragraph."""

    id: str
    source: ET.Element | None
    target: ET.Element | None
    state_on: ET.Element | None
    approve_on: ET.Element | None
    paragraph: int
    sdl_seg: ET.Element | None = None  # SDLXLIFF: the <sdl:seg> whose `conf` is Trados's own segment status


def _seg_marks(element: ET.Element | None) -> dict[str, ET.Element]:
    """The <mrk mtype="seg"> sentences inside `element`, by mid (how SDLXLIFF and others segment a 1.2 unit)."""
    if element is None:
        return {}
    return {(m.get("mid") or "").strip(): m for m in element.iter()
            if local_name(m.tag) == "mrk" and m.get("mtype") == "seg"}


def _sdl_segs(unit: ET.Element) -> dict[str, ET.Element]:
    """SDLXLIFF's <sdl:seg> of a trans-unit by id (= the mid of its seg mark); {} in other files."""
    return {(seg.get("id") or "").strip(): seg for defs in unit if local_name(defs.tag) == "seg-defs"
            for seg in defs if local_name(seg.tag) == "seg"}


def _open_units(root: ET.Element, tag: str) -> list[tuple[int, ET.Element]]:
    """(number in the file, element) of each `tag` element the file lets a tool change: translate="no" on it
    or on a file/group around it (unless one closer says "yes") closes it."""
    found: list[tuple[int, ET.Element, bool]] = []

    def walk(element: ET.Element, translate: str) -> None:
        translate = element.get("translate") or translate
        if local_name(element.tag) == tag:
            found.append((len(found), element, translate != "no"))
            return
        for child in element:
            walk(child, translate)

    walk(root, "yes")
    return [(n, element) for n, element, is_open in found if is_open]


def _locked(seg: ET.Element | None) -> bool:
    return seg is not None and (seg.get("locked") or "").lower() == "true"


def _units_12(root: ET.Element) -> list[_Unit]:
    out: list[_Unit] = []
    for n, unit in _open_units(root, "trans-unit"):
        unit_id = (unit.get("id") or "").strip()
        source, target = _child(unit, "source"), _child(unit, "target")
        marks, segs = _seg_marks(target), _sdl_segs(unit)
        if len(marks) < 2:
            only = segs.get(next(iter(marks), ""))  # an Element without children is falsy: no `or` here
            if only is None and len(segs) == 1:
                only = next(iter(segs.values()))
            if not _locked(only):
                out.append(_Unit(unit_id, source, target, target, unit, n, only))
            continue
        sources = _seg_marks(_child(unit, "seg-source")) or _seg_marks(source)
        for mid, mark in marks.items():
            if not _locked(segs.get(mid)):
                out.append(_Unit(f"{unit_id}/{mid}" if unit_id else "", sources.get(mid), mark, target, unit, n,
                                 segs.get(mid)))
    return out


def _units_20(root: ET.Element) -> list[_Unit]:
    out: list[_Unit] = []
    for n, unit in _open_units(root, "unit"):
        unit_id = (unit.get("id") or "").strip()
        segments = [el for el in unit if local_name(el.tag) == "segment"]
        for k, segment in enumerate(segments, 1):
            seg_id = unit_id if len(segments) == 1 or not unit_id else \
                f"{unit_id}/{(segment.get('id') or '').strip() or k}"
            out.append(_Unit(seg_id, _child(segment, "source"), _child(segment, "target"), segment, None, n))
    return out


@dataclass
class _Tree:
    root: ET.Element
    prolog: list[ET.Element] = field(default_factory=list)
    epilog: list[ET.Element] = field(default_factory=list)

    @property
    def version2(self) -> bool:
        return (self.root.get("version") or "").startswith("2") or self.root.get("xmlns") == NS_2

    def units(self) -> list[_Unit]:
        """Every sentence in document order: trans-units or their seg marks (1.2), segments of units (2.0)."""
        return _units_20(self.root) if self.version2 else _units_12(self.root)

    def to_bytes(self) -> bytes:
        parts = ['<?xml version="1.0" encoding="UTF-8"?>\n']
        parts += [ET.tostring(el, encoding="unicode") + "\n" for el in self.prolog]
        parts.append(ET.tostring(self.root, encoding="unicode"))
        parts += ["\n" + ET.tostring(el, encoding="unicode") for el in self.epilog]
        return ("".join(parts) + "\n").encode("utf-8")


def _parse_tree(data: bytes, name: str) -> _Tree:
    text = decode_xml(data, name)  # UTF-8 wins over a conflicting declaration
    if _DECLARATION.search(data):
        raise InputError(
            f"{name}: XLIFF with a DOCTYPE/ENTITY declaration is refused for safety; export it again without one"
        )
    builder = _Builder(name)
    parser = ET.XMLParser(target=builder)  # type: ignore[arg-type]
    try:
        parser.feed(text)
        root = parser.close()
    except ET.ParseError as exc:
        line, column = exc.position
        raise InputError(
            f"{name}: is not well-formed XML (line {line}, column {column + 1}); fix or re-export the file"
        ) from None
    if local_name(root.tag) != "xliff":
        raise InputError(f"{name}: root element is <{local_name(root.tag)}>, not <xliff>; give an XLIFF 1.2 or 2.0 file")
    return _Tree(root, builder.prolog, builder.epilog)


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((child for child in element if local_name(child.tag) == name), None)


def _lang(value: str | None, default: str) -> str:
    return value.split("-")[0].split("_")[0].lower() if value else default


def parse_xliff(data: bytes, name: str, source_lang: str = "es", target_lang: str = "en") -> Document:
    """Segments from every trans-unit (1.2) or segment (2.0); languages from the file when it gives them."""
    tree = _parse_tree(data, name)
    if tree.version2:
        source_lang = _lang(tree.root.get("srcLang"), source_lang)
        target_lang = _lang(tree.root.get("trgLang"), target_lang)
    else:
        files = [el for el in tree.root.iter() if local_name(el.tag) == "file"]
        if files:
            source_lang = _lang(files[0].get("source-language"), source_lang)
            target_lang = _lang(files[0].get("target-language"), target_lang)
    kind = "segment" if tree.version2 else "trans-unit"
    segments: list[Segment] = []
    seen: set[str] = set()
    for unit in tree.units():
        number = unit.paragraph + 1
        if not unit.id:
            what = "unit" if tree.version2 else "trans-unit"
            raise InputError(f"{name}: {what} {number} has no id; give every {what} an id")
        if unit.id in seen:
            raise InputError(f"{name}: {kind} id \"{unit.id}\" is used twice; ids must be unique in the file")
        seen.add(unit.id)
        draft = read_layout(unit.target).text
        if not draft:
            raise InputError(f"{name}: {kind} \"{unit.id}\" has no <target> text (the draft); translate it first")
        source = read_layout(unit.source).text
        if max(len(draft), len(source)) > MAX_LINE_CHARS:
            raise InputError(f"{name}: {kind} \"{unit.id}\" is over {MAX_LINE_CHARS:,} characters; split it")
        segments.append(Segment(id=unit.id, draft=draft, source=source or None, paragraph=unit.paragraph))
    if not segments:
        tag = "unit" if tree.version2 else "trans-unit"
        if any(local_name(el.tag) == tag for el in tree.root.iter()):
            raise InputError(f"{name}: every {tag} is locked or marked translate=\"no\"; nothing to post-edit"
                             " (unlock the segments in the CAT tool first)")
        want = "<unit>s with <segment>s" if tree.version2 else "<trans-unit>s"
        raise InputError(f"{name}: has no translation units; give an XLIFF file with {want}")
    return Document(name=name, segments=tuple(segments), format="xliff", source_lang=source_lang,
                    target_lang=target_lang, original=bytes(data))


def _check(document: Document, finals: Sequence[str], approved: Sequence[bool] | None) -> list[bool]:
    if len(finals) != len(document.segments):
        raise ValueError(f"{len(finals)} final texts for {len(document.segments)} segments")
    if approved is not None and len(approved) != len(finals):
        raise ValueError(f"{len(approved)} approval flags for {len(finals)} segments")
    return [bool(a) for a in approved] if approved is not None else [False] * len(finals)


def _render_into_original(document: Document, finals: Sequence[str], approved: list[bool]) -> bytes:
    """The original file with only the targets of changed or approved units rewritten."""
    tree = _parse_tree(document.original or b"", document.name)
    units = tree.units()
    if [u.id for u in units] != [s.id for s in document.segments]:
        raise InputError(f"{document.name}: the sentences no longer match the units of the original file; "
                         "export as txt or jsonl instead")
    changed_state = "translated" if tree.version2 else "needs-review-translation"
    for unit, final, ok in zip(units, finals, approved):
        target = unit.target
        if target is None or unit.state_on is None:  # parse_xliff refused such a file; kept for a hand-made one
            raise InputError(f"{document.name}: \"{unit.id}\" has no <target>; translate it first")
        layout = read_layout(target)
        text = " ".join(xml_safe(final).split())
        changed = text != layout.text
        if changed:
            fill(target, layout, text)
            unit.state_on.set("state", "final" if ok else changed_state)
            unit.state_on.attrib.pop("subState", None)
            if unit.approve_on is not None and not ok:
                unit.approve_on.attrib.pop("approved", None)  # an approval of the old text does not cover the new one
        elif ok:
            unit.state_on.set("state", "final")
        if ok and unit.approve_on is not None:
            unit.approve_on.set("approved", "yes")
        if unit.sdl_seg is not None and (ok or changed):
            unit.sdl_seg.set("conf", SDL_APPROVED if ok else SDL_CHANGED)
    return tree.to_bytes()


def render_xliff(document: Document, finals: Sequence[str], approved: Sequence[bool] | None = None) -> bytes:
    """XLIFF bytes; approved units get state="final" (and approved="yes" in 1.2), changed ones need review.

    A document read from XLIFF (1.2 or 2.0) is written into its original file; any other gets a fresh
    minimal 1.2 one.
    """
    flags = _check(document, finals, approved)
    if document.original is not None:
        return _render_into_original(document, finals, flags)
    root = ET.Element("xliff", {"version": "1.2", "xmlns": NS})
    attrs: dict[str, Any] = {"original": document.name, "source-language": document.source_lang,
                             "target-language": document.target_lang, "datatype": "plaintext"}
    body = ET.SubElement(ET.SubElement(root, "file", attrs), "body")
    for segment, final, ok in zip(document.segments, finals, flags):
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
