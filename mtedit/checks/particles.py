"""Name particles translated as words: `Ibrahim al Yaafari` -> `Ibrahim to the Yaafari`, `Luis de Guindos` ->
`Luis of Guindos`. Both name words must be in the target as in the source, the first a first name and the
last no place and no English common word: `Rajoy al Congreso` -> `Rajoy to the Congress`, `Club de Pilsen`
-> `Club of Pilsen` and `Mark Luschini de Janney` -> `Mark Luschini of Janney` are translations."""

from __future__ import annotations

import re
from typing import Literal

from mtedit.checks.lexicon import readings, word_kind
from mtedit.types import Flag, Span

_SOURCE = re.compile(r"\b([A-ZÁÉÍÓÚÑ][\w'-]+)\s+(al|del|de la|de los|de las|de|bin|ben)\s+([A-ZÁÉÍÓÚÑ][\w'-]+)")
_ENGLISH = {"to", "the", "of", "at", "from", "in", "on", "for", "a"}


def _person(first: str, last: str) -> bool:
    """A first name, then a surname that is no place and no English common word: Luis de Guindos, not Mark
    Luschini of Janney, Club de Pilsen, Rajoy al Congreso or Obama al Kremlin."""
    first_name = any("<np><ant>" in r for r in readings(first, "es") or ())
    place = any("<loc>" in r for r in readings(last, "es") or ())
    return first_name and not place and word_kind(last, "en") != "common"


def check_particles(source: str | None, target: str, side: Literal["draft", "fix"] = "fix") -> list[Flag]:
    """An error for each source name whose particle the target renders as English words."""
    if source is None:
        return []
    flags = []
    for m in _SOURCE.finditer(source):
        first, particle, last = m.groups()
        for t in re.finditer(rf"(?<!\w){re.escape(first)}\s+((?:[a-z]+\s+){{1,3}}){re.escape(last)}(?!\w)", target):
            between = t.group(1).split()
            if not set(between) <= _ENGLISH or " ".join(between) == particle or not _person(first, last):
                continue
            flags.append(Flag("name-missing", "error", f"source name '{first} {particle} {last}': '{particle}' became"
                              f" '{' '.join(between)}'; keep the name", side, Span(t.start(), t.end())))
    return flags
