"""Numbers, percentages, money, dates and times: Spanish source vs English target.

Every mention is reduced to comparable keys after locale-aware normalisation
(`2.200.112` / `2,200,112` -> 2200112; `1.500 millones` / `1.5 billion` -> 1.5e9;
`18.30 horas` / `6:30 p.m.` -> 18:30; `24 de noviembre` / `November 24` -> 11-24).
A source figure missing from the target is an error, a different figure in its place an error,
a target figure written in Spanish format (`2.200.112`) a warning, a figure valid in neither
locale (`2,200,12`) an error. Number words (dos, two...) may stand for figures but are never required.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from mtedit.types import Flag, Span

Key = tuple[str, float]
Side = Literal["draft", "fix"]

MONTHS_ES = ("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre").split()
MONTHS_EN = ("January February March April May June July August September October November December").split()
WEEKDAYS_ES = ("lunes martes miércoles jueves viernes sábado domingo").split()
WEEKDAYS_EN = ("Monday Tuesday Wednesday Thursday Friday Saturday Sunday").split()
_MONTH_ABBR = {m[:3]: i for i, m in enumerate(MONTHS_EN)} | {"Sept": 8}
WORDS_ES = {"dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9,
            "diez": 10, "once": 11, "doce": 12, "quince": 15, "veinte": 20, "treinta": 30, "cuarenta": 40,
            "cincuenta": 50, "cien": 100, "mil": 1000}
WORDS_EN = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
            "fifty": 50, "hundred": 100, "thousand": 1000}
SCALE_ES = {"miles de millones": 1e9, "mil millones": 1e9, "millardos": 1e9, "millardo": 1e9, "billones": 1e12, "billón": 1e12,
            "millones": 1e6, "millón": 1e6, "mil": 1e3}
SCALE_EN = {"thousand million": 1e9, "trillion": 1e12, "billions": 1e9, "billion": 1e9, "bn": 1e9,
            "millions": 1e6, "million": 1e6, "thousand": 1e3}

_NUM = r"(?<![\d.,])\d+(?:[.,]\d+)*"
_ES_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_EN_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_PLAIN_DOT = re.compile(r"\d+(?:\.\d+)?")
_PLAIN_COMMA = re.compile(r"\d+,\d+")


def _scale_re(table: dict[str, float]) -> str:
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(table, key=len, reverse=True))


_SCALE_ES_RE = _scale_re(SCALE_ES)
_DATELINE_ES = re.compile(r"\s*[A-ZÁÉÍÓÚÑ][\w .'-]*?,\s*\d{1,2}\s+\w+\.?\s*\(\w+\)")
_SCALE_EN_RE = _scale_re(SCALE_EN)


@dataclass(frozen=True)
class Mention:
    """A figure found in a text: `keys` under its own locale, `alt` under the other one."""

    text: str
    span: Span
    keys: frozenset[Key]
    alt: frozenset[Key] = frozenset()
    hard: bool = True  # digits must survive; number words and weekdays need not
    malformed: bool = False


def _f(s: str) -> float:
    return float(s)


def parse_es(tok: str) -> set[float]:
    """Values a number token may have in Spanish text (which also borrows English formats)."""
    if _ES_THOUSANDS.fullmatch(tok):
        return {_f(tok.replace(".", "").replace(",", "."))}
    if _PLAIN_COMMA.fullmatch(tok):
        vals = {_f(tok.replace(",", "."))}
        if re.fullmatch(r"\d{1,3},\d{3}", tok):
            vals.add(_f(tok.replace(",", "")))
        return vals
    if _EN_THOUSANDS.fullmatch(tok):
        return {_f(tok.replace(",", ""))}
    if _PLAIN_DOT.fullmatch(tok):
        return {_f(tok)}
    return set()


def parse_en(tok: str) -> set[float]:
    """Values a number token has in well-formed English text."""
    if _EN_THOUSANDS.fullmatch(tok):
        return {_f(tok.replace(",", ""))}
    if _PLAIN_DOT.fullmatch(tok):
        return {_f(tok)}
    return set()


def _spanish_only(tok: str) -> set[float]:
    """Values of a token in Spanish format that English would read differently or not at all."""
    if _ES_THOUSANDS.fullmatch(tok) or re.fullmatch(r"\d+,(?:\d{1,2}|\d{4,})", tok):
        return parse_es(tok)
    return set()


def _nkeys(vals: set[float], scale: float = 1.0) -> frozenset[Key]:
    return frozenset(("n", round(v * scale, 6)) for v in vals)


class _Scanner:
    """Finds mentions pattern by pattern, never reusing characters already claimed."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.taken = [False] * len(text)
        self.found: list[Mention] = []

    def add(self, m: re.Match[str], keys: frozenset[Key], alt: frozenset[Key] = frozenset(),
            hard: bool = True, malformed: bool = False) -> None:
        if any(self.taken[m.start():m.end()]):
            return
        for i in range(m.start(), m.end()):
            self.taken[i] = True
        self.found.append(Mention(m.group(0), Span(m.start(), m.end()), keys, alt, hard, malformed))

    def result(self) -> list[Mention]:
        return sorted(self.found, key=lambda x: x.span.start)


