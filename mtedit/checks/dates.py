"""Dates and times left in Spanish style in the English: `12 de marzo`, `el 12 de marzo`, `12 mar`,
`12/03/2012`, `las 3:05 p. m.`, `15.05 horas`.

Each is flagged as `number-format` (dates and times are figures). The flag says how to write it the English
way only when the value is certain: the source has that date (or time), and for a numeric date (with its
year: `03/04` alone may be a score) exactly one reading, day/month or month/day, is a date of the source.
`12 de marzo` that the source lacks, or a numeric date both of whose readings are in the source, is flagged
without a suggestion and left to the editor; `12 mar` or `12/03/2012` that the source lacks is not flagged
(`12 may` may be English, `03/04/2012` American). Without a source only `12 de marzo` is flagged.

English dates are written month first (`March 12`, `March 12, 2012`), the news wire's way, unless the
sentence's other dates are written day first (`12 March 2012`), which is then followed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mtedit.checks.numbers import _DATELINE_ES, MONTHS_EN, MONTHS_ES, Side, extract_en, extract_es
from mtedit.types import Flag, Span

ABBR_ES = {"ene": 1, "feb": 2, "mar": 3, "abr": 4, "may": 5, "jun": 6, "jul": 7, "ago": 8, "sep": 9,
           "sept": 9, "set": 9, "oct": 10, "nov": 11, "dic": 12}
_EDGE = r"(?<![\w/.,:-])"
_YEAR = r"(?:,?\s+(?:de|del)\s+(\d{4}))?"
_WORDY = re.compile(rf"{_EDGE}(?:[Ee]l\s+)?(\d{{1,2}})\s+de\s+({'|'.join(MONTHS_ES)}){_YEAR}\b", re.I)
_ABBR = re.compile(rf"{_EDGE}(\d{{1,2}})\s+({'|'.join(sorted(ABBR_ES, key=len, reverse=True))})\b"
                   r"(?:\.(?=\s+[a-z\d]))?(?:\s+(\d{4})\b)?")  # the full stop of `12 mar.` unless it ends the sentence
_NUMERIC = re.compile(rf"{_EDGE}(\d{{1,2}})/(\d{{1,2}})/(\d{{4}}|\d{{2}})(?![\w/]|[.,]\d)")  # 03/04 alone: a score?
_TIME = re.compile(rf"{_EDGE}(?:(las)\s+)?(\d{{1,2}})(?:[.:](\d{{2}}))?"
                   r"(?:\s*([ap])\.\s+m\.|\s*(horas)\b|(?<=\d)(?![\d:]|[.,]\d))")

_TIME_WORDS = re.compile(r"\blas\s+\d|\d\s*horas\b|\d\s*[ap]\.\s+m\.")


@dataclass(frozen=True)
class DateForm:
    """A Spanish-style date found in English text: its span, day, month and year (if written)."""

    span: Span
    text: str
    readings: tuple[tuple[int, int], ...]  # (month, day) pairs it may mean, the Spanish (day-first) one first
    year: str | None


def spanish_dates(text: str) -> list[DateForm]:
    """Spanish-style dates in (English) text, left to right, none overlapping."""
    found: list[DateForm] = []
    taken: list[Span] = []

    def add(m: re.Match[str], readings: list[tuple[int, int]], year: str | None) -> None:
        if any(s.start < m.end() and m.start() < s.end for s in taken):
            return
        readings = [(mo, d) for mo, d in dict.fromkeys(readings) if 1 <= mo <= 12 and 1 <= d <= 31]
        if readings:
            taken.append(Span(m.start(), m.end()))
            found.append(DateForm(Span(m.start(), m.end()), m.group(0), tuple(readings), year))

    for m in _WORDY.finditer(text):
        add(m, [(MONTHS_ES.index(m[2].lower()) + 1, int(m[1]))], m[3])
    for m in _ABBR.finditer(text):
        add(m, [(ABBR_ES[m[2]], int(m[1]))], m[3])
    for m in _NUMERIC.finditer(text):
        a, b = int(m[1]), int(m[2])
        add(m, [(b, a), (a, b)], _full_year(m[3]))
    return sorted(found, key=lambda f: f.span.start)


def _full_year(year: str | None) -> str | None:
    if year is None or len(year) == 4:
        return year
    return ("20" if int(year) < 50 else "19") + year


def source_dates(source: str) -> set[tuple[int, int]]:
    """(month, day) of every date in the Spanish source: `12 de marzo`, `12 mar`, `12/03/2012` (day first)."""
    dates = {(int(k[1]) // 100, int(k[1]) % 100) for m in extract_es(source) for k in m.keys if k[0] == "d"}
    dates |= {d.readings[0] for d in spanish_dates(source)}
    return dates


def english_date(month: int, day: int, year: str | None, day_first: bool = False) -> str:
    """`March 12` / `March 12, 2012`, or `12 March` / `12 March 2012` when `day_first`."""
    name = MONTHS_EN[month - 1]
    if day_first:
        return f"{day} {name}" + (f" {year}" if year else "")
    return f"{name} {day}" + (f", {year}" if year else "")


def day_first(text: str) -> bool:
    """Whether the English dates already in `text` are written day first (12 March), none month first."""
    dates = [m.text for m in extract_en(text) if any(k[0] == "d" for k in m.keys)]
    return bool(dates) and all(d[:1].isdigit() for d in dates)


def english_time(minutes: float) -> str:
    """A time of day the news way: 15:05 -> `3:05 p.m.`, 9:00 -> `9 a.m.`."""
    h, mi = divmod(int(minutes), 60)
    marker = "p.m." if h >= 12 else "a.m."
    return f"{h % 12 or 12}" + (f":{mi:02d}" if mi else "") + f" {marker}"


def _time_value(m: re.Match[str]) -> float | None:
    """Minutes past midnight of a Spanish-style time (`las 3:05 p. m.`, `15.05 horas`, `las 15.05`), or None
    for what is no time or no Spanish style (`3:05 p.m.`, `15 horas` of a flight, `las 15`)."""
    las, h, mi, ampm, horas = m[1], int(m[2]), m[3], m[4], m[5]
    if ampm:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ampm.lower() == "p" else 0)
    elif not (mi and (las or horas)) and not (las and horas):
        return None
    minutes = int(mi or 0)
    return float(h * 60 + minutes) if h < 24 and minutes < 60 else None


def _time_flags(source: str | None, target: str, side: Side, taken: list[Span]) -> list[Flag]:
    times = None if source is None else {k[1] for m in extract_es(source) for k in m.keys if k[0] == "t"}
    flags = []
    for m in _TIME.finditer(target):
        value = _time_value(m)
        if value is None or any(s.start < m.end() and m.start() < s.end for s in taken):
            continue
        end = m.end() + (target[m.end():m.end() + 1] == ".")  # p.m. ends the sentence: one full stop
        right = f"; write it as '{english_time(value)}'" if times is None or value in times else \
            "; check it against the source"
        flags.append(Flag("number-format", "warning", f"'{target[m.start():end]}' is a Spanish-style time{right}",
                          side, Span(m.start(), end)))
    return flags


def check_dates(source: str | None, target: str, side: Side = "fix") -> list[Flag]:
    """`number-format` flags for Spanish-style dates and times in `target`, with the English form when certain."""
    flags: list[Flag] = []
    dates = spanish_dates(target)
    known = source_dates(source) if source is not None and dates else None
    order = bool(dates) and day_first(target)
    dateline = _DATELINE_ES.match(target)  # Lima, 3 may (EFE).-: the dateline's repair rewrites it whole
    for date in dates:
        if dateline and date.span.start < dateline.end():
            continue
        wordy = " de " in date.text
        meant = [date.readings[0]] if known is None else [r for r in date.readings if r in known]
        if not wordy and (known is None or not meant or meant[0] != date.readings[0]):
            continue  # 12 may (English), 03/04/2012 as American English writes it (month first)
        if len(meant) == 1:
            month, day = meant[0]
            right = f"; write it as '{english_date(month, day, date.year, order)}'"
        else:
            right = "; check it against the source"
        flags.append(Flag("number-format", "warning", f"'{date.text}' is a Spanish-style date{right}", side,
                          date.span))
    if _TIME_WORDS.search(target):
        flags += _time_flags(source, target, side, [f.span for f in flags if f.span is not None])
    return flags
