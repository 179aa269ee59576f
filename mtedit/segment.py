"""Paragraphs -> sentences for Spanish and English news copy (pysbd plus wire-copy rules).

pysbd alone splits after "Sr." and "EE.UU." in Spanish; before segmenting, the full stops that
cannot end a sentence are masked (titles before a name, inner stops of acronyms, a stop followed by
a lower-case word or a digit, initials inside a name) and restored afterwards. A dateline such as
"Madrid, 3 may (EFE).-" stays with the sentence it introduces.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pysbd

from mtedit.errors import InputError

LANGUAGES = ("es", "en")
_MASK = "\ue000"
_UPPER = "A-ZÁÉÍÓÚÜÑ"
_LOWER = "a-záéíóúüñ"

# Abbreviations that come before a name (or a number) and never end a sentence there.
_TITLES = (
    "Sr Sra Srta Sres Sras Dr Dra Dres D Dña Gral Gen Tte Cnel Cap Lic Ing Arq Prof Profa Mons "
    "Excmo Excma Ilmo Ilma Rvdo Sto Sta Av Avda Pza Pte Vda Mr Mrs Ms Messrs Gov Sen Rep Lt Col Sgt "
    "Capt Cmdr Adm Rev St Hon Pres Supt Insp Det Nº núm Núm art Art pág págs vol cap fig tel"
).split()
_TITLE_RE = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, _TITLES)) + r")\.(?=\s+[\w\"'«“(])")
# Acronyms written with stops: EE.UU., EE. UU., U.S., FF.AA., CC.OO. -- mask all but the last stop.
_ACRONYM_RE = re.compile(rf"(?<![\w.])(?:[{_UPPER}]{{1,3}}\.\s?){{2,}}")
# A stop followed by a lower-case word, a digit or a comma does not end a sentence.
_INNER_STOP_RE = re.compile(rf"\.(?=\s+[{_LOWER}0-9%,;])|\.(?=[,;])")
# An initial inside a name: "George W. Bush", "José M. Aznar".
_INITIAL_RE = re.compile(rf"(?<!\w)([{_UPPER}][{_LOWER}]+ [{_UPPER}])\.(?=\s+[{_UPPER}])")
_DATELINE_TAIL_RE = re.compile(r"\)\s*\.\s*$")
_DASH_START_RE = re.compile(r"^[-–—]")
_NO_WORD_RE = re.compile(r"^[\W_]*$")
# pysbd's time grows with the square of a paragraph's length: a longer one is first cut at hard boundaries
# (a sentence stop, closing quotes, a space, then a capital) into pieces of at most this many characters.
CHUNK_CHARS = 3_000
_HARD_BOUNDARY_RE = re.compile(rf"[.!?…][\"'»”’)\]]*\s+(?=[\"'«“¿¡(]?[{_UPPER}])")


def split_paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs; \\r\\n normalised, lines of a paragraph joined by one space."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for block in re.split(r"\n[ \t\f\v\u00a0]*\n", text):
        joined = " ".join(block.split())
        if joined:
            paragraphs.append(joined)
    return paragraphs


@lru_cache(maxsize=4)
def _segmenter(lang: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=lang, clean=False, char_span=False)


def _mask(text: str) -> str:
    def acronym(match: re.Match[str]) -> str:
        chunk = match.group(0)
        last = chunk.rstrip().rfind(".")
        return chunk[:last].replace(".", _MASK) + chunk[last:]

    text = _ACRONYM_RE.sub(acronym, text)
    text = _TITLE_RE.sub(lambda m: m.group(1) + _MASK, text)
    text = _INITIAL_RE.sub(lambda m: m.group(1) + _MASK, text)
    return _INNER_STOP_RE.sub(_MASK, text)


def _spans(text: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Character spans of pysbd's pieces in `text` (pieces come back in order)."""
    spans, pos = [], 0
    for piece in pieces:
        start = text.find(piece, pos)
        if start < 0:  # pysbd altered the text; fall back to the piece itself
            return []
        spans.append((start, start + len(piece)))
        pos = start + len(piece)
    return spans


def _merge_fragments(text: str, spans: list[tuple[int, int]]) -> list[str]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        piece = text[start:end]
        if merged and (
            _NO_WORD_RE.match(piece)
            or (_DASH_START_RE.match(piece) and _DATELINE_TAIL_RE.search(text[merged[-1][0]:merged[-1][1]]))
        ):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return [text[start:end] for start, end in merged]


def _chunks(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """`text` cut into pieces of at most `limit` characters, each ending at its last hard boundary (else at
    a space, else anywhere); short text comes back whole. Linear in the length of `text`."""
    if len(text) <= limit:
        return [text]
    ends = [m.end() for m in _HARD_BOUNDARY_RE.finditer(text)]
    chunks, start, k = [], 0, 0
    while len(text) - start > limit:
        cut = None
        while k < len(ends) and ends[k] <= start + limit:
            if ends[k] > start:
                cut = ends[k]
            k += 1
        if cut is None:
            space = text.rfind(" ", start + 1, start + limit)
            cut = space + 1 if space > start else start + limit
        chunks.append(text[start:cut])
        start = cut
    chunks.append(text[start:])
    return chunks


def split_sentences(paragraph: str, lang: str) -> list[str]:
    """Sentences of one paragraph, whitespace-normalised, in order; `lang` is "es" or "en"."""
    code = lang.split("-")[0].split("_")[0].lower()
    if code not in LANGUAGES:
        raise InputError(f"no sentence splitter for language '{lang}'; use one of: {', '.join(LANGUAGES)}")
    text = " ".join(paragraph.split())
    if not text:
        return []
    masked = _mask(text)
    segmenter = _segmenter(code)
    pieces = [p.strip() for chunk in _chunks(masked) for p in segmenter.segment(chunk) if p.strip()]
    spans = _spans(masked, pieces)
    sentences = _merge_fragments(masked, spans) if spans else pieces
    return [" ".join(s.replace(_MASK, ".").split()) for s in sentences]