def _spaced(sc: _Scanner) -> None:
    """Thousands separated by spaces (125 000), accepted in either language."""
    for m in re.finditer(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,]?\d)", sc.text):
        sc.add(m, _nkeys({float(re.sub(r"\D", "", m.group(0)))}))


def _time_key(h: int, mi: int) -> Key:
    return ("t", float((h % 24) * 60 + mi))


def extract_es(text: str) -> list[Mention]:
    """Figures in Spanish text."""
    sc = _Scanner(text)
    months = "|".join(MONTHS_ES)
    for m in re.finditer(r"(?<!\d)(\d{1,2})[.:](\d{2})\s*(?:horas|hrs?\b|h\b)", text):
        sc.add(m, frozenset({_time_key(int(m[1]), int(m[2]))}))
    for m in re.finditer(r"\blas\s+(\d{1,2})[.:](\d{2})(?!\d)(?:\s*([ap])\.\s?m\.)?", text):
        pm = 12 if m[3] == "p" and int(m[1]) < 12 else 0  # las 3:05 p. m.
        sc.add(m, frozenset({_time_key(int(m[1]) + pm, int(m[2]))}))
    for m in re.finditer(rf"(?<![\d.,])(\d{{1,2}})\s+de\s+({months})\b", text, re.I):
        month = MONTHS_ES.index(m[2].lower()) + 1
        sc.add(m, frozenset({("d", month * 100 + int(m[1])), ("n", float(m[1]))}))
    for m in re.finditer(r"(?<![\d.,])(\d{1,3})\s+millon(?:es)?\s+(\d{1,3})\s+mil(?:\s+(\d{1,3}))?(?![\d.,]\d)", text):
        sc.add(m, _nkeys({int(m[1]) * 1e6 + int(m[2]) * 1e3 + int(m[3] or 0)}))  # 5 millones 143 mil 312
    for m in re.finditer(r"(?<![\d.,])(\d{1,3})\s+mil\s+(\d{1,3})(?![\d.,]\d)(?!\s+mil)", text):
        sc.add(m, _nkeys({int(m[1]) * 1e3 + int(m[2])}))  # 630 mil 697
    _spaced(sc)
    for m in re.finditer(rf"({_NUM})(?:\s+({_SCALE_ES_RE})\b)?", text):
        vals = parse_es(m[1])
        scale = SCALE_ES[re.sub(r"\s+", " ", m[2])] if m[2] else 1.0
        sc.add(m, _nkeys(vals, scale), malformed=not vals)
    words = "|".join(WORDS_ES)
    for m in re.finditer(rf"\b(un|una|{words})(?:\s+({_SCALE_ES_RE}))?\b", text, re.I):
        if m[1].lower() in ("un", "una") and not m[2]:
            continue
        base = 1 if m[1].lower() in ("un", "una") else WORDS_ES[m[1].lower()]
        scale = SCALE_ES[re.sub(r"\s+", " ", m[2].lower())] if m[2] else 1.0
        sc.add(m, _nkeys({base}, scale), hard=False)
    for m in re.finditer(rf"\b({months})\b", text, re.I):
        sc.add(m, frozenset({("m", MONTHS_ES.index(m[1].lower()) + 1)}), hard=False)
    for m in re.finditer(rf"\b({'|'.join(WEEKDAYS_ES)})\b", text, re.I):
        sc.add(m, frozenset({("w", WEEKDAYS_ES.index(m[1].lower()))}), hard=False)
    return sc.result()


