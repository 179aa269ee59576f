"""Planted errors for bench/repairs_report.py: each function plants one error of its kind into a correct
English sentence (the human translation of `source`) and says where, or returns None when it cannot."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from mtedit.checks.lexicon import translations, word_kind
from mtedit.checks.names import candidate_names
from mtedit.checks.numbers import MONTHS_EN, MONTHS_ES, extract_en, extract_es
from mtedit.checks.style import AGENCIES


@dataclass(frozen=True)
class Plant:
    """A planted sentence: `draft` is `expected` with one error at draft[start:end]."""

    source: str
    draft: str
    expected: str
    start: int
    end: int


def _plant(source: str, text: str, start: int, end: int, new: str, expected: str | None = None) -> Plant:
    return Plant(source, text[:start] + new + text[end:], expected or text, start, start + len(new))


def _grounded_numbers(source: str, text: str):  # noqa: ANN202
    keys = {k for m in extract_es(source) if m.hard for k in m.keys}
    return [m for m in extract_en(text) if m.hard and not m.malformed and m.keys & keys
            and re.fullmatch(r"\d[\d,.]*(?:\s(?:million|billion))?", m.text)]


def number_format(source: str, text: str, rng: random.Random) -> Plant | None:
    found = [m for m in _grounded_numbers(source, text) if re.search(r"\d[,.]\d", m.text)]
    if not found:
        return None
    m = rng.choice(found)
    return _plant(source, text, m.span.start, m.span.end, m.text.translate(str.maketrans(".,", ",.")))


def number_dropped(source: str, text: str, rng: random.Random) -> Plant | None:
    found = [m for m in _grounded_numbers(source, text) if len(re.sub(r"\D", "", m.text.split()[0])) >= 3]
    if not found:
        return None
    m = rng.choice(found)
    digits = [i for i, c in enumerate(m.text) if c.isdigit()][1:]
    i = rng.choice(digits)
    return _plant(source, text, m.span.start, m.span.end, m.text[:i] + m.text[i + 1:])


def number_swapped(source: str, text: str, rng: random.Random) -> Plant | None:
    found = []
    for m in _grounded_numbers(source, text):
        found += [(m, i) for i in range(len(m.text) - 1)
                  if m.text[i].isdigit() and m.text[i + 1].isdigit() and m.text[i] != m.text[i + 1]]
    if not found:
        return None
    m, i = rng.choice(found)
    return _plant(source, text, m.span.start, m.span.end, m.text[:i] + m.text[i + 1] + m.text[i] + m.text[i + 2:])


def number_scale(source: str, text: str, rng: random.Random) -> Plant | None:
    found = [m for m in _grounded_numbers(source, text) if m.text.endswith(("million", "billion"))]
    if not found:
        return None
    m = rng.choice(found)
    swapped = m.text[:-7] + ("billion" if m.text.endswith("million") else "million")
    return _plant(source, text, m.span.start, m.span.end, swapped)


def _names(source: str, text: str) -> list[re.Match[str]]:
    """Words of source names found verbatim in `text`, past its first word."""
    words = {w for name, _ in candidate_names(source, "es") for w in name.split() if len(w) >= 4 and w[0].isupper()}
    return [m for m in re.finditer(r"\b[A-Z][a-z]{3,}\b", text) if m.group(0) in words and m.start() > 0]


def name_misspelt(source: str, text: str, rng: random.Random) -> Plant | None:
    found = [m for m in _names(source, text) if word_kind(m.group(0), "es") != "common"]
    if not found:
        return None
    m = rng.choice(found)
    word = list(m.group(0))
    for i in rng.sample(range(1, len(word)), 2 if len(word) <= 6 else 3):
        word[i] = rng.choice([c for c in "aeioulrnst" if c != word[i]])
    return _plant(source, text, m.start(), m.end(), "".join(word))


def name_swapped(source: str, text: str, rng: random.Random) -> Plant | None:
    found = _names(source, text)
    pairs = [(a, b) for a in found for b in found if a.group(0) != b.group(0)]
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    return _plant(source, text, a.start(), a.end(), b.group(0))


def name_words(source: str, text: str, rng: random.Random) -> Plant | None:
    found = [(m, sorted(translations(m.group(0)))) for m in _names(source, text)]
    found = [(m, t) for m, t in found if t and word_kind(m.group(0), "es") == "common"]
    if not found:
        return None
    m, english = rng.choice(found)
    return _plant(source, text, m.start(), m.end(), english[0].capitalize())


def credit_case(source: str, text: str, rng: random.Random) -> Plant | None:
    found = [m for a in AGENCIES if len(a) > 3 or a == "EFE" for m in re.finditer(rf"\b{re.escape(a)}\b", text)]
    if not found:
        return None
    m = rng.choice(found)
    wrong = m.group(0).capitalize() if m.group(0).isupper() else m.group(0).lower()
    return _plant(source, text, m.start(), m.end(), wrong)


CITIES = ("Madrid", "Washington", "Bogotá", "Lima", "Buenos Aires", "Caracas", "La Habana", "Quito")


def dateline(source: str, text: str, rng: random.Random) -> Plant | None:
    """A Spanish wire dateline on both sides; the desk's style (`MADRID (EFE) --`) is what a repair should give."""
    city, day = rng.choice(CITIES), rng.randint(1, 28)
    month = rng.choice(("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"))
    planted = f"{city}, {day} {month} (EFE).-"
    expected = f"{city.upper()} (EFE) -- {text}"
    return Plant(f"{planted} {source}", f"{planted} {text}", expected, 0, len(planted))


