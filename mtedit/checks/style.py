"""Wire style and hygiene of an English target: agency credits and datelines, doubled spaces,
repeated words, unbalanced quotes or brackets, final punctuation, untranslated Spanish words."""

from __future__ import annotations

import re
from typing import Literal

from mtedit.types import Flag, Span

Side = Literal["draft", "fix"]

AGENCIES = ("EFE", "AFP", "DPA", "ANSA", "Reuters", "Xinhua", "Notimex", "Europa Press", "AP")
# Spanish words that are not English words too; names like 'Ciudad del Este' are skipped by context
SPANISH_WORDS = frozenset("""
del los las que por según para pero también muy sus ser fue fueron han había habían desde entre sobre
cuando donde porque aunque más así esto estos esta este está están sino les ellos ellas nuestra nuestro
además después hasta durante mientras tras todo todos cada mismo misma otros otras sólo
una unos unas uno dijo tiene tienen puede pueden hace hacer sido entonces ahora aquí allí lo
""".split())
_SPANISH_SHAPE = re.compile(r"(?:[a-z]*[áéíóúñ][a-záéíóúñ]*|[a-z]+(?:ción|ciones|mente|idad|idades|ísimo|ísima))$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_ALLOWED_REPEATS = frozenset({"had", "that", "is", "very", "bye", "no", "so", "ha", "really", "far", "more"})
_PAIRS = (("(", ")"), ("[", "]"), ("“", "”"), ("«", "»"))
_FINAL = re.compile(r"([.!?:;…]+)?[\"'”’»)\]\s]*$")


def _final(text: str) -> str:
    m = _FINAL.search(text.rstrip())
    mark = (m.group(1) or "") if m else ""
    return "." if mark in ("...", "…") else mark[-1:]


def check_credit(source: str | None, target: str, side: Side) -> list[Flag]:
    """Agency names in wrong case, Spanish datelines, credits lost from the source."""
    flags = []
    for agency in AGENCIES:
        if len(agency) <= 3 and agency != "EFE":
            continue
        for m in re.finditer(rf"\b{re.escape(agency)}\b", target, re.I):
            if m.group(0) != agency:
                flags.append(Flag("credit", "warning", f"write the agency credit as '{agency}'", side,
                                  Span(m.start(), m.end())))
    m = re.match(r"\s*([A-ZÁÉÍÓÚÑ][\w .'-]*?),\s*\d{1,2}\s+\w+\.?\s*\((\w+)\)\s*[.,]?\s*[-–—]+", target)
    if m:
        flags.append(Flag("credit", "warning", f"write the dateline as '{m[1].upper()} ({m[2].upper()}) --'",
                          side, Span(m.start(1), m.end())))
    if source:
        for agency in AGENCIES:
            if re.search(rf"\({re.escape(agency)}\)", source, re.I) and not re.search(
                    rf"\b{re.escape(agency)}\b", target, re.I):
                flags.append(Flag("credit", "warning", f"the source credits {agency}; keep the credit", side))
    return flags


def check_hygiene(source: str | None, target: str, side: Side) -> list[Flag]:
    """Doubled spaces, repeated words, unbalanced quotes and brackets, final punctuation."""
    flags = [Flag("double-space", "warning", "doubled space; use one", side, Span(m.start(), m.end()))
             for m in re.finditer(r"(?<=\S) {2,}(?=\S)", target)]
    for m in re.finditer(r"\b([^\W\d_]+)\s+(\1)\b", target, re.I):
        if m[1].lower() not in _ALLOWED_REPEATS:
            flags.append(Flag("repeated-word", "warning", f"repeated word '{m[1]}'; delete one",
                              side, Span(m.start(2), m.end(2))))
    for opening, closing in _PAIRS + (('"', '"'),):
        if _imbalance(target, opening, closing) and (
                source is None or not _imbalance(source, opening, closing)):
            where = target.rfind(opening) if opening in target else target.rfind(closing)
            flags.append(Flag("unbalanced", "warning", f"unbalanced {opening}{closing}; close or remove it",
                              side, Span(where, where + 1)))
    if source is not None and source.strip() and target.strip():
        want, got = _final(source), _final(target)
        if want != got and {want, got} - {".", ""} and not {want, got} <= {".", ":", ";"}:
            end = len(target.rstrip())
            flags.append(Flag("final-punct", "warning",
                              f"the source ends with '{want or 'no mark'}', the target with '{got or 'no mark'}'",
                              side, Span(max(end - 1, 0), end)))
    return flags


def _imbalance(text: str, opening: str, closing: str) -> bool:
    if opening == closing:
        return text.count(opening) % 2 == 1
    if opening == "“" and "“" not in text and "”" not in text:
        return False
    return text.count(opening) != text.count(closing)


def check_untranslated(target: str, side: Side) -> list[Flag]:
    """Spanish words left in English: function words, accented words, Spanish suffixes."""
    flags = []
    words = list(_WORD.finditer(target))
    for i, m in enumerate(words):
        w = m.group(0)
        if not w.islower():
            continue
        if w in SPANISH_WORDS or _SPANISH_SHAPE.match(w):
            left = words[i - 1].group(0) if i else ""
            right = words[i + 1].group(0) if i + 1 < len(words) else ""
            if left[:1].isupper() and right[:1].isupper():  # inside a name: Ciudad del Este
                continue
            if w in SPANISH_WORDS and (left[:1].isupper() or right[:1].isupper()) and "-" not in w:
                if left.lower() in SPANISH_WORDS or right.lower() in SPANISH_WORDS:
                    continue
            flags.append(Flag("untranslated", "warning", f"'{w}' looks Spanish; translate it",
                              side, Span(m.start(), m.end())))
    return flags