def _month_en(name: str) -> int:
    name = name.rstrip(".")
    if name in MONTHS_EN:
        return MONTHS_EN.index(name) + 1
    return _MONTH_ABBR[name[:4] if name.startswith("Sept") else name[:3]] + 1


def extract_en(text: str) -> list[Mention]:
    """Figures in English text; `alt` holds the value a Spanish-format token would have."""
    sc = _Scanner(text)
    ampm = r"(a\.?\s?m\.?|p\.?\s?m\.?)"
    for m in re.finditer(rf"(?<![\d.,])(\d{{1,2}})(?::(\d{{2}}))?\s*{ampm}(?!\w)", text, re.I):
        h = int(m[1]) % 12 + (12 if m[3].lower().startswith("p") else 0)
        sc.add(m, frozenset({_time_key(h, int(m[2] or 0))}))
    for m in re.finditer(r"(?<![\d.,])(\d{1,2})[.:](\d{2})\s*(?:hours|hrs?\b|h\b|GMT|UTC)", text):
        sc.add(m, frozenset({_time_key(int(m[1]), int(m[2]))}))
    for m in re.finditer(r"(?<![\d.,])(\d{1,2}):(\d{2})(?![\d:])", text):
        h, mi = int(m[1]), int(m[2])
        sc.add(m, frozenset({_time_key(h, mi), _time_key(h + 12, mi)}))
    mon = r"(January|February|March|April|May|June|July|August|September|October|November|December|" \
          r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
    for m in re.finditer(rf"\b{mon}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?![\d.,]\d)\b", text):
        sc.add(m, frozenset({("d", _month_en(m[1]) * 100 + int(m[2])), ("n", float(m[2]))}))
    for m in re.finditer(rf"(?<![\d.,])(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{mon}(?!\w)", text):
        sc.add(m, frozenset({("d", _month_en(m[2]) * 100 + int(m[1])), ("n", float(m[1]))}))
    _spaced(sc)
    for m in re.finditer(rf"({_NUM})(?:st|nd|rd|th)?(?:\s*({_SCALE_EN_RE})\b)?", text):
        scale = SCALE_EN[re.sub(r"\s+", " ", m[2])] if m[2] else 1.0
        vals, alt = parse_en(m[1]), _spanish_only(m[1])
        if not vals and not alt:
            sc.add(m, frozenset(), malformed=True)
        else:
            sc.add(m, _nkeys(vals, scale), _nkeys(alt, scale))
    words = "|".join(WORDS_EN)
    for m in re.finditer(rf"\b(a|one|{words})(?:\s+({_SCALE_EN_RE}))?\b", text, re.I):
        if m[1].lower() in ("a", "one") and not m[2]:
            continue
        base = 1 if m[1].lower() in ("a", "one") else WORDS_EN[m[1].lower()]
        scale = SCALE_EN[re.sub(r"\s+", " ", m[2].lower())] if m[2] else 1.0
        sc.add(m, _nkeys({base}, scale), hard=False)
    for m in re.finditer(rf"\b{mon}(?!\w)", text):
        if m[1] == "May" and m.start() == 0:
            continue
        sc.add(m, frozenset({("m", _month_en(m[1]))}), hard=False)
    for m in re.finditer(rf"\b({'|'.join(WEEKDAYS_EN)})\b", text):
        sc.add(m, frozenset({("w", WEEKDAYS_EN.index(m[1]))}), hard=False)
    return sc.result()


