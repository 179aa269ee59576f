"""Number repairs: a Spanish-format figure written the English way (`35,5 %` -> `35.5%`), and a malformed,
changed or mis-scaled figure replaced by the source's value (`2,200,12` -> `2,200,112`, `150 million` ->
`1.5 billion`) when exactly one source figure and one target figure are left unmatched and they look
like the same figure gone wrong (shared digits, or a power of ten apart)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from difflib import SequenceMatcher

from mtedit.checks.numbers import Mention, extract_en, extract_es
from mtedit.repair.edits import Edit, quoted
from mtedit.types import Flag

_VALUE_KINDS = ("number-changed", "number-malformed")
_ES_SCALE = {"millones": "million", "millón": "million", "mil millones": "billion", "millardos": "billion",
             "millardo": "billion", "miles de millones": "billion", "billones": "trillion", "billón": "trillion",
             "mil": "thousand"}
_ES_NUMBER = re.compile(r"(\d+(?:[.,]\d+)*)(?:\s+(" + "|".join(
    re.escape(k).replace(r"\ ", r"\s+") for k in sorted(_ES_SCALE, key=len, reverse=True)) + r"))?")
_NUMBER_WORD = re.compile(r"[\s-]+(?:one|a|hundred|thousand|million|billion|trillion|bn)\b", re.I)
_SHARED_SCALE = re.compile(r"\s*(?:and|to|or|-|–)\s*\D{0,2}\d[\d.,]*\s*(?:thousand|million|billion|trillion|bn)\b")
_EN_SCALE = re.compile(r"\s*(thousand million|trillion|billions?|bn|millions?|thousand)$")


def _english_digits(token: str, plain: bool = False) -> str:
    """A Spanish number token written the English way: 2.200.112 -> 2,200,112; 35,5 -> 35.5; 19000 -> 19,000.
    `plain`: a whole number under 10,000 without a separator, as the target writes it (1001, 2657)."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", token) or re.fullmatch(r"\d+,\d+", token):
        token = token.translate(str.maketrans(".,", ",."))
    elif re.fullmatch(r"\d{5,}", token):
        token = f"{int(token):,}"
    if plain and re.fullmatch(r"\d,\d{3}", token):
        token = token.replace(",", "")
    return token


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    whole, _, frac = text.partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


def english_figure(src: Mention, tgt: Mention) -> str | None:
    """The source figure as English text, with a scale word when the source has one
    (1.500 millones -> 1.5 billion); None for forms not rendered safely (dates, times, mixed words)."""
    m = _ES_NUMBER.fullmatch(src.text)
    if m is None or any(k[0] != "n" for k in src.keys):
        return None
    digits = _english_digits(m.group(1), plain=re.fullmatch(r"\d+", tgt.text) is not None)
    scale = _ES_SCALE.get(re.sub(r"\s+", " ", m.group(2) or ""))
    if scale is None:
        return digits
    if not _EN_SCALE.search(tgt.text) and scale != "thousand":
        return None  # the target's scale word, if any, lies outside the figure: do not write a second one
    number = Decimal(digits.replace(",", ""))
    if scale == "million" and number >= 1000:
        number, scale = number / 1000, "billion"
    if scale == "thousand" and not _EN_SCALE.search(tgt.text):
        return _plain(number * 1000)
    return f"{_plain(number)} {scale}"


def _ordinal(number: str) -> str:
    """The English ordinal suffix of a whole number: 62 -> nd, 11 -> th."""
    n = int(number)
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _same_figure_gone_wrong(right: str, wrong: Mention) -> bool:
    """Shared digits (dropped or swapped ones) or the same digits at another scale (150 million / 1.5 billion)."""
    a, b = _digits(right), _digits(wrong.text)
    if not a or not b:
        return False
    if a.strip("0") == b.strip("0") or sorted(a) == sorted(b):  # a scale or a swap of digits
        return True
    return SequenceMatcher(None, a, b).ratio() >= 0.6 and abs(len(a) - len(b)) <= 1


def _unmatched(src: list[Mention], tgt: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """Hard source figures and hard target figures left after pairing equal values one to one."""
    used: set[int] = set()
    left_src = []
    for s in src:
        if s.malformed or not s.keys:
            continue
        j = next((j for j, t in enumerate(tgt) if j not in used and s.keys & (t.keys | t.alt)), None)
        if j is None:
            if s.hard:
                left_src.append(s)
        else:
            used.add(j)
    left_tgt = [t for j, t in enumerate(tgt) if j not in used and t.hard]
    return left_src, left_tgt


def number_edits(source: str | None, target: str, flags: Sequence[Flag]) -> list[Edit]:
    """Edits for number flags with a span: format flags always, value flags only when one figure can be meant."""
    edits = []
    for flag in flags:
        if flag.kind == "number-format" and flag.span is not None:
            english = quoted(flag.message, 1)
            if english is None:
                continue
            end = flag.span.end
            percent = re.match(r"[ \u00a0]%", target[end:end + 2])
            if percent:
                english, end = english + "%", end + 2
            edits.append(Edit(flag.span.start, end, english, "number", flag))
    value_flags = [f for f in flags if f.kind in _VALUE_KINDS and f.span is not None]
    if source is None or len(value_flags) != 1:
        return edits
    flag = value_flags[0]
    left_src, left_tgt = _unmatched(extract_es(source), extract_en(target))
    if len(left_src) != 1 or len(left_tgt) != 1:
        return edits
    wrong = left_tgt[0]
    if any(k[0] != "n" for k in wrong.keys):
        return edits  # a time or a date (5 a.m.) is not rewritten as a bare figure
    if (wrong.span.start, wrong.span.end) != (flag.span.start, flag.span.end) or _NUMBER_WORD.match(
            target, wrong.span.end) or re.match(r"[.,]\S", target[wrong.span.end:wrong.span.end + 2]) or \
            _SHARED_SCALE.match(target, wrong.span.end):
        return edits  # another flag's figure, number words after it (12 one thousand), a stray mark (35.%),
        # a scale shared with the next figure (between 9 and 15 billion)
    right = english_figure(left_src[0], wrong)
    if right is not None and _EN_SCALE.search(wrong.text) and not _EN_SCALE.search(right):
        right = None  # 175 million for "175 los millones": the source's scale lies outside its figure
    if right is not None and re.search(r"(?<=\d)(?:st|nd|rd|th)$", wrong.text):
        right = right + _ordinal(right) if re.fullmatch(r"\d+", right) else None
    if right is not None and right != wrong.text and _same_figure_gone_wrong(right, wrong):
        edits.append(Edit(wrong.span.start, wrong.span.end, right, "number", flag))
    return edits
