"""Scale words carried over from Spanish: `mil millones` drafted as `thousand million(s)` (news English says
`billion`), `miles de millones` as `thousands of millions` (`billions`), a plural after a figure
(`200 millions`, `six billions`) and `de` kept as `of` (`15 billion of dollars`, before a currency or a count).

Each is flagged as `number-format` with the English form, only when the source has a figure of that value
(`diez mil millones` for `ten thousand million`): the value never changes, only how it is written.
"""

from __future__ import annotations

import re

from mtedit.checks.numbers import WORDS_EN, Side, extract_es, parse_en, parse_es
from mtedit.types import Flag, Span

_SCALES = {"million": 1e6, "billion": 1e9, "trillion": 1e12}
_MULT = rf"(\d+(?:[.,]\d+)*|an?|one|{'|'.join(w for w in WORDS_EN if w not in ('hundred', 'thousand'))})"
_SCALE = re.compile(rf"(?<![\w.,])(?:{_MULT}\s+)?(thousand\s+millions?|millions|billions|trillions|million|billion|"
                    rf"trillion)\b(?:\s+of(?=\s+(\w+)))?", re.I)
_ANY_SCALE = re.compile(r"illion", re.I)
_THOUSANDS_OF_MILLIONS = re.compile(r"\bthousands\s+of\s+millions\b")
# `of` is Spanish before a currency or a count (15 billion of dollars), English before most else (2 billion of
# the 10, 450 billion of cuts)
_UNITS = ("dollars|euros|pesos|francs|frank|yen|yens|yuan|pounds|rubles|roubles|reais|people|persons|inhabitants"
          "|tons|tonnes|barrels|litres|liters")
_NO_ARTICLE_AFTER = frozenset("a an the one per each every this that of which".split())
# where `billion of dollars` lacks its article: more than billion of dollars (not half million of pesos)
_ARTICLE_AFTER = frozenset("than about around nearly almost over roughly approximately some by to for with at worth"
                           .split())


def _value(mult: str) -> tuple[float, str] | None:
    """The multiplier's value and its English spelling (`10,7` -> 10.7, `10.7`), or None if unreadable."""
    low = mult.lower()
    if low in ("a", "an", "one"):
        return 1.0, mult
    if low in WORDS_EN:
        return float(WORDS_EN[low]), mult
    if (vals := parse_en(mult)) and not re.fullmatch(r"\d+,\d{1,2}", mult):
        return vals.pop(), mult
    if len(vals := parse_es(mult)) == 1:
        value = vals.pop()
        return value, f"{value:,.6f}".rstrip("0").rstrip(".")
    return None


def _rewrite(m: re.Match[str], before: str) -> tuple[float, str] | None:
    """The value of a scale phrase and its English form, or None when it is written the English way already."""
    mult, scale, follows = m[1], re.sub(r"\s+", " ", m[2]), m[3]
    if scale != scale.lower():
        return None
    thousand, plural = scale.startswith("thousand"), scale.endswith("s")
    base = "billion" if thousand else scale.rstrip("s")
    drop_of = follows is not None and re.fullmatch(_UNITS, follows) is not None
    if mult is None:
        if plural or not (thousand or drop_of):
            return None  # millions of people, thousand millions, the billion of the plan
        if thousand and before.lower() in _NO_ARTICLE_AFTER:
            right, number = base, 1.0  # the thousand million -> the billion
        elif thousand or before.lower() in _ARTICLE_AFTER:
            right, number = f"a {base}", 1.0
        else:
            return None
    elif (value := _value(mult)) is None:
        return None
    else:
        number, right = value[0], f"{value[1]} {base}"
    text = right + (" of" if follows is not None and not drop_of else "")
    as_written = text if mult is None else f"{mult} {text.split(' ', 1)[1]}"
    if re.sub(r"\s+", " ", as_written) == re.sub(r"\s+", " ", m.group(0)):
        return None  # only the figure's format is wrong (4,5 million): the number check's flag says so
    return number * _SCALES[base], text


def check_scales(source: str | None, target: str, side: Side = "fix") -> list[Flag]:
    """`number-format` flags for scale words written the Spanish way, when the source has that figure."""
    if source is None or not _ANY_SCALE.search(target):
        return []
    values = {k[1] for mention in extract_es(source) for k in mention.keys if k[0] == "n"}
    flags = []
    for m in _SCALE.finditer(target):
        before = re.search(r"(\w+)\W*$", target[:m.start()])
        found = _rewrite(m, before.group(1) if before else "")
        if found is None or round(found[0], 6) not in values:
            continue
        flags.append(Flag("number-format", "warning", f"'{m.group(0)}' is a Spanish-style scale; write it as"
                          f" '{found[1]}'", side, Span(m.start(), m.end())))
    if re.search(r"\bmiles\s+de\s+millones\b", source, re.I):
        for m in _THOUSANDS_OF_MILLIONS.finditer(target):
            flags.append(Flag("number-format", "warning", f"'{m.group(0)}' is a Spanish-style scale; write it as"
                              " 'billions'", side, Span(m.start(), m.end())))
    return flags