def check_numbers(source: str | None, target: str, side: Side = "fix") -> list[Flag]:
    """Flags for figures of `source` missing, changed or mis-formatted in `target`."""
    tgt = extract_en(target)
    flags: list[Flag] = []
    for t in tgt:
        if t.malformed:
            flags.append(Flag("number-malformed", "error",
                              f"'{t.text}' is not a well-formed number; write it as 1,234,567.89", side, t.span))
    if source is None:
        for t in tgt:
            if t.alt and not t.keys:
                flags.append(_format_flag(t, side))
            elif t.alt and len(t.text.split(".")) > 2:
                flags.append(_format_flag(t, side))
        return flags
    src = extract_es(source)
    used: set[int] = set()
    missing: list[Mention] = []
    # most specific first: times and dates before plain numbers, hard before soft
    rank = {"t": 0, "d": 1, "n": 2, "m": 3, "w": 4}
    order = sorted(range(len(src)), key=lambda i: (not src[i].hard, min(rank[k[0]] for k in src[i].keys or {("w", 0)})))
    for i in order:
        s = src[i]
        if s.malformed or not s.keys:
            continue
        j = _find(s, tgt, used, lambda t: t.keys)
        if j is not None:
            used.add(j)
            continue
        j = _find(s, tgt, used, lambda t: t.alt)
        if j is not None:
            used.add(j)
            flags.append(_format_flag(tgt[j], side))
            continue
        if s.keys and all(k[0] == "d" or k[0] == "n" for k in s.keys) and _date_split(s, tgt, used):
            continue
        if s.hard or s.keys & {("w", w) for w in range(7)} or any(k[0] == "m" for k in s.keys):
            missing.append(s)
    dateline = _DATELINE_ES.match(source)  # a wire dateline's date may be dropped in the desk's style
    if dateline:
        missing = [s for s in missing if s.span.start >= dateline.end()]
    spare = [j for j, t in enumerate(tgt) if j not in used and t.hard and not t.malformed]
    broken = [j for j, t in enumerate(tgt) if t.malformed]
    for s in sorted(missing, key=lambda x: x.span.start):
        severity = "error" if s.hard else "warning"
        if s.hard and broken:  # already flagged as malformed
            broken.pop(0)
        elif s.hard and spare:
            j = spare.pop(0)
            used.add(j)
            flags.append(Flag("number-changed", "error",
                              f"source '{s.text}' appears as '{tgt[j].text}'; check the figure", side, tgt[j].span))
        else:
            flags.append(Flag("number-missing", severity,
                              f"source '{s.text}' is missing from the target; add it", side, None))
    for j in spare:
        if j not in used and tgt[j].keys:
            flags.append(Flag("number-added", "warning",
                              f"'{tgt[j].text}' is not in the source; check it", side, tgt[j].span))
    return sorted(flags, key=lambda f: (f.span.start if f.span else -1, f.kind))


def _find(s: Mention, tgt: list[Mention], used: set[int], keys_of) -> int | None:  # noqa: ANN001
    for hard_first in (True, False):
        for j, t in enumerate(tgt):
            if j not in used and t.hard == hard_first and s.keys & keys_of(t) and not _other_date(s, t):
                return j
    return None


def _other_date(s: Mention, t: Mention) -> bool:
    """Two dates that share only their day (12 de marzo / April 12): not the same figure."""
    dates = [{k for k in m.keys if k[0] == "d"} for m in (s, t)]
    return all(dates) and not dates[0] & dates[1]


def _date_split(s: Mention, tgt: list[Mention], used: set[int]) -> bool:
    """A source date `24 de noviembre` whose day and month appear separately in the target."""
    date = next((k for k in s.keys if k[0] == "d"), None)
    if date is None:
        return False
    month, day = divmod(int(date[1]), 100)
    m = next((j for j, t in enumerate(tgt) if j not in used and ("m", month) in t.keys), None)
    d = next((j for j, t in enumerate(tgt) if j not in used and ("n", float(day)) in t.keys), None)
    if m is None or d is None:
        return False
    used.update({m, d})
    return True


def _format_flag(t: Mention, side: Side) -> Flag:
    english = re.sub(r"\d+(?:[.,]\d+)*", lambda m: m.group(0).translate(str.maketrans(".,", ",.")), t.text)
    return Flag("number-format", "warning",
                f"'{t.text}' is in Spanish number format; write it as '{english}'", side, t.span)
