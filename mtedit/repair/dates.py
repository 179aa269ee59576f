"""Date and time repairs: a wrong day or month (`March 21` for `12 de marzo`) or a wrong time (`3:50 p.m.` for
`15.05 horas`) gets the source's value, written the way the target writes it (`Oct. 14th` stays abbreviated
with its suffix, `15:50` stays a 24-hour time). Only when exactly one source date (time) and one target
date (time) are left unmatched, and they share the day or the month (the hour or the minutes): one part
gone wrong, not another date. Spanish-style dates and times (`12 de marzo`) are `number-format` flags with
their English form, repaired with the other formats in `mtedit.repair.numbers`."""

from __future__ import annotations

import re
from collections.abc import Sequence

from mtedit.checks.numbers import MONTHS_EN, Mention, extract_en, extract_es
from mtedit.repair.edits import Edit
from mtedit.types import Flag

_ABBREVIATED = {1: "Jan.", 2: "Feb.", 8: "Aug.", 9: "Sept.", 10: "Oct.", 11: "Nov.", 12: "Dec."}  # AP style
_MONTH_WORD = re.compile(r"[A-Z][a-z]+\.?")
_DAY = re.compile(r"(\d{1,2})(st|nd|rd|th)?")
_CLOCK = re.compile(r"(\d{1,2})(?:([.:])(\d{2}))?(.*)", re.S)


def _values(mentions: Sequence[Mention], kind: str) -> list[tuple[Mention, set[float]]]:
    return [(m, {k[1] for k in m.keys if k[0] == kind}) for m in mentions if any(k[0] == kind for k in m.keys)]


def _lone_pair(source: str, target: str, kind: str) -> tuple[float, Mention] | None:
    """The one source value of `kind` ('d' date, 't' time) missing from the target and the one target mention
    of that kind matching no source value, or None when there are none or more than one of either."""
    src = _values(extract_es(source), kind)
    tgt = _values(extract_en(target), kind)
    src_values = set().union(*(v for _, v in src)) if src else set()
    tgt_values = set().union(*(v for _, v in tgt)) if tgt else set()
    lost = {v for _, vals in src for v in vals if v not in tgt_values}
    wrong = [m for m, vals in tgt if not vals & src_values]
    if len(lost) != 1 or len(wrong) != 1:
        return None
    return lost.pop(), wrong[0]


def _ordinal(day: int) -> str:
    return "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _month_like(month: int, written: str) -> str:
    """The month's name written as `written` writes one: in full, or abbreviated with a full stop."""
    if written.endswith(".") or len(written) <= 4 and written not in MONTHS_EN:
        return _ABBREVIATED.get(month, MONTHS_EN[month - 1])
    return MONTHS_EN[month - 1]


def _date(right: float, wrong: Mention) -> str | None:
    """`wrong` (an English date) with the source's month and day, when it shares one of them."""
    month, day = divmod(int(right), 100)
    old = next(k[1] for k in wrong.keys if k[0] == "d")
    old_month, old_day = divmod(int(old), 100)
    if month != old_month and day != old_day:
        return None  # another date, not one part gone wrong
    name = _MONTH_WORD.search(wrong.text)
    digits = _DAY.search(wrong.text)
    if name is None or digits is None:
        return None
    text = wrong.text
    parts = sorted([(name.start(), name.end(), _month_like(month, name.group(0))),
                    (digits.start(), digits.end(), f"{day}" + (_ordinal(day) if digits[2] else ""))], reverse=True)
    for start, end, new in parts:
        text = text[:start] + new + text[end:]
    return text


def _time(right: float, wrong: Mention) -> str | None:
    """`wrong` (an English time) showing the source's time, in its own style, when the hour or minutes agree."""
    hour, minute = divmod(int(right), 60)
    m = _CLOCK.fullmatch(wrong.text)
    if m is None:
        return None
    old_hour, old_minute, rest = int(m[1]), int(m[3] or 0), m[4]
    marker = re.match(r"\s*([AaPp])", rest)
    if marker:  # 3:50 p.m.
        shown = hour % 12 or 12
        rest = rest[:marker.start(1)] + ("p" if hour >= 12 else "a") + rest[marker.end(1):] if \
            marker.group(1).islower() else rest[:marker.start(1)] + ("P" if hour >= 12 else "A") + rest[marker.end(1):]
        if shown == (old_hour % 12 or 12) and minute == old_minute:
            return None  # only a.m./p.m. differ: the source may say `de la tarde`, which the checks do not read
        same = shown == (old_hour % 12 or 12) or minute == old_minute
    else:  # 15:50, 15.50 GMT; 3:50 (a 12-hour clock unless written 03:50)
        shown = hour - 12 if old_hour <= 12 < hour and not m[1].startswith("0") else hour
        same = shown == old_hour or minute == old_minute
    if not same or (m[3] is None and minute):
        return None  # another time; or minutes to add to `3 p.m.`: the form is the editor's choice
    clock = f"{shown}" + (f"{m[2]}{minute:02d}" if m[3] is not None else "")
    if m[1].startswith("0") and len(m[1]) == 2:
        clock = "0" + clock if shown < 10 else clock
    return clock + rest


def date_edits(source: str | None, target: str, flags: Sequence[Flag]) -> list[Edit]:
    """Edits for `number-changed` flags on a date or a time that one source date or time can be meant for."""
    if source is None:
        return []
    edits = []
    for flag in flags:
        if flag.kind != "number-changed" or flag.span is None:
            continue
        for kind, rewrite in (("d", _date), ("t", _time)):
            pair = _lone_pair(source, target, kind)
            if pair is None or (pair[1].span.start, pair[1].span.end) != (flag.span.start, flag.span.end):
                continue
            right = rewrite(*pair)
            if right is not None and right != pair[1].text:
                edits.append(Edit(flag.span.start, flag.span.end, right, "number", flag))
    return edits