def double_space(source: str, text: str, rng: random.Random) -> Plant | None:
    gaps = [m.start() for m in re.finditer(r"(?<=\w) (?=\w)", text)]
    if not gaps:
        return None
    i = rng.choice(gaps)
    return _plant(source, text, i, i + 1, "  ")


def repeated_word(source: str, text: str, rng: random.Random) -> Plant | None:
    found = [m for m in re.finditer(r"\b[a-z]{3,}\b", text) if m.group(0) not in ("had", "that", "very", "more")]
    if not found:
        return None
    m = rng.choice(found)
    return _plant(source, text, m.start(), m.end(), f"{m.group(0)} {m.group(0)}")


def _grounded_dates(source: str, text: str):  # noqa: ANN202
    """English dates of `text` (March 12, 12 March, Oct. 14th) whose day and month the source has."""
    keys = {k for m in extract_es(source) for k in m.keys if k[0] == "d"}
    return [m for m in extract_en(text) if m.keys & keys]


def _month_day(m) -> tuple[int, int]:  # noqa: ANN001
    return divmod(int(next(k[1] for k in m.keys if k[0] == "d")), 100)


def date_spanish(source: str, text: str, rng: random.Random) -> Plant | None:
    """An English date written the Spanish way: 12 de marzo, el 12 de marzo, 12 mar, 12/03/2012 (with a year)."""
    found = _grounded_dates(source, text)
    if not found:
        return None
    m = rng.choice(found)
    (month, day), end = _month_day(m), m.span.end
    year = re.match(r",?\s(\d{4})\b", text[end:])
    forms = [f"{day} de {MONTHS_ES[month - 1]}", f"el {day} de {MONTHS_ES[month - 1]}",
             f"{day} {MONTHS_ES[month - 1][:3]}"]
    if year:
        forms = [f"{f} de {year[1]}" for f in forms[:2]] + [f"{day:02d}/{month:02d}/{year[1]}"]
        end += year.end()
    return _plant(source, text, m.span.start, end, rng.choice(forms))


def date_wrong_day(source: str, text: str, rng: random.Random) -> Plant | None:
    found = [m for m in _grounded_dates(source, text) if re.search(r"\d+", m.text)]
    if not found:
        return None
    m = rng.choice(found)
    digits = re.search(r"\d+", m.text)
    day = int(digits.group(0))
    swapped = int(digits.group(0)[::-1]) if len(digits.group(0)) == 2 else 0
    new = swapped if 1 <= swapped <= 28 and swapped != day else rng.choice([d for d in range(1, 29) if d != day])
    wrong = m.text[:digits.start()] + str(new) + m.text[digits.end():]
    return _plant(source, text, m.span.start, m.span.end, wrong)


def date_wrong_month(source: str, text: str, rng: random.Random) -> Plant | None:
    found = [m for m in _grounded_dates(source, text) if re.search(r"[A-Z][a-z]+\.?", m.text)]
    if not found:
        return None
    m = rng.choice(found)
    month, _day = _month_day(m)
    name = re.search(r"[A-Z][a-z]+\.?", m.text)
    other = rng.choice([i for i in range(12) if i != month - 1])
    wrong = MONTHS_EN[other] if not name.group(0).endswith(".") else MONTHS_EN[other][:3] + "."
    return _plant(source, text, m.span.start, m.span.end, m.text[:name.start()] + wrong + m.text[name.end():])


def scale_mil_millones(source: str, text: str, rng: random.Random) -> Plant | None:
    """`mil millones` drafted the Spanish way: 10 thousand million, a thousand millions, 10 billions (of)."""
    keys = {k for m in extract_es(source) if re.search(r"mil millones|miles de millones|millardo", m.text, re.I)
            for k in m.keys}
    found = [m for m in extract_en(text)
             if m.keys & keys and re.fullmatch(r"(?:\d[\d,.]*|a|one|[a-z]+) billion", m.text)]
    if not found:
        return None
    m = rng.choice(found)
    mult = m.text[:-len(" billion")]
    forms = [f"{mult} thousand million", f"{mult} thousand millions"]
    if mult not in ("a", "one"):
        forms.append(f"{mult} billions")
    if re.match(r" (?:dollars|euros|pesos|francs|yen|pounds|people)\b", text[m.span.end:]):
        forms.append(f"{mult} billion of")
    return _plant(source, text, m.span.start, m.span.end, rng.choice(forms))


PLANTERS: dict[str, tuple[str, Callable[[str, str, random.Random], Plant | None]]] = {
    "number-format": ("number", number_format), "number-dropped-digit": ("number", number_dropped),
    "number-swapped-digits": ("number", number_swapped), "number-scale": ("number", number_scale),
    "name-misspelt": ("name", name_misspelt), "name-swapped": ("name", name_swapped),
    "name-as-words": ("name", name_words), "credit-case": ("credit", credit_case), "dateline": ("credit", dateline),
    "double-space": ("hygiene", double_space), "repeated-word": ("hygiene", repeated_word),
    "date-spanish-format": ("date", date_spanish), "date-wrong-day": ("date", date_wrong_day),
    "date-wrong-month": ("date", date_wrong_month), "scale-mil-millones": ("number", scale_mil_millones),
}
