"""Whether a word in the target is a misspelling of a name: close in spelling (same first letter, length
within a letter or two, half the letters in common), but no other transliteration of it (Sergyey /
Serguei, Zug / Zoug, Gaddafi / Gadafi), no feminine or masculine of it (Pepe / Pepa) and no word an English
dictionary knows (apertium's analyser; without it nothing is called misspelt)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from mtedit.checks.lexicon import readings


def unknown_english(word: str) -> bool:
    """No English dictionary reading (apertium marks an unknown word '*'); unknowable without apertium."""
    found = readings(word, "en")
    return found is not None and all(r.startswith("*") for r in found)


# spellings that differ between transliterations or languages (Sergyey / Serguei, Zug / Zoug, Abdullah / Abdalá)
_TRANSLITERATION = ((r"(.)\1", r"\1"), ("ou", "u"), ("kh", "j"), ("cz", "ch"), ("ph", "f"), ("h", ""), ("[yj]", "i"),
                    ("[kq]", "c"), ("z", "s"), ("w", "v"))


def _transliterated(word: str) -> str:
    for pattern, replacement in _TRANSLITERATION:
        word = re.sub(pattern, replacement, word)
    return word


def misspelt(a: str, b: str, word: str) -> bool:
    """Whether `word` (folded: `b`) misspells the folded word `a`; see the module docstring."""
    if not plausible(a, b) or SequenceMatcher(None, a, b).ratio() < 0.5:
        return False
    variant = SequenceMatcher(None, _transliterated(a), _transliterated(b)).ratio() >= 0.8
    gender = a[:-1] == b[:-1] and a[-1] in "aeio" and b[-1] in "aeio"  # Pepe / Pepa, Mario / Maria
    return not variant and not gender and unknown_english(word)


def plausible(a: str, b: str) -> bool:
    """The cheap part of the test: same first letter, length within a letter or two."""
    return a[:1] == b[:1] and abs(len(a) - len(b)) <= max(1, len(a) // 5)
