"""Readers and writers: txt (draft, optionally with a source .txt), JSONL, TSV, XLIFF 1.2 and 2.0; TMX export.

The format comes from the file suffix unless `fmt` is given; every reading problem is a one-line
`InputError`, every source/draft mismatch an `AlignmentError`; writes are atomic.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePath

from mtedit.errors import InputError
from mtedit.io.atomic import OutputError, atomic_write_bytes, atomic_write_text
from mtedit.io.jsonl import parse_jsonl, render_jsonl
from mtedit.io.plaintext import parse_plaintext, render_text
from mtedit.io.textfile import decode_text, read_bytes, read_text_file
from mtedit.io.tmx import render_tmx, write_tmx
from mtedit.io.tsv import parse_tsv, render_tsv
from mtedit.io.xliff import parse_xliff, render_xliff, write_xliff
from mtedit.types import Document

__all__ = [
    "FORMATS",
    "OutputError",
    "atomic_write_text",
    "document_from_bytes",
    "document_from_text",
    "format_of",
    "read_document",
    "read_text_file",
    "render_document",
    "render_text",
    "render_tmx",
    "render_xliff",
    "write_document",
    "write_tmx",
    "write_xliff",
]

SUFFIXES = {".txt": "txt", ".text": "txt", ".jsonl": "jsonl", ".tsv": "tsv", ".xlf": "xliff", ".xliff": "xliff",
            ".sdlxliff": "xliff"}
FORMATS = ("txt", "jsonl", "tsv", "xliff")


def format_of(name: str | PurePath, fmt: str | None = None) -> str:
    """The format named by `fmt`, else inferred from the suffix of `name`; InputError if unknown."""
    if fmt is not None:
        key = fmt.lower().lstrip(".")
        key = SUFFIXES.get("." + key, key)
        if key not in FORMATS:
            raise InputError(f"unknown format '{fmt}'; use one of: {', '.join(FORMATS)}")
        return key
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            f"{name}: cannot tell the format from '{suffix or 'no suffix'}'; "
            f"name it {', '.join(SUFFIXES)} or pass the format ({', '.join(FORMATS)})"
        )
    return SUFFIXES[suffix]


def _parse(
    data: bytes, name: str, fmt: str, source: bytes | None, source_name: str, source_lang: str, target_lang: str
) -> Document:
    if source is not None and fmt != "txt":
        raise InputError(
            f"{name}: a separate source file only goes with a .txt draft; {fmt} files carry their own source"
        )
    if fmt == "xliff":
        return parse_xliff(data, name, source_lang, target_lang)
    text = decode_text(data, name)
    if fmt == "jsonl":
        return parse_jsonl(text, name, source_lang, target_lang)
    if fmt == "tsv":
        return parse_tsv(text, name, source_lang, target_lang)
    source_text = decode_text(source, source_name) if source is not None else None
    return parse_plaintext(text, source_text, name, source_lang, target_lang)


def read_document(
    path: Path,
    source: Path | None = None,
    fmt: str | None = None,
    source_lang: str = "es",
    target_lang: str = "en",
) -> Document:
    """Read a draft document (and, for .txt, an optional source .txt) into a `Document`."""
    path = Path(path)
    kind = format_of(path, fmt)
    data = read_bytes(path)
    source_data = read_bytes(Path(source)) if source is not None else None
    return _parse(data, str(path), kind, source_data, str(source), source_lang, target_lang)


def document_from_text(
    draft: str, source: str | None = None, name: str = "pasted", source_lang: str = "es", target_lang: str = "en"
) -> Document:
    """A `Document` from pasted plain text (paragraphs separated by blank lines)."""
    data = draft.encode("utf-8")
    source_data = source.encode("utf-8") if source is not None and source.strip() else None
    return _parse(data, name, "txt", source_data, f"{name} (source)", source_lang, target_lang)


def document_from_bytes(
    data: bytes, name: str, source: bytes | None = None, source_lang: str = "es", target_lang: str = "en"
) -> Document:
    """A `Document` from uploaded bytes; the format comes from `name`'s suffix."""
    return _parse(data, name, format_of(name), source, f"{name} (source)", source_lang, target_lang)


def render_document(document: Document, finals: Sequence[str], fmt: str) -> bytes:
    """The corrected document as bytes in `fmt` (txt, jsonl, tsv or xliff)."""
    kind = format_of("", fmt)
    if kind == "xliff":
        return render_xliff(document, finals)
    render = {"txt": render_text, "jsonl": render_jsonl, "tsv": render_tsv}[kind]
    return render(document, finals).encode("utf-8")


def write_document(path: Path, document: Document, finals: Sequence[str], fmt: str | None = None) -> None:
    """Write the corrected document atomically; the format comes from `fmt` or `path`'s suffix."""
    path = Path(path)
    atomic_write_bytes(path, render_document(document, finals, format_of(path, fmt)))
