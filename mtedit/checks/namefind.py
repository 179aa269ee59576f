"""Finding names in text: capitalised word sequences minus stop lists, with their spans.

A name is a capitalised word sequence minus stop lists of capitalised common words (articles,
prepositions, titles, institutions) in both languages, stripped from its ends ("Según Hollande" ->
"Hollande"). A capital at the start of a sentence proves nothing, so a sentence-initial word counts only
when a lexicon says it is a name (`mtedit.checks.lexicon`).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from mtedit.checks.lexicon import Lang, is_name_word
from mtedit.checks.namelists import EXONYMS, FUNC_EN, FUNC_ES, STOP_EN, STOP_ES, TITLES_EN, TITLES_ES, fold
from mtedit.types import Span

EXONYM_KEYS = frozenset(fold(k) for k in EXONYMS)
WORD = re.compile(r"[^\W\d_](?:[\w'’.-]*[^\W_])?")
_CONNECT = {"de", "del", "la", "las", "los", "of", "the", "el", "von", "van", "bin", "al"}
ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})$")  # siglo XX, II Guerra Mundial (matches "" too: never empty)


def is_cap(word: str) -> bool:
    return word[:1].isupper()


def sentence_start(text: str, pos: int) -> bool:
    """At the start of a sentence, or of a quotation ('dijo: "Mira', 'dice, «Esto')."""
    stripped = text[:pos].rstrip(" \"'“«(¿¡-—–")
    quoted = re.search(r"[\"“«][\s¿¡]*$", text[:pos]) is not None
    return not stripped or stripped[-1] in ".:;!?" or quoted


def word_lists(lang: Lang) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    return (FUNC_ES, TITLES_ES, STOP_ES) if lang == "es" else (FUNC_EN, TITLES_EN, STOP_EN)


def name_key(word: str) -> str:
    return fold(bare(word).rstrip("."))


def similar_key(a: str, b: str) -> bool:
    """Two folded name words spelled the same or close (Gadafi / Gaddafi): same first letter, 75% alike."""
    if a == b:
        return True
    return len(a) >= 4 and len(b) >= 4 and a[0] == b[0] and SequenceMatcher(None, a, b).ratio() >= 0.75


_POSSESSIVE = re.compile(r"(?<=\w)['’]s?$")


def bare(word: str) -> str:
    """Without a possessive: "IBM's" -> "IBM", "Jones'" -> "Jones"."""
    return _POSSESSIVE.sub("", word)


def candidate_names(text: str, lang: Lang = "es") -> list[tuple[str, Span]]:
    """Capitalised word sequences that look like names, with their spans in `text`.

    Function words are stripped from the front ("Según Hollande" -> "Hollande"); a sequence needs one
    word off the stop lists, and the first word of a sentence is such a word only when the lexicon
    calls it a name ("Hollande dijo" yes, "Estreno mundial" no; "SAP Wants" stays one sequence).
    """
    func, _titles, stop = word_lists(lang)
    words = [(bare(m.group(0)), m.start(), m.start() + len(bare(m.group(0)))) for m in WORD.finditer(text)]
    names: list[tuple[str, Span]] = []
    i = 0
    while i < len(words):
        w, start, _end = words[i]
        if not is_cap(w) or name_key(w) in func:
            i += 1
            continue
        j = i + 1
        while j < len(words):
            if is_cap(words[j][0]) and text[words[j - 1][2]:words[j][1]].strip() in ("", "-"):
                j += 1
            elif (words[j][0] in _CONNECT and j + 1 < len(words) and is_cap(words[j + 1][0])
                  and text[words[j - 1][2]:words[j][1]].strip() == ""
                  and any(name_key(x[0]) not in stop for x in words[i:j])):  # not "Gobierno de | Rajoy"
                j += 2
            else:
                break
        seq = words[i:j]
        initial = sentence_start(text, start) and not (lang == "es" and name_key(w) in EXONYM_KEYS)
        if initial and len(seq) > 1 and not is_name_word(w, lang):  # "Dirige el Seguro Social"
            seq = seq[1:]
            while seq and not is_cap(seq[0][0]):
                seq = seq[1:]
            start, initial = seq[0][1], False
        if any(len(x[0]) > 1 and name_key(x[0]) not in stop and not ROMAN.match(x[0]) and not (
               x[1] == start and initial and not is_name_word(x[0], lang)) for x in seq if is_cap(x[0])):
            names.append((" ".join(x[0] for x in seq), Span(start, seq[-1][2])))
        i = j
    return names


def name_anchors(name: str, lang: Lang) -> list[str]:
    """Words of a name that show it was carried over: not function words, not titles of people."""
    func, titles, _stop = word_lists(lang)
    return [w for w in WORD.findall(name)
            if is_cap(w) and name_key(w) not in func and name_key(w) not in titles and not ROMAN.match(w)]
